package falsesharing

import "sync/atomic"

// BatchStats belongs to one upload batch: the uploader goroutine bumps both counters, through
// their accessors, as each chunk goes out. Readers snapshot them with the getters.
type BatchStats struct { //accuracy: false-sharing no
	Chunks int64
	Bytes  int64
}

func (s *BatchStats) AddChunks(n int64) int64 { return atomic.AddInt64(&s.Chunks, n) }

func (s *BatchStats) AddBytes(n int64) int64 {
	return atomic.AddInt64(&s.Bytes, n)
}

func (s *BatchStats) Snapshot() (chunks, bytes int64) {
	return atomic.LoadInt64(&s.Chunks), atomic.LoadInt64(&s.Bytes)
}

func uploadChunk(s *BatchStats, chunk []byte) {
	s.AddChunks(1)
	s.AddBytes(int64(len(chunk)))
}

// retryStats counts retries and give-ups from different code paths, each on whichever
// goroutine failed: independent writers of one line.
type retryStats struct { //accuracy: false-sharing yes
	retries atomic.Int64
	giveUps atomic.Int64
}

func (r *retryStats) retried() { r.retries.Add(1) }
func (r *retryStats) gaveUp()  { r.giveUps.Add(1) }

func send(r *retryStats, attempt func() error) error {
	for i := 0; i < 3; i++ {
		if err := attempt(); err == nil {
			return nil
		}
		r.retried()
	}
	r.gaveUp()
	return errGaveUp
}

var errGaveUp = errorString("gave up")

type errorString string

func (e errorString) Error() string { return string(e) }
