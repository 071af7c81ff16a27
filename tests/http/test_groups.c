/*
 * Groups through the real binary: the directory and its filters, group
 * visibility levels (a hidden group answers like a missing one), member
 * lists and their paging, adding and removing members (staff and owners
 * only, CSRF for cookie sessions), and the admin's create.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

#define PASSWORD "correct horse battery"

static struct th_server srv;
static char *keys[8];
static struct th_client *anon, *admin, *mod, *alice, *bob, *carol;
static long participants, hidden, secretclub, erin_id;

/* A client acting as user through a key of its own, kept in keys[i]. */
static struct th_client *
keyed(int i, const char *user)
{
	keys[i] = th_api_key(&srv, user);
	return th_client_as(&srv, keys[i], user);
}

static long
create_group(const char *body)
{
	json_t *j = th_expect(admin, "POST", 200, body, "/admin/groups.json");
	long id = (long)json_integer_value(json_object_get(json_object_get(j,
	    "basic_group"), "id"));

	json_decref(j);
	return id;
}

static json_t *
group_in(json_t *list, const char *name)
{
	json_t *g;
	size_t i;

	json_array_foreach(json_object_get(list, "groups"), i, g)
		if (strcmp(json_string_value(json_object_get(g, "name")),
		    name) == 0)
			return g;
	return NULL;
}

static const char *
str_at(json_t *arr, size_t i)
{
	return json_string_value(json_array_get(arr, i));
}

static const char *
first_error(json_t *j)
{
	return str_at(json_object_get(j, "errors"), 0);
}

static int
setup(void **state)
{
	static const char *const users[] = { "alice", "bob", "carol", "dave",
	    "erin", "frank", NULL };
	const char *const *u;
	long id;

	(void)state;
	if (th_start(&srv, NULL) != 0 ||
	    th_create_user(&srv, "admin1", PASSWORD, 1, 0) < 0 ||
	    th_create_user(&srv, "mod1", PASSWORD, 0, 1) < 0)
		return -1;
	for (u = users; *u; u++) {
		if ((id = th_create_user(&srv, *u, PASSWORD, 0, 0)) < 0)
			return -1;
		if (strcmp(*u, "erin") == 0)
			erin_id = id;
	}
	anon = th_client_new(&srv);
	admin = keyed(0, "admin1");
	mod = keyed(1, "mod1");
	alice = keyed(2, "alice");
	bob = keyed(3, "bob");
	carol = keyed(4, "carol");
	participants = create_group("group[name]=participants&"
	    "group[full_name]=Registered+participants&"
	    "group[usernames]=alice,bob&group[owner_usernames]=carol");
	hidden = create_group("group[name]=hidden-staff&"
	    "group[visibility_level]=3&group[usernames]=bob");
	secretclub = create_group("group[name]=secretclub&"
	    "group[visibility_level]=2&group[usernames]=alice");
	return participants > 0 && hidden > 0 && secretclub > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	size_t i;

	(void)state;
	th_client_free(anon);
	th_client_free(admin);
	th_client_free(mod);
	th_client_free(alice);
	th_client_free(bob);
	th_client_free(carol);
	for (i = 0; i < 8; i++)
		free(keys[i]);
	return th_stop(&srv);
}

