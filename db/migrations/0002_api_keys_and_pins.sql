-- API keys: what the admin page shows of a key, its first four characters
-- (the rest is never stored), and who made it.
ALTER TABLE api_keys ADD COLUMN truncated_key TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN created_by_id INTEGER REFERENCES users(id);

-- /latest finds pinned topics without scanning every topic.
CREATE INDEX topics_pinned ON topics(bumped_at DESC, id DESC)
    WHERE pinned_at IS NOT NULL AND deleted_at IS NULL;
