/*
 * Categories through the real binary: /categories, /c/{id}/show, and the
 * admin's create and update with their validations, permissions and
 * CSRF.  A category the caller may not see must be absent from the list
 * and answer exactly like a missing one.
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
static char *admin_key, *alice_key, *bob_key;
static struct th_client *anon, *admin, *alice, *bob;
static long private_cat;

static json_t *
category_in(json_t *list, long id)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(list,
	    "category_list"), "categories"), i, c)
		if (json_integer_value(json_object_get(c, "id")) == id)
			return c;
	return NULL;
}

static const char *
first_error(json_t *j)
{
	return json_string_value(json_array_get(json_object_get(j, "errors"),
	    0));
}

/* Asserts a 422 with exactly this first message. */
static void
assert_invalid(json_t *j, const char *msg)
{
	th_assert_error(j, "record_invalid");
	assert_string_equal(first_error(j), msg);
	json_decref(j);
}

static long
cat_id(json_t *j)
{
	return (long)json_integer_value(json_object_get(json_object_get(j,
	    "category"), "id"));
}

static int
setup(void **state)
{
	json_t *j;
	long st;

	(void)state;
	if (th_start(&srv, NULL) != 0 ||
	    th_create_user(&srv, "admin1", PASSWORD, 1, 0) < 0 ||
	    th_create_user(&srv, "alice", PASSWORD, 0, 0) < 0 ||
	    th_create_user(&srv, "bob", PASSWORD, 0, 0) < 0)
		return -1;
	admin_key = th_api_key(&srv, "admin1");
	alice_key = th_api_key(&srv, "alice");
	bob_key = th_api_key(&srv, "bob");
	anon = th_client_new(&srv);
	admin = th_client_as(&srv, admin_key, "admin1");
	alice = th_client_as(&srv, alice_key, "alice");
	bob = th_client_as(&srv, bob_key, "bob");
	j = th_form(admin, "POST", "/admin/groups.json",
	    "group[name]=participants&group[usernames]=alice", &st);
	json_decref(j);
	if (st != 200)
		return -1;
	j = th_form(admin, "POST", "/categories.json",
	    "name=Private&permissions[participants]=1", &st);
	private_cat = st == 200 ? cat_id(j) : -1;
	json_decref(j);
	return private_cat > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	th_client_free(anon);
	th_client_free(admin);
	th_client_free(alice);
	th_client_free(bob);
	free(admin_key);
	free(alice_key);
	free(bob_key);
	return th_stop(&srv);
}

static void
test_index_shape(void **state)
{
	static const char *const keys[] = { "id", "name", "color",
	    "text_color", "slug", "topic_count", "post_count", "position",
	    "description", "description_text", "description_excerpt",
	    "topic_url", "read_restricted", "permission", "notification_level",
	    "can_edit", "topic_template", "has_children", "subcategory_count",
	    "sort_order", "sort_ascending", "show_subcategory_list",
	    "num_featured_topics", "default_view", "subcategory_ids",
	    "subcategory_list", "uploaded_logo", "uploaded_background",
	    "is_uncategorized", NULL };
	const char *const *k;
	json_t *j, *cl, *c;

	(void)state;
	j = th_expect_get(anon, 200, "/categories.json");
	cl = json_object_get(j, "category_list");
	assert_false(json_is_true(json_object_get(cl, "can_create_category")));
	assert_false(json_is_true(json_object_get(cl, "can_create_topic")));
	c = category_in(j, 1);
	assert_non_null(c);
	for (k = keys; *k; k++)
		if (json_object_get(c, *k) == NULL)
			fail_msg("missing %s", *k);
	assert_true(json_is_true(json_object_get(c, "is_uncategorized")));
	assert_false(json_is_true(json_object_get(c, "read_restricted")));
	assert_true(json_is_null(json_object_get(c, "permission")));
	assert_false(json_is_true(json_object_get(c, "can_edit")));
	assert_string_equal(json_string_value(json_object_get(c, "slug")),
	    "uncategorized");
	/* Text is escaped into the HTML fields, kept as is in _text. */
	assert_non_null(strstr(json_string_value(json_object_get(c,
	    "description")), "don&#39;t"));
	assert_non_null(strstr(json_string_value(json_object_get(c,
	    "description_text")), "don't"));
	assert_null(category_in(j, private_cat));
	json_decref(j);

	j = th_expect_get(admin, 200, "/categories.json");
	cl = json_object_get(j, "category_list");
	assert_true(json_is_true(json_object_get(cl, "can_create_category")));
	c = category_in(j, private_cat);
	assert_non_null(c);
	assert_true(json_is_true(json_object_get(c, "read_restricted")));
	assert_true(json_is_true(json_object_get(c, "can_edit")));
	json_decref(j);

	j = th_expect_get(alice, 200, "/categories.json");
	c = category_in(j, private_cat);
	assert_non_null(c);
	assert_int_equal(json_integer_value(json_object_get(c, "permission")),
	    1);
	assert_true(json_is_true(json_object_get(json_object_get(j,
	    "category_list"), "can_create_topic")));
	json_decref(j);

	j = th_expect_get(bob, 200, "/categories.json");
	assert_null(category_in(j, private_cat));
	assert_int_equal(json_integer_value(json_object_get(category_in(j, 1),
	    "permission")), 1);
	json_decref(j);
}

