/*
 * Topic lists.  A page costs at most five statements whatever its size:
 * the pinned topics (when they go first), the page itself, the tags of
 * its topics, their featured posters, and (from the handler) the users
 * those name.  The per-topic extras are read with "topic_id IN (SELECT
 * value FROM json_each(?))" over the page's ids, never one query a topic.
 */
#include <string.h>

#include "db_impl.h"
#include "lists.h"

#define ORDER_ROW(kind) { \
	[LIST_ORDER_DEFAULT] = { STMT_LIST_##kind##_DEFAULT_DESC, \
	    STMT_LIST_##kind##_DEFAULT_ASC }, \
	[LIST_ORDER_CREATED] = { STMT_LIST_##kind##_CREATED_DESC, \
	    STMT_LIST_##kind##_CREATED_ASC }, \
	[LIST_ORDER_ACTIVITY] = { STMT_LIST_##kind##_ACTIVITY_DESC, \
	    STMT_LIST_##kind##_ACTIVITY_ASC }, \
	[LIST_ORDER_VIEWS] = { STMT_LIST_##kind##_VIEWS_DESC, \
	    STMT_LIST_##kind##_VIEWS_ASC }, \
	[LIST_ORDER_POSTS] = { STMT_LIST_##kind##_POSTS_DESC, \
	    STMT_LIST_##kind##_POSTS_ASC }, \
	[LIST_ORDER_LIKES] = { STMT_LIST_##kind##_LIKES_DESC, \
	    STMT_LIST_##kind##_LIKES_ASC }, \
	[LIST_ORDER_CATEGORY] = { STMT_LIST_##kind##_CATEGORY_DESC, \
	    STMT_LIST_##kind##_CATEGORY_ASC }, \
}

/* [kind][order][ascending] */
static const enum stmt page_stmt[LIST_KIND__MAX][LIST_ORDER__MAX][2] = {
	[LIST_LATEST] = ORDER_ROW(LATEST),
	[LIST_CATEGORY] = ORDER_ROW(CATEGORY),
	[LIST_TAG] = ORDER_ROW(TAG),
	[LIST_TOP] = ORDER_ROW(TOP),
	[LIST_USER] = ORDER_ROW(USER),
	[LIST_NEW] = ORDER_ROW(NEW),
	[LIST_UNREAD] = ORDER_ROW(UNREAD),
};

/* STMT__MAX: this kind of list never puts pins first (/top, a user's,
 * /new and /unread). */
static const enum stmt pinned_stmt[LIST_KIND__MAX] = {
	[LIST_LATEST] = STMT_LIST_LATEST_PINNED,
	[LIST_CATEGORY] = STMT_LIST_CATEGORY_PINNED,
	[LIST_TAG] = STMT_LIST_TAG_PINNED,
	[LIST_TOP] = STMT__MAX,
	[LIST_USER] = STMT__MAX,
	[LIST_NEW] = STMT__MAX,
	[LIST_UNREAD] = STMT__MAX,
};

/* The growing array of a page: topics land here from both queries. */
struct page {
	struct list_topic	*t;
	size_t			 n;
	size_t			 cap;
};

static struct list_topic *
page_push(struct arena *a, struct page *p)
{
	struct list_topic *more;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		more = arena_calloc(a, p->cap, sizeof(*more));
		if (p->n > 0)
			memcpy(more, p->t, p->n * sizeof(*more));
		p->t = more;
	}
	memset(&p->t[p->n], 0, sizeof(p->t[p->n]));
	return &p->t[p->n++];
}

static void
read_topic(sqlite3_stmt *st, struct arena *a, struct list_topic *t)
{
	t->id = db_col_int(st, 0);
	t->title = db_col_text(st, 1, a);
	t->fancy_title = db_col_text(st, 2, a);
	t->slug = db_col_text(st, 3, a);
	t->posts_count = db_col_int(st, 4);
	t->reply_count = db_col_int(st, 5);
	t->highest_post_number = db_col_int(st, 6);
	t->created_at = db_col_int(st, 7);
	t->last_posted_at = db_col_int(st, 8);
	t->bumped_at = db_col_int(st, 9);
	t->archetype = db_col_text(st, 10, a);
	t->pinned = (int)db_col_int(st, 11);
	/* An expired global pin is no pin at all. */
	t->pinned_globally = t->pinned && db_col_int(st, 12);
	t->visible = (int)db_col_int(st, 13);
	t->closed = (int)db_col_int(st, 14);
	t->archived = (int)db_col_int(st, 15);
	t->views = db_col_int(st, 16);
	t->like_count = db_col_int(st, 17);
	t->excerpt = db_col_text(st, 18, a);
	t->category_id = db_col_int(st, 19);
	t->user_id = db_col_int(st, 20);
	t->last_post_user_id = db_col_int(st, 21);
	t->has_recording = (int)db_col_int(st, 22);
}

/* Binds the parameters every list statement shares (see the .def). */
static void
bind_common(sqlite3_stmt *st, const struct list_query *q, int skip_pins,
    int64_t limit)
{
	db_bind_text(st, 1, q->visible);
	db_bind_int(st, 2, q->include_unlisted != 0);
	db_bind_int(st, 3, q->now);
	db_bind_int(st, 4, skip_pins);
	db_bind_int(st, 5, q->filter);
	db_bind_int(st, 6, limit);
	if (q->kind == LIST_NEW || q->kind == LIST_UNREAD)
		db_bind_int(st, 8, q->user_id);
}

static int
run_page_stmt(struct db *db, struct arena *a, sqlite3_stmt *st,
    struct page *p)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_topic(st, a, page_push(a, p));
	rc = db_rc(db, rc, "topic list");
	db_done(st);
	return rc;
}

/*
 * Discourse's prioritize_pinned_topics: page 0 is the pins then the
 * first unpinned topics; page N starts N pages in, less the pins page 0
 * showed.  Pins beyond one page are never shown (as there).
 */
static int
read_pinned(struct db *db, struct arena *a, const struct list_query *q,
    struct page *p)
{
	sqlite3_stmt *st;

	if (!q->pins_first || pinned_stmt[q->kind] == STMT__MAX)
		return DB_OK;
	if ((st = db_stmt(db, pinned_stmt[q->kind])) == NULL)
		return DB_ERROR;
	bind_common(st, q, 0, q->per_page);
	return run_page_stmt(db, a, st, p);
}

static int
read_unpinned(struct db *db, struct arena *a, const struct list_query *q,
    size_t npinned, struct page *p)
{
	int skip = q->pins_first && pinned_stmt[q->kind] != STMT__MAX;
	int64_t limit, offset;
	sqlite3_stmt *st;

	if (q->page == 0) {
		limit = q->per_page - (int64_t)npinned;
		offset = 0;
		if (limit <= 0)
			return DB_OK;
	} else {
		limit = q->per_page;
		offset = q->page * q->per_page - (int64_t)npinned;
	}
	st = db_stmt(db, page_stmt[q->kind][q->order][q->ascending != 0]);
	if (st == NULL)
		return DB_ERROR;
	bind_common(st, q, skip, limit);
	db_bind_int(st, 7, offset);
	return run_page_stmt(db, a, st, p);
}

static char *
ids_json(struct arena *a, const struct page *p)
{
	struct buf b = {0};
	char *out;
	size_t i;

	buf_putc(&b, '[');
	for (i = 0; i < p->n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)p->t[i].id);
	buf_putc(&b, ']');
	out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

static struct list_topic *
find_topic(struct page *p, int64_t id)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->t[i].id == id)
			return &p->t[i];
	return NULL;
}

/* Rows come sorted by topic, so each topic's names arrive together. */
static int
read_tags(struct db *db, struct arena *a, struct page *p, const char *ids)
{
	sqlite3_stmt *st = db_stmt(db, STMT_LIST_TOPIC_TAGS);
	struct list_topic *t;
	const char **more;
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, ids);
	t = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = db_col_int(st, 0);

		if (t == NULL || t->id != id) {
			t = find_topic(p, id);
			cap = 0;
		}
		if (t == NULL)
			continue;
		if (t->ntags == cap) {
			cap = cap ? cap * 2 : 4;
			more = arena_alloc(a, cap * sizeof(*more));
			if (t->ntags > 0)
				memcpy(more, t->tags, t->ntags * sizeof(*more));
			t->tags = more;
		}
		t->tags[t->ntags++] = db_col_text(st, 1, a);
	}
	rc = db_rc(db, rc, "topic tags");
	db_done(st);
	return rc;
}

