/*
 * Unit tests for core/cook*.c: the Markdown features users get, the
 * sanitising of links, images and raw HTML, emoji, mentions and local dates,
 * the excerpt and fancy title helpers, and every known hostile input for
 * Debian's cmark-gfm built at the 32,000-character cap, each of which must
 * either cook or be refused as COOK_TOO_COMPLEX.  No test measures time:
 * the slowest hostile pattern is printed, for a person to read.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cook.h"
#include "util.h"

#define CAP	32000	/* what callers let through, in characters */

static const struct {
	const char	*typed;
	const char	*canonical;
} users[] = {
	{ "sam", "sam" },
	{ "Sam", "sam" },
	{ "alice", "Alice" },
	{ "bob.smith", "bob.smith" },
	{ "jo_2", "jo_2" },
};

static int lookups;

static int
lookup(void *ctx, const char *name, size_t len, char out[64])
{
	size_t i;

	(void)ctx;
	lookups++;
	for (i = 0; i < ARRAY_SIZE(users); i++) {
		if (strlen(users[i].typed) == len &&
		    memcmp(users[i].typed, name, len) == 0) {
			strcpy(out, users[i].canonical);
			return 1;
		}
	}
	return 0;
}

/* Every name exists: for the lookup-count test. */
static int
lookup_all(void *ctx, const char *name, size_t len, char out[64])
{
	(void)ctx;
	lookups++;
	memcpy(out, name, len);
	out[len] = '\0';
	return 1;
}

static const struct cook_opts opts = { lookup, NULL, 0 };

static char *
cook(const char *md)
{
	char *html = NULL;
	int rc = cook_post(md, strlen(md), &opts, &html);

	if (rc != 0)
		fail_msg("cook_post(\"%s\") = %d: %s", md, rc, cook_error());
	assert_non_null(html);
	return html;
}

static void
contains(const char *html, const char *needle)
{
	if (strstr(html, needle) == NULL)
		fail_msg("expected %s\n  in: %s", needle, html);
}

static void
lacks(const char *html, const char *needle)
{
	if (strstr(html, needle) != NULL)
		fail_msg("did not expect %s\n  in: %s", needle, html);
}

/* Cooks md and checks the output contains want (and lacks avoid). */
static void
check(const char *md, const char *want, const char *avoid)
{
	char *html = cook(md);

	if (want != NULL)
		contains(html, want);
	if (avoid != NULL)
		lacks(html, avoid);
	free(html);
}

/* ------------------------------------------------------------------ */

