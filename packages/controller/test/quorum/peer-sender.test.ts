// Intent: a PeerSender delivers in order with one RPC in flight, drops beyond its bound, and after a failure drops
// what is queued and pauses (backoff) instead of buffering for a dead peer.
import { type Message, makeMessage } from '@tributary/raft';
import { describe, expect, it } from 'vitest';
import { PeerSender } from '../../src/quorum/peer-sender.js';
import { logger } from './cluster-fixture.js';

const heartbeat = (term: number) => makeMessage({ type: 'MsgHeartbeat', from: 1, to: 2, term });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PeerSender', () => {
  it('delivers in order, one at a time, and drops beyond the queue bound', async () => {
    const delivered: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const sender = new PeerSender(
      2,
      async (m: Message) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await tick();
        delivered.push(m.term);
        inFlight--;
      },
      logger,
      4,
    );
    for (let term = 1; term <= 10; term++) sender.send(heartbeat(term));
    for (let i = 0; i < 20; i++) await tick();
    // The first message left the queue at once; four more fit in it, the other five were dropped.
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(sender.dropped).toBe(5);
    expect(maxInFlight).toBe(1);
  });

  it('drops the queue after a failure and refuses messages during the backoff', async () => {
    let now = 0;
    let fail = true;
    const delivered: number[] = [];
    const sender = new PeerSender(
      2,
      async (m: Message) => {
        await tick();
        if (fail) throw new Error('unavailable');
        delivered.push(m.term);
      },
      logger,
      16,
      () => now,
    );
    sender.send(heartbeat(1));
    sender.send(heartbeat(2));
    for (let i = 0; i < 5; i++) await tick();
    expect(sender.dropped).toBe(2);
    sender.send(heartbeat(3));
    expect(sender.dropped).toBe(3);
    fail = false;
    now += 1000;
    sender.send(heartbeat(4));
    for (let i = 0; i < 5; i++) await tick();
    expect(delivered).toEqual([4]);
  });
});
