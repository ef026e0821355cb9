/**
 * The `controllerId` clients see in Metadata and DescribeCluster. Clients send controller-bound requests (kafkajs:
 * InitProducerId, admin calls) to that id as a broker, so it must name a live broker. In KRaft the controllers are
 * not brokers (KIP-590: brokers forward), so Kafka answers with a live broker; we keep the active controller's id when
 * it is also an unfenced broker (combined mode) and otherwise name the lowest-id unfenced broker.
 */
import type { ControllerClient } from '@tributary/controller';

export function advertisedControllerId(controller: ControllerClient): number {
  const image = controller.image();
  const active = controller.activeControllerId();
  const activeBroker = image.brokers.get(active);
  if (activeBroker !== undefined && !activeBroker.fenced) return active;
  let lowest = -1;
  for (const broker of image.brokers.values()) {
    if (!broker.fenced && (lowest === -1 || broker.brokerId < lowest)) lowest = broker.brokerId;
  }
  return lowest;
}
