// Package store persists payments in PostgreSQL.
package store

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Store wraps a connection pool.
type Store struct{ pool *pgxpool.Pool }

// Open connects to the database at url.
func Open(ctx context.Context, url string) (*Store, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, err
	}
	return &Store{pool: pool}, nil
}

// Record stores one payment and returns its id.
func (s *Store) Record(ctx context.Context, account string, cents int64) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO payments (account, cents) VALUES ($1, $2) RETURNING id`, account, cents).Scan(&id)
	return id, err
}
