/*
 * Login and sign-up throttles at Discourse's defaults (6 logins a minute
 * per IP), on a server started without the harness's relaxed limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;

static int
setup(void **state)
{
	static const char *const env[] = {
		"CONFAB_MAX_LOGINS_PER_IP_PER_MINUTE=6",
		"CONFAB_MAX_LOGINS_PER_IP_PER_HOUR=30",
		"CONFAB_MAX_LOGINS_PER_ACCOUNT_PER_MINUTE=6",
		"CONFAB_MAX_SIGNUPS_PER_IP_PER_HOUR=2",
		NULL
	};

	(void)state;
	if (th_start(&srv, env) != 0)
		return -1;
	return th_create_user(&srv, "alice", "correct horse battery", 0, 0) <
	    0 ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	return th_stop(&srv);
}

static void
test_login_throttle(void **state)
{
	struct th_client *c = th_client_new(&srv);
	struct th_resp r;
	json_t *extras;
	char *retry;
	int i;

	(void)state;
	for (i = 0; i < 6; i++) {
		assert_int_equal(th_request(c, "POST", "/session.json", NULL,
		    "login=alice&password=wrong+password+x", NULL, &r), 403);
		th_resp_free(&r);
	}
	/* The seventh is refused even with the right password. */
	assert_int_equal(th_request(c, "POST", "/session.json", NULL,
	    "login=alice&password=correct+horse+battery", NULL, &r), 429);
	th_assert_error(r.json, "rate_limit");
	extras = json_object_get(r.json, "extras");
	assert_true(json_integer_value(json_object_get(extras,
	    "wait_seconds")) > 0);
	assert_true(json_integer_value(json_object_get(extras,
	    "wait_seconds")) <= 60);
	retry = th_resp_header(&r, "Retry-After");
	assert_non_null(retry);
	assert_true(atoi(retry) > 0 && atoi(retry) <= 60);
	free(retry);
	th_resp_free(&r);
	th_client_free(c);
}

static void
test_signup_throttle(void **state)
{
	struct th_client *c = th_client_new(&srv);
	struct th_resp r;

	(void)state;
	assert_int_equal(th_request(c, "POST", "/users.json", NULL,
	    "username=u1&email=u1%40x.org&password=abcdefghijk", NULL, &r),
	    422);	/* too short a username still counts */
	th_resp_free(&r);
	assert_int_equal(th_request(c, "POST", "/users.json", NULL,
	    "username=user2&email=u2%40x.org&password=abcdefghijk", NULL, &r),
	    200);
	th_resp_free(&r);
	/* A fresh client: the sign-up above logged this one in. */
	th_client_free(c);
	c = th_client_new(&srv);
	assert_int_equal(th_request(c, "POST", "/users.json", NULL,
	    "username=user3&email=u3%40x.org&password=abcdefghijk", NULL, &r),
	    429);
	th_assert_error(r.json, "rate_limit");
	th_resp_free(&r);
	th_client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_throttle),
		cmocka_unit_test(test_signup_throttle),
	};

	return cmocka_run_group_tests_name("http_throttle", tests, setup,
	    teardown);
}
