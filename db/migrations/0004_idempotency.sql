-- Idempotency keys for POST /posts.json: a client that sends the header
-- Idempotency-Key and retries (after a timeout, a dropped connection or a
-- server restart) gets the post its first attempt created instead of a
-- second one.  A row is written by a per-connection TEMP trigger on posts
-- (see db/idempotency.c) in the same transaction as the post it names, so
-- a post and its key are committed together or not at all.  Rows are kept
-- 24 hours; request_hash tells a retry from a different request reusing
-- the key.
CREATE TABLE idempotency_keys (
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	idem_key	TEXT NOT NULL,
	request_hash	TEXT NOT NULL,
	post_id		INTEGER NOT NULL REFERENCES posts(id),
	created_at	INTEGER NOT NULL,
	PRIMARY KEY (user_id, idem_key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