static void
test_paragraphs_emphasis(void **state)
{
	char *h;

	(void)state;
	h = cook("Hello *world*, **bold** and _under_.\n\nSecond para.");
	assert_string_equal(h, "<p>Hello <em>world</em>, <strong>bold</strong> "
	    "and <em>under</em>.</p>\n<p>Second para.</p>\n");
	free(h);
	check("# Title\n\n## Sub", "<h1>Title</h1>", NULL);
	check("## Sub", "<h2>Sub</h2>", NULL);
	check("line one  \nline two", "line one<br>\nline two", NULL);
	check("- a\n- b\n", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>", NULL);
	check("3. c\n4. d\n", "<ol start=\"3\">\n<li>c</li>", NULL);
	check("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>", NULL);
	check("a\n\n---\n\nb", "<hr>", NULL);
	check("```ruby\nputs 1 < 2\n```", "<pre><code class=\"lang-ruby\">"
	    "puts 1 &lt; 2\n</code></pre>", NULL);
	check("    indented", "<pre><code>indented\n</code></pre>", NULL);
	check("`a < b`", "<code>a &lt; b</code>", NULL);
	check("a & b < c > d \"e\"", "a &amp; b &lt; c &gt; d &quot;e&quot;",
	    NULL);
	h = cook("");
	assert_string_equal(h, "");
	free(h);
}

static void
test_raw_html_stripped(void **state)
{
	(void)state;
	check("<script>alert(1)</script>", "<!-- raw HTML omitted -->",
	    "<script");
	check("a <script>alert(1)</script> b", NULL, "<script");
	check("x <img src=x onerror=alert(1)> y", NULL, "onerror");
	check("<div onclick=\"x()\">hi</div>", NULL, "onclick");
	check("<iframe src=\"https://evil\"></iframe>", NULL, "<iframe");
	check("a <b>bold</b>", "<!-- raw HTML omitted -->", "<b>");
	check("<!-- comment -->", NULL, "<!-- comment");
}

static void
test_links_sanitised(void **state)
{
	(void)state;
	check("[x](javascript:alert(1))",
	    "<a rel=\"nofollow ugc noopener\">x</a>", "javascript");
	check("[x](JaVaScRiPt:alert(1))", NULL, "href");
	check("[x](vbscript:msgbox(1))", NULL, "href");
	check("[x](data:text/html;base64,PHNjcmlwdD4=)", NULL, "href");
	check("[x](file:///etc/passwd)", NULL, "href");
	check("[x](<java\tscript:alert(1)>)", NULL, "href");
	check("[x](< javascript:alert(1)>)", NULL, "href");
	check("[x](&#106;avascript:alert(1))", NULL, "href");
	check("[x](ftp://example.org/)", NULL, "href");
	check("[x](https://example.org/a?b=1&c=2 \"T\")",
	    "<a href=\"https://example.org/a?b=1&amp;c=2\" title=\"T\" "
	    "rel=\"nofollow ugc noopener\">x</a>", NULL);
	check("[x](http://example.org)", "href=\"http://example.org\"", NULL);
	check("[x](mailto:a@example.org)", "href=\"mailto:a@example.org\"",
	    NULL);
	check("[x](/t/1)", "<a href=\"/t/1\" rel=\"nofollow ugc noopener\">",
	    NULL);
	check("[x](#frag)", "href=\"#frag\"", NULL);
	check("[x](querystring.html)", "href=\"querystring.html\"", NULL);
	check("[x](averyveryverylongscheme:x)", NULL, "href");
	check("[x](//cdn.example.org/a)", "href=\"//cdn.example.org/a\"", NULL);
	/* Attribute breaking is percent-encoded, not trusted. */
	check("[x](<\" onmouseover=\"alert(1)>)", "href=\"%22%20onmouseover",
	    "\" onmouseover");
	check("[x](/a'b)", "href=\"/a&#x27;b\"", NULL);
	check("[x][r]\n\n[r]: javascript:alert(1)", NULL, "href");
}

static void
test_autolink(void **state)
{
	(void)state;
	check("Slides: https://example.org/slides.pdf",
	    "<a href=\"https://example.org/slides.pdf\" "
	    "rel=\"nofollow ugc noopener\">https://example.org/slides.pdf</a>",
	    NULL);
	check("see www.example.org.", "href=\"http://www.example.org\"", NULL);
	check("<https://example.org/x>", "href=\"https://example.org/x\"",
	    NULL);
	check("mail me@example.org", "href=\"mailto:me@example.org\"", NULL);
	/* Shortcode-like text in an autolink stays as typed. */
	check("https://example.org/:tv:/x", "https://example.org/:tv:/x</a>",
	    NULL);
}

static void
test_images(void **state)
{
	(void)state;
	check("![cat *pic*](https://example.org/cat.png \"Cat\")",
	    "<img src=\"https://example.org/cat.png\" alt=\"cat pic\" "
	    "title=\"Cat\" loading=\"lazy\">", NULL);
	check("![a](/uploads/a.png)", "<img src=\"/uploads/a.png\" alt=\"a\" "
	    "loading=\"lazy\">", NULL);
	check("![a](data:image/png;base64,AAAA)", "<p>a</p>", "<img");
	check("![a](javascript:alert(1))", NULL, "<img");
	check("![a \"q\" <x>](/a.png)", "alt=\"a &quot;q&quot; \"", NULL);
	check("[![i](/i.png)](https://example.org)",
	    "<a href=\"https://example.org\" rel=\"nofollow ugc noopener\">"
	    "<img src=\"/i.png\" alt=\"i\" loading=\"lazy\"></a>", NULL);
}

static void
test_table(void **state)
{
	char *h;

	(void)state;
	h = cook("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
	assert_string_equal(h, "<table>\n<thead>\n<tr>\n"
	    "<th align=\"left\">a</th>\n<th align=\"right\">b</th>\n"
	    "</tr>\n</thead>\n<tbody>\n<tr>\n"
	    "<td align=\"left\">1</td>\n<td align=\"right\">2</td>\n"
	    "</tr>\n</tbody>\n</table>\n");
	free(h);
	check("a|b\n-|-\n", "<th>a</th>", "<tbody>");
	check("a|b|c\n:-:|-|-\nx", "<td align=\"center\">x</td>\n<td></td>",
	    NULL);
}

static void
test_strikethrough(void **state)
{
	(void)state;
	check("~~gone~~ kept", "<del>gone</del> kept", NULL);
	/* As Discourse: one tilde is just a tilde. */
	check("~one~", "~one~", "<del>");
}

static void
test_emoji(void **state)
{
	(void)state;
	check(":tv: and :arrow_right:", "\xf0\x9f\x93\xba and "
	    "\xe2\x9e\xa1\xef\xb8\x8f", ":tv:");
	check(":smile: :+1: :heart: :tada:", "\xf0\x9f\x98\x84 "
	    "\xf0\x9f\x91\x8d \xe2\x9d\xa4\xef\xb8\x8f \xf0\x9f\x8e\x89", NULL);
	check(":nope: stays", ":nope: stays", NULL);
	check("10:30:00 and a:tv:b", "10:30:00 and a:tv:b", NULL);
	check(":TV:", ":TV:", NULL);
	/* Skin tones as Discourse writes them. */
	check(":+1:t3:", "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbc", ":t3:");
	check(":point_up:t2:", "\xe2\x98\x9d\xf0\x9f\x8f\xbb", NULL);
	check(":tv:t2:", "\xf0\x9f\x93\xbat2:", NULL);	/* no tones */
	check("*:tada:*", "<em>\xf0\x9f\x8e\x89</em>", NULL);
	check("[:tada: notes](/n)", ">\xf0\x9f\x8e\x89 notes</a>", NULL);
}

static void
test_emoji_not_in_code(void **state)
{
	(void)state;
	check("`:tv:`", "<code>:tv:</code>", "\xf0\x9f\x93\xba");
	check("```\n:tv:\n```", "<pre><code>:tv:\n</code></pre>",
	    "\xf0\x9f\x93\xba");
	check("    :tv:", ":tv:", "\xf0\x9f\x93\xba");
	check("[x](/a/:tv:)", "href=\"/a/:tv:\"", NULL);
}

static void
test_mentions(void **state)
{
	(void)state;
	check("hi @sam!", "hi <a class=\"mention\" href=\"/u/sam\">@sam</a>!",
	    NULL);
	check("@alice", "<a class=\"mention\" href=\"/u/Alice\">@Alice</a>",
	    NULL);
	check("cc @bob.smith.", "href=\"/u/bob.smith\">@bob.smith</a>.", NULL);
	check("@jo_2-", "href=\"/u/jo_2\">@jo_2</a>-", NULL);
	check("hi @nobody", "hi @nobody", "mention");
	check("write to sam@example.org", NULL, "class=\"mention\"");
	check("x@sam", "x@sam", "mention");
	check("`@sam`", "<code>@sam</code>", "mention");
	check("```\n@sam\n```", NULL, "mention");
	check("[@sam](/x)", ">@sam</a>", "mention");
	check("**@sam**", "<strong><a class=\"mention\"", NULL);
	/* Longer than 60 characters: no user can have that name. */
	check("@sam_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaa", NULL, "mention");
}

static void
test_mentions_without_lookup(void **state)
{
	char *h = NULL;

	(void)state;
	assert_int_equal(cook_post("@sam", 4, NULL, &h), 0);
	assert_string_equal(h, "<p>@sam</p>\n");
	free(h);
}

static void
test_mention_lookups_bounded(void **state)
{
	struct cook_opts o = { lookup_all, NULL, 0 };
	struct buf md = { 0 };
	char *h = NULL;
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		buf_printf(&md, "@user%d @user%d ", i, i);
	lookups = 0;
	assert_int_equal(cook_post(md.data, md.len, &o, &h), 0);
	assert_int_equal(lookups, 64);	/* repeats are cached */
	contains(h, "href=\"/u/user63\"");
	lacks(h, "href=\"/u/user64\"");
	contains(h, "@user64");
	free(h);
	buf_free(&md);
}

static void
test_dates(void **state)
{
	(void)state;
	check("[date-range from=2021-09-30T14:00:00 to=2021-09-30T16:30:00 "
	    "timezone=\"UTC\"]",
	    "<p><span class=\"local-date-range\">"
	    "<time datetime=\"2021-09-30T14:00:00Z\" class=\"local-date\">"
	    "2021-09-30 14:00 UTC</time> \xe2\x80\x93 "
	    "<time datetime=\"2021-09-30T16:30:00Z\" class=\"local-date\">"
	    "2021-09-30 16:30 UTC</time></span></p>", "[date");
	/* Paris in summer is CEST, two hours ahead. */
	check("[date-range from=2021-09-30T14:00:00 to=2021-09-30T16:30:00 "
	    "timezone=\"Europe/Paris\"]",
	    "datetime=\"2021-09-30T12:00:00Z\"", NULL);
	check("[date-range from=2021-09-30T14:00:00 to=2021-09-30T16:30:00 "
	    "timezone=\"Europe/Paris\"]",
	    "datetime=\"2021-09-30T14:30:00Z\"", NULL);
	check("[date=2021-09-30 time=14:00:00 timezone=\"Europe/Paris\"]",
	    "<time datetime=\"2021-09-30T12:00:00Z\" class=\"local-date\">"
	    "2021-09-30 12:00 UTC</time>", NULL);
	/* And in winter CET, one hour. */
	check("[date=2021-12-01 time=09:15 timezone=Europe/Paris]",
	    "datetime=\"2021-12-01T08:15:00Z\"", NULL);
	/* Los Angeles: PDT (-7) in September, crossing midnight UTC. */
	check("[date=2021-09-30 time=18:00:00 timezone=America/Los_Angeles]",
	    "datetime=\"2021-10-01T01:00:00Z\"", NULL);
	check("[date=2021-01-15 time=18:00:00 timezone='America/Los_Angeles']",
	    "datetime=\"2021-01-16T02:00:00Z\"", NULL);
	/* Southern hemisphere: Sydney is on daylight time in January. */
	check("[date=2022-01-10 time=12:00 timezone=Australia/Sydney]",
	    "datetime=\"2022-01-10T01:00:00Z\"", NULL);
	/* No timezone means UTC; date only keeps the calendar date. */
	check("[date=2021-09-30 time=14:00:00]",
	    "datetime=\"2021-09-30T14:00:00Z\"", NULL);
	check("[date=2021-09-30]", "<time datetime=\"2021-09-30\" "
	    "class=\"local-date\">2021-09-30</time>", NULL);
	check("[date-range from=2021-09-30 to=2021-10-02]",
	    "<time datetime=\"2021-10-02\" class=\"local-date\">", NULL);
	/* Past the tables' last transition, the TZ footer rule applies. */
	check("[date=2040-07-01 time=12:00 timezone=Europe/Paris]",
	    "datetime=\"2040-07-01T10:00:00Z\"", NULL);
	/* Unknown attributes are ignored, seconds are shown when set. */
	check("[date=2021-09-30 time=14:00:05 format=\"LL\" timezone=UTC]",
	    "2021-09-30 14:00:05 UTC", NULL);
	check("`[date=2021-09-30]`", "<code>[date=2021-09-30]</code>",
	    "<time");
}

static void
test_dates_dst_edges(void **state)
{
	(void)state;
	/* 02:30 does not exist on 2021-03-28 in Paris: it means 03:30 CEST. */
	check("[date=2021-03-28 time=02:30 timezone=Europe/Paris]",
	    "datetime=\"2021-03-28T01:30:00Z\"", NULL);
	/* 02:30 happens twice on 2021-10-31: the first (CEST) is taken. */
	check("[date=2021-10-31 time=02:30 timezone=Europe/Paris]",
	    "datetime=\"2021-10-31T00:30:00Z\"", NULL);
	check("[date=2021-09-30 time=14:00 timezone=Asia/Kolkata]",
	    "datetime=\"2021-09-30T08:30:00Z\"", NULL);
}

static void
test_dates_invalid(void **state)
{
	(void)state;
	check("[date=2021-09-30 time=14:00:00 timezone=\"Mars/Olympus\"]",
	    "[date=2021-09-30 time=14:00:00 timezone=&quot;Mars/Olympus&quot;]",
	    "<time");
	check("[date=2021-09-30 timezone=../../etc/passwd]", NULL, "<time");
	check("[date=2021-09-30 timezone=/etc/passwd]", NULL, "<time");
	check("[date=2021-09-30 timezone=localtime]", NULL, "<time");
	check("[date=2021-09-30 timezone=Europe]", NULL, "<time");
	check("[date=2021-09-30 timezone=zone.tab]", NULL, "<time");
	check("[date=2021-09-30 timezone=right/UTC]", NULL, "<time");
	check("[date=2021-02-30]", "[date=2021-02-30]", "<time");
	check("[date=2021-09-30 time=24:00]", NULL, "<time");
	check("[date=2021-09-30 time=14:00:00", NULL, "<time");
	check("[date-range from=2021-09-30T14:00:00]", NULL, "<time");
	check("[date-range from=2021-09-30T14:00:00 to=x]", NULL, "<time");
	check("[date=21-09-30]", NULL, "<time");
	check("[dates=2021-09-30]", NULL, "<time");
}

static void
test_invalid_utf8_and_nul(void **state)
{
	static const char bad[] = "a\xff\xfe b\xc3 \xed\xa0\x80 "
	    "\xf4\x90\x80\x80 *\xe2\x82* :tv:\xc0\xaf";
	static const char nul[] = "a\0b *c\0* @sam\0 [date=2021-09-30\0]";
	char *h = NULL;

	(void)state;
	assert_int_equal(cook_post(bad, sizeof(bad) - 1, &opts, &h), 0);
	contains(h, "a\xef\xbf\xbd");
	free(h);
	assert_int_equal(cook_post(nul, sizeof(nul) - 1, &opts, &h), 0);
	contains(h, "a\xef\xbf\xbd" "b");
	lacks(h, "<time");
	free(h);
	assert_int_equal(cook_post(NULL, 0, &opts, &h), 0);
	assert_string_equal(h, "");
	free(h);
}

static void
test_output_cap(void **state)
{
	struct cook_opts small = { lookup, NULL, 64 };
	const char *md = "a paragraph that is long enough to pass sixty-four "
	    "bytes of HTML once it is cooked";
	char *h = (char *)"untouched";

	(void)state;
	assert_int_equal(cook_post(md, strlen(md), &small, &h),
	    COOK_TOO_COMPLEX);
	assert_null(h);
	assert_true(strncmp(cook_error(), "Body is too complex", 19) == 0);
}

static void
test_too_long(void **state)
{
	char *raw = xmalloc(COOK_MAX_RAW + 1), *h = NULL;

	(void)state;
	memset(raw, 'a', COOK_MAX_RAW + 1);
	assert_int_equal(cook_post(raw, COOK_MAX_RAW + 1, &opts, &h),
	    COOK_TOO_COMPLEX);
	assert_null(h);
	free(raw);
}

static void
test_nesting_bound(void **state)
{
	struct buf ok = { 0 }, deep = { 0 };
	char *h = NULL;
	int i;

	(void)state;
	for (i = 0; i < 32; i++)
		buf_puts(&ok, "> ");
	buf_puts(&ok, "x");
	assert_int_equal(cook_post(ok.data, ok.len, &opts, &h), 0);
	free(h);
	buf_puts(&deep, "> ");
	buf_puts(&deep, ok.data);
	assert_int_equal(cook_post(deep.data, deep.len, &opts, &h),
	    COOK_TOO_COMPLEX);
	contains(cook_error(), "nested");
	buf_free(&deep);
	/* The same depth reached over many lines by indentation. */
	for (i = 0; i < 40; i++) {
		buf_printf(&deep, "%*s- item\n", 2 * i, "");
		if (i == 31) {
			assert_int_equal(cook_post(deep.data, deep.len, &opts,
			    &h), 0);
			free(h);
		}
	}
	assert_int_equal(cook_post(deep.data, deep.len, &opts, &h),
	    COOK_TOO_COMPLEX);
	/* A long thematic break is not a deep list. */
	buf_free(&deep);
	for (i = 0; i < 100; i++)
		buf_puts(&deep, "- ");
	assert_int_equal(cook_post(deep.data, deep.len, &opts, &h), 0);
	contains(h, "<hr>");
	free(h);
	buf_free(&ok);
	buf_free(&deep);
}

static void
test_table_bound(void **state)
{
	struct buf md = { 0 };
	char *h = NULL;
	int i;

	(void)state;
	for (i = 0; i < 64; i++)
		buf_puts(&md, "|h");
	buf_puts(&md, "|\n");
	for (i = 0; i < 64; i++)
		buf_puts(&md, "|-");
	buf_puts(&md, "|\n|x|\n");
	assert_int_equal(cook_post(md.data, md.len, &opts, &h), 0);
	contains(h, "<td>x</td>");
	free(h);
	buf_free(&md);
	for (i = 0; i < 65; i++)
		buf_puts(&md, "|h");
	buf_puts(&md, "|\n");
	for (i = 0; i < 65; i++)
		buf_puts(&md, "|-");
	buf_puts(&md, "|\n");
	assert_int_equal(cook_post(md.data, md.len, &opts, &h),
	    COOK_TOO_COMPLEX);
	contains(cook_error(), "columns");
	buf_free(&md);
}

static void
test_deterministic(void **state)
{
	const char *md = "# T :tada:\n\n@sam [date=2021-09-30 time=14:00 "
	    "timezone=Europe/Paris] | a |\n|-|\n| b |\n\nhttps://x.org";
	char *a = cook(md), *b = cook(md);

	(void)state;
	assert_string_equal(a, b);
	free(a);
	free(b);
}

struct thread_arg {
	const char	*md;
	const char	*want;
	int		 bad;
};

static void *
thread_main(void *p)
{
	struct thread_arg *t = p;
	char *h;
	int i;

	for (i = 0; i < 50; i++) {
		h = NULL;
		if (cook_post(t->md, strlen(t->md), &opts, &h) != 0 ||
		    strcmp(h, t->want) != 0)
			t->bad++;
		free(h);
	}
	return NULL;
}

/* Many threads at once (the server's case): same answers as one. */
static void
test_threads(void **state)
{
	static const char *mds[] = {
		"[date=2021-09-30 time=14:00 timezone=Europe/Paris] :tv:",
		"[date=2021-09-30 time=14:00 timezone=America/Los_Angeles]",
		"| a | b |\n|-|-|\n| c | d |\n\n~~x~~ @sam",
		"> deep\n> > er\n\nhttps://example.org/slides.pdf",
	};
	struct thread_arg args[8];
	pthread_t th[8];
	char *want[4];
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		want[i] = cook(mds[i]);
	for (i = 0; i < 8; i++) {
		args[i].md = mds[i % 4];
		args[i].want = want[i % 4];
		args[i].bad = 0;
		assert_int_equal(pthread_create(&th[i], NULL, thread_main,
		    &args[i]), 0);
	}
	for (i = 0; i < 8; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < 8; i++)
		assert_int_equal(args[i].bad, 0);
	for (i = 0; i < 4; i++)
		free(want[i]);
}

static void
test_excerpt(void **state)
{
	char *e;

	(void)state;
	e = cook_excerpt("<p>Hello <em>world</em> &amp; &lt;you&gt; "
	    "&quot;q&quot; &#39;s&#39;</p>\n<p>  next\n\tline </p>", 100);
	assert_string_equal(e, "Hello world & <you> \"q\" 's' next line");
	free(e);
	e = cook_excerpt("<p>abcdef</p>", 3);
	assert_string_equal(e, "abc\xe2\x80\xa6");
	free(e);
	e = cook_excerpt("<p>abc</p>", 3);
	assert_string_equal(e, "abc");
	free(e);
	/* Characters, not bytes: é is two bytes, 📺 four. */
	e = cook_excerpt("<p>\xc3\xa9\xc3\xa9\xf0\x9f\x93\xba\xf0\x9f\x93\xba"
	    "x</p>", 3);
	assert_string_equal(e, "\xc3\xa9\xc3\xa9\xf0\x9f\x93\xba\xe2\x80\xa6");
	free(e);
	e = cook_excerpt("<p>one two three</p>", 4);
	assert_string_equal(e, "one\xe2\x80\xa6");
	free(e);
	e = cook_excerpt("<p><!-- raw HTML omitted -->x<img src=\"a\" "
	    "alt=\"b\"></p>", 10);
	assert_string_equal(e, "x");
	free(e);
	e = cook_excerpt(NULL, 10);
	assert_string_equal(e, "");
	free(e);
	e = cook_excerpt("<p>abc</p>", 0);
	assert_string_equal(e, "\xe2\x80\xa6");
	free(e);
}

static void
test_excerpt_of_cooked(void **state)
{
	char *h = cook("**Big** news: [date=2021-09-30 time=14:00] :tada:"
	    "\n\n- one\n- two"), *e;

	(void)state;
	e = cook_excerpt(h, 500);
	assert_string_equal(e, "Big news: 2021-09-30 14:00 UTC "
	    "\xf0\x9f\x8e\x89 one two");
	free(e);
	free(h);
}

static void
test_fancy_title(void **state)
{
	char *t;

	(void)state;
	t = cook_fancy_title("<b>Bold</b> & \"quoted\" it's :tada: :nope:");
	assert_string_equal(t, "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted"
	    "&quot; it&#39;s \xf0\x9f\x8e\x89 :nope:");
	free(t);
	t = cook_fancy_title("Launch :rocket::tv:");
	assert_string_equal(t, "Launch \xf0\x9f\x9a\x80\xf0\x9f\x93\xba");
	free(t);
	t = cook_fancy_title("bad \xff utf8");
	assert_string_equal(t, "bad \xef\xbf\xbd utf8");
	free(t);
	t = cook_fancy_title(NULL);
	assert_string_equal(t, "");
	free(t);
}

/* ------------------------------------------------------------------ */
/* Hostile inputs at the cap */

struct hostile {
	const char	*name;
	const char	*prefix;
	const char	*unit;		/* repeated */
	const char	*middle;
	const char	*unit2;		/* repeated as often, after middle */
	const char	*suffix;
	int		 must_refuse;	/* the guards are expected to say no */
};

/*
 * From cmark's and cmark-gfm's pathological tests and the advisories
 * behind CVE-2023-22483, -22484, -22485, -22486, -24824, -26485 and -37463
 * (GHSA-29g3-96g3-jg6c, -24f7-9frr-5h2r, -c944-cv5f-hpvr, -r572-jvj2-3m8p,
 * -66g8-4hjf-77xh, -r8vr-c48j-fcc5, -w4qg-3vf7-m9x5), plus what this
 * module adds (emoji, mentions, dates).  tests/fuzz/corpus/cook holds the
 * same inputs.
 */
static const struct hostile hostile[] = {
	{ "nested block quotes", "", "> ", NULL, NULL, "a", 1 },
	{ "nested lists on one line", "", "- ", NULL, NULL, "x", 1 },
	{ "nested ordered lists", "", "1. ", NULL, NULL, "x", 1 },
	{ "empty lines in nested lists", "", "- ", "x", "\n", "", 1 },
	{ "nested lists in a block quote", "> ", "- ", "x\n", ">\n", "", 1 },
	{ "emphasis in a deep block quote", "", ">", "", "a*", "", 1 },
	{ "![[]() repeated", "", "![[]()", NULL, NULL, "", 1 },
	{ "unclosed <!--", "</", "<!--", NULL, NULL, "", 0 },
	{ "unclosed processing instructions", "a", "<?", NULL, NULL, "", 1 },
	{ "unclosed CDATA", "a", "<![CDATA[", NULL, NULL, "", 0 },
	{ "unclosed declarations", "a", "<!A", NULL, NULL, "", 0 },
	{ "nested strong emphasis", "", "*a **a ", "b", " a** a*", "", 0 },
	{ "nested stars", "", "*", "a", "*", "", 0 },
	{ "_* runs", "", "_*", NULL, NULL, "", 0 },
	{ "emphasis closers, no openers", "", "a_ ", NULL, NULL, "", 0 },
	{ "emphasis openers, no closers", "", "_a ", NULL, NULL, "", 0 },
	{ "mismatched openers and closers", "", "*a_ ", NULL, NULL, "", 0 },
	{ "cmark issue 389", "", "*a ", "", "_a*_ ", "", 0 },
	{ "openers and closers multiple of 3", "a**b", "c* ", NULL, NULL, "",
	    0 },
	{ "** runs", "", "**a", NULL, NULL, "", 0 },
	{ "~~ runs", "", "~~a", NULL, NULL, "", 0 },
	{ "nested ~~", "", "~~", "a", "~~", "", 0 },
	{ "link openers and emphasis closers", "", "[ a_", NULL, NULL, "", 0 },
	{ "[ (]( repeated", "", "[ (](", NULL, NULL, "", 0 },
	{ "link closers, no openers", "", "a]", NULL, NULL, "", 0 },
	{ "link openers, no closers", "", "[a", NULL, NULL, "", 0 },
	{ "nested brackets", "", "[", "a", "]", "", 0 },
	{ "unclosed links A", "", "[a](<b", NULL, NULL, "", 0 },
	{ "unclosed links B", "", "[a](b", NULL, NULL, "", 0 },
	{ "unclosed link titles", "", "[a](b \"", NULL, NULL, "", 0 },
	{ "image openers", "", "![p", NULL, NULL, "\n", 0 },
	{ "long link title", "[x]: /u \"", "t", "\"\n\n", "[x] ", "", 1 },
	{ "table header of many cells", "", "a|", "\n", "-|", "", 1 },
	{ "wide table header, narrow delimiter", "", "a|", NULL, NULL,
	    "\n-|-\n", 1 },
	{ "wide table rows", "a|b\n-|-\n", "a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|"
	    "a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|"
	    "a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|"
	    "a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|"
	    "a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|"
	    "a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|"
	    "a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|"
	    "a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|"
	    "\n", NULL, NULL, "", 0 },
	{ "padded table cells", "a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|"
	    "a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|"
	    "a|a|a|a|a|a|a|a|a|a\n-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|"
	    "-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|"
	    "-|-|-|-|-|-|-|-|-|-\n", "x\n", NULL, NULL, "", 1 },
	{ "table rows with CR and VT", "", "aaa\rbbb\n-\v\n", NULL, NULL, "",
	    0 },
	{ "alternating delimiter rows", "a\n", "-|-\n-|-|-\n", NULL, NULL, "",
	    1 },
	{ "header re-read walking back", "", "a\n-:", NULL, NULL, "", 1 },
	{ "delimiter rows spaced with \\v", "`\r", "\v-|", NULL, NULL, "", 1 },
	{ "autolink www. with underscores", "", "_www.", NULL, NULL, "", 1 },
	{ "autolink trailing parentheses", "www.a", ")", NULL, NULL, "", 1 },
	{ "autolink email @ repeated", "", "a@b.", NULL, NULL, "", 1 },
	{ "autolink mailto: repeated", "", "mailto:s@p.com/", NULL, NULL, "",
	    1 },
	{ "autolink before <", "", "<https://a", NULL, NULL, "", 1 },
	{ "autolinks separated", "", "https://a.b/ ", NULL, NULL, "", 0 },
	{ "e-mail links before a long tail", ":", "{> a@b.c", "",
	    "\xff\xff\xff\xff\xff\xff\xff\xff", "", 1 },
	{ "emoji", "", ":tv:", NULL, NULL, "", 0 },
	{ "emoji lookalikes", "", ":a", NULL, NULL, "", 0 },
	{ "mentions", "", "@sam ", NULL, NULL, "", 0 },
	{ "unknown mentions", "", "@zz ", NULL, NULL, "", 0 },
	{ "dates", "", "[date=2021-09-30 time=14:00:00 "
	    "timezone=\"Europe/Paris\"] ", NULL, NULL, "", 0 },
	{ "unclosed dates", "", "[date=", NULL, NULL, "", 0 },
	{ "entities", "", "&#", NULL, NULL, "", 0 },
	{ "backslashes", "", "\\*", NULL, NULL, "", 0 },
	{ "hard breaks", "", "a  \n", NULL, NULL, "", 0 },
	{ "headings", "", "# a\n", NULL, NULL, "", 0 },
	{ "fences", "", "```\n", NULL, NULL, "", 0 },
	{ "pipes", "", "|", NULL, NULL, "", 0 },
	{ "html blocks", "", "<div>\n", NULL, NULL, "", 0 },
};

/* prefix + unit x k [+ middle + unit2 x k] + suffix, at most size bytes. */
static char *
build(const struct hostile *h, size_t size, size_t *len)
{
	struct buf b = { 0 };
	size_t fixed = strlen(h->prefix) + strlen(h->suffix), per, k, i;

	per = strlen(h->unit);
	if (h->unit2 != NULL) {
		fixed += strlen(h->middle);
		per += strlen(h->unit2);
	}
	k = (size - fixed) / per;
	buf_puts(&b, h->prefix);
	for (i = 0; i < k; i++)
		buf_puts(&b, h->unit);
	if (h->unit2 != NULL) {
		buf_puts(&b, h->middle);
		for (i = 0; i < k; i++)
			buf_puts(&b, h->unit2);
	}
	buf_puts(&b, h->suffix);
	*len = b.len;
	return buf_detach(&b);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double slowest_ms;
static const char *slowest;

static void
run_hostile(const char *name, const char *raw, size_t len, int must_refuse)
{
	char *h = (char *)"untouched";
	double t = now_ms();
	int rc = cook_post(raw, len, &opts, &h);

	t = now_ms() - t;
	if (t > slowest_ms) {
		slowest_ms = t;
		slowest = name;
	}
	if (rc == 0) {
		assert_non_null(h);
		if (must_refuse)
			fail_msg("%s: cooked, but the guards should refuse it",
			    name);
		free(h);
	} else {
		if (rc != COOK_TOO_COMPLEX)
			fail_msg("%s: rc %d", name, rc);
		assert_null(h);
	}
}

static void
test_hostile_patterns(void **state)
{
	size_t i, len;
	char *raw;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(hostile); i++) {
		raw = build(&hostile[i], CAP, &len);
		assert_true(len <= CAP);
		run_hostile(hostile[i].name, raw, len, hostile[i].must_refuse);
		free(raw);
		/* And at twice the cap, which no caller should send. */
		raw = build(&hostile[i], 2 * CAP, &len);
		run_hostile(hostile[i].name, raw, len, hostile[i].must_refuse);
		free(raw);
	}
}

static void
test_hostile_special(void **state)
{
	struct buf b = { 0 };
	size_t x, i;

	(void)state;
	/* Backtick runs of every length (cmark's "backticks"). */
	for (x = 1; b.len + x + 1 <= CAP; x++) {
		buf_putc(&b, 'e');
		for (i = 0; i < x; i++)
			buf_putc(&b, '`');
	}
	run_hostile("backticks", b.data, b.len, 0);
	buf_free(&b);
	/* Deeply nested lists by indentation. */
	for (x = 0; b.len + 2 * x + 4 <= CAP; x++)
		buf_printf(&b, "%*s* a\n", (int)(2 * x), "");
	run_hostile("deeply nested lists", b.data, b.len, 1);
	buf_free(&b);
	/* One reference definition of 1,000 characters used many times. */
	buf_puts(&b, "[x]: /");
	for (x = 0; x < 1000; x++)
		buf_putc(&b, 'u');
	buf_puts(&b, "\n\n");
	while (b.len + 3 <= CAP)
		buf_puts(&b, "[x]");
	run_hostile("reference expansion", b.data, b.len, 1);
	buf_free(&b);
	/* Many reference definitions, each used once. */
	for (x = 0; b.len < CAP - 40; x++)
		buf_printf(&b, "[r%zu]: /u\n\n[r0]\n\n", x);
	run_hostile("many references", b.data, b.len, 0);
	buf_free(&b);
	/* Many distinct mentions and zones: lookups are bounded. */
	for (x = 0; b.len < CAP - 80; x++)
		buf_printf(&b, "@u%zu [date=2021-01-01 time=10:00 "
		    "timezone=Etc/GMT%+d] ", x, (int)(x % 25) - 12);
	run_hostile("many mentions and zones", b.data, b.len, 0);
	buf_free(&b);
	if (slowest != NULL)
		fprintf(stderr, "cook: slowest hostile input %.1f ms (%s)\n",
		    slowest_ms, slowest);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs_emphasis),
		cmocka_unit_test(test_raw_html_stripped),
		cmocka_unit_test(test_links_sanitised),
		cmocka_unit_test(test_autolink),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_strikethrough),
		cmocka_unit_test(test_emoji),
		cmocka_unit_test(test_emoji_not_in_code),
		cmocka_unit_test(test_mentions),
		cmocka_unit_test(test_mentions_without_lookup),
		cmocka_unit_test(test_mention_lookups_bounded),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_dates_dst_edges),
		cmocka_unit_test(test_dates_invalid),
		cmocka_unit_test(test_invalid_utf8_and_nul),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_nesting_bound),
		cmocka_unit_test(test_table_bound),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test(test_excerpt_of_cooked),
		cmocka_unit_test(test_fancy_title),
		cmocka_unit_test(test_hostile_patterns),
		cmocka_unit_test(test_hostile_special),
	};

	return cmocka_run_group_tests_name("cook", tests, NULL, NULL);
}
