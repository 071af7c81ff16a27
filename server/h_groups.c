/*
 * Groups: the directory (/groups), one group, its members, adding and
 * removing members, and the admin's create (/admin/groups).
 *
 * A group the caller may not see (Discourse's visibility levels, see
 * db/groups.h) answers exactly like a missing one, 404.  Members are
 * managed by staff and by the group's owners; automatic groups (everyone,
 * admins, moderators, staff, registered) are computed and cannot be
 * changed by hand.  Unknown usernames refuse the whole request, so a
 * sync script never half-applies a list.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "groups.h"
#include "handlers.h"
#include "http.h"
#include "perm.h"
#include "present.h"
#include "users.h"
#include "valid.h"

#define GROUPS_PER_PAGE		36	/* Discourse's desktop page */
#define MAX_PAGE		10000
#define MAX_FILTER		100
#define MAX_GROUP_ARG		100
#define MEMBERS_DEFAULT		50
#define MEMBERS_MAX		1000
#define MAX_OFFSET		1000000000
#define MAX_USERS_AT_ONCE	1000	/* ADD_MEMBERS_LIMIT */
#define MAX_FULL_NAME		100
#define MAX_BIO			3000
#define MAX_NAMES_IN_ERROR	10

static const char *const type_names[GROUP_TYPE__MAX] = {
	[GROUP_TYPE_ANY] = "",
	[GROUP_TYPE_MY] = "my",
	[GROUP_TYPE_OWNER] = "owner",
	[GROUP_TYPE_PUBLIC] = "public",
	[GROUP_TYPE_CLOSE] = "close",
	[GROUP_TYPE_AUTOMATIC] = "automatic",
};

static struct group_viewer
viewer(struct req *r)
{
	struct group_viewer v = {0};

	if (r->user != NULL) {
		v.user_id = r->user->id;
		v.staff = perm_is_staff(r->user);
		v.admin = r->user->admin;
	}
	return v;
}

/*
 * Discourse's BasicGroupSerializer.  member and owner are the caller's
 * rows in a created group; automatic membership follows the caller's
 * roles.
 */
static json_t *
group_json(struct req *r, const struct group *g, int member, int owner)
{
	int staff = perm_is_staff(r->user);
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(g->id));
	json_object_set_new(o, "automatic", json_boolean(g->automatic));
	json_object_set_new(o, "name", present_str(g->name));
	json_object_set_new(o, "display_name", present_str(g->name));
	json_object_set_new(o, "user_count", json_integer(g->user_count));
	json_object_set_new(o, "mentionable_level", json_integer(0));
	json_object_set_new(o, "messageable_level", json_integer(0));
	json_object_set_new(o, "visibility_level",
	    json_integer(g->visibility_level));
	json_object_set_new(o, "primary_group", json_false());
	json_object_set_new(o, "title", json_null());
	json_object_set_new(o, "grant_trust_level", json_null());
	json_object_set_new(o, "incoming_email", json_null());
	json_object_set_new(o, "has_messages", json_false());
	json_object_set_new(o, "flair_url", json_null());
	json_object_set_new(o, "flair_bg_color", json_null());
	json_object_set_new(o, "flair_color", json_null());
	json_object_set_new(o, "bio_raw", present_str(g->bio_raw));
	json_object_set_new(o, "bio_cooked", json_null());
	json_object_set_new(o, "public_admission", json_false());
	json_object_set_new(o, "public_exit", json_false());
	json_object_set_new(o, "allow_membership_requests", json_false());
	json_object_set_new(o, "full_name", present_str(g->full_name));
	json_object_set_new(o, "default_notification_level", json_integer(3));
	json_object_set_new(o, "membership_request_template", json_null());
	json_object_set_new(o, "members_visibility_level", json_integer(0));
	json_object_set_new(o, "can_see_members", json_true());
	json_object_set_new(o, "can_admin_group", json_boolean(staff));
	json_object_set_new(o, "can_edit_group",
	    json_boolean(!g->automatic && (staff || owner)));
	json_object_set_new(o, "publish_read_state", json_false());
	if (r->user != NULL) {
		json_object_set_new(o, "is_group_user", json_boolean(
		    g->automatic ? perm_in_group(r->user, g->id) : member));
		json_object_set_new(o, "is_group_owner", json_boolean(owner));
	}
	return o;
}

