package bufpool

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"
)

func TestJoinAndKey(t *testing.T) {
	if got := string(Join(' ', []byte("a"), []byte("b"))); got != "a b" {
		t.Errorf("Join = %q", got)
	}
	if got := JoinString(',', "a", "b", "c"); got != "a,b,c" {
		t.Errorf("JoinString = %q", got)
	}
	if got := Key("order", "SO-1", "3"); got != "order:SO-1:3" {
		t.Errorf("Key = %q", got)
	}
}

func TestPutDropsLargeBuffers(t *testing.T) {
	b := Get()
	b.Grow(2 * MaxPooled)
	Put(b) // dropped; must not panic
	if Get().Len() != 0 {
		t.Error("Get returned a non-empty buffer")
	}
}

func TestWriteLineAndCopy(t *testing.T) {
	var out bytes.Buffer
	n, err := WriteLine(&out, func(b []byte) []byte { return strconv.AppendInt(append(b, "n="...), 42, 10) })
	if err != nil || n != 4 || out.String() != "n=42" {
		t.Errorf("WriteLine = %d, %v, %q", n, err, out.String())
	}
	out.Reset()
	if n, err := Copy(&out, strings.NewReader("hello")); err != nil || n != 5 {
		t.Errorf("Copy = %d, %v", n, err)
	}
}

func BenchmarkBufPool(b *testing.B) {
	payload := bytes.Repeat([]byte("x"), 300)
	b.Run("Buffer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf := Get()
			buf.Write(payload)
			io.Discard.Write(buf.Bytes())
			Put(buf)
		}
	})
	b.Run("WriteLine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			WriteLine(io.Discard, func(dst []byte) []byte { return append(dst, payload...) })
		}
	})
	b.Run("Key", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = Key("order", "SO-10042", "7")
		}
	})
	b.Run("JoinString", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = JoinString(':', "order", "SO-10042", "7")
		}
	})
}