static void
test_index(void **state)
{
	static const char *const fields[] = { "id", "automatic", "name",
	    "display_name", "user_count", "mentionable_level",
	    "messageable_level", "visibility_level", "primary_group", "title",
	    "grant_trust_level", "has_messages", "flair_url", "bio_raw",
	    "bio_cooked", "public_admission", "public_exit",
	    "allow_membership_requests", "full_name",
	    "default_notification_level", "members_visibility_level",
	    "can_see_members", "can_admin_group", "publish_read_state", NULL };
	const char *const *f;
	json_t *j, *g, *tf;

	(void)state;
	j = th_expect_get(anon, 200, "/groups.json");
	g = group_in(j, "participants");
	assert_non_null(g);
	for (f = fields; *f; f++)
		if (json_object_get(g, *f) == NULL)
			fail_msg("missing %s", *f);
	assert_int_equal(json_integer_value(json_object_get(g, "user_count")),
	    3);
	assert_string_equal(json_string_value(json_object_get(g,
	    "full_name")), "Registered participants");
	assert_null(json_object_get(g, "is_group_user"));
	assert_false(json_is_true(json_object_get(g, "can_admin_group")));
	/* Hidden groups, and automatic ones but moderators, are left out. */
	assert_null(group_in(j, "hidden-staff"));
	assert_null(group_in(j, "secretclub"));
	assert_null(group_in(j, "registered"));
	assert_null(group_in(j, "everyone"));
	assert_non_null(group_in(j, "moderators"));
	assert_int_equal(json_integer_value(json_object_get(j,
	    "total_rows_groups")), 2);
	assert_string_equal(json_string_value(json_object_get(j,
	    "load_more_groups")), "/groups?page=1");
	tf = json_object_get(json_object_get(j, "extras"), "type_filters");
	assert_int_equal(json_array_size(tf), 2);
	assert_string_equal(str_at(tf, 0), "public");
	json_decref(j);

	j = th_expect_get(alice, 200, "/groups.json");
	assert_true(json_is_true(json_object_get(group_in(j, "participants"),
	    "is_group_user")));
	assert_false(json_is_true(json_object_get(group_in(j, "participants"),
	    "is_group_owner")));
	assert_non_null(group_in(j, "secretclub"));
	assert_null(group_in(j, "hidden-staff"));
	assert_string_equal(str_at(json_object_get(json_object_get(j,
	    "extras"), "type_filters"), 0), "my");
	json_decref(j);

	j = th_expect_get(carol, 200, "/groups.json");
	assert_true(json_is_true(json_object_get(group_in(j, "participants"),
	    "is_group_owner")));
	assert_true(json_is_true(json_object_get(group_in(j, "participants"),
	    "can_edit_group")));
	json_decref(j);

	/* Staff see every level up to staff. */
	j = th_expect_get(mod, 200, "/groups.json");
	assert_non_null(group_in(j, "hidden-staff"));
	assert_non_null(group_in(j, "registered"));
	assert_non_null(group_in(j, "secretclub"));
	json_decref(j);

	j = th_expect_get(admin, 200, "/groups.json");
	assert_non_null(group_in(j, "secretclub"));
	assert_non_null(group_in(j, "admins"));
	assert_null(group_in(j, "everyone"));
	assert_true(json_is_true(json_object_get(group_in(j, "admins"),
	    "automatic")));
	tf = json_object_get(json_object_get(j, "extras"), "type_filters");
	assert_string_equal(str_at(tf, json_array_size(tf) - 1), "automatic");
	json_decref(j);
}

static void
test_index_filters(void **state)
{
	json_t *j;
	long st;

	(void)state;
	j = th_expect_get(admin, 200, "/groups.json?filter=PARTIC");
	assert_int_equal(json_array_size(json_object_get(j, "groups")), 1);
	assert_string_equal(json_string_value(json_object_get(j,
	    "load_more_groups")), "/groups?page=1&filter=PARTIC");
	json_decref(j);
	/* Full names match too; LIKE wildcards are plain characters. */
	j = th_expect_get(admin, 200, "/groups.json?filter=registered+part");
	assert_int_equal(json_array_size(json_object_get(j, "groups")), 1);
	json_decref(j);
	j = th_expect_get(admin, 200, "/groups.json?filter=%%25");
	assert_int_equal(json_array_size(json_object_get(j, "groups")), 0);
	json_decref(j);
	j = th_expect_get(admin, 200, "/groups.json?filter=_");
	assert_int_equal(json_array_size(json_object_get(j, "groups")), 0);
	json_decref(j);
	j = th_expect_get(alice, 200, "/groups.json?type=my");
	assert_int_equal(json_array_size(json_object_get(j, "groups")), 2);
	json_decref(j);
	j = th_expect_get(carol, 200, "/groups.json?type=owner");
	assert_int_equal(json_array_size(json_object_get(j, "groups")), 1);
	json_decref(j);
	/* admins, moderators, staff, registered; never everyone. */
	j = th_expect_get(admin, 200, "/groups.json?type=automatic");
	assert_int_equal(json_array_size(json_object_get(j, "groups")), 4);
	json_decref(j);
	j = th_expect_get(anon, 200, "/groups.json?page=5");
	assert_int_equal(json_array_size(json_object_get(j, "groups")), 0);
	json_decref(j);
	j = th_get(anon, "/groups.json?type=bogus", &st);
	assert_int_equal(st, 400);
	th_assert_error(j, "invalid_parameters");
	json_decref(j);
	j = th_get(anon, "/groups.json?page=-1", &st);
	assert_int_equal(st, 400);
	json_decref(j);
	j = th_get(anon, "/groups.json?filter=%FF", &st);
	assert_int_equal(st, 400);
	json_decref(j);
}

