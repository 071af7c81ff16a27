/*
 * One table, read top to bottom: the first row whose method and pattern
 * match wins.  Paths and names follow Discourse's API.  Order matters only
 * where two patterns could match the same path; those rows say why.
 */
#include <ctype.h>
#include <string.h>

#include "handlers.h"
#include "route.h"
#include "util.h"

const struct route route_table[] = {
	/*
	 * Pages the front end draws alone (static/app.js): the shell, no
	 * handler.  Pages with a server renderer are the API rows below
	 * with a page kind, and /schedule and /recordings further down.
	 */
	{ "GET",    "/login",			NULL,	R_PAGE, PAGE_SHELL },
	{ "GET",    "/signup",			NULL,	R_PAGE, PAGE_SHELL },
	{ "GET",    "/new-topic",		NULL,	R_PAGE, PAGE_SHELL },
	{ "GET",    "/agenda",			NULL,	R_PAGE, PAGE_SHELL },
	{ "GET",    "/notifications",		NULL,	R_PAGE, PAGE_SHELL },
	{ "GET",    "/c/:id",			NULL,	R_PAGE, PAGE_SHELL },
	{ "GET",    "/admin",			NULL,	R_PAGE, PAGE_SHELL },
	{ "GET",    "/admin/categories",	NULL,	R_PAGE, PAGE_SHELL },
	{ "GET",    "/admin/groups",		NULL,	R_PAGE, PAGE_SHELL },
	{ "GET",    "/admin/api",		NULL,	R_PAGE, PAGE_SHELL },
	{ "GET",    "/admin/program",		NULL,	R_PAGE, PAGE_SHELL },
	/* The caller's own lists: drawn by the front end, never cached. */
	{ "GET",    "/new",			NULL,	R_PAGE, PAGE_SHELL },
	{ "GET",    "/unread",			NULL,	R_PAGE, PAGE_SHELL },

	{ "GET",    "/session/csrf",		h_session_csrf,		0, 0 },
	{ "GET",    "/session/current",		h_session_current,	0, 0 },
	{ "POST",   "/session",			h_session_create,	0, 0 },
	{ "DELETE", "/session/:username",	h_session_destroy,	R_USER, 0 },

	{ "POST",   "/users",			h_users_create,		0, 0 },
	{ "GET",    "/u/:username",		h_users_show,		R_CACHE, PAGE_USER },
	{ "PUT",    "/u/:username/password",	h_users_password,	R_USER, 0 },
	{ "GET",    "/user_actions",		h_users_actions,	R_CACHE, 0 },
	{ "GET",    "/topics/created-by/:username", h_lists_created_by, R_CACHE, 0 },
	{ "GET",    "/u/:username/bookmarks",	h_bookmarks_index,	R_USER, 0 },

	{ "GET",    "/groups",			h_groups_index,		R_CACHE, 0 },
	{ "GET",    "/groups/:name",		h_groups_show,		R_CACHE, 0 },
	{ "GET",    "/groups/:name/members",	h_groups_members,	R_CACHE, 0 },
	{ "PUT",    "/groups/:id/members",	h_groups_add_members,	R_USER, 0 },
	{ "DELETE", "/groups/:id/members",	h_groups_remove_members, R_USER, 0 },
	{ "POST",   "/admin/groups",		h_groups_create,	R_ADMIN, 0 },

	{ "GET",    "/categories",		h_categories_index,	R_CACHE, PAGE_CATEGORIES },
	{ "POST",   "/categories",		h_categories_create,	R_ADMIN, 0 },
	{ "PUT",    "/categories/:id",		h_categories_update,	R_ADMIN, 0 },
	{ "POST",   "/category/:id/notifications", h_notifications_category_level, R_USER | R_OWN, 0 },
	{ "GET",    "/c/:id/show",		h_categories_show,	R_CACHE, 0 },
	{ "GET",    "/c/:slug/:id",		h_lists_category,	R_CACHE, PAGE_LATEST },

	{ "GET",    "/",				h_lists_latest,		R_CACHE, PAGE_LATEST },
	{ "GET",    "/latest",			h_lists_latest,		R_CACHE, PAGE_LATEST },
	{ "GET",    "/top",			h_lists_top,		R_CACHE, 0 },
	{ "GET",    "/top/:period",		h_lists_top,		R_CACHE, 0 },
	{ "GET",    "/tags",			h_tags_index,		R_CACHE, 0 },
	{ "GET",    "/tag/:name",		h_lists_tag,		R_CACHE, PAGE_TAG },

	/* Reading state (h_reading.c): the caller's own, so R_OWN. */
	{ "GET",    "/new",			h_reading_new,		R_USER, 0 },
	{ "GET",    "/unread",			h_reading_unread,	R_USER, 0 },
	{ "POST",   "/topics/timings",		h_reading_timings,	R_USER | R_OWN, 0 },
	{ "PUT",    "/topics/reset-new",	h_reading_reset_new,	R_USER | R_OWN, 0 },
	{ "PUT",    "/topics/bulk",		h_reading_bulk,		R_USER | R_OWN, 0 },

	/* Fixed words before /t/:slug/:id, which would take them as ids. */
	{ "GET",    "/t/:id/posts",		h_topics_posts,		R_CACHE, 0 },
	{ "PUT",    "/t/:id/status",		h_topics_status,	R_STAFF, 0 },
	{ "POST",   "/t/:id/notifications",	h_notifications_topic_level, R_USER | R_OWN, 0 },
	{ "PUT",    "/t/:id/bookmark",		h_bookmarks_topic,	R_USER | R_OWN, 0 },
	{ "PUT",    "/t/:id/remove_bookmarks",	h_bookmarks_topic_remove, R_USER | R_OWN, 0 },
	{ "GET",    "/t/:id",			h_topics_show,		R_CACHE, PAGE_TOPIC },
	{ "PUT",    "/t/:id",			h_topics_update,	R_USER, 0 },
	{ "DELETE", "/t/:id",			h_topics_destroy,	R_USER, 0 },
	/* Two numbers are topic and post number, as in Discourse. */
	{ "GET",    "/t/:id/:post_number",	h_topics_show,		R_CACHE, PAGE_TOPIC },
	{ "GET",    "/t/:slug/:id",		h_topics_show,		R_CACHE, PAGE_TOPIC },
	{ "PUT",    "/t/:slug/:id",		h_topics_update,	R_USER, 0 },
	{ "GET",    "/t/:slug/:id/:post_number", h_topics_show,		R_CACHE, PAGE_TOPIC },

	{ "POST",   "/posts",			h_posts_create,		R_USER, 0 },
	{ "GET",    "/posts/:id",		h_posts_show,		R_CACHE, 0 },
	{ "PUT",    "/posts/:id",		h_posts_update,		R_USER, 0 },
	{ "DELETE", "/posts/:id",		h_posts_destroy,	R_USER, 0 },
	{ "GET",    "/posts/:id/revisions/:revision", h_posts_revision,	R_CACHE, 0 },
	{ "PUT",    "/posts/:id/bookmark",	h_bookmarks_post,	R_USER | R_OWN, 0 },

	{ "GET",    "/notifications",		h_notifications_index,	R_USER, 0 },
	{ "PUT",    "/notifications/mark-read",	h_notifications_mark_read, R_USER | R_OWN, 0 },

	/* The caller's own bookmarks (h_bookmarks.c). */
	{ "GET",    "/bookmarks",		h_bookmarks_index,	R_USER, 0 },
	{ "POST",   "/bookmarks",		h_bookmarks_create,	R_USER | R_OWN, 0 },
	{ "PUT",    "/bookmarks/:id",		h_bookmarks_update,	R_USER | R_OWN, 0 },
	{ "DELETE", "/bookmarks/:id",		h_bookmarks_destroy,	R_USER | R_OWN, 0 },

	{ "POST",   "/post_actions",		h_post_actions_create,	R_USER, 0 },
	{ "DELETE", "/post_actions/:id",	h_post_actions_destroy,	R_USER, 0 },

	{ "GET",    "/admin/api/keys",		h_api_keys_index,	R_ADMIN, 0 },
	{ "POST",   "/admin/api/keys",		h_api_keys_create,	R_ADMIN, 0 },
	{ "DELETE", "/admin/api/keys/:id",	h_api_keys_revoke,	R_ADMIN, 0 },
	{ "POST",   "/admin/api/keys/:id/revoke", h_api_keys_revoke,	R_ADMIN, 0 },

	{ "GET",    "/site",			h_site_show,		R_CACHE, 0 },
	{ "GET",    "/about",			h_site_about,		R_CACHE, 0 },

	/*
	 * The conference (h_schedule.c, h_sessions.c, h_agenda.c, h_qa.c,
	 * h_registration.c; docs/conference.md).  R_CACHE only
	 * where every anonymous visitor gets the same answer; the room URL
	 * never goes to anonymous visitors.  /t/:ics is "/t/{id}.ics": its
	 * one segment is not all digits, so /t/:id above never takes it.
	 */
	/* The program as pages, rendered from the same handlers' JSON so
	 * readers without JavaScript and crawlers see it too. */
	{ "GET",    "/schedule",		h_conference_schedule,	R_CACHE | R_PAGE, PAGE_SCHEDULE },
	{ "GET",    "/recordings",		h_conference_recordings, R_CACHE | R_PAGE, PAGE_RECORDINGS },
	{ "GET",    "/conference/schedule",	h_conference_schedule,	R_CACHE, 0 },
	{ "GET",    "/conference/schedule.ics",	h_conference_schedule_ics, R_CACHE, 0 },
	{ "GET",    "/conference/recordings",	h_conference_recordings, R_CACHE, 0 },
	{ "GET",    "/conference/sessions/:topic_id", h_conference_session_show, R_CACHE, 0 },
	{ "PUT",    "/conference/sessions/:topic_id", h_conference_session_update, R_USER, 0 },
	{ "POST",   "/conference/import",	h_conference_import,	R_STAFF | R_UPLOAD, 0 },
	{ "GET",    "/conference/agenda",	h_conference_agenda,	R_USER, 0 },
	/* The private feed: its token is the credential, no cookie needed;
	 * in the query string, which the access log leaves out. */
	{ "GET",    "/conference/agenda.ics",	h_conference_agenda_ics, 0, 0 },
	{ "POST",   "/conference/agenda/feed",	h_conference_feed_create, R_USER, 0 },
	{ "DELETE", "/conference/agenda/feed",	h_conference_feed_revoke, R_USER, 0 },
	{ "POST",   "/conference/agenda/:topic_id", h_conference_agenda_add, R_USER, 0 },
	{ "DELETE", "/conference/agenda/:topic_id", h_conference_agenda_remove, R_USER, 0 },
	{ "POST",   "/conference/participants",	h_conference_participants_add, R_STAFF, 0 },
	{ "GET",    "/conference/registration_codes", h_conference_codes_index, R_STAFF, 0 },
	{ "POST",   "/conference/registration_codes", h_conference_codes_create, R_STAFF, 0 },
	{ "DELETE", "/conference/registration_codes/:id", h_conference_codes_revoke, R_STAFF, 0 },
	{ "POST",   "/conference/register",	h_conference_register,	R_USER, 0 },
	{ "POST",   "/qa/vote",			h_conference_vote,	R_USER, 0 },
	{ "DELETE", "/qa/vote",			h_conference_unvote,	R_USER, 0 },
	{ "POST",   "/solution/accept",		h_conference_accept,	R_USER, 0 },
	{ "POST",   "/solution/unaccept",	h_conference_unaccept,	R_USER, 0 },
	{ "GET",    "/t/:ics",			h_conference_topic_ics,	R_CACHE, 0 },
};

