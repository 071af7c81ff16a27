/*
 * Topics: one topic with its tags and participants, creation, title,
 * category, tags and status changes, soft deletion, and the check that
 * recomputes every stored counter from the rows it counts.
 *
 * The counters are kept by the functions that write the rows they count,
 * inside the caller's transaction, so they never drift; `confab admin
 * check-counters` (db_counters_check) proves it after the HTTP tests.
 */
#include <string.h>

#include "db_impl.h"
#include "topics.h"

static struct topic *
read_topic(sqlite3_stmt *st, struct arena *a)
{
	struct topic *t = arena_calloc(a, 1, sizeof(*t));

	t->id = db_col_int(st, 0);
	t->title = db_col_text(st, 1, a);
	t->fancy_title = db_col_text(st, 2, a);
	t->slug = db_col_text(st, 3, a);
	t->category_id = db_col_int(st, 4);
	t->user_id = db_col_int(st, 5);
	t->archetype = db_col_text(st, 6, a);
	t->created_at = db_col_int(st, 7);
	t->updated_at = db_col_int(st, 8);
	t->bumped_at = db_col_int(st, 9);
	t->last_posted_at = db_col_int(st, 10);
	t->last_post_user_id = db_col_int(st, 11);
	t->posts_count = db_col_int(st, 12);
	t->reply_count = db_col_int(st, 13);
	t->highest_post_number = db_col_int(st, 14);
	t->like_count = db_col_int(st, 15);
	t->views = db_col_int(st, 16);
	t->word_count = db_col_int(st, 17);
	t->excerpt = db_col_text(st, 18, a);
	t->closed = (int)db_col_int(st, 19);
	t->archived = (int)db_col_int(st, 20);
	t->visible = (int)db_col_int(st, 21);
	t->pinned_at = db_col_int(st, 22);
	t->pinned_globally = (int)db_col_int(st, 23);
	t->pinned_until = db_col_int(st, 24);
	t->external_id = db_col_text(st, 25, a);
	t->deleted_at = db_col_int(st, 26);
	t->deleted_by_id = db_col_int(st, 27);
	t->username = db_col_text(st, 28, a);
	t->name = db_col_text(st, 29, a);
	t->last_poster_username = db_col_text(st, 30, a);
	t->last_poster_name = db_col_text(st, 31, a);
	return t;
}

static int
load_tags(struct db *db, struct arena *a, struct topic *t)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TOPIC_TAG_NAMES);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, t->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->ntags == cap) {
			char **more;

			cap = cap ? cap * 2 : 8;
			more = arena_alloc(a, cap * sizeof(*more));
			if (t->ntags > 0)
				memcpy(more, t->tags, t->ntags * sizeof(*more));
			t->tags = more;
		}
		t->tags[t->ntags++] = db_col_text(st, 0, a);
	}
	rc = db_rc(db, rc, "topic tags");
	db_done(st);
	return rc;
}

int
db_topic_get(struct db *db, struct arena *a, int64_t id, struct topic **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TOPIC_BY_ID);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = read_topic(st, a);
	rc = db_row_rc(db, rc, "topic get");
	db_done(st);
	if (rc == DB_OK)
		rc = load_tags(db, a, *out);
	return rc;
}

/*
 * Links tags to a topic, creating missing ones; counted is 1 when the
 * topic is live (so tags.topic_count includes it), else 0.
 */
