/*
 * Posts, revisions and likes.  Reads join the author and whether the
 * viewer liked each post, so a topic page is one query per chunk.  Writes
 * keep the counters of topics, posts, users, categories and tags in step
 * (see db/topics.h for what each counts) inside the caller's transaction.
 */
#include <string.h>

#include "db_impl.h"
#include "posts.h"
#include "topics.h"

static struct post *
read_post(sqlite3_stmt *st, struct arena *a)
{
	struct post *p = arena_calloc(a, 1, sizeof(*p));

	p->id = db_col_int(st, 0);
	p->topic_id = db_col_int(st, 1);
	p->user_id = db_col_int(st, 2);
	p->post_number = db_col_int(st, 3);
	p->post_type = (int)db_col_int(st, 4);
	p->raw = db_col_text(st, 5, a);
	p->cooked = db_col_text(st, 6, a);
	p->reply_to_post_number = db_col_int(st, 7);
	p->reply_count = db_col_int(st, 8);
	p->like_count = db_col_int(st, 9);
	p->version = db_col_int(st, 10);
	p->edit_reason = db_col_text(st, 11, a);
	p->created_at = db_col_int(st, 12);
	p->updated_at = db_col_int(st, 13);
	p->deleted_at = db_col_int(st, 14);
	p->username = db_col_text(st, 15, a);
	p->name = db_col_text(st, 16, a);
	p->admin = (int)db_col_int(st, 17);
	p->moderator = (int)db_col_int(st, 18);
	p->trust_level = (int)db_col_int(st, 19);
	p->liked_at = db_col_int(st, 20);
	return p;
}

/* Words as the topic counted them: runs of letters and digits (any
 * non-ASCII byte counts as a letter). */
static int64_t
word_count(const char *s)
{
	int64_t n = 0;
	int in = 0;

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		int w = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;

		if (w && !in)
			n++;
		in = w;
	}
	return n;
}

/*
 * Numbers the new post and counts it on its topic; sets *category and
 * *live (whether the topic is live).  DB_NOTFOUND when there is no topic.
 */
static int
topic_add(struct db *db, const struct post_new *p, int64_t *number,
    int64_t *category, int *live)
{
	sqlite3_stmt *st = db_stmt(db, STMT_POST_TOPIC_ADD);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, p->topic_id);
	db_bind_int(st, 2, p->now);
	db_bind_int(st, 3, word_count(p->raw));
	db_bind_int(st, 4, p->user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*number = db_col_int(st, 0);
		*category = db_col_int(st, 1);
		*live = (int)db_col_int(st, 2);
	}
	rc = db_row_rc(db, rc, "post topic add");
	db_done(st);
	return rc;
}

/* Counts the reply on its parent; *reply_to becomes 0 when the parent is
 * not a live post of the topic, so the reply stands alone. */
static int
parent_add_reply(struct db *db, int64_t topic_id, int64_t number,
    int64_t *reply_to)
{
	int rc;

	if (*reply_to <= 0 || *reply_to >= number) {
		*reply_to = 0;
		return DB_OK;
	}
	if ((rc = db_exec_ints(db, STMT_POST_PARENT_ADD_REPLY, 2, topic_id,
	    *reply_to, 0, "parent reply")) != DB_OK)
		return rc;
	if (sqlite3_changes(db->conn) != 1)
		*reply_to = 0;
	return DB_OK;
}

static int
insert_post(struct db *db, const struct post_new *p, int64_t number,
    int64_t reply_to, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_POST_INSERT);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, p->topic_id);
	db_bind_int(st, 2, p->user_id);
	db_bind_int(st, 3, number);
	db_bind_text(st, 4, p->raw);
	db_bind_text(st, 5, p->cooked);
	db_bind_int_or_null(st, 6, reply_to);
	db_bind_int(st, 7, p->now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = db_col_int(st, 0);
	rc = rc == SQLITE_ROW ? DB_OK : db_rc(db, rc, "post insert");
	db_done(st);
	return rc;
}

int
db_post_create(struct db *db, const struct post_new *p, int64_t *id,
    int64_t *post_number)
{
	int64_t reply_to = p->reply_to_post_number, category = 0;
	sqlite3_stmt *st;
	int live = 0, rc;

	if ((rc = topic_add(db, p, post_number, &category, &live)) != DB_OK ||
	    (rc = parent_add_reply(db, p->topic_id, *post_number,
	    &reply_to)) != DB_OK ||
	    (rc = insert_post(db, p, *post_number, reply_to, id)) != DB_OK)
		return rc;
	if (!live)
		return DB_OK;
	if ((st = db_stmt(db, STMT_POST_COUNT_USER)) == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, p->user_id);
	db_bind_int(st, 2, 1);
	db_bind_int(st, 3, p->now);
	if ((rc = db_exec_stmt(db, st, "post count user")) != DB_OK)
		return rc;
	return db_exec_ints(db, STMT_TOPIC_COUNT_CATEGORY, 3, category, 0, 1,
	    "post count category");
}

