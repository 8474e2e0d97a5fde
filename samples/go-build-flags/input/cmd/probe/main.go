package main

import (
	"fmt"
	"net"
	"os"
	"time"
)

// probe checks that every host:port given on the command line accepts TCP.
func main() {
	failed := 0
	for _, addr := range os.Args[1:] {
		c, err := net.DialTimeout("tcp", addr, 3*time.Second)
		if err != nil {
			fmt.Printf("DOWN %s: %v\n", addr, err)
			failed++
			continue
		}
		c.Close()
		fmt.Printf("UP   %s\n", addr)
	}
	os.Exit(failed)
}
