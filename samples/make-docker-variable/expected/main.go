package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("tallyd: counting", len(os.Args)-1, "arguments")
}
