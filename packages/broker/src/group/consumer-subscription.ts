/**
 * The topics a "consumer" protocol member subscribed to, read from its ConsumerProtocolSubscription metadata
 * (int16 version, then the versioned body). Used by OffsetDelete (GROUP_SUBSCRIBED_TO_TOPIC) and offset expiry
 * (KIP-496). Undecodable metadata yields null: the caller must then assume every topic is subscribed.
 */
import { ConsumerProtocolSubscriptionSchema, decodeMessage } from '@tributary/protocol';
import { type ClassicGroup, CONSUMER_PROTOCOL_TYPE } from './classic-group.js';

const MAX_SUBSCRIPTION_VERSION = 3;

export function subscribedTopics(metadata: Buffer): string[] | null {
  if (metadata.length < 2) return null;
  // Newer clients may send a higher version; its prefix is still readable as the newest one we know (Kafka does so).
  const version = Math.min(metadata.readInt16BE(0), MAX_SUBSCRIPTION_VERSION);
  if (version < 0) return null;
  try {
    return decodeMessage<{ topics: string[] }>(ConsumerProtocolSubscriptionSchema, version, metadata, 2).topics;
  } catch {
    return null;
  }
}

/** Every topic some member of a consumer group subscribes to, or null when unknown (not a consumer group, or
 * metadata we cannot read). */
export function groupSubscribedTopics(group: ClassicGroup): Set<string> | null {
  if (group.protocolType !== CONSUMER_PROTOCOL_TYPE || group.protocolName === null) return null;
  const topics = new Set<string>();
  for (const member of group.members.values()) {
    const found = member.protocols.find((p) => p.name === group.protocolName);
    const memberTopics = found === undefined ? null : subscribedTopics(found.metadata);
    if (memberTopics === null) return null;
    for (const topic of memberTopics) topics.add(topic);
  }
  return topics;
}
