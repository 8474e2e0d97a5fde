// Package forecast keeps the latest reading per station.
package forecast

import "sync"

// Reading is one measurement from a weather station.
type Reading struct {
	Station string  `json:"station"`
	TempC   float64 `json:"temp_c"`
	WindKmh float64 `json:"wind_kmh"`
}

// Store holds the latest reading of every station.
type Store struct {
	mu     sync.RWMutex
	latest map[string]Reading
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{latest: map[string]Reading{}} }

// Put records r as the station's latest reading.
func (s *Store) Put(r Reading) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latest[r.Station] = r
}

// Get returns the station's latest reading.
func (s *Store) Get(station string) (Reading, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.latest[station]
	return r, ok
}
