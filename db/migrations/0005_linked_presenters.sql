-- Members the program import put in the presenters group because they
-- present a session have linked = 1; they leave the group when they no
-- longer present any session.  Members added by hand (linked = 0) stay.
-- Today's presenters-group members who present a session are taken to
-- have been put there by the import.
ALTER TABLE group_users ADD COLUMN linked INTEGER NOT NULL DEFAULT 0;
UPDATE group_users SET linked = 1
	WHERE group_id = (SELECT id FROM groups WHERE name_lower = 'presenters')
	AND user_id IN (SELECT user_id FROM conference_presenters
	    WHERE user_id IS NOT NULL);
