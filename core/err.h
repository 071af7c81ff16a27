/*
 * The outcomes a rule or a handler reports (core/errors.def): core/
 * functions return them so that a refusal means the same thing wherever
 * it is decided, and server/ alone turns one into a response.
 */
#ifndef CONFAB_ERR_H
#define CONFAB_ERR_H

#include <jansson.h>

enum err {
#define ERR(name, status, type, msg) name,
#include "errors.def"
#undef ERR
	E__MAX
};

/*
 * Why a core/ function refused, for the user: the messages (a JSON array
 * of strings, NULL until the first) and, with E_RATE_LIMIT, how many
 * seconds to wait.  The caller owns it: a zeroed struct is empty, and
 * refusal_free releases the messages.
 */
struct refusal {
	json_t	*messages;
	int	 wait_seconds;
};

/* Appends one message (printf-style). */
void	refusal_add(struct refusal *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The number of messages so far. */
size_t	refusal_count(const struct refusal *);
void	refusal_free(struct refusal *);

#endif
