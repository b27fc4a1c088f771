-- Sign-in attempts are throttled per client address as well as per email.
ALTER TABLE sign_in_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX sign_in_failures_by_client ON sign_in_failures (client, at);