static void
test_show(void **state)
{
	json_t *j, *missing;

	(void)state;
	j = th_expect_get(anon, 200, "/groups/participants.json");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "group"), "name")), "participants");
	json_decref(j);
	j = th_expect_get(anon, 200, "/groups/PARTICIPANTS.json");
	json_decref(j);
	missing = th_expect_get(anon, 404, "/groups/no-such-group.json");
	j = th_expect_get(anon, 404, "/groups/hidden-staff.json");
	assert_true(json_equal(j, missing));
	json_decref(j);
	/* A member is not enough at the staff level; staff are. */
	j = th_expect_get(bob, 404, "/groups/hidden-staff.json");
	assert_true(json_equal(j, missing));
	json_decref(j);
	j = th_expect_get(bob, 404, "/groups/hidden-staff/members.json");
	assert_true(json_equal(j, missing));
	json_decref(j);
	json_decref(missing);
	j = th_expect_get(mod, 200, "/groups/hidden-staff.json");
	json_decref(j);
	j = th_expect_get(alice, 200, "/groups/secretclub.json");
	assert_true(json_is_true(json_object_get(json_object_get(j, "group"),
	    "is_group_user")));
	json_decref(j);
	j = th_expect_get(bob, 404, "/groups/secretclub.json");
	json_decref(j);
	{
		char name[201];

		memset(name, 'a', 200);
		name[200] = '\0';
		j = th_expect_get(anon, 404, "/groups/%s.json", name);
	}
	json_decref(j);
	j = th_expect_get(anon, 404, "/groups/%%FF%%FE.json");
	json_decref(j);
}

static void
test_members(void **state)
{
	static const char *const keys_m[] = { "id", "username", "name",
	    "avatar_template", "title", "last_posted_at", "last_seen_at",
	    "added_at", "timezone", NULL };
	const char *const *k;
	json_t *j, *m, *meta;
	long st;

	(void)state;
	j = th_expect_get(anon, 200,
	    "/groups/participants/members.json?limit=2");
	m = json_object_get(j, "members");
	assert_int_equal(json_array_size(m), 2);
	for (k = keys_m; *k; k++)
		if (json_object_get(json_array_get(m, 0), *k) == NULL)
			fail_msg("missing %s", *k);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    m, 0), "username")), "alice");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    m, 1), "username")), "bob");
	meta = json_object_get(j, "meta");
	assert_int_equal(json_integer_value(json_object_get(meta, "total")), 3);
	assert_int_equal(json_integer_value(json_object_get(meta, "limit")), 2);
	assert_int_equal(json_integer_value(json_object_get(meta, "offset")),
	    0);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "owners"), 0), "username")), "carol");
	json_decref(j);
	j = th_expect_get(anon, 200,
	    "/groups/participants/members.json?limit=2&"
	    "offset=2");
	m = json_object_get(j, "members");
	assert_int_equal(json_array_size(m), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    m, 0), "username")), "carol");
	json_decref(j);

	/* Automatic groups list who they stand for. */
	j = th_expect_get(anon, 200, "/groups/registered/members.json");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j,
	    "meta"), "total")), 8);
	assert_int_equal(json_array_size(json_object_get(j, "members")), 8);
	assert_int_equal(json_array_size(json_object_get(j, "owners")), 0);
	json_decref(j);
	j = th_expect_get(anon, 200, "/groups/staff/members.json");
	assert_int_equal(json_array_size(json_object_get(j, "members")), 2);
	json_decref(j);
	j = th_expect_get(anon, 200, "/groups/admins/members.json");
	m = json_object_get(j, "members");
	assert_int_equal(json_array_size(m), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    m, 0), "username")), "admin1");
	json_decref(j);

	j = th_get(anon, "/groups/participants/members.json?limit=0", &st);
	assert_int_equal(st, 400);
	json_decref(j);
	j = th_get(anon, "/groups/participants/members.json?limit=1001", &st);
	assert_int_equal(st, 400);
	json_decref(j);
	j = th_get(anon, "/groups/participants/members.json?offset=-1", &st);
	assert_int_equal(st, 400);
	json_decref(j);
	j = th_expect_get(anon, 200,
	    "/groups/participants/members.json?offset=999999");
	assert_int_equal(json_array_size(json_object_get(j, "members")), 0);
	json_decref(j);
}

static json_int_t
total(const char *group)
{
	json_t *j = th_expect_get(anon, 200, "/groups/%s/members.json", group);
	json_int_t n = json_integer_value(json_object_get(json_object_get(j,
	    "meta"), "total"));

	json_decref(j);
	return n;
}

