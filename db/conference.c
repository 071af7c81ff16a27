/*
 * The conference's storage (see db/conference.h): webinars, sessions and
 * presenters, agendas and feed tokens, Q&A votes and answered questions,
 * registration codes.  A list of sessions costs three statements whatever
 * its length: the sessions, then the tags and the presenters of all of
 * them through json_each over their ids.
 */
#include <stdlib.h>
#include <string.h>

#include "conference.h"
#include "db_impl.h"

const char *
conf_session_room(const struct conf_session *s)
{
	if (s->room_url != NULL && *s->room_url)
		return s->room_url;
	if (s->webinar_room_url != NULL && *s->webinar_room_url)
		return s->webinar_room_url;
	return NULL;
}

/* Runs a DELETE ... RETURNING: DB_OK when a row went, else DB_NOTFOUND. */
static int
delete_returning(struct db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	rc = db_row_rc(db, rc, what);
	db_done(st);
	return rc;
}

/* --- groups, users ------------------------------------------------- */

int
db_conf_group_id(struct db *db, const char *name, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_GROUP_ID);

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, name);
	return db_one_int(db, st, 0, id, "conf group id");
}

int
db_conf_group_ensure(struct db *db, const char *name, const char *full_name,
    int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_GROUP_ENSURE);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, full_name);
	db_bind_int(st, 3, util_now());
	if ((rc = db_exec_stmt(db, st, "conf group ensure")) != DB_OK)
		return rc;
	rc = db_conf_group_id(db, name, id);
	return rc == DB_NOTFOUND ? DB_ERROR : rc;
}

int
db_conf_user_find(struct db *db, struct arena *a, const char *login,
    int by_email, int64_t *id, char **username)
{
	sqlite3_stmt *st = db_stmt(db, by_email ? STMT_CONF_USER_BY_EMAIL :
	    STMT_CONF_USER_BY_NAME);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, login);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = db_col_int(st, 0);
		*username = db_col_text(st, 1, a);
	}
	rc = db_row_rc(db, rc, "conf user find");
	db_done(st);
	return rc;
}

/* --- webinars ------------------------------------------------------ */

static void
read_webinar(sqlite3_stmt *st, struct arena *a, struct conf_webinar *w)
{
	w->id = db_col_int(st, 0);
	w->external_id = db_col_text(st, 1, a);
	w->title = db_col_text(st, 2, a);
	w->starts_at = db_col_int(st, 3);
	w->ends_at = db_col_int(st, 4);
	w->room_url = db_col_text(st, 5, a);
	w->updated_at = db_col_int(st, 6);
}

int
db_conf_webinar_by_ext(struct db *db, struct arena *a, const char *ext,
    struct conf_webinar **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_WEBINAR_BY_EXT);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, ext);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = arena_calloc(a, 1, sizeof(**out));
		read_webinar(st, a, *out);
	}
	rc = db_row_rc(db, rc, "conf webinar");
	db_done(st);
	return rc;
}

static void
bind_webinar(sqlite3_stmt *st, int first, const struct conf_webinar *w)
{
	db_bind_text(st, first, w->title);
	db_bind_int_or_null(st, first + 1, w->starts_at);
	db_bind_int_or_null(st, first + 2, w->ends_at);
	db_bind_text(st, first + 3, w->room_url);
}

int
db_conf_webinar_insert(struct db *db, struct conf_webinar *w, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_WEBINAR_INSERT);

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, w->external_id);
	bind_webinar(st, 2, w);
	db_bind_int(st, 6, now);
	return db_one_int(db, st, 0, &w->id, "conf webinar insert");
}

int
db_conf_webinar_update(struct db *db, const struct conf_webinar *w,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_WEBINAR_UPDATE);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, w->id);
	bind_webinar(st, 2, w);
	db_bind_int(st, 6, now);
	return db_exec_stmt(db, st, "conf webinar update");
}

int
db_conf_webinars(struct db *db, struct arena *a, struct conf_webinar **out,
    size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_WEBINARS);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out), 16);
		read_webinar(st, a, &(*out)[(*n)++]);
	}
	rc = db_rc(db, rc, "conf webinars");
	db_done(st);
	return rc;
}

/* --- sessions ------------------------------------------------------ */

