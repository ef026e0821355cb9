// The few Kafka requests the chaos workload needs, over the repo's own protocol codecs and the perf tools'
// KafkaConnection: every request bounded by a timeout (a frozen broker accepts connections and never answers),
// leaders found through Metadata from whichever broker answers.

/** `protocol` is @tributary/protocol's built entry, `cli` @tributary/cli's (for KafkaConnection). */
export function kafkaClient({ protocol, cli, requestTimeoutMs }) {
  const { ApiKey, ErrorCode } = protocol;

  async function open(address) {
    const [host, port] = address.split(':');
    return cli.KafkaConnection.open(host, Number(port), requestTimeoutMs);
  }

  /** One request; on timeout the connection is closed (its answer, if any, would come too late to mean anything). */
  async function request(connection, apiKey, version, body) {
    let timer;
    try {
      return await Promise.race([
        connection.send(apiKey, version, body),
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            connection.close();
            reject(new Error('request timed out'));
          }, requestTimeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Opens a connection, sends one request, closes. */
  async function once(address, apiKey, version, body) {
    const connection = await open(address);
    try {
      return await request(connection, apiKey, version, body);
    } finally {
      connection.close();
    }
  }

  /**
   * `{ partition -> { leader, replicas, isr, address } }` for `topic` as the first answering broker sees it (trying `addresses`
   * in turn), or null when none answers.
   */
  async function partitionStates(addresses, topic) {
    for (const address of addresses) {
      try {
        const response = await once(address, ApiKey.Metadata, 9, {
          topics: [{ name: topic }],
          allowAutoTopicCreation: false,
          includeTopicAuthorizedOperations: false,
        });
        const brokers = new Map(response.brokers.map((b) => [b.nodeId, `${b.host}:${b.port}`]));
        const states = new Map();
        for (const p of response.topics[0]?.partitions ?? []) {
          states.set(p.partitionIndex, {
            leader: p.leaderId,
            replicas: p.replicaNodes,
            isr: p.isrNodes,
            address: brokers.get(p.leaderId) ?? null,
          });
        }
        return states;
      } catch {
        // The next broker.
      }
    }
    return null;
  }

  async function initProducerId(address) {
    const response = await once(address, ApiKey.InitProducerId, 4, {
      transactionalId: null,
      transactionTimeoutMs: 60_000,
      producerId: -1n,
      producerEpoch: -1,
    });
    if (response.errorCode !== ErrorCode.NONE) throw new Error(protocol.errorName(response.errorCode));
    return { producerId: response.producerId, producerEpoch: response.producerEpoch };
  }

  /** One idempotent acks=all Produce of `values` to `topic`-`partition`; the partition's response. */
  async function produce(connection, { topic, partition, producer, baseSequence, values, timeoutMs }) {
    const records = protocol.encodeRecordBatchSync({
      records: values.map((value) => ({ value })),
      timestamp: Date.now(),
      producerId: producer.producerId,
      producerEpoch: producer.producerEpoch,
      baseSequence,
    });
    const response = await request(connection, ApiKey.Produce, 9, {
      transactionalId: null,
      acks: -1,
      timeoutMs,
      topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
    });
    return response.responses[0].partitionResponses[0];
  }

  /** One Fetch of `partition` from `offset` (read_uncommitted, as a consumer: up to the high watermark). */
  async function fetch(connection, { topic, partition, offset, maxBytes, maxWaitMs = 0 }) {
    const response = await request(connection, ApiKey.Fetch, 11, {
      replicaId: -1,
      maxWaitMs,
      minBytes: 1,
      maxBytes,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic,
          partitions: [
            {
              partition,
              currentLeaderEpoch: -1,
              fetchOffset: BigInt(offset),
              logStartOffset: -1n,
              partitionMaxBytes: maxBytes,
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    if (response.errorCode !== ErrorCode.NONE) throw new Error(`Fetch: ${protocol.errorName(response.errorCode)}`);
    return response.responses[0].partitions[0];
  }

  return { open, request, partitionStates, initProducerId, produce, fetch };
}

/** Partition leaders of one topic from Metadata, refreshed on demand, one refresh at a time however many ask. */
export class LeaderCache {
  states = null;
  refreshing = null;

  constructor(client, addresses, topic) {
    Object.assign(this, { client, addresses, topic });
  }

  addressOf(partition) {
    return this.states?.get(partition)?.address ?? null;
  }

  refresh() {
    this.refreshing ??= this.client.partitionStates(this.addresses, this.topic).then((states) => {
      if (states) this.states = states;
      this.refreshing = null;
    });
    return this.refreshing;
  }
}

/** The records of a Fetch response's record set at or after `fromOffset`, as { offset, value } (values as UTF-8). */
export function recordsFrom(protocol, recordSet, fromOffset) {
  const records = [];
  for (const batch of recordSet ? protocol.splitBatches(recordSet).batches : []) {
    for (const record of protocol.decodeRecordsSync(batch)) {
      const offset = Number(record.offset);
      if (offset >= fromOffset) records.push({ offset, value: record.value?.toString('utf8') ?? '' });
    }
  }
  return records;
}
