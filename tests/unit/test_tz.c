/*
 * lib/tz, the one time-zone engine, against answers taken from this
 * machine's `TZ=zone date` and zdump: local dates to 2100 (past the last
 * transition of the TZif files, where the footer's rule applies), skipped
 * and repeated hours, a skipped day, and which names are zones.  These
 * cases first compared lib/tz with libical's built-in zones, the engine
 * core/ical.c used then; lib/tz gave every answer here, libical differed
 * on the ones marked "libical:" and lost its place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include "ical.h"
#include "tz.h"
#include "util.h"

static int64_t
secs(const char *iso)
{
	int64_t t;

	assert_int_equal(util_parse_iso8601(iso, &t), 0);
	return t;
}

struct local_case {
	const char	*zone;
	const char	*utc;		/* an instant */
	const char	*date;		/* its local date there */
};

static const struct local_case dates[] = {
	{ "Europe/Paris", "2026-07-01T22:30:00Z", "2026-07-02" },
	{ "Europe/Paris", "2040-07-15T22:30:00Z", "2040-07-16" },
	{ "Europe/Paris", "2100-07-15T22:30:00Z", "2100-07-16" },
	{ "America/New_York", "2040-07-16T04:30:00Z", "2040-07-16" },
	{ "America/New_York", "2100-07-16T04:30:00Z", "2100-07-16" },
	{ "Australia/Lord_Howe", "2040-01-15T13:15:00Z", "2040-01-16" },
	{ "Asia/Kolkata", "2040-01-15T18:40:00Z", "2040-01-16" },
	{ "America/Sao_Paulo", "2040-01-16T02:30:00Z", "2040-01-15" },
	{ "Pacific/Apia", "2040-01-15T10:30:00Z", "2040-01-15" },
	{ "Africa/Casablanca", "2040-09-15T23:30:00Z", "2040-09-15" },
	{ "UTC", "2040-01-15T23:59:59Z", "2040-01-15" },
	{ "Etc/GMT+5", "2040-01-16T04:30:00Z", "2040-01-15" },
};

struct utc_case {
	const char	*zone;
	int		 y, mo, d, h, mi;	/* local */
	const char	*utc;
};

static const struct utc_case instants[] = {
	{ "Europe/Paris", 2040, 7, 15, 12, 0, "2040-07-15T10:00:00Z" },
	{ "Europe/Paris", 2040, 3, 25, 2, 30, "2040-03-25T01:30:00Z" },
	/* libical: 00:30Z, which Paris shows as 01:30 (the offset after). */
	{ "Europe/Paris", 2040, 10, 28, 2, 30, "2040-10-28T00:30:00Z" },
	/* Repeated: the earlier one.  libical: the later one, 01:30Z. */
	/* libical: 06:30Z, 06:30Z and 06:30Z. */
	{ "America/New_York", 2040, 3, 11, 2, 30, "2040-03-11T07:30:00Z" },
	{ "America/New_York", 2040, 11, 4, 1, 30, "2040-11-04T05:30:00Z" },
	{ "America/New_York", 2100, 11, 7, 1, 30, "2100-11-07T05:30:00Z" },
	{ "America/New_York", 2100, 7, 15, 12, 0, "2100-07-15T16:00:00Z" },
	/* Half-hour changes: 02:00 to 02:30, and 02:00 back to 01:30.
	 * libical: 15:15Z for the repeated 01:45. */
	{ "Australia/Lord_Howe", 2040, 10, 7, 2, 15, "2040-10-06T15:45:00Z" },
	{ "Australia/Lord_Howe", 2040, 4, 1, 1, 45, "2040-03-31T14:45:00Z" },
	{ "Asia/Kolkata", 2040, 1, 15, 12, 0, "2040-01-15T06:30:00Z" },
	/* Summer time began at midnight.  libical: 02:30Z, the evening
	 * before. */
	{ "America/Sao_Paulo", 2018, 11, 4, 0, 30, "2018-11-04T03:30:00Z" },
	{ "America/Sao_Paulo", 2040, 1, 15, 12, 0, "2040-01-15T15:00:00Z" },
	/* Samoa skipped 2011-12-30.  libical: 2011-12-29T22:00Z. */
	{ "Pacific/Apia", 2011, 12, 30, 12, 0, "2011-12-30T22:00:00Z" },
	/* Ramadan: +01 to +00 and back.  libical: 01:30Z for the second. */
	{ "Africa/Casablanca", 2040, 9, 2, 2, 30, "2040-09-02T01:30:00Z" },
	{ "Africa/Casablanca", 2040, 10, 14, 2, 30, "2040-10-14T02:30:00Z" },
	{ "UTC", 2040, 1, 15, 12, 0, "2040-01-15T12:00:00Z" },
	{ "Etc/GMT+5", 2040, 1, 15, 12, 0, "2040-01-15T17:00:00Z" },
};

