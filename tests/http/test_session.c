/*
 * Accounts and sessions through the real binary: sign-up, login, logout,
 * CSRF, API keys, throttles, profiles, and the HTTP framing rules.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

#define PASSWORD "correct horse battery"

static struct th_server srv;
static char *global_key;
static char *alice_key;

static int
setup(void **state)
{
	(void)state;
	if (th_start(&srv, NULL) != 0)
		return -1;
	if (th_create_user(&srv, "alice", PASSWORD, 0, 0) < 0 ||
	    th_create_user(&srv, "bob", PASSWORD, 0, 0) < 0 ||
	    th_create_user(&srv, "admin1", PASSWORD, 1, 0) < 0)
		return -1;
	global_key = th_api_key(&srv, NULL);
	alice_key = th_api_key(&srv, "alice");
	return global_key && alice_key ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	free(global_key);
	free(alice_key);
	return th_stop(&srv);
}

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void
test_csrf_sets_anonymous_cookie(void **state)
{
	struct th_client *c = th_client_new(&srv);
	struct th_resp r;
	char *cookie;

	(void)state;
	assert_int_equal(th_request(c, "GET", "/session/csrf", NULL, NULL,
	    NULL, &r), 200);
	assert_int_equal(strlen(str(r.json, "csrf")), 64);
	cookie = th_resp_header(&r, "Set-Cookie");
	assert_non_null(cookie);
	assert_non_null(strstr(cookie, "_forum_session="));
	assert_non_null(strstr(cookie, "HttpOnly"));
	assert_non_null(strstr(cookie, "SameSite=Lax"));
	free(cookie);
	th_resp_free(&r);
	th_client_free(c);
}

static void
test_signup_logs_in(void **state)
{
	struct th_client *c = th_client_new(&srv);
	json_t *j;
	long st;

	(void)state;
	assert_int_equal(th_client_csrf(c), 0);
	j = th_send(c, "POST", "/users.json", json_pack("{s:s,s:s,s:s,s:s}",
	    "username", "carol", "email", "carol@example.org", "password",
	    PASSWORD, "name", "Carol Dupré"), &st);
	assert_int_equal(st, 200);
	assert_true(json_is_true(json_object_get(j, "success")));
	assert_true(json_integer_value(json_object_get(j, "user_id")) > 0);
	json_decref(j);
	assert_int_equal(th_client_csrf(c), 0);
	j = th_get(c, "/session/current.json", &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(json_object_get(j, "current_user"),
	    "username"), "carol");
	json_decref(j);
	th_client_free(c);
}

static void
expect_signup_error(const char *form, const char *message)
{
	struct th_client *c = th_client_new(&srv);
	json_t *j;
	long st;

	j = th_form(c, "POST", "/users.json", form, &st);
	assert_int_equal(st, 422);
	th_assert_error(j, "record_invalid");
	if (message != NULL) {
		const char *got = json_string_value(json_array_get(
		    json_object_get(j, "errors"), 0));

		if (strstr(got, message) == NULL)
			fail_msg("expected \"%s\", got \"%s\"", message, got);
	}
	json_decref(j);
	th_client_free(c);
}

static void
test_signup_validation(void **state)
{
	char form[600];

	(void)state;
	expect_signup_error("username=dave&email=d%40example.org&password=short",
	    "Password is too short");
	expect_signup_error("username=alice&email=x%40example.org&password="
	    "abcdefghijkl", "Username has already been taken");
	expect_signup_error("username=ALICE&email=x%40example.org&password="
	    "abcdefghijkl", "Username has already been taken");
	expect_signup_error("username=dave&email=ALICE%40example.org&password="
	    "abcdefghijkl", "Primary email has already been taken");
	expect_signup_error("username=d%20ave&email=d%40example.org&password="
	    "abcdefghijkl", "Username must only include");
	expect_signup_error("username=da&email=d%40example.org&password="
	    "abcdefghijkl", "at least 3");
	expect_signup_error("username=dave&email=not-an-email&password="
	    "abcdefghijkl", "Email is invalid");
	expect_signup_error("username=dave&email=dave%40example.org&password="
	    "dave%40example.org", "same as your email");
	/* Absurdly long passwords are refused before any hashing. */
	snprintf(form, sizeof(form), "username=dave&email=d%%40example.org"
	    "&password=%0500d", 1);
	expect_signup_error(form, "Password is too long");
}

