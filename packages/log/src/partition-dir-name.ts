// `<topic>-<partition>` directory names. Topic names may contain dashes and dots, so the partition
// is whatever follows the LAST dash (Kafka's UnifiedLog.parseTopicPartitionName).

/** Directory suffix Kafka uses for a partition whose deletion was started but maybe not finished. */
export const DELETE_DIR_SUFFIX = '-delete';

export function partitionDirName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

export function parsePartitionDirName(name: string): { topic: string; partition: number } | null {
  const dash = name.lastIndexOf('-');
  if (dash <= 0) return null;
  const digits = name.slice(dash + 1);
  if (!/^\d{1,10}$/.test(digits)) return null;
  const partition = Number(digits);
  if (partition > 0x7fffffff) return null;
  return { topic: name.slice(0, dash), partition };
}
