/*
 * A time limit on request headers (see deadline.c): a connection must
 * deliver a request's complete headers within a set number of seconds of
 * being accepted, or of the end of its previous response.
 */
#ifndef CONFAB_DEADLINE_H
#define CONFAB_DEADLINE_H

#include <microhttpd.h>

/*
 * Starts the thread that closes late connections.  Returns 0, or -1
 * (logged) when the thread cannot start.  deadline_stop ends it; call it
 * after the daemon has stopped.
 */
int		 deadline_start(unsigned seconds);
void		 deadline_stop(void);

/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback: starts watching
 * a connection when it is accepted, stops when it is closed. */
void		 deadline_notify(void *cls, struct MHD_Connection *,
		    void **socket_context,
		    enum MHD_ConnectionNotificationCode);

/* The connection's request headers are all in: no deadline while the
 * request is served. */
void		 deadline_headers_in(struct MHD_Connection *);

/* The response is out: the next request's headers are due in time. */
void		 deadline_rearm(struct MHD_Connection *);

#endif
