/*
 * Server-rendered pages from handler JSON.  Only what is already public to
 * the requester is in the JSON (the handler checked permissions), and all
 * text is escaped here; the only HTML inserted as is, is post "cooked",
 * which the server itself made safe when the post was written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "config.h"
#include "cook.h"
#include "escape.h"
#include "html.h"
#include "http.h"
#include "route.h"
#include "users.h"

#define HEAD_MARK	"<!--confab:head-->"
#define MAIN_MARK	"<!--confab:main-->"
#define TEMPLATE_MAX	(256 * 1024)
#define DESC_CHARS	200

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static char *
read_template(void)
{
	char path[1024];
	struct buf b = {0};
	char chunk[8192];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/index.html", cfg.static_dir);
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 &&
	    b.len < TEMPLATE_MAX)
		buf_append(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

struct page {
	struct buf	 head;
	struct buf	 main;
	const char	*title;		/* page title, before the site name */
	char		*description;	/* malloc'd plain text */
	int		 article;
};

static void
meta(struct buf *b, const char *attr, const char *name, const char *content)
{
	buf_printf(b, "<meta %s=\"", attr);
	escape_html_str(b, name);
	buf_puts(b, "\" content=\"");
	escape_html_str(b, content);
	buf_puts(b, "\">\n");
}

static void
render_post(struct buf *m, json_t *post)
{
	buf_puts(m, "<article class=\"post\" id=\"post_");
	buf_printf(m, "%lld", (long long)json_integer_value(json_object_get(
	    post, "post_number")));
	buf_puts(m, "\"><header><a href=\"/u/");
	escape_html_str(m, str(post, "username"));
	buf_puts(m, "\">");
	escape_html_str(m, str(post, "username"));
	buf_puts(m, "</a> <time datetime=\"");
	escape_html_str(m, str(post, "created_at"));
	buf_puts(m, "\">");
	escape_html_str(m, str(post, "created_at"));
	buf_puts(m, "</time></header>\n<div class=\"cooked\" dir=\"auto\">");
	buf_puts(m, str(post, "cooked"));	/* cooked by the server */
	buf_puts(m, "</div></article>\n");
}

static void
render_topic(struct page *p, json_t *v)
{
	json_t *posts = json_object_get(json_object_get(v, "post_stream"),
	    "posts"), *post;
	size_t i;

	p->title = str(v, "title");
	p->article = 1;
	post = json_array_get(posts, 0);
	if (post != NULL && json_integer_value(json_object_get(post,
	    "post_number")) == 1)
		p->description = cook_excerpt(str(post, "cooked"), DESC_CHARS);
	buf_puts(&p->main, "<h1 dir=\"auto\">");
	escape_html_str(&p->main, p->title);
	buf_puts(&p->main, "</h1>\n");
	json_array_foreach(posts, i, post)
		render_post(&p->main, post);
}

static void
render_topic_list(struct page *p, json_t *v, const char *heading)
{
	json_t *topics = json_object_get(json_object_get(v, "topic_list"),
	    "topics"), *t;
	size_t i;

	p->title = heading;
	buf_puts(&p->main, "<h1>");
	escape_html_str(&p->main, heading);
	buf_puts(&p->main, "</h1>\n<ul class=\"topic-list\">\n");
	json_array_foreach(topics, i, t) {
		buf_printf(&p->main, "<li><a href=\"/t/");
		escape_html_str(&p->main, str(t, "slug"));
		buf_printf(&p->main, "/%lld\" dir=\"auto\">",
		    (long long)json_integer_value(json_object_get(t, "id")));
		escape_html_str(&p->main, str(t, "title"));
		buf_puts(&p->main, "</a>");
		if (*str(t, "excerpt")) {
			buf_puts(&p->main, "<p dir=\"auto\">");
			escape_html_str(&p->main, str(t, "excerpt"));
			buf_puts(&p->main, "</p>");
		}
		buf_puts(&p->main, "</li>\n");
	}
	buf_puts(&p->main, "</ul>\n");
	if (*str(json_object_get(v, "topic_list"), "more_topics_url")) {
		buf_puts(&p->main, "<p><a rel=\"next\" href=\"");
		escape_html_str(&p->main, str(json_object_get(v, "topic_list"),
		    "more_topics_url"));
		buf_puts(&p->main, "\">More</a></p>\n");
	}
}

