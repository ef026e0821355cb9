// Intent: the Ready/advance contract holds when the caller writes asynchronously and keeps stepping messages
// between ready() and advance(): nothing is marked durable that was not in the acknowledged Ready.
import { describe, expect, it } from 'vitest';
import { entries, msgApp, newCore } from './helpers/harness.js';

describe('Ready / advance', () => {
  it('entries replaced while a Ready is being written are not taken as persisted', () => {
    const follower = newCore(2);
    follower.step(msgApp(1, 2, 1, [0, 0], entries([1, 1], [1, 2], [1, 3])));
    const first = follower.ready();
    expect(first.entries.map((e) => e.index)).toEqual([1, 2, 3]);
    // A new leader of term 2 overwrites 2..3 and adds 4 before the first write completes.
    follower.step(msgApp(3, 2, 2, [1, 1], entries([2, 2], [2, 3], [2, 4])));
    const acks = follower.advance(first);
    expect(acks.map((m) => [m.to, m.term, m.index])).toEqual([[1, 1, 3]]);
    const second = follower.ready();
    expect(second.entries.map((e) => `${e.term}/${e.index}`)).toEqual(['2/2', '2/3', '2/4']);
    expect(second.messages).toEqual([]);
    expect(follower.advance(second).map((m) => [m.to, m.term, m.index])).toEqual([[3, 2, 4]]);
  });

  it('refuses a second ready() before advance(), and an advance() of a different Ready', () => {
    const core = newCore(1);
    core.campaign();
    const ready = core.ready();
    expect(core.hasReady()).toBe(false);
    expect(() => core.ready()).toThrow(/before advance/);
    expect(() => core.advance({ ...ready, id: ready.id + 1 })).toThrow(/does not match/);
    core.advance(ready);
  });
});
