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

// produce sends every stdin record with franz-go's defaults: idempotent, acks=all, keyed records hashed to a
// partition with murmur2 like the Java client. Offsets are printed in stdin order once every record is acked.
func produce(ctx context.Context, o options) error {
	records, err := readRecords(os.Stdin, o.topic)
	if err != nil {
		return err
	}
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

	var wait sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for _, record := range records {
		wait.Add(1)
		client.Produce(ctx, record, func(_ *kgo.Record, err error) {
			defer wait.Done()
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		})
	}
	wait.Wait()
	if firstErr != nil {
		return fmt.Errorf("produce: %w", firstErr)
	}
	w := newLineWriter()
	for i, record := range records {
		if err := w.write(map[string]any{"i": i, "p": record.Partition, "o": record.Offset}); err != nil {
			return err
		}
	}
	return w.flush()
}
