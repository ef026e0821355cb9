/**
 * The CSV of `--reset-offsets --export` and `--from-file` (Kafka's CsvUtils through Jackson's CsvMapper):
 * `topic,partition,offset` lines when the command names one --group, `group,topic,partition,offset` otherwise;
 * a value is quoted (inner quotes doubled) only when it holds a comma, a quote or a line break.
 */
import { ConsumerGroupsUsageError, type TopicPartition } from './consumer-groups-client.js';
import { javaHashMapOrder, javaStringHash, topicPartitionHash } from './consumer-groups-java-order.js';

export type ResetPlan = ReadonlyMap<string, readonly (TopicPartition & { offset: bigint })[]>;

const quote = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** exportOffsetsToCsv: the rows in the plan's HashMap order (groups, then each group's partitions). */
export function formatResetPlanCsv(plan: ResetPlan, singleGroup: boolean): string {
  let text = '';
  for (const groupId of javaHashMapOrder([...plan.keys()], javaStringHash)) {
    for (const o of javaHashMapOrder(plan.get(groupId)!, (p) => topicPartitionHash(p.topic, p.partition))) {
      const fields = [...(singleGroup ? [] : [groupId]), o.topic, String(o.partition), String(o.offset)];
      text += `${fields.map(quote).join(',')}\n`;
    }
  }
  return text;
}

/** One CSV line split into fields, quotes honoured. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/**
 * parseResetPlan: three-column lines belong to the one --group (only when exactly one is given), four-column lines
 * name their group.
 */
export function parseResetPlanCsv(text: string, groups: readonly string[]): ResetPlan {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const rows = lines.map(splitCsvLine);
  const noGroup = groups.length === 1 && rows.length > 0 && rows[0].length === 3;
  const plan = new Map<string, (TopicPartition & { offset: bigint })[]>();
  rows.forEach((fields, index) => {
    if (fields.length !== (noGroup ? 3 : 4)) {
      throw new ConsumerGroupsUsageError(`Reset plan line ${index + 1} has ${fields.length} fields: ${lines[index]}`);
    }
    const [groupId, topic, partition, offset] = noGroup ? [groups[0], ...fields] : fields;
    if (!/^\d+$/.test(partition) || !/^-?\d+$/.test(offset)) {
      throw new ConsumerGroupsUsageError(
        `Reset plan line ${index + 1} has no integer partition and offset: ${lines[index]}`,
      );
    }
    const entries = plan.get(groupId) ?? [];
    const existing = entries.findIndex((e) => e.topic === topic && e.partition === Number(partition));
    const entry = { topic, partition: Number(partition), offset: BigInt(offset) };
    if (existing >= 0) entries[existing] = entry;
    else entries.push(entry);
    plan.set(groupId, entries);
  });
  return plan;
}
