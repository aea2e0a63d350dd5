-- Requests per access token per hour, summed over every Roster process.
CREATE TABLE rate_windows (
    digest       TEXT NOT NULL,
    window_start BIGINT NOT NULL,   -- unix seconds, a multiple of 3600
    count        BIGINT NOT NULL,
    PRIMARY KEY (digest, window_start)
);