const unsigned route_count = ARRAY_SIZE(route_table);

static int
digits_only(const char *name)
{
	size_t n = strlen(name);

	return strcmp(name, "id") == 0 ||
	    (n > 3 && strcmp(name + n - 3, "_id") == 0) ||
	    (n >= 6 && strcmp(name + n - 6, "number") == 0);
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 18)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Length of the segment starting at s (up to '/' or end). */
static size_t
seglen(const char *s)
{
	const char *slash = strchr(s, '/');

	return slash ? (size_t)(slash - s) : strlen(s);
}

/* Matches pat against path; fills args (arena strings) unless a is NULL. */
static int
match_pattern(const char *pat, const char *path, struct arena *a,
    struct route_args *args)
{
	size_t plen, vlen;

	args->n = 0;
	for (;;) {
		if (*pat == '\0' || *path == '\0')
			return *pat == '\0' && *path == '\0';
		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		plen = seglen(pat);
		vlen = seglen(path);
		if (*pat == ':') {
			char name[64];

			if (vlen == 0 || args->n == ROUTE_MAX_ARGS ||
			    plen - 1 >= sizeof(name))
				return 0;
			memcpy(name, pat + 1, plen - 1);
			name[plen - 1] = '\0';
			if (digits_only(name) && !all_digits(path, vlen))
				return 0;
			if (a != NULL) {
				args->name[args->n] = arena_strdup(a, name);
				args->value[args->n] = arena_strndup(a, path,
				    vlen);
			}
			args->n++;
		} else if (plen != vlen || memcmp(pat, path, plen) != 0)
			return 0;
		pat += plen;
		path += vlen;
	}
}

