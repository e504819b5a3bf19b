// Package worker runs background tasks on a fixed set of goroutines.
package worker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"example.com/shopsvc/internal/metrics"
)

// Task is a unit of background work.
type Task func(ctx context.Context) error

// ErrBusy is returned by Submit when the queue stays full for too long.
var ErrBusy = errors.New("worker: queue full")

// Pool runs tasks on a fixed number of goroutines.
type Pool struct {
	tasks chan Task
	slots []metrics.WorkerSlot
	wg    sync.WaitGroup

	// IdleTick is how long a worker waits for a task before it counts an
	// idle tick.
	IdleTick time.Duration
	// SubmitTimeout bounds how long Submit waits for queue space.
	SubmitTimeout time.Duration
}

// New returns a pool of n workers with a queue of the given length. Call
// Start to run it.
func New(n, queue int) *Pool {
	return &Pool{
		tasks:         make(chan Task, queue),
		slots:         make([]metrics.WorkerSlot, n),
		IdleTick:      time.Second,
		SubmitTimeout: 100 * time.Millisecond,
	}
}

// Start launches the workers. They stop when ctx is done or Close is called.
func (p *Pool) Start(ctx context.Context) {
	for i := range p.slots {
		p.wg.Go(func() { p.work(ctx, &p.slots[i]) })
	}
}

// Submit queues t, waiting at most SubmitTimeout for space.
func (p *Pool) Submit(ctx context.Context, t Task) error {
	select {
	case p.tasks <- t:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(p.SubmitTimeout):
		return ErrBusy
	}
}

// Close stops accepting tasks and waits for the queued ones to finish.
func (p *Pool) Close() {
	close(p.tasks)
	p.wg.Wait()
}

// Stats returns the done, failed and idle counts summed over all workers.
func (p *Pool) Stats() (done, failed, idle int64) {
	for i := range p.slots {
		done += p.slots[i].Done.Load()
		failed += p.slots[i].Failed.Load()
		idle += p.slots[i].Idle.Load()
	}
	return done, failed, idle
}

func (p *Pool) work(ctx context.Context, slot *metrics.WorkerSlot) {
	for {
		select {
		case t, ok := <-p.tasks:
			if !ok {
				return
			}
			func() {
				defer func() {
					if r := recover(); r != nil {
						slot.Failed.Add(1)
					}
				}()
				if err := t(ctx); err != nil {
					slot.Failed.Add(1)
					return
				}
				slot.Done.Add(1)
			}()
		case <-time.After(p.IdleTick):
			slot.Idle.Add(1)
		case <-ctx.Done():
			return
		}
	}
}

// Do runs fn on its own goroutine and waits for its result or for ctx. The
// result channel has room for one value, so fn can finish and exit even
// after Do has given up on it.
func Do[T any](ctx context.Context, fn func() T) (T, error) {
	res := make(chan T, 1)
	go func() { res <- fn() }()
	select {
	case v := <-res:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// Map applies fn to every input on n goroutines and returns the results in
// completion order. It stops feeding inputs when ctx is done.
func Map[In, Out any](ctx context.Context, n int, in []In, fn func(In) Out) []Out {
	src := make(chan In)
	out := make(chan Out)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for v := range src {
				out <- fn(v)
			}
		})
	}
	go func() {
		defer close(src)
		for _, v := range in {
			select {
			case src <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(out)
	}()
	var results []Out
	for r := range out {
		results = append(results, r)
	}
	return results
}

// Batch reads items from in and calls flush with up to size items at a time,
// or with what has arrived once d has passed since the first item of the
// batch. flush must not keep the slice. Batch returns when in is closed
// (after flushing the rest) or when ctx is done.
func Batch[T any](ctx context.Context, in <-chan T, size int, d time.Duration, flush func([]T)) {
	if size <= 0 {
		panic(fmt.Sprintf("worker: batch size %d", size))
	}
	timer := time.NewTimer(d)
	timer.Stop()
	defer timer.Stop()
	batch := make([]T, 0, size)
	for {
		select {
		case v, ok := <-in:
			if !ok {
				if len(batch) > 0 {
					flush(batch)
				}
				return
			}
			if len(batch) == 0 {
				timer.Reset(d)
			}
			batch = append(batch, v)
			if len(batch) == size {
				timer.Stop()
				flush(batch)
				batch = batch[:0]
			}
		case <-timer.C:
			if len(batch) > 0 {
				flush(batch)
				batch = batch[:0]
			}
		case <-ctx.Done():
			return
		}
	}
}
