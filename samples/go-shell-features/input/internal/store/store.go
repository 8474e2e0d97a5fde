package store

import "sync"

// Store keeps items in memory.
type Store struct {
	mu    sync.Mutex
	items []string
}

func New() *Store { return &Store{items: []string{"alpha", "beta"}} }

func (s *Store) List() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.items...)
}
