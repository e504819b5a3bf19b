package edge

import "testing"

type testOnly struct {
	a bool
	b int64
	c bool
}

func TestNothing(t *testing.T) { _ = testOnly{} }
