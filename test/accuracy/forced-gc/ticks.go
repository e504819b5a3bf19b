package forcedgc

import (
	"runtime"
	"time"
)

// Compactor wakes on its ticker and forces a collection each time.
func Compactor(t *time.Ticker, done <-chan struct{}) {
	for {
		<-t.C
		runtime.GC() //accuracy: forced-gc yes
		select {
		case <-done:
			return
		default:
		}
	}
}
