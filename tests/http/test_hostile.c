/*
 * The hostile-input sweep: hundreds of malicious or malformed requests
 * against one fresh server, each checked for its status, its body, and
 * that nothing was stored (a fingerprint of the database before and
 * after); every cooked post is then run through the HTML allowlist, and
 * the pages that show user text through an active-HTML check.  Covers
 * HTTP framing over raw sockets, JSON bodies, Markdown/XSS, SQL-ish and
 * Unicode strings, and sizes at and past every bound.  Authentication is
 * in test_hostile_auth.c and access control in test_access_matrix.c.
 *
 * The last test prints how many inputs were sent and fails on any 5xx;
 * the server's clean exit (no crash, no sanitizer report, no leak) is
 * asserted at teardown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "allowlist.h"
#include "hostile.h"

static struct th_server srv;
static struct th_client *anon, *alice, *admin, *bot;
static char *bot_key;
static long topic, post;		/* alice's topic and its first post */
static long admin_id, alice_id;

#define RAW "This is a perfectly ordinary post body for the sweep."
#define XSS_MARK "xss"

/* --- checks shared by every input ----------------------------------- */

static void
check_headers(const struct th_resp *r)
{
	char *v = th_resp_header(r, "X-Content-Type-Options");

	assert_non_null(v);
	assert_string_equal(v, "nosniff");
	free(v);
	assert_null(th_resp_header(r, "Server"));
	if (r->status >= 400) {
		v = th_resp_header(r, "Cache-Control");
		assert_non_null(v);
		assert_non_null(strstr(v, "no-store"));
		assert_non_null(strstr(v, "private"));
		free(v);
	}
}

static void
check_body(const struct th_resp *r)
{
	char *ct = th_resp_header(r, "Content-Type");
	const char *bad;

	if (ct != NULL && strncmp(ct, "application/json", 16) == 0) {
		assert_non_null(r->json);
		if (r->status >= 400)
			th_assert_error(r->json, NULL);
	} else if (ct != NULL && strncmp(ct, "text/html", 9) == 0) {
		if ((bad = hostile_active_html(r->body)) != NULL)
			fail_msg("active HTML in a page (%s)", bad);
	}
	free(ct);
}

/*
 * One hostile request through libcurl: the status must be want (or, when
 * want is 0, any 4xx; when negative, anything but a 5xx), the body well formed, and, when stores is 0,
 * nothing stored.  Returns the response for more checks (caller frees).
 */
static struct th_resp
hostile(struct th_client *c, long want, int stores, const char *method,
    const char *path, const char *ctype, const char *body,
    const char *const *hdrs)
{
	struct th_resp r;
	char *before = stores ? NULL : hostile_fingerprint(&srv), *after;
	long st;

	st = th_request(c, method, path, ctype, body, hdrs, &r);
	hostile_sent++;
	if (st >= 500)
		hostile_5xx++;
	if (want > 0 && st != want)
		fail_msg("%s %s: status %ld, want %ld: %.300s", method, path,
		    st, want, r.body ? r.body : "");
	if (want < 0 && (st < 0 || st >= 500))
		fail_msg("%s %s: status %ld: %.300s", method, path, st,
		    r.body ? r.body : "");
	if (want == 0 && (st < 400 || st >= 500))
		fail_msg("%s %s: status %ld, want a 4xx: %.300s", method, path,
		    st, r.body ? r.body : "");
	check_headers(&r);
	check_body(&r);
	if (!stores) {
		after = hostile_fingerprint(&srv);
		if (strcmp(before, after) != 0)
			fail_msg("%s %s stored something: %s -> %s", method,
			    path, before, after);
		free(before);
		free(after);
	}
	return r;
}

static void
hostile_done(struct th_client *c, long want, const char *method,
    const char *path, const char *ctype, const char *body)
{
	struct th_resp r = hostile(c, want, 0, method, path, ctype, body,
	    NULL);

	th_resp_free(&r);
}

/* The server still answers a plain request. */
static void
alive(void)
{
	long st;
	json_t *j = th_get(anon, "/site.json", &st);

	assert_int_equal(st, 200);
	json_decref(j);
}

/* --- set-up --------------------------------------------------------- */

static long
post_json(struct th_client *c, json_t *body, long *post_id)
{
	long st;
	json_t *j = th_send(c, "POST", "/posts.json", body, &st);

	if (post_id != NULL)
		*post_id = j ? (long)json_integer_value(json_object_get(j,
		    "id")) : 0;
	json_decref(j);
	return st;
}

static int
setup(void **state)
{
	long st;
	json_t *j;

	(void)state;
	if (th_start(&srv, NULL) != 0)
		return -1;
	admin_id = th_create_user(&srv, "boss", "Boss-Password-123", 1, 0);
	alice_id = th_create_user(&srv, "alice", "Alice-Password-123", 0, 0);
	th_create_user(&srv, "bob", "Bob-Password-1234", 0, 0);
	if (admin_id < 0 || alice_id < 0)
		return -1;
	anon = th_client_new(&srv);
	alice = th_client_new(&srv);
	admin = th_client_new(&srv);
	bot = th_client_new(&srv);
	bot_key = th_api_key(&srv, "alice");
	th_client_api_key(bot, bot_key, NULL);
	if (th_login(alice, "alice", "Alice-Password-123") != 200 ||
	    th_login(admin, "boss", "Boss-Password-123") != 200)
		return -1;
	j = json_pack("{s:s,s:s}", "title", "The hostile sweep topic",
	    "raw", RAW);
	if (post_json(alice, j, &post) != 200)
		return -1;
	j = th_get(alice, "/posts/1.json", &st);
	topic = (long)json_integer_value(json_object_get(j, "topic_id"));
	json_decref(j);
	return topic > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	th_client_free(anon);
	th_client_free(alice);
	th_client_free(admin);
	th_client_free(bot);
	free(bot_key);
	return th_stop(&srv) == 0 ? 0 : -1;
}

/* --- HTTP framing over a raw socket --------------------------------- */

struct raw_case {
	const char	*name;
	const char	*req;
	size_t		 len;		/* 0: strlen(req) */
	int		 want[3];	/* acceptable first statuses */
	int		 responses;	/* pipelined: how many answers */
};

/*
 * Every answer, confab's or libmicrohttpd's own (400, 413, 414, 431, 505),
 * carries each security header exactly once in its first header block.
 */
static void
raw_check_headers(const char *name, const char *resp)
{
	static const char *const once[] = { "X-Content-Type-Options: nosniff",
	    "X-Frame-Options: DENY", "Content-Security-Policy: ",
	    "Referrer-Policy: ", "Cache-Control: ", "Content-Type: " };
	const char *end = strstr(resp, "\r\n\r\n"), *p;
	size_t i;
	int n;

	if (end == NULL)
		fail_msg("framing %s: no header block: %.300s", name, resp);
	for (i = 0; i < sizeof(once) / sizeof(once[0]); i++) {
		for (n = 0, p = resp; (p = strstr(p, once[i])) != NULL &&
		    p < end; p++)
			n++;
		if (n != 1)
			fail_msg("framing %s: \"%s\" %d times: %.600s", name,
			    once[i], n, resp);
	}
}

