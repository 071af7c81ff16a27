-- Bookmarks (docs/api.md), shaped as Discourse's table: a user marks a
-- post or a topic (bookmarkable_type 'Post' or 'Topic', polymorphic as
-- Discourse's bookmarkable), with an optional name and an optional
-- reminder.  reminder_last_sent_at is set in the same transaction as the
-- bookmark_reminder notification, so a reminder is sent once; changing
-- reminder_at clears it.
CREATE TABLE bookmarks (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	bookmarkable_id	INTEGER NOT NULL,
	bookmarkable_type TEXT NOT NULL
			CHECK (bookmarkable_type IN ('Post', 'Topic')),
	name		TEXT,
	reminder_at	INTEGER,
	reminder_set_at	INTEGER,
	reminder_last_sent_at INTEGER,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	UNIQUE (user_id, bookmarkable_type, bookmarkable_id)
);
CREATE INDEX bookmarks_bookmarkable ON bookmarks(bookmarkable_type,
    bookmarkable_id);
CREATE INDEX bookmarks_user_created ON bookmarks(user_id, created_at);
-- The reminders still to send, for the worker's one query.
CREATE INDEX bookmarks_due ON bookmarks(reminder_at)
    WHERE reminder_at IS NOT NULL AND reminder_last_sent_at IS NULL;
