package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
)

func withAdmin(o options, run func(*kadm.Client, *lineWriter) error) error {
	client, err := newClient(o)
	if err != nil {
		return err
	}
	defer client.Close()
	w := newLineWriter()
	if err := run(kadm.NewClient(client), w); err != nil {
		return err
	}
	return w.flush()
}

// createTopic is kadm's CreateTopics; it prints the topic id the cluster assigned.
func createTopic(ctx context.Context, o options) error {
	configs := map[string]*string{}
	for _, kv := range o.configs {
		key, value, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("-config %q is not key=value", kv)
		}
		configs[key] = kadm.StringPtr(value)
	}
	return withAdmin(o, func(admin *kadm.Client, w *lineWriter) error {
		created, err := admin.CreateTopic(ctx, int32(o.partitions), int16(o.rf), configs, o.topic)
		if err != nil {
			return err
		}
		if created.Err != nil {
			return fmt.Errorf("create %s: %w (%s)", o.topic, created.Err, created.ErrMessage)
		}
		return w.write(map[string]any{"topic": created.Topic, "id": created.ID.String(),
			"partitions": created.NumPartitions, "rf": created.ReplicationFactor})
	})
}

// listOffsets is kadm's ListStartOffsets and ListEndOffsets (ListOffsets, earliest and latest).
func listOffsets(ctx context.Context, o options) error {
	return withAdmin(o, func(admin *kadm.Client, w *lineWriter) error {
		starts, err := admin.ListStartOffsets(ctx, o.topic)
		if err != nil {
			return err
		}
		ends, err := admin.ListEndOffsets(ctx, o.topic)
		if err != nil {
			return err
		}
		rows, err := sortedOffsets(ends)
		if err != nil {
			return err
		}
		for _, end := range rows {
			start, _ := starts.Lookup(o.topic, end.Partition)
			if err := w.write(map[string]any{"p": end.Partition, "start": start.Offset, "end": end.Offset,
				"epoch": end.LeaderEpoch}); err != nil {
				return err
			}
		}
		return nil
	})
}

// offsetsForTime is kadm's ListOffsetsAfterMilli (ListOffsets by timestamp): per partition the first record whose
// timestamp is at or after -timestamp, with that record's timestamp (offset -1 past the last one).
func offsetsForTime(ctx context.Context, o options) error {
	return withAdmin(o, func(admin *kadm.Client, w *lineWriter) error {
		listed, err := admin.ListOffsetsAfterMilli(ctx, o.timestampMs, o.topic)
		if err != nil {
			return err
		}
		rows, err := sortedOffsets(listed)
		if err != nil {
			return err
		}
		for _, l := range rows {
			// The broker answers -1 when no record is that late; kadm reports the end offset (timestamp -1) instead.
			// Printed as the broker's -1, which is what confluent-kafka's offsets_for_times reports too.
			offset := l.Offset
			if l.Timestamp == -1 {
				offset = -1
			}
			if err := w.write(map[string]any{"p": l.Partition, "o": offset, "t": l.Timestamp}); err != nil {
				return err
			}
		}
		return nil
	})
}

// sortedOffsets flattens a listing by partition; a partition that failed to list is an error.
func sortedOffsets(listed kadm.ListedOffsets) ([]kadm.ListedOffset, error) {
	if err := listed.Error(); err != nil {
		return nil, err
	}
	var rows []kadm.ListedOffset
	listed.Each(func(l kadm.ListedOffset) { rows = append(rows, l) })
	sort.Slice(rows, func(i, j int) bool { return rows[i].Partition < rows[j].Partition })
	return rows, nil
}

// describeConfigs is kadm's DescribeTopicConfigs (DescribeConfigs on the topic resource).
func describeConfigs(ctx context.Context, o options) error {
	return withAdmin(o, func(admin *kadm.Client, w *lineWriter) error {
		described, err := admin.DescribeTopicConfigs(ctx, o.topic)
		if err != nil {
			return err
		}
		config, err := described.On(o.topic, nil)
		if err != nil {
			return err
		}
		if config.Err != nil {
			return fmt.Errorf("describe %s: %w (%s)", o.topic, config.Err, config.ErrMessage)
		}
		for _, c := range config.Configs {
			if err := w.write(map[string]any{"key": c.Key, "value": c.MaybeValue(),
				"source": c.Source.String()}); err != nil {
				return err
			}
		}
		return nil
	})
}

// committed is kadm's FetchOffsets for the group (OffsetFetch), sorted by topic and partition.
func committed(ctx context.Context, o options) error {
	return withAdmin(o, func(admin *kadm.Client, w *lineWriter) error {
		offsets, err := admin.FetchOffsets(ctx, o.group)
		if err != nil {
			return err
		}
		if err := offsets.Error(); err != nil {
			return err
		}
		var rows []kadm.OffsetResponse
		offsets.Each(func(r kadm.OffsetResponse) { rows = append(rows, r) })
		sort.Slice(rows, func(i, j int) bool {
			if rows[i].Topic != rows[j].Topic {
				return rows[i].Topic < rows[j].Topic
			}
			return rows[i].Partition < rows[j].Partition
		})
		for _, r := range rows {
			if err := w.write(map[string]any{"t": r.Topic, "p": r.Partition, "o": r.At}); err != nil {
				return err
			}
		}
		return nil
	})
}
