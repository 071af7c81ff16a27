/*
 * Admin API keys: created keys work at once and are shown once, listing
 * shows only their first characters, revoked keys stop working, and only
 * admins reach any of it.
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
static char *admin_key;

static int
setup(void **state)
{
	(void)state;
	if (th_start(&srv, NULL) != 0 ||
	    th_create_user(&srv, "admin1", "correct horse battery", 1, 0) < 0 ||
	    th_create_user(&srv, "mod1", "correct horse battery", 0, 1) < 0 ||
	    th_create_user(&srv, "alice", "correct horse battery", 0, 0) < 0)
		return -1;
	admin_key = th_api_key(&srv, "admin1");
	return admin_key ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	free(admin_key);
	return th_stop(&srv);
}

static void
test_create_use_list_revoke(void **state)
{
	struct th_client *admin = th_client_new(&srv);
	struct th_client *bot = th_client_new(&srv);
	char path[64], *key;
	json_t *j, *k, *keys;
	json_int_t id;
	size_t i;
	long st;

	(void)state;
	th_client_api_key(admin, admin_key, NULL);
	j = th_form(admin, "POST", "/admin/api/keys.json",
	    "key[description]=importer&key[username]=alice", &st);
	assert_int_equal(st, 200);
	k = json_object_get(j, "key");
	key = strdup(json_string_value(json_object_get(k, "key")));
	id = json_integer_value(json_object_get(k, "id"));
	assert_int_equal(strlen(key), 64);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(k, "user"), "username")), "alice");
	json_decref(j);

	th_client_api_key(bot, key, NULL);
	j = th_get(bot, "/session/current.json", &st);
	assert_int_equal(st, 200);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(j, "current_user"), "username")), "alice");
	json_decref(j);

	j = th_get(admin, "/admin/api/keys.json", &st);
	assert_int_equal(st, 200);
	keys = json_object_get(j, "keys");
	assert_true(json_array_size(keys) >= 2);
	for (i = 0; i < json_array_size(keys); i++) {
		k = json_array_get(keys, i);
		assert_null(json_object_get(k, "key"));	/* never again */
		assert_int_equal(strlen(json_string_value(json_object_get(k,
		    "truncated_key"))), 4);
	}
	json_decref(j);

	snprintf(path, sizeof(path), "/admin/api/keys/%lld.json",
	    (long long)id);
	j = th_send(admin, "DELETE", path, NULL, &st);
	assert_int_equal(st, 200);
	json_decref(j);
	j = th_get(bot, "/session/current.json", &st);
	assert_int_equal(st, 403);
	th_assert_error(j, "invalid_access");
	json_decref(j);
	j = th_send(admin, "DELETE", path, NULL, &st);
	assert_int_equal(st, 404);
	json_decref(j);
	free(key);
	th_client_free(admin);
	th_client_free(bot);
}

static void
test_admins_only(void **state)
{
	struct th_client *c = th_client_new(&srv);
	json_t *j;
	long st;

	(void)state;
	j = th_get(c, "/admin/api/keys.json", &st);
	assert_int_equal(st, 403);
	th_assert_error(j, "not_logged_in");
	json_decref(j);
	assert_int_equal(th_login(c, "mod1", "correct horse battery"), 200);
	j = th_get(c, "/admin/api/keys.json", &st);
	assert_int_equal(st, 403);
	th_assert_error(j, "invalid_access");
	json_decref(j);
	j = th_form(c, "POST", "/admin/api/keys.json", "key[description]=x",
	    &st);
	assert_int_equal(st, 403);
	json_decref(j);
	th_client_free(c);
}

static void
test_bad_input(void **state)
{
	struct th_client *c = th_client_new(&srv);
	char form[400];
	json_t *j;
	long st;

	(void)state;
	th_client_api_key(c, admin_key, NULL);
	j = th_form(c, "POST", "/admin/api/keys.json",
	    "key[username]=nobody", &st);
	assert_int_equal(st, 422);
	th_assert_error(j, "record_invalid");
	json_decref(j);
	snprintf(form, sizeof(form), "key[description]=%0300d", 1);
	j = th_form(c, "POST", "/admin/api/keys.json", form, &st);
	assert_int_equal(st, 422);
	json_decref(j);
	th_client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_use_list_revoke),
		cmocka_unit_test(test_admins_only),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests_name("http_api_keys", tests, setup,
	    teardown);
}