/* --- the directory ------------------------------------------------- */

static int
parse_type(struct req *r, enum group_type *type)
{
	const char *s = req_param(r, "type");
	int i;

	*type = GROUP_TYPE_ANY;
	if (s == NULL || *s == '\0')
		return E_OK;
	for (i = 1; i < GROUP_TYPE__MAX; i++)
		if (strcmp(s, type_names[i]) == 0) {
			*type = (enum group_type)i;
			return E_OK;
		}
	req_errf(r, "type must be one of my, owner, public, close, automatic");
	return E_BAD_REQUEST;
}

/* "%text%" for LIKE, with the pattern characters escaped by '\'. */
static char *
like_pattern(struct req *r, const char *s)
{
	struct buf b = {0};
	char *out;

	buf_putc(&b, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, (char)tolower((unsigned char)*s));
	}
	buf_putc(&b, '%');
	out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return out;
}

/* Percent-encodes everything but RFC 3986 unreserved characters. */
static void
url_escape(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' ||
		    *p == '~')
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

static char *
load_more_url(struct req *r, int64_t page, const char *filter,
    enum group_type type)
{
	struct buf b = {0};
	char *out;

	buf_printf(&b, "/groups?page=%lld", (long long)page + 1);
	if (type != GROUP_TYPE_ANY)
		buf_printf(&b, "&type=%s", type_names[type]);
	if (filter != NULL) {
		buf_puts(&b, "&filter=");
		url_escape(&b, filter);
	}
	out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return out;
}

static json_t *
type_filters(struct req *r)
{
	json_t *list = json_array();

	if (r->user != NULL) {
		json_array_append_new(list, json_string("my"));
		json_array_append_new(list, json_string("owner"));
	}
	json_array_append_new(list, json_string("public"));
	json_array_append_new(list, json_string("close"));
	/* Discourse hides automatic groups from non-staff to declutter. */
	if (perm_is_staff(r->user))
		json_array_append_new(list, json_string("automatic"));
	return list;
}

/*
 * GET /groups: the groups the caller may see, 36 a page.  Answers 200,
 * or 400 for a bad page, type or filter.
 */
int
h_groups_index(struct req *r)
{
	struct group_viewer v = viewer(r);
	struct group_filter f = {0};
	const char *filter = req_param(r, "filter");
	struct group *g;
	int64_t page, total;
	json_t *list;
	size_t n, i;
	int e;

	if ((e = req_param_int(r, "page", 0, &page)) != E_OK)
		return e;
	if (page < 0 || page > MAX_PAGE) {
		req_errf(r, "page must be between 0 and %d", MAX_PAGE);
		return E_BAD_REQUEST;
	}
	if ((e = parse_type(r, &f.type)) != E_OK)
		return e;
	if (filter != NULL && *filter == '\0')
		filter = NULL;
	if (filter != NULL && (strlen(filter) > MAX_FILTER ||
	    !valid_text(filter))) {
		req_errf(r, "filter must be text of at most %d bytes",
		    MAX_FILTER);
		return E_BAD_REQUEST;
	}
	f.name = filter != NULL ? like_pattern(r, filter) : NULL;
	f.all_automatic = v.staff;
	if (db_group_list(req_db(r), r->arena, &v, &f, GROUPS_PER_PAGE,
	    page * GROUPS_PER_PAGE, &g, &n, &total) != DB_OK)
		return E_INTERNAL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, group_json(r, &g[i], g[i].is_member,
		    g[i].is_owner));
	return resp_json(r, 200, json_pack("{s:o,s:{s:o},s:I,s:s}", "groups",
	    list, "extras", "type_filters", type_filters(r),
	    "total_rows_groups", (json_int_t)total, "load_more_groups",
	    load_more_url(r, page, filter, f.type)));
}

