#!/usr/bin/env python3
"""confluent-kafka-python (Debian's 1.7.0 on the system librdkafka) against a Tributary cluster, for the e2e tests
in test/e2e/confluent-python.test.ts. The subcommands and their JSON lines are those of test/go (franz-check), so
both tests compare bytes the same way: keys, values and header values are base64.

  produce          --brokers B --topic T [--compression C --batch-bytes-max B]   stdin: records; stdout: {"i","p","o"} per acked record
  consume          --brokers B --topic T --count N   assigned (direct) consumer of every partition from the start
  group            --brokers B --topic T --group G   subscribe(); commits what it prints; leaves on stdin EOF
                   [--poll-records-max N --poll-delay-ms D --fetch-partition-bytes-max B --instance-id I]
  create-topic     --brokers B --topic T --partitions P --replication-factor R [--config k=v]
  list-topics      --brokers B                       {"topic","partitions"} per topic (Metadata)
  list-offsets     --brokers B --topic T             {"p","start","end"} per partition (watermarks)
  describe-configs --brokers B --topic T             {"key","value","source"} per config
  committed        --brokers B --topic T --group G   {"t","p","o"} per partition (OffsetFetch)
  offsets-for-time --brokers B --topic T --timestamp MS   {"p","o"}: first offset at or after MS (ListOffsets)
"""
import argparse
import base64
import ctypes
import json
import queue
import sys
import threading
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, ConfigSource, NewTopic

# Every wait is bounded, so a broker that never answers fails the test instead of hanging it.
TIMEOUT_S = 60.0
RUN_DEADLINE_S = 180.0


def b64(data):
    return None if data is None else base64.b64encode(data).decode("ascii")


def unb64(text):
    return None if text is None else base64.b64decode(text)


def emit(value):
    sys.stdout.write(json.dumps(value, separators=(",", ":")) + "\n")


def record_line(msg):
    return {
        "p": msg.partition(),
        "o": msg.offset(),
        "t": msg.timestamp()[1],
        "k": b64(msg.key()),
        "v": b64(msg.value()),
        "h": [{"k": k, "v": b64(v)} for k, v in headers_of(msg)],
    }


def headers_of(msg):
    """msg.headers() of confluent-kafka-python < 1.8.2 puts None in a header tuple without taking a reference to it
    (confluentinc/confluent-kafka-python#1191), so a null header value ends in "Fatal Python error: deallocating
    None". The missing reference is taken here, once per None handed out; on a fixed version that is one reference
    too many on an object that is never freed anyway."""
    headers = msg.headers() or []
    for _, value in headers:
        if value is None:
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    return headers


def check_deadline(started):
    if time.monotonic() - started > RUN_DEADLINE_S:
        raise RuntimeError(f"not done within {RUN_DEADLINE_S} s")


# How often (in acknowledged records) produce reports {"acked": n} while it runs.
PROGRESS_EVERY = 1000


def stdin_lines():
    """stdin lines through a queue fed by a thread, so the producer serves delivery reports while a line is awaited;
    None marks the end."""
    lines = queue.Queue()

    def pump():
        for line in sys.stdin:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def produce(args):
    """Idempotent, acks=all; each stdin record is produced as its line arrives, {"acked": n} is printed every
    PROGRESS_EVERY acknowledgements, and the offsets of all records in stdin order once every one is acknowledged."""
    producer = Producer({"bootstrap.servers": args.brokers, "enable.idempotence": True, "acks": "all",
                         "compression.type": args.compression, "batch.size": args.batch_bytes_max})
    acked = []
    errors = []

    def delivered(index):
        def on_delivery(err, msg):
            if err is not None:
                errors.append(f"record {index}: {err}")
            else:
                acked[index] = (msg.partition(), msg.offset())
            delivered.count += 1
            if delivered.count % PROGRESS_EVERY == 0:
                emit({"acked": delivered.count})
                sys.stdout.flush()

        return on_delivery

    delivered.count = 0
    lines = stdin_lines()
    started = time.monotonic()
    while True:
        check_deadline(started)
        try:
            line = lines.get(timeout=0.05)
        except queue.Empty:
            producer.poll(0.05)
            continue
        if line is None:
            break
        if not line.strip():
            continue
        record = json.loads(line)
        index = len(acked)
        acked.append(None)
        headers = [(h["k"], unb64(h["v"])) for h in record["h"]]
        while True:
            try:
                producer.produce(args.topic, key=unb64(record["k"]), value=unb64(record["v"]), headers=headers,
                                 timestamp=record.get("t", 0), on_delivery=delivered(index))
                break
            except BufferError:  # the local queue is full: serve delivery reports, then retry
                producer.poll(0.1)
        producer.poll(0)
    remaining = producer.flush(TIMEOUT_S)
    if remaining > 0 or errors:
        raise RuntimeError(f"{remaining} records unacknowledged; errors: {errors[:5]}")
    for index, (partition, offset) in enumerate(acked):
        emit({"i": index, "p": partition, "o": offset})


