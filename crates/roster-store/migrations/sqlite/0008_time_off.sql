-- A person's time off (Procore Resource Planning "Time Off") and its occurrences. Days are
-- counted from 0001-01-01 (chrono's num_days_from_ce); times of day are minutes after midnight.
-- Both go with their person.
CREATE TABLE time_off (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    id                TEXT NOT NULL UNIQUE,
    company_id        TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    person_id         TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    start_day         INTEGER NOT NULL,
    end_day           INTEGER NOT NULL,
    is_paid           BOOLEAN NOT NULL,
    reason            TEXT NOT NULL,
    repeat            TEXT NOT NULL CHECK (repeat IN ('never', 'weekly', 'monthly', 'yearly')),
    cadence           INTEGER,
    repeat_end_day    INTEGER,
    apply_to_saturday BOOLEAN NOT NULL,
    apply_to_sunday   BOOLEAN NOT NULL,
    batch_start_time  INTEGER,
    batch_end_time    INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    CHECK (end_day >= start_day)
);
-- The list's order and cursor: a person's time off by first day, then id.
CREATE INDEX time_off_person ON time_off(person_id, start_day, id);

CREATE TABLE time_off_instances (
    id          TEXT PRIMARY KEY,
    time_off_id TEXT NOT NULL REFERENCES time_off(id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    start_day   INTEGER NOT NULL,
    end_day     INTEGER NOT NULL
);
CREATE INDEX time_off_instances_person ON time_off_instances(person_id, start_day);
CREATE INDEX time_off_instances_time_off ON time_off_instances(time_off_id);