static void
read_session(sqlite3_stmt *st, struct arena *a, struct conf_session *s)
{
	memset(s, 0, sizeof(*s));
	s->topic_id = db_col_int(st, 0);
	s->external_id = db_col_text(st, 1, a);
	s->webinar_id = db_col_int(st, 2);
	s->format = db_col_text(st, 3, a);
	s->language = db_col_text(st, 4, a);
	s->starts_at = db_col_int(st, 5);
	s->ends_at = db_col_int(st, 6);
	s->room_url = db_col_text(st, 7, a);
	s->recording_url = db_col_text(st, 8, a);
	s->recording_post_id = db_col_int(st, 9);
	s->abstract = db_col_text(st, 10, a);
	s->created_at = db_col_int(st, 11);
	s->updated_at = db_col_int(st, 12);
	s->webinar_external_id = db_col_text(st, 13, a);
	s->webinar_title = db_col_text(st, 14, a);
	s->webinar_starts_at = db_col_int(st, 15);
	s->webinar_ends_at = db_col_int(st, 16);
	s->webinar_room_url = db_col_text(st, 17, a);
	s->title = db_col_text(st, 18, a);
	s->slug = db_col_text(st, 19, a);
	s->category_id = db_col_int(st, 20);
	s->deleted_at = db_col_int(st, 21);
	s->posts_count = db_col_int(st, 22);
	s->themes = db_col_text(st, 23, a);
}

/* The index of the session with topic_id in byid (sorted), or -1. */
struct by_id {
	int64_t	topic_id;
	size_t	index;
};

static int
cmp_by_id(const void *a, const void *b)
{
	const struct by_id *x = a, *y = b;

	return (x->topic_id > y->topic_id) - (x->topic_id < y->topic_id);
}

static struct conf_session *
find_session(struct conf_session *s, const struct by_id *byid, size_t n,
    int64_t topic_id)
{
	struct by_id key = { topic_id, 0 }, *hit;

	hit = bsearch(&key, byid, n, sizeof(*byid), cmp_by_id);
	return hit ? &s[hit->index] : NULL;
}

/* Loads the tags and presenters of s[0..n) with two statements. */
static int
load_extras(struct db *db, struct arena *a, struct conf_session *s, size_t n)
{
	struct by_id *byid;
	struct buf ids = {0};
	struct conf_session *cs;
	sqlite3_stmt *st;
	size_t i, *tcap, *pcap;
	int rc;

	if (n == 0)
		return DB_OK;
	byid = arena_calloc(a, n, sizeof(*byid));
	tcap = arena_calloc(a, n, sizeof(*tcap));
	pcap = arena_calloc(a, n, sizeof(*pcap));
	buf_putc(&ids, '[');
	for (i = 0; i < n; i++) {
		byid[i] = (struct by_id){ s[i].topic_id, i };
		buf_printf(&ids, "%s%lld", i ? "," : "",
		    (long long)s[i].topic_id);
	}
	buf_putc(&ids, ']');
	qsort(byid, n, sizeof(*byid), cmp_by_id);

	if ((st = db_stmt(db, STMT_CONF_SESSIONS_TAGS)) == NULL) {
		buf_free(&ids);
		return DB_ERROR;
	}
	db_bind_text(st, 1, ids.data);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((cs = find_session(s, byid, n, db_col_int(st, 0))) == NULL)
			continue;
		i = (size_t)(cs - s);
		cs->tags = arena_grow(a, cs->tags, cs->ntags, &tcap[i],
		    sizeof(*cs->tags), 4);
		cs->tags[cs->ntags++] = db_col_text(st, 1, a);
	}
	rc = db_rc(db, rc, "conf session tags");
	db_done(st);
	if (rc != DB_OK || (st = db_stmt(db,
	    STMT_CONF_SESSIONS_PRESENTERS)) == NULL) {
		buf_free(&ids);
		return DB_ERROR;
	}
	db_bind_text(st, 1, ids.data);
	buf_free(&ids);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct conf_presenter *p;

		if ((cs = find_session(s, byid, n, db_col_int(st, 0))) == NULL)
			continue;
		i = (size_t)(cs - s);
		cs->presenters = arena_grow(a, cs->presenters, cs->npresenters,
		    &pcap[i], sizeof(*cs->presenters), 4);
		p = &cs->presenters[cs->npresenters++];
		p->name = db_col_text(st, 1, a);
		p->affiliation = db_col_text(st, 2, a);
		p->username = db_col_text(st, 3, a);
		p->email = db_col_text(st, 4, a);
		p->user_id = db_col_int(st, 5);
		p->account = db_col_text(st, 6, a);
	}
	rc = db_rc(db, rc, "conf session presenters");
	db_done(st);
	return rc;
}

