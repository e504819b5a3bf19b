// Package fmthotloop holds the metrics exporter and cache-key code of a monitoring agent.
package fmthotloop

import (
	"fmt"
	"log"
	"sort"
	"strconv"
	"strings"
)

// Sample is one metric sample.
type Sample struct {
	Name   string
	Labels map[string]string
	Value  float64
	Count  int64
	Shard  int
}

// Keys builds cache keys per shard.
func Keys(samples []Sample) []string {
	keys := make([]string, 0, len(samples))
	for _, s := range samples {
		keys = append(keys, fmt.Sprintf("%s:%d", s.Name, s.Shard)) //accuracy: fmt-hot-loop yes
	}
	return keys
}

// ShardNames names n shards.
func ShardNames(n int) []string {
	names := make([]string, n)
	for i := 0; i < n; i++ {
		names[i] = fmt.Sprintf("%d", i) //accuracy: fmt-hot-loop yes
	}
	return names
}

// LabelPairs renders labels as k=v.
func LabelPairs(labels map[string]string) []string {
	out := make([]string, 0, len(labels))
	for k, v := range labels {
		out = append(out, fmt.Sprintf("%s=%s", k, v)) //accuracy: fmt-hot-loop yes
	}
	sort.Strings(out)
	return out
}

// Exposition writes the Prometheus-like exposition format.
func Exposition(samples []Sample) string {
	var b strings.Builder
	for _, s := range samples {
		b.WriteString(fmt.Sprint(s.Name, " ", s.Count)) //accuracy: fmt-hot-loop yes
		b.WriteByte('\n')
	}
	return b.String()
}

// CounterLines renders counters one per line.
func CounterLines(samples []Sample) []string {
	var lines []string
	for i := range samples {
		line := fmt.Sprintln(samples[i].Name, samples[i].Count) //accuracy: fmt-hot-loop yes
		lines = append(lines, line)                             //accuracy: prealloc-slice yes
	}
	return lines
}

// IDs turns counts into decimal strings.
func IDs(counts []int64) map[string]int64 {
	m := make(map[string]int64, len(counts))
	for _, c := range counts {
		m[fmt.Sprintf("%d", c)] = c //accuracy: fmt-hot-loop yes
	}
	return m
}

// HexIDs renders ids in hex.
func HexIDs(ids []uint64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = fmt.Sprintf("%x", id) //accuracy: fmt-hot-loop yes
	}
	return out
}

// Consume builds a key per streamed sample.
func Consume(ch <-chan Sample, emit func(string)) {
	for s := range ch {
		emit(fmt.Sprintf("%v", s.Value)) //accuracy: fmt-hot-loop yes
	}
}

// Paths joins path segments per sample.
func Paths(samples []Sample, prefix string) []string {
	out := make([]string, 0, len(samples))
	for _, s := range samples {
		p := fmt.Sprintf("%s/%s/%d", prefix, s.Name, s.Shard) //accuracy: fmt-hot-loop yes
		out = append(out, p)
	}
	return out
}

// Tail builds per-line keys while parsing a stream.
func Tail(next func() (string, bool), seen map[string]int) {
	n := 0
	for {
		line, ok := next()
		if !ok {
			return
		}
		n++
		seen[fmt.Sprint(n)] = len(line) //accuracy: fmt-hot-loop yes
	}
}

// Table renders an aligned table: widths are the point.
func Table(samples []Sample) []string {
	rows := make([]string, 0, len(samples))
	for _, s := range samples {
		rows = append(rows, fmt.Sprintf("%-30s %10d %8.2f", s.Name, s.Count, s.Value)) //accuracy: fmt-hot-loop no
	}
	return rows
}

// Quoted renders names quoted for a config file.
func Quoted(samples []Sample) []string {
	out := make([]string, 0, len(samples))
	for _, s := range samples {
		out = append(out, fmt.Sprintf("%q", s.Name)) //accuracy: fmt-hot-loop no
	}
	return out
}

// Percent formats a ratio with fixed precision.
func Percent(samples []Sample) []string {
	out := make([]string, 0, len(samples))
	for _, s := range samples {
		out = append(out, fmt.Sprintf("%.1f%%", s.Value*100)) //accuracy: fmt-hot-loop no
	}
	return out
}

// Summary formats once, outside any loop.
func Summary(samples []Sample) string {
	var total int64
	for _, s := range samples {
		total += s.Count
	}
	return fmt.Sprintf("%d samples, %d total", len(samples), total) //accuracy: fmt-hot-loop no
}

// Strconv uses strconv already.
func Strconv(counts []int64) []string {
	out := make([]string, len(counts))
	for i, c := range counts {
		out[i] = strconv.FormatInt(c, 10) //accuracy: fmt-hot-loop no
	}
	return out
}

// Quarters names the four quarters: a small constant trip count.
func Quarters(year int) []string {
	q := make([]string, 0, 4)
	for i := 1; i <= 4; i++ {
		q = append(q, fmt.Sprintf("%d-Q%d", year, i)) //accuracy: fmt-hot-loop no
	}
	return q
}

// Errors wraps errors in a loop; fmt.Errorf is for error values, not scalar formatting.
func Errors(errs []error) []error {
	out := make([]error, 0, len(errs))
	for i, err := range errs {
		out = append(out, fmt.Errorf("sample %d: %w", i, err)) //accuracy: fmt-hot-loop no
	}
	return out
}

// LogSkipped logs skipped samples; logging is its own concern.
func LogSkipped(samples []Sample) {
	for _, s := range samples {
		if s.Count == 0 {
			log.Printf("skipping %s", s.Name) //accuracy: fmt-hot-loop no
		}
	}
}

// PaddedIDs zero-pads ids for lexical sort; the width is the point.
func PaddedIDs(ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = fmt.Sprintf("%08d", id) //accuracy: fmt-hot-loop no
	}
	return out
}

// Debug dumps a struct with %+v, a debugging aid.
func Debug(samples []Sample) []string {
	out := make([]string, 0, len(samples))
	for _, s := range samples {
		out = append(out, fmt.Sprintf("%+v", s)) //accuracy: fmt-hot-loop no
	}
	return out
}

// Builder appends numbers to a reused buffer.
func Builder(counts []int64) string {
	buf := make([]byte, 0, 16*len(counts))
	for _, c := range counts {
		buf = strconv.AppendInt(buf, c, 10) //accuracy: fmt-hot-loop no
		buf = append(buf, ',')
	}
	return string(buf)
}

// Closures registers one formatter per sample; the Sprintf runs later, not in the loop.
func Closures(samples []Sample) []func() string {
	fs := make([]func() string, 0, len(samples))
	for _, s := range samples {
		fs = append(fs, func() string { return s.Name }) //accuracy: fmt-hot-loop no
	}
	return fs
}
