/**
 * Topic name rules, exactly Kafka's org.apache.kafka.common.internals.Topic: legal characters [a-zA-Z0-9._-],
 * at most 249 characters, not "." or "..", and '.' and '_' collide (metric names replace '.' with '_').
 */
export const TOPIC_NAME_LENGTH_MAX = 249;
const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

/** null when valid; otherwise Kafka's message for the InvalidTopicException. */
export function validateTopicName(name: string): string | null {
  if (name.length === 0) return "Topic name is illegal, it can't be empty";
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."';
  if (name.length > TOPIC_NAME_LENGTH_MAX) {
    return `Topic name is illegal, it can't be longer than ${TOPIC_NAME_LENGTH_MAX} characters, topic name: ${name}`;
  }
  if (!LEGAL_TOPIC_NAME.test(name)) {
    return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return null;
}

/** The name with '.' folded to '_': two topics with the same key would share metric names. */
export function topicCollisionKey(name: string): string {
  return name.replaceAll('.', '_');
}

export function isInternalTopic(name: string): boolean {
  return name === '__consumer_offsets' || name === '__transaction_state';
}
