// pingctl checks one URL once and exits non-zero when it is down.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/example/pinger/internal/probe"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pingctl URL")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r := probe.Check(ctx, os.Args[1])
	if r.Err != nil || r.Status >= 500 {
		fmt.Printf("down: %v (status %d)\n", r.Err, r.Status)
		os.Exit(1)
	}
	fmt.Printf("up: %d in %s\n", r.Status, r.Latency)
}