static void
raw_case(const struct raw_case *c)
{
	char *resp = NULL, *before = hostile_fingerprint(&srv), *after;
	size_t len = c->len ? c->len : strlen(c->req);
	int st, i, ok = 0;

	st = raw_request(&srv, NULL, c->req, len, &resp, 400);
	hostile_sent++;
	if (st >= 500 && st != 505)
		hostile_5xx++;
	for (i = 0; i < 3 && c->want[i]; i++)
		ok |= st == c->want[i];
	if (c->want[0] == 0)
		ok = st == 0;		/* no answer to half a request */
	if (!ok)
		fail_msg("framing %s: status %d: %.300s", c->name, st, resp);
	if (st > 0)
		raw_check_headers(c->name, resp);
	if (c->responses > 0 && raw_count_responses(resp) != c->responses)
		fail_msg("framing %s: %d responses, want %d", c->name,
		    raw_count_responses(resp), c->responses);
	/* No path escapes the static directory. */
	assert_null(strstr(resp, "root:x:0"));
	assert_null(strstr(resp, "PRIVATE KEY"));
	after = hostile_fingerprint(&srv);
	if (strcmp(before, after) != 0)
		fail_msg("framing %s stored something", c->name);
	free(before);
	free(after);
	free(resp);
}

#define H "Host: x\r\n"
#define POSTS "POST /posts.json HTTP/1.1\r\n" H

