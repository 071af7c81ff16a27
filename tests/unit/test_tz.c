/*
 * The two time-zone engines side by side: lib/tz (TZif files read by
 * confab) and libical's built-in zones (core/ical.c), each against answers
 * taken from this machine's `TZ=zone date`.  Prints every disagreement.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "ical.h"
#include "tz.h"
#include "util.h"

static int bad_lib, bad_ical;

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
	{ "Europe/Paris", 2040, 3, 25, 2, 30, "2040-03-25T01:30:00Z" },	/* gap */
	{ "Europe/Paris", 2040, 10, 28, 2, 30, "2040-10-28T00:30:00Z" },	/* twice */
	{ "America/New_York", 2040, 3, 11, 2, 30, "2040-03-11T07:30:00Z" },
	{ "America/New_York", 2040, 11, 4, 1, 30, "2040-11-04T05:30:00Z" },
	{ "America/New_York", 2100, 11, 7, 1, 30, "2100-11-07T05:30:00Z" },
	{ "America/New_York", 2100, 7, 15, 12, 0, "2100-07-15T16:00:00Z" },
	{ "Australia/Lord_Howe", 2040, 10, 7, 2, 15, "2040-10-06T15:45:00Z" },
	{ "Australia/Lord_Howe", 2040, 4, 1, 1, 45, "2040-03-31T14:45:00Z" },
	{ "Asia/Kolkata", 2040, 1, 15, 12, 0, "2040-01-15T06:30:00Z" },
	{ "America/Sao_Paulo", 2018, 11, 4, 0, 30, "2018-11-04T03:30:00Z" },
	{ "America/Sao_Paulo", 2040, 1, 15, 12, 0, "2040-01-15T15:00:00Z" },
	{ "Pacific/Apia", 2011, 12, 30, 12, 0, "2011-12-30T22:00:00Z" },
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
			strcpy(got, "(unknown)");
		else {
			tz_local(z, secs(dates[i].utc), &c);
			snprintf(got, sizeof(got), "%04lld-%02d-%02d",
			    (long long)c.y, c.mo, c.d);
		}
		tz_close(z);
		if (strcmp(got, dates[i].date) != 0) {
			printf("lib/tz  %s at %s: %s, want %s\n", dates[i].zone,
			    dates[i].utc, got, dates[i].date);
			bad_lib++;
		}
		if (ical_local_date(dates[i].zone, secs(dates[i].utc), got))
			strcpy(got, "(unknown)");
		if (strcmp(got, dates[i].date) != 0) {
			printf("libical %s at %s: %s, want %s\n", dates[i].zone,
			    dates[i].utc, got, dates[i].date);
			bad_ical++;
		}
	}
}

static void
test_to_utc(void **state)
{
	struct icaltimetype lt;
	icaltimezone *iz;
	struct tz_civil c = { 0 };
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
		got = z ? tz_to_utc(z, tz_secs_from_civil(&c)) : -1;
		tz_close(z);
		if (got != want) {
			printf("lib/tz  %s %04d-%02d-%02d %02d:%02d: %lld, "
			    "want %s\n", instants[i].zone, instants[i].y,
			    instants[i].mo, instants[i].d, instants[i].h,
			    instants[i].mi, (long long)got, instants[i].utc);
			bad_lib++;
		}
		iz = strcmp(instants[i].zone, "UTC") == 0 ?
		    icaltimezone_get_utc_timezone() :
		    icaltimezone_get_builtin_timezone(instants[i].zone);
		got = -1;
		if (iz != NULL) {
			lt = icaltime_null_time();
			lt.year = instants[i].y;
			lt.month = instants[i].mo;
			lt.day = instants[i].d;
			lt.hour = instants[i].h;
			lt.minute = instants[i].mi;
			lt.zone = iz;
			got = (int64_t)icaltime_as_timet_with_zone(lt, iz);
		}
		if (got != want) {
			printf("libical %s %04d-%02d-%02d %02d:%02d: %lld, "
			    "want %s\n", instants[i].zone, instants[i].y,
			    instants[i].mo, instants[i].d, instants[i].h,
			    instants[i].mi, (long long)got, instants[i].utc);
			bad_ical++;
		}
	}
}

static void
test_names(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (tz_known(names[i].name) != names[i].known) {
			printf("lib/tz  name %s: %d\n", names[i].name,
			    !names[i].known);
			bad_lib++;
		}
		if (ical_tz_known(names[i].name) != names[i].known) {
			printf("libical name %s: %d\n", names[i].name,
			    !names[i].known);
			bad_ical++;
		}
	}
	printf("disagreements with date(1): lib/tz %d, libical %d\n",
	    bad_lib, bad_ical);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_dates),
		cmocka_unit_test(test_to_utc),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
