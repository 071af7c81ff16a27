-- The forum core: accounts, groups, categories, topics, posts, tags, likes.
-- Times are integer seconds since the epoch (UTC).  Counters shown in the
-- API (posts_count, like_count, ...) are kept by the db/ functions that
-- write the rows they count, in the same transaction.

CREATE TABLE site_settings (
	name	TEXT PRIMARY KEY,
	value	TEXT NOT NULL
);

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	username	TEXT NOT NULL,
	username_lower	TEXT NOT NULL UNIQUE,
	email		TEXT NOT NULL,
	email_lower	TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL DEFAULT '',
	password_hash	TEXT,
	admin		INTEGER NOT NULL DEFAULT 0,
	moderator	INTEGER NOT NULL DEFAULT 0,
	trust_level	INTEGER NOT NULL DEFAULT 1,
	active		INTEGER NOT NULL DEFAULT 1,
	created_at	INTEGER NOT NULL,
	last_seen_at	INTEGER,
	last_posted_at	INTEGER,
	post_count	INTEGER NOT NULL DEFAULT 0,
	topic_count	INTEGER NOT NULL DEFAULT 0,
	likes_given	INTEGER NOT NULL DEFAULT 0,
	likes_received	INTEGER NOT NULL DEFAULT 0
);

-- Browser sessions: only the BLAKE2b hash of the cookie token is stored.
CREATE TABLE user_auth_tokens (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	token_hash	TEXT NOT NULL UNIQUE,
	created_at	INTEGER NOT NULL,
	last_seen_at	INTEGER NOT NULL
);
CREATE INDEX user_auth_tokens_user ON user_auth_tokens(user_id);

-- API keys: user_id NULL means a global ("All Users") key.
CREATE TABLE api_keys (
	id		INTEGER PRIMARY KEY,
	key_hash	TEXT NOT NULL UNIQUE,
	user_id		INTEGER REFERENCES users(id) ON DELETE CASCADE,
	description	TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	last_used_at	INTEGER,
	revoked_at	INTEGER
);

-- Automatic groups (membership computed, never stored): everyone 0,
-- admins 1, moderators 2, staff 3, registered 10.  Created groups get
-- ids from 40 up, as in Discourse (the insert picks max(id, 39) + 1).
CREATE TABLE groups (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	name_lower	TEXT NOT NULL UNIQUE,
	full_name	TEXT NOT NULL DEFAULT '',
	bio_raw		TEXT NOT NULL DEFAULT '',
	automatic	INTEGER NOT NULL DEFAULT 0,
	visibility_level INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL
);
INSERT INTO groups (id, name, name_lower, automatic, created_at) VALUES
	(0, 'everyone', 'everyone', 1, 0),
	(1, 'admins', 'admins', 1, 0),
	(2, 'moderators', 'moderators', 1, 0),
	(3, 'staff', 'staff', 1, 0),
	(10, 'registered', 'registered', 1, 0);