static void
render_categories(struct page *p, json_t *v)
{
	json_t *cats = json_object_get(json_object_get(v, "category_list"),
	    "categories"), *c;
	size_t i;

	p->title = "Categories";
	buf_puts(&p->main, "<h1>Categories</h1>\n<ul class=\"categories\">\n");
	json_array_foreach(cats, i, c) {
		buf_puts(&p->main, "<li><a href=\"/c/");
		escape_html_str(&p->main, str(c, "slug"));
		buf_printf(&p->main, "/%lld\">",
		    (long long)json_integer_value(json_object_get(c, "id")));
		escape_html_str(&p->main, str(c, "name"));
		buf_puts(&p->main, "</a> ");
		escape_html_str(&p->main, str(c, "description_text"));
		buf_puts(&p->main, "</li>\n");
	}
	buf_puts(&p->main, "</ul>\n");
}

static void
render_user(struct page *p, json_t *v)
{
	json_t *u = json_object_get(v, "user");

	p->title = str(u, "username");
	buf_puts(&p->main, "<h1>");
	escape_html_str(&p->main, str(u, "username"));
	buf_puts(&p->main, "</h1>\n<p>");
	escape_html_str(&p->main, str(u, "name"));
	buf_puts(&p->main, "</p>\n");
}

/* "13:00" of an ISO 8601 UTC time, in a <time> element. */
static void
time_of_day(struct buf *m, const char *iso)
{
	buf_puts(m, "<time datetime=\"");
	escape_html_str(m, iso);
	buf_puts(m, "\">");
	if (strlen(iso) >= 16)
		escape_html(m, iso + 11, 5);
	buf_puts(m, "</time>");
}

static int
http_url(const char *u)
{
	return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
}

/*
 * One session of the schedule or the recordings: its title (a link to its
 * topic), times in UTC, webinar, presenters, language, and the recording
 * when asked.  Never the live room's address, whoever asks.
 */
static void
render_session(struct buf *m, json_t *s, int with_recording)
{
	json_t *presenters = json_object_get(s, "presenters"), *pr;
	const char *webinar = str(json_object_get(s, "webinar"), "title");
	size_t i;

	buf_puts(m, "<li><a href=\"");
	escape_html_str(m, str(s, "url"));
	buf_puts(m, "\" dir=\"auto\">");
	escape_html_str(m, str(s, "title"));
	buf_puts(m, "</a>");
	if (*str(s, "starts_at") && *str(s, "ends_at")) {
		buf_puts(m, " · ");
		time_of_day(m, str(s, "starts_at"));
		buf_puts(m, "–");
		time_of_day(m, str(s, "ends_at"));
		buf_puts(m, " UTC");
	}
	if (*webinar) {
		buf_puts(m, " · <span dir=\"auto\">");
		escape_html_str(m, webinar);
		buf_puts(m, "</span>");
	}
	json_array_foreach(presenters, i, pr) {
		buf_puts(m, i == 0 ? " · <span dir=\"auto\">" : ", ");
		escape_html_str(m, str(pr, "name"));
		if (*str(pr, "affiliation")) {
			buf_puts(m, " (");
			escape_html_str(m, str(pr, "affiliation"));
			buf_puts(m, ")");
		}
		if (i + 1 == json_array_size(presenters))
			buf_puts(m, "</span>");
	}
	if (*str(s, "language")) {
		buf_puts(m, " · <span lang=\"");
		escape_html_str(m, str(s, "language"));
		buf_puts(m, "\">");
		escape_html_str(m, str(s, "language"));
		buf_puts(m, "</span>");
	}
	if (with_recording && http_url(str(s, "recording_url"))) {
		buf_puts(m, " · <a rel=\"nofollow noopener\" href=\"");
		escape_html_str(m, str(s, "recording_url"));
		buf_puts(m, "\">Recording</a>");
	}
	buf_puts(m, "</li>\n");
}

static void
render_sessions(struct buf *m, const char *heading, json_t *sessions,
    int with_recording)
{
	json_t *s;
	size_t i;

	if (json_array_size(sessions) == 0)
		return;
	buf_puts(m, "<h2 dir=\"auto\">");
	escape_html_str(m, heading);
	buf_puts(m, "</h2>\n<ul class=\"sessions\">\n");
	json_array_foreach(sessions, i, s)
		render_session(m, s, with_recording);
	buf_puts(m, "</ul>\n");
}

static char *
sessions_description(json_t *v, const char *what)
{
	struct buf b = {0};
	const char *conf = str(json_object_get(v, "conference"), "name");

	if (*conf)
		buf_printf(&b, "%s: ", conf);
	buf_printf(&b, "%lld %s", (long long)json_integer_value(
	    json_object_get(v, "session_count")), what);
	return buf_detach(&b);
}