static void
test_create_needs_admin_and_csrf(void **state)
{
	struct th_client *c = th_client_new(&srv);
	json_t *j;

	(void)state;
	j = th_expect(anon, "POST", 403, "name=Nope", "/categories.json");
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	j = th_expect(bob, "POST", 403, "name=Nope", "/categories.json");
	th_assert_error(j, "invalid_access");
	json_decref(j);
	j = th_expect(bob, "PUT", 403, "name=Nope", "/categories/1.json");
	json_decref(j);

	/* A cookie session must send the CSRF token. */
	assert_int_equal(th_login(c, "admin1", PASSWORD), 200);
	th_client_send_csrf(c, 0);
	j = th_expect(c, "POST", 403, "name=Cookie made", "/categories.json");
	json_decref(j);
	th_client_send_csrf(c, 1);
	j = th_expect(c, "POST", 200, "name=Cookie made", "/categories.json");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "category"), "slug")), "cookie-made");
	json_decref(j);
	th_client_free(c);
}

static void
test_create_fields(void **state)
{
	json_t *j, *c, *gp, *ag, *v;
	size_t i;
	int has_everyone = 0;

	(void)state;
	j = th_expect_json(admin, "POST", 200,
	    json_pack("{s:s,s:s,s:s,s:s,s:i,s:{s:i}}", "name",
	    "  Conference Room  ", "color", "AB12cd", "text_color", "000000",
	    "description", "<b>Talks</b> & \"questions\"", "position", 7,
	    "permissions", "participants", 2), "/categories.json");
	c = json_object_get(j, "category");
	assert_string_equal(json_string_value(json_object_get(c, "name")),
	    "Conference Room");
	assert_string_equal(json_string_value(json_object_get(c, "slug")),
	    "conference-room");
	assert_string_equal(json_string_value(json_object_get(c, "color")),
	    "AB12cd");
	assert_int_equal(json_integer_value(json_object_get(c, "position")),
	    7);
	assert_string_equal(json_string_value(json_object_get(c,
	    "description")),
	    "&lt;b&gt;Talks&lt;/b&gt; &amp; &quot;questions&quot;");
	assert_string_equal(json_string_value(json_object_get(c,
	    "description_text")), "<b>Talks</b> & \"questions\"");
	assert_true(json_is_true(json_object_get(c, "read_restricted")));
	gp = json_object_get(c, "group_permissions");
	assert_int_equal(json_array_size(gp), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    gp, 0), "group_name")), "participants");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    gp, 0), "permission_type")), 2);
	assert_true(json_integer_value(json_object_get(json_array_get(gp, 0),
	    "group_id")) >= 40);
	ag = json_object_get(c, "available_groups");
	json_array_foreach(ag, i, v) {
		assert_string_not_equal(json_string_value(v), "participants");
		has_everyone |= strcmp(json_string_value(v), "everyone") == 0;
	}
	assert_true(has_everyone);
	json_decref(j);

	/* Form fields; no permissions means everyone: full. */
	j = th_expect(admin, "POST", 200,
	    "name=Open+Hall&slug=The+Hall!&text_color=FFFFFF",
	    "/categories.json");
	c = json_object_get(j, "category");
	assert_string_equal(json_string_value(json_object_get(c, "slug")),
	    "the-hall");
	assert_false(json_is_true(json_object_get(c, "read_restricted")));
	gp = json_array_get(json_object_get(c, "group_permissions"), 0);
	assert_string_equal(json_string_value(json_object_get(gp,
	    "group_name")), "everyone");
	assert_int_equal(json_integer_value(json_object_get(gp,
	    "permission_type")), 1);
	json_decref(j);

	/* A name without ASCII letters gets "<id>-category". */
	j = th_expect_json(admin, "POST", 200, json_pack("{s:s}", "name",
	    "日本語のカテゴリ"), "/categories.json");
	c = json_object_get(j, "category");
	{
		char want[64];

		snprintf(want, sizeof(want), "%ld-category", cat_id(j));
		assert_string_equal(json_string_value(json_object_get(c,
		    "slug")), want);
	}
	json_decref(j);

	/* Read-only for everyone: anonymous visitors see it. */
	j = th_expect(admin, "POST", 200,
	    "name=Announcements&permissions[everyone]=3", "/categories.json");
	i = (size_t)cat_id(j);
	json_decref(j);
	j = th_expect_get(anon, 200, "/categories.json");
	assert_non_null(category_in(j, (long)i));
	json_decref(j);
	j = th_expect_get(bob, 200, "/categories.json");
	assert_int_equal(json_integer_value(json_object_get(category_in(j,
	    (long)i), "permission")), 3);
	json_decref(j);
}

