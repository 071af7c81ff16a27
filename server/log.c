/*
 * Line-oriented logging to stderr.  Each line is written with one
 * write(2)-sized stdio call so lines from different threads do not
 * interleave.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

static int verbose;

void
log_set_verbose(int v)
{
	verbose = v;
}

static void
vlog(const char *level, const char *err, const char *fmt, va_list ap)
{
	char msg[2048], stamp[32];
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (err != NULL)
		fprintf(stderr, "%s %s %s: %s\n", stamp, level, msg, err);
	else
		fprintf(stderr, "%s %s %s\n", stamp, level, msg);
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