static void
test_add_members(void **state)
{
	struct th_client *c;
	char body[12000];
	size_t i, n;
	json_t *j;

	(void)state;
	j = th_expect(admin, "PUT", 200, "usernames=dave,Erin", "/groups/%ld/"
	    "members.json", participants);
	assert_string_equal(json_string_value(json_object_get(j, "success")),
	    "OK");
	assert_int_equal(json_array_size(json_object_get(j, "usernames")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "emails")), 0);
	json_decref(j);
	assert_int_equal(total("participants"), 5);
	j = th_expect(admin, "PUT", 422, "usernames=dave", "/groups/%ld/"
	    "members.json", participants);
	assert_string_equal(first_error(j),
	    "dave is already a member of this group");
	json_decref(j);

	/* Unknown names refuse the whole request. */
	j = th_expect(admin, "PUT", 400, "usernames=frank,ghost,nobody",
	    "/groups/%ld/members.json", participants);
	th_assert_error(j, "invalid_parameters");
	assert_string_equal(first_error(j),
	    "Could not find users: ghost, nobody");
	json_decref(j);
	assert_int_equal(total("participants"), 5);
	j = th_expect(admin, "PUT", 400, "usernames=%FF%FE", "/groups/%ld/"
	    "members.json", participants);
	json_decref(j);
	j = th_expect(admin, "PUT", 400, "", "/groups/%ld/members.json",
	    participants);
	json_decref(j);

	/* Who may: staff and owners, not members or strangers. */
	j = th_expect(anon, "PUT", 403, "usernames=frank", "/groups/%ld/"
	    "members.json", participants);
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	j = th_expect(bob, "PUT", 403, "usernames=frank", "/groups/%ld/"
	    "members.json", participants);
	th_assert_error(j, "invalid_access");
	json_decref(j);
	j = th_expect(carol, "PUT", 200, "usernames[]=frank", "/groups/%ld/"
	    "members.json", participants);
	json_decref(j);
	j = th_expect(mod, "PUT", 200, "user_emails=frank@example.org",
	    "/groups/%ld/members.json", secretclub);
	json_decref(j);
	/* A group the caller cannot see is missing, not forbidden. */
	j = th_expect(alice, "PUT", 404, "usernames=frank", "/groups/%ld/"
	    "members.json", hidden);
	json_decref(j);
	j = th_expect(admin, "PUT", 404, "usernames=frank", "/groups/999999/"
	    "members.json");
	json_decref(j);
	j = th_expect(admin, "PUT", 422, "usernames=frank", "/groups/10/"
	    "members.json");
	th_assert_error(j, "record_invalid");
	json_decref(j);

	/* Bounded: at most 1000 names at once. */
	n = snprintf(body, sizeof(body), "usernames=");
	for (i = 0; i < 1001; i++)
		n += snprintf(body + n, sizeof(body) - n, "u%zu,", i);
	j = th_expect(admin, "PUT", 422, body, "/groups/%ld/members.json",
	    participants);
	json_decref(j);

	/* A browser session needs the CSRF token. */
	c = th_client_new(&srv);
	assert_int_equal(th_login(c, "admin1", PASSWORD), 200);
	th_client_send_csrf(c, 0);
	j = th_expect(c, "DELETE", 403, "usernames=frank", "/groups/%ld/"
	    "members.json", participants);
	json_decref(j);
	th_client_send_csrf(c, 1);
	{
		char path[64];
		long st;

		snprintf(path, sizeof(path), "/groups/%ld/members.json",
		    participants);
		j = th_send(c, "DELETE", path, json_pack("{s:[s]}",
		    "usernames", "frank"), &st);
		assert_int_equal(st, 200);
		json_decref(j);
	}
	th_client_free(c);
	assert_int_equal(total("participants"), 5);
}