/*
 * The group named by the route's :name or :id that the caller may see,
 * with the caller's membership and ownership of it; E_NOT_FOUND for
 * missing and hidden alike.
 */
static int
load_group(struct req *r, struct group **g, int *member, int *owner)
{
	struct group_viewer v = viewer(r);
	const char *name = req_arg_named(r, "name");
	int rc;

	*member = *owner = 0;
	if (name != NULL) {
		if (strlen(name) > MAX_GROUP_ARG || !valid_text(name))
			return E_NOT_FOUND;
		rc = db_group_by_name(req_db(r), r->arena, name, g);
	} else
		rc = db_group_by_id(req_db(r), r->arena,
		    req_arg_id(r, "id"), g);
	if (rc == DB_OK)
		rc = db_group_visible(req_db(r), &v, (*g)->id);
	if (rc == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	if (r->user != NULL && !(*g)->automatic) {
		rc = db_group_membership(req_db(r), (*g)->id, r->user->id,
		    owner);
		if (rc != DB_OK && rc != DB_NOTFOUND)
			return E_INTERNAL;
		*member = rc == DB_OK;
	}
	return E_OK;
}

/*
 * GET /groups/{name}: answers 200, or 404 when missing or hidden.
 */
int
h_groups_show(struct req *r)
{
	struct group *g;
	int member, owner, e;

	if ((e = load_group(r, &g, &member, &owner)) != E_OK)
		return e;
	return resp_json(r, 200, json_pack("{s:o}", "group",
	    group_json(r, g, member, owner)));
}

static json_t *
members_json(const struct group_member *m, size_t n)
{
	json_t *list = json_array(), *o;
	size_t i;

	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "id", json_integer(m[i].id));
		json_object_set_new(o, "username", present_str(m[i].username));
		json_object_set_new(o, "name", present_str(m[i].name));
		json_object_set_new(o, "avatar_template",
		    present_avatar_template(m[i].username));
		json_object_set_new(o, "title", json_null());
		json_object_set_new(o, "last_posted_at",
		    json_time(m[i].last_posted_at));
		json_object_set_new(o, "last_seen_at",
		    json_time(m[i].last_seen_at));
		json_object_set_new(o, "added_at", json_time(m[i].added_at));
		json_object_set_new(o, "timezone", json_null());
		json_array_append_new(list, o);
	}
	return list;
}

/*
 * GET /groups/{name}/members: answers 200, 404 when the group is missing
 * or hidden, 400 for a bad limit or offset.
 */
int
h_groups_members(struct req *r)
{
	struct group_member *m, *own;
	struct group *g;
	const char *visible;
	int64_t limit, offset;
	size_t n, nown;
	int member, owner, e;

	if ((e = load_group(r, &g, &member, &owner)) != E_OK)
		return e;
	if ((e = req_param_int(r, "limit", MEMBERS_DEFAULT, &limit)) != E_OK ||
	    (e = req_param_int(r, "offset", 0, &offset)) != E_OK)
		return e;
	if (limit < 1 || limit > MEMBERS_MAX) {
		req_errf(r, "limit must be between 1 and %d", MEMBERS_MAX);
		return E_BAD_REQUEST;
	}
	if (offset < 0 || offset > MAX_OFFSET) {
		req_errf(r, "offset must be between 0 and %d", MAX_OFFSET);
		return E_BAD_REQUEST;
	}
	if ((visible = perm_visible_categories(r)) == NULL ||
	    db_group_members(req_db(r), r->arena, g, 0, limit, offset,
	    visible, &m, &n) != DB_OK ||
	    db_group_members(req_db(r), r->arena, g, 1, MEMBERS_MAX, 0,
	    visible, &own, &nown) != DB_OK)
		return E_INTERNAL;
	return resp_json(r, 200, json_pack("{s:o,s:o,s:{s:I,s:I,s:I}}",
	    "members", members_json(m, n), "owners", members_json(own, nown),
	    "meta", "total", (json_int_t)g->user_count, "limit",
	    (json_int_t)limit, "offset", (json_int_t)offset));
}

