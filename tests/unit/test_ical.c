/*
 * server/ical.c: the calendar text checked byte by byte by code of its own
 * (CRLF endings, lines of at most 75 octets, folding that unfolds back,
 * TEXT escaping per RFC 5545 section 3.3.11, UTC times), then parsed
 * back with libical's parser; and the zone arithmetic of the schedule
 * (a day in Tokyo, Los Angeles, Paris on the day summer time ends).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>
#include <libical/ical.h>

#include "ical.h"
#include "util.h"

/* Unfolds text (CRLF + space or tab continue a line) into b, checking
 * each physical line on the way. */
static void
unfold_checked(const char *text, size_t len, struct buf *b)
{
	const char *p = text, *end = text + len, *eol;

	assert_true(len >= 2);
	assert_memory_equal(end - 2, "\r\n", 2);
	while (p < end) {
		eol = strstr(p, "\r\n");
		assert_non_null(eol);
		assert_true(eol - p <= 75);
		/* A bare LF or CR inside a line would be a broken ending. */
		assert_null(memchr(p, '\n', (size_t)(eol - p)));
		assert_null(memchr(p, '\r', (size_t)(eol - p)));
		/* Folding never splits a UTF-8 sequence. */
		if (*p == ' ' && p > text)
			assert_true(((unsigned char)p[1] & 0xc0) != 0x80);
		if (p > text && (*p == ' ' || *p == '\t'))
			buf_append(b, p + 1, (size_t)(eol - p - 1));
		else {
			if (p > text)
				buf_putc(b, '\n');
			buf_append(b, p, (size_t)(eol - p));
		}
		p = eol + 2;
	}
	buf_putc(b, '\n');
}

/* The value of the first unfolded line starting with name, in a static
 * buffer. */
static const char *
prop(const char *unfolded, const char *name)
{
	static char out[4096];
	const char *p = unfolded, *nl;
	size_t n = strlen(name);

	for (; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (strncmp(p, name, n) == 0 && p[n] == ':') {
			size_t len = (nl ? (size_t)(nl - p) : strlen(p)) - n - 1;

			assert_true(len < sizeof(out));
			memcpy(out, p + n + 1, len);
			out[len] = '\0';
			return out;
		}
	}
	return NULL;
}

static void
test_calendar_text(void **state)
{
	static const char *cats[] = { "Inclusive and equitable OER",
	    "a, b; c" };
	const char *title = "Q&A: \"Open by default\", lessons; a \\ pilot";
	const char *desc = "Line one\nLine two, with 开放教育资源的可持续发展："
	    "台湾经验开放教育资源的可持续发展：台湾经验 ééééééééééééééééééé";
	struct ical_event ev[2] = {
		{ .uid = "s104.oew@confab", .starts_at = 1791205200,
		  .ends_at = 1791214200, .stamp = 1790000000, .summary = title,
		  .description = desc, .location = "Online",
		  .categories = cats, .ncategories = 2 },
		{ .uid = "s105.oew@confab", .starts_at = 1791237600,
		  .ends_at = 1791246600, .stamp = 1790000000,
		  .summary = "Second" },
	};
	struct buf u = {0};
	icalcomponent *cal, *c;
	size_t len;
	char *text;
	int n = 0;

	(void)state;
	text = ical_calendar("My, agenda", ev, 2, &len);
	assert_non_null(text);
	unfold_checked(text, len, &u);
	assert_string_equal(prop(u.data, "SUMMARY"),
	    "Q&A: \"Open by default\"\\, lessons\\; a \\\\ pilot");
	assert_non_null(strstr(prop(u.data, "DESCRIPTION"),
	    "Line one\\nLine two\\, with 开放"));
	assert_string_equal(prop(u.data, "DTSTART"), "20261005T130000Z");
	assert_string_equal(prop(u.data, "DTEND"), "20261005T153000Z");
	assert_string_equal(prop(u.data, "UID"), "s104.oew@confab");
	assert_string_equal(prop(u.data, "X-WR-CALNAME"), "My agenda");
	assert_non_null(strstr(u.data, "\nCATEGORIES:a b c\n"));
	assert_non_null(strstr(u.data, "\nMETHOD:PUBLISH\n"));

	/* libical's parser reads back what was meant. */
	cal = icalparser_parse_string(text);
	assert_non_null(cal);
	for (c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	    c != NULL; c = icalcomponent_get_next_component(cal,
	    ICAL_VEVENT_COMPONENT)) {
		if (n++ == 0) {
			assert_string_equal(icalcomponent_get_summary(c),
			    title);
			assert_string_equal(icalcomponent_get_description(c),
			    desc);
			assert_true(icaltime_is_utc(
			    icalcomponent_get_dtstart(c)));
			assert_int_equal(icaltime_as_timet(
			    icalcomponent_get_dtstart(c)), 1791205200);
		}
	}
	assert_int_equal(n, 2);
	icalcomponent_free(cal);
	ical_free(text);
	buf_free(&u);
}

static void
test_zones(void **state)
{
	char date[11];
	int64_t from, until;

	(void)state;
	/* w02 starts 2026-10-05T22:00Z: the 6th in Tokyo, the 5th in LA. */
	assert_int_equal(ical_local_date("Asia/Tokyo", 1791237600, date), 0);
	assert_string_equal(date, "2026-10-06");
	assert_int_equal(ical_local_date("America/Los_Angeles", 1791237600,
	    date), 0);
	assert_string_equal(date, "2026-10-05");
	assert_int_equal(ical_local_date("UTC", 1791237600, date), 0);
	assert_string_equal(date, "2026-10-05");
	assert_int_equal(ical_day_bounds("Asia/Tokyo", "2026-10-06", &from,
	    &until), 0);
	assert_int_equal(from, 1791212400);	/* 2026-10-05T15:00Z */
	assert_int_equal(until - from, 86400);
	/* Summer time ends in Paris on 2026-10-25: a 25-hour day. */
	assert_int_equal(ical_day_bounds("Europe/Paris", "2026-10-25", &from,
	    &until), 0);
	assert_int_equal(until - from, 90000);
	assert_int_equal(ical_local_date("Mars/Olympus", 0, date), -1);
	assert_int_equal(ical_local_date("../../etc/passwd", 0, date), -1);
	assert_false(ical_tz_known("/etc/localtime"));
	assert_true(ical_tz_known("Europe/Paris"));
	assert_int_equal(ical_day_bounds("UTC", "2026-02-30", &from, &until),
	    -1);
	assert_int_equal(ical_day_bounds("UTC", "tomorrow", &from, &until),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar_text),
		cmocka_unit_test(test_zones),
	};
	int rc = cmocka_run_group_tests_name("ical", tests, NULL, NULL);

	icaltimezone_free_builtin_timezones();
	return rc;
}