static int
read_featured(struct db *db, struct page *p, const char *ids)
{
	sqlite3_stmt *st = db_stmt(db, STMT_LIST_FEATURED_POSTERS);
	struct list_topic *t;
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, ids);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t = find_topic(p, db_col_int(st, 0));
		if (t != NULL && t->nfeatured < LIST_MAX_FEATURED)
			t->featured[t->nfeatured++] = db_col_int(st, 1);
	}
	rc = db_rc(db, rc, "featured posters");
	db_done(st);
	return rc;
}

int
db_list_topics(struct db *db, struct arena *a, const struct list_query *q,
    struct list_topic **out, size_t *n)
{
	struct page p = {0};
	size_t npinned;
	const char *ids;
	int rc;

	*out = NULL;
	*n = 0;
	if (q->kind < 0 || q->kind >= LIST_KIND__MAX || q->order < 0 ||
	    q->order >= LIST_ORDER__MAX || q->per_page <= 0)
		return DB_ERROR;
	if ((rc = read_pinned(db, a, q, &p)) != DB_OK)
		return rc;
	npinned = p.n;
	/* Later pages need the count but not the pinned rows themselves. */
	if (q->page > 0)
		p.n = 0;
	if ((rc = read_unpinned(db, a, q, npinned, &p)) != DB_OK)
		return rc;
	if (p.n > 0) {
		ids = ids_json(a, &p);
		if ((rc = read_tags(db, a, &p, ids)) != DB_OK ||
		    (rc = read_featured(db, &p, ids)) != DB_OK)
			return rc;
	}
	*out = p.t;
	*n = p.n;
	return DB_OK;
}

int
db_list_users(struct db *db, struct arena *a, const char *ids_json,
    struct list_user **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_LIST_USERS);
	struct list_user *u = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, ids_json);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		u = arena_grow(a, u, *n, &cap,
		    sizeof(*u), 16);
		u[*n].id = db_col_int(st, 0);
		u[*n].username = db_col_text(st, 1, a);
		u[*n].name = db_col_text(st, 2, a);
		(*n)++;
	}
	rc = db_rc(db, rc, "list users");
	db_done(st);
	*out = u;
	return rc;
}