/* --- names in requests --------------------------------------------- */

struct names {
	const char	**v;
	size_t		  n;
	size_t		  cap;
};

static void
names_push(struct req *r, struct names *l, const char *s, size_t len)
{
	const char **more;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		more = arena_alloc(r->arena, l->cap * sizeof(*more));
		if (l->n > 0)
			memcpy(more, l->v, l->n * sizeof(*more));
		l->v = more;
	}
	l->v[l->n++] = arena_strndup(r->arena, s, len);
}

/* Splits "a, b,c" into names, skipping empty ones; stops past max. */
static void
split_names(struct req *r, struct names *l, const char *s, size_t max)
{
	const char *end;
	size_t len;

	while (*s && l->n <= max) {
		while (*s == ',' || isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		end = strchr(s, ',');
		len = end ? (size_t)(end - s) : strlen(s);
		while (len > 0 && isspace((unsigned char)s[len - 1]))
			len--;
		names_push(r, l, s, len);
		s += end ? (size_t)(end - s) : strlen(s);
	}
}

/*
 * Collects param as a comma-separated string, a list (name[] or a JSON
 * array) of such strings, or the query string.  E_OK or E_BAD_REQUEST.
 */
static int
collect_names(struct req *r, const char *param, struct names *l)
{
	const char **items, *s;
	size_t n, i;
	int e;

	if ((e = req_param_list(r, param, &items, &n)) != E_OK)
		return e;
	for (i = 0; i < n; i++)
		split_names(r, l, items[i], MAX_USERS_AT_ONCE);
	if (n == 0 && (s = req_param(r, param)) != NULL)
		split_names(r, l, s, MAX_USERS_AT_ONCE);
	return E_OK;
}

/* A JSON array text of the names, for a json_each() look-up. */
static char *
names_json(struct req *r, const struct names *l)
{
	json_t *a = json_array();
	char *s, *out;
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, json_stringn(l->v[i], strlen(l->v[i])));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	if (s == NULL)
		abort();
	out = arena_strdup(r->arena, s);
	free(s);
	return out;
}

/* "a, b" from the first few names, for a message. */
static const char *
name_list(struct req *r, const char **v, size_t n)
{
	struct buf b = {0};
	const char *out;
	size_t i;

	for (i = 0; i < n && i < MAX_NAMES_IN_ERROR; i++)
		buf_printf(&b, "%s%.60s", i ? ", " : "",
		    valid_text(v[i]) ? v[i] : "(invalid)");
	if (n > MAX_NAMES_IN_ERROR)
		buf_puts(&b, ", ...");
	out = arena_strdup(r->arena, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

struct found {
	struct group_user_ref	*u;
	size_t			 n;
};

static int
ref_has(const struct found *f, const char *name, int by_email)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcasecmp(by_email ? f->u[i].email : f->u[i].username,
		    name) == 0)
			return 1;
	return 0;
}

/*
 * Resolves names (or emails) to users.  Any unknown one refuses the
 * request: E_BAD_REQUEST naming them (Discourse's InvalidParameters).
 */
static int
resolve(struct req *r, const struct names *l, int by_email, struct found *f)
{
	struct names missing = {0};
	size_t i;

	f->u = NULL;
	f->n = 0;
	if (l->n == 0)
		return E_OK;
	if (db_group_find_users(req_db(r), r->arena, names_json(r, l),
	    by_email, &f->u, &f->n) != DB_OK)
		return E_INTERNAL;
	for (i = 0; i < l->n; i++)
		if (!ref_has(f, l->v[i], by_email))
			names_push(r, &missing, l->v[i], strlen(l->v[i]));
	if (missing.n == 0)
		return E_OK;
	req_errf(r, "Could not find users: %s",
	    name_list(r, missing.v, missing.n));
	return E_BAD_REQUEST;
}

/* The users named by usernames and user_emails, without repeats. */
static int
requested_users(struct req *r, const char *uparam, const char *eparam,
    struct found *out)
{
	struct names un = {0}, em = {0};
	struct found fu, fe;
	size_t i, j;
	int e;

