// qrgen prints a text as a block of "QR-like" characters (a toy).
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	for _, r := range strings.Join(os.Args[1:], " ") {
		fmt.Printf("%08b\n", r)
	}
}
