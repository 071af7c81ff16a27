/*
 * The keyed hash behind the in-memory tables, and the rate limiter that
 * uses it: one key per process gives each string one value, distinct
 * strings spread, and the limiter still counts each key on its own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "keyhash.h"
#include "ratelimit.h"

static void
test_stable_and_spread(void **state)
{
	char key[32];
	unsigned seen[64] = {0}, used = 0;
	int i;

	(void)state;
	keyhash_init();
	assert_true(keyhash_str("login-ip:127.0.0.1") ==
	    keyhash_str("login-ip:127.0.0.1"));
	assert_true(keyhash_str("a") != keyhash_str("b"));
	/* Keys that differ in one character fill most of 64 buckets. */
	for (i = 0; i < 640; i++) {
		snprintf(key, sizeof(key), "/t/%d", i);
		seen[keyhash_str(key) % 64]++;
	}
	for (i = 0; i < 64; i++)
		used += seen[i] > 0;
	assert_true(used > 56);
}

static void
test_ratelimit_counts_each_key(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 3; i++)
		assert_int_equal(ratelimit_hit("login-user:alice", 3, 60), 0);
	assert_true(ratelimit_hit("login-user:alice", 3, 60) > 0);
	assert_int_equal(ratelimit_hit("login-user:bob", 3, 60), 0);
	assert_int_equal(ratelimit_hit("login-user:alice", 0, 60), 0);
	ratelimit_free_all();
	assert_int_equal(ratelimit_hit("login-user:alice", 3, 60), 0);
	ratelimit_free_all();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stable_and_spread),
		cmocka_unit_test(test_ratelimit_counts_each_key),
	};

	return cmocka_run_group_tests_name("keyhash", tests, NULL, NULL);
}
