/*
 * The conference through the real binary: both sample programs imported
 * with `confab import-program` (and the staff endpoint), re-imported
 * without duplicates, a broken file refused whole with row-numbered
 * errors; the schedule grouped by day in two time zones, with filters;
 * the live room URL absent from everything an anonymous visitor or a
 * non-participant can fetch (and from the server log), present for
 * participants; iCalendar feeds checked by a parser of their own and by
 * libical's (CRLF, 75-octet lines, escaping, UTC, stable UIDs); the
 * private agenda feed and its revocation.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>
#include <libical/ical.h>

#include "harness.h"

#define PASSWORD	"correct horse battery"
#define ROOM		"meet.example.org"
#define JSON_FILE	"data/program-sample.json"
#define CSV_FILE	"data/program-sample.csv"

static struct th_server srv;
static char *gkey;
static struct th_client *anon, *admin, *alice, *bob;

/* Runs `confab import-program A [B] --db DB`, output (stdout and stderr)
 * into out; returns the exit status. */
static int
import_cli(char *out, size_t outlen, const char *a, const char *b)
{
	return th_cli(&srv, &(struct th_cli){ .with_stderr = 1, .out = out,
	    .outlen = outlen }, "import-program", a, b, NULL);
}

static int
setup(void **state)
{
	char out[8192];

	(void)state;
	if (th_start(&srv, NULL) != 0 ||
	    th_create_user(&srv, "admin1", PASSWORD, 1, 0) < 0 ||
	    th_create_user(&srv, "alice", PASSWORD, 0, 0) < 0 ||
	    th_create_user(&srv, "bob", PASSWORD, 0, 0) < 0 ||
	    (gkey = th_api_key(&srv, NULL)) == NULL)
		return -1;
	anon = th_client_new(&srv);
	admin = th_client_as(&srv, gkey, "admin1");
	alice = th_client_as(&srv, gkey, "alice");
	bob = th_client_as(&srv, gkey, "bob");
	if (import_cli(out, sizeof(out), JSON_FILE, NULL) != 0) {
		fprintf(stderr, "%s", out);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	th_client_free(anon);
	th_client_free(admin);
	th_client_free(alice);
	th_client_free(bob);
	free(gkey);
	icaltimezone_free_builtin_timezones();
	return th_stop(&srv);
}

/* Counts the sessions of a schedule: in its days and unscheduled. */
static size_t
schedule_count(json_t *j)
{
	json_t *day;
	size_t i, n = json_array_size(json_object_get(j, "unscheduled"));

	json_array_foreach(json_object_get(j, "days"), i, day)
		n += json_array_size(json_object_get(day, "sessions"));
	return n;
}

/* "date:count,date:count" of a schedule's days. */
static char *
days_of(json_t *j, char *out, size_t len)
{
	json_t *day;
	size_t i, k = 0;

	out[0] = '\0';
	json_array_foreach(json_object_get(j, "days"), i, day)
		k += (size_t)snprintf(out + k, len - k, "%s%s:%zu", i ? "," : "",
		    json_string_value(json_object_get(day, "date")),
		    json_array_size(json_object_get(day, "sessions")));
	return out;
}

/* The topic id of a session by external id, from the schedule. */
static long
topic_of(const char *ext)
{
	json_t *day, *s, *j = th_expect_get(anon, 200,
	    "/conference/schedule.json");
	size_t i, k;
	long id = -1;

	json_array_foreach(json_object_get(j, "days"), i, day)
		json_array_foreach(json_object_get(day, "sessions"), k, s)
			if (strcmp(json_string_value(json_object_get(s,
			    "external_id")), ext) == 0)
				id = (long)json_integer_value(json_object_get(s,
				    "topic_id"));
	json_array_foreach(json_object_get(j, "unscheduled"), k, s)
		if (strcmp(json_string_value(json_object_get(s, "external_id")),
		    ext) == 0)
			id = (long)json_integer_value(json_object_get(s,
			    "topic_id"));
	json_decref(j);
	assert_true(id > 0);
	return id;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return data;
}

/* --- import ----------------------------------------------------------- */

static void
test_import_both_files_twice(void **state)
{
	char out[16384];
	json_t *j, *body;
	long st;

	(void)state;
	/* setup imported the JSON file: the CSV describes the same. */
	assert_int_equal(import_cli(out, sizeof(out), CSV_FILE, NULL), 0);
	assert_non_null(strstr(out, "23 sessions: 0 created, 0 updated, "
	    "23 unchanged"));
	assert_int_equal(import_cli(out, sizeof(out), JSON_FILE, NULL), 0);
	assert_non_null(strstr(out, "23 unchanged"));
	assert_int_equal(import_cli(out, sizeof(out), "--dry-run",
	    CSV_FILE), 0);
	assert_non_null(strstr(out, "dry run: nothing was written"));
	j = th_expect_get(anon, 200, "/conference/schedule.json");
	assert_int_equal(schedule_count(j), 23);
	assert_int_equal(json_integer_value(json_object_get(j,
	    "session_count")), 23);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "conference"), "name")), "Open Education Week 2026 (sample)");
	json_decref(j);
	/* The staff endpoint, with the file's text: the same answer. */
	{
		char *text = slurp(JSON_FILE);

		body = json_pack("{s:s,s:b}", "file", text, "dry_run", 0);
		free(text);
	}
	j = th_send(admin, "POST", "/conference/import.json", body, &st);
	assert_int_equal(st, 200);
	assert_int_equal(json_array_size(json_object_get(j, "unchanged")), 23);
	assert_int_equal(json_array_size(json_object_get(j, "created")), 0);
	json_decref(j);
	j = th_expect(bob, "POST", 403, "file=x", "/conference/import.json");
	th_assert_error(j, "invalid_access");
	json_decref(j);
	/* Every stored counter still adds up. */
	assert_int_equal(th_admin(&srv, NULL, NULL, 0, "check-counters",
	    NULL), 0);
}

