-- The conference: a program of sessions, each a topic with structured
-- fields, grouped in webinars (time slots sharing one live room); personal
-- agendas with a private calendar feed; Q&A votes and answered questions;
-- registration codes for the participants group.  See docs/conference.md.
--
-- The groups `participants` and `presenters` are not created here: staff
-- (and the forum's own tests) may create groups of those names before any
-- program exists, and a migration cannot know.  They are created on first
-- use by db_conf_group_ensure (INSERT ... WHERE NOT EXISTS by name, id
-- max(max(id), 39) + 1), and an existing group of that name is used as is.

-- A webinar: one time slot with one live room, shared by its sessions.
-- room_url is secret to all but participants, presenters and staff.
CREATE TABLE conference_webinars (
	id		INTEGER PRIMARY KEY,
	external_id	TEXT NOT NULL UNIQUE,
	title		TEXT NOT NULL,
	starts_at	INTEGER,
	ends_at		INTEGER,
	room_url	TEXT,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);

-- A session is a topic plus these fields.  Times are UTC seconds; an
-- asynchronous session may have none.  room_url is the session's own room
-- when it differs from its webinar's (NULL: the webinar's).
-- recording_post_id is the "Recording" reply shown right under post 1.
-- themes (a JSON array) are the action areas as the program writes them;
-- the topic's tags are the same, cleaned.
CREATE TABLE conference_sessions (
	topic_id	INTEGER PRIMARY KEY REFERENCES topics(id),
	external_id	TEXT NOT NULL UNIQUE,
	webinar_id	INTEGER REFERENCES conference_webinars(id),
	format		TEXT NOT NULL CHECK (format IN ('sync', 'async')),
	language	TEXT NOT NULL DEFAULT '',
	starts_at	INTEGER,
	ends_at		INTEGER,
	room_url	TEXT,
	recording_url	TEXT,
	recording_post_id INTEGER REFERENCES posts(id),
	abstract	TEXT NOT NULL DEFAULT '',
	themes		TEXT NOT NULL DEFAULT '[]',
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);
CREATE INDEX conference_sessions_start ON conference_sessions(starts_at);
CREATE INDEX conference_sessions_webinar ON conference_sessions(webinar_id);

-- Presenters in program order.  username and email are as the program
-- gave them (to link an account that appears later); user_id is the
-- linked account.
CREATE TABLE conference_presenters (
	topic_id	INTEGER NOT NULL REFERENCES conference_sessions(topic_id),
	position	INTEGER NOT NULL,
	name		TEXT NOT NULL,
	affiliation	TEXT NOT NULL DEFAULT '',
	username	TEXT,
	email		TEXT,
	user_id		INTEGER REFERENCES users(id),
	PRIMARY KEY (topic_id, position)
);
CREATE INDEX conference_presenters_user ON conference_presenters(user_id)
    WHERE user_id IS NOT NULL;

-- "Add to my agenda", and the private feed of it: only the BLAKE2b hash
-- of the feed token is stored, one per user; rotating replaces it.
CREATE TABLE conference_agenda (
	user_id		INTEGER NOT NULL REFERENCES users(id),
	topic_id	INTEGER NOT NULL REFERENCES conference_sessions(topic_id),
	created_at	INTEGER NOT NULL,
	PRIMARY KEY (user_id, topic_id)
);
CREATE TABLE conference_feed_tokens (
	user_id		INTEGER PRIMARY KEY REFERENCES users(id),
	token_hash	TEXT NOT NULL UNIQUE,
	created_at	INTEGER NOT NULL
);

-- Q&A: one up-vote per user and post (discourse-question-answer), and
-- questions marked answered by a presenter or staff (discourse-solved's
-- accepted answers, several per topic here).  Counted when read.
CREATE TABLE post_votes (
	post_id		INTEGER NOT NULL REFERENCES posts(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	PRIMARY KEY (post_id, user_id)
);
CREATE INDEX post_votes_user ON post_votes(user_id);
CREATE TABLE post_answers (
	post_id		INTEGER PRIMARY KEY REFERENCES posts(id),
	topic_id	INTEGER NOT NULL REFERENCES topics(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL
);
CREATE INDEX post_answers_topic ON post_answers(topic_id);

-- Registration codes: whoever redeems one joins `participants`.  Only the
-- hash and the first four characters are kept.
CREATE TABLE conference_registration_codes (
	id		INTEGER PRIMARY KEY,
	code_hash	TEXT NOT NULL UNIQUE,
	truncated	TEXT NOT NULL,
	description	TEXT NOT NULL DEFAULT '',
	max_uses	INTEGER,
	uses		INTEGER NOT NULL DEFAULT 0,
	expires_at	INTEGER,
	created_by_id	INTEGER REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	revoked_at	INTEGER
);
-- Who redeemed which code: a second redemption by the same user neither
-- counts again nor fails.
CREATE TABLE conference_registrations (
	code_id		INTEGER NOT NULL REFERENCES conference_registration_codes(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	PRIMARY KEY (code_id, user_id)
);
