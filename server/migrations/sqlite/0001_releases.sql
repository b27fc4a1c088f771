-- Teams and their releases. Dates are ISO-8601 text (YYYY-MM-DD), instants RFC 3339 UTC text.
CREATE TABLE teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    colour TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE releases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    kind TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    target_date TEXT NOT NULL,
    window_end TEXT,
    status TEXT NOT NULL,
    is_public BOOLEAN NOT NULL DEFAULT FALSE,
    owner TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    date_moved_at TEXT
);

CREATE INDEX releases_by_target ON releases (target_date);
CREATE INDEX releases_by_team ON releases (team_id, target_date);
