/*
 * Time zones: the one engine, reading the system's tzdata (TZif files
 * under /usr/share/zoneinfo, or $TZDIR) itself.  Zones are named as
 * tzdata names them ("Europe/Paris", "UTC", "Etc/GMT+5"); times are
 * seconds since the epoch, "local" ones being the zone's wall-clock time
 * counted as if it were UTC.  Safe to use from many threads at once.
 */
#ifndef CONFAB_TZ_H
#define CONFAB_TZ_H

#include <stddef.h>
#include <stdint.h>

/* Longest zone name accepted, in bytes. */
#define TZ_MAX_NAME	64

struct tz;

/* A calendar date and time of day, proleptic Gregorian. */
struct tz_civil {
	int64_t	 y;
	int	 mo, d;		/* 1..12, 1..31 */
	int	 h, mi, s;	/* 0..23, 0..59, 0..59 */
};

/*
 * 1 when the n bytes at name are spelled as a tzdata zone name:
 * [A-Za-z0-9_+-] segments joined by single slashes, at most TZ_MAX_NAME
 * bytes, and not "localtime", "posixrules" or under "right/".  Syntax
 * only: the zone may not exist.  Else 0.
 */
int	 tz_name_ok(const char *name, size_t n);
/*
 * The zone called name (n bytes), or NULL when the name is not well
 * formed (tz_name_ok) or the system has no readable zone of that name.
 * "UTC" and "Etc/UTC" need no file.  The caller releases it with
 * tz_close; it is read-only and may be shared between threads.
 */
struct tz	*tz_open(const char *name, size_t n);
/* Releases z (NULL is fine). */
void	 tz_close(struct tz *z);
/* 1 when NUL-terminated name is a zone tz_open can open, else 0. */
int	 tz_known(const char *name);
/* Seconds east of UTC in force at UTC instant t. */
int32_t	 tz_offset(const struct tz *z, int64_t t);
/*
 * The UTC instant at which the zone's clocks show local.  A local time
 * that happens twice (clocks put back) gives the earlier instant; one
 * that never happens (clocks put forward) is read with the offset in
 * force before the change, so 02:30 in a gap from 02:00 to 03:00 gives
 * the instant of 03:30 summer time.  This is JavaScript Temporal's
 * default ("compatible") and what a person meaning "02:30" most likely
 * meant.
 */
int64_t	 tz_to_utc(const struct tz *z, int64_t local);
/* The zone's calendar date and time of day at UTC instant t. */
void	 tz_local(const struct tz *z, int64_t t, struct tz_civil *out);

/* Seconds since the epoch of c read as UTC (fields must be in range). */
int64_t	 tz_secs_from_civil(const struct tz_civil *c);
/* The date and time of day of secs since the epoch read as UTC. */
void	 tz_civil_from_secs(int64_t secs, struct tz_civil *out);
/* Days in month m (1..12) of year y. */
int	 tz_days_in_month(int64_t y, int m);

#endif
