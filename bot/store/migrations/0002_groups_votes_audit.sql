-- Version 2: near-duplicate unanswered questions form groups; helpful votes; an edit audit log.

CREATE TABLE unanswered_groups (
    id                  INTEGER PRIMARY KEY,  -- short and stable: moderators say "group 12"
    status              TEXT    NOT NULL DEFAULT 'new'
                                CHECK (status IN ('new', 'resolved', 'ignored')),
    resolved_entry_id   TEXT,
    status_changed_at   TEXT,
    count               INTEGER NOT NULL DEFAULT 0,  -- member questions still stored
    first_seen          TEXT    NOT NULL,
    last_seen           TEXT    NOT NULL,
    best_entry_id       TEXT,                        -- highest-scoring candidate (latest on ties)
    best_score          REAL,
    representative_text TEXT    NOT NULL             -- the earliest member's text
);
CREATE INDEX unanswered_groups_status_count ON unanswered_groups (status, count DESC);

ALTER TABLE unanswered
    ADD COLUMN group_id INTEGER REFERENCES unanswered_groups (id) ON DELETE SET NULL;
-- Set when the asker pressed "none of these" on the suggestions.
ALTER TABLE unanswered ADD COLUMN none_of_these INTEGER NOT NULL DEFAULT 0;
CREATE INDEX unanswered_group_id ON unanswered (group_id, created_at);

-- Existing unanswered questions: one group per distinct text (case and outer spaces ignored).
-- Group ids follow first appearance, so the oldest question is group 1.
CREATE TEMP TABLE legacy_groups AS
    SELECT row_number() OVER (ORDER BY min(created_at), min(id)) AS group_id,
           lower(trim(text)) AS text_key,
           count(*) AS n,
           min(created_at) AS first_seen,
           max(created_at) AS last_seen
    FROM unanswered
    GROUP BY lower(trim(text));
CREATE INDEX temp.legacy_groups_text_key ON legacy_groups (text_key);

INSERT INTO unanswered_groups (id, count, first_seen, last_seen, representative_text)
    SELECT group_id, n, first_seen, last_seen, '' FROM legacy_groups;

UPDATE unanswered
    SET group_id = (SELECT group_id FROM legacy_groups WHERE text_key = lower(trim(text)));

UPDATE unanswered_groups SET
    representative_text = (
        SELECT text FROM unanswered u WHERE u.group_id = unanswered_groups.id
        ORDER BY u.created_at, u.id LIMIT 1),
    (best_entry_id, best_score) = (
        SELECT best_entry_id, best_score FROM unanswered u
        WHERE u.group_id = unanswered_groups.id AND u.best_entry_id IS NOT NULL
        ORDER BY u.best_score DESC, u.created_at DESC LIMIT 1);

DROP TABLE temp.legacy_groups;

-- One vote per member per answer message; a later vote replaces the earlier one.
CREATE TABLE votes (
    message_id TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    entry_id   TEXT    NOT NULL,
    helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    created_at TEXT    NOT NULL,
    PRIMARY KEY (message_id, user_id)
);
CREATE INDEX votes_created_at ON votes (created_at);
CREATE INDEX votes_user_id ON votes (user_id);

-- Who changed what, for accountability. Kept beyond the retention period and not tied to
-- groups by a foreign key: the record outlives what it describes.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    created_at TEXT    NOT NULL,
    actor      TEXT    NOT NULL,  -- moderator id/name, or 'shell'
    action     TEXT    NOT NULL,
    entry_id   TEXT,
    file       TEXT,
    group_id   INTEGER,
    details    TEXT               -- JSON object with any other details
);
CREATE INDEX audit_log_created_at ON audit_log (created_at);
