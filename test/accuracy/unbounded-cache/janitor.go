package unboundedcache

import (
	"sync"
	"time"
)

type swapCache struct {
	mu sync.Mutex
	m  map[string]string
}

// newSwapCache starts a janitor that swaps the map out every minute.
func newSwapCache() *swapCache {
	c := &swapCache{m: map[string]string{}}
	go func() {
		for range time.Tick(time.Minute) {
			c.mu.Lock()
			c.m = map[string]string{}
			c.mu.Unlock()
		}
	}()
	return c
}

func (c *swapCache) get(k string, load func() string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[k]; ok {
		return v
	}
	v := load()
	c.m[k] = v //accuracy: unbounded-cache no
	return v
}
