/*
 * core/text.c: titles squeezed and bounded, tags cleaned as Discourse's
 * clean_tag, with the messages users see.  (Slugs: test_valid.c.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>

#include "config.h"
#include "text.h"
#include "util.h"

static int
setup(void **state)
{
	(void)state;
	config_init();
	return 0;
}

/* The title as cleaned, or the first message when refused ("!" first). */
static const char *
title(struct arena *a, const char *in)
{
	json_t *errors = json_array();
	const char *out;
	char *t;

	text_title(a, in, &t, errors);
	if (t == NULL) {
		assert_true(json_array_size(errors) > 0);
		out = arena_printf(a, "!%s",
		    json_string_value(json_array_get(errors, 0)));
	} else {
		assert_int_equal(json_array_size(errors), 0);
		out = t;
	}
	json_decref(errors);
	return out;
}

static void
test_titles(void **state)
{
	struct arena *a = arena_new();
	char *longest;

	(void)state;
	assert_string_equal(title(a, "  Open   education\tfor\nall  "),
	    "Open education for all");
	assert_string_equal(title(a, NULL), "!Title can't be blank");
	assert_string_equal(title(a, " \t "), "!Title can't be blank");
	/* Invisible characters alone are blank too: ZWSP, BOM, Hangul filler. */
	assert_string_equal(title(a, "\xe2\x80\x8b\xef\xbb\xbf\xe3\x85\xa4"),
	    "!Title can't be blank");
	assert_string_equal(title(a, "bad \xff byte in a title"),
	    "!Title is invalid");
	assert_string_equal(title(a, "short"),
	    arena_printf(a, "!Title is too short (minimum is %u characters)",
	    cfg.min_title));
	/* Characters, not bytes: accented titles are not shortchanged. */
	longest = arena_alloc(a, cfg.max_title * 2 + 1);
	for (unsigned i = 0; i < cfg.max_title; i++)
		memcpy(longest + 2 * i, "\xc3\xa9", 2);
	longest[cfg.max_title * 2] = '\0';
	assert_string_equal(title(a, longest), longest);
	assert_string_equal(title(a, arena_printf(a, "%sx", longest)),
	    arena_printf(a, "!Title is too long (maximum is %u characters)",
	    cfg.max_title));
	arena_free(a);
}

static void
test_clean_tag(void **state)
{
	struct arena *a = arena_new();
	size_t chars;

#define CLEAN(s) text_clean_tag(a, (s), strlen(s), &chars)
	(void)state;
	assert_string_equal(CLEAN("Open Education"),
	    "open-education");
	assert_int_equal(chars, 14);
	assert_string_equal(CLEAN("  --C'est  l'été! "),
	    "cest-lété");
	assert_int_equal(chars, 9);
	assert_string_equal(CLEAN("ΠΑΙΔΕΙΑ"),
	    "παιδεια");
	assert_string_equal(CLEAN("?!"), "");
	assert_int_equal(chars, 0);
#undef CLEAN
	arena_free(a);
}

static void
test_tags(void **state)
{
	struct arena *a = arena_new();
	const char *in[] = { "Keynote", "keynote,  OER ", "", "!!" };
	const char **out, **many;
	json_t *errors = json_array();
	size_t n;

	(void)state;
	text_tags(a, in, 4, &out, &n, errors);
	assert_int_equal(json_array_size(errors), 0);
	assert_int_equal(n, 2);
	assert_string_equal(out[0], "keynote");
	assert_string_equal(out[1], "oer");
	many = arena_calloc(a, cfg.max_tags_per_topic + 1, sizeof(*many));
	for (unsigned i = 0; i <= cfg.max_tags_per_topic; i++)
		many[i] = arena_printf(a, "tag%u", i);
	text_tags(a, many, cfg.max_tags_per_topic + 1, &out, &n, errors);
	assert_int_equal(json_array_size(errors), 1);
	assert_string_equal(json_string_value(json_array_get(errors, 0)),
	    arena_printf(a, "You can only apply %u tags to a topic.",
	    cfg.max_tags_per_topic));
	json_array_clear(errors);
	many[0] = arena_printf(a, "%0*d", (int)cfg.max_tag_length + 1, 0);
	text_tags(a, many, 1, &out, &n, errors);
	assert_string_equal(json_string_value(json_array_get(errors, 0)),
	    arena_printf(a, "Tags must be at most %u characters long.",
	    cfg.max_tag_length));
	json_decref(errors);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_clean_tag),
		cmocka_unit_test(test_tags),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
