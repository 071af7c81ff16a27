/*
 * The one time-zone engine: TZif files (RFC 8536, versions 1 to 4) read
 * from /usr/share/zoneinfo (or $TZDIR), with the POSIX TZ rule of their
 * footer for instants past the last transition, so dates after 2037 keep
 * their summer time.  It is written here rather than borrowed because
 * the C library's zones live in process-wide state: localtime_r reads the
 * zone named by TZ, which setenv+tzset change for every thread at once,
 * so converting in a post's zone while another thread converts in a
 * reader's would race.  Here a zone is a plain read-only struct: loaded
 * zones are kept in a small table behind a mutex (the lock is held only
 * to look up or add), and after loading nothing is written, so any number
 * of threads can share them.  libical's zones were the other engine, and
 * tests/unit/test_tz.c records where they differed.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tz.h"
#include "util.h"

#define TZ_MAX_TZIF	(256 * 1024)
/* Zones kept once loaded; tzdata has about 600 names.  Past this, each
 * tz_open loads its own copy, which tz_close frees. */
#define TZ_CACHE	128

static pthread_once_t	 tz_once = PTHREAD_ONCE_INIT;
static char		 zoneinfo_dir[256] = "/usr/share/zoneinfo";
static pthread_mutex_t	 cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tz	*cache[TZ_CACHE];
static size_t		 ncache;

/* ------------------------------------------------------------------ */
/* Civil time */

static int64_t
floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* See tz.h. */
int
tz_days_in_month(int64_t y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* ------------------------------------------------------------------ */
/* Time zones: TZif files and their POSIX TZ footer (RFC 8536) */

struct tzdate {
	char	 kind;		/* 'J' (1..365, no Feb 29), 'N' (0..365), 'M' */
	int	 n, m, w, d;
	int32_t	 secs;		/* local time of day of the change */
};

struct tzrule {
	int32_t		 std_off;	/* seconds east of UTC */
	int32_t		 dst_off;
	int		 has_dst;
	struct tzdate	 start, end;
};

struct tz {
	char		 name[TZ_MAX_NAME + 1];
	int		 cached;	/* in the table: tz_close keeps it */
	int64_t		*trans;
	unsigned char	*idx;
	int32_t		*offs;
	uint32_t	 ntrans;
	uint32_t	 ntypes;
	int		 has_rule;
	struct tzrule	 rule;
};

static void
zone_free(struct tz *z)
{
	if (z == NULL)
		return;
	free(z->trans);
	free(z->idx);
	free(z->offs);
	free(z);
}

/*
 * Zone names as tzdata spells them: [A-Za-z0-9_+-] segments separated by
 * single slashes.  No dot can appear, so neither can "..", and the length
 * is bounded; "localtime" (the server's own zone), "posixrules" and the
 * leap-second "right/" tree are not zones a post can name.  See tz.h.
 */
int
tz_name_ok(const char *s, size_t n)
{
	size_t i, seg = 0;
	unsigned char c;

	if (n == 0 || n > TZ_MAX_NAME)
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '/') {
			if (seg == 0)
				return 0;
			seg = 0;
			continue;
		}
		if (!isalnum(c) && c != '_' && c != '+' && c != '-')
			return 0;
		seg++;
	}
	if (seg == 0)
		return 0;
	if ((n == 9 && memcmp(s, "localtime", 9) == 0) ||
	    (n == 10 && memcmp(s, "posixrules", 10) == 0) ||
	    (n > 6 && memcmp(s, "right/", 6) == 0))
		return 0;
	return 1;
}