static const struct {
	const char	*name;
	int		 known;
} names[] = {
	{ "Europe/Paris", 1 }, { "UTC", 1 }, { "Etc/UTC", 1 },
	{ "Etc/GMT+5", 1 }, { "US/Eastern", 1 }, { "EST5EDT", 1 },
	{ "Asia/Calcutta", 1 }, { "GMT", 1 }, { "Mars/Olympus", 0 },
	{ "../../etc/passwd", 0 }, { "/etc/localtime", 0 },
	/* libical took these three (files under /usr/share/zoneinfo), the
	 * first being whatever zone the server runs in. */
	{ "localtime", 0 }, { "posixrules", 0 }, { "right/UTC", 0 },
	{ "Europe", 0 }, { "", 0 }, { "Europe//Paris", 0 },
};

static void
test_local_dates(void **state)
{
	struct tz_civil c;
	struct tz *z;
	char got[32];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(dates); i++) {
		z = tz_open(dates[i].zone, strlen(dates[i].zone));
		if (z == NULL)
			fail_msg("%s: unknown", dates[i].zone);
		tz_local(z, secs(dates[i].utc), &c);
		tz_close(z);
		snprintf(got, sizeof(got), "%04lld-%02d-%02d", (long long)c.y,
		    c.mo, c.d);
		if (strcmp(got, dates[i].date) != 0)
			fail_msg("%s at %s: %s, want %s", dates[i].zone,
			    dates[i].utc, got, dates[i].date);
		/* The same through the schedule's entry point. */
		assert_int_equal(ical_local_date(dates[i].zone,
		    secs(dates[i].utc), got), 0);
		assert_string_equal(got, dates[i].date);
	}
}

static void
test_to_utc(void **state)
{
	struct tz_civil c = { 0 }, back;
	struct tz *z;
	int64_t want, got;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(instants); i++) {
		want = secs(instants[i].utc);
		c.y = instants[i].y;
		c.mo = instants[i].mo;
		c.d = instants[i].d;
		c.h = instants[i].h;
		c.mi = instants[i].mi;
		z = tz_open(instants[i].zone, strlen(instants[i].zone));
		if (z == NULL)
			fail_msg("%s: unknown", instants[i].zone);
		got = tz_to_utc(z, tz_secs_from_civil(&c));
		if (got != want)
			fail_msg("%s %04d-%02d-%02d %02d:%02d: %lld, want %s",
			    instants[i].zone, instants[i].y, instants[i].mo,
			    instants[i].d, instants[i].h, instants[i].mi,
			    (long long)got, instants[i].utc);
		/* Back again: the same wall clock, except in a gap. */
		tz_local(z, got, &back);
		if (tz_offset(z, got) == tz_offset(z, got - 86400))
			assert_int_equal(tz_secs_from_civil(&back),
			    tz_secs_from_civil(&c));
		tz_close(z);
	}
}

/* The schedule's days: a midnight that is skipped, a day that is. */
static void
test_day_bounds(void **state)
{
	int64_t from, until;

	(void)state;
	assert_int_equal(ical_day_bounds("America/Sao_Paulo", "2018-11-04",
	    &from, &until), 0);
	assert_int_equal(from, secs("2018-11-04T03:00:00Z"));
	assert_int_equal(until, secs("2018-11-05T02:00:00Z"));
	assert_int_equal(ical_day_bounds("Australia/Lord_Howe", "2040-04-01",
	    &from, &until), 0);
	assert_int_equal(from, secs("2040-03-31T13:00:00Z"));
	assert_int_equal(until, secs("2040-04-01T13:30:00Z"));
	assert_int_equal(ical_day_bounds("Pacific/Apia", "2011-12-30", &from,
	    &until), -1);
	assert_int_equal(ical_day_bounds("Europe/Paris", "2100-03-28", &from,
	    &until), 0);
	assert_int_equal(until - from, 23 * 3600);
}

static void
test_names(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (tz_known(names[i].name) != names[i].known)
			fail_msg("%s: %d", names[i].name, !names[i].known);
		assert_int_equal(ical_tz_known(names[i].name),
		    names[i].known);
		assert_int_equal(tz_name_ok(names[i].name,
		    strlen(names[i].name)) || !names[i].known, 1);
	}
	assert_false(tz_name_ok("Europe/Paris/", 13));
	assert_false(tz_name_ok("a.b", 3));
	assert_false(tz_known(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_dates),
		cmocka_unit_test(test_to_utc),
		cmocka_unit_test(test_day_bounds),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
