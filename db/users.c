/*
 * Users, sessions and API keys.  Secrets never reach this file: callers
 * pass the hash of a token or key, and the argon2id string of a password.
 */
#include <stdio.h>
#include <string.h>

#include "db_impl.h"
#include "users.h"

int
db_setting_get(struct db *db, struct arena *a, const char *name,
    char **value)
{
	sqlite3_stmt *st = db_stmt(db, STMT_SETTING_GET);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = db_col_text(st, 0, a);
	rc = db_row_rc(db, rc, "setting get");
	db_done(st);
	return rc;
}

int
db_setting_put(struct db *db, const char *name, const char *value)
{
	sqlite3_stmt *st = db_stmt(db, STMT_SETTING_PUT);

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, value);
	return db_exec_stmt(db, st, "setting put");
}

int
db_user_create(struct db *db, const struct user_new *u, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_INSERT);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, u->username);
	db_bind_text(st, 2, u->email);
	db_bind_text(st, 3, u->name ? u->name : "");
	db_bind_text(st, 4, u->password_hash);
	db_bind_int(st, 5, u->admin != 0);
	db_bind_int(st, 6, u->moderator != 0);
	db_bind_int(st, 7, util_now());
	rc = db_exec_stmt(db, st, "user insert");
	if (rc == DB_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

static int
exists(struct db *db, enum stmt id, const char *value)
{
	sqlite3_stmt *st = db_stmt(db, id);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, value);
	rc = sqlite3_step(st);
	rc = db_row_rc(db, rc, "exists");
	db_done(st);
	return rc;
}

int
db_username_taken(struct db *db, const char *username)
{
	return exists(db, STMT_USERNAME_TAKEN, username);
}

int
db_email_taken(struct db *db, const char *email)
{
	return exists(db, STMT_EMAIL_TAKEN, email);
}

static struct user *
read_user(sqlite3_stmt *st, struct arena *a)
{
	struct user *u = arena_calloc(a, 1, sizeof(*u));

	u->id = db_col_int(st, 0);
	u->username = db_col_text(st, 1, a);
	u->email = db_col_text(st, 2, a);
	u->name = db_col_text(st, 3, a);
	u->password_hash = db_col_text(st, 4, a);
	u->admin = (int)db_col_int(st, 5);
	u->moderator = (int)db_col_int(st, 6);
	u->trust_level = (int)db_col_int(st, 7);
	u->active = (int)db_col_int(st, 8);
	u->created_at = db_col_int(st, 9);
	u->last_seen_at = db_col_int(st, 10);
	u->last_posted_at = db_col_int(st, 11);
	u->post_count = db_col_int(st, 12);
	u->topic_count = db_col_int(st, 13);
	u->likes_given = db_col_int(st, 14);
	u->likes_received = db_col_int(st, 15);
	return u;
}

/*
 * Automatic groups are derived from the user row; created groups come
 * from group_users.  Both end up in one sorted list for permission checks.
 */
static int
load_groups(struct db *db, struct arena *a, struct user *u)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_GROUP_IDS);
	size_t cap = 8;
	int rc;

	if (st == NULL)
		return DB_ERROR;
	u->group_ids = arena_alloc(a, cap * sizeof(int64_t));
	u->ngroups = 0;
	u->group_ids[u->ngroups++] = GROUP_EVERYONE;
	if (u->admin)
		u->group_ids[u->ngroups++] = GROUP_ADMINS;
	if (u->moderator)
		u->group_ids[u->ngroups++] = GROUP_MODERATORS;
	if (u->admin || u->moderator)
		u->group_ids[u->ngroups++] = GROUP_STAFF;
	u->group_ids[u->ngroups++] = GROUP_REGISTERED;
	db_bind_int(st, 1, u->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (u->ngroups == cap) {
			int64_t *more = arena_alloc(a, 2 * cap * sizeof(int64_t));

			memcpy(more, u->group_ids, cap * sizeof(int64_t));
			u->group_ids = more;
			cap *= 2;
		}
		u->group_ids[u->ngroups++] = db_col_int(st, 0);
	}
	rc = db_rc(db, rc, "user groups");
	db_done(st);
	return rc;
}

static int
user_query(struct db *db, struct arena *a, sqlite3_stmt *st,
    struct user **out)
{
	int rc;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = read_user(st, a);
		db_done(st);
		return load_groups(db, a, *out);
	}
	rc = rc == SQLITE_DONE ? DB_NOTFOUND : db_rc(db, rc, "user query");
	db_done(st);
	return rc;
}

int
db_user_by_id(struct db *db, struct arena *a, int64_t id, struct user **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_BY_ID);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return user_query(db, a, st, out);
}

int
db_user_by_username(struct db *db, struct arena *a, const char *name,
    struct user **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_BY_USERNAME);

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, name);
	return user_query(db, a, st, out);
}

int
db_user_by_login(struct db *db, struct arena *a, const char *login,
    struct user **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_BY_LOGIN);

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, login);
	return user_query(db, a, st, out);
}

int
db_username_canonical(struct db *db, const char *name, size_t len,
    char out[64])
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_BY_USERNAME);
	const unsigned char *s;
	int rc;

	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, name, (int)len, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s = sqlite3_column_text(st, 1);
		snprintf(out, 64, "%s", s ? (const char *)s : "");
	}
	rc = db_row_rc(db, rc, "username");
	db_done(st);
	return rc;
}