	if ((e = collect_names(r, uparam, &un)) != E_OK ||
	    (eparam != NULL && (e = collect_names(r, eparam, &em)) != E_OK))
		return e;
	if (un.n + em.n > MAX_USERS_AT_ONCE) {
		req_errf(r, "Maximum %d users can be added at once",
		    MAX_USERS_AT_ONCE);
		return E_INVALID;
	}
	if ((e = resolve(r, &un, 0, &fu)) != E_OK ||
	    (e = resolve(r, &em, 1, &fe)) != E_OK)
		return e;
	out->n = 0;
	out->u = arena_calloc(r->arena, fu.n + fe.n + 1, sizeof(*out->u));
	for (i = 0; i < fu.n + fe.n; i++) {
		const struct group_user_ref *u = i < fu.n ? &fu.u[i] :
		    &fe.u[i - fu.n];

		for (j = 0; j < out->n && out->u[j].id != u->id; j++)
			;
		if (j == out->n)
			out->u[out->n++] = *u;
	}
	return E_OK;
}

/* --- membership changes -------------------------------------------- */

/*
 * The group of PUT/DELETE /groups/{id}/members if the caller may manage
 * it: staff or an owner (403 otherwise); automatic groups are 422.
 */
static int
managed_group(struct req *r, struct group **g)
{
	int member, owner, e;

	if ((e = load_group(r, g, &member, &owner)) != E_OK)
		return e;
	if (!perm_is_staff(r->user) && !owner)
		return E_FORBIDDEN;
	if ((*g)->automatic) {
		req_errf(r, "You cannot modify an automatic group");
		return E_INVALID;
	}
	return E_OK;
}

static json_t *
usernames_json(const struct group_user_ref *u, size_t n)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(list, present_str(u[i].username));
	return list;
}

/* Users of f that are already members (a list of names in the arena). */
static int
already_members(struct req *r, int64_t gid, const struct found *f,
    struct names *in)
{
	int owner, rc;
	size_t i;

	for (i = 0; i < f->n; i++) {
		rc = db_group_membership(req_db(r), gid, f->u[i].id, &owner);
		if (rc == DB_OK)
			names_push(r, in, f->u[i].username,
			    strlen(f->u[i].username));
		else if (rc != DB_NOTFOUND)
			return E_INTERNAL;
	}
	return E_OK;
}

static int
add_all(struct req *r, int64_t gid, const struct found *f, int owner)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (db_group_set_member(req_db(r), gid, f->u[i].id, owner) !=
		    DB_OK)
			return E_INTERNAL;
	return E_OK;
}

/* Runs add_all in a transaction. */
static int
add_members_tx(struct req *r, int64_t gid, const struct found *f)
{
	int e;

	if (db_begin(req_db(r)) != DB_OK)
		return E_UNAVAILABLE;
	if ((e = add_all(r, gid, f, 0)) != E_OK) {
		db_rollback(req_db(r));
		return e;
	}
	return db_commit(req_db(r)) == DB_OK ? E_OK : E_INTERNAL;
}

/*
 * PUT /groups/{id}/members (staff or owner): answers 200, 400 for unknown
 * or no users, 403 for others, 404 for a missing or hidden group, 422
 * for an automatic group or when every user is already a member.
 */
int
h_groups_add_members(struct req *r)
{
	struct names in = {0};
	struct found f;
	struct group *g;
	int e;

	if ((e = managed_group(r, &g)) != E_OK ||
	    (e = requested_users(r, "usernames", "user_emails", &f)) != E_OK)
		return e;
	if (f.n == 0) {
		req_errf(r, "usernames or user_emails must be present");
		return E_BAD_REQUEST;
	}
	if ((e = already_members(r, g->id, &f, &in)) != E_OK)
		return e;
	/* Discourse refuses a request that would change nothing. */
	if (in.n == f.n) {
		req_errf(r, in.n == 1 ?
		    "%s is already a member of this group" :
		    "The following users are already members of this group: "
		    "%s", name_list(r, in.v, in.n));
		return E_INVALID;
	}
	if ((e = add_members_tx(r, g->id, &f)) != E_OK)
		return e;
	return resp_json(r, 200, json_pack("{s:s,s:o,s:[]}", "success", "OK",
	    "usernames", usernames_json(f.u, f.n), "emails"));
}

