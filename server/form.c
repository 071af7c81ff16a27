/*
 * Form decoding.  Keys and values are percent-decoded ('+' is a space);
 * keys holding a NUL after decoding are dropped; values must be UTF-8
 * (jansson refuses anything else, and so do we).
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "form.h"
#include "util.h"

int
form_split_nested(const char *name, char *outer, size_t on, char *inner,
    size_t in)
{
	const char *lb = strchr(name, '['), *rb;
	size_t olen, ilen;

	if (lb == NULL || (rb = strchr(lb, ']')) == NULL || rb[1] != '\0')
		return 0;
	olen = (size_t)(lb - name);
	ilen = (size_t)(rb - lb - 1);
	if (olen == 0 || olen >= on || ilen >= in)
		return 0;
	memcpy(outer, name, olen);
	outer[olen] = '\0';
	memcpy(inner, lb + 1, ilen);
	inner[ilen] = '\0';
	return 1;
}

/* Decodes %XX and '+' from s[0..len) into out; returns the new length. */
static size_t
decode(const char *s, size_t len, char *out)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '+')
			out[o++] = ' ';
		else if (s[i] == '%' && i + 2 < len &&
		    (hi = escape_hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = escape_hexval((unsigned char)s[i + 2])) >= 0) {
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	return o;
}

/*
 * Stores one field: "a[]" appends to list a, "a[b]" sets a.b, anything
 * else sets a (a later field of the same name wins).  Returns 0, or -1
 * when the value is not UTF-8.
 */
static int
store(json_t *obj, const char *key, const char *val, size_t vlen)
{
	char outer[128], inner[128];
	size_t klen = strlen(key);
	json_t *s, *slot;

	if ((s = json_stringn(val, vlen)) == NULL)
		return -1;
	if (klen > 2 && strcmp(key + klen - 2, "[]") == 0) {
		slot = json_object_get(obj, key);
		if (!json_is_array(slot)) {
			slot = json_array();
			json_object_set_new(obj, key, slot);
		}
		json_array_append_new(slot, s);
	} else if (form_split_nested(key, outer, sizeof(outer), inner,
	    sizeof(inner))) {
		slot = json_object_get(obj, outer);
		if (!json_is_object(slot)) {
			slot = json_object();
			json_object_set_new(obj, outer, slot);
		}
		json_object_set_new(slot, inner, s);
	} else
		json_object_set_new(obj, key, s);
	return 0;
}

json_t *
form_parse(const char *body, size_t len, size_t max_fields, const char **err)
{
	const char *p = body, *end = body + len, *amp, *eq;
	char *key = xmalloc(len + 1), *val = xmalloc(len + 1);
	json_t *obj = json_object();
	size_t klen, vlen, count = 0;

	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq == NULL)
			eq = amp;
		if (amp > p && ++count > max_fields) {
			*err = "Too many parameters";
			goto fail;
		}
		klen = decode(p, (size_t)(eq - p), key);
		vlen = eq < amp ? decode(eq + 1, (size_t)(amp - eq - 1), val) :
		    0;
		if (eq == amp)
			val[0] = '\0';
		/* A key with a NUL in it is nobody's field: drop it. */
		if (klen > 0 && strlen(key) == klen &&
		    store(obj, key, val, vlen) != 0) {
			*err = "A parameter is not valid UTF-8";
			goto fail;
		}
		p = amp + 1;
	}
	free(key);
	free(val);
	return obj;
fail:
	free(key);
	free(val);
	json_decref(obj);
	return NULL;
}