/* Which rows a lookup considers. */
enum rows { ROWS_ALL, ROWS_API, ROWS_PAGES };

static const struct route *
find(enum rows rows, const char *method, const char *path, struct arena *a,
    struct route_args *args, int *path_known)
{
	const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
	const struct route *rt;
	unsigned i;

	*path_known = 0;
	for (i = 0; i < route_count; i++) {
		rt = &route_table[i];
		if ((rows == ROWS_API && (rt->flags & R_PAGE)) ||
		    (rows == ROWS_PAGES && rt->page == PAGE_NONE))
			continue;
		if (!match_pattern(rt->pattern, path, a, args))
			continue;
		if (strcmp(rt->method, want) == 0)
			return rt;
		*path_known = 1;
	}
	args->n = 0;
	return NULL;
}

const struct route *
route_match(const char *method, const char *path, struct arena *a,
    struct route_args *args, int *path_known)
{
	return find(ROWS_ALL, method, path, a, args, path_known);
}

const struct route *
route_find(int page, const char *method, const char *path, struct arena *a,
    struct route_args *args, int *path_known)
{
	return find(page ? ROWS_PAGES : ROWS_API, method, path, a, args,
	    path_known);
}

int
route_is_page(const char *path)
{
	struct route_args args;
	int known;

	return find(ROWS_PAGES, "GET", path, NULL, &args, &known) != NULL;
}