static void
test_signup_missing_field_is_400(void **state)
{
	struct th_client *c = th_client_new(&srv);
	json_t *j;
	long st;

	(void)state;
	j = th_form(c, "POST", "/users.json", "username=dave", &st);
	assert_int_equal(st, 400);
	th_assert_error(j, "invalid_parameters");
	json_decref(j);
	th_client_free(c);
}

static void
test_login_by_username_email_and_at(void **state)
{
	const char *logins[] = { "alice", "ALICE@example.org", "@alice" };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct th_client *c = th_client_new(&srv);
		json_t *j;
		long st;

		assert_int_equal(th_login(c, logins[i], PASSWORD), 200);
		j = th_get(c, "/session/current.json", &st);
		assert_int_equal(st, 200);
		assert_string_equal(str(json_object_get(j, "current_user"),
		    "username"), "alice");
		json_decref(j);
		th_client_free(c);
	}
}

static void
test_login_cookie_flags(void **state)
{
	struct th_client *c = th_client_new(&srv);
	const char *https[] = { "X-Forwarded-Proto: https", NULL };
	struct th_resp r;
	char *cookie;

	(void)state;
	assert_int_equal(th_request(c, "POST", "/session.json", NULL,
	    "login=alice&password=correct+horse+battery", NULL, &r), 200);
	cookie = th_resp_header(&r, "Set-Cookie");
	assert_non_null(strstr(cookie, "_t="));
	assert_non_null(strstr(cookie, "HttpOnly"));
	assert_non_null(strstr(cookie, "SameSite=Lax"));
	assert_null(strstr(cookie, "Secure"));
	assert_null(json_object_get(json_object_get(r.json, "user"),
	    "password_hash"));
	free(cookie);
	th_resp_free(&r);
	th_client_free(c);

	c = th_client_new(&srv);
	assert_int_equal(th_request(c, "POST", "/session.json", NULL,
	    "login=alice&password=correct+horse+battery", https, &r), 200);
	cookie = th_resp_header(&r, "Set-Cookie");
	assert_non_null(strstr(cookie, "; Secure"));
	free(cookie);
	th_resp_free(&r);
	th_client_free(c);
}

static void
test_bad_login_same_answer(void **state)
{
	struct th_client *c = th_client_new(&srv);
	struct th_resp wrong, unknown;

	(void)state;
	assert_int_equal(th_request(c, "POST", "/session.json", NULL,
	    "login=alice&password=wrong+password+here", NULL, &wrong), 403);
	assert_int_equal(th_request(c, "POST", "/session.json", NULL,
	    "login=nobody&password=wrong+password+here", NULL, &unknown), 403);
	assert_string_equal(wrong.body, unknown.body);
	th_assert_error(wrong.json, "invalid_access");
	assert_null(th_resp_header(&wrong, "Set-Cookie"));
	th_resp_free(&wrong);
	th_resp_free(&unknown);
	th_client_free(c);
}

static void
test_current_anonymous_404(void **state)
{
	struct th_client *c = th_client_new(&srv);
	json_t *j;
	long st;

	(void)state;
	j = th_get(c, "/session/current.json", &st);
	assert_int_equal(st, 404);
	th_assert_error(j, "not_found");
	json_decref(j);
	th_client_free(c);
}

static void
test_csrf_required_with_cookie(void **state)
{
	struct th_client *c = th_client_new(&srv);
	json_t *j;
	long st;

	(void)state;
	assert_int_equal(th_login(c, "bob", PASSWORD), 200);
	th_client_send_csrf(c, 0);
	j = th_send(c, "DELETE", "/session/bob", NULL, &st);
	assert_int_equal(st, 403);
	th_assert_error(j, "invalid_access");
	json_decref(j);
	/* A token for another cookie does not do either. */
	th_client_send_csrf(c, 1);
	{
		const char *fake[] = { "X-CSRF-Token: "
		    "0000000000000000000000000000000000000000000000000000000000000000",
		    NULL };
		struct th_resp r;

		th_client_send_csrf(c, 0);
		assert_int_equal(th_request(c, "DELETE", "/session/bob", NULL,
		    NULL, fake, &r), 403);
		th_resp_free(&r);
		th_client_send_csrf(c, 1);
	}
	j = th_get(c, "/session/current.json", &st);
	assert_int_equal(st, 200);	/* still logged in */
	json_decref(j);
	th_client_free(c);
}

