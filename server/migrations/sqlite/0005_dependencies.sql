-- A release (downstream) needs another (upstream): it may ship no earlier than the upstream's
-- date plus lead_days. Removing a release removes its dependencies both ways.
CREATE TABLE dependencies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    upstream_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    downstream_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    lead_days INTEGER NOT NULL CHECK (lead_days BETWEEN 0 AND 365),
    note TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (upstream_id <> downstream_id),
    UNIQUE (downstream_id, upstream_id)
);

CREATE INDEX dependencies_by_upstream ON dependencies (upstream_id);
