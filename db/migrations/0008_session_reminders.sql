-- Session reminders: a user's agenda entry remembers for which start time
-- its "session_starting" notification was sent, so it is sent once (also
-- across restarts and processes) and again only if the session moves.
ALTER TABLE conference_agenda ADD COLUMN reminded_starts_at INTEGER;
