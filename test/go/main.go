// Command franz-check drives franz-go (github.com/twmb/franz-go) against a Tributary cluster for the e2e tests in
// test/e2e/franz-go.test.ts. Every subcommand speaks JSON lines (records.go) so the test can compare bytes exactly.
//
//	produce        -brokers B -topic T [-compression C -batch-bytes-max B]  stdin: records to produce; stdout: {"i","p","o"} per acked record
//	consume        -brokers B -topic T -count N   assigned (direct) consumer of every partition from the start
//	group          -brokers B -topic T -group G   group consumer; commits what it prints; leaves on stdin EOF
//	               [-poll-records-max N -poll-delay-ms D -fetch-partition-bytes-max B -instance-id I]
//	create-topic   -brokers B -topic T -partitions P -replication-factor R [-config k=v]
//	list-offsets   -brokers B -topic T            {"p","start","end"} per partition
//	describe-configs -brokers B -topic T          {"key","value","source"} per config
//	committed      -brokers B -group G            {"t","p","o"} per committed offset
//	offsets-for-time -brokers B -topic T -timestamp MS  {"p","o","t"}: first record at or after MS (ListOffsets)
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// runTimeout bounds every subcommand, so a broker that never answers fails the test instead of hanging it.
const runTimeout = 3 * time.Minute

type options struct {
	brokers     string
	topic       string
	group       string
	count       int
	timestampMs int64
	partitions  int
	rf          int
	configs     configFlags
	// compression is the producer's codec: none, gzip, snappy (franz-go's default), lz4 or zstd.
	compression string
	// pollRecordsMax and pollDelayMs slow a group member down, so a rebalance lands while it is still reading.
	pollRecordsMax int
	pollDelayMs    int
	// batchBytesMax and fetchPartitionBytesMax keep batches and fetches small, so a slow member reads every
	// partition a little at a time instead of one whole partition after another.
	batchBytesMax          int
	fetchPartitionBytesMax int
	// instanceID makes a group member static (KIP-345): a restart within the session timeout keeps its assignment.
	instanceID string
}

type configFlags []string

func (c *configFlags) String() string     { return strings.Join(*c, ",") }
func (c *configFlags) Set(v string) error { *c = append(*c, v); return nil }

func main() {
	if len(os.Args) < 2 {
		fail(fmt.Errorf("usage: franz-check <subcommand> [flags]"))
	}
	command := os.Args[1]
	var o options
	flags := flag.NewFlagSet(command, flag.ExitOnError)
	flags.StringVar(&o.brokers, "brokers", "127.0.0.1:9092", "bootstrap servers, comma separated")
	flags.StringVar(&o.topic, "topic", "", "topic")
	flags.StringVar(&o.group, "group", "", "consumer group id")
	flags.IntVar(&o.count, "count", 0, "records to consume before exiting")
	flags.Int64Var(&o.timestampMs, "timestamp", 0, "epoch milliseconds to look offsets up at")
	flags.IntVar(&o.partitions, "partitions", 1, "partitions of a created topic")
	flags.IntVar(&o.rf, "replication-factor", 1, "replication factor of a created topic")
	flags.Var(&o.configs, "config", "topic config key=value (repeatable)")
	flags.StringVar(&o.compression, "compression", "snappy", "producer codec: none, gzip, snappy, lz4, zstd")
	flags.IntVar(&o.pollRecordsMax, "poll-records-max", 0, "records per poll of a group member (0: all buffered)")
	flags.IntVar(&o.pollDelayMs, "poll-delay-ms", 0, "pause after each poll of a group member")
	flags.StringVar(&o.instanceID, "instance-id", "", "group.instance.id of a static group member")
	flags.IntVar(&o.batchBytesMax, "batch-bytes-max", 1<<20, "producer batch size bound")
	flags.IntVar(&o.fetchPartitionBytesMax, "fetch-partition-bytes-max", 1<<20, "group member fetch bound per partition")
	if err := flags.Parse(os.Args[2:]); err != nil {
		fail(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()

	var err error
	switch command {
	case "produce":
		err = produce(ctx, o)
	case "consume":
		err = consume(ctx, o)
	case "group":
		err = consumeGroup(ctx, o)
	case "create-topic":
		err = createTopic(ctx, o)
	case "list-offsets":
		err = listOffsets(ctx, o)
	case "describe-configs":
		err = describeConfigs(ctx, o)
	case "committed":
		err = committed(ctx, o)
	case "offsets-for-time":
		err = offsetsForTime(ctx, o)
	default:
		err = fmt.Errorf("unknown subcommand %q", command)
	}
	if err != nil {
		fail(err)
	}
}

// newClient is franz-go with its defaults plus extra; FRANZ_CHECK_LOG=debug|info|warn logs the client's requests,
// versions and retries on stderr, for a failure that needs them.
func newClient(o options, extra ...kgo.Opt) (*kgo.Client, error) {
	opts := append([]kgo.Opt{kgo.SeedBrokers(strings.Split(o.brokers, ",")...)}, extra...)
	levels := map[string]kgo.LogLevel{"debug": kgo.LogLevelDebug, "info": kgo.LogLevelInfo, "warn": kgo.LogLevelWarn}
	if level, ok := levels[os.Getenv("FRANZ_CHECK_LOG")]; ok {
		opts = append(opts, kgo.WithLogger(kgo.BasicLogger(os.Stderr, level, nil)))
	}
	return kgo.NewClient(opts...)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "franz-check: %v\n", err)
	os.Exit(1)
}
