/** Who sent a request, as the group coordinator records it for DescribeGroups (Kafka's clientId and "/host"). */
export interface RequestInfo {
  readonly clientId: string;
  readonly clientHost: string;
}
