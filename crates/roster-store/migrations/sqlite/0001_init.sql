-- Roster's embedded store. Times are epoch milliseconds (UTC); ids are hyphenated UUID text;
-- every table with a public integer id keeps it as `seq`.

CREATE TABLE companies (
    id          TEXT PRIMARY KEY,
    procore_id  INTEGER NOT NULL UNIQUE CHECK (procore_id > 0),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE oauth_clients (
    client_id   TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    company_id  TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE
);

CREATE TABLE access_tokens (
    digest      TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX access_tokens_expiry ON access_tokens(expires_at);

CREATE TABLE permission_levels (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    company_id  TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    is_admin    INTEGER NOT NULL
);
CREATE INDEX permission_levels_company ON permission_levels(company_id);

CREATE TABLE notification_profiles (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    company_id  TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX notification_profiles_company ON notification_profiles(company_id);

CREATE TABLE groups (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    company_id     TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    timezone       TEXT NOT NULL,
    color          TEXT,
    address_1      TEXT,
    address_2      TEXT,
    city_town      TEXT,
    state_province TEXT,
    zipcode        TEXT,
    country        TEXT,
    contact_name   TEXT,
    contact_phone  TEXT,
    contact_email  TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX groups_company ON groups(company_id);

CREATE TABLE job_titles (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    id                  TEXT NOT NULL UNIQUE,
    company_id          TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    group_ids           TEXT NOT NULL,   -- JSON array of group ids
    globally_accessible INTEGER NOT NULL,
    color               TEXT,
    kind                TEXT,
    hourly_rate         REAL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX job_titles_company ON job_titles(company_id);

CREATE TABLE tags (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    id                  TEXT NOT NULL UNIQUE,
    company_id          TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    abbreviation        TEXT,
    categories          TEXT NOT NULL,   -- JSON array of strings
    color               TEXT,
    require_expr_date   INTEGER NOT NULL,
    expr_days_warning   INTEGER,
    group_ids           TEXT NOT NULL,   -- JSON array of group ids
    globally_accessible INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX tags_company ON tags(company_id);

CREATE TABLE people (
    seq                        INTEGER PRIMARY KEY AUTOINCREMENT,
    id                         TEXT NOT NULL UNIQUE,
    company_id                 TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    first_name                 TEXT NOT NULL,
    last_name                  TEXT NOT NULL,
    is_user                    INTEGER NOT NULL,
    is_assignable              INTEGER NOT NULL,
    status                     TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    email                      TEXT,
    email_norm                 TEXT,
    phone                      TEXT,
    can_recieve_sms            INTEGER NOT NULL,
    can_recieve_email          INTEGER NOT NULL,
    can_recieve_mobile         INTEGER NOT NULL,
    address_1                  TEXT,
    address_2                  TEXT,
    state_province             TEXT,
    city_town                  TEXT,
    zipcode                    TEXT,
    country                    TEXT,
    job_title_id               TEXT REFERENCES job_titles(id) ON DELETE SET NULL,
    hourly_wage                REAL,
    employee_number            TEXT,
    emergency_contact_name     TEXT,
    emergency_contact_number   TEXT,
    emergency_contact_email    TEXT,
    emergency_contact_relation TEXT,
    dob                        INTEGER,
    is_male                    INTEGER,
    hired_date                 INTEGER,
    language                   TEXT NOT NULL,
    permission_level_id        TEXT REFERENCES permission_levels(id),
    notification_profile_id    TEXT REFERENCES notification_profiles(id),
    password_hash              TEXT,
    invitation_pending         INTEGER NOT NULL,
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL
);
CREATE INDEX people_company ON people(company_id, seq);
-- Email and phone are unique among a company's active people; inactive people free them.
CREATE UNIQUE INDEX people_active_email ON people(company_id, email_norm)
    WHERE status = 'active' AND email_norm IS NOT NULL;
CREATE UNIQUE INDEX people_active_phone ON people(company_id, phone)
    WHERE status = 'active' AND phone IS NOT NULL;

CREATE TABLE person_groups (
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    group_id  TEXT NOT NULL REFERENCES groups(id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (person_id, group_id)
);
CREATE INDEX person_groups_group ON person_groups(group_id);

CREATE TABLE tag_instances (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    id        TEXT NOT NULL UNIQUE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    tag_id    TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    expr_date INTEGER,
    UNIQUE (person_id, tag_id)
);
CREATE INDEX tag_instances_tag ON tag_instances(tag_id);