static void
test_remove_members(void **state)
{
	char body[64];
	json_t *j;

	(void)state;
	j = th_expect(admin, "DELETE", 200, "usernames=dave", "/groups/%ld/"
	    "members.json", participants);
	assert_string_equal(str_at(json_object_get(j, "usernames"), 0),
	    "dave");
	assert_int_equal(json_array_size(json_object_get(j,
	    "skipped_usernames")), 0);
	json_decref(j);
	j = th_expect(admin, "DELETE", 200, "usernames=dave", "/groups/%ld/"
	    "members.json", participants);
	assert_int_equal(json_array_size(json_object_get(j, "usernames")), 0);
	assert_string_equal(str_at(json_object_get(j, "skipped_usernames"),
	    0), "dave");
	json_decref(j);
	snprintf(body, sizeof(body), "user_id=%ld", erin_id);
	j = th_expect(carol, "DELETE", 200, body, "/groups/%ld/members.json",
	    participants);
	assert_string_equal(str_at(json_object_get(j, "usernames"), 0),
	    "erin");
	json_decref(j);
	j = th_expect(bob, "DELETE", 403, "usernames=alice", "/groups/%ld/"
	    "members.json", participants);
	json_decref(j);
	j = th_expect(admin, "DELETE", 400, "user_id=999999", "/groups/%ld/"
	    "members.json", participants);
	json_decref(j);
	j = th_expect(admin, "DELETE", 422, "usernames=alice", "/groups/1/"
	    "members.json");
	json_decref(j);
	assert_int_equal(total("participants"), 3);
}

static void
test_create(void **state)
{
	json_t *j, *g;

	(void)state;
	j = th_expect(anon, "POST", 403, "group[name]=newgroup",
	    "/admin/groups.json");
	json_decref(j);
	j = th_expect(mod, "POST", 403, "group[name]=newgroup",
	    "/admin/groups.json");
	json_decref(j);
	j = th_expect(admin, "POST", 400, "group[full_name]=x",
	    "/admin/groups.json");
	json_decref(j);
	j = th_expect(admin, "POST", 422, "group[name]=ab",
	    "/admin/groups.json");
	assert_string_equal(first_error(j),
	    "Name must be at least 3 characters");
	json_decref(j);
	j = th_expect(admin, "POST", 422, "group[name]=bad+name",
	    "/admin/groups.json");
	th_assert_error(j, "record_invalid");
	json_decref(j);
	j = th_expect(admin, "POST", 422, "group[name]=PARTICIPANTS",
	    "/admin/groups.json");
	assert_string_equal(first_error(j), "Name has already been taken");
	json_decref(j);
	/* Users and groups share one name space (both can be mentioned). */
	j = th_expect(admin, "POST", 422, "group[name]=alice",
	    "/admin/groups.json");
	assert_string_equal(first_error(j), "Name has already been taken");
	json_decref(j);
	j = th_expect(admin, "POST", 422, "group[name]=newgroup&"
	    "group[visibility_level]=9", "/admin/groups.json");
	json_decref(j);
	j = th_expect(admin, "POST", 422,
	    "group[name]=newgroup&group[full_name]="
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "4567890123456789012345678901234567890", "/admin/groups.json");
	assert_string_equal(first_error(j),
	    "Full name is too long (maximum is 100 characters)");
	json_decref(j);
	j = th_expect(admin, "POST", 400, "group[name]=newgroup&"
	    "group[usernames]=alice,ghost", "/admin/groups.json");
	json_decref(j);
	j = th_expect_get(admin, 404, "/groups/newgroup.json");
	json_decref(j);

	j = th_send(admin, "POST", "/admin/groups.json", json_pack(
	    "{s:{s:s,s:s,s:s,s:i,s:s,s:s}}", "group", "name", "speakers",
	    "full_name", "Speakers", "bio_raw", "People who present",
	    "visibility_level", 1, "usernames", "alice, bob",
	    "owner_usernames", "carol"), NULL);
	g = json_object_get(j, "basic_group");
	assert_non_null(g);
	assert_string_equal(json_string_value(json_object_get(g, "name")),
	    "speakers");
	assert_string_equal(json_string_value(json_object_get(g, "bio_raw")),
	    "People who present");
	assert_int_equal(json_integer_value(json_object_get(g,
	    "visibility_level")), 1);
	assert_int_equal(json_integer_value(json_object_get(g, "user_count")),
	    3);
	assert_false(json_is_true(json_object_get(g, "automatic")));
	json_decref(j);
	/* Logged-on level: anonymous visitors do not see it. */
	j = th_expect_get(anon, 404, "/groups/speakers.json");
	json_decref(j);
	j = th_expect_get(bob, 200, "/groups/speakers.json");
	json_decref(j);
	j = th_expect_get(carol, 200, "/groups.json?type=owner");
	assert_non_null(group_in(j, "speakers"));
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_index_filters),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_add_members),
		cmocka_unit_test(test_remove_members),
		cmocka_unit_test(test_create),
	};

	return cmocka_run_group_tests_name("http_groups", tests, setup,
	    teardown);
}
