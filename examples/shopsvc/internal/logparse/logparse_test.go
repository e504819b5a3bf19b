package logparse

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

const sample = "2025-03-14T09:26:53Z GET /orders/SO-42 200 512 1250us client=10.0.0.7 route=/orders/{id} tenant=acme"

func TestParseLine(t *testing.T) {
	e, err := ParseLine(sample)
	if err != nil {
		t.Fatal(err)
	}
	want := Entry{
		Time: "2025-03-14T09:26:53Z", Method: "GET", Path: "/orders/SO-42",
		Client: "10.0.0.7", Route: "/orders/{id}", Attrs: "client=10.0.0.7 route=/orders/{id} tenant=acme",
		Status: 200, Bytes: 512, Duration: 1250 * time.Microsecond,
	}
	if e != want {
		t.Errorf("ParseLine:\n got %+v\nwant %+v", e, want)
	}
	for _, bad := range []string{"", "2025-03-14T09:26:53Z GET", "t GET / x 1 1ms", "t GET / 200 1 soon"} {
		if _, err := ParseLine(bad); err == nil {
			t.Errorf("ParseLine(%q): want error", bad)
		}
	}
}

func block(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(sample)
	}
	return b.String()
}

func TestAggregator(t *testing.T) {
	a := NewAggregator()
	a.AddBlock(block(3) + "\nnot a log line\n")
	ok, bad := a.Lines()
	if ok != 3 || bad != 1 {
		t.Fatalf("Lines() = %d, %d; want 3, 1", ok, bad)
	}
	snap := a.Snapshot()
	if len(snap) != 1 || snap[0].Route != "GET /orders/{id}" || snap[0].Count != 3 || snap[0].ByClass[2] != 3 {
		t.Fatalf("Snapshot() = %+v", snap)
	}
	if got := a.Tenants()["acme"]; got != 3 {
		t.Errorf("tenant acme = %d, want 3", got)
	}
	if top := a.TopRoutes(5); len(top) != 1 || top[0].Count != 3 {
		t.Errorf("TopRoutes = %v", top)
	}
	if s := a.Summary(); !strings.Contains(s, "GET /orders/{id} count=3") {
		t.Errorf("Summary() = %q", s)
	}
	var rep bytes.Buffer
	if err := a.WriteReport(&rep); err != nil || !strings.Contains(rep.String(), "/orders/SO-42") {
		t.Errorf("WriteReport() = %q, %v", rep.String(), err)
	}
}

func TestGrepAndMethodCounts(t *testing.T) {
	in := "# comment\n" + sample + "\n" + strings.Replace(sample, "GET", "POST", 1) + "\n"
	var out bytes.Buffer
	n, err := Grep(strings.NewReader(in), &out, "POST")
	if err != nil || n != 1 || !strings.HasPrefix(out.String(), "2025") {
		t.Errorf("Grep = %d, %v, %q", n, err, out.String())
	}
	counts, err := MethodCounts(strings.NewReader(in))
	if err != nil || counts != [5]int{1, 1, 0, 0, 0} {
		t.Errorf("MethodCounts = %v, %v", counts, err)
	}
}

func BenchmarkParseLine(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseLine(sample); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddBlock(b *testing.B) {
	blk := block(100)
	a := NewAggregator()
	b.ReportAllocs()
	for b.Loop() {
		a.AddBlock(blk)
	}
}

func aggregatorWithRoutes(n int) *Aggregator {
	a := NewAggregator()
	var sb strings.Builder
	for i := range n {
		sb.WriteString(strings.Replace(sample, "/orders/{id}", "/r"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('a'+i/26%26)), 1))
		sb.WriteByte('\n')
	}
	a.AddBlock(sb.String())
	return a
}

func BenchmarkSummary(b *testing.B) {
	a := aggregatorWithRoutes(200)
	b.ReportAllocs()
	for b.Loop() {
		_ = a.Summary()
	}
}

func BenchmarkWriteReport(b *testing.B) {
	a := aggregatorWithRoutes(200)
	b.ReportAllocs()
	for b.Loop() {
		if err := a.WriteReport(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGrep(b *testing.B) {
	in := block(1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Grep(strings.NewReader(in), io.Discard, "tenant=acme"); err != nil {
			b.Fatal(err)
		}
	}
}
