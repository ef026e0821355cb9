package main

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// consume reads every partition of the topic from the start with a direct (assigned, group-less) consumer until
// count records have arrived, and prints them in the order franz-go returned them (per partition: offset order).
func consume(ctx context.Context, o options) error {
	partitions, err := topicPartitions(ctx, o)
	if err != nil {
		return err
	}
	start := make(map[int32]kgo.Offset, len(partitions))
	for _, p := range partitions {
		start[p] = kgo.NewOffset().AtStart()
	}
	client, err := newClient(o, kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{o.topic: start}))
	if err != nil {
		return err
	}
	defer client.Close()

	w := newLineWriter()
	for seen := 0; seen < o.count; {
		fetches := client.PollFetches(ctx)
		if err := fetchError(fetches); err != nil {
			return err
		}
		for _, record := range fetches.Records() {
			if err := w.write(toLine(record)); err != nil {
				return err
			}
			seen++
		}
	}
	return w.flush()
}

// topicPartitions asks the cluster (Metadata through kadm) which partitions the topic has.
func topicPartitions(ctx context.Context, o options) ([]int32, error) {
	client, err := newClient(o)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	topics, err := kadm.NewClient(client).ListTopics(ctx, o.topic)
	if err != nil {
		return nil, err
	}
	detail, ok := topics[o.topic]
	if !ok || detail.Err != nil {
		return nil, fmt.Errorf("topic %s: %v", o.topic, detail.Err)
	}
	return detail.Partitions.Numbers(), nil
}

// fetchError is the first error of a poll; the context ending is an error too (the run timed out).
func fetchError(fetches kgo.Fetches) error {
	for _, e := range fetches.Errors() {
		return fmt.Errorf("fetch %s/%d: %w", e.Topic, e.Partition, e.Err)
	}
	return nil
}
