// Intent: MemoryStorage, the simulator's disk, keeps every promise of the RaftStorage contract.
import { MemoryStorage } from '../src/index.js';
import { describeRaftStorage } from './storage-contract.js';

describeRaftStorage(
  'MemoryStorage',
  async () => new MemoryStorage(),
  async (s) => s,
);
