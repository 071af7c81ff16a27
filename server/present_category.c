/*
 * Categories as Discourse's CategorySerializer shows them, for the caller:
 * /categories.json, /site.json and a category's own page share them.
 */
#include <stddef.h>

#include "categories.h"
#include "escape.h"
#include "http.h"
#include "perm.h"
#include "post_cook.h"
#include "present.h"
#include "users.h"
#include "util.h"

#define UNCATEGORIZED_ID	1

/* Escapes at most max_chars characters of s as HTML text. */
static json_t *
html_text(const char *s, size_t max_chars)
{
	struct buf b = {0};
	size_t chars = 0, n;
	json_t *v;

	for (n = 0; s[n]; n++)
		if (((unsigned char)s[n] & 0xc0) != 0x80 &&
		    chars++ == max_chars)
			break;
	escape_html(&b, s, n);
	if (s[n])
		buf_puts(&b, "&hellip;");
	v = present_str(b.data ? b.data : "");
	buf_free(&b);
	return v;
}

/* The fields of Discourse's CategorySerializer we have. */
json_t *
present_category(struct req *r, const struct category *c)
{
	json_t *o = json_object();
	int perm = perm_category(r, c->id);

	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "name", present_str(c->name));
	json_object_set_new(o, "color", present_str(c->color));
	json_object_set_new(o, "text_color", present_str(c->text_color));
	json_object_set_new(o, "slug", present_str(c->slug));
	json_object_set_new(o, "topic_count", json_integer(c->topic_count));
	json_object_set_new(o, "post_count", json_integer(c->post_count));
	json_object_set_new(o, "position", json_integer(c->position));
	json_object_set_new(o, "description",
	    html_text(c->description, (size_t)-1));
	json_object_set_new(o, "description_text", present_str(c->description));
	json_object_set_new(o, "description_excerpt",
	    html_text(c->description, POST_EXCERPT_CHARS));
	json_object_set_new(o, "topic_url", json_null());
	json_object_set_new(o, "read_restricted",
	    json_boolean(!perm_category_public(r, c->id)));
	/* Discourse leaves the caller's permission null for anonymous. */
	json_object_set_new(o, "permission", r->user != NULL && perm > 0 ?
	    json_integer(perm) : json_null());
	json_object_set_new(o, "notification_level",
	    json_integer(present_category_level(r, c->id)));
	json_object_set_new(o, "can_edit",
	    json_boolean(r->user != NULL && r->user->admin));
	json_object_set_new(o, "topic_template", json_string(""));
	json_object_set_new(o, "has_children", json_false());
	json_object_set_new(o, "subcategory_count", json_integer(0));
	json_object_set_new(o, "sort_order", json_null());
	json_object_set_new(o, "sort_ascending", json_null());
	json_object_set_new(o, "show_subcategory_list", json_false());
	json_object_set_new(o, "num_featured_topics", json_integer(3));
	json_object_set_new(o, "default_view", json_null());
	json_object_set_new(o, "default_top_period", json_string("all"));
	json_object_set_new(o, "minimum_required_tags", json_integer(0));
	json_object_set_new(o, "subcategory_ids", json_array());
	json_object_set_new(o, "subcategory_list", json_array());
	json_object_set_new(o, "uploaded_logo", json_null());
	json_object_set_new(o, "uploaded_background", json_null());
	json_object_set_new(o, "is_uncategorized",
	    json_boolean(c->id == UNCATEGORIZED_ID));
	return o;
}

json_t *
present_categories_visible(struct req *r)
{
	struct category *c;
	const char *visible;
	json_t *list;
	size_t n, i;

	if ((visible = perm_visible_categories(r)) == NULL ||
	    db_category_list(req_db(r), r->arena, visible, &c, &n) != DB_OK)
		return NULL;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, present_category(r, &c[i]));
	return list;
}