static void
test_broken_file_refused_whole(void **state)
{
	char path[400], out[8192], *text;
	json_t *j, *body, *errors;
	FILE *f;
	long st;

	(void)state;
	snprintf(path, sizeof(path), "%s/broken.csv", srv.dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("external_id,webinar,webinar_title,format,language,title,"
	    "starts_at,ends_at,action_areas,presenters,room_url,abstract\n"
	    "s101,w01,Webinar 1 — Policy foundations,sync,en,Renamed but "
	    "refused,2026-10-05T13:00:00Z,2026-10-05T15:30:00Z,,,,\n"
	    "s102,w01,,sync,en,Bad time,2026-10-05T25:00:00Z,"
	    "2026-10-05T15:30:00Z,,,,\n"
	    "s103,,,sync,en,Backwards,2026-10-05T15:00:00Z,"
	    "2026-10-05T14:00:00Z,,,,\n"
	    "s104,w77,,sync,en,Nowhere,2026-10-05T13:00:00Z,"
	    "2026-10-05T14:00:00Z,,,,\n"
	    "s105,,,async,fr,,,,,,,\n", f);
	fclose(f);
	assert_int_equal(import_cli(out, sizeof(out), path, NULL), 1);
	assert_non_null(strstr(out, "refused, nothing was imported"));
	assert_non_null(strstr(out, "row 3 (s102): starts_at: invalid time"));
	assert_non_null(strstr(out, "row 4 (s103): ends_at: end before "
	    "start"));
	assert_non_null(strstr(out, "row 5: webinar: unknown webinar w77"));
	assert_non_null(strstr(out, "row 6 (s105): title: missing"));
	/* The endpoint says the same, in Discourse's error shape. */
	text = slurp(path);
	body = json_pack("{s:s}", "file", text);
	free(text);
	j = th_send(admin, "POST", "/conference/import.json", body, &st);
	assert_int_equal(st, 422);
	th_assert_error(j, "record_invalid");
	errors = json_object_get(j, "errors");
	assert_int_equal(json_array_size(errors), 4);
	assert_non_null(strstr(json_string_value(json_array_get(errors, 0)),
	    "row 3 (s102): starts_at"));
	json_decref(j);
	/* Nothing changed. */
	j = th_expect_get(anon, 200, "/t/%ld.json", topic_of("s101"));
	assert_string_equal(json_string_value(json_object_get(j, "title")),
	    "Drafting an institutional open licensing policy in twelve weeks");
	json_decref(j);
	j = th_expect_get(anon, 200, "/conference/schedule.json");
	assert_int_equal(schedule_count(j), 23);
	json_decref(j);
}

/* The file's text with the first "from" replaced by "to" (malloc'd). */
static char *
replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	assert_non_null(at);
	snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to,
	    at + strlen(from));
	return out;
}

