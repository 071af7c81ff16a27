/*
 * Categories through the real binary: /categories, /c/{id}/show, and the
 * admin's create and update with their validations, permissions and
 * CSRF.  A category the caller may not see must be absent from the list
 * and answer exactly like a missing one.
 */
#include <stdarg.h>
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

static struct th_client *
keyed(const char *key, const char *user)
{
	struct th_client *c = th_client_new(&srv);

	th_client_api_key(c, key, user);
	return c;
}

static json_t *
get(struct th_client *c, long want, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	json_t *j;
	long st;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	j = th_get(c, path, &st);
	if (st != want)
		fail_msg("GET %s: %ld, want %ld", path, st, want);
	assert_non_null(j);
	return j;
}

/* Sends obj (taken) as JSON and checks the status; returns the body. */
static json_t *
send(struct th_client *c, const char *method, const char *path, json_t *obj,
    long want)
{
	json_t *j;
	long st;

	j = th_send(c, method, path, obj, &st);
	if (st != want)
		fail_msg("%s %s: %ld, want %ld", method, path, st, want);
	assert_non_null(j);
	return j;
}

static json_t *
form(struct th_client *c, const char *method, const char *path,
    const char *body, long want)
{
	json_t *j;
	long st;

	j = th_form(c, method, path, body, &st);
	if (st != want)
		fail_msg("%s %s %s: %ld, want %ld", method, path, body, st,
		    want);
	assert_non_null(j);
	return j;
}

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
	admin = keyed(admin_key, "admin1");
	alice = keyed(alice_key, "alice");
	bob = keyed(bob_key, "bob");
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
	j = get(anon, 200, "/categories.json");
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

	j = get(admin, 200, "/categories.json");
	cl = json_object_get(j, "category_list");
	assert_true(json_is_true(json_object_get(cl, "can_create_category")));
	c = category_in(j, private_cat);
	assert_non_null(c);
	assert_true(json_is_true(json_object_get(c, "read_restricted")));
	assert_true(json_is_true(json_object_get(c, "can_edit")));
	json_decref(j);

	j = get(alice, 200, "/categories.json");
	c = category_in(j, private_cat);
	assert_non_null(c);
	assert_int_equal(json_integer_value(json_object_get(c, "permission")),
	    1);
	assert_true(json_is_true(json_object_get(json_object_get(j,
	    "category_list"), "can_create_topic")));
	json_decref(j);

	j = get(bob, 200, "/categories.json");
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
	j = form(anon, "POST", "/categories.json", "name=Nope", 403);
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	j = form(bob, "POST", "/categories.json", "name=Nope", 403);
	th_assert_error(j, "invalid_access");
	json_decref(j);
	j = form(bob, "PUT", "/categories/1.json", "name=Nope", 403);
	json_decref(j);

	/* A cookie session must send the CSRF token. */
	assert_int_equal(th_login(c, "admin1", PASSWORD), 200);
	th_client_send_csrf(c, 0);
	j = form(c, "POST", "/categories.json", "name=Cookie made", 403);
	json_decref(j);
	th_client_send_csrf(c, 1);
	j = form(c, "POST", "/categories.json", "name=Cookie made", 200);
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
	j = send(admin, "POST", "/categories.json", json_pack(
	    "{s:s,s:s,s:s,s:s,s:i,s:{s:i}}", "name", "  Conference Room  ",
	    "color", "AB12cd", "text_color", "000000", "description",
	    "<b>Talks</b> & \"questions\"", "position", 7, "permissions",
	    "participants", 2), 200);
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
	j = form(admin, "POST", "/categories.json",
	    "name=Open+Hall&slug=The+Hall!&text_color=FFFFFF", 200);
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
	j = send(admin, "POST", "/categories.json", json_pack("{s:s}", "name",
	    "日本語のカテゴリ"), 200);
	c = json_object_get(j, "category");
	{
		char want[64];

		snprintf(want, sizeof(want), "%ld-category", cat_id(j));
		assert_string_equal(json_string_value(json_object_get(c,
		    "slug")), want);
	}
	json_decref(j);

	/* Read-only for everyone: anonymous visitors see it. */
	j = form(admin, "POST", "/categories.json",
	    "name=Announcements&permissions[everyone]=3", 200);
	i = (size_t)cat_id(j);
	json_decref(j);
	j = get(anon, 200, "/categories.json");
	assert_non_null(category_in(j, (long)i));
	json_decref(j);
	j = get(bob, 200, "/categories.json");
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
	j = form(admin, "POST", "/categories.json", "color=112233", 400);
	th_assert_error(j, "invalid_parameters");
	json_decref(j);
	j = form(admin, "POST", "/categories.json", "name=+++", 400);
	json_decref(j);
	assert_invalid(form(admin, "POST", "/categories.json",
	    "name=123456789012345678901234567890123456789012345678901", 422),
	    "Name is too long (maximum is 50 characters)");
	/* 50 characters of two bytes each is fine: characters count. */
	j = send(admin, "POST", "/categories.json", json_pack("{s:s}", "name",
	    "éééééééééééééééééééééééééééééééééééééééééééééééééé"), 200);
	json_decref(j);
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	snprintf(form_body, sizeof(form_body), "name=%s", long_name);
	assert_invalid(form(admin, "POST", "/categories.json", form_body,
	    422), "Name is too long (maximum is 50 characters)");
	assert_invalid(form(admin, "POST", "/categories.json", "name=PRIVATE",
	    422), "Category Name has already been taken");
	assert_invalid(form(admin, "POST", "/categories.json",
	    "name=Colours&color=zzzzzz", 422),
	    "Color must be 6 hexadecimal digits");
	assert_invalid(form(admin, "POST", "/categories.json",
	    "name=Colours&text_color=%23112233", 422),
	    "Text color must be 6 hexadecimal digits");
	assert_invalid(form(admin, "POST", "/categories.json",
	    "name=Colours&permissions[nobody]=1", 422),
	    "Group not found: nobody");
	assert_invalid(form(admin, "POST", "/categories.json",
	    "name=Colours&permissions[everyone]=7", 422),
	    "Permission for everyone must be 1 (full), 2 (create_post) or "
	    "3 (readonly)");
	assert_invalid(form(admin, "POST", "/categories.json",
	    "name=Colours&parent_category_id=1", 422),
	    "Subcategories are not supported");
	assert_invalid(form(admin, "POST", "/categories.json",
	    "name=Colours&slug=!!!", 422), "Slug is invalid");
	assert_invalid(form(admin, "POST", "/categories.json",
	    "name=Colours&slug=private", 422), "Slug is already in use");
	assert_invalid(form(admin, "POST", "/categories.json",
	    "name=Colours&position=-4", 422),
	    "Position must be between 0 and 1000000");
	j = form(admin, "POST", "/categories.json", "name=Colours&position=x",
	    400);
	json_decref(j);
	/* Bytes that are not UTF-8 (here through the query string). */
	assert_invalid(form(admin, "POST", "/categories.json?name=%FF%FE",
	    "color=112233", 422), "Name is invalid");
	j = send(admin, "POST", "/categories.json", json_pack("{s:s,s:s}",
	    "name", "Colours", "permissions", "everyone"), 400);
	json_decref(j);
	/* Every problem is reported at once. */
	j = form(admin, "POST", "/categories.json",
	    "name=Private&color=nothex&description=", 422);
	assert_int_equal(json_array_size(json_object_get(j, "errors")), 2);
	json_decref(j);
	/* Nothing above was written. */
	j = get(admin, 200, "/categories.json");
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
	j = form(admin, "POST", "/categories.json", "name=Workshops", 200);
	id = cat_id(j);
	json_decref(j);
	snprintf(path, sizeof(path), "/categories/%ld.json", id);
	j = send(admin, "PUT", path, json_pack("{s:s,s:s,s:s}", "name",
	    "Workshops 2025", "color", "FF0000", "description", "Hands on"),
	    200);
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
	j = form(admin, "PUT", path, "name=workshops+2025&slug=ws", 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "category"), "slug")), "ws");
	json_decref(j);
	assert_invalid(form(admin, "PUT", path, "name=Private", 422),
	    "Category Name has already been taken");
	assert_invalid(form(admin, "PUT", path, "name=", 422),
	    "Name can't be blank");

	/* Permissions are replaced when given, kept when not. */
	j = form(admin, "PUT", path, "permissions[participants]=1", 200);
	json_decref(j);
	j = get(anon, 404, "/c/%ld/show.json", id);
	json_decref(j);
	j = get(alice, 200, "/c/%ld/show.json", id);
	json_decref(j);
	j = form(admin, "PUT", path, "color=00FF00", 200);
	json_decref(j);
	j = get(bob, 404, "/c/%ld/show.json", id);
	json_decref(j);
	j = form(admin, "PUT", path, "permissions[everyone]=1", 200);
	assert_false(json_is_true(json_object_get(json_object_get(j,
	    "category"), "read_restricted")));
	json_decref(j);
	j = get(anon, 200, "/c/%ld/show.json", id);
	json_decref(j);

	/* An empty permission set leaves the category to staff. */
	j = send(admin, "PUT", path, json_pack("{s:{}}", "permissions"), 200);
	assert_int_equal(json_array_size(json_object_get(json_object_get(j,
	    "category"), "group_permissions")), 0);
	json_decref(j);
	j = get(alice, 404, "/c/%ld/show.json", id);
	json_decref(j);
	j = get(admin, 200, "/c/%ld/show.json", id);
	json_decref(j);

	j = form(admin, "PUT", "/categories/999999.json", "name=Ghost", 404);
	th_assert_error(j, "not_found");
	json_decref(j);
}

static void
test_show(void **state)
{
	json_t *j, *missing, *c;

	(void)state;
	/* Hidden and missing answer alike. */
	missing = get(anon, 404, "/c/999999/show.json");
	j = get(anon, 404, "/c/%ld/show.json", private_cat);
	assert_true(json_equal(j, missing));
	json_decref(j);
	j = get(bob, 404, "/c/%ld/show.json", private_cat);
	assert_true(json_equal(j, missing));
	json_decref(j);
	json_decref(missing);

	j = get(alice, 200, "/c/%ld/show.json", private_cat);
	c = json_object_get(j, "category");
	assert_string_equal(json_string_value(json_object_get(c, "name")),
	    "Private");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(c, "group_permissions"), 0), "group_name")),
	    "participants");
	/* The edit form's list is for admins only. */
	assert_null(json_object_get(c, "available_groups"));
	json_decref(j);
	j = get(admin, 200, "/c/%ld/show.json", private_cat);
	assert_true(json_is_array(json_object_get(json_object_get(j,
	    "category"), "available_groups")));
	json_decref(j);
	j = get(anon, 200, "/c/1/show.json");
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
