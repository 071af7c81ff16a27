/*
 * Site bootstrap (/site: the constants, categories, groups and tags a
 * client needs before it draws anything) and /about (title, description,
 * figures, staff).
 *
 * /about counts only what an anonymous visitor could see, whoever asks,
 * so its figures never reveal the size of a private category, and the
 * same answer suits everyone.
 */
#include <stdio.h>
#include <string.h>

#include "groups.h"
#include "handlers.h"
#include "http.h"
#include "lists.h"
#include "perm.h"
#include "permissions.h"
#include "present.h"
#include "site.h"
#include "tags.h"
#include "users.h"

#define SITE_GROUPS_MAX		1000
#define SITE_TOP_TAGS		30	/* max_tags_in_filter_list */
#define DEFAULT_TITLE		"confab"
#define DEFAULT_DESCRIPTION	"A discussion forum"

/* DiscourseTagging::TAGS_FILTER_REGEXP: characters a tag cannot hold. */
#define TAGS_FILTER_REGEXP \
	"[/\\?#\\[\\]@!\\$&'\\(\\)\\*\\+,;=\\.%\\\\`^\\s|\\{\\}\"<>]+"

static json_t *
site_groups(struct req *r)
{
	struct group_viewer v = {0};
	struct group_filter f = { .all_automatic = 1, .include_everyone = 1 };
	struct group *g;
	int64_t total;
	json_t *list;
	size_t n, i;

	if (r->user != NULL) {
		v.user_id = r->user->id;
		v.staff = perm_is_staff(r->user);
		v.admin = r->user->admin;
	}
	if (db_group_list(req_db(r), r->arena, &v, &f, SITE_GROUPS_MAX, 0, &g,
	    &n, &total) != DB_OK)
		return NULL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I,s:o,s:n,s:n,s:n}",
		    "id", (json_int_t)g[i].id, "name", present_str(g[i].name),
		    "flair_url", "flair_bg_color", "flair_color"));
	return list;
}

/* Names of the most used tags among topics the caller may see. */
static json_t *
site_top_tags(struct req *r)
{
	struct tag_count *tc;
	const char *visible;
	json_t *list;
	size_t n, i;

	if ((visible = perm_visible_categories(r)) == NULL ||
	    db_tag_counts(req_db(r), r->arena, visible, perm_is_staff(r->user),
	    0, SITE_TOP_TAGS, &tc, &n) != DB_OK)
		return NULL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, present_str(tc[i].name));
	return list;
}

/* The constant part of /site, as Discourse's SiteSerializer sends it. */
static json_t *
site_constants(void)
{
	return json_pack("{s:s,s:{s:i,s:i,s:i,s:i,s:i,s:i},"
	    "s:{s:i,s:i,s:i,s:i},s:{s:i,s:i,s:i,s:i,s:i},"
	    "s:[s,s,s,s],s:[s,s,s,s,s,s],s:[s,s,s,s,s],s:[s,s,s],s:i,"
	    "s:[{s:i,s:s,s:s,s:s,s:s,s:b,s:b}],s:[],s:b,s:b,s:b,s:s,"
	    "s:[{s:s,s:s,s:[]}],s:[],s:[]}",
	    "default_archetype", "regular",
	    "notification_levels", "muted", 0, "regular", 1, "normal", 1,
	    "tracking", 2, "watching", 3, "watching_first_post", 4,
	    "post_types", "regular", 1, "moderator_action", 2,
	    "small_action", 3, "whisper", 4,
	    "trust_levels", "newuser", 0, "basic", 1, "member", 2,
	    "regular", 3, "leader", 4,
	    "filters", "latest", "unread", "new", "top",
	    "periods", "all", "yearly", "quarterly", "monthly", "weekly",
	    "daily",
	    "top_menu_items", "latest", "new", "unread", "top", "categories",
	    "anonymous_top_menu_items", "latest", "top", "categories",
	    "uncategorized_category_id", 1,
	    "post_action_types", "id", 2, "name_key", "like", "name", "Like",
	    "description", "", "short_description", "", "is_flag", 0,
	    "is_custom_flag", 0,
	    "topic_flag_types",
	    "can_create_tag", 0, "can_tag_topics", 1, "can_tag_pms", 0,
	    "tags_filter_regexp", TAGS_FILTER_REGEXP,
	    "archetypes", "id", "regular", "name", "Regular Topic", "options",
	    "user_fields", "auth_providers");
}

/*
 * GET /site: constants, the caller's categories, groups and top tags.
 * Answers 200.
 */
