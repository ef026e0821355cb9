package main

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/twmb/franz-go/pkg/kgo"
)

var codecs = map[string]kgo.CompressionCodec{
	"none":   kgo.NoCompression(),
	"gzip":   kgo.GzipCompression(),
	"snappy": kgo.SnappyCompression(),
	"lz4":    kgo.Lz4Compression(),
	"zstd":   kgo.ZstdCompression(),
}

// progressEvery is how often (in acknowledged records) produce reports {"acked": n} while it runs.
const progressEvery = 1000

// produce sends every stdin record, as its line arrives, with franz-go's defaults: idempotent, acks=all, keyed
// records hashed to a partition with murmur2 like the Java client. While running it prints {"acked": n} every
// progressEvery acknowledgements; at the end, the offsets of all records in stdin order.
func produce(ctx context.Context, o options) error {
	codec, ok := codecs[o.compression]
	if !ok {
		return fmt.Errorf("unknown compression %q", o.compression)
	}
	client, err := newClient(o, kgo.RequiredAcks(kgo.AllISRAcks()), kgo.ProducerBatchCompression(codec),
		kgo.ProducerBatchMaxBytes(int32(o.batchBytesMax)))
	if err != nil {
		return err
	}
	defer client.Close()

	w := newLineWriter()
	var wait sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	acked := 0
	var records []*kgo.Record
	err = readRecords(os.Stdin, o.topic, func(record *kgo.Record) error {
		records = append(records, record)
		wait.Add(1)
		client.Produce(ctx, record, func(_ *kgo.Record, err error) {
			defer wait.Done()
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			if acked++; acked%progressEvery == 0 {
				_ = w.write(map[string]any{"acked": acked})
				_ = w.flush()
			}
		})
		return nil
	})
	wait.Wait()
	if err != nil {
		return err
	}
	if firstErr != nil {
		return fmt.Errorf("produce: %w", firstErr)
	}
	for i, record := range records {
		if err := w.write(map[string]any{"i": i, "p": record.Partition, "o": record.Offset}); err != nil {
			return err
		}
	}
	return w.flush()
}
