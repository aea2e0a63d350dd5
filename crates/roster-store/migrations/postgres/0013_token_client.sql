-- The client an access token was issued to (`/oauth/token/info` answers it; `/oauth/revoke` checks it).
ALTER TABLE access_tokens ADD COLUMN client_id TEXT;
