/*
 * What browsers, crawlers and link previews get: page URLs answer HTML
 * with the session's title, a description from its abstract and Open
 * Graph tags; hidden topics look missing; static files come with MIME
 * types and ETags; nothing outside static/ is ever served.  A path with
 * no page is a 404 page, even where the API answers it as JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static const char *const html[] = { "Accept: text/html", NULL };

static int
setup(void **state)
{
	struct th_client *c;
	char *key;
	json_t *j;
	long st;

	(void)state;
	if (th_start(&srv, NULL) != 0 ||
	    th_create_user(&srv, "admin1", "correct horse battery", 1, 0) < 0)
		return -1;
	key = th_api_key(&srv, "admin1");
	c = th_client_new(&srv);
	th_client_api_key(c, key, NULL);
	j = th_form(c, "POST", "/posts.json", "title=Open+education+for+all+"
	    "%3Cscript%3E&raw=The+abstract+of+the+keynote+talks+about+"
	    "**open**+resources.+%3Cscript%3Ealert(1)%3C%2Fscript%3E", &st);
	json_decref(j);
	if (st != 200)
		return -1;
	/* A topic in a category only staff can see. */
	j = th_form(c, "POST", "/admin/groups.json", "group[name]=insiders",
	    &st);
	json_decref(j);
	j = th_form(c, "POST", "/categories.json", "name=Backstage&color="
	    "FF0000&text_color=FFFFFF&permissions[insiders]=1", &st);
	json_decref(j);
	j = th_form(c, "POST", "/posts.json", "title=Secret+backstage+plans+"
	    "here&raw=Nobody+outside+should+read+this+text.&category=2", &st);
	json_decref(j);
	th_client_free(c);
	free(key);
	return st == 200 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return th_stop(&srv);
}

static void
test_topic_page_for_crawlers(void **state)
{
	struct th_client *c = th_client_new(&srv);
	struct th_resp r;
	char *ct;

	(void)state;
	assert_int_equal(th_request(c, "GET",
	    "/t/open-education-for-all-script/1", NULL, NULL, html, &r), 200);
	ct = th_resp_header(&r, "Content-Type");
	assert_non_null(strstr(ct, "text/html"));
	free(ct);
	assert_non_null(strstr(r.body, "<title>Open education for all "
	    "&lt;script&gt; - confab</title>"));
	assert_non_null(strstr(r.body, "<meta property=\"og:title\" "
	    "content=\"Open education for all &lt;script&gt;\">"));
	assert_non_null(strstr(r.body, "<meta name=\"description\" "
	    "content=\"The abstract of the keynote"));
	assert_non_null(strstr(r.body, "<strong>open</strong>"));
	assert_null(strstr(r.body, "<script>alert"));
	/* The front end still loads, from a file, not inline. */
	assert_non_null(strstr(r.body, "src=\"/static/app.js\""));
	th_resp_free(&r);
	th_client_free(c);
}

static void
test_hidden_topic_page_looks_missing(void **state)
{
	struct th_client *c = th_client_new(&srv);
	struct th_resp hidden, missing;

	(void)state;
	assert_int_equal(th_request(c, "GET", "/t/secret/2", NULL, NULL, html,
	    &hidden), 404);
	assert_int_equal(th_request(c, "GET", "/t/secret/9999", NULL, NULL,
	    html, &missing), 404);
	assert_null(strstr(hidden.body, "backstage"));
	assert_null(strstr(hidden.body, "Nobody outside"));
	assert_string_equal(hidden.body, missing.body);
	th_resp_free(&hidden);
	th_resp_free(&missing);
	th_client_free(c);
}

static void
test_list_pages(void **state)
{
	struct th_client *c = th_client_new(&srv);
	struct th_resp r;

	(void)state;
	assert_int_equal(th_request(c, "GET", "/", NULL, NULL, html, &r), 200);
	assert_non_null(strstr(r.body, "href=\"/t/open-education-for-all-"
	    "script/1\""));
	assert_null(strstr(r.body, "Secret"));
	th_resp_free(&r);
	assert_int_equal(th_request(c, "GET", "/latest", NULL, NULL, html,
	    &r), 200);
	th_resp_free(&r);
	assert_int_equal(th_request(c, "GET", "/login", NULL, NULL, html, &r),
	    200);
	th_resp_free(&r);
	assert_int_equal(th_request(c, "GET", "/no/such/page", NULL, NULL,
	    html, &r), 404);
	assert_non_null(strstr(r.body, "<html"));
	th_resp_free(&r);
	/* The same URL still answers JSON when asked. */
	assert_int_equal(th_request(c, "GET", "/latest", NULL, NULL,
	    (const char *const[]){ "Accept: application/json", NULL }, &r),
	    200);
	assert_non_null(json_object_get(r.json, "topic_list"));
	th_resp_free(&r);
	th_client_free(c);
}