static json_t *
import_text(const char *text, long want)
{
	json_t *j, *body = json_pack("{s:s}", "file", text);
	long st;

	j = th_send(admin, "POST", "/conference/import.json", body, &st);
	assert_int_equal(st, want);
	return j;
}

static void
test_changed_file_updates_in_place(void **state)
{
	char *text = slurp(JSON_FILE), *changed, body[256];
	long id = topic_of("s112");
	json_t *j, *reply, *posts;
	long reply_id;

	(void)state;
	snprintf(body, sizeof(body), "topic_id=%ld&raw=A+question+for+the+"
	    "presenter%%2C+long+enough.", id);
	reply = th_expect(bob, "POST", 200, body, "/posts.json");
	reply_id = (long)json_integer_value(json_object_get(reply, "id"));
	json_decref(reply);
	changed = replaced(text, "\"title\": \"Who pays? Funding models",
	    "\"title\": \"Who pays now? Funding models");
	j = import_text(changed, 200);
	assert_int_equal(json_array_size(json_object_get(j, "created")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "updated")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "updated"), 0), "fields")), "title");
	json_decref(j);
	j = th_expect_get(anon, 200, "/t/%ld.json", id);
	assert_string_equal(json_string_value(json_object_get(j, "title")),
	    "Who pays now? Funding models for open textbooks after the grant "
	    "ends");
	assert_int_equal(json_integer_value(json_object_get(j,
	    "posts_count")), 2);
	posts = json_object_get(json_object_get(j, "post_stream"), "posts");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    posts, 1), "id")), reply_id);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    posts, 1), "version")), 1);
	json_decref(j);
	j = th_expect_get(anon, 200, "/conference/schedule.json");
	assert_int_equal(schedule_count(j), 23);
	json_decref(j);
	/* And back. */
	json_decref(import_text(text, 200));
	free(changed);
	free(text);
}

/* --- the schedule ----------------------------------------------------- */

static void
test_schedule_by_day_in_two_zones(void **state)
{
	char days[512];
	json_t *j;
	long st;

	(void)state;
	j = th_expect_get(anon, 200, "/conference/schedule.json?tz=Asia/Tokyo");
	assert_string_equal(days_of(j, days, sizeof(days)),
	    "2026-10-05:4,2026-10-06:7,2026-10-07:7,2026-10-09:1");
	assert_int_equal(json_array_size(json_object_get(j, "unscheduled")),
	    4);
	assert_string_equal(json_string_value(json_object_get(j, "timezone")),
	    "Asia/Tokyo");
	json_decref(j);
	j = th_expect_get(anon, 200,
	    "/conference/schedule.json?tz=America/Los_Angeles");
	assert_string_equal(days_of(j, days, sizeof(days)),
	    "2026-10-05:7,2026-10-06:7,2026-10-07:4,2026-10-08:1");
	assert_int_equal(schedule_count(j), 23);
	json_decref(j);
	/* Filters. */
	j = th_expect_get(anon, 200,
	    "/conference/schedule.json?tz=Asia/Tokyo&day=2026-10-06");
	assert_string_equal(days_of(j, days, sizeof(days)), "2026-10-06:7");
	assert_int_equal(json_array_size(json_object_get(j, "unscheduled")),
	    0);
	json_decref(j);
	j = th_expect_get(anon, 200, "/conference/schedule.json?webinar=w03");
	assert_int_equal(schedule_count(j), 4);
	json_decref(j);
	j = th_expect_get(anon, 200, "/conference/schedule.json?language=fr");
	assert_int_equal(schedule_count(j), 5);
	json_decref(j);
	j = th_expect_get(anon, 200, "/conference/schedule.json?format=async");
	assert_int_equal(schedule_count(j), 4);
	assert_int_equal(json_array_size(json_object_get(j, "days")), 0);
	json_decref(j);
	j = th_expect_get(anon, 200,
	    "/conference/schedule.json?tag=sustainability-models&format=sync");
	assert_int_equal(schedule_count(j), 5);
	assert_int_equal(json_array_size(json_object_get(j, "languages")), 6);
	json_decref(j);
	j = th_get(anon, "/conference/schedule.json?tz=Mars/Olympus", &st);
	assert_int_equal(st, 400);
	th_assert_error(j, "invalid_parameters");
	json_decref(j);
	j = th_get(anon, "/conference/schedule.json?day=2026-02-30", &st);
	assert_int_equal(st, 400);
	json_decref(j);
	j = th_get(anon, "/conference/schedule.json?format=live", &st);
	assert_int_equal(st, 400);
	json_decref(j);
}