int
db_user_set_password_hash(struct db *db, int64_t id, const char *hash)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_SET_PASSWORD);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, hash);
	return db_exec_stmt(db, st, "set password");
}

int
db_user_set_roles(struct db *db, int64_t id, int admin, int moderator)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_SET_ROLES);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, admin != 0);
	db_bind_int(st, 3, moderator != 0);
	return db_exec_stmt(db, st, "set roles");
}

int
db_session_create(struct db *db, int64_t user_id, const char *token_hash)
{
	sqlite3_stmt *st = db_stmt(db, STMT_SESSION_INSERT);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, token_hash);
	db_bind_int(st, 3, util_now());
	return db_exec_stmt(db, st, "session insert");
}

int
db_session_user(struct db *db, struct arena *a, const char *token_hash,
    struct user **out)
{
	sqlite3_stmt *st = db_stmt(db, STMT_SESSION_USER);

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, token_hash);
	return user_query(db, a, st, out);
}

int
db_session_delete(struct db *db, const char *token_hash)
{
	sqlite3_stmt *st = db_stmt(db, STMT_SESSION_DELETE);

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, token_hash);
	return db_exec_stmt(db, st, "session delete");
}

int
db_session_delete_user(struct db *db, int64_t user_id)
{
	return db_exec_ints(db, STMT_SESSION_DELETE_USER, 1, user_id, 0, 0,
	    "session delete user");
}

int
db_api_key_create(struct db *db, const char *key_hash, const char *truncated,
    int64_t user_id, const char *description, int64_t created_by, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_API_KEY_INSERT);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, key_hash);
	db_bind_int_or_null(st, 2, user_id);
	db_bind_text(st, 3, description ? description : "");
	db_bind_int(st, 4, util_now());
	db_bind_text(st, 5, truncated);
	db_bind_int_or_null(st, 6, created_by);
	rc = db_exec_stmt(db, st, "api key insert");
	if (rc == DB_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

int
db_api_key_lookup(struct db *db, const char *key_hash, struct api_key *k)
{
	sqlite3_stmt *st = db_stmt(db, STMT_API_KEY_LOOKUP);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, key_hash);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		k->id = db_col_int(st, 0);
		k->user_id = db_col_int(st, 1);
	}
	rc = db_row_rc(db, rc, "api key");
	db_done(st);
	return rc;
}

int
db_user_visible_counts(struct db *db, int64_t user_id,
    const char *visible_json, int64_t *topics, int64_t *posts,
    int64_t *last_posted_at)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_VISIBLE_COUNTS);
	int rc;

	*topics = *posts = *last_posted_at = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, visible_json);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*topics = db_col_int(st, 0);
		*posts = db_col_int(st, 1);
		*last_posted_at = db_col_int(st, 2);
	}
	rc = db_rc(db, rc, "user counts");
	db_done(st);
	return rc;
}

int
db_api_key_list(struct db *db, struct arena *a, struct api_key **out,
    size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_API_KEY_LIST);
	struct api_key *keys = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		keys = arena_grow(a, keys, *n, &cap, sizeof(*keys),
		    16);
		keys[*n] = (struct api_key){
			.id = db_col_int(st, 0),
			.truncated_key = db_col_text(st, 1, a),
			.description = db_col_text(st, 2, a),
			.user_id = db_col_int(st, 3),
			.created_at = db_col_int(st, 4),
			.last_used_at = db_col_int(st, 5),
			.revoked_at = db_col_int(st, 6),
		};
		(*n)++;
	}
	rc = db_rc(db, rc, "api key list");
	db_done(st);
	*out = keys;
	return rc;
}

int
db_api_key_revoke(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_API_KEY_REVOKE);
	int rc;

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, util_now());
	rc = db_exec_stmt(db, st, "api key revoke");
	if (rc == DB_OK && sqlite3_changes(db->conn) == 0)
		rc = DB_NOTFOUND;
	return rc;
}

int
db_api_key_touch(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, STMT_API_KEY_TOUCH);

	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, util_now());
	return db_exec_stmt(db, st, "api key touch");
}

int
db_user_actions(struct db *db, struct arena *a, int64_t user_id,
    const char *visible_json, int topics, int replies, int64_t limit,
    int64_t offset, struct user_action **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, STMT_USER_ACTIONS);
	struct user_action *rows = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if (st == NULL)
		return DB_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, visible_json);
	db_bind_int(st, 3, topics != 0);
	db_bind_int(st, 4, replies != 0);
	db_bind_int(st, 5, limit);
	db_bind_int(st, 6, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows = arena_grow(a, rows, *n, &cap, sizeof(*rows), 16);
		rows[(*n)++] = (struct user_action){
			.post_id = db_col_int(st, 0),
			.post_number = db_col_int(st, 1),
			.created_at = db_col_int(st, 2),
			.cooked = db_col_text(st, 3, a),
			.topic_id = db_col_int(st, 4),
			.title = db_col_text(st, 5, a),
			.slug = db_col_text(st, 6, a),
			.category_id = db_col_int(st, 7),
		};
	}
	rc = db_rc(db, rc, "user actions");
	db_done(st);
	*out = rows;
	return rc;
}
