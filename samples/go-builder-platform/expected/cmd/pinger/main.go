package main

import (
	"fmt"
	"net"
	"os"
	"time"
)

func main() {
	for _, host := range os.Args[1:] {
		start := time.Now()
		conn, err := net.DialTimeout("tcp", host, 2*time.Second)
		if err != nil {
			fmt.Printf("%s: down (%v)\n", host, err)
			continue
		}
		conn.Close()
		fmt.Printf("%s: up in %s\n", host, time.Since(start))
	}
}