/* DELETE also takes user_id, as Discourse's users_from_params. */
static int
user_by_id_param(struct req *r, struct found *f)
{
	struct user *u;
	int64_t id;
	int e, rc;

	if ((e = req_param_int(r, "user_id", 0, &id)) != E_OK || id == 0)
		return e;
	rc = id > 0 ? db_user_by_id(req_db(r), r->arena, id, &u) :
	    DB_NOTFOUND;
	if (rc == DB_NOTFOUND || (rc == DB_OK && !u->active)) {
		req_errf(r, "Could not find users: %lld", (long long)id);
		return E_BAD_REQUEST;
	}
	if (rc != DB_OK)
		return E_INTERNAL;
	f->u = arena_calloc(r->arena, 1, sizeof(*f->u));
	f->u[0].id = u->id;
	f->u[0].username = u->username;
	f->u[0].email = u->email;
	f->n = 1;
	return E_OK;
}

/*
 * DELETE /groups/{id}/members (staff or owner): answers 200 naming the
 * removed and the skipped users; errors as for adding.
 */
int
h_groups_remove_members(struct req *r)
{
	struct found f;
	struct group *g;
	json_t *removed, *skipped;
	int owner, e, rc;
	size_t i;

	if ((e = managed_group(r, &g)) != E_OK ||
	    (e = requested_users(r, "usernames", "user_emails", &f)) != E_OK)
		return e;
	if (f.n == 0 && (e = user_by_id_param(r, &f)) != E_OK)
		return e;
	if (f.n == 0) {
		req_errf(r, "usernames, user_id or user_emails must be present");
		return E_BAD_REQUEST;
	}
	if (db_begin(req_db(r)) != DB_OK)
		return E_UNAVAILABLE;
	removed = json_array();
	skipped = json_array();
	for (i = 0; i < f.n; i++) {
		rc = db_group_membership(req_db(r), g->id, f.u[i].id, &owner);
		if (rc == DB_OK)
			rc = db_group_remove_member(req_db(r), g->id, f.u[i].id);
		else if (rc == DB_NOTFOUND) {
			json_array_append_new(skipped, present_str(f.u[i].username));
			continue;
		}
		if (rc != DB_OK)
			goto fail;
		json_array_append_new(removed, present_str(f.u[i].username));
	}
	if (db_commit(req_db(r)) != DB_OK)
		goto fail;
	return resp_json(r, 200, json_pack("{s:s,s:o,s:o}", "success", "OK",
	    "usernames", removed, "skipped_usernames", skipped));
fail:
	db_rollback(req_db(r));
	json_decref(removed);
	json_decref(skipped);
	return E_INTERNAL;
}

/* --- creating groups ----------------------------------------------- */

struct group_input {
	const char	*name;
	const char	*full_name;
	const char	*bio_raw;
	int64_t		 visibility;
	struct found	 members;
	struct found	 owners;
};

/* Group names follow the username rules; say "Name", not "Username". */
static void
check_group_name(struct req *r, const char *name, json_t *errors)
{
	const char *msg = valid_username(name);

	if (msg == NULL)
		return;
	if (strncmp(msg, "Username", 8) == 0)
		msg = arena_printf(r->arena, "Name%s", msg + 8);
	json_array_append_new(errors, json_string(msg));
}

static void
check_text(const char *s, const char *label, size_t max, json_t *errors,
    struct req *r)
{
	if (s == NULL)
		return;
	if (!valid_text(s))
		json_array_append_new(errors, json_string(arena_printf(
		    r->arena, "%s is invalid", label)));
	else if (valid_utf8_chars(s) > max)
		json_array_append_new(errors, json_string(arena_printf(
		    r->arena, "%s is too long (maximum is %zu characters)",
		    label, max)));
}

