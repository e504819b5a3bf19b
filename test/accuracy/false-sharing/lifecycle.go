package falsesharing

import (
	"sync/atomic"
	"time"
)

// apiServer: started is stored once by the constructor, requests is bumped per request.
type apiServer struct { //accuracy: false-sharing no
	started  atomic.Int64
	requests atomic.Int64
}

func newAPIServer() *apiServer {
	s := &apiServer{}
	s.started.Store(time.Now().Unix())
	return s
}

func (s *apiServer) handle() { s.requests.Add(1) }

func (s *apiServer) uptime() time.Duration {
	return time.Since(time.Unix(s.started.Load(), 0))
}

// heartbeat: the constructor starts a goroutine that bumps beats while callers bump jobs.
type heartbeat struct { //accuracy: false-sharing yes
	beats atomic.Int64
	jobs  atomic.Int64
}

func newHeartbeat() *heartbeat {
	h := &heartbeat{}
	go func() {
		for range time.Tick(time.Second) {
			h.beats.Add(1)
		}
	}()
	return h
}

func (h *heartbeat) job() { h.jobs.Add(1) }