/* --- the room URL ----------------------------------------------------- */

static void
assert_no_room(struct th_client *c, const char *path, int html)
{
	const char *const hdr[] = { "Accept: text/html", NULL };
	struct th_resp r;

	th_request(c, "GET", path, NULL, NULL, html ? hdr : NULL, &r);
	if (r.status < 200 || r.status >= 500)
		fail_msg("GET %s: %ld", path, r.status);
	if (strstr(r.body, ROOM) != NULL)
		fail_msg("GET %s (%s) shows the room URL", path,
		    html ? "html" : "json");
	th_resp_free(&r);
}

static void
assert_nowhere(struct th_client *c)
{
	char path[256];
	long t1 = topic_of("s101"), t4 = topic_of("s104");
	json_t *j = th_expect_get(anon, 200, "/t/%ld.json", t1);
	long first = (long)json_integer_value(json_array_get(json_object_get(
	    json_object_get(j, "post_stream"), "stream"), 0));
	const char *slug = json_string_value(json_object_get(j, "slug"));
	const char *const paths[] = {
		"/latest.json", "/latest", "/top.json", "/categories.json",
		"/tags.json", "/tag/developing-supportive-policy.json",
		"/site.json", "/about.json", "/u/system.json",
		"/conference/schedule.json", "/conference/schedule.json?"
		"tz=Asia/Tokyo", "/conference/schedule.ics",
		"/conference/recordings.json", "/search.json?q=meet",
		"/search.json?q=https", "/schedule", "/recordings",
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_no_room(c, paths[i], 0);
		assert_no_room(c, paths[i], 1);
	}
	snprintf(path, sizeof(path), "/t/%ld.json", t1);
	assert_no_room(c, path, 0);
	snprintf(path, sizeof(path), "/t/%s/%ld", slug, t1);
	assert_no_room(c, path, 1);
	snprintf(path, sizeof(path), "/t/%ld.ics", t4);
	assert_no_room(c, path, 0);
	snprintf(path, sizeof(path), "/conference/sessions/%ld.json", t1);
	assert_no_room(c, path, 0);
	snprintf(path, sizeof(path), "/posts/%ld.json", first);
	assert_no_room(c, path, 0);
	snprintf(path, sizeof(path), "/posts/%ld/revisions/latest.json",
	    first);
	assert_no_room(c, path, 0);
	snprintf(path, sizeof(path), "/t/%ld/posts.json?post_ids[]=%ld", t1,
	    first);
	assert_no_room(c, path, 0);
	snprintf(path, sizeof(path), "/c/sessions/%ld.json", (long)
	    json_integer_value(json_object_get(j, "category_id")));
	assert_no_room(c, path, 0);
	json_decref(j);
}

static void
test_room_url_only_for_participants(void **state)
{
	json_t *j, *cs;
	long t1 = topic_of("s101");
	FILE *log;
	char line[4096];

	(void)state;
	/* Anonymous visitors and a logged-in non-participant. */
	assert_nowhere(anon);
	assert_nowhere(bob);
	j = th_expect_get(bob, 200, "/t/%ld.json", t1);
	cs = json_object_get(j, "conference_session");
	assert_true(json_is_true(json_object_get(cs, "has_room")));
	assert_true(json_is_false(json_object_get(cs, "can_see_room")));
	assert_true(json_is_null(json_object_get(cs, "room_url")));
	json_decref(j);
	/* alice joins the participants. */
	j = th_expect(admin, "POST", 200, "usernames=alice",
	    "/conference/participants.json");
	assert_string_equal(json_string_value(json_array_get(json_object_get(j,
	    "added"), 0)), "alice");
	json_decref(j);
	j = th_expect_get(alice, 200, "/t/%ld.json", t1);
	cs = json_object_get(j, "conference_session");
	assert_true(json_is_true(json_object_get(cs, "can_see_room")));
	assert_string_equal(json_string_value(json_object_get(cs, "room_url")),
	    "https://" ROOM "/w01");
	json_decref(j);
	j = th_expect_get(alice, 200, "/conference/schedule.json");
	assert_non_null(strstr(json_string_value(json_object_get(
	    json_array_get(json_object_get(json_array_get(json_object_get(j,
	    "days"), 0), "sessions"), 0), "room_url")), ROOM));
	json_decref(j);
	j = th_expect_get(admin, 200, "/conference/sessions/%ld.json", t1);
	assert_non_null(strstr(json_string_value(json_object_get(
	    json_object_get(j, "conference_session"), "room_url")), ROOM));
	json_decref(j);
	/* Still nothing for the others, cached or not. */
	assert_nowhere(anon);
	assert_nowhere(bob);
	/* ... and never in the server's log. */
	log = th_log_open(&srv);
	assert_non_null(log);
	while (fgets(line, sizeof(line), log) != NULL)
		if (strstr(line, ROOM) != NULL)
			fail_msg("the log shows the room: %s", line);
	fclose(log);
}