static void
test_create_validation(void **state)
{
	char long_name[10001], form_body[10100];
	json_t *j;

	(void)state;
	j = th_expect(admin, "POST", 400, "color=112233", "/categories.json");
	th_assert_error(j, "invalid_parameters");
	json_decref(j);
	j = th_expect(admin, "POST", 400, "name=+++", "/categories.json");
	json_decref(j);
	assert_invalid(th_expect(admin, "POST", 422,
	    "name=123456789012345678901234567890123456789012345678901",
	    "/categories.json"),
	    "Name is too long (maximum is 50 characters)");
	/* 50 characters of two bytes each is fine: characters count. */
	j = th_expect_json(admin, "POST", 200, json_pack("{s:s}", "name",
	    "éééééééééééééééééééééééééééééééééééééééééééééééééé"),
	    "/categories.json");
	json_decref(j);
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	snprintf(form_body, sizeof(form_body), "name=%s", long_name);
	assert_invalid(th_expect(admin, "POST", 422, form_body,
	    "/categories.json"), "Name is too long (maximum is 50 characters)");
	assert_invalid(th_expect(admin, "POST", 422, "name=PRIVATE",
	    "/categories.json"), "Category Name has already been taken");
	assert_invalid(th_expect(admin, "POST", 422,
	    "name=Colours&color=zzzzzz", "/categories.json"),
	    "Color must be 6 hexadecimal digits");
	assert_invalid(th_expect(admin, "POST", 422,
	    "name=Colours&text_color=%23112233", "/categories.json"),
	    "Text color must be 6 hexadecimal digits");
	assert_invalid(th_expect(admin, "POST", 422,
	    "name=Colours&permissions[nobody]=1", "/categories.json"),
	    "Group not found: nobody");
	assert_invalid(th_expect(admin, "POST", 422,
	    "name=Colours&permissions[everyone]=7", "/categories.json"),
	    "Permission for everyone must be 1 (full), 2 (create_post) or "
	    "3 (readonly)");
	assert_invalid(th_expect(admin, "POST", 422,
	    "name=Colours&parent_category_id=1", "/categories.json"),
	    "Subcategories are not supported");
	assert_invalid(th_expect(admin, "POST", 422, "name=Colours&slug=!!!",
	    "/categories.json"), "Slug is invalid");
	assert_invalid(th_expect(admin, "POST", 422,
	    "name=Colours&slug=private", "/categories.json"),
	    "Slug is already in use");
	assert_invalid(th_expect(admin, "POST", 422, "name=Colours&position=-4",
	    "/categories.json"),
	    "Position must be between 0 and 1000000");
	j = th_expect(admin, "POST", 400, "name=Colours&position=x",
	    "/categories.json");
	json_decref(j);
	/* Bytes that are not UTF-8 (here through the query string). */
	assert_invalid(th_expect(admin, "POST", 422, "color=112233", "%s",
	    "/categories.json?name=%FF%FE"), "Name is invalid");
	j = th_expect_json(admin, "POST", 400, json_pack("{s:s,s:s}", "name",
	    "Colours", "permissions", "everyone"), "/categories.json");
	json_decref(j);
	/* Every problem is reported at once. */
	j = th_expect(admin, "POST", 422,
	    "name=Private&color=nothex&description=", "/categories.json");
	assert_int_equal(json_array_size(json_object_get(j, "errors")), 2);
	json_decref(j);
	/* Nothing above was written. */
	j = th_expect_get(admin, 200, "/categories.json");
	{
		json_t *c;
		size_t i;

		json_array_foreach(json_object_get(json_object_get(j,
		    "category_list"), "categories"), i, c)
			assert_string_not_equal(json_string_value(
			    json_object_get(c, "name")), "Colours");
	}
	json_decref(j);
}

