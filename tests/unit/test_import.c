/*
 * The program importer in-process: both sample files parse to the same 23
 * sessions; broken files are refused with errors naming the row and the
 * field; every bound holds; the first post keeps text added outside its
 * generated parts; and writing a program is idempotent, updates in place,
 * never touches replies, and a dry run writes nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "program.h"
#include "program_apply.h"
#include "session_post.h"
#include "conference.h"
#include "config.h"
#include "cook.h"
#include "db.h"
#include "posts.h"
#include "topics.h"
#include "util.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

static struct import_program *
parse_file(struct arena *a, const char *path, enum import_format fmt)
{
	struct import_program *p;
	size_t len, i;
	char *data = slurp(path, &len);
	int rc = import_parse(a, data, len, fmt, &p);

	for (i = 0; rc != 0 && i < p->nerrors; i++)
		fprintf(stderr, "%s: %s\n", path, p->errors[i]);
	assert_int_equal(rc, 0);
	free(data);
	return p;
}

/* Parses text; returns the errors joined by newlines (arena), "" if none. */
static char *
errors_of(struct arena *a, const char *text, enum import_format fmt)
{
	struct import_program *p;
	struct buf b = {0};
	size_t i;
	char *out;

	import_parse(a, text, strlen(text), fmt, &p);
	for (i = 0; i < p->nerrors; i++)
		buf_printf(&b, "%s\n", p->errors[i]);
	out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static int
streq(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

static void
test_samples_parse_alike(void **state)
{
	struct arena *a = arena_new();
	struct import_program *j, *c;
	size_t i, k;

	(void)state;
	j = parse_file(a, "data/program-sample.json", IMPORT_AUTO);
	c = parse_file(a, "data/program-sample.csv", IMPORT_AUTO);
	assert_int_equal(j->format, IMPORT_JSON);
	assert_int_equal(c->format, IMPORT_CSV);
	assert_int_equal(j->nsessions, 23);
	assert_int_equal(c->nsessions, 23);
	assert_int_equal(j->nwebinars, 6);
	assert_int_equal(c->nwebinars, 6);
	assert_string_equal(j->name, "Open Education Week 2026 (sample)");
	for (i = 0; i < j->nwebinars; i++) {
		assert_string_equal(j->webinars[i].id, c->webinars[i].id);
		assert_string_equal(j->webinars[i].title, c->webinars[i].title);
		assert_true(streq(j->webinars[i].room_url,
		    c->webinars[i].room_url));
		assert_int_equal(j->webinars[i].starts_at,
		    c->webinars[i].starts_at);
		assert_int_equal(j->webinars[i].ends_at,
		    c->webinars[i].ends_at);
	}
	for (i = 0; i < j->nsessions; i++) {
		struct import_session *x = &j->sessions[i], *y = &c->sessions[i];

		assert_string_equal(x->external_id, y->external_id);
		assert_true(streq(x->webinar, y->webinar));
		assert_string_equal(x->format, y->format);
		assert_string_equal(x->language, y->language);
		assert_string_equal(x->title, y->title);
		assert_int_equal(x->starts_at, y->starts_at);
		assert_int_equal(x->ends_at, y->ends_at);
		assert_string_equal(x->abstract, y->abstract);
		assert_null(x->room_url);
		assert_null(y->room_url);
		assert_int_equal(x->nthemes, y->nthemes);
		for (k = 0; k < x->nthemes; k++)
			assert_string_equal(x->themes[k], y->themes[k]);
		assert_int_equal(x->npresenters, y->npresenters);
		for (k = 0; k < x->npresenters; k++) {
			assert_string_equal(x->presenters[k].name,
			    y->presenters[k].name);
			assert_string_equal(x->presenters[k].affiliation,
			    y->presenters[k].affiliation);
		}
	}
	/* Quotes, commas and newlines survive RFC 4180 quoting. */
	assert_string_equal(c->sessions[3].title,
	    "Q&A: \"Open by default\" — lessons from a ministry pilot");
	assert_string_equal(c->sessions[3].presenters[0].affiliation,
	    "Department of Education, Ireland");
	assert_non_null(strstr(c->sessions[0].abstract, ".\n\nThis session"));
	/* Asynchronous sessions have no times and no webinar. */
	assert_null(j->sessions[19].webinar);
	assert_int_equal(j->sessions[19].starts_at, 0);
	assert_string_equal(j->sessions[18].tags[4],
	    "facilitating-international-cooperation");
	arena_free(a);
}

#define CSV_HEAD "external_id,webinar,webinar_title,format,language,title," \
	"starts_at,ends_at,action_areas,presenters,room_url,abstract\n"

static void
test_errors_name_row_and_field(void **state)
{
	struct arena *a = arena_new();
	char *e;

	(void)state;
	e = errors_of(a, CSV_HEAD
	    "s1,w1,Webinar one,sync,en,A good title,2026-10-05T13:00:00Z,"
	    "2026-10-05T15:00:00Z,Policy,Ann (Uni),https://m.example/1,x\n"
	    "s2,w1,,sync,en,Second title,2026-13-05T13:00:00Z,"
	    "2026-10-05T15:00:00Z,,,,\n"
	    "s3,,,sync,en,Third title,2026-10-05T15:00:00Z,"
	    "2026-10-05T13:00:00Z,,,,\n"
	    "s4,w9,,sync,en,Fourth title,2026-10-05T13:00:00Z,"
	    "2026-10-05T15:00:00Z,,,,\n"
	    "s5,,,async,en,,,,,,,\n", IMPORT_CSV);
	assert_non_null(strstr(e, "row 3 (s2): starts_at: invalid time "
	    "\"2026-13-05T13:00:00Z\""));
	assert_non_null(strstr(e, "row 4 (s3): ends_at: end before start"));
	assert_non_null(strstr(e, "webinar: unknown webinar w9"));
	assert_non_null(strstr(e, "row 5: webinar"));
	assert_non_null(strstr(e, "row 6 (s5): title: missing"));
	assert_null(strstr(e, "row 2"));

	e = errors_of(a, "{\"webinars\":[{\"id\":\"w1\",\"title\":\"W\"}],"
	    "\"sessions\":[{\"external_id\":\"a1\",\"webinar\":\"w2\","
	    "\"format\":\"sync\",\"title\":\"Title here\","
	    "\"starts_at\":\"2026-10-05T13:00:00Z\","
	    "\"ends_at\":\"2026-10-05T12:00:00Z\"},"
	    "{\"external_id\":\"a1\",\"format\":\"live\",\"title\":\"T\"}]}",
	    IMPORT_JSON);
	assert_non_null(strstr(e, "session 1 (a1): webinar: unknown webinar "
	    "\"w2\""));
	assert_non_null(strstr(e, "session 1 (a1): ends_at: end before "
	    "start"));
	assert_non_null(strstr(e, "session 2 (a1): external_id: a1 is "
	    "already used by session 1 (a1)"));
	assert_non_null(strstr(e, "session 2 (a1): format: must be sync or "
	    "async"));
	/* A live session needs times. */
	e = errors_of(a, "{\"sessions\":[{\"external_id\":\"b\",\"format\":"
	    "\"sync\",\"title\":\"No times at all\"}]}", IMPORT_AUTO);
	assert_non_null(strstr(e, "session 1 (b): starts_at: missing"));
	/* A secret is never quoted back. */
	e = errors_of(a, CSV_HEAD "s1,,,async,en,Title,,,,,"
	    "javascript:alert(1)//secret-room,\n", IMPORT_CSV);
	assert_non_null(strstr(e, "row 2 (s1): room_url: must be an http"));
	assert_null(strstr(e, "secret-room"));
	arena_free(a);
}

static void
test_malformed_files(void **state)
{
	struct arena *a = arena_new();
	char *e, *big;
	struct buf b = {0};
	int i;

	(void)state;
	e = errors_of(a, CSV_HEAD "s1,,,async,en,\"unterminated,,,,,,\n",
	    IMPORT_CSV);
	assert_non_null(strstr(e, "malformed CSV"));
	e = errors_of(a, "external_id,title,format,colour\ns1,T,async,red\n",
	    IMPORT_CSV);
	assert_non_null(strstr(e, "row 1: column 4: unknown column "
	    "\"colour\""));
	e = errors_of(a, "external_id,format\ns1,async\n", IMPORT_CSV);
	assert_non_null(strstr(e, "row 1: the title column is missing"));
	e = errors_of(a, "external_id,title,format\ns1,T,async,extra\n",
	    IMPORT_CSV);
	assert_non_null(strstr(e, "row 2: has 4 fields, the header has 3"));
	e = errors_of(a, "{\"sessions\": [", IMPORT_JSON);
	assert_non_null(strstr(e, "line 1"));
	e = errors_of(a, "[1,2]", IMPORT_JSON);
	assert_non_null(strstr(e, "\"sessions\" list"));
	e = errors_of(a, "", IMPORT_AUTO);
	assert_non_null(strstr(e, "empty"));
	/* Bounds: presenters per session, file size, error count. */
	buf_puts(&b, "external_id,title,format,presenters\ns1,T,async,\"");
	for (i = 0; i < IMPORT_MAX_PRESENTERS + 1; i++)
		buf_printf(&b, "P%d (U); ", i);
	buf_puts(&b, "\"\n");
	e = errors_of(a, b.data, IMPORT_CSV);
	assert_non_null(strstr(e, "presenters: at most 20"));
	buf_free(&b);
	big = calloc(1, IMPORT_MAX_BYTES + 2);
	memset(big, ' ', IMPORT_MAX_BYTES + 1);
	e = errors_of(a, big, IMPORT_CSV);
	assert_non_null(strstr(e, "too large"));
	free(big);
	buf_puts(&b, "external_id,title,format\n");
	for (i = 0; i < 300; i++)
		buf_printf(&b, "bad id %d,,x\n", i);
	{
		struct import_program *p;

		assert_int_equal(import_parse(a, b.data, b.len, IMPORT_CSV,
		    &p), -1);
		assert_int_equal(p->nerrors, IMPORT_MAX_ERRORS);
		assert_true(p->nerrors_total > IMPORT_MAX_ERRORS);
	}
	buf_free(&b);
	arena_free(a);
}

static void
test_first_post_keeps_added_text(void **state)
{
	struct arena *a = arena_new();
	struct import_program *p;
	struct import_session s;
	char *raw, *again, *edited, *html;

	(void)state;
	p = parse_file(a, "data/program-sample.json", IMPORT_JSON);
	s = p->sessions[3];
	raw = conf_post_raw(a, &s, "Webinar 1", NULL);
	assert_non_null(strstr(raw, "## Q\\&A: \"Open by default\""));
	assert_non_null(strstr(raw, "[date-range from=2026-10-05T13:00:00 "
	    "to=2026-10-05T15:30:00 timezone=\"UTC\"]"));
	assert_non_null(strstr(raw, "(/schedule?webinar=w01)"));
	assert_non_null(strstr(raw, "**Language:** English (en)"));
	/* The same fields give the same text: nothing to edit. */
	again = conf_post_raw(a, &s, "Webinar 1", raw);
	assert_string_equal(again, raw);
	/* Text before, between and after the generated parts stays. */
	edited = arena_printf(a, "Welcome!\n\n%s\n\nSlides: "
	    "https://slides.example/deck.pdf\n", raw);
	s.title = "A new title for this session";
	s.recording_url = "https://video.example/rec1";
	again = conf_post_raw(a, &s, "Webinar 1", edited);
	assert_true(strncmp(again, "Welcome!\n\n", 10) == 0);
	assert_non_null(strstr(again, "Slides: https://slides.example/"
	    "deck.pdf"));
	assert_non_null(strstr(again, "## A new title for this session"));
	assert_null(strstr(again, "## Q\\&A"));
	assert_non_null(strstr(again, "[Watch the recording]"
	    "(<https://video.example/rec1>)"));
	assert_string_equal(conf_post_raw(a, &s, "Webinar 1", again), again);
	/* The markers cook to nothing. */
	assert_int_equal(cook_post(again, strlen(again), NULL, &html), 0);
	assert_null(strstr(html, "confab:"));
	assert_null(strstr(html, "[//]"));
	assert_non_null(strstr(html, "<h2>A new title for this session</h2>"));
	free(html);
	/* An abstract cannot smuggle in a marker. */
	s.abstract = "Hello\n[//]: # (confab:session:end)\nWorld";
	raw = conf_post_raw(a, &s, NULL, NULL);
	assert_non_null(strstr(raw, "Hello\nWorld"));
	arena_free(a);
}

static int64_t
topic_count(struct db *db)
{
	struct arena *a = arena_new();
	char **ids;
	size_t n;

	assert_int_equal(db_conf_session_ext_ids(db, a, &ids, &n), DB_OK);
	arena_free(a);
	return (int64_t)n;
}

static struct conf_session *
session(struct db *db, struct arena *a, const char *ext)
{
	struct conf_session *s;

	assert_int_equal(db_conf_session_by_ext(db, a, ext, &s), DB_OK);
	return s;
}

static char *
first_raw(struct db *db, struct arena *a, int64_t topic_id, struct post **p)
{
	int64_t id;

	assert_int_equal(db_conf_first_post_id(db, topic_id, &id), DB_OK);
	assert_int_equal(db_post_get(db, a, id, 0, 1, p), DB_OK);
	return (*p)->raw;
}

static void
test_apply_in_place(void **state)
{
	struct db *db = db_open(":memory:", 0);
	struct arena *a = arena_new();
	struct import_program *p;
	struct import_report r;
	struct conf_session *s;
	struct post *fp, *reply;
	struct post_new pn = {0};
	int64_t reply_id, number, version;
	char *raw;

	(void)state;
	assert_non_null(db);
	p = parse_file(a, "data/program-sample.json", IMPORT_JSON);
	/* A dry run reports and writes nothing. */
	assert_int_equal(import_apply(db, p, 1, 0, &r), 0);
	assert_int_equal(json_array_size(r.created), 23);
	import_report_free(&r);
	assert_int_equal(topic_count(db), 0);
	assert_int_equal(import_apply(db, p, 0, 0, &r), 0);
	assert_int_equal(json_array_size(r.created), 23);
	import_report_free(&r);
	assert_int_equal(topic_count(db), 23);
	/* Twice: nothing changes. */
	s = session(db, a, "s101");
	raw = first_raw(db, a, s->topic_id, &fp);
	version = fp->version;
	assert_int_equal(import_apply(db, p, 0, 0, &r), 0);
	assert_int_equal(json_array_size(r.unchanged), 23);
	assert_int_equal(json_array_size(r.created), 0);
	assert_int_equal(json_array_size(r.updated), 0);
	import_report_free(&r);
	assert_int_equal(first_raw(db, a, s->topic_id, &fp) != NULL, 1);
	assert_int_equal(fp->version, version);
	assert_string_equal(fp->raw, raw);

	/* A reply and a presenter's addition to the first post. */
	pn.topic_id = s->topic_id;
	pn.user_id = fp->user_id;
	pn.raw = "A question from the audience, long enough.";
	pn.cooked = "<p>A question from the audience, long enough.</p>";
	pn.now = util_now();
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_post_create(db, &pn, &reply_id, &number), DB_OK);
	{
		struct post_edit pe = { .raw = arena_printf(a, "%s\n\nSlides: "
		    "https://slides.example/s101.pdf", raw), .cooked = "<p>x</p>",
		    .editor_id = fp->user_id, .now = util_now() };

		assert_int_equal(db_post_edit(db, fp, &pe), DB_OK);
	}
	assert_int_equal(db_commit(db), DB_OK);

	/* A changed program: a title, a webinar's times, a presenter. */
	p->sessions[0].title = "Drafting an open licensing policy in ten "
	    "weeks";
	p->sessions[0].presenters[1].name = "Lars Nyberg-Holm";
	p->sessions[4].starts_at += 3600;
	p->sessions[4].ends_at += 3600;
	assert_int_equal(import_apply(db, p, 0, 0, &r), 0);
	assert_int_equal(json_array_size(r.created), 0);
	assert_int_equal(json_array_size(r.updated), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    r.updated, 0), "fields")), "title, presenters");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    r.updated, 1), "fields")), "times");
	import_report_free(&r);
	assert_int_equal(topic_count(db), 23);
	s = session(db, a, "s101");
	assert_string_equal(s->title, "Drafting an open licensing policy in "
	    "ten weeks");
	raw = first_raw(db, a, s->topic_id, &fp);
	assert_non_null(strstr(raw, "## Drafting an open licensing policy in "
	    "ten weeks"));
	assert_non_null(strstr(raw, "Lars Nyberg-Holm"));
	assert_non_null(strstr(raw, "Slides: https://slides.example/"
	    "s101.pdf"));
	assert_int_equal(db_post_get(db, a, reply_id, 0, 1, &reply), DB_OK);
	assert_string_equal(reply->raw, "A question from the audience, long "
	    "enough.");
	assert_int_equal(reply->version, 1);
	assert_int_equal(db_counters_check(db, stderr), 0);
	arena_free(a);
	db_close(db);
}

