package main

import (
	"context"
	"errors"
	"io"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// consumeGroup joins the group (franz-go's default cooperative-sticky balancer) and prints what it is assigned and
// every record it reads. Rebalances are held off while a poll is processed and the poll's offsets are committed
// synchronously before they are allowed again, so a partition moves to the other member only after what was printed
// is committed: two members together print every record exactly once. stdin EOF means stop: the last offsets are
// committed and the member leaves the group (LeaveGroup, through Close; a static member does not send it).
const heartbeatInterval = 500 * time.Millisecond

func consumeGroup(ctx context.Context, o options) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()

	w := newLineWriter()
	var mu sync.Mutex
	emit := func(v any) {
		mu.Lock()
		defer mu.Unlock()
		_ = w.write(v)
		_ = w.flush()
	}
	partitionsOf := func(assigned map[string][]int32) []int32 {
		partitions := append([]int32{}, assigned[o.topic]...)
		sort.Slice(partitions, func(i, j int) bool { return partitions[i] < partitions[j] })
		return partitions
	}
	opts := []kgo.Opt{}
	if o.instanceID != "" {
		opts = append(opts, kgo.InstanceID(o.instanceID))
	}
	client, err := newClient(o, append(opts,
		kgo.ConsumerGroup(o.group),
		// A member learns of a rebalance from its heartbeat: 500 ms instead of 3 s keeps the tests' rebalances short.
		kgo.HeartbeatInterval(heartbeatInterval),
		kgo.ConsumeTopics(o.topic),
		kgo.DisableAutoCommit(),
		kgo.BlockRebalanceOnPoll(),
		kgo.FetchMaxPartitionBytes(int32(o.fetchPartitionBytesMax)),
		kgo.OnPartitionsAssigned(func(_ context.Context, _ *kgo.Client, assigned map[string][]int32) {
			emit(map[string]any{"assigned": partitionsOf(assigned)})
		}),
		kgo.OnPartitionsRevoked(func(_ context.Context, _ *kgo.Client, revoked map[string][]int32) {
			emit(map[string]any{"revoked": partitionsOf(revoked)})
		}),
	)...)
	if err != nil {
		return err
	}
	defer client.Close()

	for {
		fetches := client.PollRecords(ctx, o.pollRecordsMax)
		if ctx.Err() != nil {
			break
		}
		if err := fetchError(fetches); err != nil {
			return err
		}
		for _, record := range fetches.Records() {
			emit(toLine(record))
		}
		// A fresh context: the run's may end right after the poll, and these offsets must still be committed.
		if err := client.CommitUncommittedOffsets(context.Background()); err != nil {
			return err
		}
		client.AllowRebalance()
		time.Sleep(time.Duration(o.pollDelayMs) * time.Millisecond)
	}
	client.AllowRebalance()
	if err := client.CommitUncommittedOffsets(context.Background()); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	client.Close() // leaves the group, unless a static member (KIP-345: it keeps its place for the session)
	emit(map[string]any{"done": true})
	return nil
}