static int
session_one(struct db *db, struct arena *a, sqlite3_stmt *st,
    struct conf_session **out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		*out = arena_calloc(a, 1, sizeof(**out));
		read_session(st, a, *out);
	}
	rc = db_row_rc(db, rc, "conf session");
	db_done(st);
	if (rc != DB_OK)
		return rc;
	return load_extras(db, a, *out, 1);
}

int
db_conf_session_get(struct db *db, struct arena *a, int64_t topic_id,
    struct conf_session **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_SESSION_BY_TOPIC);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	return session_one(db, a, st, out);
}

int
db_conf_session_by_ext(struct db *db, struct arena *a, const char *ext,
    struct conf_session **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_SESSION_BY_EXT);

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, ext);
	return session_one(db, a, st, out);
}

/* The fields insert and update share, as ?1..?10 of both statements. */
static void
bind_session(sqlite3_stmt *st, const struct conf_session *s, int64_t now)
{
	db_bind_int(st, 1, s->topic_id);
	db_bind_int_or_null(st, 2, s->webinar_id);
	db_bind_text(st, 3, s->format);
	db_bind_text(st, 4, s->language ? s->language : "");
	db_bind_int_or_null(st, 5, s->starts_at);
	db_bind_int_or_null(st, 6, s->ends_at);
	db_bind_text(st, 7, s->room_url);
	db_bind_text(st, 8, s->abstract ? s->abstract : "");
	db_bind_int(st, 9, now);
	db_bind_text(st, 10, s->themes ? s->themes : "[]");
}

int
db_conf_session_insert(struct db *db, const struct conf_session *s,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_SESSION_INSERT);

	if (st == NULL)
		return DB_ERROR;
	bind_session(st, s, now);
	db_bind_text(st, 11, s->external_id);
	db_bind_text(st, 12, s->recording_url);
	return db_exec_stmt(db, st, "conf session insert");
}

int
db_conf_session_update(struct db *db, const struct conf_session *s,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_SESSION_UPDATE);

	if (st == NULL)
		return DB_ERROR;
	bind_session(st, s, now);
	return db_exec_stmt(db, st, "conf session update");
}

int
db_conf_presenters_prune(struct db *db, int64_t group_id)
{
	return db_exec_ints(db, STMT_CONF_PRESENTERS_PRUNE, 1, group_id, 0, 0,
	    "conf presenters prune");
}

int
db_conf_presenters_set(struct db *db, int64_t topic_id,
    const struct conf_presenter *p, size_t n)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = db_exec_ints(db, STMT_CONF_PRESENTERS_CLEAR, 1, topic_id, 0, 0,
	    "conf presenters clear")) != DB_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if ((st = db_stmt(db, STMT_CONF_PRESENTER_INSERT)) == NULL)
			return DB_ERROR;
		db_bind_int(st, 1, topic_id);
		db_bind_int(st, 2, (int64_t)i);
		db_bind_text(st, 3, p[i].name);
		db_bind_text(st, 4, p[i].affiliation ? p[i].affiliation : "");
		db_bind_text(st, 5, p[i].username);
		db_bind_text(st, 6, p[i].email);
		db_bind_int_or_null(st, 7, p[i].user_id);
		if ((rc = db_exec_stmt(db, st, "conf presenter")) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
db_conf_session_set_recording(struct db *db, int64_t topic_id,
    const char *url, int64_t post_id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_SESSION_SET_RECORDING);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_text(st, 2, url);
	db_bind_int_or_null(st, 3, post_id);
	db_bind_int(st, 4, now);
	return db_exec_stmt(db, st, "conf set recording");
}

int
db_conf_sessions(struct db *db, struct arena *a, const struct conf_filter *f,
    size_t max, struct conf_session **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_SESSIONS);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, f->visible);
	db_bind_text(st, 2, f->webinar);
	db_bind_text(st, 3, f->language);
	db_bind_text(st, 4, f->tag);
	db_bind_text(st, 5, f->format);
	if (f->from != 0 || f->until != 0) {
		db_bind_int(st, 6, f->from);
		db_bind_int(st, 7, f->until);
	}
	db_bind_int(st, 8, f->scheduled != 0);
	db_bind_int(st, 9, f->recorded != 0);
	db_bind_int(st, 10, f->agenda_user_id);
	db_bind_int(st, 11, f->topic_id);
	db_bind_int(st, 12, 0);
	db_bind_int(st, 13, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out), 32);
		read_session(st, a, &(*out)[(*n)++]);
	}
	rc = db_rc(db, rc, "conf sessions");
	db_done(st);
	if (rc != DB_OK)
		return rc;
	return load_extras(db, a, *out, *n);
}

