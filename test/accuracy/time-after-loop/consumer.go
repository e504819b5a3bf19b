// Package timeafterloop holds the queue consumer and heartbeat code of a job runner.
package timeafterloop

import (
	"context"
	"errors"
	"log"
	"time"
)

// Job is a queued unit of work.
type Job struct {
	ID      string
	Payload []byte
}

// Consumer pulls jobs and runs them.
type Consumer struct {
	jobs     chan Job
	results  chan error
	idle     time.Duration
	stop     chan struct{}
	heartbit func()
}

// Run processes jobs, logging when the queue is idle.
func (c *Consumer) Run() {
	for {
		select {
		case j := <-c.jobs:
			c.handle(j)
		case <-time.After(c.idle): //accuracy: time-after-loop yes
			log.Printf("queue idle for %s", c.idle)
		case <-c.stop:
			return
		}
	}
}

func (c *Consumer) handle(j Job) { _ = j }

// Batch collects up to n jobs or whatever arrived within the flush window.
func (c *Consumer) Batch(n int, window time.Duration) []Job {
	batch := make([]Job, 0, n)
	for len(batch) < n {
		select {
		case j := <-c.jobs:
			batch = append(batch, j)
		case <-time.After(window): //accuracy: time-after-loop yes
			return batch
		}
	}
	return batch
}

// WaitResults waits for each result with a per-result timeout.
func (c *Consumer) WaitResults(n int) []error {
	errs := make([]error, 0, n)
	for i := 0; i < n; i++ {
		select {
		case err := <-c.results:
			errs = append(errs, err)
		case <-time.After(5 * time.Second): //accuracy: time-after-loop yes
			errs = append(errs, errors.New("result timeout"))
		}
	}
	return errs
}

// Heartbeat sends a heartbeat every interval until the context ends.
func (c *Consumer) Heartbeat(ctx context.Context, interval time.Duration) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval): //accuracy: time-after-loop yes
			c.heartbit()
		}
	}
}

// Forward forwards jobs to out, dropping a job if out is blocked for too long.
func Forward(in <-chan Job, out chan<- Job) {
	for j := range in {
		select {
		case out <- j:
		case <-time.After(100 * time.Millisecond): //accuracy: time-after-loop yes
			log.Printf("dropped job %s", j.ID)
		}
	}
}

// Poll polls a status function with backoff.
func Poll(ctx context.Context, check func() bool) error {
	backoff := 50 * time.Millisecond
	for !check() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff): //accuracy: time-after-loop yes
		}
		if backoff < 5*time.Second {
			backoff *= 2
		}
	}
	return nil
}

// Debounce coalesces bursts of events into one callback.
func Debounce(events <-chan string, quiet time.Duration, fire func([]string)) {
	var pending []string
	for {
		select {
		case e, ok := <-events:
			if !ok {
				return
			}
			pending = append(pending, e)
		case <-time.After(quiet): //accuracy: time-after-loop yes
			if len(pending) > 0 {
				fire(pending)
				pending = nil
			}
		}
	}
}

// RetrySend retries a send, waiting between attempts.
func RetrySend(send func() error, attempts int) error {
	var err error
	for a := 0; a < attempts; a++ {
		if err = send(); err == nil {
			return nil
		}
		<-time.After(time.Duration(a+1) * 200 * time.Millisecond) //accuracy: time-after-loop yes
	}
	return err
}

// Drain empties a channel until it has been quiet for a moment.
func Drain(ch <-chan Job) int {
	n := 0
	timeout := 10 * time.Millisecond
	for {
		deadline := time.After(timeout) //accuracy: time-after-loop yes
		select {
		case <-ch:
			n++
		case <-deadline:
			return n
		}
	}
}

// Supervise restarts a worker whenever it exits, or nudges it on timeout.
func Supervise(done <-chan error, restart func(), nudge func()) {
	for {
		select {
		case err := <-done:
			log.Printf("worker exited: %v", err)
			restart()
		case <-time.After(30 * time.Second): //accuracy: time-after-loop yes
			nudge()
		}
	}
}

// WaitOne waits once for a job, with a timeout: single-shot select.
func (c *Consumer) WaitOne(d time.Duration) (Job, bool) {
	select {
	case j := <-c.jobs:
		return j, true
	case <-time.After(d): //accuracy: time-after-loop no
		return Job{}, false
	}
}

// RunTimer uses one reusable timer.
func (c *Consumer) RunTimer() {
	t := time.NewTimer(c.idle)
	defer t.Stop()
	for {
		t.Reset(c.idle) //accuracy: time-after-loop no
		select {
		case j := <-c.jobs:
			c.handle(j)
		case <-t.C:
			log.Printf("idle")
		case <-c.stop:
			return
		}
	}
}

// Tick uses a ticker created once.
func (c *Consumer) Tick(interval time.Duration) {
	tk := time.NewTicker(interval)
	defer tk.Stop()
	for {
		select {
		case <-tk.C: //accuracy: time-after-loop no
			c.heartbit()
		case <-c.stop:
			return
		}
	}
}

// BatchDeadline uses one deadline for the whole batch, created before the loop.
func (c *Consumer) BatchDeadline(n int, window time.Duration) []Job {
	batch := make([]Job, 0, n)
	deadline := time.After(window) //accuracy: time-after-loop no
	for len(batch) < n {
		select {
		case j := <-c.jobs:
			batch = append(batch, j)
		case <-deadline:
			return batch
		}
	}
	return batch
}

// WithContext bounds the wait with a context deadline.
func (c *Consumer) WithContext(ctx context.Context, n int) []Job {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var got []Job
	for len(got) < n {
		select {
		case j := <-c.jobs:
			got = append(got, j)
		case <-ctx.Done(): //accuracy: time-after-loop no
			return got
		}
	}
	return got
}

// SleepLoop paces a loop with time.Sleep, which allocates no channel.
func SleepLoop(jobs []Job, run func(Job)) {
	for _, j := range jobs {
		run(j)
		time.Sleep(10 * time.Millisecond) //accuracy: time-after-loop no
	}
}

// Schedule registers a callback per job with AfterFunc; each is meant to fire.
func Schedule(jobs []Job, delay time.Duration, run func(Job)) []*time.Timer {
	timers := make([]*time.Timer, 0, len(jobs))
	for _, j := range jobs {
		timers = append(timers, time.AfterFunc(delay, func() { run(j) })) //accuracy: time-after-loop no
	}
	return timers
}

// Elapsed logs durations in a loop; time.Since is not a timer.
func Elapsed(jobs []Job, run func(Job)) {
	for _, j := range jobs {
		start := time.Now()
		run(j)
		log.Printf("job %s took %s", j.ID, time.Since(start)) //accuracy: time-after-loop no
	}
}

// StartWatchers starts one goroutine per watcher; each does a single-shot wait.
func StartWatchers(chs []chan Job, d time.Duration) {
	for _, ch := range chs {
		go func() {
			select {
			case <-ch:
			case <-time.After(d): //accuracy: time-after-loop no
				log.Printf("watcher timed out")
			}
		}()
	}
}

// Expiry computes deadlines; AddDate/Add are not timers.
func Expiry(jobs []Job, ttl time.Duration) map[string]time.Time {
	now := time.Now()
	exp := make(map[string]time.Time, len(jobs))
	for _, j := range jobs {
		exp[j.ID] = now.Add(ttl) //accuracy: time-after-loop no
	}
	return exp
}
