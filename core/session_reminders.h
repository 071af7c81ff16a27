/*
 * Session reminders: a session in a user's agenda produces one
 * session_starting notification a set time before it starts (UTC),
 * once per start time, even across restarts and processes.
 */
#ifndef CONFAB_SESSION_REMINDERS_H
#define CONFAB_SESSION_REMINDERS_H

#include <stddef.h>
#include <stdint.h>

struct db;

/*
 * In one transaction: every agenda entry (at most max) whose session
 * starts after now and within lead seconds, not yet reminded for that
 * start, is marked and, if its user may still see the session, told.
 * *sent counts the notifications written.  Returns 0, or -1 on a database
 * error (nothing written).
 */
int	session_remind_due(struct db *, int64_t now, int64_t lead, size_t max,
	    size_t *sent);

#endif
