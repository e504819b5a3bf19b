package fmthotloop

import (
	"errors"
	"fmt"
	"log"
)

// Validate checks a batch of samples; it formats only the one that fails, on the way out.
func Validate(samples []Sample, maxLen int) error {
	for i, s := range samples {
		if s.Name == "" {
			return fmt.Errorf("sample %d has no name", i)
		}
		if len(s.Name) > maxLen {
			msg := fmt.Sprintf("sample %s: name too long", s.Name) //accuracy: fmt-hot-loop no
			return errors.New(msg)
		}
		if s.Value < 0 {
			panic(fmt.Sprint("negative sample ", s.Name)) //accuracy: fmt-hot-loop no
		}
	}
	return nil
}

// MustLabels builds the label of every sample, and dies on the first bad one.
func MustLabels(samples []Sample) []string {
	out := make([]string, 0, len(samples))
	for _, s := range samples {
		if s.Name == "" {
			log.Fatalf("unnamed sample: %v", s)
		}
		out = append(out, fmt.Sprintf("%s", s.Name)) //accuracy: fmt-hot-loop yes
	}
	return out
}
