// Package store keeps bookmarks in SQLite.
package store

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
)

// Open opens (or creates) the database at path.
func Open(path string) (*sql.DB, error) { return sql.Open("sqlite3", path) }

// Add stores a bookmark.
func Add(db *sql.DB, url, title string) error {
	_, err := db.Exec(`INSERT INTO bookmarks (url, title) VALUES (?, ?)`, url, title)
	return err
}
