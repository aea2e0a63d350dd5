-- Procore's authorization-code flow. A client is the company's own credentials ('company') or an
-- application the company registered ('app', with a name and its redirect URIs as a JSON array).
-- Access tokens may act for a person (deleted with them, and when their login ends) and belong to
-- a grant (one approval: a code's tokens and their refreshes), revoked together. Codes and refresh
-- tokens are kept by digest, like every secret.
ALTER TABLE oauth_clients ADD COLUMN kind TEXT NOT NULL DEFAULT 'company';
ALTER TABLE oauth_clients ADD COLUMN name TEXT;
ALTER TABLE oauth_clients ADD COLUMN redirect_uris TEXT NOT NULL DEFAULT '[]';
ALTER TABLE oauth_clients ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX oauth_clients_company ON oauth_clients(company_id, kind);
ALTER TABLE access_tokens ADD COLUMN person_id TEXT REFERENCES people(id) ON DELETE CASCADE;
ALTER TABLE access_tokens ADD COLUMN grant_id TEXT;
CREATE INDEX access_tokens_person ON access_tokens(person_id);
CREATE INDEX access_tokens_grant ON access_tokens(grant_id);
CREATE INDEX access_tokens_client ON access_tokens(client_id);
CREATE TABLE oauth_codes (
    digest         TEXT PRIMARY KEY,
    client_id      TEXT NOT NULL REFERENCES oauth_clients(client_id) ON DELETE CASCADE,
    person_id      TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    company_id     TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    redirect_uri   TEXT NOT NULL,
    code_challenge TEXT,
    grant_id       TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT
);
CREATE INDEX oauth_codes_person ON oauth_codes(person_id);
CREATE INDEX oauth_codes_expires ON oauth_codes(expires_at);
CREATE TABLE refresh_tokens (
    digest     TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL REFERENCES oauth_clients(client_id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    grant_id   TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_person ON refresh_tokens(person_id);
CREATE INDEX refresh_tokens_grant ON refresh_tokens(grant_id);
