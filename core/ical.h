/*
 * iCalendar (RFC 5545) output with Debian's libical: it escapes TEXT
 * values (\\ \; \, \n), folds lines at 75 octets without splitting UTF-8
 * sequences and ends lines with CRLF; and the schedule's "day in this
 * zone", computed with lib/tz.
 */
#ifndef CONFAB_ICAL_H
#define CONFAB_ICAL_H

#include <stddef.h>
#include <stdint.h>

struct ical_event {
	const char	 *uid;		/* stable across exports */
	int64_t		  starts_at;	/* UTC seconds */
	int64_t		  ends_at;
	int64_t		  stamp;	/* DTSTAMP and LAST-MODIFIED */
	const char	 *summary;
	const char	 *description;	/* may be NULL */
	const char	 *url;		/* may be NULL */
	const char	 *location;	/* may be NULL */
	const char	**categories;	/* one CATEGORIES property each */
	size_t		  ncategories;
};

/*
 * A VCALENDAR (METHOD:PUBLISH, X-WR-CALNAME name) holding the events,
 * times in UTC.  Returns the text, which the caller frees with ical_free,
 * and its length; NULL when libical fails.
 */
char	*ical_calendar(const char *name, const struct ical_event *, size_t n,
	    size_t *len);
void	 ical_free(char *);

/* Whether tz names a zone the system knows (tz_known in tz.h). */
int	 ical_tz_known(const char *tz);
/*
 * The calendar date (YYYY-MM-DD) of UTC instant t in zone tz.  Returns
 * 0, or -1 for an unknown zone.
 */
int	 ical_local_date(const char *tz, int64_t t, char out[11]);
/*
 * The UTC instants when day (YYYY-MM-DD) starts and ends in zone tz.
 * Returns 0, or -1 for a bad day or zone.
 */
int	 ical_day_bounds(const char *tz, const char *day, int64_t *from,
	    int64_t *until);

#endif