static int
add_tags(struct db *db, int64_t topic_id, const char **tags, size_t n,
    int counted, int64_t now)
{
	sqlite3_stmt *st;
	int64_t tag_id;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if ((st = db_stmt(db, STMT_TOPIC_TAG_UPSERT)) == NULL)
			return DB_ERROR;
		db_bind_text(st, 1, tags[i]);
		db_bind_int(st, 2, counted);
		db_bind_int(st, 3, now);
		rc = sqlite3_step(st);
		tag_id = rc == SQLITE_ROW ? db_col_int(st, 0) : 0;
		rc = rc == SQLITE_ROW ? DB_OK : db_rc(db, rc, "tag upsert");
		db_done(st);
		if (rc == DB_OK && tag_id == 0)
			rc = DB_ERROR;
		if (rc != DB_OK)
			return rc;
		if ((rc = db_exec_ints(db, STMT_TOPIC_TAG_LINK, 2, topic_id, tag_id,
		    0, "tag link")) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
db_topic_create(struct db *db, const struct topic_new *t, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TOPIC_INSERT);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, t->title);
	db_bind_text(st, 2, t->fancy_title);
	db_bind_text(st, 3, t->slug);
	db_bind_int(st, 4, t->category_id);
	db_bind_int(st, 5, t->user_id);
	db_bind_int(st, 6, t->now);
	db_bind_text(st, 7, t->excerpt ? t->excerpt : "");
	db_bind_text(st, 8, t->external_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = db_col_int(st, 0);
	rc = rc == SQLITE_ROW ? DB_OK : db_rc(db, rc, "topic insert");
	db_done(st);
	if (rc != DB_OK)
		return rc;
	if ((rc = add_tags(db, *id, t->tags, t->ntags, 1, t->now)) != DB_OK)
		return rc;
	/* Posts are counted by db_post_create as they come. */
	if ((rc = db_exec_ints(db, STMT_TOPIC_COUNT_USER, 2, t->user_id, 1, 0,
	    "topic count user")) != DB_OK)
		return rc;
	return db_exec_ints(db, STMT_TOPIC_COUNT_CATEGORY, 3, t->category_id, 1, 0,
	    "topic count category");
}

int
db_topic_external_id_taken(struct db *db, const char *external_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TOPIC_EXTERNAL_ID_TAKEN);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, external_id);
	rc = sqlite3_step(st);
	rc = db_row_rc(db, rc, "external id");
	db_done(st);
	return rc;
}

static int
participant_count(struct db *db, int64_t topic_id, int64_t *count)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TOPIC_PARTICIPANT_COUNT);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? db_col_int(st, 0) : 0;
	rc = db_rc(db, rc, "participant count");
	db_done(st);
	return rc;
}

int
db_topic_participants(struct db *db, struct arena *a, int64_t topic_id,
    size_t max, struct topic_participant **out, size_t *n, int64_t *count)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TOPIC_PARTICIPANTS);
	struct topic_participant *p;
	int rc;

	*n = 0;
	*out = arena_calloc(a, max ? max : 1, sizeof(**out));
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		p = &(*out)[(*n)++];
		p->id = db_col_int(st, 0);
		p->username = db_col_text(st, 1, a);
		p->name = db_col_text(st, 2, a);
		p->admin = (int)db_col_int(st, 3);
		p->moderator = (int)db_col_int(st, 4);
		p->trust_level = (int)db_col_int(st, 5);
		p->post_count = db_col_int(st, 6);
	}
	rc = db_rc(db, rc, "participants");
	db_done(st);
	if (rc != DB_OK)
		return rc;
	return participant_count(db, topic_id, count);
}

int
db_topic_others_posted(struct db *db, int64_t topic_id, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TOPIC_OTHERS_POSTED);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, user_id);
	rc = sqlite3_step(st);
	rc = db_row_rc(db, rc, "others posted");
	db_done(st);
	return rc;
}

int
db_topic_add_views(struct db *db, int64_t topic_id, int64_t n)
{
	return db_exec_ints(db, STMT_TOPIC_ADD_VIEWS, 2, topic_id, n, 0,
	    "topic views");
}

int
db_user_last_created(struct db *db, int64_t user_id, int64_t *post,
    int64_t *topic)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TOPIC_USER_LAST_CREATED);
	int rc;

	*post = *topic = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*post = db_col_int(st, 0);
		*topic = db_col_int(st, 1);
	}
	rc = db_rc(db, rc, "last created");
	db_done(st);
	return rc;
}

