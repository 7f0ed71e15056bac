-- Version 1: the question log and the unanswered-question log.
-- Times are UTC ISO 8601 text of one fixed width ("2026-01-02T03:04:05.000000+00:00"), so
-- comparing them as text orders them in time.

-- Every question the bot acted on. No question text here, ever: only unanswered questions
-- keep their words (see `unanswered`), and only for as long as the retention period.
CREATE TABLE questions (
    id         INTEGER PRIMARY KEY,
    asked_at   TEXT    NOT NULL,
    source     TEXT    NOT NULL CHECK (source IN ('console', 'cli', 'discord')),
    band       TEXT    NOT NULL CHECK (band IN ('answer', 'suggest', 'decline', 'safety')),
    entry_id   TEXT,            -- the entry answered, or the best candidate
    score      REAL,
    user_id    TEXT,
    channel_id TEXT
);
CREATE INDEX questions_asked_at ON questions (asked_at);
CREATE INDEX questions_user_id ON questions (user_id);

-- Questions the bot could not answer (suggested or declined): what moderators review.
CREATE TABLE unanswered (
    id            INTEGER PRIMARY KEY,
    question_id   INTEGER REFERENCES questions (id) ON DELETE SET NULL,
    text          TEXT    NOT NULL,
    best_entry_id TEXT,
    best_score    REAL,
    source        TEXT    NOT NULL,
    user_id       TEXT,
    channel_id    TEXT,
    created_at    TEXT    NOT NULL
);
CREATE INDEX unanswered_created_at ON unanswered (created_at);
CREATE INDEX unanswered_user_id ON unanswered (user_id);
