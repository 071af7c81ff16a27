/*
 * iCalendar output with libical (Debian's libical-dev), and the
 * schedule's zone arithmetic on lib/tz.  libical escapes TEXT properties,
 * folds long lines at 75 octets on UTF-8 boundaries and writes CRLF;
 * tests/http check all three with a parser of their own.  Two of its
 * gaps are filled here: it writes X- properties and CATEGORIES without
 * escaping ',' and ';', so those values lose both characters first.
 *
 * Zone arithmetic (the schedule's "day in this zone") is lib/tz's:
 * libical's built-in zones were a second engine that read skipped and
 * repeated hours differently and accepted "localtime" as a zone name
 * (tests/unit/test_tz.c).
 *
 * Thread safety: everything is built in per-call components and
 * serialised with icalcomponent_as_ical_string_r (no shared ring buffer).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "ical.h"
#include "tz.h"
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

/* The zone called tz (NULL: none), or NULL; release with tz_close. */
static struct tz *
zone(const char *tz)
{
	return tz != NULL ? tz_open(tz, strlen(tz)) : NULL;
}

/* Returns 1 when tz names a zone lib/tz can open, else 0. */
int
ical_tz_known(const char *tz)
{
	return tz != NULL && tz_known(tz);
}

/* Returns 0 with out set, or -1 for an unknown zone (see ical.h). */
int
ical_local_date(const char *tz, int64_t t, char out[11])
{
	struct tz *z = zone(tz);
	struct tz_civil c;
	char buf[48];

	if (z == NULL)
		return -1;
	tz_local(z, t, &c);
	tz_close(z);
	snprintf(buf, sizeof(buf), "%04lld-%02d-%02d", (long long)c.y, c.mo,
	    c.d);
	memcpy(out, buf, 10);
	out[10] = '\0';
	return 0;
}

/*
 * Returns 0 with *from and *until set, or -1 for a bad day or zone (see
 * ical.h).  A day whose midnight is skipped starts when its first hour
 * does (tz_to_utc's rule for gaps).
 */
int
ical_day_bounds(const char *tz, const char *day, int64_t *from,
    int64_t *until)
{
	struct tz_civil c = { 0 };
	struct tz *z;
	int64_t check;

	if (strlen(day) != 10 || day[4] != '-' || day[7] != '-' ||
	    util_parse_iso8601(day, &check) != 0 || (z = zone(tz)) == NULL)
		return -1;
	c.y = atoi(day);
	c.mo = atoi(day + 5);
	c.d = atoi(day + 8);
	*from = tz_to_utc(z, tz_secs_from_civil(&c));
	*until = tz_to_utc(z, tz_secs_from_civil(&c) + 86400);
	tz_close(z);
	return *until > *from ? 0 : -1;
}
