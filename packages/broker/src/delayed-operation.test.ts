// Intent: a waiting operation (long-poll fetch, acks=all produce) wakes as soon as its partition is notified and the
// condition holds, ignores notifications that do not satisfy it, and gives up at its timeout.
import { describe, expect, it } from 'vitest';
import { awaitCondition } from './delayed-operation.js';
import { Purgatory } from './purgatory.js';

describe('awaitCondition', () => {
  it('resolves immediately when already satisfied', async () => {
    expect(await awaitCondition(new Purgatory(10), ['t:0'], 1000, () => true)).toBe(true);
  });

  it('wakes on a notification that satisfies the condition, well before the timeout', async () => {
    const purgatory = new Purgatory(10);
    let available = 0;
    const started = Date.now();
    const waiting = awaitCondition(purgatory, ['t:0'], 5000, () => available > 0);
    setTimeout(() => purgatory.notify('t:0'), 10);
    setTimeout(() => {
      available = 1;
      purgatory.notify('t:0');
    }, 30);
    expect(await waiting).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(purgatory.size).toBe(0);
  });

  it('times out when nothing arrives and leaves nothing parked', async () => {
    const purgatory = new Purgatory(10);
    const started = Date.now();
    expect(await awaitCondition(purgatory, ['t:0'], 50, () => false)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(purgatory.size).toBe(0);
  });

  it('answers at once when the purgatory is full', async () => {
    const purgatory = new Purgatory(0);
    expect(await awaitCondition(purgatory, ['t:0'], 5000, () => false)).toBe(false);
  });
});
