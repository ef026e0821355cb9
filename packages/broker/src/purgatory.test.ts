// Intent: parked fetches wake once when any partition they read is notified, can be cancelled, and the
// purgatory refuses to grow beyond its bound.
import { describe, expect, it } from 'vitest';
import { Purgatory } from './purgatory.js';

describe('Purgatory', () => {
  it('wakes a fetch on any of its partitions, exactly once', () => {
    const p = new Purgatory(10);
    let wakes = 0;
    p.park(['a:0', 'b:1'], () => wakes++);
    p.notify('b:1');
    p.notify('a:0');
    expect(wakes).toBe(1);
    expect(p.size).toBe(0);
  });

  it('does not wake a cancelled (timed out) fetch', () => {
    const p = new Purgatory(10);
    let wakes = 0;
    const cancel = p.park(['a:0'], () => wakes++);
    cancel!();
    p.notify('a:0');
    expect(wakes).toBe(0);
    expect(p.size).toBe(0);
  });

  it('refuses to park beyond its bound', () => {
    const p = new Purgatory(1);
    expect(p.park(['a:0'], () => {})).not.toBeNull();
    expect(p.park(['a:0'], () => {})).toBeNull();
  });
});
