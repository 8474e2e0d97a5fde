// jsonfmt pretty-prints (or, with -c, compacts) JSON from stdin or files.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
)

var version = "dev"

func main() {
	compact := flag.Bool("c", false, "compact instead of indent")
	indent := flag.String("i", "  ", "indent string")
	showVersion := flag.Bool("version", false, "print the version")
	flag.Parse()
	if *showVersion {
		fmt.Println("jsonfmt", version)
		return
	}
	inputs := flag.Args()
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	status := 0
	for _, name := range inputs {
		if err := format(name, *compact, *indent); err != nil {
			fmt.Fprintf(os.Stderr, "jsonfmt: %s: %v\n", name, err)
			status = 1
		}
	}
	os.Exit(status)
}

func format(name string, compact bool, indent string) error {
	var src []byte
	var err error
	if name == "-" {
		src, err = io.ReadAll(os.Stdin)
	} else {
		src, err = os.ReadFile(name)
	}
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if compact {
		err = json.Compact(&out, src)
	} else {
		err = json.Indent(&out, src, "", indent)
	}
	if err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = out.WriteTo(os.Stdout)
	return err
}