/* --- calendars -------------------------------------------------------- */

/* Checks RFC 5545's framing with code of its own and unfolds the text
 * into out (malloc'd). */
static char *
check_ics(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *eol;
	char *out = calloc(1, len + 2), *o = out;

	assert_true(len > 20);
	assert_memory_equal(text, "BEGIN:VCALENDAR\r\n", 17);
	assert_memory_equal(end - 2, "\r\n", 2);
	while (p < end) {
		eol = strstr(p, "\r\n");
		assert_non_null(eol);
		if (eol - p > 75)
			fail_msg("line of %ld octets: %.80s", (long)(eol - p),
			    p);
		assert_null(memchr(p, '\n', (size_t)(eol - p)));
		if (p > text && *p == ' ') {
			/* A continuation never starts inside a UTF-8
			 * sequence. */
			assert_true(((unsigned char)p[1] & 0xc0) != 0x80);
			memcpy(o, p + 1, (size_t)(eol - p - 1));
			o += eol - p - 1;
		} else {
			if (p > text)
				*o++ = '\n';
			memcpy(o, p, (size_t)(eol - p));
			o += eol - p;
		}
		p = eol + 2;
	}
	*o++ = '\n';
	*o = '\0';
	return out;
}

/* Sorted, newline-joined UIDs of an unfolded calendar (malloc'd). */
static char *
uids(const char *unfolded)
{
	char *out = calloc(1, strlen(unfolded) + 1);
	const char *p = unfolded;

	while ((p = strstr(p, "\nUID:")) != NULL) {
		size_t n = strcspn(p + 5, "\n");

		strncat(out, p + 5, n);
		strcat(out, "\n");
		p += 5 + n;
	}
	return out;
}

