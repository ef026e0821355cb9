import type { Entry, Message, NodeId, RaftConfigInput, RaftInitialState } from '../../src/index.js';
import { makeMessage, RaftCore } from '../../src/index.js';

export const bytes = (text: string) => new TextEncoder().encode(text);
export const text = (data: Uint8Array) => new TextDecoder().decode(data);
export const entries = (...spec: [term: number, index: number][]): Entry[] =>
  spec.map(([term, index]) => ({ term, index, type: 'Normal', data: bytes(`${term}/${index}`) }));

export function newCore(id: NodeId, options: Partial<RaftConfigInput> = {}, initial?: RaftInitialState): RaftCore {
  return new RaftCore({ nodeId: id, voters: [1, 2, 3], random: () => 0, ...options }, initial);
}

/** Processes every Ready as if persistence succeeded at once; returns all outbound messages in order. */
export function drain(core: RaftCore): Message[] {
  const out: Message[] = [];
  while (core.hasReady()) {
    const ready = core.ready();
    out.push(...ready.messages);
    out.push(...core.advance(ready));
  }
  return out;
}

/** Delivers messages among `cores` until nothing is left; `drop` filters messages out. Returns everything sent. */
export function settle(cores: Map<NodeId, RaftCore>, drop: (m: Message) => boolean = () => false): Message[] {
  const sent: Message[] = [];
  let queue: Message[] = [];
  for (const core of cores.values()) queue.push(...drain(core));
  for (let round = 0; round < 1000 && queue.length > 0; round++) {
    sent.push(...queue);
    const next: Message[] = [];
    for (const m of queue) {
      const core = cores.get(m.to);
      if (core === undefined || drop(m)) continue;
      core.step(m);
      next.push(...drain(core));
    }
    queue = next;
  }
  return sent;
}

export function cluster(ids: NodeId[], options: Partial<RaftConfigInput> = {}): Map<NodeId, RaftCore> {
  return new Map(ids.map((id) => [id, newCore(id, { voters: ids, ...options })]));
}

export const ofType = (messages: Message[], type: Message['type']) => messages.filter((m) => m.type === type);

/** A leader's MsgApp: `from` in `term` sends `sent` after (prevIndex, prevTerm), with leader commit `commit`. */
export function msgApp(
  from: NodeId,
  to: NodeId,
  term: number,
  [prevIndex, prevTerm]: [number, number],
  sent: Entry[],
  commit = 0,
): Message {
  return makeMessage({ type: 'MsgApp', from, to, term, index: prevIndex, logTerm: prevTerm, entries: sent, commit });
}