int
db_conf_session_ext_ids(struct db *db, struct arena *a, char ***out,
    size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_SESSION_EXT_IDS);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out), 64);
		(*out)[(*n)++] = db_col_text(st, 0, a);
	}
	rc = db_rc(db, rc, "conf session ids");
	db_done(st);
	return rc;
}

int
db_conf_topic_role(struct db *db, int64_t topic_id, int64_t user_id,
    struct conf_role *role)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_TOPIC_ROLE);
	int rc;

	memset(role, 0, sizeof(*role));
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		role->session = 1;
		role->recording_post_id = db_col_int(st, 0);
		role->presenter = user_id != 0 && db_col_int(st, 1) != 0;
	}
	rc = db_rc(db, rc, "conf topic role");
	db_done(st);
	return rc;
}

int
db_conf_first_post_id(struct db *db, int64_t topic_id, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_FIRST_POST);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	return db_one_int(db, st, 0, id, "conf first post");
}

int
db_conf_topic_ext_taken(struct db *db, const char *ext)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_TOPIC_EXT_TAKEN);
	int64_t one = 0;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, ext);
	return db_one_int(db, st, 0, &one, "conf topic ext");
}

/* --- agendas and feeds --------------------------------------------- */

int
db_conf_agenda_add(struct db *db, int64_t user_id, int64_t topic_id,
    int64_t now)
{
	return db_exec_ints(db, STMT_CONF_AGENDA_ADD, 3, user_id, topic_id, now,
	    "conf agenda add");
}

int
db_conf_agenda_remove(struct db *db, int64_t user_id, int64_t topic_id)
{
	return db_exec_ints(db, STMT_CONF_AGENDA_REMOVE, 2, user_id, topic_id, 0,
	    "conf agenda remove");
}

int
db_conf_agenda_has(struct db *db, int64_t user_id, int64_t topic_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_AGENDA_HAS);
	int64_t one = 0;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, topic_id);
	return db_one_int(db, st, 0, &one, "conf agenda has");
}

int
db_conf_remind_due(struct db *db, struct arena *a, int64_t from, int64_t to,
    size_t max, struct conf_reminder **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_REMIND_DUE);
	struct conf_reminder *r = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_int(st, 3, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = arena_grow(a, r, *n, &cap, sizeof(*r), 16);
		r[*n].user_id = db_col_int(st, 0);
		r[*n].topic_id = db_col_int(st, 1);
		r[*n].starts_at = db_col_int(st, 2);
		r[*n].first_post_id = db_col_int(st, 3);
		(*n)++;
	}
	rc = db_rc(db, rc, "conf reminders due");
	db_done(st);
	*out = r;
	return rc;
}

int
db_conf_remind_mark(struct db *db, int64_t user_id, int64_t topic_id,
    int64_t starts_at)
{
	int rc = db_exec_ints(db, STMT_CONF_REMIND_MARK, 3, user_id, topic_id,
	    starts_at, "conf reminder mark");

	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
db_conf_feed_set(struct db *db, int64_t user_id, const char *hash,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_FEED_SET);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, hash);
	db_bind_int(st, 3, now);
	return db_exec_stmt(db, st, "conf feed set");
}

int
db_conf_feed_delete(struct db *db, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_FEED_DELETE);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	return delete_returning(db, st, "conf feed delete");
}

int
db_conf_feed_user(struct db *db, const char *hash, int64_t *user_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_FEED_USER);

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, hash);
	return db_one_int(db, st, 0, user_id, "conf feed user");
}

int
db_conf_feed_exists(struct db *db, int64_t user_id, int64_t *created_at)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_FEED_EXISTS);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	return db_one_int(db, st, 0, created_at, "conf feed exists");
}

/* --- Q&A ----------------------------------------------------------- */

int
db_conf_post_qa(struct db *db, int64_t post_id, int64_t viewer_id,
    int64_t topic_id, int64_t author_id, struct conf_post_qa *out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_POST_QA);
	int rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, viewer_id);
	db_bind_int(st, 3, topic_id);
	db_bind_int(st, 4, author_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->vote_count = db_col_int(st, 0);
		out->user_voted = viewer_id != 0 && db_col_int(st, 1) != 0;
		out->answered = db_col_int(st, 2) != 0;
		out->author_presenter = db_col_int(st, 3) != 0;
	}
	rc = db_row_rc(db, rc, "conf post qa");
	db_done(st);
	return rc == DB_NOTFOUND ? DB_ERROR : rc;
}