static void
test_update(void **state)
{
	char path[64];
	json_t *j, *c;
	long id;

	(void)state;
	j = th_expect(admin, "POST", 200, "name=Workshops", "/categories.json");
	id = cat_id(j);
	json_decref(j);
	snprintf(path, sizeof(path), "/categories/%ld.json", id);
	j = th_expect_json(admin, "PUT", 200, json_pack("{s:s,s:s,s:s}", "name",
	    "Workshops 2025", "color", "FF0000", "description", "Hands on"),
	    "%s", path);
	c = json_object_get(j, "category");
	assert_string_equal(json_string_value(json_object_get(c, "name")),
	    "Workshops 2025");
	/* The slug stays unless one is given. */
	assert_string_equal(json_string_value(json_object_get(c, "slug")),
	    "workshops");
	assert_string_equal(json_string_value(json_object_get(c, "color")),
	    "FF0000");
	json_decref(j);
	/* Its own name is not "taken". */
	j = th_expect(admin, "PUT", 200, "name=workshops+2025&slug=ws", "%s",
	    path);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "category"), "slug")), "ws");
	json_decref(j);
	assert_invalid(th_expect(admin, "PUT", 422, "name=Private", "%s", path),
	    "Category Name has already been taken");
	assert_invalid(th_expect(admin, "PUT", 422, "name=", "%s", path),
	    "Name can't be blank");

	/* Permissions are replaced when given, kept when not. */
	j = th_expect(admin, "PUT", 200, "permissions[participants]=1", "%s",
	    path);
	json_decref(j);
	j = th_expect_get(anon, 404, "/c/%ld/show.json", id);
	json_decref(j);
	j = th_expect_get(alice, 200, "/c/%ld/show.json", id);
	json_decref(j);
	j = th_expect(admin, "PUT", 200, "color=00FF00", "%s", path);
	json_decref(j);
	j = th_expect_get(bob, 404, "/c/%ld/show.json", id);
	json_decref(j);
	j = th_expect(admin, "PUT", 200, "permissions[everyone]=1", "%s", path);
	assert_false(json_is_true(json_object_get(json_object_get(j,
	    "category"), "read_restricted")));
	json_decref(j);
	j = th_expect_get(anon, 200, "/c/%ld/show.json", id);
	json_decref(j);

	/* An empty permission set leaves the category to staff. */
	j = th_expect_json(admin, "PUT", 200, json_pack("{s:{}}",
	    "permissions"), "%s", path);
	assert_int_equal(json_array_size(json_object_get(json_object_get(j,
	    "category"), "group_permissions")), 0);
	json_decref(j);
	j = th_expect_get(alice, 404, "/c/%ld/show.json", id);
	json_decref(j);
	j = th_expect_get(admin, 200, "/c/%ld/show.json", id);
	json_decref(j);

	j = th_expect(admin, "PUT", 404, "name=Ghost",
	    "/categories/999999.json");
	th_assert_error(j, "not_found");
	json_decref(j);
}

static void
test_show(void **state)
{
	json_t *j, *missing, *c;

	(void)state;
	/* Hidden and missing answer alike. */
	missing = th_expect_get(anon, 404, "/c/999999/show.json");
	j = th_expect_get(anon, 404, "/c/%ld/show.json", private_cat);
	assert_true(json_equal(j, missing));
	json_decref(j);
	j = th_expect_get(bob, 404, "/c/%ld/show.json", private_cat);
	assert_true(json_equal(j, missing));
	json_decref(j);
	json_decref(missing);

	j = th_expect_get(alice, 200, "/c/%ld/show.json", private_cat);
	c = json_object_get(j, "category");
	assert_string_equal(json_string_value(json_object_get(c, "name")),
	    "Private");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(c, "group_permissions"), 0), "group_name")),
	    "participants");
	/* The edit form's list is for admins only. */
	assert_null(json_object_get(c, "available_groups"));
	json_decref(j);
	j = th_expect_get(admin, 200, "/c/%ld/show.json", private_cat);
	assert_true(json_is_array(json_object_get(json_object_get(j,
	    "category"), "available_groups")));
	json_decref(j);
	j = th_expect_get(anon, 200, "/c/1/show.json");
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_shape),
		cmocka_unit_test(test_create_needs_admin_and_csrf),
		cmocka_unit_test(test_create_fields),
		cmocka_unit_test(test_create_validation),
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_show),
	};

	return cmocka_run_group_tests_name("http_categories", tests, setup,
	    teardown);
}