int
db_topic_set_title(struct db *db, const struct topic *t, const char *title,
    const char *fancy_title, const char *slug, int64_t editor_id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TOPIC_SET_TITLE);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, t->id);
	db_bind_text(st, 2, title);
	db_bind_text(st, 3, fancy_title);
	db_bind_text(st, 4, slug);
	db_bind_int(st, 5, now);
	if ((rc = db_exec_stmt(db, st, "topic title")) != DB_OK)
		return rc;
	if ((rc = db_exec_ints(db, STMT_TOPIC_FIRST_POST_BUMP, 2, t->id, now, 0,
	    "first post version")) != DB_OK)
		return rc;
	if (sqlite3_changes(db->conn) != 1)
		return DB_NOTFOUND;
	if ((st = db_stmt(db, STMT_TOPIC_TITLE_REVISION)) == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, t->id);
	db_bind_int(st, 2, editor_id);
	db_bind_text(st, 3, t->title);
	db_bind_text(st, 4, title);
	db_bind_int(st, 5, now);
	return db_exec_stmt(db, st, "title revision");
}

int
db_topic_set_category(struct db *db, const struct topic *t,
    int64_t category_id, int64_t now)
{
	int rc;

	if ((rc = db_exec_ints(db, STMT_TOPIC_SET_CATEGORY, 3, t->id, category_id,
	    now, "topic category")) != DB_OK)
		return rc;
	/* A deleted topic is in no category's counts. */
	if (t->deleted_at != 0 || category_id == t->category_id)
		return DB_OK;
	if ((rc = db_exec_ints(db, STMT_TOPIC_COUNT_CATEGORY, 3, t->category_id,
	    -1, -t->posts_count, "category uncount")) != DB_OK)
		return rc;
	return db_exec_ints(db, STMT_TOPIC_COUNT_CATEGORY, 3, category_id, 1,
	    t->posts_count, "category count");
}

int
db_topic_set_tags(struct db *db, const struct topic *t, const char **tags,
    size_t n, int64_t now)
{
	int live = t->deleted_at == 0, rc;

	if (live && (rc = db_exec_ints(db, STMT_TOPIC_TAGS_UNCOUNT, 1, t->id, 0, 0,
	    "tags uncount")) != DB_OK)
		return rc;
	if ((rc = db_exec_ints(db, STMT_TOPIC_TAGS_CLEAR, 1, t->id, 0, 0,
	    "tags clear")) != DB_OK)
		return rc;
	return add_tags(db, t->id, tags, n, live, now);
}

int
db_topic_set_status(struct db *db, int64_t topic_id, enum topic_status s,
    int enabled, int64_t until, int64_t now)
{
	static const enum stmt flag_stmt[] = {
		[TOPIC_STATUS_CLOSED] = STMT_TOPIC_SET_CLOSED,
		[TOPIC_STATUS_ARCHIVED] = STMT_TOPIC_SET_ARCHIVED,
		[TOPIC_STATUS_VISIBLE] = STMT_TOPIC_SET_VISIBLE,
	};
	sqlite3_stmt *st;

	if (s == TOPIC_STATUS_CLOSED || s == TOPIC_STATUS_ARCHIVED ||
	    s == TOPIC_STATUS_VISIBLE)
		return db_exec_ints(db, flag_stmt[s], 3, topic_id, enabled != 0,
		    now, "topic status");
	if ((st = db_stmt(db, STMT_TOPIC_SET_PIN)) == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_int_or_null(st, 2, enabled ? now : 0);
	db_bind_int(st, 3, enabled && s == TOPIC_STATUS_PINNED_GLOBALLY);
	db_bind_int_or_null(st, 4, enabled ? until : 0);
	db_bind_int(st, 5, now);
	return db_exec_stmt(db, st, "topic pin");
}

int
db_topic_delete(struct db *db, const struct topic *t, int64_t by_id,
    int64_t now)
{
	int rc;

	if ((rc = db_exec_ints(db, STMT_TOPIC_TRASH, 3, t->id, now, by_id,
	    "topic trash")) != DB_OK)
		return rc;
	if (sqlite3_changes(db->conn) != 1)
		return DB_NOTFOUND;
	/* Posters, likers and tags first: they read the topic's live rows. */
	if ((rc = db_exec_ints(db, STMT_TOPIC_UNCOUNT_POSTERS, 1, t->id, 0, 0,
	    "uncount posters")) != DB_OK ||
	    (rc = db_exec_ints(db, STMT_TOPIC_UNCOUNT_LIKERS, 1, t->id, 0, 0,
	    "uncount likers")) != DB_OK ||
	    (rc = db_exec_ints(db, STMT_TOPIC_TAGS_UNCOUNT, 1, t->id, 0, 0,
	    "uncount tags")) != DB_OK ||
	    (rc = db_exec_ints(db, STMT_TOPIC_COUNT_USER, 2, t->user_id, -1, 0,
	    "uncount topic")) != DB_OK)
		return rc;
	/* posts_count is the number of live posts, as the category counts. */
	return db_exec_ints(db, STMT_TOPIC_COUNT_CATEGORY, 3, t->category_id, -1,
	    -t->posts_count, "uncount category");
}

int
db_topic_set_excerpt(struct db *db, int64_t topic_id, const char *excerpt,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_TOPIC_SET_EXCERPT);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_text(st, 2, excerpt);
	db_bind_int(st, 3, now);
	return db_exec_stmt(db, st, "topic excerpt");
}

