// Intent: responses leave a connection in request order even when handlers finish out of order.
import { describe, expect, it } from 'vitest';
import { ResponseQueue } from './response-queue.js';

const frame = (s: string) => ({ kind: 'response' as const, frame: Buffer.from(s) });

describe('ResponseQueue', () => {
  it('holds a completed later response until the earlier one completes', () => {
    const q = new ResponseQueue();
    const first = q.enqueue();
    const second = q.enqueue();
    second(frame('b'));
    expect(q.drain()).toEqual([]);
    expect(q.size).toBe(2);
    first(frame('a'));
    expect(q.drain()).toEqual([frame('a'), frame('b')]);
    expect(q.size).toBe(0);
  });

  it('keeps acks=0 (no response) slots in order without output bytes', () => {
    const q = new ResponseQueue();
    const a = q.enqueue();
    const b = q.enqueue();
    a({ kind: 'none' });
    b(frame('b'));
    expect(q.drain()).toEqual([{ kind: 'none' }, frame('b')]);
  });

  it('refuses to complete a slot twice', () => {
    const q = new ResponseQueue();
    const a = q.enqueue();
    a({ kind: 'none' });
    expect(() => a({ kind: 'none' })).toThrow(/twice/);
  });

  it('stays correct across compaction with many requests', () => {
    const q = new ResponseQueue();
    const out: string[] = [];
    for (let i = 0; i < 5000; i++) {
      q.enqueue()(frame(String(i)));
      for (const o of q.drain()) if (o.kind === 'response') out.push(o.frame.toString());
    }
    expect(out.length).toBe(5000);
    expect(out[4999]).toBe('4999');
  });
});
