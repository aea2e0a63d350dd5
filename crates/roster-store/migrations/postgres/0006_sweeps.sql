-- Tables that would otherwise only grow are swept on a schedule (Store::sweep), each by an
-- indexed delete; emails that keep failing are given up (failed_at) instead of retried forever.
CREATE INDEX rate_windows_window ON rate_windows(window_start);
CREATE INDEX login_failures_locked_until ON login_failures(locked_until);
CREATE INDEX sessions_expires_at ON sessions(expires_at);
ALTER TABLE outbox ADD COLUMN failed_at BIGINT;
CREATE INDEX outbox_sent_at ON outbox(sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_failed_at ON outbox(failed_at) WHERE failed_at IS NOT NULL;
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
