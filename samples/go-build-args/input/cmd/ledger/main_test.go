package main

import "testing"

func TestDefaults(t *testing.T) {
	if version == "" || commit == "" {
		t.Fatal("empty build info")
	}
}