def partitions_of(args):
    admin = AdminClient({"bootstrap.servers": args.brokers})
    metadata = admin.list_topics(topic=args.topic, timeout=TIMEOUT_S)
    topic = metadata.topics[args.topic]
    if topic.error is not None:
        raise KafkaException(topic.error)
    return sorted(topic.partitions)


def consume(args):
    """assign() every partition at OFFSET_BEGINNING: no group membership, no commits (the group.id is required by
    this client version's Consumer even when it never joins)."""
    consumer = Consumer({"bootstrap.servers": args.brokers, "group.id": "franz-python-direct",
                         "enable.auto.commit": False})
    consumer.assign([TopicPartition(args.topic, p, OFFSET_BEGINNING) for p in partitions_of(args)])
    started = time.monotonic()
    seen = 0
    while seen < args.count:
        check_deadline(started)
        # consume() waits out its timeout unless num_messages arrive, so it never asks for more than are left.
        for msg in consumer.consume(num_messages=min(1000, args.count - seen), timeout=1.0):
            if msg.error() is not None:
                raise KafkaException(msg.error())
            emit(record_line(msg))
            seen += 1
    consumer.close()


def consume_group(args):
    """subscribe() with the client's default assignors; offsets of every batch are committed synchronously before
    the next consume() call, which is where a rebalance can revoke partitions, so the other member resumes exactly
    after what this one printed. stdin EOF means stop: commit, close (LeaveGroup)."""
    stopped = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stopped.set()), daemon=True).start()
    config = {"bootstrap.servers": args.brokers, "group.id": args.group, "enable.auto.commit": False,
              "auto.offset.reset": "earliest", "max.partition.fetch.bytes": args.fetch_partition_bytes_max,
              # A member learns of a rebalance from its heartbeat: 500 ms instead of 3 s keeps rebalances short.
              "heartbeat.interval.ms": 500}
    if args.instance_id:
        config["group.instance.id"] = args.instance_id  # static member (KIP-345): close() does not leave
    consumer = Consumer(config)

    def on_assign(_consumer, partitions):
        emit({"assigned": sorted(p.partition for p in partitions)})
        sys.stdout.flush()

    def on_revoke(_consumer, partitions):
        emit({"revoked": sorted(p.partition for p in partitions)})
        sys.stdout.flush()

    consumer.subscribe([args.topic], on_assign=on_assign, on_revoke=on_revoke)
    started = time.monotonic()
    while not stopped.is_set():
        check_deadline(started)
        batch = consumer.consume(num_messages=args.poll_records_max or 1000, timeout=0.5)
        for msg in batch:
            if msg.error() is not None:
                raise KafkaException(msg.error())
            emit(record_line(msg))
        if batch:
            consumer.commit(asynchronous=False)
        sys.stdout.flush()
        time.sleep(args.poll_delay_ms / 1000)
    consumer.close()
    emit({"done": True})


