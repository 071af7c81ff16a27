/*
 * Categories: the list (/categories), one category's settings
 * (/c/{id}/show) and the admin's create and update.
 *
 * A category the caller may not see is left out of the list and answers
 * /c/{id}/show with the same 404 as a missing one.  Descriptions are plain
 * text; the API's "description" and "description_excerpt" are that text
 * HTML-escaped (Discourse sends HTML there), "description_text" is as is.
 * Create and update run in one transaction with their permission rows.
 */
#include <ctype.h>
#include <string.h>

#include "categories.h"
#include "groups.h"
#include "handlers.h"
#include "http.h"
#include "perm.h"
#include "present.h"
#include "text.h"
#include "users.h"
#include "valid.h"

#define UNCATEGORIZED_ID	1
#define MAX_NAME		50	/* characters, as Discourse */
#define MAX_DESCRIPTION		1000
#define MAX_SLUG_INPUT		255
#define MAX_PERMS		100
#define MAX_POSITION		1000000

/*
 * GET /categories: the categories the caller may see.  Answers 200.
 */
int
h_categories_index(struct req *r)
{
	json_t *list = present_categories_visible(r);

	if (list == NULL)
		return E_INTERNAL;
	return resp_json(r, 200, json_pack("{s:{s:b,s:b,s:n,s:s,s:i,s:o}}",
	    "category_list", "can_create_category",
	    r->user != NULL && r->user->admin, "can_create_topic",
	    r->user != NULL, "draft", "draft_key", "new_topic",
	    "draft_sequence", 0, "categories", list));
}

/*
 * group_permissions: the rows the caller may know about.  Only groups
 * the caller may see are named; a category without rows is staff-only
 * and says so with an empty list.
 */
static json_t *
group_perms_json(struct req *r, const struct category_perm *p, size_t n)
{
	struct group_viewer v = {0};
	json_t *list = json_array();
	size_t i;
	int rc;

	if (r->user != NULL) {
		v.user_id = r->user->id;
		v.staff = perm_is_staff(r->user);
		v.admin = r->user->admin;
	}
	for (i = 0; i < n; i++) {
		if (p[i].group_id != GROUP_EVERYONE && !v.admin) {
			rc = db_group_visible(req_db(r), &v, p[i].group_id);
			if (rc == DB_NOTFOUND)
				continue;
			if (rc != DB_OK) {
				json_decref(list);
				return NULL;
			}
		}
		json_array_append_new(list, json_pack("{s:i,s:o,s:I}",
		    "permission_type", p[i].permission_type, "group_name",
		    present_str(p[i].group_name), "group_id",
		    (json_int_t)p[i].group_id));
	}
	return list;
}

/* Groups not yet given a permission, for the admin's edit form. */
static json_t *
available_groups_json(struct req *r, const struct category_perm *p,
    size_t n)
{
	json_t *list = json_array();
	char **names;
	size_t nn, i, j;

	if (db_group_names(req_db(r), r->arena, &names, &nn) != DB_OK) {
		json_decref(list);
		return NULL;
	}
	for (i = 0; i < nn; i++) {
		for (j = 0; j < n && strcmp(p[j].group_name, names[i]) != 0;
		    j++)
			;
		if (j == n)
			json_array_append_new(list, present_str(names[i]));
	}
	return list;
}

/* {"category": {...}} with the permission details; consumes nothing. */
static int
respond_category(struct req *r, int64_t id)
{
	struct category_perm *p;
	struct category *c;
	json_t *o, *gp, *ag = NULL;
	size_t n;
	int rc;

	if ((rc = db_category_get(req_db(r), r->arena, id, &c)) == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK ||
	    db_category_perms(req_db(r), r->arena, id, &p, &n) != DB_OK)
		return E_INTERNAL;
	if ((gp = group_perms_json(r, p, n)) == NULL)
		return E_INTERNAL;
	if (r->user != NULL && r->user->admin &&
	    (ag = available_groups_json(r, p, n)) == NULL) {
		json_decref(gp);
		return E_INTERNAL;
	}
	o = present_category(r, c);
	json_object_set_new(o, "group_permissions", gp);
	if (ag != NULL)
		json_object_set_new(o, "available_groups", ag);
	return resp_json(r, 200, json_pack("{s:o}", "category", o));
}