static const char *
tz_num(const char *p, int max, int *out)
{
	int v = 0, digits = 0;

	while (isdigit((unsigned char)*p) && digits < 3) {
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	if (digits == 0 || v > max)
		return NULL;
	*out = v;
	return p;
}

/* [+-]h[hh][:mm[:ss]] as seconds; hours up to maxh. */
static const char *
tz_hms(const char *p, int maxh, int32_t *out)
{
	int sign = 1, h, m = 0, s = 0;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if ((p = tz_num(p, maxh, &h)) == NULL)
		return NULL;
	if (*p == ':') {
		if ((p = tz_num(p + 1, 59, &m)) == NULL)
			return NULL;
		if (*p == ':' && (p = tz_num(p + 1, 59, &s)) == NULL)
			return NULL;
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return p;
}

static const char *
tz_abbr(const char *p)
{
	const char *s = p;

	if (*p == '<') {
		for (p++; *p != '>'; p++)
			if (!isalnum((unsigned char)*p) && *p != '+' &&
			    *p != '-')
				return NULL;
		return p + 1;
	}
	while (isalpha((unsigned char)*p))
		p++;
	return p - s >= 3 ? p : NULL;
}

static const char *
tz_date(const char *p, struct tzdate *d)
{
	d->secs = 7200;
	if (*p == 'J') {
		d->kind = 'J';
		if ((p = tz_num(p + 1, 365, &d->n)) == NULL || d->n < 1)
			return NULL;
	} else if (*p == 'M') {
		d->kind = 'M';
		if ((p = tz_num(p + 1, 12, &d->m)) == NULL || d->m < 1 ||
		    *p != '.' ||
		    (p = tz_num(p + 1, 5, &d->w)) == NULL || d->w < 1 ||
		    *p != '.' || (p = tz_num(p + 1, 6, &d->d)) == NULL)
			return NULL;
	} else {
		d->kind = 'N';
		if ((p = tz_num(p, 365, &d->n)) == NULL)
			return NULL;
	}
	if (*p == '/')
		p = tz_hms(p + 1, 167, &d->secs);
	return p;
}

/* Parses a POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3". */
static int
tz_rule_parse(const char *p, struct tzrule *r)
{
	int32_t off;

	memset(r, 0, sizeof(*r));
	if ((p = tz_abbr(p)) == NULL || (p = tz_hms(p, 24, &off)) == NULL)
		return -1;
	r->std_off = -off;	/* POSIX counts west of Greenwich */
	if (*p == '\0')
		return 0;
	if ((p = tz_abbr(p)) == NULL)
		return -1;
	r->dst_off = r->std_off + 3600;
	if (*p != ',' && *p != '\0') {
		if ((p = tz_hms(p, 24, &off)) == NULL)
			return -1;
		r->dst_off = -off;
	}
	/* A DST name without rules: no rule to apply, keep standard time. */
	if (*p == '\0')
		return 0;
	if (*p != ',' || (p = tz_date(p + 1, &r->start)) == NULL ||
	    *p != ',' || (p = tz_date(p + 1, &r->end)) == NULL || *p != '\0')
		return -1;
	r->has_dst = 1;
	return 0;
}

static int64_t
tz_rule_day(const struct tzdate *d, int64_t y)
{
	int64_t first;
	int dow, day, mdays;

	switch (d->kind) {
	case 'J':
		return days_from_civil(y, 1, 1) + d->n - 1 +
		    (is_leap(y) && d->n >= 60);
	case 'N':
		return days_from_civil(y, 1, 1) + d->n;
	default:
		first = days_from_civil(y, d->m, 1);
		dow = (int)((first % 7 + 7 + 4) % 7);	/* 1970-01-01: Thu */
		day = 1 + (d->d - dow + 7) % 7 + (d->w - 1) * 7;
		mdays = tz_days_in_month(y, d->m);
		while (day > mdays)
			day -= 7;
		return first + day - 1;
	}
}

static int32_t
tz_rule_offset(const struct tzrule *r, int64_t t)
{
	int64_t y, s, e;
	int m, d, dst;

	if (!r->has_dst)
		return r->std_off;
	civil_from_days(floordiv(t + r->std_off, 86400), &y, &m, &d);
	/* The start is given in standard time, the end in daylight time. */
	s = tz_rule_day(&r->start, y) * 86400 + r->start.secs - r->std_off;
	e = tz_rule_day(&r->end, y) * 86400 + r->end.secs - r->dst_off;
	if (s < e)
		dst = t >= s && t < e;
	else
		dst = !(t >= e && t < s);
	return dst ? r->dst_off : r->std_off;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/*
 * Parses a TZif file (versions 1 to 4) into z: the transitions, the offset
 * of each local time type, and the footer's rule for times past the last
 * transition.  Returns 0, or -1 for anything malformed.
 */
static int
tzif_parse(struct tz *z, const unsigned char *p, size_t n)
{
	uint32_t isut, isstd, leap, timecnt, typecnt, charcnt, i;
	const unsigned char *data, *end = p + n;
	size_t tsize = 4, need;
	char footer[256];
	const unsigned char *f, *nl;

	if (n < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	for (;;) {
		isut = be32(p + 20);
		isstd = be32(p + 24);
		leap = be32(p + 28);
		timecnt = be32(p + 32);
		typecnt = be32(p + 36);
		charcnt = be32(p + 40);
		if (timecnt > 65536 || typecnt == 0 || typecnt > 256 ||
		    charcnt > 65536 || leap > 65536 || isut > 256 ||
		    isstd > 256)
			return -1;
		need = timecnt * (tsize + 1) + typecnt * 6 + charcnt +
		    leap * (tsize + 4) + isstd + isut;
		if ((size_t)(end - p) < 44 + need)
			return -1;
		data = p + 44;
		if (tsize == 8 || p[4] < '2')
			break;
		/* Skip the 32-bit block: version 2+ repeats it in 64 bits. */
		p = data + need;
		tsize = 8;
		if ((size_t)(end - p) < 44 || memcmp(p, "TZif", 4) != 0)
			return -1;
	}
	z->ntrans = timecnt;
	z->ntypes = typecnt;
	z->trans = xcalloc(timecnt ? timecnt : 1, sizeof(*z->trans));
	z->idx = xcalloc(timecnt ? timecnt : 1, 1);
	z->offs = xcalloc(typecnt, sizeof(*z->offs));
	for (i = 0; i < timecnt; i++) {
		z->trans[i] = tsize == 8 ? be64(data + i * 8) :
		    (int64_t)(int32_t)be32(data + i * 4);
		if (i > 0 && z->trans[i] <= z->trans[i - 1])
			return -1;
	}
	data += timecnt * tsize;
	for (i = 0; i < timecnt; i++)
		if ((z->idx[i] = data[i]) >= typecnt)
			return -1;
	data += timecnt;
	for (i = 0; i < typecnt; i++) {
		z->offs[i] = (int32_t)be32(data + i * 6);
		if (z->offs[i] < -26 * 3600 || z->offs[i] > 26 * 3600)
			return -1;
	}
	if (tsize == 8) {
		f = data + typecnt * 6 + charcnt + leap * 12 + isstd + isut;
		if (f < end && *f == '\n' && (nl = memchr(f + 1, '\n',
		    (size_t)(end - f - 1))) != NULL &&
		    (size_t)(nl - f - 1) < sizeof(footer) && nl > f + 1) {
			memcpy(footer, f + 1, (size_t)(nl - f - 1));
			footer[nl - f - 1] = '\0';
			/* An unreadable rule: the transitions still hold. */
			z->has_rule = tz_rule_parse(footer, &z->rule) == 0;
		}
	}
	return 0;
}

static void
tz_init(void)
{
	const char *dir = getenv("TZDIR");

	if (dir != NULL && *dir == '/' && strlen(dir) < sizeof(zoneinfo_dir))
		memcpy(zoneinfo_dir, dir, strlen(dir) + 1);
}

/* Reads zone name (n bytes, well formed); returns it or NULL. */
static struct tz *
zone_load(const char *name, size_t n)
{
	char path[sizeof(zoneinfo_dir) + TZ_MAX_NAME + 2];
	unsigned char *data = NULL;
	struct tz *z = xcalloc(1, sizeof(*z));
	struct stat st;
	size_t got = 0;
	ssize_t r;
	int fd, rc = -1;

	memcpy(z->name, name, n);
	z->name[n] = '\0';
	/* UTC needs no file: it works even without tzdata installed. */
	if ((n == 3 && memcmp(name, "UTC", 3) == 0) ||
	    (n == 7 && memcmp(name, "Etc/UTC", 7) == 0)) {
		z->offs = xcalloc(1, sizeof(*z->offs));
		z->ntypes = 1;
		return z;
	}
	snprintf(path, sizeof(path), "%s/%s", zoneinfo_dir, z->name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		zone_free(z);
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size < 44 ||
	    st.st_size > TZ_MAX_TZIF)
		goto out;
	data = xmalloc((size_t)st.st_size);
	while (got < (size_t)st.st_size) {
		r = read(fd, data + got, (size_t)st.st_size - got);
		if (r <= 0)
			goto out;
		got += (size_t)r;
	}
	if (tzif_parse(z, data, got) == 0)
		rc = 0;
out:
	if (rc != 0) {
		zone_free(z);
		z = NULL;
	}
	free(data);
	close(fd);
	return z;
}

/* The cached zone called name (n bytes), or NULL; cache_lock held. */
static struct tz *
cache_find(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < ncache; i++)
		if (strlen(cache[i]->name) == n &&
		    memcmp(cache[i]->name, name, n) == 0)
			return cache[i];
	return NULL;
}

/* See tz.h. */
struct tz *
tz_open(const char *name, size_t n)
{
	struct tz *z, *won;

	if (!tz_name_ok(name, n))
		return NULL;
	pthread_once(&tz_once, tz_init);
	pthread_mutex_lock(&cache_lock);
	z = cache_find(name, n);
	pthread_mutex_unlock(&cache_lock);
	if (z != NULL)
		return z;
	/* Read without the lock: a slow disk must not stall other zones.
	 * Unknown names are not kept, so a client cannot fill the table. */
	if ((z = zone_load(name, n)) == NULL)
		return NULL;
	pthread_mutex_lock(&cache_lock);
	/* Another thread may have loaded the same zone meanwhile. */
	if ((won = cache_find(name, n)) != NULL) {
		pthread_mutex_unlock(&cache_lock);
		zone_free(z);
		return won;
	}
	if (ncache < TZ_CACHE) {
		z->cached = 1;
		cache[ncache++] = z;
	}
	pthread_mutex_unlock(&cache_lock);
	return z;
}

/* See tz.h. */
void
tz_close(struct tz *z)
{
	/* cached never changes after tz_open returns z. */
	if (z != NULL && !z->cached)
		zone_free(z);
}

/* See tz.h. */
int
tz_known(const char *name)
{
	struct tz *z;

	if (name == NULL || (z = tz_open(name, strlen(name))) == NULL)
		return 0;
	tz_close(z);
	return 1;
}

/* See tz.h. */
int32_t
tz_offset(const struct tz *z, int64_t t)
{
	uint32_t lo = 0, hi = z->ntrans;

	if (z->ntrans == 0)
		return z->has_rule ? tz_rule_offset(&z->rule, t) : z->offs[0];
	if (t < z->trans[0])
		return z->offs[0];
	/* The last transition at or before t. */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	if (lo == z->ntrans - 1 && z->has_rule)
		return tz_rule_offset(&z->rule, t);
	return z->offs[z->idx[lo]];
}

/*
 * See tz.h.  The candidates are the offsets two days either side of the
 * local time read as UTC, which assumes a zone does not change its offset
 * twice within four days.
 */
int64_t
tz_to_utc(const struct tz *z, int64_t local)
{
	int32_t before = tz_offset(z, local - 2 * 86400);
	int32_t after = tz_offset(z, local + 2 * 86400);
	int64_t best = 0;
	int found = 0;

	if (tz_offset(z, local - before) == before) {
		best = local - before;
		found = 1;
	}
	if (tz_offset(z, local - after) == after &&
	    (!found || local - after < best)) {
		best = local - after;
		found = 1;
	}
	return found ? best : local - before;
}


/* See tz.h. */
void
tz_local(const struct tz *z, int64_t t, struct tz_civil *out)
{
	tz_civil_from_secs(t + tz_offset(z, t), out);
}

/* See tz.h. */
int64_t
tz_secs_from_civil(const struct tz_civil *c)
{
	return days_from_civil(c->y, c->mo, c->d) * 86400 + c->h * 3600 +
	    c->mi * 60 + c->s;
}

/* See tz.h. */
void
tz_civil_from_secs(int64_t secs, struct tz_civil *out)
{
	int64_t days = floordiv(secs, 86400);
	int sec = (int)(secs - days * 86400);

	civil_from_days(days, &out->y, &out->mo, &out->d);
	out->h = sec / 3600;
	out->mi = sec / 60 % 60;
	out->s = sec % 60;
}
