/*
 * Who becomes a registered participant of the conference: registration
 * codes (as typed, generated, hashed, redeemed) and the lists of
 * usernames and emails staff paste or upload as CSV.  Membership of the
 * participants group is what lets a user see live rooms.
 */
#ifndef CONFAB_REGISTRATION_H
#define CONFAB_REGISTRATION_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

#define CONF_CODE_MAX		64	/* characters of a code */
#define CONF_LOGINS_MAX		5000	/* participants added at once */

/* A code as typed: trimmed, upper case, in the arena.  NULL when it is
 * not 6 to CONF_CODE_MAX letters, digits, - or _. */
char	*conf_code_normal(struct arena *, const char *in);
/* A new random code, three groups of four from an alphabet without 0/O,
 * 1/I ("ABCD-EFGH-JKLM"), in the arena. */
char	*conf_code_new(struct arena *);

/*
 * Redeems the code given (as typed) for user_id inside the caller's
 * transaction and puts the user in the participants group (created on
 * first use).  Returns 0 with *group_id set, -1 on a database error, or
 * -2 with *why set (a static message) when the code is malformed, unknown,
 * revoked, expired or used up.
 */
int	 conf_code_redeem(struct db *, struct arena *, const char *given,
	    int64_t user_id, int64_t now, int64_t *group_id,
	    const char **why);

/* One username or email to add, and where it was read ("row 3"). */
struct conf_login {
	const char	*login;
	char		*where;
};

/* A list being gathered; zero it and set .a before use. */
struct conf_logins {
	struct arena		*a;
	struct conf_login	*item;
	size_t			 n;
	size_t			 cap;
	int			 too_many;	/* past CONF_LOGINS_MAX */
	size_t			 row;		/* CSV: the row being read */
	int			 first_cell;	/* CSV: of the current row */
};

/* Adds the comma-separated items of list (blanks skipped), each read at
 * where. */
void	 conf_logins_split(struct conf_logins *, const char *list,
	    const char *where);
/*
 * Adds the first cell of every row of a CSV text (a header row naming
 * its column, "username", "email" or "login", is skipped).  Returns 0, -1
 * when the CSV is malformed (l->row says near which row), or -2 when the
 * parser cannot start.  Pure.
 */
int	 conf_logins_csv(struct conf_logins *, const char *csv);

#endif
