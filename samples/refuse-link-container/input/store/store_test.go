package store

import (
	"context"
	"os"
	"testing"
)

// Needs a live database: DATABASE_URL=postgres://… go test ./...
func TestRecord(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS payments (id BIGSERIAL PRIMARY KEY, account TEXT NOT NULL, cents BIGINT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if id, err := s.Record(ctx, "acct-1", 1999); err != nil || id == 0 {
		t.Fatalf("Record: id=%d err=%v", id, err)
	}
}
