/*
 * The hostile-input sweep, authentication: brute force per IP and per
 * account (from many loopback addresses), malformed cookies and API keys,
 * session fixation, replay after logout and after suspension, CSRF
 * missing, foreign, cross-origin and in form content types, an API key
 * used for another user.  Every request is raw, so the test sees exactly
 * the cookies the server sets; each is checked for its status and that
 * nothing was stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "hostile.h"

static struct th_server srv;
static char *alice_key, *global_key, *sus_key;

static const char *const env[] = {
	"CONFAB_MAX_LOGINS_PER_IP_PER_MINUTE=20",
	"CONFAB_MAX_LOGINS_PER_ACCOUNT_PER_MINUTE=5",
	NULL
};

/* One raw request, counted; returns the status, the response in *out
 * (free). */
static int
req(const char *src, const char *method, const char *path,
    const char *headers, const char *ctype, const char *body, char **out)
{
	int st = raw_http(&srv, src, method, path, headers, ctype, body, out,
	    5000);

	hostile_sent++;
	if (st >= 500)
		hostile_5xx++;
	return st;
}

/* The same, asserting the status and that nothing was stored. */
static void
expect(int want, const char *src, const char *method, const char *path,
    const char *headers, const char *ctype, const char *body)
{
	char *before = hostile_fingerprint(&srv), *after, *resp = NULL;
	int st = req(src, method, path, headers, ctype, body, &resp);

	if (st != want)
		fail_msg("%s %s [%s]: %d, want %d: %.300s", method, path,
		    headers ? headers : "", st, want, resp);
	after = hostile_fingerprint(&srv);
	if (strcmp(before, after) != 0)
		fail_msg("%s %s stored something", method, path);
	free(before);
	free(after);
	free(resp);
}

/* The value of cookie name in the response's Set-Cookie, or "". */
static void
set_cookie(const char *resp, const char *name, char *out, size_t len)
{
	char pat[64];
	const char *p;
	size_t n;

	snprintf(pat, sizeof(pat), "Set-Cookie: %s=", name);
	out[0] = '\0';
	if ((p = strstr(resp, pat)) == NULL)
		return;
	p += strlen(pat);
	n = strcspn(p, ";\r\n");
	snprintf(out, len, "%.*s", (int)(n < len ? n : len - 1), p);
}

/* The CSRF token for cookie (a full "Cookie: ..." header line). */
static void
csrf_for(const char *cookie_hdr, char *out, size_t len)
{
	char *resp = NULL, *p;

	out[0] = '\0';
	req(NULL, "GET", "/session/csrf.json", cookie_hdr, NULL, NULL, &resp);
	if ((p = strstr(resp, "\"csrf\":\"")) != NULL)
		snprintf(out, len, "%.64s", p + 8);
	free(resp);
}

/* Logs in from src; returns the status and the new _t in token. */
static int
login(const char *src, const char *user, const char *pw, const char *hdrs,
    char *token, size_t len)
{
	char body[512], *resp = NULL;
	int st;

	snprintf(body, sizeof(body), "login=%s&password=%s", user, pw);
	st = req(src, "POST", "/session.json", hdrs, NULL, body, &resp);
	if (token != NULL)
		set_cookie(resp, "_t", token, len);
	free(resp);
	return st;
}

static int
setup(void **state)
{
	(void)state;
	if (th_start(&srv, env) != 0)
		return -1;
	if (th_create_user(&srv, "boss", "Boss-Password-123", 1, 0) < 0 ||
	    th_create_user(&srv, "alice", "Alice-Password-123", 0, 0) < 0 ||
	    th_create_user(&srv, "victim", "Victim-Password-123", 0, 0) < 0 ||
	    th_create_user(&srv, "sus", "Sus-Password-12345", 0, 0) < 0)
		return -1;
	alice_key = th_api_key(&srv, "alice");
	global_key = th_api_key(&srv, NULL);
	sus_key = th_api_key(&srv, "sus");
	return alice_key && global_key && sus_key ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	printf("hostile sweep (auth): %u inputs sent, %u unexpected 5xx\n",
	    hostile_sent, hostile_5xx);
	free(alice_key);
	free(global_key);
	free(sus_key);
	return th_stop(&srv) == 0 ? 0 : -1;
}