int
h_site_show(struct req *r)
{
	json_t *o, *groups, *tags, *cats;

	if ((groups = site_groups(r)) == NULL)
		return E_INTERNAL;
	if ((tags = site_top_tags(r)) == NULL) {
		json_decref(groups);
		return E_INTERNAL;
	}
	if ((cats = present_categories_visible(r)) == NULL) {
		json_decref(groups);
		json_decref(tags);
		return E_INTERNAL;
	}
	o = site_constants();
	json_object_set_new(o, "groups", groups);
	json_object_set_new(o, "top_tags", tags);
	json_object_set_new(o, "categories", cats);
	return resp_json(r, 200, o);
}

/*
 * The categories anonymous visitors may see, as a JSON array text in the
 * arena, whoever is asking; NULL on a database error.
 */
static const char *
public_categories(struct req *r)
{
	struct category_perm_row *rows;
	struct buf b = {0};
	int64_t last = -1;
	const char *out;
	size_t n, i;

	if (db_category_perm_rows(req_db(r), r->arena, &rows, &n) != DB_OK)
		return NULL;
	buf_putc(&b, '[');
	for (i = 0; i < n; i++) {
		if (rows[i].category_id == last)
			continue;
		last = rows[i].category_id;
		if (perm_can_see(perm_from_rows(NULL, last, rows, n)))
			buf_printf(&b, "%s%lld", b.len > 1 ? "," : "",
			    (long long)last);
	}
	buf_putc(&b, ']');
	out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return out;
}

static void
set_spans(json_t *o, const char *all, const char *prefix,
    const int64_t v[SPAN__MAX])
{
	char key[64];

	if (all != NULL)
		json_object_set_new(o, all, json_integer(v[SPAN_ALL]));
	snprintf(key, sizeof(key), "%s_last_day", prefix);
	json_object_set_new(o, key, json_integer(v[SPAN_DAY]));
	snprintf(key, sizeof(key), "%s_7_days", prefix);
	json_object_set_new(o, key, json_integer(v[SPAN_WEEK]));
	snprintf(key, sizeof(key), "%s_30_days", prefix);
	json_object_set_new(o, key, json_integer(v[SPAN_MONTH]));
}

static json_t *
stats_json(const struct site_stats *s)
{
	json_t *o = json_object();

	set_spans(o, "topic_count", "topics", s->topics);
	set_spans(o, "post_count", "posts", s->posts);
	set_spans(o, "user_count", "users", s->users);
	set_spans(o, NULL, "active_users", s->active_users);
	set_spans(o, "like_count", "likes", s->likes);
	return o;
}

static json_t *
staff_json(struct req *r, int admins)
{
	struct list_user *u;
	json_t *list;
	size_t n, i;

	if (db_site_staff(req_db(r), r->arena, admins, &u, &n) != DB_OK)
		return NULL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I,s:o,s:o,s:o,s:n}",
		    "id", (json_int_t)u[i].id, "username", present_str(u[i].username),
		    "name", present_str(u[i].name), "avatar_template",
		    present_avatar_template(u[i].username), "title"));
	return list;
}

/* A site setting, or def when unset or unreadable. */
static const char *
setting(struct req *r, const char *name, const char *def)
{
	char *v;

	if (db_setting_get(req_db(r), r->arena, name, &v) != DB_OK)
		return def;
	return v;
}

/*
 * GET /about: title, description, public figures and staff.  Answers
 * 200.
 */
int
h_site_about(struct req *r)
{
	struct site_stats s;
	const char *pub;
	json_t *admins, *mods;

	if ((pub = public_categories(r)) == NULL ||
	    db_site_stats(req_db(r), pub, util_now(), &s) != DB_OK)
		return E_INTERNAL;
	if ((admins = staff_json(r, 1)) == NULL)
		return E_INTERNAL;
	if ((mods = staff_json(r, 0)) == NULL) {
		json_decref(admins);
		return E_INTERNAL;
	}
	return resp_json(r, 200, json_pack("{s:{s:o,s:o,s:s,s:s,s:b,s:b,"
	    "s:o,s:o,s:o,s:[]}}", "about",
	    "title", present_str(setting(r, "title", DEFAULT_TITLE)),
	    "description", present_str(setting(r, "site_description",
	    DEFAULT_DESCRIPTION)),
	    "locale", "en", "version", "confab", "https", 0,
	    "can_see_about_stats", 1, "stats", stats_json(&s),
	    "admins", admins, "moderators", mods, "category_moderators"));
}