int
db_post_get(struct db *db, struct arena *a, int64_t id, int64_t viewer_id,
    int with_raw, struct post **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_POST_BY_ID);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, with_raw != 0);
	db_bind_int(st, 3, viewer_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = read_post(st, a);
	rc = db_row_rc(db, rc, "post get");
	db_done(st);
	return rc;
}

int
db_posts_stream(struct db *db, struct arena *a, int64_t topic_id,
    int with_deleted, int64_t **ids, int64_t **numbers, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_POSTS_STREAM);
	size_t cap = 0;
	int rc;

	*n = 0;
	*ids = *numbers = NULL;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, with_deleted != 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			int64_t *mi, *mn;

			cap = cap ? cap * 2 : 64;
			mi = arena_alloc(a, cap * sizeof(*mi));
			mn = arena_alloc(a, cap * sizeof(*mn));
			if (*n > 0) {
				memcpy(mi, *ids, *n * sizeof(*mi));
				memcpy(mn, *numbers, *n * sizeof(*mn));
			}
			*ids = mi;
			*numbers = mn;
		}
		(*ids)[*n] = db_col_int(st, 0);
		(*numbers)[*n] = db_col_int(st, 1);
		(*n)++;
	}
	rc = db_rc(db, rc, "post stream");
	db_done(st);
	return rc;
}

int
db_posts_by_ids(struct db *db, struct arena *a, int64_t topic_id,
    const int64_t *ids, size_t nids, int64_t viewer_id, int with_deleted,
    struct post ***out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_POSTS_BY_IDS);
	struct buf list = {0};
	size_t i;
	int rc;

	*n = 0;
	*out = arena_calloc(a, nids ? nids : 1, sizeof(**out));
	if (st == NULL)
		return DB_ERROR;
	buf_putc(&list, '[');
	for (i = 0; i < nids; i++)
		buf_printf(&list, "%s%lld", i ? "," : "", (long long)ids[i]);
	buf_putc(&list, ']');
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, 0);
	db_bind_int(st, 3, viewer_id);
	db_bind_text(st, 4, list.data);
	db_bind_int(st, 5, with_deleted != 0);
	buf_free(&list);
	/* Ids are distinct rows, so at most nids come back. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < nids)
		(*out)[(*n)++] = read_post(st, a);
	rc = db_rc(db, rc, "posts by ids");
	db_done(st);
	return rc;
}

int
db_post_edit(struct db *db, const struct post *old, const struct post_edit *e)
{
	sqlite3_stmt *st = db_stmt(db, STMT_POST_REVISION_ADD);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, old->id);
	db_bind_int(st, 2, old->version);
	db_bind_int(st, 3, e->editor_id);
	db_bind_text(st, 4, e->raw);
	db_bind_text(st, 5, e->cooked);
	db_bind_text(st, 6, e->edit_reason);
	db_bind_int(st, 7, e->now);
	if ((rc = db_exec_stmt(db, st, "revision add")) != DB_OK)
		return rc;
	if (sqlite3_changes(db->conn) != 1)
		return DB_NOTFOUND;
	if ((st = db_stmt(db, STMT_POST_SET_TEXT)) == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, old->id);
	db_bind_text(st, 2, e->raw);
	db_bind_text(st, 3, e->cooked);
	db_bind_text(st, 4, e->edit_reason);
	db_bind_int(st, 5, e->now);
	if ((rc = db_exec_stmt(db, st, "post set text")) != DB_OK ||
	    old->raw == NULL)
		return rc;
	return db_exec_ints(db, STMT_POST_TOPIC_WORDS, 2, old->topic_id,
	    word_count(e->raw) - word_count(old->raw), 0, "topic words");
}

/* The topic's side of a deletion: counts and its last post. */
static int
topic_drop(struct db *db, const struct post *p, int64_t words)
{
	sqlite3_stmt *st = db_stmt(db, STMT_POST_TOPIC_DROP);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, p->topic_id);
	db_bind_int(st, 2, p->id);
	db_bind_int(st, 3, p->post_number);
	db_bind_int(st, 4, words);
	return db_exec_stmt(db, st, "post topic drop");
}