static void
test_login_needs_csrf_once_cookie_given(void **state)
{
	struct th_client *c = th_client_new(&srv);
	json_t *j;
	long st;

	(void)state;
	assert_int_equal(th_client_csrf(c), 0);	/* gets _forum_session */
	th_client_send_csrf(c, 0);
	j = th_form(c, "POST", "/session.json",
	    "login=alice&password=correct+horse+battery", &st);
	assert_int_equal(st, 403);
	json_decref(j);
	th_client_free(c);
}

static void
test_logout_revokes_token(void **state)
{
	struct th_client *c = th_client_new(&srv), *thief;
	struct th_resp r;
	char *cookie, header[200];
	const char *h[2] = { header, NULL };
	json_t *j;
	long st;

	(void)state;
	assert_int_equal(th_request(c, "POST", "/session.json", NULL,
	    "login=bob&password=correct+horse+battery", NULL, &r), 200);
	cookie = th_resp_header(&r, "Set-Cookie");
	th_resp_free(&r);
	snprintf(header, sizeof(header), "Cookie: %.*s", (int)strcspn(cookie,
	    ";"), cookie);
	free(cookie);
	assert_int_equal(th_client_csrf(c), 0);
	j = th_send(c, "DELETE", "/session/bob", NULL, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	/* The old token no longer works anywhere. */
	thief = th_client_new(&srv);
	assert_int_equal(th_request(thief, "GET", "/session/current.json",
	    NULL, NULL, h, &r), 404);
	th_resp_free(&r);
	th_client_free(thief);
	th_client_free(c);
}

static void
test_password_change_ends_sessions(void **state)
{
	struct th_client *a = th_client_new(&srv), *b = th_client_new(&srv);
	struct th_client *thief = th_client_new(&srv);
	char *cookie, header[200];
	const char *h[2] = { header, NULL };
	struct th_resp r;
	json_t *j;
	long st;

	(void)state;
	assert_true(th_create_user(&srv, "dora", PASSWORD, 0, 0) > 0);
	/* b's cookie, kept aside as a thief would. */
	assert_int_equal(th_request(b, "POST", "/session.json", NULL,
	    "login=dora&password=correct+horse+battery", NULL, &r), 200);
	cookie = th_resp_header(&r, "Set-Cookie");
	th_resp_free(&r);
	snprintf(header, sizeof(header), "Cookie: %.*s", (int)strcspn(cookie,
	    ";"), cookie);
	free(cookie);
	assert_int_equal(th_login(a, "dora", PASSWORD), 200);

	j = th_form(a, "PUT", "/u/dora/password.json", "current_password="
	    "wrong+password+x&password=a+brand+new+passphrase", &st);
	assert_int_equal(st, 403);
	json_decref(j);
	j = th_form(a, "PUT", "/u/dora/password.json", "current_password="
	    "correct+horse+battery&password=short", &st);
	assert_int_equal(st, 422);
	th_assert_error(j, "record_invalid");
	json_decref(j);
	j = th_form(a, "PUT", "/u/bob/password.json", "current_password="
	    "correct+horse+battery&password=a+brand+new+passphrase", &st);
	assert_int_equal(st, 403);
	json_decref(j);
	j = th_form(a, "PUT", "/u/dora/password.json", "current_password="
	    "correct+horse+battery&password=a+brand+new+passphrase", &st);
	assert_int_equal(st, 200);
	json_decref(j);

	/* This browser stays in with a new cookie; every other session and
	 * the old cookie are dead. */
	assert_int_equal(th_client_csrf(a), 0);
	j = th_get(a, "/session/current.json", &st);
	assert_int_equal(st, 200);
	json_decref(j);
	j = th_get(b, "/session/current.json", &st);
	assert_int_equal(st, 404);
	json_decref(j);
	assert_int_equal(th_request(thief, "GET", "/session/current.json",
	    NULL, NULL, h, &r), 404);
	th_resp_free(&r);
	/* Only the new password logs in. */
	assert_int_equal(th_login(thief, "dora", PASSWORD), 403);
	assert_int_equal(th_login(thief, "dora", "a brand new passphrase"),
	    200);
	th_client_free(a);
	th_client_free(b);
	th_client_free(thief);
}

static void
test_logout_other_user_forbidden(void **state)
{
	struct th_client *c = th_client_new(&srv);
	json_t *j;
	long st;

	(void)state;
	assert_int_equal(th_login(c, "bob", PASSWORD), 200);
	j = th_send(c, "DELETE", "/session/alice", NULL, &st);
	assert_int_equal(st, 403);
	json_decref(j);
	th_client_free(c);
}

static void
test_api_keys(void **state)
{
	struct th_client *c = th_client_new(&srv);
	json_t *j;
	long st;

	(void)state;
	th_client_api_key(c, global_key, "bob");
	j = th_get(c, "/session/current.json", &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(json_object_get(j, "current_user"),
	    "username"), "bob");
	json_decref(j);

	/* A key bound to alice acts as alice, and only as alice. */
	th_client_api_key(c, alice_key, NULL);
	j = th_get(c, "/session/current.json", &st);
	assert_string_equal(str(json_object_get(j, "current_user"),
	    "username"), "alice");
	json_decref(j);
	th_client_api_key(c, alice_key, "bob");
	j = th_get(c, "/session/current.json", &st);
	assert_int_equal(st, 403);
	th_assert_error(j, "invalid_access");
	json_decref(j);

	/* A global key needs a user; unknown keys and users are refused. */
	th_client_api_key(c, global_key, NULL);
	j = th_get(c, "/session/current.json", &st);
	assert_int_equal(st, 403);
	json_decref(j);
	th_client_api_key(c, global_key, "nobody");
	j = th_get(c, "/session/current.json", &st);
	assert_int_equal(st, 403);
	json_decref(j);
	th_client_api_key(c, "0123456789abcdef", "alice");
	j = th_get(c, "/session/current.json", &st);
	assert_int_equal(st, 403);
	th_assert_error(j, "invalid_access");
	json_decref(j);
	th_client_free(c);
}

static void
test_api_key_needs_no_csrf(void **state)
{
	struct th_client *c = th_client_new(&srv);
	json_t *j;
	long st;

	(void)state;
	th_client_api_key(c, global_key, "bob");
	j = th_send(c, "DELETE", "/session/bob", NULL, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	th_client_free(c);
}

static void
test_profile(void **state)
{
	struct th_client *anon = th_client_new(&srv);
	struct th_client *self = th_client_new(&srv);
	json_t *j, *u;
	long st;

	(void)state;
	j = th_get(anon, "/u/alice.json", &st);
	assert_int_equal(st, 200);
	u = json_object_get(j, "user");
	assert_string_equal(str(u, "username"), "alice");
	assert_null(json_object_get(u, "email"));
	assert_non_null(json_object_get(u, "post_count"));
	json_decref(j);
	assert_int_equal(th_login(self, "alice", PASSWORD), 200);
	j = th_get(self, "/u/ALICE.json", &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(json_object_get(j, "user"), "email"),
	    "alice@example.org");
	json_decref(j);
	j = th_get(anon, "/u/nobody.json", &st);
	assert_int_equal(st, 404);
	th_assert_error(j, "not_found");
	json_decref(j);
	th_client_free(anon);
	th_client_free(self);
}

static void
test_errors_and_json_negotiation(void **state)
{
	struct th_client *c = th_client_new(&srv);
	const char *accept[] = { "Accept: application/json", NULL };
	struct th_resp r;
	json_t *j;
	long st;

	(void)state;
	j = th_get(c, "/no/such/path.json", &st);
	assert_int_equal(st, 404);
	th_assert_error(j, "not_found");
	json_decref(j);
	j = th_send(c, "PATCH", "/session/csrf", NULL, &st);
	assert_int_equal(st, 405);
	th_assert_error(j, NULL);
	json_decref(j);
	assert_int_equal(th_request(c, "GET", "/u/alice", NULL, NULL, accept,
	    &r), 200);
	assert_non_null(json_object_get(r.json, "user"));
	th_resp_free(&r);
	/* Broken JSON bodies are 400, not 500. */
	assert_int_equal(th_request(c, "POST", "/users.json",
	    "application/json", "{\"username\":", NULL, &r), 400);
	th_assert_error(r.json, "invalid_parameters");
	th_resp_free(&r);
	assert_int_equal(th_request(c, "POST", "/users.json", "text/plain",
	    "hello", NULL, &r), 415);
	th_resp_free(&r);
	th_client_free(c);
}

/* Sends raw bytes on a fresh socket and reads until close or timeout. */
static size_t
raw_exchange(const char *request, char *out, size_t outlen)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct pollfd pfd;
	size_t n = 0;
	ssize_t got;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_port = htons((unsigned short)srv.port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(write(fd, request, strlen(request)),
	    (ssize_t)strlen(request));
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (n + 1 < outlen && poll(&pfd, 1, 3000) > 0 &&
	    (got = read(fd, out + n, outlen - n - 1)) > 0)
		n += (size_t)got;
	out[n] = '\0';
	close(fd);
	return n;
}

static void
test_ambiguous_framing_rejected(void **state)
{
	char out[4096];

	(void)state;
	raw_exchange("POST /users.json HTTP/1.1\r\nHost: x\r\n"
	    "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "0\r\n\r\n", out, sizeof(out));
	assert_non_null(strstr(out, "HTTP/1.1 400"));
	raw_exchange("POST /users.json HTTP/1.1\r\nHost: x\r\n"
	    "Content-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef", out,
	    sizeof(out));
	assert_true(strstr(out, "HTTP/1.1 400") != NULL);
}

static void
test_keep_alive(void **state)
{
	char out[8192], *second;

	(void)state;
	raw_exchange("GET /u/alice.json HTTP/1.1\r\nHost: x\r\n\r\n"
	    "GET /u/bob.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	    out, sizeof(out));
	assert_non_null(strstr(out, "HTTP/1.1 200"));
	second = strstr(strstr(out, "HTTP/1.1 200") + 1, "HTTP/1.1 200");
	assert_non_null(second);
	assert_non_null(strstr(second, "\"bob\""));
}

static void
test_body_cap(void **state)
{
	struct th_client *c = th_client_new(&srv);
	size_t n = 70 * 1024;
	char *big = malloc(n + 1);
	struct th_resp r;

	(void)state;
	memset(big, 'a', n);
	memcpy(big, "username=", 9);
	big[n] = '\0';
	assert_int_equal(th_request(c, "POST", "/users.json", NULL, big, NULL,
	    &r), 413);
	th_assert_error(r.json, NULL);
	th_resp_free(&r);
	free(big);
	th_client_free(c);
}

static void
test_security_headers(void **state)
{
	struct th_client *c = th_client_new(&srv);
	struct th_resp r;
	char *h;

	(void)state;
	th_request(c, "GET", "/u/alice.json", NULL, NULL, NULL, &r);
	h = th_resp_header(&r, "X-Content-Type-Options");
	assert_string_equal(h, "nosniff");
	free(h);
	h = th_resp_header(&r, "Content-Security-Policy");
	assert_non_null(strstr(h, "frame-ancestors 'none'"));
	free(h);
	h = th_resp_header(&r, "Content-Type");
	assert_non_null(strstr(h, "application/json"));
	free(h);
	th_resp_free(&r);
	th_client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csrf_sets_anonymous_cookie),
		cmocka_unit_test(test_signup_logs_in),
		cmocka_unit_test(test_signup_validation),
		cmocka_unit_test(test_signup_missing_field_is_400),
		cmocka_unit_test(test_login_by_username_email_and_at),
		cmocka_unit_test(test_login_cookie_flags),
		cmocka_unit_test(test_bad_login_same_answer),
		cmocka_unit_test(test_current_anonymous_404),
		cmocka_unit_test(test_csrf_required_with_cookie),
		cmocka_unit_test(test_login_needs_csrf_once_cookie_given),
		cmocka_unit_test(test_logout_revokes_token),
		cmocka_unit_test(test_logout_other_user_forbidden),
		cmocka_unit_test(test_password_change_ends_sessions),
		cmocka_unit_test(test_api_keys),
		cmocka_unit_test(test_api_key_needs_no_csrf),
		cmocka_unit_test(test_profile),
		cmocka_unit_test(test_errors_and_json_negotiation),
		cmocka_unit_test(test_ambiguous_framing_rejected),
		cmocka_unit_test(test_keep_alive),
		cmocka_unit_test(test_body_cap),
		cmocka_unit_test(test_security_headers),
	};

	return cmocka_run_group_tests_name("http_session", tests, setup,
	    teardown);
}