/*
 * GET /c/{id}/show: one category with its permissions.  Answers 200, or
 * 404 when missing or hidden.
 */
int
h_categories_show(struct req *r)
{
	int64_t id = req_arg_id(r, "id");
	int perm = perm_category(r, id);

	if (perm < 0)
		return E_INTERNAL;
	if (!perm_can_see(perm))
		return E_NOT_FOUND;
	return respond_category(r, id);
}

/* --- create and update --------------------------------------------- */

struct cat_input {
	struct category_fields	 f;
	int			 perms_given;
	struct category_perm	*perms;
	size_t			 nperms;
	int			 auto_slug;	/* no slug given on create */
};

static void
add_error(json_t *errors, const char *msg)
{
	json_array_append_new(errors, json_string(msg));
}

/* Drops leading and trailing ASCII white space (Discourse strips names). */
static char *
trim(struct req *r, const char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(r->arena, s, n);
}

static int
hex_color(const char *s)
{
	size_t i;

	for (i = 0; i < 6; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return s[6] == '\0';
}

static void
check_name(const char *name, json_t *errors)
{
	if (*name == '\0')
		add_error(errors, "Name can't be blank");
	else if (!valid_text(name))
		add_error(errors, "Name is invalid");
	else if (valid_utf8_chars(name) > MAX_NAME)
		add_error(errors, "Name is too long (maximum is 50 characters)");
}

static void
read_colors(struct req *r, struct cat_input *in, json_t *errors)
{
	in->f.color = req_param(r, "color");
	in->f.text_color = req_param(r, "text_color");
	if (in->f.color != NULL && !hex_color(in->f.color))
		add_error(errors, "Color must be 6 hexadecimal digits");
	if (in->f.text_color != NULL && !hex_color(in->f.text_color))
		add_error(errors, "Text color must be 6 hexadecimal digits");
}

/* A given slug is normalised the way Discourse does (Slug.for). */
static void
read_slug(struct req *r, struct cat_input *in, json_t *errors)
{
	const char *s = req_param(r, "slug");

	if (s == NULL || *s == '\0')
		return;
	if (strlen(s) > MAX_SLUG_INPUT || !valid_text(s) ||
	    *(in->f.slug = text_slug(r->arena, s, "")) == '\0') {
		in->f.slug = NULL;
		add_error(errors, "Slug is invalid");
	}
}

static void
read_description(struct req *r, struct cat_input *in, json_t *errors)
{
	const char *s = req_param(r, "description");

	if (s == NULL)
		return;
	if (!valid_text(s))
		add_error(errors, "Description is invalid");
	else if (valid_utf8_chars(s) > MAX_DESCRIPTION)
		add_error(errors, "Description is too long (maximum is 1000 "
		    "characters)");
	else
		in->f.description = s;
}

/* 1, 2, 3 or Discourse's names for them; 0 when neither. */
static int
perm_type(json_t *v)
{
	const char *s;

	if (json_is_integer(v))
		return json_integer_value(v) >= 1 && json_integer_value(v) <= 3 ?
		    (int)json_integer_value(v) : 0;
	if (!json_is_string(v))
		return 0;
	s = json_string_value(v);
	if (strcmp(s, "1") == 0 || strcmp(s, "full") == 0)
		return PERM_FULL;
	if (strcmp(s, "2") == 0 || strcmp(s, "create_post") == 0)
		return PERM_CREATE_POST;
	if (strcmp(s, "3") == 0 || strcmp(s, "readonly") == 0)
		return PERM_READONLY;
	return 0;
}

/* One permissions[group]=type entry; appends to in->perms. */
static int
read_perm(struct req *r, struct cat_input *in, const char *name, json_t *v,
    json_t *errors)
{
	struct group *g;
	int type = perm_type(v), rc;

	rc = strlen(name) > 100 ? DB_NOTFOUND :
	    db_group_by_name(req_db(r), r->arena, name, &g);
	if (rc == DB_NOTFOUND) {
		json_array_append_new(errors, json_string(strlen(name) > 100 ?
		    "Group not found" : arena_printf(r->arena,
		    "Group not found: %s", name)));
		return E_OK;
	}
	if (rc != DB_OK)
		return E_INTERNAL;
	if (type == 0) {
		json_array_append_new(errors, json_string(arena_printf(
		    r->arena, "Permission for %s must be 1 (full), "
		    "2 (create_post) or 3 (readonly)", g->name)));
		return E_OK;
	}
	in->perms[in->nperms].group_id = g->id;
	in->perms[in->nperms].group_name = g->name;
	in->perms[in->nperms].permission_type = type;
	in->nperms++;
	return E_OK;
}

/*
 * permissions: {"group name": 1|2|3}, from JSON or form fields
 * "permissions[name]=1".  On create, none given means everyone: full.
 */
static int
read_perms(struct req *r, struct cat_input *in, int creating,
    json_t *errors)
{
	json_t *obj = req_param_json(r, "permissions"), *v;
	const char *name;
	int e;

	if (obj == NULL || json_is_null(obj)) {
		if (!creating)
			return E_OK;
		in->perms_given = 1;
		in->perms = arena_calloc(r->arena, 1, sizeof(*in->perms));
		in->perms[0].group_id = GROUP_EVERYONE;
		in->perms[0].group_name = "everyone";
		in->perms[0].permission_type = PERM_FULL;
		in->nperms = 1;
		return E_OK;
	}
	if (!json_is_object(obj)) {
		req_errf(r, "permissions must map group names to 1, 2 or 3");
		return E_BAD_REQUEST;
	}
	if (json_object_size(obj) > MAX_PERMS) {
		add_error(errors, "Too many permissions (maximum is 100)");
		return E_OK;
	}
	in->perms_given = 1;
	in->perms = arena_calloc(r->arena, json_object_size(obj) + 1,
	    sizeof(*in->perms));
	json_object_foreach(obj, name, v)
		if ((e = read_perm(r, in, name, v, errors)) != E_OK)
			return e;
	return E_OK;
}

/*
 * Reads and checks every field, collecting Discourse-style messages in
 * errors.  Returns E_OK (then look at errors) or a 400/500 error.
 */
static int
read_input(struct req *r, struct cat_input *in, int creating, json_t *errors)
{
	const char *name = req_param(r, "name");
	const char *parent = req_param(r, "parent_category_id");
	int e;

	memset(in, 0, sizeof(*in));
	if (name != NULL)
		name = trim(r, name);
	if (creating && (name == NULL || *name == '\0')) {
		req_errf(r, "param is missing or the value is empty: name");
		return E_BAD_REQUEST;
	}
	if (name != NULL) {
		check_name(name, errors);
		in->f.name = name;
	}
	read_colors(r, in, errors);
	read_slug(r, in, errors);
	in->auto_slug = creating && in->f.slug == NULL;
	read_description(r, in, errors);
	if ((e = req_param_int(r, "position", 0, &in->f.position)) != E_OK)
		return e;
	in->f.has_position = req_param(r, "position") != NULL &&
	    *req_param(r, "position") != '\0';
	if (in->f.position < 0 || in->f.position > MAX_POSITION)
		add_error(errors, "Position must be between 0 and 1000000");
	if (parent != NULL && *parent != '\0')
		add_error(errors, "Subcategories are not supported");
	return read_perms(r, in, creating, errors);
}

/* Name and slug uniqueness, checked inside the write transaction. */
static int
check_unique(struct req *r, struct cat_input *in, int64_t id,
    json_t *errors)
{
	struct db *db = req_db(r);
	int rc;

	if (in->f.name != NULL) {
		rc = db_category_name_taken(db, in->f.name, id);
		if (rc == DB_OK)
			add_error(errors, "Category Name has already been taken");
		else if (rc != DB_NOTFOUND)
			return E_INTERNAL;
	}
	if (in->auto_slug) {
		/* Discourse falls back to "<id>-category" (NULL here). */
		in->f.slug = text_slug(r->arena, in->f.name, "");
		if (*in->f.slug == '\0')
			in->f.slug = NULL;
	}
	if (in->f.slug != NULL) {
		rc = db_category_slug_taken(db, in->f.slug, id);
		if (rc == DB_OK && in->auto_slug)
			in->f.slug = NULL;
		else if (rc == DB_OK)
			add_error(errors, "Slug is already in use");
		else if (rc != DB_NOTFOUND)
			return E_INTERNAL;
	}
	return E_OK;
}

static int
invalid(struct req *r, json_t *errors)
{
	req_errors(r, errors);
	return E_INVALID;
}

/*
 * The write itself: id 0 creates (setting *id).  Runs in BEGIN
 * IMMEDIATE so the uniqueness checks and the write see one database.
 */
static int
write_category(struct req *r, struct cat_input *in, int64_t *id,
    json_t *errors)
{
	struct db *db = req_db(r);
	int creating = *id == 0, rc, e;

	if (db_begin(db) != DB_OK)
		return E_UNAVAILABLE;
	if ((e = check_unique(r, in, *id, errors)) != E_OK ||
	    json_array_size(errors) > 0)
		goto fail;
	rc = creating ? db_category_create(db, &in->f, id) :
	    db_category_update(db, *id, &in->f);
	if (rc == DB_OK && in->perms_given)
		rc = db_category_set_perms(db, *id, in->perms, in->nperms);
	if (rc == DB_CONSTRAINT)
		add_error(errors, "Category Name has already been taken");
	e = rc == DB_NOTFOUND ? E_NOT_FOUND : rc == DB_CONSTRAINT ? E_OK :
	    rc != DB_OK ? E_INTERNAL : E_OK;
	if (rc != DB_OK)
		goto fail;
	if (db_commit(db) != DB_OK)
		return E_INTERNAL;
	/* Permission rows read earlier in this request are stale now. */
	perm_forget(r);
	return E_OK;
fail:
	db_rollback(db);
	return e;
}

static int
save(struct req *r, int64_t id)
{
	struct cat_input in;
	json_t *errors = json_array();
	int e;

	/* Uniqueness is checked even after other errors, to list them all;
	 * nothing is written unless errors stays empty. */
	if ((e = read_input(r, &in, id == 0, errors)) == E_OK)
		e = write_category(r, &in, &id, errors);
	if (e != E_OK) {
		json_decref(errors);
		return e;
	}
	if (json_array_size(errors) > 0)
		return invalid(r, errors);
	json_decref(errors);
	return respond_category(r, id);
}

/*
 * POST /categories (admin): answers 200 with the new category, 400
 * without a name, 422 listing every invalid field.
 */
int
h_categories_create(struct req *r)
{
	return save(r, 0);
}

/*
 * PUT /categories/{id} (admin): answers 200 with the category, 404 when
 * missing, 422 listing every invalid field.
 */
int
h_categories_update(struct req *r)
{
	int64_t id = req_arg_id(r, "id");
	struct category *c;
	int rc;

	/* Admins see every category, so only a missing one is 404. */
	if ((rc = db_category_get(req_db(r), r->arena, id, &c)) == DB_NOTFOUND)
		return E_NOT_FOUND;
	if (rc != DB_OK)
		return E_INTERNAL;
	return save(r, id);
}
