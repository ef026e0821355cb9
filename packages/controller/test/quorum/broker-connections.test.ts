// Intent: the active controller's BrokerSession bookkeeping, with injected time: a broken stream makes its broker
// due after the grace unless reopened; one stream per broker (a new one ends the old, whose later break is ignored);
// takeover deadlines are cleared by a stream or a heartbeat, disconnect deadlines only by a stream; the fence
// decision skips brokers already fenced or re-registered at another epoch.
import { imageFromSnapshot, type MetadataRecord, replayAll } from '@tributary/metadata';
import { describe, expect, it } from 'vitest';
import { BrokerConnections, fenceDisconnectedBrokers } from '../../src/quorum/broker-connections.js';

function stream() {
  const ended: string[] = [];
  return { ended, end: (reason: string) => ended.push(reason) };
}

describe('BrokerConnections', () => {
  it('makes a broken, unreopened stream due after the grace, and a reopened one never', () => {
    const connections = new BrokerConnections(500);
    const a = connections.open(1, 10n, stream());
    const b = connections.open(2, 20n, stream());
    expect(connections.broken(1, a, 1000)).toBe(true);
    expect(connections.broken(2, b, 1000)).toBe(true);
    connections.open(2, 20n, stream()); // broker 2 reconnects within the grace
    expect(connections.due(1499)).toEqual([]);
    expect(connections.due(1500)).toEqual([{ brokerId: 1, epoch: 10n, why: 'disconnected' }]);
    expect(connections.due(5000)).toEqual([]);
  });

  it('keeps one stream per broker: the replaced one is ended and its break changes nothing', () => {
    const connections = new BrokerConnections(500);
    const first = stream();
    const old = connections.open(1, 10n, first);
    connections.open(1, 10n, stream());
    expect(first.ended).toHaveLength(1);
    expect(connections.broken(1, old, 0)).toBe(false);
    expect(connections.due(10_000)).toEqual([]);
    expect(connections.hasStream(1)).toBe(true);
  });

  it('clears takeover deadlines by a stream or a heartbeat, disconnect deadlines only by a stream; retire drops both', () => {
    const connections = new BrokerConnections(500);
    connections.expect(
      [1, 2, 3, 4].map((brokerId) => ({ brokerId, epoch: BigInt(brokerId) })),
      0,
      1000,
    );
    connections.open(1, 1n, stream());
    connections.heartbeat(2);
    const s4 = stream();
    const id4 = connections.open(4, 4n, s4);
    connections.broken(4, id4, 100);
    connections.heartbeat(4); // a heartbeat may predate the kill: the disconnect deadline stays
    expect(connections.nextDeadlineMs()).toBe(600);
    expect(connections.due(1000).map((d) => [d.brokerId, d.why])).toEqual([
      [3, 'no session after takeover'],
      [4, 'disconnected'],
    ]);
    const s1 = stream();
    connections.open(1, 1n, s1);
    connections.retire(1);
    expect(s1.ended).toEqual(['controlled shutdown completed']);
    expect(connections.due(10_000)).toEqual([]);
  });
});

describe('fenceDisconnectedBrokers', () => {
  it('fences only brokers still registered, unfenced, at the epoch the deadline was armed for', () => {
    const register = (brokerId: number, brokerEpoch: bigint): MetadataRecord =>
      ({
        type: 'RegisterBroker',
        brokerId,
        incarnationId: `0000000000000000000000000000000${brokerId}`,
        brokerEpoch,
        endPoints: [{ name: 'PLAINTEXT', host: 'h', port: 9092, securityProtocol: 0 }],
        rack: null,
        fenced: false,
        inControlledShutdown: false,
      }) as unknown as MetadataRecord;
    let image = imageFromSnapshot('c', [], -1n);
    image = replayAll(image, [register(1, 0n), register(2, 1n), register(3, 2n)], 0n);
    image = replayAll(image, [{ type: 'FenceBroker', id: 3, epoch: 2n } as MetadataRecord], 3n);
    const { records, response } = fenceDisconnectedBrokers(image, [
      { brokerId: 1, epoch: 0n, why: 'disconnected' },
      { brokerId: 2, epoch: 99n, why: 'disconnected' },
      { brokerId: 3, epoch: 2n, why: 'disconnected' },
      { brokerId: 4, epoch: 0n, why: 'no session after takeover' },
    ]);
    expect(response.map((d) => d.brokerId)).toEqual([1]);
    expect(records).toEqual([{ type: 'FenceBroker', id: 1, epoch: 0n }]);
  });
});