static void
test_framing(void **state)
{
	static char longuri[41 * 1024], hugehdr[70 * 1024], many[64 * 1024];
	static char at_max[2200], past_max[2200], bigbody[70 * 1024 + 200];
	static char chunked_big[80 * 1024], bigcookie[10 * 1024];
	const struct raw_case cases[] = {
		{ "no Host", "GET /latest.json HTTP/1.1\r\n\r\n", 0,
		    { 400 }, 1 },
		{ "HTTP/1.5 without Host", "GET /latest.json HTTP/1.5\r\n\r\n",
		    0, { 400 }, 1 },
		{ "empty Host", "GET /site.json HTTP/1.1\r\nHost:\r\n\r\n", 0,
		    { 200, 400 }, 1 },
		{ "space in the URL", "GET /t/1 .json HTTP/1.1\r\n" H "\r\n",
		    0, { 400, 404 }, 1 },
		{ "tab in the URL", "GET /t/1\t.json HTTP/1.1\r\n" H "\r\n",
		    0, { 400, 404 }, 1 },
		{ "HTTP/1.0 without Host", "GET /site.json HTTP/1.0\r\n\r\n",
		    0, { 200 }, 0 },
		{ "40 KiB URI", longuri, 0, { 414 }, 0 },
		{ "9 KiB of headers", bigcookie, 0, { 200 }, 1 },
		{ "70 KiB header", hugehdr, 0, { 431 }, 0 },
		{ "3000 headers", many, 0, { 431 }, 0 },
		{ "negative Content-Length", POSTS "Content-Length: -1\r\n\r\n"
		    "abc", 0, { 400 }, 0 },
		{ "enormous Content-Length", POSTS "Content-Length: "
		    "99999999999999999999999\r\n\r\nabc", 0, { 413 }, 0 },
		{ "Content-Length past the cap", POSTS "Content-Length: "
		    "10000000\r\n\r\nabc", 0, { 413 }, 0 },
		{ "Content-Length not a number", POSTS "Content-Length: 1x\r\n"
		    "\r\nabc", 0, { 400 }, 0 },
		{ "CL with TE", POSTS "Content-Length: 3\r\nTransfer-Encoding: "
		    "chunked\r\n\r\n0\r\n\r\n", 0, { 400 }, 0 },
		{ "two CLs", POSTS "Content-Length: 3\r\nContent-Length: 5\r\n"
		    "\r\nabcde", 0, { 400 }, 0 },
		{ "two equal CLs", POSTS "Content-Length: 3\r\nContent-Length: "
		    "3\r\n\r\nabc", 0, { 400 }, 0 },
		{ "two TEs", POSTS "Transfer-Encoding: chunked\r\n"
		    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 0, { 400 },
		    0 },
		{ "TE gzip", POSTS "Transfer-Encoding: gzip, chunked\r\n\r\n"
		    "0\r\n\r\n", 0, { 400 }, 0 },
		{ "TE identity", POSTS "Transfer-Encoding: identity\r\n\r\n",
		    0, { 400 }, 0 },
		{ "bad chunk size", POSTS "Transfer-Encoding: chunked\r\n\r\n"
		    "zz\r\nabc\r\n0\r\n\r\n", 0, { 400 }, 0 },
		{ "negative chunk size", POSTS "Transfer-Encoding: chunked\r\n"
		    "\r\n-5\r\nabc\r\n0\r\n\r\n", 0, { 400 }, 0 },
		{ "huge chunk size", POSTS "Transfer-Encoding: chunked\r\n\r\n"
		    "ffffffffffffffffff\r\nabc\r\n0\r\n\r\n", 0, { 413 }, 0 },
		{ "chunks past the cap", chunked_big, 0, { 413 }, 0 },
		{ "chunk size with extension", POSTS "Transfer-Encoding: "
		    "chunked\r\n\r\n3;x=\"y\r\nabc\r\n0\r\n\r\n", 0,
		    { 403, 400 }, 0 },
		{ "pipelined", "GET /site.json HTTP/1.1\r\n" H "\r\n"
		    "GET /about.json HTTP/1.1\r\n" H "\r\n"
		    "GET /nope.json HTTP/1.1\r\n" H "Connection: close\r\n\r\n",
		    0, { 200 }, 3 },
		{ "smuggled request in a body", POSTS "Content-Length: 0\r\n\r\n"
		    "POST /admin/api/keys.json HTTP/1.1\r\n" H
		    "Connection: close\r\n\r\n", 0, { 403 }, 2 },
		{ "unknown method", "FOO /latest.json HTTP/1.1\r\n" H "\r\n",
		    0, { 405 }, 0 },
		{ "unknown method, unknown path", "BREW /pot HTTP/1.1\r\n" H
		    "\r\n", 0, { 404 }, 0 },
		{ "TRACE", "TRACE / HTTP/1.1\r\n" H "\r\n", 0, { 405, 404 },
		    0 },
		{ "CONNECT", "CONNECT 127.0.0.1:22 HTTP/1.1\r\n" H "\r\n", 0,
		    { 404, 400, 405 }, 0 },
		{ "lower-case method", "get /site.json HTTP/1.1\r\n" H "\r\n",
		    0, { 404, 405, 400 }, 0 },
		{ "traversal", "GET /static/../../../../etc/passwd HTTP/1.1\r\n"
		    H "\r\n", 0, { 404 }, 0 },
		{ "traversal %2e", "GET /static/%2e%2e/%2e%2e/etc/passwd "
		    "HTTP/1.1\r\n" H "\r\n", 0, { 404 }, 0 },
		{ "traversal %2f", "GET /static/..%2f..%2f..%2fetc%2fpasswd "
		    "HTTP/1.1\r\n" H "\r\n", 0, { 404 }, 0 },
		{ "traversal double-encoded", "GET /static/%252e%252e/"
		    "%252e%252e/etc/passwd HTTP/1.1\r\n" H "\r\n", 0, { 404 },
		    0 },
		{ "traversal backslash", "GET /static/..\\..\\etc\\passwd "
		    "HTTP/1.1\r\n" H "\r\n", 0, { 404 }, 0 },
		{ "traversal overlong UTF-8", "GET /static/%c0%ae%c0%ae/"
		    "%c0%ae%c0%ae/etc/passwd HTTP/1.1\r\n" H "\r\n", 0, { 404 },
		    0 },
		{ "database file", "GET /static/../confab.db HTTP/1.1\r\n" H
		    "\r\n", 0, { 404 }, 0 },
		{ "NUL in path", "GET /t/1\0.json HTTP/1.1\r\n" H "\r\n",
		    sizeof("GET /t/1\0.json HTTP/1.1\r\n" H "\r\n") - 1,
		    { 400, 404, 200 }, 0 },
		{ "encoded NUL in path", "GET /t/1%00.json HTTP/1.1\r\n" H
		    "\r\n", 0, { 404, 400 }, 0 },
		{ "raw high bytes in path", "GET /t/\xff\xfe\x80.json HTTP/1.1"
		    "\r\n" H "\r\n", 0, { 404, 400 }, 0 },
		{ "encoded newline in path", "GET /t/1%0d%0aFORGED%20line"
		    ".json HTTP/1.1\r\n" H "\r\n", 0, { 404 }, 0 },
		{ "escape sequence in path", "GET /t/%1b%5b31mred.json "
		    "HTTP/1.1\r\n" H "\r\n", 0, { 404 }, 0 },
		{ "obs-fold header", "GET /site.json HTTP/1.1\r\n" H
		    "X-A: a\r\n b\r\n\r\n", 0, { 200, 400 }, 0 },
		{ "obs-fold Content-Length", POSTS "Content-Length:\r\n 3\r\n"
		    "\r\nabc", 0, { 400, 403 }, 0 },
		{ "header without colon", "GET /site.json HTTP/1.1\r\n" H
		    "Nonsense\r\n\r\n", 0, { 200, 400 }, 0 },
		{ "space before colon", POSTS "Content-Length : 3\r\n\r\nabc",
		    0, { 400, 403 }, 0 },
		{ "bare LF", "GET /site.json HTTP/1.1\n" "Host: x\n\n", 0,
		    { 200, 400 }, 0 },
		{ "HTTP/0.9", "GET /\r\n\r\n", 0, { 400 }, 0 },
		{ "HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 0,
		    { 505, 400 }, 0 },
		{ "HTTP/9.9", "GET / HTTP/9.9\r\n" H "\r\n", 0, { 505, 400 },
		    0 },
		{ "absolute URI", "GET http://evil.example/latest.json "
		    "HTTP/1.1\r\n" H "\r\n", 0, { 404, 400 }, 0 },
		{ "asterisk", "OPTIONS * HTTP/1.1\r\n" H "\r\n", 0,
		    { 404, 400, 405 }, 0 },
		{ "path at the cap", at_max, 0, { 404 }, 0 },
		{ "path past the cap", past_max, 0, { 404 }, 0 },
		{ "body past the cap", bigbody, 0, { 413 }, 0 },
		{ "Expect 100-continue, body too big", POSTS
		    "Expect: 100-continue\r\nContent-Length: 900000\r\n\r\n", 0,
		    { 413 }, 0 },
		{ "Expect nonsense", POSTS "Expect: 200-ok\r\n"
		    "Content-Length: 3\r\n\r\nabc", 0, { 417, 403, 400 }, 0 },
		{ "NUL in a header", "GET /site.json HTTP/1.1\r\n" H
		    "X-A: a\0b\r\n\r\n", sizeof("GET /site.json HTTP/1.1\r\n"
		    H "X-A: a\0b\r\n\r\n") - 1, { 200, 400 }, 0 },
		{ "Host with CR", "GET /site.json HTTP/1.1\r\nHost: a\rb\r\n\r\n",
		    0, { 200, 400 }, 0 },
		{ "incomplete request", "GET /site.json HTTP/1.1\r\n" H, 0,
		    { 0 }, 0 },
	};
	size_t i, o;

	(void)state;
	o = (size_t)snprintf(longuri, sizeof(longuri), "GET /");
	memset(longuri + o, 'a', 40 * 1024);
	strcpy(longuri + o + 40 * 1024, " HTTP/1.1\r\n" H "\r\n");
	o = (size_t)snprintf(hugehdr, sizeof(hugehdr),
	    "GET /site.json HTTP/1.1\r\n" H "X-A: ");
	memset(hugehdr + o, 'a', 68 * 1024);
	strcpy(hugehdr + o + 68 * 1024, "\r\n\r\n");
	/* The default connection memory (20 KB) takes 9.9 KB of headers. */
	o = (size_t)snprintf(bigcookie, sizeof(bigcookie), "GET /site.json "
	    "HTTP/1.1\r\n" H "Connection: close\r\nCookie: a=");
	memset(bigcookie + o, 'b', 9 * 1024 - o);
	strcpy(bigcookie + 9 * 1024, "\r\n\r\n");
	o = (size_t)snprintf(many, sizeof(many), "GET /site.json HTTP/1.1\r\n"
	    H);
	for (i = 0; i < 3000 && o < sizeof(many) - 64; i++)
		o += (size_t)snprintf(many + o, sizeof(many) - o,
		    "X-%zu: 1\r\n", i);
	strcpy(many + o, "\r\n");
	/* MAX_PATH in http.c is 2048 bytes. */
	o = (size_t)snprintf(at_max, sizeof(at_max), "GET /");
	memset(at_max + o, 'p', 2047);
	strcpy(at_max + o + 2047, " HTTP/1.1\r\n" H "\r\n");
	o = (size_t)snprintf(past_max, sizeof(past_max), "GET /");
	memset(past_max + o, 'p', 2048);
	strcpy(past_max + o + 2048, " HTTP/1.1\r\n" H "\r\n");
	o = (size_t)snprintf(bigbody, sizeof(bigbody), POSTS
	    "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n",
	    70 * 1024);
	memset(bigbody + o, '[', 70 * 1024);
	bigbody[o + 70 * 1024] = '\0';
	o = (size_t)snprintf(chunked_big, sizeof(chunked_big), POSTS
	    "Transfer-Encoding: chunked\r\n\r\n");
	for (i = 0; i < 70; i++) {
		o += (size_t)snprintf(chunked_big + o, sizeof(chunked_big) - o,
		    "400\r\n");
		memset(chunked_big + o, 'x', 1024);
		o += 1024;
		o += (size_t)snprintf(chunked_big + o, sizeof(chunked_big) - o,
		    "\r\n");
	}
	snprintf(chunked_big + o, sizeof(chunked_big) - o, "0\r\n\r\n");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		raw_case(&cases[i]);
		if (i % 8 == 7)
			alive();
	}
	alive();
	/* Control characters in a path cannot forge log lines. */
	assert_int_equal(hostile_log_forged(&srv), 0);
	assert_int_equal(th_log_count(&srv, "\x1b"), 0);
}