static void
test_brute_force_account(void **state)
{
	char src[32], *before = hostile_fingerprint(&srv), *after, *resp = NULL;
	int i;

	(void)state;
	/* Five wrong passwords from five addresses... */
	for (i = 0; i < 5; i++) {
		snprintf(src, sizeof(src), "127.0.1.%d", i + 1);
		assert_int_equal(login(src, "victim", "wrong-password-1", NULL,
		    NULL, 0), 403);
	}
	/* ...and the account is locked for everyone, even with the right
	 * password, from a fresh address. */
	assert_int_equal(login("127.0.1.9", "victim", "wrong-password-1", NULL,
	    NULL, 0), 429);
	assert_int_equal(req("127.0.1.10", "POST", "/session.json", NULL, NULL,
	    "login=VICTIM&password=Victim-Password-123", &resp), 429);
	assert_non_null(strstr(resp, "Retry-After:"));
	assert_non_null(strstr(resp, "\"error_type\":\"rate_limit\""));
	assert_null(strstr(resp, "Set-Cookie: _t="));
	free(resp);
	after = hostile_fingerprint(&srv);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void
test_brute_force_ip(void **state)
{
	char user[32];
	int i, st;

	(void)state;
	for (i = 0; i < 20; i++) {
		snprintf(user, sizeof(user), "nobody%d", i);
		st = login("127.0.2.1", user, "x-password-123", NULL, NULL, 0);
		assert_int_equal(st, 403);
	}
	assert_int_equal(login("127.0.2.1", "alice", "Alice-Password-123", NULL,
	    NULL, 0), 429);
	/* Another address is not affected. */
	assert_int_equal(login("127.0.2.2", "alice", "Alice-Password-123", NULL,
	    NULL, 0), 200);
}

static void
test_malformed_cookies(void **state)
{
	static char huge[9000];
	const char *cookies[] = {
		"Cookie: _t=\r\n",
		"Cookie: _t=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n",
		"Cookie: _t=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n",
		"Cookie: _t=%00AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n",
		"Cookie: _t=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"\r\n",
		"Cookie: _t=../../../../etc/passwd\r\n",
		"Cookie: _t='; DROP TABLE user_auth_tokens;--\r\n",
		"Cookie: _t=\xff\xfe\xfd\r\n",
		"Cookie: ;;;;=;=;_t\r\n",
		"Cookie: _t=a; _t=b; _t=c\r\n",
		"Cookie: _forum_session=x; _t=y\r\n",
		huge,
	};
	size_t i;

	(void)state;
	snprintf(huge, sizeof(huge), "Cookie: _t=%08000d\r\n", 0);
	for (i = 0; i < sizeof(cookies) / sizeof(cookies[0]); i++) {
		/* Anonymous to reads... */
		expect(404, NULL, "GET", "/session/current.json", cookies[i],
		    NULL, NULL);
		/* ...and no ambient authority for writes. */
		expect(403, NULL, "POST", "/posts.json", cookies[i], NULL,
		    "topic_id=1&raw=a+reply+that+is+long+enough+to+post");
	}
}

static void
test_malformed_keys(void **state)
{
	static char long_key[400];
	char h[1024];
	const char *bad[] = { "Api-Key: wrong\r\n", "Api-Key: \r\n",
	    long_key, "Api-Key: ' OR 1=1 --\r\n", "Api-Key: %00\r\n" };
	size_t i;

	(void)state;
	snprintf(long_key, sizeof(long_key), "Api-Key: %0300d\r\n", 7);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect(403, NULL, "GET", "/session/current.json", bad[i], NULL,
		    NULL);
	/* A key bound to alice cannot act as boss. */
	snprintf(h, sizeof(h), "Api-Key: %s\r\nApi-Username: boss\r\n",
	    alice_key);
	expect(403, NULL, "GET", "/session/current.json", h, NULL, NULL);
	expect(403, NULL, "POST", "/admin/api/keys.json", h, NULL,
	    "key[description]=escalate");
	/* Alice's own key cannot reach admin routes. */
	snprintf(h, sizeof(h), "Api-Key: %s\r\n", alice_key);
	expect(403, NULL, "POST", "/admin/api/keys.json", h, NULL,
	    "key[description]=escalate");
	expect(403, NULL, "GET", "/admin/api/keys.json", h, NULL, NULL);
	/* A key with one character more or less. */
	snprintf(h, sizeof(h), "Api-Key: %sx\r\n", alice_key);
	expect(403, NULL, "GET", "/session/current.json", h, NULL, NULL);
	snprintf(h, sizeof(h), "Api-Key: %.63s\r\n", alice_key);
	expect(403, NULL, "GET", "/session/current.json", h, NULL, NULL);
	/* A global key needs a username, of a user who exists. */
	snprintf(h, sizeof(h), "Api-Key: %s\r\n", global_key);
	expect(403, NULL, "GET", "/session/current.json", h, NULL, NULL);
	snprintf(h, sizeof(h), "Api-Key: %s\r\nApi-Username: ghost\r\n",
	    global_key);
	expect(403, NULL, "GET", "/session/current.json", h, NULL, NULL);
	snprintf(h, sizeof(h), "Api-Key: %s\r\nApi-Username: \xe2\x80\xae"
	    "ecila\r\n", global_key);
	expect(403, NULL, "GET", "/session/current.json", h, NULL, NULL);
	/* A key never counts as a CSRF-able cookie, and a cookie never
	 * turns a bad key good. */
	snprintf(h, sizeof(h), "Api-Key: wrong\r\nCookie: _t=x\r\n");
	expect(403, NULL, "GET", "/session/current.json", h, NULL, NULL);
}

static void
test_fixation_and_replay(void **state)
{
	const char *fixed = "FIXEDFIXEDFIXEDFIXEDFIXEDFIXEDFIXEDFIXEDFIX";
	char cookie[256], csrf[80], token[128], h[512], *resp = NULL;

	(void)state;
	/* The attacker plants a _t and gets its CSRF token... */
	snprintf(cookie, sizeof(cookie), "Cookie: _t=%s\r\n", fixed);
	csrf_for(cookie, csrf, sizeof(csrf));
	assert_int_equal(strlen(csrf), 64);
	snprintf(h, sizeof(h), "%sX-CSRF-Token: %s\r\n", cookie, csrf);
	/* ...the victim logs in with it: a new token, never the planted
	 * one. */
	assert_int_equal(login("127.0.3.1", "alice", "Alice-Password-123", h,
	    token, sizeof(token)), 200);
	assert_int_equal(strlen(token), 43);
	assert_string_not_equal(token, fixed);
	expect(404, NULL, "GET", "/session/current.json", cookie, NULL, NULL);
	snprintf(cookie, sizeof(cookie), "Cookie: _t=%s\r\n", token);
	expect(200, NULL, "GET", "/session/current.json", cookie, NULL, NULL);
	/* Log out, then replay the cookie and its CSRF token. */
	csrf_for(cookie, csrf, sizeof(csrf));
	snprintf(h, sizeof(h), "%sX-CSRF-Token: %s\r\n", cookie, csrf);
	assert_int_equal(req(NULL, "DELETE", "/session/alice.json", h, NULL,
	    NULL, &resp), 200);
	free(resp);
	expect(404, NULL, "GET", "/session/current.json", cookie, NULL, NULL);
	expect(403, NULL, "POST", "/posts.json", h, NULL,
	    "title=Replayed+after+logout&raw=a+body+that+is+long+enough+here");
	expect(403, NULL, "DELETE", "/session/alice.json", h, NULL, NULL);
	assert_int_equal(th_log_count(&srv, token), 0);
	assert_int_equal(th_log_count(&srv, csrf), 0);
}

static void
test_csrf(void **state)
{
	char token[128], cookie[256], other_token[128], other[256], csrf[80];
	char ocsrf[80], h[1024], fs[256], fscsrf[80];
	const char *form = "title=A+CSRF+attempt+title&raw=a+body+that+is+"
	    "long+enough+to+post";
	char *resp = NULL;

	(void)state;
	assert_int_equal(login("127.0.4.1", "alice", "Alice-Password-123",
	    NULL, token, sizeof(token)), 200);
	assert_int_equal(login("127.0.4.2", "boss", "Boss-Password-123", NULL,
	    other_token, sizeof(other_token)), 200);
	snprintf(cookie, sizeof(cookie), "Cookie: _t=%s\r\n", token);
	snprintf(other, sizeof(other), "Cookie: _t=%s\r\n", other_token);
	csrf_for(cookie, csrf, sizeof(csrf));
	csrf_for(other, ocsrf, sizeof(ocsrf));
	/* An anonymous browser's token, from its _forum_session. */
	req(NULL, "GET", "/session/csrf.json", NULL, NULL, NULL, &resp);
	set_cookie(resp, "_forum_session", fs, sizeof(fs));
	free(resp);
	snprintf(h, sizeof(h), "Cookie: _forum_session=%s\r\n", fs);
	csrf_for(h, fscsrf, sizeof(fscsrf));

	expect(403, NULL, "POST", "/posts.json", cookie, NULL, form);
	snprintf(h, sizeof(h), "%sX-CSRF-Token: %s\r\n", cookie, ocsrf);
	expect(403, NULL, "POST", "/posts.json", h, NULL, form);
	snprintf(h, sizeof(h), "%sX-CSRF-Token: %s\r\n", cookie, fscsrf);
	expect(403, NULL, "POST", "/posts.json", h, NULL, form);
	snprintf(h, sizeof(h), "%sX-CSRF-Token: %.63s\r\n", cookie, csrf);
	expect(403, NULL, "POST", "/posts.json", h, NULL, form);
	snprintf(h, sizeof(h), "%sX-CSRF-Token: %s0\r\n", cookie, csrf);
	expect(403, NULL, "POST", "/posts.json", h, NULL, form);
	snprintf(h, sizeof(h), "%sOrigin: https://evil.example\r\n"
	    "Referer: https://evil.example/\r\n", cookie);
	expect(403, NULL, "POST", "/posts.json", h, NULL, form);
	/* What an HTML form on another site can send. */
	expect(403, NULL, "POST", "/posts.json", cookie, "text/plain",
	    "title=x&raw=y");
	expect(403, NULL, "POST", "/posts.json", cookie,
	    "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: "
	    "form-data; name=\"raw\"\r\n\r\nx\r\n--b--\r\n");
	/* The token in the query string or body does not count. */
	{
		char path[256], body[512];

		snprintf(path, sizeof(path), "/posts.json?authenticity_token=%s"
		    "&csrf=%s", csrf, csrf);
		expect(403, NULL, "POST", path, cookie, NULL, form);
		snprintf(body, sizeof(body), "%s&authenticity_token=%s", form,
		    csrf);
		expect(403, NULL, "POST", "/posts.json", cookie, NULL, body);
	}
	/* Every state-changing verb. */
	expect(403, NULL, "PUT", "/posts/1.json", cookie, NULL, "raw=x");
	expect(403, NULL, "DELETE", "/posts/1.json", cookie, NULL, NULL);
	expect(403, NULL, "DELETE", "/session/alice.json", cookie, NULL, NULL);
	expect(403, NULL, "POST", "/admin/api/keys.json", other, NULL,
	    "key[description]=csrf");
	/* With the right token it works (and stores). */
	snprintf(h, sizeof(h), "%sX-CSRF-Token: %s\r\n", cookie, csrf);
	assert_int_equal(req(NULL, "POST", "/posts.json", h, NULL, form,
	    &resp), 200);
	free(resp);
}

static void
test_suspended(void **state)
{
	char token[128], cookie[256], h[512];

	(void)state;
	assert_int_equal(login("127.0.5.1", "sus", "Sus-Password-12345", NULL,
	    token, sizeof(token)), 200);
	snprintf(cookie, sizeof(cookie), "Cookie: _t=%s\r\n", token);
	expect(200, NULL, "GET", "/session/current.json", cookie, NULL, NULL);
	th_sql(&srv, "UPDATE users SET active = 0 WHERE username = 'sus'");
	expect(404, NULL, "GET", "/session/current.json", cookie, NULL, NULL);
	snprintf(h, sizeof(h), "Api-Key: %s\r\n", sus_key);
	expect(403, NULL, "GET", "/session/current.json", h, NULL, NULL);
	expect(403, NULL, "POST", "/posts.json", h, NULL,
	    "title=Suspended+user+posting&raw=a+body+that+is+long+enough+here");
	assert_int_equal(login("127.0.5.2", "sus", "Sus-Password-12345", NULL,
	    NULL, 0), 403);
	/* Unknown user and wrong password look alike. */
	{
		char *a = NULL, *b = NULL;

		req("127.0.5.3", "POST", "/session.json", NULL, NULL,
		    "login=ghost&password=Whatever-123", &a);
		req("127.0.5.4", "POST", "/session.json", NULL, NULL,
		    "login=alice&password=Whatever-123", &b);
		assert_non_null(strstr(a, "\r\n\r\n"));
		assert_string_equal(strstr(a, "{"), strstr(b, "{"));
		free(a);
		free(b);
	}
	assert_int_equal(hostile_5xx, 0);
	assert_int_equal(th_log_count(&srv, "Sus-Password-12345"), 0);
	assert_int_equal(th_log_count(&srv, "Alice-Password-123"), 0);
	assert_int_equal(th_log_count(&srv, alice_key), 0);
	assert_int_equal(th_log_count(&srv, global_key), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_brute_force_account),
		cmocka_unit_test(test_brute_force_ip),
		cmocka_unit_test(test_malformed_cookies),
		cmocka_unit_test(test_malformed_keys),
		cmocka_unit_test(test_fixation_and_replay),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_suspended),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
