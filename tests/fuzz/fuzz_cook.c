/*
 * Fuzz target for server/cook.c, the one place user text becomes HTML.
 * Each input is cooked as a post and, when it cooks, the HTML is checked
 * against what cook.c promises: valid UTF-8 and the HTML allowlist shared
 * with the HTTP tests (tests/common/allowlist.c: known tags and attributes,
 * no event or style attributes, only relative or http(s)/mailto URLs).  The excerpt and the
 * fancy title of the same bytes are checked too, and small inputs must cook
 * the same twice.  A broken promise aborts, which libFuzzer reports.
 *
 * Built with clang -fsanitize=fuzzer it is a libFuzzer target; built with
 * -DFUZZ_REPLAY (any compiler) it gets a main() that runs every file named
 * on the command line, or every file in a directory named there, once:
 * "make check" replays tests/fuzz/corpus/cook that way under ASan.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allowlist.h"
#include "cook.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Deterministic users: any name starting with a vowel exists. */
static int
fuzz_lookup(void *ctx, const char *name, size_t len, char out[64])
{
	(void)ctx;
	if (len == 0 || len > 60 || strchr("aeiouAEIOU", name[0]) == NULL)
		return 0;
	memcpy(out, name, len);
	out[len] = '\0';
	return 1;
}

static void
broken(const char *what, const char *html)
{
	fprintf(stderr, "fuzz_cook: %s\n--- html ---\n%s\n", what, html);
	abort();
}

/* The HTML allowlist shared with the HTTP tests, plus valid UTF-8. */
static void
check_html(const char *html)
{
	char why[256];

	if (!allowlist_utf8_ok(html))
		broken("invalid UTF-8", html);
	if (allowlist_check(html, why, sizeof(why)) != 0)
		broken(why, html);
}

static void
check_excerpt(const char *html)
{
	char *e = cook_excerpt(html, 40);
	size_t chars = 0;
	const char *p;

	if (!allowlist_utf8_ok(e))
		broken("excerpt: invalid UTF-8", e);
	for (p = e; *p != '\0'; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	if (chars > 41)
		broken("excerpt too long", e);
	free(e);
}

static void
check_title(const uint8_t *data, size_t size)
{
	char *title, *t;

	if (size > 300)
		size = 300;
	title = xstrndup((const char *)data, size);	/* stops at a NUL */
	t = cook_fancy_title(title);
	if (!allowlist_utf8_ok(t) || strchr(t, '<') != NULL ||
	    strchr(t, '>') != NULL || strchr(t, '"') != NULL)
		broken("fancy title not escaped", t);
	free(t);
	free(title);
}

/*
 * libFuzzer's entry point: cooks data as a post and checks the result.
 * Returns 0; aborts when cook.c breaks a promise.  Owns nothing it does
 * not free.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cook_opts opts = { fuzz_lookup, NULL, 0 };
	char *html = NULL, *again = NULL;
	int rc;

	rc = cook_post((const char *)data, size, &opts, &html);
	if (rc == COOK_TOO_COMPLEX) {
		if (html != NULL || strncmp(cook_error(), "Body is too complex",
		    19) != 0)
			broken("refusal without its message", "");
	} else if (rc != 0 || html == NULL)
		broken("unexpected return", "");
	if (html != NULL) {
		check_html(html);
		check_excerpt(html);
		if (size <= 2048) {
			if (cook_post((const char *)data, size, &opts,
			    &again) != 0 || strcmp(html, again) != 0)
				broken("not deterministic", html);
			free(again);
		}
		free(html);
	}
	check_title(data, size);
	return 0;
}

#include "replay.h"
