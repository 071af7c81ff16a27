/*
 * A session's first post, generated from the program (see session_post.h):
 * Markdown blocks between marker lines, merged into the post as it stands
 * so that text added around them survives a new import; and the
 * "Recording" post.  Pure.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "session_post.h"

/*
 * The generated parts of a first post sit between marker lines, link
 * reference definitions that cook to nothing.  Regenerating replaces what
 * is between a pair and keeps every other line, so text that staff or
 * presenters add around the generated parts survives a new import.
 */
#define MARK_SESSION_BEGIN	"[//]: # (confab:session:begin)"
#define MARK_SESSION_END	"[//]: # (confab:session:end)"
#define MARK_RECORDING_BEGIN	"[//]: # (confab:recording:begin)"
#define MARK_RECORDING_END	"[//]: # (confab:recording:end)"

static const struct {
	const char	*code;
	const char	*name;
} languages[] = {
	{ "ar", "Arabic" }, { "bn", "Bengali" }, { "ca", "Catalan" },
	{ "cs", "Czech" }, { "da", "Danish" }, { "de", "German" },
	{ "el", "Greek" }, { "en", "English" }, { "es", "Spanish" },
	{ "fa", "Persian" }, { "fi", "Finnish" }, { "fr", "French" },
	{ "he", "Hebrew" }, { "hi", "Hindi" }, { "id", "Indonesian" },
	{ "it", "Italian" }, { "ja", "Japanese" }, { "ko", "Korean" },
	{ "ms", "Malay" }, { "nl", "Dutch" }, { "no", "Norwegian" },
	{ "pl", "Polish" }, { "pt", "Portuguese" }, { "ro", "Romanian" },
	{ "ru", "Russian" }, { "sv", "Swedish" }, { "sw", "Swahili" },
	{ "th", "Thai" }, { "tr", "Turkish" }, { "uk", "Ukrainian" },
	{ "ur", "Urdu" }, { "vi", "Vietnamese" }, { "zh", "Chinese" },
};

static const char *
language_name(const char *tag)
{
	size_t i, n = strcspn(tag, "-");

	for (i = 0; i < ARRAY_SIZE(languages); i++)
		if (strlen(languages[i].code) == n &&
		    strncasecmp(languages[i].code, tag, n) == 0)
			return languages[i].name;
	return NULL;
}

/* Text as Markdown shows it literally, inside a line. */
static void
md_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>&~|#", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
}

static void
utc_local(int64_t t, char out[32])
{
	char iso[32];

	/* 2026-10-05T13:00:00.000Z -> 2026-10-05T13:00:00 */
	util_iso8601(t, iso);
	snprintf(out, 32, "%.19s", iso);
}

static int
is_marker(const char *line, size_t len)
{
	static const char *const marks[] = { MARK_SESSION_BEGIN,
	    MARK_SESSION_END, MARK_RECORDING_BEGIN, MARK_RECORDING_END };
	size_t i;

	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r' ||
	    line[len - 1] == '\t'))
		len--;
	for (i = 0; i < ARRAY_SIZE(marks); i++)
		if (len == strlen(marks[i]) && memcmp(line, marks[i], len) == 0)
			return 1;
	return 0;
}

/* Markdown from the program, without lines that would pass for markers. */
static void
md_block(struct buf *b, const char *s)
{
	const char *nl;
	size_t len;

	for (; s && *s; s = nl ? nl + 1 : s + len) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		if (!is_marker(s, len)) {
			buf_append(b, s, len);
			if (nl)
				buf_putc(b, '\n');
		}
		if (nl == NULL)
			break;
	}
}