/* --- JSON bodies ---------------------------------------------------- */

static void
test_json(void **state)
{
	static const struct {
		const char	*ctype;
		const char	*body;
		long		 want;
	} cases[] = {
		{ "application/json", "not json at all", 400 },
		{ "application/json", "", 400 },
		{ "application/json", "[]", 400 },
		{ "application/json", "\"raw\"", 400 },
		{ "application/json", "null", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":\"" RAW "\"", 400 },
		{ "text/plain", "{\"raw\":\"" RAW "\"}", 415 },
		{ "application/xml", "<raw>" RAW "</raw>", 415 },
		{ "multipart/form-data; boundary=x", "--x\r\nContent-"
		    "Disposition: form-data; name=\"raw\"\r\n\r\n" RAW
		    "\r\n--x--\r\n", 415 },
		{ "application/json", "topic_id=1&raw=form+body+sent+as+json",
		    400 },
		{ "application/json", "{\"raw\":\"" RAW "\",\"raw\":\"" RAW
		    " again\"}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":\"nul \\u0000 "
		    RAW "\"}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":\"lone "
		    "\\ud800 " RAW "\"}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":\"lone "
		    "\\udfff " RAW "\"}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":\"bad \xc3\x28 "
		    RAW "\"}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":\"overlong "
		    "\xc0\xaf " RAW "\"}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":\"surrogate "
		    "\xed\xa0\x80 " RAW "\"}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":12345}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":true}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":null}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":[\"" RAW
		    "\"]}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":{\"a\":\"" RAW
		    "\"}}", 400 },
		{ "application/json", "{\"topic_id\":\"abc\",\"raw\":\"" RAW
		    "\"}", 400 },
		{ "application/json", "{\"topic_id\":1.5,\"raw\":\"" RAW
		    "\"}", 400 },
		{ "application/json", "{\"topic_id\":true,\"raw\":\"" RAW
		    "\"}", 400 },
		{ "application/json", "{\"topic_id\":[1],\"raw\":\"" RAW
		    "\"}", 400 },
		{ "application/json", "{\"topic_id\":99999999999999999999,"
		    "\"raw\":\"" RAW "\"}", 400 },
		{ "application/json", "{\"topic_id\":1e400,\"raw\":\"" RAW
		    "\"}", 400 },
		{ "application/json", "{\"topic_id\":9223372036854775807,"
		    "\"raw\":\"" RAW "\"}", 400 },
		{ "application/json", "{\"topic_id\":-1,\"raw\":\"" RAW
		    "\"}", 404 },
		{ "application/json", "{\"topic_id\":0,\"raw\":\"" RAW
		    "\"}", 404 },
		{ "application/json", "{\"topic_id\":999999999,\"raw\":\"" RAW
		    "\"}", 404 },
		{ "application/json", "{\"title\":\"A title that is long\","
		    "\"raw\":\"" RAW "\",\"category\":\"1 OR 1=1\"}", 400 },
		{ "application/json", "{\"title\":\"A title that is long\","
		    "\"raw\":\"" RAW "\",\"category\":-5}", 403 },
		{ "application/json", "{\"title\":\"A title that is long\","
		    "\"raw\":\"" RAW "\",\"tags\":[1,{}]}", 400 },
		{ "application/json", "{\"title\":\"A title that is long\","
		    "\"raw\":\"" RAW "\",\"archetype\":\"private_message\","
		    "\"target_recipients\":\"bob\"}", 422 },
		{ "application/json", "{\"topic_id\":1,\"raw\":\"" RAW "\"} "
		    "trailing", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":\"" RAW "\"}{}",
		    400 },
		{ "application/json", "\xef\xbb\xbf{\"topic_id\":1,\"raw\":\""
		    RAW "\"}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":\"" RAW "\","
		    "\"reply_to_post_number\":\"x\"}", 400 },
		{ "application/json", "{\"topic_id\":1,\"raw\":\"\"}", 400 },
		{ "application/json", "{}", 400 },
		{ "application/json;charset=utf-16", "{}", 400 },
		{ "application/x-www-form-urlencoded", "{\"topic_id\":1}",
		    400 },
		{ "application/x-www-form-urlencoded", "raw=%ZZ%", 0 },
		{ "application/x-www-form-urlencoded", "topic_id=1&raw=%00"
		    "nul+in+a+form+body+is+refused", 0 },
		{ "application/x-www-form-urlencoded", "a[b][c][d]=1&raw=x",
		    0 },
	};
	static char deep[40 * 1024 + 64], deeper[200 * 1024 + 64];
	struct th_resp r;
	size_t i;
	char *path;

	(void)state;
	path = "/posts.json";
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *body = strdup(cases[i].body);
		char *p;

		/* Point replies at the sweep topic. */
		if ((p = strstr(body, "\"topic_id\":1,")) != NULL ||
		    (p = strstr(body, "\"topic_id\":1}")) != NULL) {
			char fixed[8192];

			snprintf(fixed, sizeof(fixed), "%.*s\"topic_id\":%ld%s",
			    (int)(p - body), body, topic, p + 12);
			free(body);
			body = strdup(fixed);
		}
		r = hostile(alice, cases[i].want, 0, "POST", path,
		    cases[i].ctype, *body ? body : NULL, NULL);
		th_resp_free(&r);
		free(body);
	}
	/* 20,000-deep nesting (40 KB: under the body cap) and 100,000-deep
	 * (200 KB: over it). */
	memset(deep, '[', 20000);
	memset(deep + 20000, ']', 20000);
	deep[40000] = '\0';
	hostile_done(alice, 400, "POST", path, "application/json", deep);
	memset(deeper, '[', 100000);
	memset(deeper + 100000, ']', 100000);
	deeper[200000] = '\0';
	hostile_done(alice, 413, "POST", path, "application/json", deeper);
	memset(deep, '{', 1);
	for (i = 0; i < 5000; i++)
		memcpy(deep + 1 + i * 6, "\"a\":{ ", 6);
	deep[30001] = '\0';
	hostile_done(alice, 400, "POST", path, "application/json", deep);
	/* The same through an API key (no cookie, no CSRF). */
	hostile_done(bot, 400, "POST", path, "application/json",
	    "{\"topic_id\":1,\"raw\":false}");
	/* Edits: wrong types. */
	{
		char p2[64];

		snprintf(p2, sizeof(p2), "/posts/%ld.json", post);
		hostile_done(alice, 400, "PUT", p2, "application/json",
		    "{\"post\":{\"raw\":42}}");
		hostile_done(alice, 400, "PUT", p2, "application/json",
		    "{\"post\":{\"raw\":{\"nested\":\"x\"}}}");
		hostile_done(alice, 400, "PUT", p2, "application/json",
		    "{\"post\":[\"" RAW "\"]}");
		snprintf(p2, sizeof(p2), "/t/%ld.json", topic);
		hostile_done(alice, 400, "PUT", p2, "application/json",
		    "{\"title\":12345678901234567}");
		hostile_done(alice, 400, "PUT", p2, "application/json",
		    "{\"category_id\":\"1;DROP TABLE topics\"}");
	}
	alive();
}

