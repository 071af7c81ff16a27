/*
 * In-process rate limiting with fixed windows, for login and sign-up
 * throttles (post throttles are read from the database, where every node
 * sees them).  Keys are free text such as "login-min-ip:127.0.0.1".
 */
#ifndef CONFAB_RATELIMIT_H
#define CONFAB_RATELIMIT_H

/*
 * Counts one event for key, allowing max per window seconds.  Returns 0
 * when allowed, else the seconds until the window ends (the event is not
 * counted then).  max 0 disables the limit.
 */
int	ratelimit_hit(const char *key, unsigned max, unsigned window);
/* Frees every entry; for shutdown. */
void	ratelimit_free_all(void);

#endif
