/*
 * The route table and matcher: every row is reachable, arguments are
 * extracted by name, numeric arguments refuse non-digits, and a path known
 * under another method is told apart from an unknown one (405 vs 404).
 * The table's pages are the front end's: static/app.js lists the same
 * patterns.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "handlers.h"
#include "route.h"
#include "util.h"

static const struct route *
match(const char *method, const char *path, struct route_args *args,
    int *known)
{
	static struct arena *a;

	if (a != NULL)
		arena_free(a);
	a = arena_new();
	return route_match(method, path, a, args, known);
}

static const char *
arg(const struct route_args *args, const char *name)
{
	int i;

	for (i = 0; i < args->n; i++)
		if (strcmp(args->name[i], name) == 0)
			return args->value[i];
	return NULL;
}

static void
test_topic_paths(void **state)
{
	struct route_args args;
	const struct route *r;
	int known;

	(void)state;
	r = match("GET", "/t/42", &args, &known);
	assert_ptr_equal(r->fn, h_topics_show);
	assert_string_equal(arg(&args, "id"), "42");
	r = match("GET", "/t/some-slug/42", &args, &known);
	assert_ptr_equal(r->fn, h_topics_show);
	assert_string_equal(arg(&args, "slug"), "some-slug");
	assert_string_equal(arg(&args, "id"), "42");
	r = match("GET", "/t/42/7", &args, &known);
	assert_ptr_equal(r->fn, h_topics_show);
	assert_string_equal(arg(&args, "post_number"), "7");
	r = match("GET", "/t/slug/42/7", &args, &known);
	assert_string_equal(arg(&args, "post_number"), "7");
	r = match("GET", "/t/42/posts", &args, &known);
	assert_ptr_equal(r->fn, h_topics_posts);
	r = match("PUT", "/t/42/status", &args, &known);
	assert_ptr_equal(r->fn, h_topics_status);
	assert_true(r->flags & R_STAFF);
}

static void
test_numeric_arguments(void **state)
{
	struct route_args args;
	int known;

	(void)state;
	assert_null(match("GET", "/posts/abc", &args, &known));
	assert_false(known);
	assert_null(match("GET", "/posts/-1", &args, &known));
	assert_null(match("GET", "/posts/99999999999999999999", &args,
	    &known));
	assert_non_null(match("GET", "/posts/123", &args, &known));
	assert_null(match("GET", "/t/", &args, &known));
	assert_null(match("GET", "/t//1", &args, &known));
}

static void
test_method_mismatch(void **state)
{
	struct route_args args;
	int known;

	(void)state;
	assert_null(match("PATCH", "/posts/1", &args, &known));
	assert_true(known);
	assert_null(match("GET", "/nowhere", &args, &known));
	assert_false(known);
	/* HEAD is served by GET routes. */
	assert_non_null(match("HEAD", "/latest", &args, &known));
}

static void
test_every_row_reachable(void **state)
{
	struct route_args args;
	char path[256], *p;
	const char *s;
	unsigned i;
	int known;

	(void)state;
	for (i = 0; i < route_count; i++) {
		/* Fill each :name with a value it accepts. */
		for (s = route_table[i].pattern, p = path; *s; ) {
			if (*s == ':') {
				size_t n = strcspn(s, "/");
				const char *end = s + n;
				int numeric = (n >= 3 &&
				    strncmp(end - 2, "id", 2) == 0) ||
				    (n >= 7 && strncmp(end - 6, "number", 6) == 0);

				p += sprintf(p, "%s", numeric ? "7" : "word");
				s = end;
			} else
				*p++ = *s++;
		}
		*p = '\0';
		if (match(route_table[i].method, path, &args, &known) ==
		    NULL)
			fail_msg("%s %s (as %s) does not match",
			    route_table[i].method, route_table[i].pattern,
			    path);
	}
}