CREATE TABLE group_users (
	group_id	INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	owner		INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL,
	PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_users_user ON group_users(user_id);

CREATE TABLE categories (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	name_lower	TEXT NOT NULL UNIQUE,
	slug		TEXT NOT NULL UNIQUE,
	color		TEXT NOT NULL DEFAULT '0088CC',
	text_color	TEXT NOT NULL DEFAULT 'FFFFFF',
	description	TEXT NOT NULL DEFAULT '',
	position	INTEGER NOT NULL DEFAULT 0,
	parent_category_id INTEGER REFERENCES categories(id),
	topic_count	INTEGER NOT NULL DEFAULT 0,
	post_count	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL
);
INSERT INTO categories (id, name, name_lower, slug, description, position,
    created_at) VALUES (1, 'Uncategorized', 'uncategorized', 'uncategorized',
    'Topics that don''t need a category, or don''t fit into any other existing category.',
    0, 0);

-- Discourse's CategoryGroup: 1 full (create topics, reply, see),
-- 2 create_post (reply, see), 3 readonly (see).  A category without rows
-- here is visible to staff only.
CREATE TABLE category_groups (
	category_id	INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
	group_id	INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	permission_type	INTEGER NOT NULL CHECK (permission_type BETWEEN 1 AND 3),
	PRIMARY KEY (category_id, group_id)
);
INSERT INTO category_groups VALUES (1, 0, 1);

CREATE TABLE topics (
	id		INTEGER PRIMARY KEY,
	title		TEXT NOT NULL,
	fancy_title	TEXT NOT NULL,
	slug		TEXT NOT NULL,
	category_id	INTEGER NOT NULL REFERENCES categories(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	archetype	TEXT NOT NULL DEFAULT 'regular',
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	bumped_at	INTEGER NOT NULL,
	last_posted_at	INTEGER,
	last_post_user_id INTEGER REFERENCES users(id),
	posts_count	INTEGER NOT NULL DEFAULT 0,
	reply_count	INTEGER NOT NULL DEFAULT 0,
	highest_post_number INTEGER NOT NULL DEFAULT 0,
	like_count	INTEGER NOT NULL DEFAULT 0,
	views		INTEGER NOT NULL DEFAULT 0,
	word_count	INTEGER NOT NULL DEFAULT 0,
	excerpt		TEXT NOT NULL DEFAULT '',
	closed		INTEGER NOT NULL DEFAULT 0,
	archived	INTEGER NOT NULL DEFAULT 0,
	visible		INTEGER NOT NULL DEFAULT 1,
	pinned_at	INTEGER,
	pinned_globally	INTEGER NOT NULL DEFAULT 0,
	pinned_until	INTEGER,
	external_id	TEXT UNIQUE,
	deleted_at	INTEGER,
	deleted_by_id	INTEGER REFERENCES users(id)
);
CREATE INDEX topics_bumped ON topics(bumped_at DESC, id DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX topics_category ON topics(category_id, bumped_at DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX topics_user ON topics(user_id, created_at DESC);

CREATE TABLE posts (
	id		INTEGER PRIMARY KEY,
	topic_id	INTEGER NOT NULL REFERENCES topics(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	post_number	INTEGER NOT NULL,
	post_type	INTEGER NOT NULL DEFAULT 1,
	raw		TEXT NOT NULL,
	cooked		TEXT NOT NULL,
	reply_to_post_number INTEGER,
	reply_count	INTEGER NOT NULL DEFAULT 0,
	like_count	INTEGER NOT NULL DEFAULT 0,
	version		INTEGER NOT NULL DEFAULT 1,
	edit_reason	TEXT,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	deleted_at	INTEGER,
	deleted_by_id	INTEGER REFERENCES users(id),
	UNIQUE (topic_id, post_number)
);
CREATE INDEX posts_user ON posts(user_id, created_at DESC);

-- One row per edit: the raw text before and after (version = number).
CREATE TABLE post_revisions (
	id		INTEGER PRIMARY KEY,
	post_id		INTEGER NOT NULL REFERENCES posts(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	number		INTEGER NOT NULL,
	raw_before	TEXT NOT NULL,
	raw_after	TEXT NOT NULL,
	cooked_before	TEXT NOT NULL,
	cooked_after	TEXT NOT NULL,
	title_before	TEXT,
	title_after	TEXT,
	edit_reason	TEXT,
	created_at	INTEGER NOT NULL,
	UNIQUE (post_id, number)
);

CREATE TABLE tags (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	topic_count	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL
);

CREATE TABLE topic_tags (
	topic_id	INTEGER NOT NULL REFERENCES topics(id),
	tag_id		INTEGER NOT NULL REFERENCES tags(id),
	PRIMARY KEY (topic_id, tag_id)
);
CREATE INDEX topic_tags_tag ON topic_tags(tag_id);

-- Likes and flags (post_action_type_id 2 = like).  An undone action is
-- deleted, so the unique key allows acting again.
CREATE TABLE post_actions (
	id		INTEGER PRIMARY KEY,
	post_id		INTEGER NOT NULL REFERENCES posts(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	post_action_type_id INTEGER NOT NULL,
	created_at	INTEGER NOT NULL,
	UNIQUE (post_id, user_id, post_action_type_id)
);
CREATE INDEX post_actions_user ON post_actions(user_id);