static void
test_ics_feeds(void **state)
{
	struct th_resp r;
	icalcomponent *cal, *ev;
	char *u1, *u2, *ids1, *ids2, path[64], out[8192];
	char *ct;
	int n = 0;

	(void)state;
	th_request(anon, "GET", "/conference/schedule.ics", NULL, NULL, NULL,
	    &r);
	assert_int_equal(r.status, 200);
	ct = th_resp_header(&r, "Content-Type");
	assert_string_equal(ct, "text/calendar; charset=utf-8");
	free(ct);
	u1 = check_ics(r.body, r.len);
	/* Escaped as RFC 5545 says, in the unfolded text. */
	assert_non_null(strstr(u1, "\nSUMMARY:Indigenous knowledge\\, consent "
	    "and open licences\n"));
	assert_non_null(strstr(u1, "\nDTSTART:20261005T130000Z\n"));
	assert_non_null(strstr(u1, "\nLOCATION:Online\n"));
	assert_null(strstr(u1, ROOM));
	/* An independent parser: 19 scheduled sessions, in UTC. */
	cal = icalparser_parse_string(r.body);
	assert_non_null(cal);
	for (ev = icalcomponent_get_first_component(cal,
	    ICAL_VEVENT_COMPONENT); ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		assert_true(icaltime_is_utc(icalcomponent_get_dtstart(ev)));
		assert_true(icaltime_is_utc(icalcomponent_get_dtend(ev)));
		assert_true(icaltime_compare(icalcomponent_get_dtstart(ev),
		    icalcomponent_get_dtend(ev)) < 0);
		if (strcmp(icalcomponent_get_uid(ev), "s104.oew-2026@confab")
		    == 0)
			assert_string_equal(icalcomponent_get_summary(ev),
			    "Q&A: \"Open by default\" — lessons from a "
			    "ministry pilot");
		n++;
	}
	assert_int_equal(n, 19);
	icalcomponent_free(cal);
	ids1 = uids(u1);
	th_resp_free(&r);
	/* The same UIDs on the next fetch and after a re-import. */
	assert_int_equal(import_cli(out, sizeof(out), CSV_FILE, NULL), 0);
	th_request(bob, "GET", "/conference/schedule.ics", NULL, NULL, NULL,
	    &r);
	u2 = check_ics(r.body, r.len);
	ids2 = uids(u2);
	assert_string_equal(ids1, ids2);
	assert_non_null(strstr(ids1, "s119.oew-2026@confab\n"));
	assert_null(strstr(u2, ROOM));
	th_resp_free(&r);
	free(u1);
	free(u2);
	free(ids1);
	free(ids2);
	/* One session, and a filtered program. */
	snprintf(path, sizeof(path), "/t/%ld.ics", topic_of("s111"));
	th_request(anon, "GET", path, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	u1 = check_ics(r.body, r.len);
	assert_non_null(strstr(u1, "\nUID:s111.oew-2026@confab\n"));
	free(u1);
	th_resp_free(&r);
	th_request(anon, "GET", "/conference/schedule.ics?language=fr&"
	    "tz=Europe/Paris", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	u1 = check_ics(r.body, r.len);
	ids1 = uids(u1);
	assert_string_equal(ids1, "s105.oew-2026@confab\ns106.oew-2026@confab\n"
	    "s115.oew-2026@confab\ns116.oew-2026@confab\n");
	free(ids1);
	free(u1);
	th_resp_free(&r);
	/* Unscheduled sessions and other topics have no calendar. */
	snprintf(path, sizeof(path), "/t/%ld.ics", topic_of("s120"));
	th_request(anon, "GET", path, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	th_resp_free(&r);
	th_request(anon, "GET", "/t/999999.ics", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	th_resp_free(&r);
	th_request(anon, "GET", "/t/abc.ics", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	th_resp_free(&r);
}

/* --- the personal agenda ---------------------------------------------- */

static char *
feed_url(struct th_client *c)
{
	json_t *j = th_expect(c, "POST", 200, "x=1",
	    "/conference/agenda/feed.json");
	char *url = strdup(json_string_value(json_object_get(j, "url")));

	json_decref(j);
	return url;
}

static void
test_agenda_feed(void **state)
{
	long t1 = topic_of("s101"), t5 = topic_of("s105"), t20 =
	    topic_of("s120");
	char path[128], *bob_url, *alice_url, *u, *old;
	struct th_resp r;
	json_t *j;

	(void)state;
	snprintf(path, sizeof(path), "/conference/agenda/%ld.json", t1);
	json_decref(th_expect(bob, "POST", 200, "x=1", "%s", path));
	json_decref(th_expect(alice, "POST", 200, "x=1", "%s", path));
	json_decref(th_expect(alice, "POST", 200, "x=1", "%s",
	    path));	/* twice */
	snprintf(path, sizeof(path), "/conference/agenda/%ld.json", t5);
	json_decref(th_expect(bob, "POST", 200, "x=1", "%s", path));
	snprintf(path, sizeof(path), "/conference/agenda/%ld.json", t20);
	json_decref(th_expect(bob, "POST", 200, "x=1", "%s", path));
	j = th_expect(anon, "POST", 403, "x=1", "%s", path);
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	j = th_expect_get(bob, 200, "/conference/agenda.json");
	assert_int_equal(json_array_size(json_object_get(j, "sessions")), 3);
	assert_true(json_is_false(json_object_get(json_object_get(j, "feed"),
	    "active")));
	json_decref(j);
	j = th_expect_get(bob, 200, "/t/%ld.json", t1);
	assert_true(json_is_true(json_object_get(json_object_get(j,
	    "conference_session"), "in_agenda")));
	json_decref(j);

	/* Bob's feed: his two scheduled sessions, no room. */
	bob_url = feed_url(bob);
	assert_non_null(strstr(bob_url, "/conference/agenda.ics?token="));
	j = th_expect_get(bob, 200, "/conference/agenda.json");
	assert_true(json_is_true(json_object_get(json_object_get(j, "feed"),
	    "active")));
	json_decref(j);
	th_request(anon, "GET", bob_url, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	u = check_ics(r.body, r.len);
	assert_non_null(strstr(u, "\nUID:s101.oew-2026@confab\n"));
	assert_non_null(strstr(u, "\nUID:s105.oew-2026@confab\n"));
	assert_null(strstr(u, "s120"));
	assert_null(strstr(u, ROOM));
	free(u);
	th_resp_free(&r);
	/* Alice (a participant) gets the room in hers. */
	alice_url = feed_url(alice);
	th_request(anon, "GET", alice_url, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	u = check_ics(r.body, r.len);
	assert_non_null(strstr(u, "\nLOCATION:https://" ROOM "/w01\n"));
	free(u);
	th_resp_free(&r);
	/* Rotating revokes the old URL; revoking ends the new one. */
	old = bob_url;
	bob_url = feed_url(bob);
	th_request(anon, "GET", old, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	assert_null(strstr(r.body, "VCALENDAR"));
	th_resp_free(&r);
	json_decref(th_expect(bob, "DELETE", 200, NULL,
	    "/conference/agenda/feed.json"));
	th_request(anon, "GET", bob_url, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	th_resp_free(&r);
	th_request(anon, "GET", "/conference/agenda.ics?token=nope", NULL, NULL,
	    NULL, &r);
	assert_int_equal(r.status, 404);
	th_resp_free(&r);
	/* Removing from the agenda. */
	snprintf(path, sizeof(path), "/conference/agenda/%ld.json", t5);
	json_decref(th_expect(bob, "DELETE", 200, NULL, "%s", path));
	j = th_expect_get(bob, 200, "/conference/agenda.json");
	assert_int_equal(json_array_size(json_object_get(j, "sessions")), 2);
	json_decref(j);
	free(old);
	free(bob_url);
	free(alice_url);
}

/* Occurrences of needle in haystack. */
static int
count_of(const char *haystack, const char *needle)
{
	int n = 0;

	while ((haystack = strstr(haystack, needle)) != NULL) {
		n++;
		haystack += strlen(needle);
	}
	return n;
}

/* The HTML page at path, as a browser without JavaScript gets it. */
static char *
page_of(struct th_client *c, const char *path)
{
	const char *const hdr[] = { "Accept: text/html", NULL };
	struct th_resp r;
	char *body;

	th_request(c, "GET", path, NULL, NULL, hdr, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.headers, "text/html"));
	body = strdup(r.body);
	th_resp_free(&r);
	return body;
}

/* /schedule and /recordings hold the program for readers without
 * JavaScript and for crawlers, filters included. */
static void
test_schedule_page_without_javascript(void **state)
{
	char *html = page_of(anon, "/schedule");

	(void)state;
	assert_non_null(strstr(html, "<title>Schedule - "));
	assert_non_null(strstr(html, "<h1>Schedule</h1>"));
	assert_int_equal(count_of(html, "<li><a href=\"/t/"), 23);
	assert_non_null(strstr(html, ">Drafting an institutional open "
	    "licensing policy in twelve weeks</a> · <time datetime=\""
	    "2026-10-05T13:00:00.000Z\">13:00</time>–<time datetime=\""
	    "2026-10-05T15:30:00.000Z\">15:30</time> UTC"));
	assert_non_null(strstr(html, "Amina Okafor (University of Lagos)"));
	assert_non_null(strstr(html, "<h2 dir=\"auto\">On demand</h2>"));
	/* Titles are escaped, never markup. */
	assert_non_null(strstr(html, "Q&amp;A: &quot;Open by default&quot;"));
	free(html);
	html = page_of(anon, "/schedule?webinar=w01");
	assert_int_equal(count_of(html, "<li><a href=\"/t/"), 4);
	free(html);
	html = page_of(anon, "/recordings");
	assert_non_null(strstr(html, "<h1>Recordings</h1>"));
	free(html);
	/* The API stays where it is: no /schedule.json. */
	json_decref(th_expect_get(anon, 404, "/schedule.json"));
}

/* The sample program with its sessions replaced by n copies of the first
 * one, each with an id and a title of its own; compact JSON (malloc'd). */
static char *
program_of(int n)
{
	json_t *prog = json_load_file(JSON_FILE, 0, NULL), *sessions, *one;
	char id[32], title[128], *text;
	int i;

	assert_non_null(prog);
	sessions = json_object_get(prog, "sessions");
	one = json_deep_copy(json_array_get(sessions, 0));
	json_array_clear(sessions);
	for (i = 0; i < n; i++) {
		json_t *s = json_deep_copy(one);

		snprintf(id, sizeof(id), "big%04d", i);
		snprintf(title, sizeof(title), "Session number %d of a large "
		    "conference program", i);
		json_object_set_new(s, "external_id", json_string(id));
		json_object_set_new(s, "title", json_string(title));
		json_array_append_new(sessions, s);
	}
	json_decref(one);
	text = json_dumps(prog, JSON_COMPACT);
	json_decref(prog);
	return text;
}

static long
upload_program(struct th_client *c, const char *text, json_t **out)
{
	long st;

	*out = th_send(c, "POST", "/conference/import.json", json_pack("{s:s}",
	    "file", text), &st);
	return st;
}

/*
 * A program larger than the 64 KiB body cap of ordinary requests: staff
 * may send one up to CONFAB_MAX_UPLOAD_KB (256 here); anyone else, or a
 * larger file, gets 413 and nothing changes.  On a server of its own, so
 * the sessions above stay 23.
 */
static void
test_large_program_upload(void **state)
{
	static const char *const env[] = { "CONFAB_MAX_UPLOAD_KB=256", NULL };
	struct th_server main_srv = srv;
	struct th_client *boss, *member, *nobody;
	char *key, *fits = program_of(300), *too_big = program_of(450);
	json_t *j;

	(void)state;
	assert_true(strlen(fits) > 128 * 1024 && strlen(fits) < 250 * 1024);
	assert_true(strlen(too_big) > 260 * 1024);
	assert_int_equal(th_start(&srv, env), 0);
	assert_true(th_create_user(&srv, "boss", PASSWORD, 1, 0) > 0);
	assert_true(th_create_user(&srv, "member", PASSWORD, 0, 0) > 0);
	key = th_api_key(&srv, NULL);
	boss = th_client_new(&srv);
	th_client_api_key(boss, key, "boss");
	member = th_client_new(&srv);
	th_client_api_key(member, key, "member");
	nobody = th_client_new(&srv);

	/* Not staff: the ordinary cap, before the body is read. */
	assert_int_equal(upload_program(member, fits, &j), 413);
	th_assert_error(j, "payload_too_large");
	json_decref(j);
	assert_int_equal(upload_program(nobody, fits, &j), 413);
	json_decref(j);
	/* Staff, past the upload cap. */
	assert_int_equal(upload_program(boss, too_big, &j), 413);
	json_decref(j);
	j = th_get(nobody, "/conference/schedule.json", &(long){0});
	assert_int_equal(schedule_count(j), 0);
	json_decref(j);

	/* Staff, within it: all 300 sessions. */
	assert_int_equal(upload_program(boss, fits, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "created")), 300);
	json_decref(j);
	j = th_get(nobody, "/conference/schedule.json", &(long){0});
	assert_int_equal(schedule_count(j), 300);
	json_decref(j);
	assert_int_equal(th_admin(&srv, NULL, NULL, 0, "check-counters",
	    NULL), 0);

	th_client_free(boss);
	th_client_free(member);
	th_client_free(nobody);
	free(key);
	free(fits);
	free(too_big);
	assert_int_equal(th_stop(&srv), 0);
	srv = main_srv;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_both_files_twice),
		cmocka_unit_test(test_broken_file_refused_whole),
		cmocka_unit_test(test_large_program_upload),
		cmocka_unit_test(test_changed_file_updates_in_place),
		cmocka_unit_test(test_schedule_by_day_in_two_zones),
		cmocka_unit_test(test_schedule_page_without_javascript),
		cmocka_unit_test(test_room_url_only_for_participants),
		cmocka_unit_test(test_ics_feeds),
		cmocka_unit_test(test_agenda_feed),
	};

	return cmocka_run_group_tests_name("conference", tests, setup,
	    teardown);
}
