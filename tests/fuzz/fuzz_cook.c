/*
 * Fuzz target for server/cook.c, the one place user text becomes HTML.
 * Each input is cooked as a post and, when it cooks, the HTML is checked
 * against what cook.c promises: valid UTF-8, only the tags and attributes
 * its renderer writes, attribute values that cannot break out, and link
 * and image URLs that are relative or http(s)/mailto.  The excerpt and the
 * fancy title of the same bytes are checked too, and small inputs must cook
 * the same twice.  A broken promise aborts, which libFuzzer reports.
 *
 * Built with clang -fsanitize=fuzzer it is a libFuzzer target; built with
 * -DFUZZ_REPLAY (any compiler) it gets a main() that runs every file named
 * on the command line, or every file in a directory named there, once:
 * "make check" replays tests/fuzz/corpus/cook that way under ASan.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static int
utf8_ok(const unsigned char *s)
{
	uint32_t cp;
	size_t len, i;

	while (*s != '\0') {
		if (*s < 0x80) {
			s++;
			continue;
		}
		if (*s >= 0xc2 && *s <= 0xdf) {
			len = 2;
			cp = *s & 0x1f;
		} else if (*s >= 0xe0 && *s <= 0xef) {
			len = 3;
			cp = *s & 0x0f;
		} else if (*s >= 0xf0 && *s <= 0xf4) {
			len = 4;
			cp = *s & 0x07;
		} else
			return 0;
		for (i = 1; i < len; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		s += len;
	}
	return 1;
}

static int
in_list(const char *const *list, const char *s, size_t n)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return 1;
	return 0;
}

/* As written by cook.c: no scheme, or http, https (and mailto for href). */
static int
url_ok(const char *v, size_t n, int image)
{
	size_t i = 0;

	/* A scheme as browsers read one; cook.c percent-encodes the tabs,
	 * newlines and spaces they would skip. */
	if (n > 0 && isalpha((unsigned char)v[0]))
		for (i = 1; i < n && (isalnum((unsigned char)v[i]) ||
		    v[i] == '+' || v[i] == '-' || v[i] == '.'); i++)
			;
	if (i == 0 || i == n || v[i] != ':')
		return 1;
	return (i == 4 && strncasecmp(v, "http", 4) == 0) ||
	    (i == 5 && strncasecmp(v, "https", 5) == 0) ||
	    (!image && i == 6 && strncasecmp(v, "mailto", 6) == 0);
}

static void
check_html(const char *html)
{
	static const char *const tags[] = { "a", "p", "em", "strong", "del",
	    "code", "pre", "blockquote", "ul", "ol", "li", "h1", "h2", "h3",
	    "h4", "h5", "h6", "hr", "br", "img", "table", "thead", "tbody",
	    "tr", "th", "td", "time", "span", NULL };
	static const char *const attrs[] = { "href", "title", "rel", "class",
	    "src", "alt", "loading", "start", "align", "datetime", NULL };
	static const char comment[] = "<!-- raw HTML omitted -->";
	const char *p = html, *name, *an, *v, *end;
	size_t nl, al;
	int img;

	if (!utf8_ok((const unsigned char *)html))
		broken("invalid UTF-8", html);
	while ((p = strchr(p, '<')) != NULL) {
		if (strncmp(p, comment, sizeof(comment) - 1) == 0) {
			p += sizeof(comment) - 1;
			continue;
		}
		name = p + 1 + (p[1] == '/');
		for (nl = 0; islower((unsigned char)name[nl]) ||
		    isdigit((unsigned char)name[nl]); nl++)
			;
		if (!in_list(tags, name, nl))
			broken("unexpected tag", p);
		img = nl == 3 && memcmp(name, "img", 3) == 0;
		p = name + nl;
		for (;;) {
			if (*p == '>')
				break;
			if (*p != ' ')
				broken("malformed tag", p);
			an = ++p;
			for (al = 0; islower((unsigned char)an[al]); al++)
				;
			if (!in_list(attrs, an, al) || an[al] != '=' ||
			    an[al + 1] != '"')
				broken("unexpected attribute", an);
			v = an + al + 2;
			if ((end = strchr(v, '"')) == NULL)
				broken("unterminated attribute", an);
			if (memchr(v, '<', (size_t)(end - v)) != NULL ||
			    memchr(v, '>', (size_t)(end - v)) != NULL)
				broken("angle bracket in attribute", an);
			if (((al == 4 && memcmp(an, "href", 4) == 0) ||
			    (al == 3 && memcmp(an, "src", 3) == 0)) &&
			    !url_ok(v, (size_t)(end - v), img))
				broken("URL scheme not allowed", an);
			p = end + 1;
		}
		p++;
	}
}

static void
check_excerpt(const char *html)
{
	char *e = cook_excerpt(html, 40);
	size_t chars = 0;
	const char *p;

	if (!utf8_ok((const unsigned char *)e))
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
	if (!utf8_ok((const unsigned char *)t) || strchr(t, '<') != NULL ||
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

#ifdef FUZZ_REPLAY
static int replayed;

static void
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[8192];
	size_t n;

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""), b.len);
	buf_free(&b);
	replayed++;
}

static int
visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static void
replay(const char *path)
{
	struct dirent **ents;
	struct stat st;
	char *sub;
	size_t len;
	int n, i;

	if (stat(path, &st) == -1) {
		perror(path);
		exit(1);
	}
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	/* Sorted, so a failure always shows up at the same file. */
	if ((n = scandir(path, &ents, visible, alphasort)) == -1) {
		perror(path);
		exit(1);
	}
	for (i = 0; i < n; i++) {
		len = strlen(path) + strlen(ents[i]->d_name) + 2;
		sub = xmalloc(len);
		snprintf(sub, len, "%s/%s", path, ents[i]->d_name);
		if (stat(sub, &st) == 0 && S_ISREG(st.st_mode))
			replay_file(sub);
		free(sub);
		free(ents[i]);
	}
	free(ents);
}

int
main(int argc, char **argv)
{
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s file-or-directory ...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		replay(argv[i]);
	printf("fuzz_cook: replayed %d inputs\n", replayed);
	return 0;
}
#endif