int
db_post_delete(struct db *db, const struct post *p, int topic_live,
    int64_t by_id, int64_t now)
{
	int64_t category = 0;
	struct topic *t;
	struct arena *a;
	int rc;

	if ((rc = db_exec_ints(db, STMT_POST_TRASH, 3, p->id, now, by_id,
	    "post trash")) != DB_OK)
		return rc;
	if (sqlite3_changes(db->conn) != 1)
		return DB_NOTFOUND;
	if ((rc = topic_drop(db, p, p->raw ? word_count(p->raw) : 0)) !=
	    DB_OK)
		return rc;
	if (p->reply_to_post_number > 0 && (rc = db_exec_ints(db,
	    STMT_POST_PARENT_DROP_REPLY, 2, p->topic_id,
	    p->reply_to_post_number, 0, "parent drop reply")) != DB_OK)
		return rc;
	if (!topic_live)
		return DB_OK;
	if ((rc = db_exec_ints(db, STMT_POST_UNCOUNT_AUTHOR, 1, p->id, 0, 0,
	    "uncount author")) != DB_OK ||
	    (rc = db_exec_ints(db, STMT_POST_UNCOUNT_LIKERS, 1, p->id, 0, 0,
	    "uncount likers")) != DB_OK)
		return rc;
	/* The category is read inside the transaction: a move may have won. */
	a = arena_new();
	if ((rc = db_topic_get(db, a, p->topic_id, &t)) == DB_OK)
		category = t->category_id;
	arena_free(a);
	if (rc != DB_OK)
		return rc == DB_NOTFOUND ? DB_ERROR : rc;
	return db_exec_ints(db, STMT_TOPIC_COUNT_CATEGORY, 3, category, 0, -1,
	    "uncount category");
}

static int
revision_range(struct db *db, int64_t post_id, struct post_revision *r)
{
	sqlite3_stmt *st = db_stmt(db, STMT_POST_REVISION_RANGE);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, post_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->first = db_col_int(st, 0);
		r->last = db_col_int(st, 1);
		r->count = db_col_int(st, 2);
	}
	rc = db_rc(db, rc, "revision range");
	db_done(st);
	return rc;
}

int
db_post_revision_get(struct db *db, struct arena *a, int64_t post_id,
    int64_t number, struct post_revision **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_POST_REVISION_GET);
	struct post_revision *r;
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, number);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = r = arena_calloc(a, 1, sizeof(*r));
		r->number = db_col_int(st, 0);
		r->user_id = db_col_int(st, 1);
		r->raw_before = db_col_text(st, 2, a);
		r->raw_after = db_col_text(st, 3, a);
		r->cooked_before = db_col_text(st, 4, a);
		r->cooked_after = db_col_text(st, 5, a);
		r->title_before = db_col_text(st, 6, a);
		r->title_after = db_col_text(st, 7, a);
		r->edit_reason = db_col_text(st, 8, a);
		r->created_at = db_col_int(st, 9);
		r->username = db_col_text(st, 10, a);
		r->name = db_col_text(st, 11, a);
	}
	rc = db_row_rc(db, rc, "revision get");
	db_done(st);
	if (rc != DB_OK)
		return rc;
	return revision_range(db, post_id, *out);
}

/* The four like counters move together, by delta. */
static int
count_like(struct db *db, const struct post *p, int64_t user_id, int delta)
{
	int rc;

	if ((rc = db_exec_ints(db, STMT_POST_LIKE_COUNT, 2, p->id, delta, 0,
	    "like count")) != DB_OK ||
	    (rc = db_exec_ints(db, STMT_POST_TOPIC_LIKE_COUNT, 2, p->topic_id,
	    delta, 0, "topic like count")) != DB_OK ||
	    (rc = db_exec_ints(db, STMT_POST_LIKER_COUNT, 2, user_id, delta, 0,
	    "likes given")) != DB_OK)
		return rc;
	return db_exec_ints(db, STMT_POST_AUTHOR_LIKED_COUNT, 2, p->user_id,
	    delta, 0, "likes received");
}

int
db_post_like(struct db *db, const struct post *p, int64_t user_id,
    int64_t now)
{
	int rc;

	if ((rc = db_exec_ints(db, STMT_POST_LIKE_INSERT, 3, p->id, user_id, now,
	    "like insert")) != DB_OK)
		return rc;
	return count_like(db, p, user_id, 1);
}

int
db_post_unlike(struct db *db, const struct post *p, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_POST_LIKE_DELETE);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, p->id);
	db_bind_int(st, 2, user_id);
	rc = sqlite3_step(st);
	rc = db_row_rc(db, rc, "like delete");
	db_done(st);
	if (rc != DB_OK)
		return rc;
	return count_like(db, p, user_id, -1);
}