int
db_conf_vote_add(struct db *db, int64_t post_id, int64_t user_id,
    int64_t now)
{
	return db_exec_ints(db, STMT_CONF_VOTE_ADD, 3, post_id, user_id, now,
	    "conf vote add");
}

int
db_conf_vote_remove(struct db *db, int64_t post_id, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_VOTE_REMOVE);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, user_id);
	return delete_returning(db, st, "conf vote remove");
}

int
db_conf_answer_set(struct db *db, int64_t post_id, int64_t topic_id,
    int64_t user_id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_ANSWER_SET);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, topic_id);
	db_bind_int(st, 3, user_id);
	db_bind_int(st, 4, now);
	return db_exec_stmt(db, st, "conf answer set");
}

int
db_conf_answer_clear(struct db *db, int64_t post_id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_ANSWER_CLEAR);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, post_id);
	return delete_returning(db, st, "conf answer clear");
}

int
db_conf_answered_count(struct db *db, int64_t topic_id, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_ANSWERED_COUNT);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	rc = db_one_int(db, st, 0, n, "conf answered count");
	return rc == DB_NOTFOUND ? DB_ERROR : rc;
}

int
db_conf_stream_by_votes(struct db *db, struct arena *a, int64_t topic_id,
    int with_deleted, int64_t first_after, int64_t **ids, int64_t **numbers,
    size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_STREAM_BY_VOTES);
	size_t cap = 0, cap2 = 0;
	int rc;

	*ids = *numbers = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, with_deleted != 0);
	db_bind_int(st, 3, first_after);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = arena_grow(a, *ids, *n, &cap, sizeof(**ids), 64);
		*numbers = arena_grow(a, *numbers, *n, &cap2,
		    sizeof(**numbers), 64);
		(*ids)[*n] = db_col_int(st, 0);
		(*numbers)[*n] = db_col_int(st, 1);
		(*n)++;
	}
	rc = db_rc(db, rc, "conf stream by votes");
	db_done(st);
	return rc;
}

/* --- registration codes -------------------------------------------- */

int
db_conf_code_create(struct db *db, const char *hash, const char *truncated,
    const char *description, int64_t max_uses, int64_t expires_at,
    int64_t created_by, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_CODE_INSERT);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, hash);
	db_bind_text(st, 2, truncated);
	db_bind_text(st, 3, description ? description : "");
	db_bind_int_or_null(st, 4, max_uses);
	db_bind_int_or_null(st, 5, expires_at);
	db_bind_int_or_null(st, 6, created_by);
	db_bind_int(st, 7, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = db_col_int(st, 0);
	rc = rc == SQLITE_ROW ? DB_OK : db_rc(db, rc, "conf code insert");
	db_done(st);
	return rc;
}

int
db_conf_codes(struct db *db, struct arena *a, struct conf_code **out,
    size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_CODES);
	struct conf_code *c;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out), 16);
		c = &(*out)[(*n)++];
		c->id = db_col_int(st, 0);
		c->truncated = db_col_text(st, 1, a);
		c->description = db_col_text(st, 2, a);
		c->max_uses = db_col_int(st, 3);
		c->uses = db_col_int(st, 4);
		c->expires_at = db_col_int(st, 5);
		c->created_at = db_col_int(st, 6);
		c->revoked_at = db_col_int(st, 7);
		c->created_by = db_col_text(st, 8, a);
	}
	rc = db_rc(db, rc, "conf codes");
	db_done(st);
	return rc;
}

int
db_conf_code_revoke(struct db *db, int64_t id, int64_t now)
{
	int rc = db_exec_ints(db, STMT_CONF_CODE_REVOKE, 2, id, now, 0,
	    "conf code revoke");

	if (rc == DB_OK && sqlite3_changes(db->conn) != 1)
		return DB_NOTFOUND;
	return rc;
}

int
db_conf_code_redeem(struct db *db, const char *hash, int64_t user_id,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_CONF_CODE_FIND);
	int64_t code_id = 0;
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, now);
	if ((rc = db_one_int(db, st, 0, &code_id, "conf code find")) != DB_OK)
		return rc;
	if ((rc = db_exec_ints(db, STMT_CONF_CODE_REGISTER, 3, code_id, user_id,
	    now, "conf code register")) != DB_OK)
		return rc;
	/* A second redemption by the same user does not use the code up. */
	if (sqlite3_changes(db->conn) != 1)
		return DB_OK;
	return db_exec_ints(db, STMT_CONF_CODE_COUNT_USE, 1, code_id, 0, 0,
	    "conf code use");
}