/* GET /schedule: /conference/schedule.json by day, times in UTC. */
static void
render_schedule(struct page *p, json_t *v)
{
	const char *tz = str(v, "timezone");
	json_t *day;
	size_t i;

	p->title = "Schedule";
	p->description = sessions_description(v, "sessions");
	buf_puts(&p->main, "<h1>Schedule</h1>\n");
	if (*tz && strcmp(tz, "UTC") != 0) {
		buf_puts(&p->main, "<p>Days are counted in ");
		escape_html_str(&p->main, tz);
		buf_puts(&p->main, "; times are in UTC.</p>\n");
	}
	json_array_foreach(json_object_get(v, "days"), i, day)
		render_sessions(&p->main, str(day, "date"),
		    json_object_get(day, "sessions"), 0);
	render_sessions(&p->main, "On demand", json_object_get(v,
	    "unscheduled"), 0);
}

/* GET /recordings: /conference/recordings.json by webinar. */
static void
render_recordings(struct page *p, json_t *v)
{
	json_t *w;
	size_t i;

	p->title = "Recordings";
	p->description = sessions_description(v, "recorded sessions");
	buf_puts(&p->main, "<h1>Recordings</h1>\n");
	json_array_foreach(json_object_get(v, "webinars"), i, w)
		render_sessions(&p->main, str(w, "title"),
		    json_object_get(w, "sessions"), 1);
	render_sessions(&p->main, "Other sessions", json_object_get(v,
	    "other_sessions"), 1);
	if (json_integer_value(json_object_get(v, "session_count")) == 0)
		buf_puts(&p->main, "<p>No recordings yet.</p>\n");
}

/* Picks the renderer the route table names for the page. */
static void
render(struct req *r, struct page *p, json_t *v)
{
	switch (r->route->page) {
	case PAGE_TOPIC:
		render_topic(p, v);
		break;
	case PAGE_LATEST:
		render_topic_list(p, v, "Latest");
		break;
	case PAGE_TAG:
		render_topic_list(p, v, req_arg_named(r, "name"));
		break;
	case PAGE_CATEGORIES:
		render_categories(p, v);
		break;
	case PAGE_USER:
		render_user(p, v);
		break;
	case PAGE_SCHEDULE:
		render_schedule(p, v);
		break;
	case PAGE_RECORDINGS:
		render_recordings(p, v);
		break;
	case PAGE_NONE:
	case PAGE_SHELL:
	case PAGE__MAX:
		break;
	}
}

static void
render_head(struct req *r, struct page *p, const char *site, int status)
{
	struct buf *h = &p->head;
	const char *desc = p->description ? p->description : "";

	buf_puts(h, "<title>");
	if (p->title && *p->title) {
		escape_html_str(h, p->title);
		buf_puts(h, " - ");
	}
	escape_html_str(h, site);
	buf_puts(h, "</title>\n");
	if (*desc)
		meta(h, "name", "description", desc);
	meta(h, "property", "og:site_name", site);
	meta(h, "property", "og:type", p->article ? "article" : "website");
	meta(h, "property", "og:title", p->title && *p->title ? p->title :
	    site);
	if (*desc)
		meta(h, "property", "og:description", desc);
	if (status == 200)
		meta(h, "property", "og:url", r->path);
	meta(h, "name", "twitter:card", "summary");
}

/* Copies tpl into out with the two markers replaced. */
static void
fill(struct buf *out, const char *tpl, const struct page *p)
{
	const char *mark;

	while ((mark = strstr(tpl, "<!--confab:")) != NULL) {
		buf_append(out, tpl, (size_t)(mark - tpl));
		if (strncmp(mark, HEAD_MARK, strlen(HEAD_MARK)) == 0) {
			buf_append(out, p->head.data, p->head.len);
			tpl = mark + strlen(HEAD_MARK);
		} else if (strncmp(mark, MAIN_MARK, strlen(MAIN_MARK)) == 0) {
			buf_append(out, p->main.data, p->main.len);
			tpl = mark + strlen(MAIN_MARK);
		} else {
			buf_append(out, mark, 1);
			tpl = mark + 1;
		}
	}
	buf_puts(out, tpl);
}

int
html_page(struct req *r, json_t *view, int status)
{
	struct page p = {0};
	struct buf out = {0};
	char *tpl = read_template(), *site = NULL;

	if (tpl == NULL)
		return E_NOT_FOUND;
	if (db_setting_get(req_db(r), r->arena, "title", &site) != DB_OK)
		site = "confab";
	if (view != NULL && status == 200)
		render(r, &p, view);
	else if (status != 200) {
		p.title = status == 404 ? "Page not found" : "Error";
		buf_puts(&p.main, "<h1>");
		buf_puts(&p.main, p.title);
		buf_puts(&p.main, "</h1>\n");
	}
	render_head(r, &p, site, status);
	fill(&out, tpl, &p);
	resp_raw(r, status, "text/html; charset=utf-8", out.data, out.len);
	buf_free(&out);
	buf_free(&p.head);
	buf_free(&p.main);
	free(p.description);
	free(tpl);
	return E_OK;
}
