/*
 * Line-oriented logging to stderr.  Each line is written with one
 * write(2) so lines from different threads do not interleave.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/* Longest message kept, in bytes; longer ones are cut. */
#define LOG_MSG_MAX	2048

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

/* Formats the line in one buffer and writes it with one write(2): lines
 * from different threads never interleave. */
static void
vlog(const char *level, const char *err, const char *fmt, va_list ap)
{
	char line[LOG_MSG_MAX + 320];
	int n, m;

	n = snprintf(line, sizeof(line), "%s %s ", stamp_now(), level);
	m = vsnprintf(line + n, LOG_MSG_MAX, fmt, ap);
	n += m < 0 ? 0 : m >= LOG_MSG_MAX ? LOG_MSG_MAX - 1 : m;
	if (err != NULL) {
		size_t room = sizeof(line) - 1 - (size_t)n;

		m = snprintf(line + n, room, ": %s", err);
		n += m < 0 ? 0 : (size_t)m >= room ? (int)room - 1 : m;
	}
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;		/* nowhere left to say so */
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
