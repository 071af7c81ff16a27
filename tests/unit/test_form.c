/*
 * Form bodies parsed as Rails parses them for Discourse clients.
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "form.h"

static json_t *
parse(const char *s, const char **err)
{
	return form_parse(s, strlen(s), 100, err);
}

static void
test_fields_lists_and_nesting(void **state)
{
	const char *err = NULL;
	json_t *o = parse("title=Hello+w%C3%B6rld&tags[]=a&tags%5B%5D=b"
	    "&post[raw]=x%26y&permissions[everyone]=1&empty=&bare", &err);

	(void)state;
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "title")),
	    "Hello w\xc3\xb6rld");
	assert_int_equal(json_array_size(json_object_get(o, "tags[]")), 2);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(o, "post"), "raw")), "x&y");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(o, "permissions"), "everyone")), "1");
	assert_string_equal(json_string_value(json_object_get(o, "empty")), "");
	assert_string_equal(json_string_value(json_object_get(o, "bare")), "");
	json_decref(o);
}

static void
test_refusals(void **state)
{
	const char *err = NULL;
	char many[2000] = "";
	int i;

	(void)state;
	assert_null(parse("raw=%FF", &err));
	assert_non_null(err);
	for (i = 0; i < 150; i++)
		strcat(many, "a=1&");
	err = NULL;
	assert_null(parse(many, &err));
	assert_string_equal(err, "Too many parameters");
}

static void
test_odd_input(void **state)
{
	const char *err = NULL;
	json_t *o = parse("a=%2&b=%&%00k=1&=v&&c=%41", &err);

	(void)state;
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "a")), "%2");
	assert_string_equal(json_string_value(json_object_get(o, "b")), "%");
	assert_string_equal(json_string_value(json_object_get(o, "c")), "A");
	assert_int_equal(json_object_size(o), 3);	/* NUL key dropped */
	json_decref(o);
}

static void
test_split_nested(void **state)
{
	char a[8], b[8];

	(void)state;
	assert_true(form_split_nested("post[raw]", a, sizeof(a), b, sizeof(b)));
	assert_string_equal(a, "post");
	assert_string_equal(b, "raw");
	assert_false(form_split_nested("post", a, sizeof(a), b, sizeof(b)));
	assert_false(form_split_nested("[raw]", a, sizeof(a), b, sizeof(b)));
	assert_false(form_split_nested("post[raw]x", a, sizeof(a), b,
	    sizeof(b)));
	assert_false(form_split_nested("toolongname[x]", a, sizeof(a), b,
	    sizeof(b)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_lists_and_nesting),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_odd_input),
		cmocka_unit_test(test_split_nested),
	};

	return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}
