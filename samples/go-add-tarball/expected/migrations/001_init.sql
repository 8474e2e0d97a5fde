CREATE TABLE imports (
    id         BIGSERIAL PRIMARY KEY,
    source     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