static char *
session_block(struct arena *a, const struct import_session *s,
    const char *webinar_title, int has_room)
{
	struct buf b = {0};
	const char *lang;
	char from[32], to[32], *out;
	size_t i;

	buf_puts(&b, MARK_SESSION_BEGIN "\n\n## ");
	md_text(&b, s->title);
	buf_puts(&b, "\n\n");
	if (s->npresenters > 0) {
		buf_puts(&b, s->npresenters == 1 ? "**Presenter:** " :
		    "**Presenters:** ");
		for (i = 0; i < s->npresenters; i++) {
			if (i > 0)
				buf_puts(&b, ", ");
			md_text(&b, s->presenters[i].name);
			if (s->presenters[i].affiliation &&
			    *s->presenters[i].affiliation) {
				buf_puts(&b, " (");
				md_text(&b, s->presenters[i].affiliation);
				buf_puts(&b, ")");
			}
		}
		buf_puts(&b, "\n\n");
	}
	if (s->abstract && *s->abstract) {
		md_block(&b, s->abstract);
		buf_puts(&b, "\n\n");
	}
	buf_puts(&b, "### Webinar information\n\n");
	if (webinar_title != NULL) {
		buf_puts(&b, "- **Webinar:** ");
		md_text(&b, webinar_title);
		buf_putc(&b, '\n');
	}
	if (s->starts_at > 0 && s->ends_at > 0) {
		utc_local(s->starts_at, from);
		utc_local(s->ends_at, to);
		buf_printf(&b, "- **When:** [date-range from=%s to=%s "
		    "timezone=\"UTC\"]\n", from, to);
	}
	buf_printf(&b, "- **Format:** %s\n", s->format &&
	    strcmp(s->format, "async") == 0 ? "recorded contribution, "
	    "watch any time (asynchronous)" : "live session (synchronous)");
	if (s->nthemes > 0) {
		buf_puts(&b, s->nthemes == 1 ? "- **Theme:** " :
		    "- **Themes:** ");
		for (i = 0; i < s->nthemes; i++) {
			if (i > 0)
				buf_puts(&b, ", ");
			md_text(&b, s->themes[i]);
		}
		buf_putc(&b, '\n');
	}
	if (s->language && *s->language) {
		lang = language_name(s->language);
		buf_puts(&b, "- **Language:** ");
		if (lang)
			buf_printf(&b, "%s (", lang);
		md_text(&b, s->language);
		buf_puts(&b, lang ? ")\n" : "\n");
	}
	if (has_room)
		buf_puts(&b, "- **Live room:** the link is on this page for "
		    "registered participants, presenters and staff\n");
	if (s->webinar != NULL)
		buf_printf(&b, "- [Other presentations of this webinar]"
		    "(/schedule?webinar=%s)\n", s->webinar);
	buf_puts(&b, "\n" MARK_SESSION_END);
	out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

static char *
recording_block(struct arena *a, const char *url)
{
	return arena_printf(a, MARK_RECORDING_BEGIN "\n\n### Recording\n\n%s"
	    "\n\n" MARK_RECORDING_END, url ? arena_printf(a,
	    "[Watch the recording](<%s>)", url) : "The recording will be "
	    "linked here after the session.");
}

char *
conf_recording_raw(struct arena *a, const char *title, const char *url)
{
	struct buf b = {0};
	char *out;

	buf_puts(&b, "### Recording\n\n");
	buf_printf(&b, "[Watch the recording](<%s>) of *", url);
	md_text(&b, title);
	buf_puts(&b, "*.");
	out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

/* Finds the line equal to mark at or after from: its start and the end of
 * the line (before the newline). */
static const char *
find_mark(const char *from, const char *mark, const char **line_end)
{
	const char *s = from, *nl;
	size_t len;

	for (;;) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == ' '))
			len--;
		if (len == strlen(mark) && memcmp(s, mark, len) == 0) {
			*line_end = nl ? nl : s + strlen(s);
			return s;
		}
		if (nl == NULL)
			return NULL;
		s = nl + 1;
	}
}

/* old with the block between begin and end replaced by block; added at
 * the start (or the end when at_end) when old has no such pair. */
static char *
merge_block(struct arena *a, const char *old, const char *begin,
    const char *end, const char *block, int at_end)
{
	const char *b, *e, *b_end, *e_end;
	struct buf out = {0};
	char *r;
	size_t n;

	b = find_mark(old, begin, &b_end);
	e = b ? find_mark(b_end, end, &e_end) : NULL;
	if (b != NULL && e != NULL) {
		buf_append(&out, old, (size_t)(b - old));
		buf_puts(&out, block);
		buf_puts(&out, e_end);
	} else if (at_end) {
		n = strlen(old);
		while (n > 0 && isspace((unsigned char)old[n - 1]))
			n--;
		buf_append(&out, old, n);
		buf_puts(&out, n ? "\n\n" : "");
		buf_puts(&out, block);
	} else {
		while (isspace((unsigned char)*old))
			old++;
		buf_puts(&out, block);
		buf_puts(&out, *old ? "\n\n" : "");
		buf_puts(&out, old);
	}
	r = arena_strdup(a, out.data ? out.data : "");
	buf_free(&out);
	return r;
}

char *
conf_post_merge(struct arena *a, const struct import_session *s,
    const char *webinar_title, int has_room, const char *recording_url,
    const char *old)
{
	char *sb = session_block(a, s, webinar_title, has_room);
	char *rb = recording_block(a, recording_url);

	if (old == NULL)
		return arena_printf(a, "%s\n\n%s", sb, rb);
	return merge_block(a, merge_block(a, old, MARK_SESSION_BEGIN,
	    MARK_SESSION_END, sb, 0), MARK_RECORDING_BEGIN,
	    MARK_RECORDING_END, rb, 1);
}

char *
conf_post_raw(struct arena *a, const struct import_session *s,
    const char *webinar_title, const char *old)
{
	return conf_post_merge(a, s, webinar_title, s->room_url != NULL,
	    s->recording_url, old);
}

