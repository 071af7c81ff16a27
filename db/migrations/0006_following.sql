-- Following the conversation (docs/api.md, notifications and reading
-- state), shaped as Discourse's tables so its habits carry over.
--
-- notifications: one row per thing a user is told about.  type is
-- Discourse's notification_type (1 mentioned, 2 replied, 5 liked, 9
-- posted, ... and confab's own from 800, see docs/api.md); data is the
-- JSON object Discourse sends as "data" (display_username, count of
-- collapsed likes, ...).  topic_id/post_number point at what it is
-- about; whether the user may still see that is decided when the list is
-- read, so a notification about what someone lost access to never shows.
CREATE TABLE notifications (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	notification_type INTEGER NOT NULL,
	topic_id	INTEGER REFERENCES topics(id),
	post_number	INTEGER,
	post_id		INTEGER REFERENCES posts(id),
	actor_id	INTEGER REFERENCES users(id),
	data		TEXT NOT NULL DEFAULT '{}',
	high_priority	INTEGER NOT NULL DEFAULT 0,
	read		INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);
CREATE INDEX notifications_user ON notifications(user_id, id DESC);
CREATE INDEX notifications_unread ON notifications(user_id, read, high_priority);
CREATE INDEX notifications_post ON notifications(post_id, notification_type);

-- topic_users: a user's relation to a topic, as Discourse keeps it: the
-- watching level (muted 0, normal 1, tracking 2, watching 3; NULL = not
-- chosen, the category's or the default applies), why it was set, and the
-- reading state (the highest post number read, when first and last seen).
CREATE TABLE topic_users (
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	topic_id	INTEGER NOT NULL REFERENCES topics(id),
	notification_level INTEGER,
	notifications_reason_id INTEGER,
	last_read_post_number INTEGER NOT NULL DEFAULT 0,
	first_visited_at INTEGER,
	last_visited_at	INTEGER,
	total_msecs_viewed INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (user_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX topic_users_topic ON topic_users(topic_id, notification_level);

-- category_users: a user's watching level for a whole category.
CREATE TABLE category_users (
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	category_id	INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
	notification_level INTEGER NOT NULL,
	PRIMARY KEY (user_id, category_id)
) WITHOUT ROWID;
CREATE INDEX category_users_category ON category_users(category_id,
    notification_level);

-- The first notification id a user has not seen in the menu (Discourse's
-- seen_notification_id), and when they last dismissed "new" topics.
ALTER TABLE users ADD COLUMN seen_notification_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN new_since INTEGER;