static void
test_apply_refuses_taken_external_id(void **state)
{
	struct db *db = db_open(":memory:", 0);
	struct arena *a = arena_new();
	struct import_program *p;
	struct import_report r;
	struct topic_new tn = { .title = "An ordinary topic here",
	    .fancy_title = "An ordinary topic here", .slug = "x",
	    .external_id = "s105", .category_id = 1, .now = 1 };
	int64_t id;

	(void)state;
	p = parse_file(a, "data/program-sample.csv", IMPORT_CSV);
	assert_int_equal(import_apply(db, p, 0, 0, &r), 0);
	import_report_free(&r);
	/* Take s124's id with a topic that is not a session. */
	tn.external_id = "s124";
	tn.user_id = 1;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_topic_create(db, &tn, &id), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);
	p->sessions[22].external_id = "s124";
	p->sessions[0].title = "Changed, but the file is refused";
	assert_int_equal(import_apply(db, p, 0, 0, &r), -2);
	assert_non_null(strstr(json_string_value(json_array_get(r.errors, 0)),
	    "row 24 (s123): external_id: s124 is already used"));
	import_report_free(&r);
	/* Nothing was written: s101 keeps its title. */
	assert_string_equal(session(db, a, "s101")->title,
	    "Drafting an institutional open licensing policy in twelve weeks");
	arena_free(a);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples_parse_alike),
		cmocka_unit_test(test_errors_name_row_and_field),
		cmocka_unit_test(test_malformed_files),
		cmocka_unit_test(test_first_post_keeps_added_text),
		cmocka_unit_test(test_apply_in_place),
		cmocka_unit_test(test_apply_refuses_taken_external_id),
	};

	config_init();
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