/* Mass assignment: fields a client may not set are ignored, not stored. */
static void
test_mass_assignment(void **state)
{
	struct th_resp r;
	json_t *p, *body;
	char path[64], req[1024];
	long st;

	(void)state;
	snprintf(req, sizeof(req), "{\"topic_id\":%ld,\"raw\":\"" RAW " (ma)"
	    "\",\"user_id\":%ld,\"username\":\"boss\",\"cooked\":\"<script>"
	    XSS_MARK "</script>\",\"admin\":true,\"moderator\":true,"
	    "\"post_number\":999,\"like_count\":1000,\"created_at\":\"2000-"
	    "01-01T00:00:00Z\",\"deleted_at\":null,\"version\":50,"
	    "\"trust_level\":4,\"staff\":true,\"hidden\":true,\"wiki\":true,"
	    "\"post_type\":4,\"id\":1}", topic, admin_id);
	r = hostile(alice, 200, 1, "POST", "/posts.json", "application/json",
	    req, NULL);
	assert_non_null(r.json);
	assert_int_equal(json_integer_value(json_object_get(r.json, "user_id")),
	    alice_id);
	assert_int_not_equal(json_integer_value(json_object_get(r.json,
	    "post_number")), 999);
	assert_int_equal(json_integer_value(json_object_get(r.json,
	    "like_count")), 0);
	assert_int_equal(json_integer_value(json_object_get(r.json,
	    "version")), 1);
	assert_null(strstr(json_string_value(json_object_get(r.json,
	    "cooked")), "script"));
	snprintf(path, sizeof(path), "/posts/%lld.json",
	    (long long)json_integer_value(json_object_get(r.json, "id")));
	th_resp_free(&r);
	/* Still a member. */
	p = th_get(alice, "/session/current.json", &st);
	assert_int_equal(st, 200);
	assert_false(json_is_true(json_object_get(json_object_get(p,
	    "current_user"), "admin")));
	json_decref(p);
	/* Edits ignore ownership and counters too. */
	body = json_pack("{s:{s:s,s:I,s:I},s:I}", "post", "raw", RAW
	    " edited", "user_id", (json_int_t)admin_id, "like_count",
	    (json_int_t)77, "user_id", (json_int_t)admin_id);
	p = th_send(alice, "PUT", path, body, &st);
	hostile_sent++;
	assert_int_equal(st, 200);
	json_decref(p);
	p = th_get(anon, path, &st);
	assert_int_equal(json_integer_value(json_object_get(p, "user_id")),
	    alice_id);
	assert_int_equal(json_integer_value(json_object_get(p, "like_count")),
	    0);
	json_decref(p);
}

/* --- Markdown and XSS ------------------------------------------------- */

static const char *const xss[] = {
	"<script>alert('" XSS_MARK "')</script>",
	"<SCRIPT SRC=//evil.example/" XSS_MARK ".js></SCRIPT>",
	"<img src=x onerror=alert('" XSS_MARK "')>",
	"<svg onload=alert('" XSS_MARK "')>",
	"<a href=\"javascript:alert('" XSS_MARK "')\">x</a>",
	"<iframe src=\"javascript:alert('" XSS_MARK "')\"></iframe>",
	"<details open ontoggle=alert('" XSS_MARK "')>",
	"<form action=javascript:alert('" XSS_MARK "')><button>x</button>",
	"<base href=\"javascript:alert('" XSS_MARK "')//\">",
	"<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
	"<style>@import 'javascript:alert(1)';</style>",
	"<div style=\"background:url(javascript:alert(1))\">x</div>",
	"[x](javascript:alert('" XSS_MARK "'))",
	"[x](JaVaScRiPt:alert('" XSS_MARK "'))",
	"[x](  javascript:alert('" XSS_MARK "'))",
	"[x](&#106;avascript:alert('" XSS_MARK "'))",
	"[x](&#x6A;&#x61;vascript:alert('" XSS_MARK "'))",
	"[x](&#0000106avascript:alert('" XSS_MARK "'))",
	"[x](javascript&colon;alert('" XSS_MARK "'))",
	"[x](java&#09;script:alert('" XSS_MARK "'))",
	"[x](java%0ascript:alert('" XSS_MARK "'))",
	"[x](<javascript:alert('" XSS_MARK "')>)",
	"[x](javascript://%0aalert('" XSS_MARK "'))",
	"[x](vbscript:msgbox('" XSS_MARK "'))",
	"[x](VBScript:msgbox('" XSS_MARK "'))",
	"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
	"[x](DATA:text/html,<script>alert(1)</script>)",
	"[x](file:///etc/passwd)",
	"![i](javascript:alert('" XSS_MARK "'))",
	"![i](data:image/svg+xml,<svg onload=alert(1)>)",
	"![i](https://example.org/a.png \"t\\\" onerror=\\\"alert(1)\")",
	"![a\" onerror=\"alert(1)](https://example.org/a.png)",
	"[x](https://example.org \"t\\\" onmouseover=\\\"alert(1)\")",
	"[a]: javascript:alert('" XSS_MARK "')\n\n[click][a] and [a]",
	"[a]: <JAVASCRIPT:alert(1)>\n\n[click][a]",
	"[a]: &#106;avascript:alert(1)\n\n[click][a]",
	"[a]: data:text/html,x \"title\"\n\n![img][a]",
	"<javascript:alert('" XSS_MARK "')>",
	"<vbscript:msgbox(1)>",
	"<https://example.org/\" onmouseover=\"alert(1)>",
	"https://example.org/\"onmouseover=\"alert(1)",
	"www.example.org/\"><script>alert(1)</script>",
	"<mailto:a@example.org?subject=\"><script>alert(1)</script>>",
	"a@example.org\"onclick=alert(1)",
	"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
	"<svg><style><img src=x onerror=alert(1)></style></svg>",
	"<math><mtext><table><mglyph><style><img src=x "
	    "onerror=alert(1)>",
	"<!--><img src=x onerror=alert(1)>-->",
	"<![CDATA[<script>alert(1)</script>]]>",
	"<textarea><script>alert(1)</script></textarea>",
	"<xmp><img src=x onerror=alert(1)></xmp>",
	"`<script>alert(1)</script>` and ```\n<script>alert(1)</script>\n```",
	"&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=1&#62;",
	":smile:<script>alert(1)</script> :javascript: :\" onerror=\"x:",
	"@alice<script>alert(1)</script> @boss\" onmouseover=\"alert(1)",
	"@\xd0\xb0lice (Cyrillic a) and @alice\xe2\x80\x8b (zero width)",
	"@al\xe2\x80\xaeice and @\xef\xbd\x81lice (fullwidth)",
	"[date=2024-01-01 time=\"\\\"><script>alert(1)</script>\"]",
	"[date-range from=2024-01-01 to=\"\\\"><img src=x onerror=alert(1)>\"]",
	"[date=2024-01-01\" onmouseover=\"alert(1)]",
	"| a | b |\n|---|---|\n| <td onclick=alert(1)> | [x](javascript:1)"
	    " |",
	"> <script>alert(1)</script>\n>> [x](javascript:alert(1))",
	"* [x](javascript:alert(1))\n  * ![y](javascript:alert(2))",
	"<a href=\"https://example.org\" onclick=\"alert(1)\">ok</a>",
	"<img src=\"https://example.org/a.png\" style=\"x:expression("
	    "alert(1))\">",
	"<object data=\"javascript:alert(1)\"></object><embed src=x>",
	"[\xe2\x80\xae" "exe.pdf](https://example.org/evil\xe2\x80\xae" "fdp.exe)",
	"[x](https://example.org/\x01\x02)",
	"~~<script>~~alert(1)~~</script>~~",
	"***<img src=x onerror=alert(1)>***",
	"<scr<script>ipt>alert(1)</scr</script>ipt>",
	"<<script>script>alert(1)<</script>/script>",
	"\\<script>alert(1)\\</script>",
	"[x](#\" onclick=\"alert(1))",
	"[x](/relative\" onclick=\"alert(1))",
	"[x](//evil.example/x)",
	"[x](\\\\evil.example\\x)",
	"<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
	"[ok](https://example.org/?a=\"><script>alert(1)</script>)",
};

