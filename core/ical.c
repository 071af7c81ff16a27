/*
 * iCalendar output and zone arithmetic with libical (Debian's
 * libical-dev).  libical escapes TEXT properties, folds long lines at 75
 * octets on UTF-8 boundaries and writes CRLF; tests/http check all three
 * with a parser of their own.  Two of its gaps are filled here: it writes
 * X- properties and CATEGORIES without escaping ',' and ';', so those
 * values lose both characters first.
 *
 * Thread safety: everything is built in per-call components and
 * serialised with icalcomponent_as_ical_string_r (no shared ring buffer);
 * libical guards its lazily loaded built-in zones with a mutex.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "program.h"
#include "ical.h"
#include "util.h"

/* A copy of s without ',' ';' and control characters (for values libical
 * does not escape), in a malloc'd string. */
static char *
plain(const char *s)
{
	char *out = xstrdup(s ? s : ""), *p, *q;

	/* Runs of spaces and of what they replace become one space. */
	for (p = q = out; *p; p++) {
		if (*p == ',' || *p == ';' || (unsigned char)*p < 0x20 ||
		    *p == '\\' || *p == ' ') {
			if (q > out && q[-1] != ' ')
				*q++ = ' ';
			continue;
		}
		*q++ = *p;
	}
	while (q > out && q[-1] == ' ')
		q--;
	*q = '\0';
	return out;
}

static struct icaltimetype
utc(int64_t t)
{
	return icaltime_from_timet_with_zone((time_t)t, 0,
	    icaltimezone_get_utc_timezone());
}

static icalcomponent *
event(const struct ical_event *e)
{
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	size_t i;
	char *c;

	icalcomponent_add_property(ev, icalproperty_new_uid(e->uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
	    utc(e->stamp)));
	icalcomponent_add_property(ev, icalproperty_new_lastmodified(
	    utc(e->stamp)));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(
	    utc(e->starts_at)));
	icalcomponent_add_property(ev, icalproperty_new_dtend(
	    utc(e->ends_at)));
	icalcomponent_add_property(ev, icalproperty_new_summary(
	    e->summary ? e->summary : ""));
	if (e->description != NULL)
		icalcomponent_add_property(ev, icalproperty_new_description(
		    e->description));
	if (e->location != NULL)
		icalcomponent_add_property(ev, icalproperty_new_location(
		    e->location));
	if (e->url != NULL)
		icalcomponent_add_property(ev, icalproperty_new_url(e->url));
	for (i = 0; i < e->ncategories; i++) {
		c = plain(e->categories[i]);
		if (*c)
			icalcomponent_add_property(ev,
			    icalproperty_new_categories(c));
		free(c);
	}
	return ev;
}

char *
ical_calendar(const char *name, const struct ical_event *ev, size_t n,
    size_t *len)
{
	icalcomponent *cal;
	icalproperty *x;
	char *text, *calname;
	size_t i;

	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
	    icalproperty_new_version("2.0"),
	    icalproperty_new_prodid("-//confab//conference//EN"),
	    icalproperty_new_calscale("GREGORIAN"),
	    icalproperty_new_method(ICAL_METHOD_PUBLISH), (void *)0);
	if (cal == NULL)
		return NULL;
	calname = plain(name);
	x = icalproperty_new_x(calname);
	icalproperty_set_x_name(x, "X-WR-CALNAME");
	icalcomponent_add_property(cal, x);
	free(calname);
	for (i = 0; i < n; i++)
		icalcomponent_add_component(cal, event(&ev[i]));
	text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (text != NULL)
		*len = strlen(text);
	return text;
}

void
ical_free(char *s)
{
	if (s != NULL)
		icalmemory_free_buffer(s);
}

static icaltimezone *
zone(const char *tz)
{
	if (tz == NULL || !import_tz_ok(tz))
		return NULL;
	if (strcmp(tz, "UTC") == 0 || strcmp(tz, "Etc/UTC") == 0)
		return icaltimezone_get_utc_timezone();
	return icaltimezone_get_builtin_timezone(tz);
}

int
ical_tz_known(const char *tz)
{
	return zone(tz) != NULL;
}

int
ical_local_date(const char *tz, int64_t t, char out[11])
{
	icaltimezone *z = zone(tz);
	struct icaltimetype lt;
	char buf[32];

	if (z == NULL)
		return -1;

	lt = icaltime_from_timet_with_zone((time_t)t, 0, z);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", lt.year, lt.month,
	    lt.day);
	memcpy(out, buf, 10);
	out[10] = '\0';
	return 0;
}

int
ical_day_bounds(const char *tz, const char *day, int64_t *from,
    int64_t *until)
{
	icaltimezone *z = zone(tz);
	struct icaltimetype lt = icaltime_null_time();
	int64_t check;

	if (z == NULL || strlen(day) != 10 || day[4] != '-' ||
	    day[7] != '-' || util_parse_iso8601(day, &check) != 0)
		return -1;
	lt.year = atoi(day);
	lt.month = atoi(day + 5);
	lt.day = atoi(day + 8);
	lt.zone = z;
	*from = (int64_t)icaltime_as_timet_with_zone(lt, z);
	icaltime_adjust(&lt, 1, 0, 0, 0);
	*until = (int64_t)icaltime_as_timet_with_zone(lt, z);
	return *until > *from ? 0 : -1;
}
