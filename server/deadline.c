/*
 * A time limit on request headers.
 *
 * libmicrohttpd's connection timeout counts inactivity, and it does not
 * call confab before a request's headers are complete, so a client that
 * drips its headers a byte every few seconds (slowloris) would hold its
 * connection for ever.  Every connection is watched from the moment it is
 * accepted: its headers must be complete within cfg.header_deadline
 * seconds of that moment, or of the end of its previous response on a
 * kept-alive connection.  A reaper thread shuts down the sockets of the
 * connections past their deadline; libmicrohttpd then sees the end of the
 * stream and closes the connection itself.
 *
 * The socket is shut down, never closed, and only while the watch is in
 * the list, under the list's lock: libmicrohttpd reports the end of a
 * connection (deadline_notify, MHD_CONNECTION_NOTIFY_CLOSED) before it
 * closes the descriptor, so a number reused by a newer connection is never
 * touched.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "deadline.h"
#include "log.h"
#include "util.h"

/* How often the reaper looks, in milliseconds. */
#define REAP_INTERVAL_MS	250

struct watch {
	struct watch		*prev, *next;
	int			 fd;
	/* Monotonic milliseconds by which the headers must be in; 0 while
	 * a request is being served.  Written by the connection's thread,
	 * read by the reaper. */
	atomic_int_fast64_t	 deadline;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct watch *head;
static int64_t limit_ms;
static int running;
static pthread_t reaper;

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
watch_add(struct watch *w)
{
	pthread_mutex_lock(&lock);
	w->next = head;
	if (head != NULL)
		head->prev = w;
	head = w;
	pthread_mutex_unlock(&lock);
}

static void
watch_remove(struct watch *w)
{
	pthread_mutex_lock(&lock);
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		head = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&lock);
}

void
deadline_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	const union MHD_ConnectionInfo *ci;
	struct watch *w;

	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci == NULL)
			return;
		w = xcalloc(1, sizeof(*w));
		w->fd = ci->connect_fd;
		atomic_init(&w->deadline, mono_ms() + limit_ms);
		watch_add(w);
		*socket_context = w;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED &&
	    (w = *socket_context) != NULL) {
		watch_remove(w);
		free(w);
		*socket_context = NULL;
	}
}

static struct watch *
watch_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

void
deadline_headers_in(struct MHD_Connection *conn)
{
	struct watch *w = watch_of(conn);

	if (w != NULL)
		atomic_store(&w->deadline, 0);
}

void
deadline_rearm(struct MHD_Connection *conn)
{
	struct watch *w = watch_of(conn);

	if (w != NULL)
		atomic_store(&w->deadline, mono_ms() + limit_ms);
}

/* Shuts the late connections down; returns how many.  The lock is
 * held. */
static unsigned
reap(int64_t now)
{
	struct watch *w;
	unsigned n = 0;
	int64_t d;

	for (w = head; w != NULL; w = w->next) {
		d = atomic_load(&w->deadline);
		if (d == 0 || d > now)
			continue;
		/* Once is enough: libmicrohttpd closes it soon after. */
		atomic_store(&w->deadline, 0);
		shutdown(w->fd, SHUT_RDWR);
		n++;
	}
	return n;
}

static void *
reaper_main(void *arg)
{
	struct timespec until;
	unsigned n;

	(void)arg;
	pthread_mutex_lock(&lock);
	while (running) {
		if ((n = reap(mono_ms())) > 0)
			log_warnx("closed %u connection(s) whose request "
			    "headers took over %lld s", n,
			    (long long)(limit_ms / 1000));
		util_time_in_ms(&until, REAP_INTERVAL_MS);
		pthread_cond_timedwait(&wake, &lock, &until);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int
deadline_start(unsigned seconds)
{
	limit_ms = (int64_t)seconds * 1000;
	running = 1;
	if (pthread_create(&reaper, NULL, reaper_main, NULL) != 0) {
		running = 0;
		log_warnx("cannot start the header deadline thread");
		return -1;
	}
	return 0;
}

void
deadline_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	running = 0;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(reaper, NULL);
}
