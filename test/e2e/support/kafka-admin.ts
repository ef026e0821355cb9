/** kafkajs helpers shared by the e2e tests. */
import { Kafka, logLevel } from 'kafkajs';

export function kafkaClient(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'e2e', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 3 } });
}

/** Creates a topic with replication factor 1; resolves to kafkajs's "created" flag. */
export async function createTopic(bootstrap: string, topic: string, numPartitions: number): Promise<boolean> {
  const admin = kafkaClient(bootstrap).admin();
  await admin.connect();
  try {
    return await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1 }] });
  } finally {
    await admin.disconnect();
  }
}