static const struct {
	enum stmt	 stmt;
	const char	*table;
	const char	*column;
} counter_checks[] = {
	{ STMT_CHECK_TOPIC_POSTS_COUNT,	"topics",	"posts_count" },
	{ STMT_CHECK_TOPIC_REPLY_COUNT,	"topics",	"reply_count" },
	{ STMT_CHECK_TOPIC_HIGHEST,	"topics",	"highest_post_number" },
	{ STMT_CHECK_TOPIC_LIKES,	"topics",	"like_count" },
	{ STMT_CHECK_TOPIC_LAST_POSTED,	"topics",	"last_posted_at" },
	{ STMT_CHECK_TOPIC_LAST_POSTER,	"topics",	"last_post_user_id" },
	{ STMT_CHECK_POST_REPLIES,	"posts",	"reply_count" },
	{ STMT_CHECK_POST_LIKES,	"posts",	"like_count" },
	{ STMT_CHECK_USER_POSTS,	"users",	"post_count" },
	{ STMT_CHECK_USER_TOPICS,	"users",	"topic_count" },
	{ STMT_CHECK_USER_LIKES_GIVEN,	"users",	"likes_given" },
	{ STMT_CHECK_USER_LIKES_RECEIVED, "users",	"likes_received" },
	{ STMT_CHECK_CATEGORY_TOPICS,	"categories",	"topic_count" },
	{ STMT_CHECK_CATEGORY_POSTS,	"categories",	"post_count" },
	{ STMT_CHECK_TAG_TOPICS,	"tags",		"topic_count" },
};

int
db_counters_check(struct db *db, FILE *out)
{
	sqlite3_stmt *st;
	size_t i;
	int bad = 0, rc;

	for (i = 0; i < ARRAY_SIZE(counter_checks); i++) {
		if ((st = db_stmt(db, counter_checks[i].stmt)) == NULL)
			return -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			fprintf(out, "%s %lld %s: stored %s, actual %s\n",
			    counter_checks[i].table,
			    (long long)db_col_int(st, 0),
			    counter_checks[i].column,
			    db_col_is_null(st, 1) ? "NULL" :
			    (const char *)sqlite3_column_text(st, 1),
			    db_col_is_null(st, 2) ? "NULL" :
			    (const char *)sqlite3_column_text(st, 2));
			bad++;
		}
		rc = db_rc(db, rc, counter_checks[i].column);
		db_done(st);
		if (rc != DB_OK)
			return -1;
	}
	return bad;
}
