// Package probe checks that HTTP endpoints answer.
package probe

import (
	"context"
	"net/http"
	"time"
)

// Result is the outcome of one check.
type Result struct {
	URL     string
	Status  int
	Latency time.Duration
	Err     error
}

// Check sends a GET to url and reports the status and how long it took.
func Check(ctx context.Context, url string) Result {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Result{URL: url, Err: err}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Result{URL: url, Err: err, Latency: time.Since(start)}
	}
	resp.Body.Close()
	return Result{URL: url, Status: resp.StatusCode, Latency: time.Since(start)}
}
