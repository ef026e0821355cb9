import type { Entry, Message } from './types.js';

const decoder = new TextDecoder();

/** One-line rendering of an entry, as in etcd's traces: `term/index EntryNormal "data"`. */
export function describeEntry(entry: Entry): string {
  return `${entry.term}/${entry.index} Entry${entry.type} ${JSON.stringify(decoder.decode(entry.data))}`;
}

/** One-line rendering of a message for logs and golden traces: `1->2 MsgApp Term:1 Log:1/11 Commit:11 Entries:[...]`. */
export function describeMessage(m: Message): string {
  const parts = [`${m.from}->${m.to} ${m.type} Term:${m.term}`];
  switch (m.type) {
    case 'MsgApp':
      parts.push(`Log:${m.logTerm}/${m.index} Commit:${m.commit}`);
      if (m.entries.length > 0) parts.push(`Entries:[${m.entries.map(describeEntry).join(', ')}]`);
      break;
    case 'MsgAppResp':
      if (m.reject) parts.push(`Rejected:${m.index} Hint:${m.logTerm}/${m.rejectHint}`);
      else parts.push(`Index:${m.index}`);
      break;
    case 'MsgVote':
    case 'MsgPreVote':
      parts.push(`Log:${m.logTerm}/${m.index}`);
      if (m.transfer) parts.push('Transfer');
      break;
    case 'MsgVoteResp':
    case 'MsgPreVoteResp':
      if (m.reject) parts.push('Rejected');
      break;
    case 'MsgHeartbeat':
      parts.push(`Commit:${m.commit}`);
      break;
    case 'MsgSnap':
      if (m.snapshot !== null) parts.push(`Snapshot:${m.snapshot.meta.term}/${m.snapshot.meta.index}`);
      break;
    default:
      break;
  }
  return parts.join(' ');
}