static int
read_group_input(struct req *r, struct group_input *in, json_t *errors)
{
	int e;

	memset(in, 0, sizeof(*in));
	in->name = req_param(r, "group[name]");
	if (in->name == NULL || *in->name == '\0') {
		req_errf(r, "param is missing or the value is empty: "
		    "group[name]");
		return E_BAD_REQUEST;
	}
	check_group_name(r, in->name, errors);
	in->full_name = req_param(r, "group[full_name]");
	in->bio_raw = req_param(r, "group[bio_raw]");
	check_text(in->full_name, "Full name", MAX_FULL_NAME, errors, r);
	check_text(in->bio_raw, "Bio", MAX_BIO, errors, r);
	if ((e = req_param_int(r, "group[visibility_level]", 0,
	    &in->visibility)) != E_OK)
		return e;
	if (in->visibility < 0 || in->visibility > 4)
		json_array_append_new(errors, json_string(
		    "Visibility level must be 0, 1, 2, 3 or 4"));
	if ((e = requested_users(r, "group[usernames]", NULL,
	    &in->members)) != E_OK)
		return e;
	return requested_users(r, "group[owner_usernames]", NULL, &in->owners);
}

/* Names are unique across groups and users (both can be @mentioned). */
static int
check_group_taken(struct req *r, const char *name, json_t *errors)
{
	struct group *g;
	int rc;

	rc = db_group_by_name(req_db(r), r->arena, name, &g);
	if (rc == DB_NOTFOUND)
		rc = db_username_taken(req_db(r), name);
	if (rc == DB_OK)
		json_array_append_new(errors,
		    json_string("Name has already been taken"));
	else if (rc != DB_NOTFOUND)
		return E_INTERNAL;
	return E_OK;
}

static int
create_group_tx(struct req *r, const struct group_input *in, int64_t *id,
    json_t *errors)
{
	int e, rc;

	if (db_begin(req_db(r)) != DB_OK)
		return E_UNAVAILABLE;
	if ((e = check_group_taken(r, in->name, errors)) != E_OK ||
	    json_array_size(errors) > 0)
		goto fail;
	rc = db_group_create(req_db(r), in->name, in->full_name, in->bio_raw,
	    (int)in->visibility, id);
	if (rc == DB_CONSTRAINT)
		json_array_append_new(errors,
		    json_string("Name has already been taken"));
	e = rc == DB_OK || rc == DB_CONSTRAINT ? E_OK : E_INTERNAL;
	if (rc != DB_OK || (e = add_all(r, *id, &in->members, 0)) != E_OK ||
	    (e = add_all(r, *id, &in->owners, 1)) != E_OK)
		goto fail;
	return db_commit(req_db(r)) == DB_OK ? E_OK : E_INTERNAL;
fail:
	db_rollback(req_db(r));
	return e;
}

/*
 * POST /admin/groups (admin): answers 200 with basic_group, 400 without
 * a name or with unknown users, 422 listing every invalid field.
 */
int
h_groups_create(struct req *r)
{
	struct group_input in;
	json_t *errors = json_array();
	struct group *g;
	int64_t id = 0;
	int owner, member, e;

	/* Taken names are reported with the other errors; nothing is
	 * written unless errors stays empty. */
	if ((e = read_group_input(r, &in, errors)) == E_OK)
		e = create_group_tx(r, &in, &id, errors);
	if (e != E_OK) {
		json_decref(errors);
		return e;
	}
	if (json_array_size(errors) > 0) {
		req_errors(r, errors);
		return E_INVALID;
	}
	json_decref(errors);
	if (db_group_by_id(req_db(r), r->arena, id, &g) != DB_OK ||
	    (member = db_group_membership(req_db(r), id, r->user->id,
	    &owner)) == DB_ERROR)
		return E_INTERNAL;
	return resp_json(r, 200, json_pack("{s:o}", "basic_group",
	    group_json(r, g, member == DB_OK, owner)));
}
