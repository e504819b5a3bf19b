package worker

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

func TestPoolRunsTasks(t *testing.T) {
	p := New(3, 8)
	p.IdleTick = time.Millisecond
	p.Start(context.Background())
	var ran atomic.Int64
	for i := range 20 {
		err := p.Submit(context.Background(), func(context.Context) error {
			ran.Add(1)
			switch i {
			case 3:
				return errors.New("boom")
			case 4:
				panic("task panicked")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	p.Close()
	done, failed, _ := p.Stats()
	if ran.Load() != 20 || done != 18 || failed != 2 {
		t.Errorf("ran %d, done %d, failed %d", ran.Load(), done, failed)
	}
}

func TestDo(t *testing.T) {
	v, err := Do(context.Background(), func() int { return 7 })
	if v != 7 || err != nil {
		t.Errorf("Do = %d, %v", v, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if _, err := Do(ctx, func() int { time.Sleep(20 * time.Millisecond); return 1 }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Do after deadline: %v", err)
	}
}

func TestMap(t *testing.T) {
	got := Map(context.Background(), 4, []int{1, 2, 3, 4, 5}, func(n int) int { return n * n })
	slices.Sort(got)
	if !slices.Equal(got, []int{1, 4, 9, 16, 25}) {
		t.Errorf("Map = %v", got)
	}
}

func TestBatch(t *testing.T) {
	in := make(chan int)
	var sizes []int
	done := make(chan struct{})
	go func() {
		defer close(done)
		Batch(context.Background(), in, 3, time.Hour, func(b []int) { sizes = append(sizes, len(b)) })
	}()
	for i := range 7 {
		in <- i
	}
	close(in)
	<-done
	if !slices.Equal(sizes, []int{3, 3, 1}) {
		t.Errorf("batch sizes %v", sizes)
	}
}

func BenchmarkSubmit(b *testing.B) {
	p := New(4, 256)
	p.Start(context.Background())
	defer p.Close()
	task := func(context.Context) error { return nil }
	b.ReportAllocs()
	for b.Loop() {
		if err := p.Submit(context.Background(), task); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMap(b *testing.B) {
	in := make([]int, 256)
	b.ReportAllocs()
	for b.Loop() {
		Map(context.Background(), 4, in, func(n int) int { return n + 1 })
	}
}
