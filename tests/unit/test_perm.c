/*
 * Category permissions (Discourse's CategoryGroup): the best permission
 * over the caller's groups wins, staff see everything that exists,
 * anonymous callers only have "everyone", and a category without rows
 * for the caller's groups is invisible.
 */
#include <stdarg.h>
#include <stddef.h>

#include <setjmp.h>
#include <cmocka.h>

#include "perm.h"
#include "permissions.h"
#include "users.h"

#define PARTICIPANTS 41

static const struct category_perm_row rows[] = {
	{ 1, GROUP_EVERYONE, PERM_FULL },		/* open */
	{ 2, PARTICIPANTS, PERM_FULL },			/* members only */
	{ 3, GROUP_EVERYONE, PERM_READONLY },		/* announcements */
	{ 3, GROUP_STAFF, PERM_FULL },
	{ 4, GROUP_EVERYONE, PERM_READONLY },		/* read, members reply */
	{ 4, PARTICIPANTS, PERM_CREATE_POST },
	{ 5, -1, 0 },					/* no rows at all */
};

static struct user *
user(int64_t *groups, size_t n, int admin)
{
	static struct user u;

	u = (struct user){ .id = 7, .admin = admin, .group_ids = groups,
	    .ngroups = n };
	return &u;
}

static enum perm
p(const struct user *u, int64_t cat)
{
	return perm_from_rows(u, cat, rows, sizeof(rows) / sizeof(rows[0]));
}

static void
test_anonymous(void **state)
{
	(void)state;
	assert_int_equal(p(NULL, 1), PERM_FULL);
	assert_int_equal(p(NULL, 2), PERM_NONE);
	assert_int_equal(p(NULL, 3), PERM_READONLY);
	assert_int_equal(p(NULL, 5), PERM_NONE);
	assert_int_equal(p(NULL, 99), PERM_NONE);
}

static void
test_registered_non_member(void **state)
{
	int64_t g[] = { GROUP_EVERYONE, GROUP_REGISTERED };
	struct user *u = user(g, 2, 0);

	(void)state;
	assert_int_equal(p(u, 2), PERM_NONE);
	assert_int_equal(p(u, 4), PERM_READONLY);
	assert_false(perm_can_reply(p(u, 4)));
}

static void
test_member(void **state)
{
	int64_t g[] = { GROUP_EVERYONE, GROUP_REGISTERED, PARTICIPANTS };
	struct user *u = user(g, 3, 0);

	(void)state;
	assert_int_equal(p(u, 2), PERM_FULL);
	assert_true(perm_can_create_topic(p(u, 2)));
	assert_int_equal(p(u, 4), PERM_CREATE_POST);
	assert_true(perm_can_reply(p(u, 4)));
	assert_false(perm_can_create_topic(p(u, 4)));
}

static void
test_staff_see_all_that_exists(void **state)
{
	int64_t g[] = { GROUP_EVERYONE, GROUP_ADMINS, GROUP_STAFF,
	    GROUP_REGISTERED };
	struct user *u = user(g, 4, 1);

	(void)state;
	assert_int_equal(p(u, 2), PERM_FULL);
	assert_int_equal(p(u, 3), PERM_FULL);
	assert_int_equal(p(u, 5), PERM_FULL);
	assert_int_equal(p(u, 99), PERM_NONE);
	assert_true(perm_is_staff(u));
	assert_false(perm_is_staff(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anonymous),
		cmocka_unit_test(test_registered_non_member),
		cmocka_unit_test(test_member),
		cmocka_unit_test(test_staff_see_all_that_exists),
	};

	return cmocka_run_group_tests_name("perm", tests, NULL, NULL);
}