static void
test_state_changes_need_login(void **state)
{
	unsigned i;

	(void)state;
	/* Everything that writes, except sign-up, login and csrf. */
	for (i = 0; i < route_count; i++) {
		const struct route *r = &route_table[i];

		if (strcmp(r->method, "GET") == 0)
			continue;
		if (r->fn == h_users_create || r->fn == h_session_create)
			continue;
		if (!(r->flags & (R_USER | R_STAFF | R_ADMIN)))
			fail_msg("%s %s writes without a login flag",
			    r->method, r->pattern);
	}
}

/*
 * The patterns of static/app.js's router, in order: the first string of
 * each row of "const routes = [" up to its "].map".  Returns how many
 * (at most max), each a malloc'd string, or -1 when the file cannot be
 * read.
 */
static int
app_js_patterns(char **out, int max)
{
	const char *dir = getenv("CONFAB_STATIC");
	char path[1024], line[512];
	int n = 0, in = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/app.js", dir ? dir : "./static");
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "const routes = [", 16) == 0)
			in = 1;
		else if (in && strncmp(line, "]", 1) == 0)
			break;
		else if (in && strncmp(line, "\t['", 3) == 0 && n < max)
			out[n++] = strndup(line + 3, strcspn(line + 3, "'"));
	}
	fclose(f);
	return n;
}

static void
test_pages_match_front_end(void **state)
{
	char *js[64];
	int n, i, k = 0;
	unsigned j;

	(void)state;
	n = app_js_patterns(js, 64);
	assert_true(n > 0);
	/* The same patterns: as many, and each of one in the other. */
	for (j = 0; j < route_count; j++) {
		const struct route *r = &route_table[j];

		if (r->page == PAGE_NONE)
			continue;
		assert_string_equal(r->method, "GET");
		assert_true(r->fn != NULL || r->page == PAGE_SHELL);
		if (k >= n)
			fail_msg("page %s is not in static/app.js", r->pattern);
		k++;
	}
	if (k != n)
		fail_msg("static/app.js has %d pages, the route table %d", n, k);
	for (i = 0; i < n; i++) {
		for (j = 0; j < route_count; j++)
			if (route_table[j].page != PAGE_NONE &&
			    strcmp(route_table[j].pattern, js[i]) == 0)
				break;
		if (j == route_count)
			fail_msg("static/app.js page %s is not a page of the "
			    "route table", js[i]);
	}
	for (i = 0; i < n; i++)
		free(js[i]);
}

static void
test_page_rows(void **state)
{
	struct route_args args;
	int known;

	(void)state;
	assert_true(route_is_page("/"));
	assert_true(route_is_page("/t/slug/42/3"));
	assert_true(route_is_page("/login"));
	assert_true(route_is_page("/schedule"));
	/* API paths without a page, and paths nobody serves. */
	assert_false(route_is_page("/top"));
	assert_false(route_is_page("/tags"));
	assert_false(route_is_page("/groups"));
	assert_false(route_is_page("/g/staff"));
	assert_false(route_is_page("/search"));
	assert_false(route_is_page("/t/42/posts"));
	assert_false(route_is_page("/conference/schedule"));
	/* A page-only row is no API: /login.json is 404, /schedule.json
	 * too, and GET /admin/groups.json meets only the POST row. */
	assert_null(route_find(0, "GET", "/login", NULL, &args, &known));
	assert_false(known);
	assert_null(route_find(0, "GET", "/schedule", NULL, &args, &known));
	assert_null(route_find(0, "GET", "/admin/groups", NULL, &args,
	    &known));
	assert_true(known);
	assert_non_null(route_find(1, "HEAD", "/admin/groups", NULL, &args,
	    &known));
	assert_null(route_find(1, "POST", "/admin/groups", NULL, &args,
	    &known));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topic_paths),
		cmocka_unit_test(test_numeric_arguments),
		cmocka_unit_test(test_method_mismatch),
		cmocka_unit_test(test_every_row_reachable),
		cmocka_unit_test(test_state_changes_need_login),
		cmocka_unit_test(test_pages_match_front_end),
		cmocka_unit_test(test_page_rows),
	};

	return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
