package forward

import "testing"

func TestRunBadAddress(t *testing.T) {
	if err := Run("256.0.0.1:0", "x:1"); err == nil {
		t.Fatal("expected an error")
	}
}