static void
test_xss(void **state)
{
	char raw[4096], path[128], why[256];
	struct th_resp r;
	json_t *body, *j;
	size_t i;
	long st, id, t2;
	const char *bad;
	int n;

	(void)state;
	for (i = 0; i < sizeof(xss) / sizeof(xss[0]); i++) {
		snprintf(raw, sizeof(raw), "%s\n\nPadding so the body is long "
		    "enough.", xss[i]);
		body = json_pack("{s:I,s:s}", "topic_id", (json_int_t)topic,
		    "raw", raw);
		st = post_json(alice, body, &id);
		hostile_sent++;
		/* Accepted (and made safe) or refused, never a 5xx. */
		if (st != 200 && st != 422)
			fail_msg("xss %zu: status %ld", i, st);
		if (st == 200) {
			snprintf(path, sizeof(path), "/posts/%ld.json", id);
			j = th_get(anon, path, &st);
			assert_int_equal(st, 200);
			if (allowlist_check(json_string_value(json_object_get(j,
			    "cooked")), why, sizeof(why)) != 0)
				fail_msg("xss %zu: %s", i, why);
			/* The raw text round-trips unchanged. */
			assert_string_equal(json_string_value(json_object_get(j,
			    "raw")), raw);
			json_decref(j);
		}
	}
	/* Titles: stored as text, escaped wherever shown. */
	body = json_pack("{s:s,s:s}", "title", "<img src=x onerror=alert(1)>"
	    " \" ' & title", "raw", xss[2]);
	assert_int_equal(post_json(alice, body, &id), 200);
	hostile_sent++;
	j = th_get(anon, "/latest.json", &st);
	t2 = (long)json_integer_value(json_object_get(json_array_get(
	    json_object_get(json_object_get(j, "topic_list"), "topics"), 0),
	    "id"));
	assert_null(strchr(json_string_value(json_object_get(json_array_get(
	    json_object_get(json_object_get(j, "topic_list"), "topics"), 0),
	    "fancy_title")), '<'));
	json_decref(j);
	/* The pages browsers and crawlers get. */
	{
		const char *pages[] = { "/t/%ld", "/t/x/%ld", "/latest", "/",
		    "/u/alice", "/c/1/show", "/top", "/about" };
		const char *hdr[] = { "Accept: text/html", NULL };

		for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
			snprintf(path, sizeof(path), pages[i], t2);
			r = hostile(anon, -1, 0, "GET", path, NULL, NULL, hdr);
			th_resp_free(&r);
		}
		snprintf(path, sizeof(path), "/t/%ld", topic);
		th_request(anon, "GET", path, NULL, NULL, hdr, &r);
		assert_int_equal(r.status, 200);
		if ((bad = hostile_active_html(r.body)) != NULL)
			fail_msg("topic page: %s", bad);
		th_resp_free(&r);
	}
	n = hostile_check_cooked(&srv);
	assert_true(n > 40);
}

/* Hostile GETs of pages answer 200/404 with clean pages. */
static long
hostile_page(const char *path)
{
	const char *hdr[] = { "Accept: text/html", NULL };
	struct th_resp r;
	long st;

	st = th_request(anon, "GET", path, NULL, NULL, hdr, &r);
	hostile_sent++;
	if (st >= 500)
		hostile_5xx++;
	check_headers(&r);
	check_body(&r);
	th_resp_free(&r);
	return st;
}

/* The pathological inputs of cmark-gfm's CVEs, at the size cap. */
static void
test_cmark_cves(void **state)
{
	struct {
		const char	*name;
		const char	*unit;
		const char	*prefix;
		const char	*suffix;
	} cases[] = {
		{ "table header cells (quadratic)", "a|", "", "\n"
		    "-|-|-|-|\n" },
		{ "table delimiter row", "-|", "a|b|c\n", "" },
		{ "ref used many times", "[x] ", "[x]: https://example.org/"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "\n\n", "" },
		{ "nested block quotes", "> ", "", "x" },
		{ "nested lists", "- ", "", "x" },
		{ "emphasis (CVE-2023-22484)", "*a **a ", "", "" },
		{ "underscores (CVE-2023-26485)", "_a __a ", "", "" },
		{ "brackets (CVE-2023-24824)", "[", "", "" },
		{ "link openers", "[a](", "", "" },
		{ "image openers", "![", "", "" },
		{ "HTML comments (CVE-2023-22486)", "<!--", "", "" },
		{ "processing instructions", "<?", "", "" },
		{ "CDATA", "<![CDATA[", "", "" },
		{ "declarations", "<!A ", "", "" },
		{ "autolink colons (CVE-2022-39209)", ":**", "", "" },
		{ "www autolinks", "www.a.", "", "" },
		{ "backtick runs", "`", "", "" },
		{ "strikethrough", "~~a", "", "" },
		{ "entities", "&#x1F600;", "", "" },
		{ "emoji shortcodes", ":smile:", "", "" },
		{ "mentions", "@alice ", "", "" },
		{ "dates", "[date=2024-01-01]", "", "" },
		{ "inline links", "[a](b)", "", "" },
		{ "hard breaks", "a  \n", "", "" },
	};
	static char raw[33000];
	json_t *body;
	size_t i, o, ulen;
	double t0, dt;
	long st, id;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		o = (size_t)snprintf(raw, sizeof(raw), "%s", cases[i].prefix);
		ulen = strlen(cases[i].unit);
		while (o + ulen + strlen(cases[i].suffix) < 32000) {
			memcpy(raw + o, cases[i].unit, ulen);
			o += ulen;
		}
		snprintf(raw + o, sizeof(raw) - o, "%s", cases[i].suffix);
		body = json_pack("{s:I,s:s}", "topic_id", (json_int_t)topic,
		    "raw", raw);
		t0 = hostile_now();
		st = post_json(alice, body, &id);
		dt = hostile_now() - t0;
		hostile_sent++;
		if (st != 200 && st != 422)
			fail_msg("cve %s: status %ld", cases[i].name, st);
		/* Under ASan and UBSan, on a loaded machine. */
		if (dt > 5.0)
			fail_msg("cve %s: %.1f s", cases[i].name, dt);
	}
	assert_true(hostile_check_cooked(&srv) > 0);
}