def create_topic(args):
    configs = dict(kv.split("=", 1) for kv in args.config)
    admin = AdminClient({"bootstrap.servers": args.brokers})
    futures = admin.create_topics([NewTopic(args.topic, args.partitions, args.replication_factor, config=configs)],
                                  request_timeout=TIMEOUT_S)
    futures[args.topic].result(timeout=TIMEOUT_S)
    emit({"topic": args.topic})


def list_topics(args):
    admin = AdminClient({"bootstrap.servers": args.brokers})
    metadata = admin.list_topics(timeout=TIMEOUT_S)
    for name in sorted(metadata.topics):
        emit({"topic": name, "partitions": len(metadata.topics[name].partitions)})


def list_offsets(args):
    consumer = Consumer({"bootstrap.servers": args.brokers, "group.id": "franz-python-offsets"})
    for p in partitions_of(args):
        low, high = consumer.get_watermark_offsets(TopicPartition(args.topic, p), timeout=TIMEOUT_S)
        emit({"p": p, "start": low, "end": high})
    consumer.close()


def offsets_for_time(args):
    """offsets_for_times (ListOffsets by timestamp): per partition the first offset at or after --timestamp."""
    consumer = Consumer({"bootstrap.servers": args.brokers, "group.id": "franz-python-offsets"})
    wanted = [TopicPartition(args.topic, p, args.timestamp) for p in partitions_of(args)]
    for tp in consumer.offsets_for_times(wanted, timeout=TIMEOUT_S):
        if tp.error is not None:
            raise KafkaException(tp.error)
        emit({"p": tp.partition, "o": tp.offset})
    consumer.close()


def describe_configs(args):
    admin = AdminClient({"bootstrap.servers": args.brokers})
    resource = ConfigResource("topic", args.topic)
    entries = admin.describe_configs([resource], request_timeout=TIMEOUT_S)[resource].result(timeout=TIMEOUT_S)
    for name in sorted(entries):
        entry = entries[name]
        emit({"key": name, "value": entry.value, "source": ConfigSource(entry.source).name})


def committed(args):
    consumer = Consumer({"bootstrap.servers": args.brokers, "group.id": args.group, "enable.auto.commit": False})
    wanted = [TopicPartition(args.topic, p) for p in partitions_of(args)]
    for tp in consumer.committed(wanted, timeout=TIMEOUT_S):
        if tp.error is not None:
            raise KafkaException(tp.error)
        emit({"t": tp.topic, "p": tp.partition, "o": tp.offset})
    consumer.close()


COMMANDS = {
    "produce": produce,
    "consume": consume,
    "group": consume_group,
    "create-topic": create_topic,
    "list-topics": list_topics,
    "list-offsets": list_offsets,
    "describe-configs": describe_configs,
    "committed": committed,
    "offsets-for-time": offsets_for_time,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--brokers", default="127.0.0.1:9092")
    parser.add_argument("--topic", default="")
    parser.add_argument("--group", default="")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--timestamp", type=int, default=0)
    parser.add_argument("--instance-id", default="")
    parser.add_argument("--partitions", type=int, default=1)
    parser.add_argument("--replication-factor", type=int, default=1)
    parser.add_argument("--config", action="append", default=[])
    parser.add_argument("--compression", default="none", choices=["none", "gzip", "snappy", "lz4", "zstd"])
    # A slow group member, so a rebalance lands while it is still reading.
    parser.add_argument("--poll-records-max", type=int, default=0)
    parser.add_argument("--poll-delay-ms", type=int, default=0)
    # Small batches and fetches, so a slow member reads every partition a little at a time.
    parser.add_argument("--batch-bytes-max", type=int, default=1000000)
    parser.add_argument("--fetch-partition-bytes-max", type=int, default=1048576)
    args = parser.parse_args()
    try:
        COMMANDS[args.command](args)
    except Exception as error:  # one line on stderr and a non-zero exit, for the test's failure message
        sys.stdout.flush()
        print(f"client.py {args.command}: {error!r}", file=sys.stderr)
        sys.exit(1)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
