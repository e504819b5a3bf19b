package bytesconvloop

import (
	"bytes"
	"errors"
)

// FindHeader returns the value of the named header; it names the header in the error only on
// the way out.
func FindHeader(lines [][]byte, name string) ([]byte, error) {
	for _, l := range lines {
		if len(l) == 0 {
			return nil, errors.New("header " + string([]byte(name)) + " not found") //accuracy: bytes-conv-loop no
		}
		if bytes.HasPrefix(l, []byte(name)) { //accuracy: bytes-conv-loop yes
			return l[len(name):], nil
		}
	}
	return nil, nil
}
