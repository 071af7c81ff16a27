/*
 * Line-oriented logging to stderr.  Each line is written with one
 * write(2) so lines from different threads do not interleave.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

/* Longest message kept, in bytes; longer ones are cut. */
#define LOG_MSG_MAX	2048
/* A whole line: time stamp, level, message, error text, newline. */
#define LOG_LINE_MAX	(LOG_MSG_MAX + 320)
/* Buffered access lines are written out at least this often. */
#define LOG_FLUSH_MS	100

static int verbose;

void
log_set_verbose(int v)
{
	verbose = v;
}

/* The time stamp of the current second, formatted once a second by each
 * thread (formatting it for every line was a visible cost of serving). */
static const char *
stamp_now(void)
{
	static _Thread_local time_t last = -1;
	static _Thread_local char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	if (now != last) {
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
		last = now;
	}
	return stamp;
}

/* Formats a line into line (LOG_LINE_MAX bytes); returns its length,
 * newline included. */
static size_t
format_line(char *line, const char *level, const char *err, const char *fmt,
    va_list ap)
{
	int n, m;

	n = snprintf(line, LOG_LINE_MAX, "%s %s ", stamp_now(), level);
	m = vsnprintf(line + n, LOG_MSG_MAX, fmt, ap);
	n += m < 0 ? 0 : m >= LOG_MSG_MAX ? LOG_MSG_MAX - 1 : m;
	if (err != NULL) {
		size_t room = LOG_LINE_MAX - 1 - (size_t)n;

		m = snprintf(line + n, room, ": %s", err);
		n += m < 0 ? 0 : (size_t)m >= room ? (int)room - 1 : m;
	}
	line[n++] = '\n';
	return (size_t)n;
}

static void
write_all(const char *data, size_t len)
{
	/* Nowhere left to say so when this fails. */
	if (write(STDERR_FILENO, data, len) < 0)
		return;
}

/* Writes the line at once, with one write(2): lines from different
 * threads never interleave. */
static void
vlog(const char *level, const char *err, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];

	write_all(line, format_line(line, level, err, fmt, ap));
}

/* --- the buffered access log --------------------------------------- */

/*
 * One buffer per serving thread, written out when the next line would not
 * fit and by the flusher thread every LOG_FLUSH_MS.  One write(2) of at
 * most PIPE_BUF bytes per buffer, so lines stay whole even on a pipe.
 * Buffers live as long as the process (one per thread that ever logged an
 * access), listed in all_buffers.
 */
struct linebuf {
	pthread_mutex_t	 lock;
	struct linebuf	*next;
	size_t		 len;
	char		 data[PIPE_BUF];
};

static pthread_mutex_t all_lock = PTHREAD_MUTEX_INITIALIZER;
static struct linebuf *all_buffers;
static _Thread_local struct linebuf *own_buffer;

static pthread_mutex_t flusher_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t flusher_wake = PTHREAD_COND_INITIALIZER;
static pthread_t flusher;
static int flusher_running;
static atomic_int buffering;

static struct linebuf *
own_linebuf(void)
{
	struct linebuf *b;

	if ((b = own_buffer) != NULL)
		return b;
	b = xcalloc(1, sizeof(*b));
	pthread_mutex_init(&b->lock, NULL);
	pthread_mutex_lock(&all_lock);
	b->next = all_buffers;
	all_buffers = b;
	pthread_mutex_unlock(&all_lock);
	return own_buffer = b;
}

/* Writes b out; called with b->lock held. */
static void
flush_locked(struct linebuf *b)
{
	if (b->len > 0)
		write_all(b->data, b->len);
	b->len = 0;
}

static void
log_flush(void)
{
	struct linebuf *b;

	pthread_mutex_lock(&all_lock);
	for (b = all_buffers; b != NULL; b = b->next) {
		pthread_mutex_lock(&b->lock);
		flush_locked(b);
		pthread_mutex_unlock(&b->lock);
	}
	pthread_mutex_unlock(&all_lock);
}

void
log_access(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	struct linebuf *b;
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format_line(line, "info", NULL, fmt, ap);
	va_end(ap);
	if (!atomic_load(&buffering) || n > sizeof(b->data)) {
		write_all(line, n);
		return;
	}
	b = own_linebuf();
	pthread_mutex_lock(&b->lock);
	if (b->len + n > sizeof(b->data))
		flush_locked(b);
	memcpy(b->data + b->len, line, n);
	b->len += n;
	pthread_mutex_unlock(&b->lock);
}

static void *
flusher_main(void *arg)
{
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&flusher_lock);
	while (flusher_running) {
		util_time_in_ms(&until, LOG_FLUSH_MS);
		pthread_cond_timedwait(&flusher_wake, &flusher_lock, &until);
		log_flush();
	}
	pthread_mutex_unlock(&flusher_lock);
	return NULL;
}

int
log_buffer_start(void)
{
	flusher_running = 1;
	if (pthread_create(&flusher, NULL, flusher_main, NULL) != 0) {
		flusher_running = 0;
		return -1;
	}
	atomic_store(&buffering, 1);
	return 0;
}

void
log_buffer_stop(void)
{
	if (!flusher_running)
		return;
	atomic_store(&buffering, 0);
	pthread_mutex_lock(&flusher_lock);
	flusher_running = 0;
	pthread_cond_signal(&flusher_wake);
	pthread_mutex_unlock(&flusher_lock);
	pthread_join(flusher, NULL);
	log_flush();
}

void
log_warn(const char *fmt, ...)
{
	char err[256];
	va_list ap;

	strerror_r(errno, err, sizeof(err));
	va_start(ap, fmt);
	vlog("warn", err, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("warn", NULL, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("info", NULL, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	vlog("debug", NULL, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	char err[256];
	va_list ap;

	strerror_r(errno, err, sizeof(err));
	va_start(ap, fmt);
	vlog("fatal", err, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("fatal", NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