static void
test_static_files(void **state)
{
	struct th_client *c = th_client_new(&srv);
	char etag_header[200], *etag, *ct;
	const char *inm[] = { etag_header, NULL };
	struct th_resp r;

	(void)state;
	assert_int_equal(th_request(c, "GET", "/static/app.js", NULL, NULL,
	    NULL, &r), 200);
	ct = th_resp_header(&r, "Content-Type");
	assert_non_null(strstr(ct, "text/javascript"));
	free(ct);
	etag = th_resp_header(&r, "ETag");
	assert_non_null(etag);
	snprintf(etag_header, sizeof(etag_header), "If-None-Match: %s", etag);
	free(etag);
	th_resp_free(&r);
	assert_int_equal(th_request(c, "GET", "/static/app.js", NULL, NULL,
	    inm, &r), 304);
	assert_int_equal(r.len, 0);
	th_resp_free(&r);
	th_client_free(c);
}

static void
test_no_path_traversal(void **state)
{
	static const char *const paths[] = {
		"/static/../Makefile", "/static/%2e%2e/Makefile",
		"/static/..%2fMakefile", "/static/%2e%2e%2fMakefile",
		"/static/.%2e/Makefile", "/static//etc/passwd",
		"/static/..\\Makefile", "/static/.git/config",
		"/static/%00index.html", "/static/../../../../etc/passwd",
		"/../Makefile", "/static/", "/static",
	};
	struct th_client *c = th_client_new(&srv);
	struct th_resp r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		th_request(c, "GET", paths[i], NULL, NULL, NULL, &r);
		if (r.status == 200 || strstr(r.body, "CFLAGS") ||
		    strstr(r.body, "root:"))
			fail_msg("%s answered %ld", paths[i], r.status);
		th_resp_free(&r);
	}
	th_client_free(c);
}

/* Paths with no page: 404 HTML for browsers, whatever the API says. */
static void
test_no_page_is_404(void **state)
{
	static const struct {
		const char	*path;
		long		 json;	/* status of path + ".json" */
	} paths[] = {
		{ "/top", 200 }, { "/top/weekly", 200 }, { "/tags", 200 },
		{ "/groups", 200 }, { "/groups/staff", 200 },
		{ "/t/1/posts", 400 }, { "/search", 404 }, { "/g/staff", 404 },
		{ "/u/admin1/activity", 404 },
	};
	struct th_client *c = th_client_new(&srv);
	char path[128], *ct;
	struct th_resp r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		if (th_request(c, "GET", paths[i].path, NULL, NULL, html,
		    &r) != 404)
			fail_msg("%s answered %ld as a page", paths[i].path,
			    r.status);
		ct = th_resp_header(&r, "Content-Type");
		assert_non_null(strstr(ct, "text/html"));
		free(ct);
		assert_non_null(strstr(r.body, "<h1>Page not found</h1>"));
		th_resp_free(&r);
		snprintf(path, sizeof(path), "%s.json", paths[i].path);
		if (th_request(c, "GET", path, NULL, NULL, NULL, &r) !=
		    paths[i].json)
			fail_msg("%s answered %ld", path, r.status);
		if (paths[i].json == 404)
			th_assert_error(r.json, "not_found");
		th_resp_free(&r);
	}
	th_client_free(c);
}

/* Pages the front end draws alone are the shell; they are no API. */
static void
test_shell_pages(void **state)
{
	static const char *const pages[] = { "/login", "/signup",
	    "/new-topic", "/agenda", "/admin", "/admin/api", "/c/1",
	    "/schedule", "/recordings" };
	struct th_client *c = th_client_new(&srv);
	struct th_resp r;
	size_t i;
	char path[64];

	(void)state;
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		if (th_request(c, "GET", pages[i], NULL, NULL, html, &r) != 200)
			fail_msg("%s answered %ld", pages[i], r.status);
		assert_non_null(strstr(r.body, "src=\"/static/app.js\""));
		th_resp_free(&r);
		snprintf(path, sizeof(path), "%s.json", pages[i]);
		if (th_request(c, "GET", path, NULL, NULL, NULL, &r) != 404)
			fail_msg("%s answered %ld", path, r.status);
		th_assert_error(r.json, "not_found");
		th_resp_free(&r);
	}
	/* The calendar files still answer a browser that names HTML. */
	assert_int_equal(th_request(c, "GET", "/conference/schedule.ics",
	    NULL, NULL, html, &r), 200);
	assert_non_null(strstr(r.body, "BEGIN:VCALENDAR"));
	th_resp_free(&r);
	th_client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topic_page_for_crawlers),
		cmocka_unit_test(test_hidden_topic_page_looks_missing),
		cmocka_unit_test(test_list_pages),
		cmocka_unit_test(test_static_files),
		cmocka_unit_test(test_no_path_traversal),
		cmocka_unit_test(test_no_page_is_404),
		cmocka_unit_test(test_shell_pages),
	};

	return cmocka_run_group_tests_name("http_pages", tests, setup,
	    teardown);
}