/* --- SQL-ish strings, Unicode, sizes ---------------------------------- */

static void
test_strings_and_sizes(void **state)
{
	static const char *const paths[] = {
		"/u/boss'--.json", "/u/boss%27%20OR%20%271%27=%271.json",
		"/t/1%20OR%201=1.json", "/t/1;DROP%20TABLE%20posts.json",
		"/c/1%27/1.json", "/tag/%27%3BDROP.json",
		"/groups/staff%27--.json", "/latest.json?order=id;DROP",
		"/latest.json?page=-1", "/latest.json?page=99999999999999999999",
		"/latest.json?category=1%20OR%201=1", "/t/999999999999999999.json",
		"/t/9999999999999999999.json", "/posts/-1.json",
		"/posts/0x10.json", "/u/%00.json", "/u/%E2%80%AEnimda.json",
		"/top/forever%27.json", "/t/1/posts.json?post_ids[]=1%20OR%201",
		"/groups/x/members.json?limit=-5&offset=-1",
		"/groups/x/members.json?limit=99999999999999999999",
	};
	char raw[40000], title[600], path[128];
	struct th_resp r;
	json_t *body, *j;
	size_t i;
	long st, id;
	const char *s;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		r = hostile(anon, -1, 0, "GET", paths[i], NULL, NULL, NULL);
		th_resp_free(&r);
	}
	for (i = 0; i < 4; i++)
		assert_true(hostile_page(i == 0 ? "/u/%3Cscript%3E" : i == 1 ?
		    "/t/%3Csvg%20onload=alert(1)%3E/1" : i == 2 ?
		    "/c/%22%3E%3Cimg%20src=x%20onerror=1%3E/1" :
		    "/tag/%3Cscript%3E") < 500);
	/* SQL-ish text is stored literally. */
	body = json_pack("{s:s,s:s}", "title", "Robert'); DROP TABLE "
	    "topics;-- \" OR 1=1", "raw", "' OR '1'='1'; DELETE FROM posts; "
	    "-- and %s %n %x \\x00 $(reboot) `id` ${jndi:ldap://x}");
	assert_int_equal(post_json(alice, body, &id), 200);
	hostile_sent++;
	snprintf(path, sizeof(path), "/posts/%ld.json", id);
	j = th_get(anon, path, &st);
	assert_non_null(strstr(json_string_value(json_object_get(j, "raw")),
	    "DELETE FROM posts"));
	json_decref(j);
	/* Usernames: bidi overrides, lookalikes, zero width, SQL. */
	{
		static const char *const names[] = { "\xe2\x80\xae" "nimda",
		    "\xd0\xb0" "dmin", "ad\xe2\x80\x8bmin", "admin'--",
		    "a d m i n", "<script>", "../../etc", "boss",
		    "BOSS", "\xef\xbd\x82oss", "x", "averyveryverylongusername"
		    "thatgoesonandon", "%00", "" };

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			body = json_pack("{s:s,s:s,s:s,s:s}", "name", "x",
			    "username", names[i], "email", "new@example.org",
			    "password", "A-Good-Password-123");
			j = th_send(anon, "POST", "/users.json", body, &st);
			hostile_sent++;
			if (st != 422 && st != 400 && st != 403)
				fail_msg("username %zu: %ld", i, st);
			json_decref(j);
		}
	}
	/* Titles made of zero-width and bidi characters are blank. */
	body = json_pack("{s:s,s:s}", "title", "\xe2\x80\x8b\xe2\x80\x8b"
	    "\xe2\x80\x8b\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0\xef\xbb\xbf"
	    "\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b"
	    "\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b", "raw", RAW);
	j = th_send(alice, "POST", "/posts.json", body, &st);
	hostile_sent++;
	assert_int_equal(st, 422);
	json_decref(j);
	/* 4-byte emoji round-trip. */
	body = json_pack("{s:s,s:s}", "title", "Emoji \xf0\x9f\x98\x80 "
	    "round trip \xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x8c"
	    "\x88", "raw", "Four bytes: \xf0\x9f\x98\x80\xf0\x9f\x9a\x80 "
	    "\xf0\x9d\x95\xb3 and a flag \xf0\x9f\x87\xab\xf0\x9f\x87\xb7");
	assert_int_equal(post_json(alice, body, &id), 200);
	hostile_sent++;
	snprintf(path, sizeof(path), "/posts/%ld.json", id);
	j = th_get(anon, path, &st);
	assert_string_equal(json_string_value(json_object_get(j, "raw")),
	    "Four bytes: \xf0\x9f\x98\x80\xf0\x9f\x9a\x80 \xf0\x9d\x95\xb3 "
	    "and a flag \xf0\x9f\x87\xab\xf0\x9f\x87\xb7");
	json_decref(j);
	/* Sizes at and past each bound: raw 32,000 characters, title 255,
	 * tags 5 of 20 characters, password 200. */
	memset(raw, 'a', 32000);
	raw[32000] = '\0';
	body = json_pack("{s:I,s:s}", "topic_id", (json_int_t)topic, "raw",
	    raw);
	assert_int_equal(post_json(alice, body, NULL), 200);
	hostile_sent++;
	raw[32000] = 'a';
	raw[32001] = '\0';
	body = json_pack("{s:I,s:s}", "topic_id", (json_int_t)topic, "raw",
	    raw);
	r = hostile(alice, 422, 0, "POST", "/posts.json", "application/json",
	    s = json_dumps(body, JSON_COMPACT), NULL);
	free((void *)s);
	json_decref(body);
	th_resp_free(&r);
	/* 10,700 three-byte characters: 32,100 bytes but under the
	 * character cap. */
	for (i = 0; i < 10700; i++)
		memcpy(raw + i * 3, "\xe2\x82\xac", 3);
	raw[10700 * 3] = '\0';
	body = json_pack("{s:I,s:s}", "topic_id", (json_int_t)topic, "raw",
	    raw);
	assert_int_equal(post_json(alice, body, NULL), 200);
	hostile_sent++;
	memset(title, 't', 255);
	title[255] = '\0';
	body = json_pack("{s:s,s:s}", "title", title, "raw", RAW);
	assert_int_equal(post_json(alice, body, NULL), 200);
	hostile_sent++;
	title[255] = 't';
	title[256] = '\0';
	body = json_pack("{s:s,s:s}", "title", title, "raw", RAW);
	s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	hostile_done(alice, 422, "POST", "/posts.json", "application/json", s);
	free((void *)s);
	hostile_done(alice, 422, "POST", "/posts.json", "application/json",
	    "{\"title\":\"A topic with six tags\",\"raw\":\"" RAW "\","
	    "\"tags\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}");
	hostile_done(alice, 422, "POST", "/posts.json", "application/json",
	    "{\"title\":\"A topic with a long tag\",\"raw\":\"" RAW "\","
	    "\"tags\":[\"aaaaaaaaaaaaaaaaaaaaa\"]}");
	/* Markup in a tag is cleaned away (as Discourse does) or refused. */
	r = hostile(alice, -1, 1, "POST", "/posts.json", "application/json",
	    "{\"title\":\"A topic with a bad tag\",\"raw\":\"" RAW "\","
	    "\"tags\":[\"<script>\"]}", NULL);
	th_resp_free(&r);
	th_request(anon, "GET", "/tags.json", NULL, NULL, NULL, &r);
	assert_null(strchr(r.body, '<'));
	th_resp_free(&r);
	hostile_done(alice, 422, "POST", "/posts.json", "application/json",
	    "{\"title\":\"short\",\"raw\":\"" RAW "\"}");
	hostile_done(alice, 422, "POST", "/posts.json", "application/json",
	    "{\"title\":\"A fine title here\",\"raw\":\"short\"}");
	memset(raw, 'p', 201);
	raw[201] = '\0';
	body = json_pack("{s:s,s:s,s:s,s:s}", "name", "x", "username",
	    "longpw", "email", "longpw@example.org", "password", raw);
	j = th_send(anon, "POST", "/users.json", body, &st);
	hostile_sent++;
	assert_int_equal(st, 422);
	json_decref(j);
	/* A 10,000-character login is refused before any hashing. */
	memset(raw, 'l', 10000);
	raw[10000] = '\0';
	body = json_pack("{s:s,s:s}", "login", raw, "password", "x");
	j = th_send(anon, "POST", "/session.json", body, &st);
	hostile_sent++;
	assert_int_equal(st, 403);
	json_decref(j);
	alive();
}

