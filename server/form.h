/*
 * application/x-www-form-urlencoded bodies, parsed the way Rails parses
 * them for Discourse: "a[]=x&a[]=y" is a list, "a[b]=x" a nested field.
 * Pure: no I/O, fuzzed by tests/fuzz/fuzz_form.c.
 */
#ifndef CONFAB_FORM_H
#define CONFAB_FORM_H

#include <stddef.h>

#include <jansson.h>

/*
 * Parses len bytes (not necessarily NUL-terminated) into a new JSON
 * object the caller owns.  Returns NULL with *err set (a static message)
 * when there are more than max_fields fields or a value is not UTF-8.
 */
json_t	*form_parse(const char *body, size_t len, size_t max_fields,
	    const char **err);

/*
 * Splits "a[b]" into "a" and "b" (NUL-terminated, at most on-1 and in-1
 * bytes); returns 0 when name is not of that form or does not fit.
 */
int	 form_split_nested(const char *name, char *outer, size_t on,
	    char *inner, size_t in);

#endif
