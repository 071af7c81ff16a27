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
	{ "GET",    "/session/csrf",		h_session_csrf,		0 },
	{ "GET",    "/session/current",		h_session_current,	0 },
	{ "POST",   "/session",			h_session_create,	0 },
	{ "DELETE", "/session/:username",	h_session_destroy,	R_USER },

	{ "POST",   "/users",			h_users_create,		0 },
	{ "GET",    "/u/:username",		h_users_show,		R_CACHE },
	{ "PUT",    "/u/:username/password",	h_users_password,	R_USER },
	{ "GET",    "/user_actions",		h_users_actions,	R_CACHE },
	{ "GET",    "/topics/created-by/:username", h_lists_created_by, R_CACHE },

	{ "GET",    "/groups",			h_groups_index,		R_CACHE },
	{ "GET",    "/groups/:name",		h_groups_show,		R_CACHE },
	{ "GET",    "/groups/:name/members",	h_groups_members,	R_CACHE },
	{ "PUT",    "/groups/:id/members",	h_groups_add_members,	R_USER },
	{ "DELETE", "/groups/:id/members",	h_groups_remove_members, R_USER },
	{ "POST",   "/admin/groups",		h_groups_create,	R_ADMIN },

	{ "GET",    "/categories",		h_categories_index,	R_CACHE },
	{ "POST",   "/categories",		h_categories_create,	R_ADMIN },
	{ "PUT",    "/categories/:id",		h_categories_update,	R_ADMIN },
	{ "GET",    "/c/:id/show",		h_categories_show,	R_CACHE },
	{ "GET",    "/c/:slug/:id",		h_lists_category,	R_CACHE },

	{ "GET",    "/",				h_lists_latest,		R_CACHE },
	{ "GET",    "/latest",			h_lists_latest,		R_CACHE },
	{ "GET",    "/top",			h_lists_top,		R_CACHE },
	{ "GET",    "/top/:period",		h_lists_top,		R_CACHE },
	{ "GET",    "/tags",			h_tags_index,		R_CACHE },
	{ "GET",    "/tag/:name",		h_lists_tag,		R_CACHE },

	/* Fixed words before /t/:slug/:id, which would take them as ids. */
	{ "GET",    "/t/:id/posts",		h_topics_posts,		R_CACHE },
	{ "PUT",    "/t/:id/status",		h_topics_status,	R_STAFF },
	{ "GET",    "/t/:id",			h_topics_show,		R_CACHE },
	{ "PUT",    "/t/:id",			h_topics_update,	R_USER },
	{ "DELETE", "/t/:id",			h_topics_destroy,	R_USER },
	/* Two numbers are topic and post number, as in Discourse. */
	{ "GET",    "/t/:id/:post_number",	h_topics_show,		R_CACHE },
	{ "GET",    "/t/:slug/:id",		h_topics_show,		R_CACHE },
	{ "PUT",    "/t/:slug/:id",		h_topics_update,	R_USER },
	{ "GET",    "/t/:slug/:id/:post_number", h_topics_show,		R_CACHE },

	{ "POST",   "/posts",			h_posts_create,		R_USER },
	{ "GET",    "/posts/:id",		h_posts_show,		R_CACHE },
	{ "PUT",    "/posts/:id",		h_posts_update,		R_USER },
	{ "DELETE", "/posts/:id",		h_posts_destroy,	R_USER },
	{ "GET",    "/posts/:id/revisions/:revision", h_posts_revision,	R_CACHE },

	{ "POST",   "/post_actions",		h_post_actions_create,	R_USER },
	{ "DELETE", "/post_actions/:id",	h_post_actions_destroy,	R_USER },

	{ "GET",    "/admin/api/keys",		h_api_keys_index,	R_ADMIN },
	{ "POST",   "/admin/api/keys",		h_api_keys_create,	R_ADMIN },
	{ "DELETE", "/admin/api/keys/:id",	h_api_keys_revoke,	R_ADMIN },
	{ "POST",   "/admin/api/keys/:id/revoke", h_api_keys_revoke,	R_ADMIN },

	{ "GET",    "/site",			h_site_show,		R_CACHE },
	{ "GET",    "/about",			h_site_about,		R_CACHE },

	/*
	 * The conference (h_conference.c, docs/conference.md).  R_CACHE only
	 * where every anonymous visitor gets the same answer; the room URL
	 * never goes to anonymous visitors.  /t/:ics is "/t/{id}.ics": its
	 * one segment is not all digits, so /t/:id above never takes it.
	 */
	{ "GET",    "/conference/schedule",	h_conference_schedule,	R_CACHE },
	{ "GET",    "/conference/schedule.ics",	h_conference_schedule_ics, R_CACHE },
	{ "GET",    "/conference/recordings",	h_conference_recordings, R_CACHE },
	{ "GET",    "/conference/sessions/:topic_id", h_conference_session_show, R_CACHE },
	{ "PUT",    "/conference/sessions/:topic_id", h_conference_session_update, R_USER },
	{ "POST",   "/conference/import",	h_conference_import,	R_STAFF | R_UPLOAD },
	{ "GET",    "/conference/agenda",	h_conference_agenda,	R_USER },
	/* The private feed: its token is the credential, no cookie needed;
	 * in the query string, which the access log leaves out. */
	{ "GET",    "/conference/agenda.ics",	h_conference_agenda_ics, 0 },
	{ "POST",   "/conference/agenda/feed",	h_conference_feed_create, R_USER },
	{ "DELETE", "/conference/agenda/feed",	h_conference_feed_revoke, R_USER },
	{ "POST",   "/conference/agenda/:topic_id", h_conference_agenda_add, R_USER },
	{ "DELETE", "/conference/agenda/:topic_id", h_conference_agenda_remove, R_USER },
	{ "POST",   "/conference/participants",	h_conference_participants_add, R_STAFF },
	{ "GET",    "/conference/registration_codes", h_conference_codes_index, R_STAFF },
	{ "POST",   "/conference/registration_codes", h_conference_codes_create, R_STAFF },
	{ "DELETE", "/conference/registration_codes/:id", h_conference_codes_revoke, R_STAFF },
	{ "POST",   "/conference/register",	h_conference_register,	R_USER },
	{ "POST",   "/qa/vote",			h_conference_vote,	R_USER },
	{ "DELETE", "/qa/vote",			h_conference_unvote,	R_USER },
	{ "POST",   "/solution/accept",		h_conference_accept,	R_USER },
	{ "POST",   "/solution/unaccept",	h_conference_unaccept,	R_USER },
	{ "GET",    "/t/:ics",			h_conference_topic_ics,	R_CACHE },
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
			char *name = arena_strndup(a, pat + 1, plen - 1);

			if (vlen == 0 || args->n == ROUTE_MAX_ARGS)
				return 0;
			if (digits_only(name) && !all_digits(path, vlen))
				return 0;
			args->name[args->n] = name;
			args->value[args->n] = arena_strndup(a, path, vlen);
			args->n++;
		} else if (plen != vlen || memcmp(pat, path, plen) != 0)
			return 0;
		pat += plen;
		path += vlen;
	}
}

const struct route *
route_match(const char *method, const char *path, struct arena *a,
    struct route_args *args, int *path_known)
{
	const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
	unsigned i;

	*path_known = 0;
	for (i = 0; i < route_count; i++) {
		if (!match_pattern(route_table[i].pattern, path, a, args))
			continue;
		if (strcmp(route_table[i].method, want) == 0)
			return &route_table[i];
		*path_known = 1;
	}
	args->n = 0;
	return NULL;
}