/* Every class of response carries the security headers; what is made
 * for one user, and every error, stays out of shared caches. */
static void
test_headers(void **state)
{
	static const struct {
		const char	*who;
		const char	*path;
		const char	*accept;
		long		 status;
		int		 private;
	} cases[] = {
		{ "anon", "/site.json", NULL, 200, 0 },
		{ "anon", "/site.json", NULL, 200, 0 },		/* cached */
		{ "anon", "/latest", "Accept: text/html", 200, 0 },
		{ "anon", "/static/app.js", NULL, 200, 0 },
		{ "anon", "/static/nope.js", NULL, 404, 1 },
		{ "anon", "/nope.json", NULL, 404, 1 },
		{ "anon", "/nope", "Accept: text/html", 404, 1 },
		{ "anon", "/session/current.json", NULL, 404, 1 },
		{ "anon", "/admin/api/keys.json", NULL, 403, 1 },
		{ "alice", "/session/current.json", NULL, 200, 1 },
		{ "alice", "/latest.json", NULL, 200, 1 },
		{ "alice", "/latest", "Accept: text/html", 200, 1 },
		{ "alice", "/static/app.js", NULL, 200, 0 },
		{ "bot", "/latest.json", NULL, 200, 1 },
		{ "bot", "/session/current.json", NULL, 200, 1 },
	};
	static const char *const always[] = { "X-Content-Type-Options",
	    "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy",
	    "Cache-Control", NULL };
	struct th_resp r;
	size_t i, k;
	char *v;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *h[] = { cases[i].accept, NULL };
		struct th_client *c = strcmp(cases[i].who, "anon") == 0 ? anon :
		    strcmp(cases[i].who, "alice") == 0 ? alice : bot;

		th_request(c, "GET", cases[i].path, NULL, NULL, h, &r);
		hostile_sent++;
		if (r.status != cases[i].status)
			fail_msg("%s as %s: %ld", cases[i].path, cases[i].who,
			    r.status);
		for (k = 0; always[k] != NULL; k++)
			if ((v = th_resp_header(&r, always[k])) == NULL)
				fail_msg("%s as %s: no %s", cases[i].path,
				    cases[i].who, always[k]);
			else
				free(v);
		assert_null(th_resp_header(&r, "Server"));
		assert_null(th_resp_header(&r, "X-Powered-By"));
		if (cases[i].private) {
			v = th_resp_header(&r, "Cache-Control");
			if (strcmp(v, "private, no-store") != 0)
				fail_msg("%s as %s: Cache-Control %s",
				    cases[i].path, cases[i].who, v);
			free(v);
			if (strncmp(cases[i].path, "/static/", 8) != 0 ||
			    r.status >= 400) {
				v = th_resp_header(&r, "Vary");
				assert_non_null(v);
				assert_non_null(strstr(v, "Cookie"));
				free(v);
			}
		} else if (strncmp(cases[i].path, "/static/", 8) != 0) {
			/* Anonymous pages still vary by cookie: a proxy
			 * must not hand them to a signed-in user. */
			v = th_resp_header(&r, "Vary");
			assert_non_null(strstr(v, "Cookie"));
			free(v);
		}
		th_resp_free(&r);
	}
}

/* Last: the figures, and the log. */
/*
 * The access log is buffered, so the checks above that find nothing in
 * it would pass on an empty log: every request answered is there, within
 * the time th_log_open waits.
 */
static void
test_access_log_complete(void **state)
{
	int before, i;
	long st;

	(void)state;
	before = th_log_count(&srv, " GET /about 200 ");
	for (i = 0; i < 30; i++)
		json_decref(th_get(anon, "/about.json", &st));
	assert_int_equal(th_log_count(&srv, " GET /about 200 ") - before, 30);
}

static void
test_report(void **state)
{
	(void)state;
	printf("hostile sweep: %u inputs sent, %u unexpected 5xx\n",
	    hostile_sent, hostile_5xx);
	assert_int_equal(hostile_5xx, 0);
	assert_true(hostile_sent >= 150);
	assert_int_equal(th_log_count(&srv, "internal error"), 0);
	assert_int_equal(th_log_count(&srv, "runtime error"), 0);
	assert_int_equal(th_log_count(&srv, "Sanitizer"), 0);
	/* Secrets never reach the log. */
	assert_int_equal(th_log_count(&srv, "Alice-Password-123"), 0);
	assert_int_equal(th_log_count(&srv, "Boss-Password-123"), 0);
	assert_int_equal(th_log_count(&srv, bot_key), 0);
	assert_int_equal(hostile_log_forged(&srv), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_mass_assignment),
		cmocka_unit_test(test_xss),
		cmocka_unit_test(test_cmark_cves),
		cmocka_unit_test(test_strings_and_sizes),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_access_log_complete),
		cmocka_unit_test(test_report),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
