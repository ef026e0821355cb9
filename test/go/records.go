package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// maxLineBytes bounds one JSON line on stdin (a record with its headers, base64-encoded).
const maxLineBytes = 4 << 20

// header is one record header; Go's JSON encoding writes []byte as base64, so any bytes survive.
type header struct {
	Key   string `json:"k"`
	Value []byte `json:"v"`
}

// recordLine is a record as the test writes it to `produce` and reads it back from `consume` and `group`.
type recordLine struct {
	Partition int32 `json:"p"`
	Offset    int64 `json:"o"`
	// Timestamp is the record's CreateTime in epoch milliseconds; 0 on input lets the client stamp it.
	Timestamp int64    `json:"t"`
	Key       []byte   `json:"k"`
	Value     []byte   `json:"v"`
	Headers   []header `json:"h"`
}

// readRecords hands each stdin record to each as soon as its line arrives, so a test can produce part of its
// records, act on the cluster, and go on with the same producer.
func readRecords(in io.Reader, topic string, each func(*kgo.Record) error) error {
	scanner := bufio.NewScanner(in)
	scanner.Buffer(make([]byte, 64<<10), maxLineBytes)
	for scanner.Scan() {
		var line recordLine
		if err := json.Unmarshal(scanner.Bytes(), &line); err != nil {
			return err
		}
		record := &kgo.Record{Topic: topic, Key: line.Key, Value: line.Value}
		if line.Timestamp != 0 {
			record.Timestamp = time.UnixMilli(line.Timestamp)
		}
		for _, h := range line.Headers {
			record.Headers = append(record.Headers, kgo.RecordHeader{Key: h.Key, Value: h.Value})
		}
		if err := each(record); err != nil {
			return err
		}
	}
	return scanner.Err()
}

func toLine(r *kgo.Record) recordLine {
	line := recordLine{Partition: r.Partition, Offset: r.Offset, Timestamp: r.Timestamp.UnixMilli(), Key: r.Key,
		Value: r.Value, Headers: []header{}}
	for _, h := range r.Headers {
		line.Headers = append(line.Headers, header{Key: h.Key, Value: h.Value})
	}
	return line
}

// lineWriter writes one JSON value per line to stdout, buffered (10,000 records are printed at a time).
type lineWriter struct {
	out *bufio.Writer
	enc *json.Encoder
}

func newLineWriter() *lineWriter {
	out := bufio.NewWriter(os.Stdout)
	return &lineWriter{out: out, enc: json.NewEncoder(out)}
}

func (w *lineWriter) write(v any) error { return w.enc.Encode(v) }
func (w *lineWriter) flush() error      { return w.out.Flush() }
