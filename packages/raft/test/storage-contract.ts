import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entry, RaftStorage, Snapshot } from '../src/index.js';
import { MemoryStorage } from '../src/index.js';

export const entry = (index: number, term: number, text = `e${index}`): Entry => ({
  index,
  term,
  type: 'Normal',
  data: new TextEncoder().encode(text),
});

const snapshotAt = (index: number, term: number, text = `s${index}`): Snapshot => ({
  meta: { index, term, voters: [1, 2, 3], observers: [4] },
  data: new TextEncoder().encode(text),
});

const range = (lo: number, hi: number, term: number) =>
  Array.from({ length: hi - lo + 1 }, (_, k) => entry(lo + k, term));

/**
 * The one test suite every RaftStorage implementation must pass. `open` returns a fresh empty store; `reopen`
 * closes it and returns a store over the same durable state (for MemoryStorage, the same object).
 */
export function describeRaftStorage(
  name: string,
  open: () => Promise<RaftStorage>,
  reopen: (s: RaftStorage) => Promise<RaftStorage>,
): void {
  describe(`RaftStorage contract: ${name}`, () => {
    it('starts empty: hardState zero, firstIndex 1, lastIndex 0, term(0) = 0', async () => {
      const s = await open();
      expect(await s.hardState()).toEqual({ term: 0, vote: 0, commit: 0 });
      expect(await s.firstIndex()).toBe(1);
      expect(await s.lastIndex()).toBe(0);
      expect(await s.term(0)).toBe(0);
      expect(await s.term(1)).toBeUndefined();
      expect(await s.snapshot()).toBeNull();
      await s.close();
    });

    it('appends entries, reads ranges in index order and honours maxBytes but returns at least one entry', async () => {
      const s = await open();
      await s.append(range(1, 300, 1));
      expect(await s.lastIndex()).toBe(300);
      const read = await s.entries(255, 260);
      expect(read.map((e) => e.index)).toEqual([255, 256, 257, 258, 259]);
      expect(new TextDecoder().decode(read[0].data)).toBe('e255');
      expect((await s.entries(1, 301, 5)).length).toBe(2); // "e1" and "e2" are 2 bytes each
      expect((await s.entries(1, 301, 1)).length).toBe(1);
      expect(await s.term(300)).toBe(1);
      await s.close();
    });

    it('overwrites a suffix: writing entry i discards every stored entry >= i', async () => {
      const s = await open();
      await s.append(range(1, 10, 1));
      await s.append([entry(6, 2, 'new6'), entry(7, 2, 'new7')]);
      expect(await s.lastIndex()).toBe(7);
      expect(await s.term(8)).toBeUndefined();
      expect((await s.entries(5, 8)).map((e) => [e.index, e.term])).toEqual([
        [5, 1],
        [6, 2],
        [7, 2],
      ]);
      await expect(async () => s.append([entry(9, 2)])).rejects.toThrow(/gap/);
      await s.close();
    });

    it('stores hardState and everything survives a reopen, entry types included', async () => {
      let s = await open();
      await s.append(range(1, 4, 3));
      await s.append([{ ...entry(5, 3, '{"voters":[1,2],"observers":[3]}'), type: 'VotersChange' }]);
      await s.setHardState({ term: 3, vote: 2, commit: 4 });
      s = await reopen(s);
      expect(await s.hardState()).toEqual({ term: 3, vote: 2, commit: 4 });
      const state = await s.load();
      expect(state.entries.map((e) => e.index)).toEqual([1, 2, 3, 4, 5]);
      expect(state.entries.map((e) => e.type)).toEqual(['Normal', 'Normal', 'Normal', 'Normal', 'VotersChange']);
      expect(state.hardState.commit).toBe(4);
      await s.close();
    });

    it('compacts with a snapshot of a stored entry: earlier entries go, later ones stay', async () => {
      let s = await open();
      await s.append(range(1, 10, 2));
      await s.saveSnapshot(snapshotAt(6, 2));
      expect(await s.firstIndex()).toBe(7);
      expect(await s.lastIndex()).toBe(10);
      expect(await s.term(6)).toBe(2);
      expect(await s.term(5)).toBeUndefined();
      await expect(async () => s.entries(5, 8)).rejects.toThrow(/compacted/);
      s = await reopen(s);
      expect(await s.firstIndex()).toBe(7);
      const state = await s.load();
      expect(state.snapshot?.meta.index).toBe(6);
      expect(new TextDecoder().decode(state.snapshot?.data)).toBe('s6');
      expect(state.entries.map((e) => e.index)).toEqual([7, 8, 9, 10]);
      await s.close();
    });

    it('installs a leader snapshot that conflicts with or runs past the log by replacing the whole log', async () => {
      const s = await open();
      await s.append(range(1, 5, 1));
      await s.saveSnapshot(snapshotAt(20, 4));
      expect(await s.firstIndex()).toBe(21);
      expect(await s.lastIndex()).toBe(20);
      expect(await s.term(20)).toBe(4);
      await s.append([entry(21, 4)]);
      expect(await s.lastIndex()).toBe(21);
      await s.saveSnapshot(snapshotAt(10, 1));
      expect((await s.snapshot())?.meta.index).toBe(20);
      await s.close();
    });

    it('writeReady persists snapshot, entries and hardState of one Ready together', async () => {
      let s = await open();
      await s.append(range(1, 3, 1));
      await s.writeReady({
        snapshot: snapshotAt(8, 2),
        entries: range(9, 10, 2),
        hardState: { term: 2, vote: 1, commit: 9 },
      });
      s = await reopen(s);
      const state = await s.load();
      expect(state.snapshot?.meta.index).toBe(8);
      expect(state.entries.map((e) => [e.index, e.term])).toEqual([
        [9, 2],
        [10, 2],
      ]);
      expect(state.hardState).toEqual({ term: 2, vote: 1, commit: 9 });
      await s.close();
    });

    it('agrees with the reference MemoryStorage on random operation sequences (property)', async () => {
      const op = fc.oneof(
        fc.record({ kind: fc.constant('append' as const), back: fc.nat(4), count: fc.integer({ min: 1, max: 4 }) }),
        fc.record({ kind: fc.constant('snapshot' as const), back: fc.nat(6) }),
        fc.record({ kind: fc.constant('hardState' as const), commit: fc.nat(50) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 15 }), async (ops) => {
          const s = await open();
          const model = new MemoryStorage();
          let term = 1;
          for (const o of ops) {
            if (o.kind === 'append') {
              term++;
              const first = Math.max(model.firstIndex(), model.lastIndex() + 1 - o.back);
              const es = range(first, first + o.count - 1, term);
              model.append(es);
              await s.append(es);
            } else if (o.kind === 'snapshot') {
              const index = model.lastIndex() - o.back;
              if (index < model.firstIndex()) continue;
              const snap = snapshotAt(index, model.term(index) as number);
              model.saveSnapshot(snap);
              await s.saveSnapshot(snap);
            } else {
              // The hardState goes through writeReady together with one more entry, like a follower's Ready.
              const hs = { term, vote: 1, commit: o.commit };
              const es = [entry(model.lastIndex() + 1, term)];
              model.writeReady({ snapshot: null, entries: es, hardState: hs });
              await s.writeReady({ snapshot: null, entries: es, hardState: hs });
            }
          }
          expect(await s.firstIndex()).toBe(model.firstIndex());
          expect(await s.lastIndex()).toBe(model.lastIndex());
          const got = await s.load();
          const want = model.load();
          expect(got.hardState).toEqual(want.hardState);
          expect(got.entries.map((e) => [e.index, e.term])).toEqual(want.entries.map((e) => [e.index, e.term]));
          expect(got.snapshot?.meta ?? null).toEqual(want.snapshot?.meta ?? null);
          await s.close();
        }),
        { numRuns: 25 },
      );
    });
  });
}
