-- A time off's occurrences also as JSON beside its row (`[{"id", "start_day", "end_day"}]`, days
-- as in time_off_instances), so that a read answers the time off and its occurrences from one row,
-- one snapshot; time_off_instances stays the indexed copy the overlap rule reads.
ALTER TABLE time_off ADD COLUMN instances TEXT NOT NULL DEFAULT '[]';
