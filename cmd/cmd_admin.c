/*
 * confab admin ...: create a user, make an API key, add a user to a
 * group, check the stored counters.  Each opens the database itself, so
 * it works while the server runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cmd.h"
#include "config.h"
#include "db.h"
#include "groups.h"
#include "log.h"
#include "topics.h"
#include "users.h"
#include "util.h"
#include "valid.h"

/* Reads the password from CONFAB_PASSWORD or one line of stdin. */
static char *
read_password(void)
{
	const char *env = getenv("CONFAB_PASSWORD");
	char line[1024];

	if (env != NULL)
		return xstrdup(env);
	if (isatty(STDIN_FILENO))
		fputs("Password: ", stderr);
	if (fgets(line, sizeof(line), stdin) == NULL)
		fatalx("no password given (set CONFAB_PASSWORD or pipe it)");
	line[strcspn(line, "\r\n")] = '\0';
	return xstrdup(line);
}

static struct db *
open_db(void)
{
	struct db *db = db_open(cfg.db_path, cfg.sync_full);

	if (db == NULL)
		fatalx("cannot open database %s", cfg.db_path);
	if (auth_init(db) != 0)
		fatalx("cannot initialise authentication");
	return db;
}

int
cmd_admin_create_user(const struct opts *o)
{
	struct user_new u = {0};
	char hash[AUTH_PWHASH_LEN];
	const char *msg;
	char *pw;
	struct db *db;
	int64_t id;
	int rc;

	if (o->username == NULL || o->email == NULL)
		cmd_usage();
	if ((msg = valid_username(o->username)) != NULL ||
	    (msg = valid_email(o->email)) != NULL)
		fatalx("%s", msg);
	pw = read_password();
	if ((msg = valid_password(pw, o->username, o->email)) != NULL)
		fatalx("%s", msg);
	db = open_db();
	if (auth_password_hash(pw, hash) != 0)
		fatalx("cannot hash the password");
	free(pw);
	u.username = o->username;
	u.email = o->email;
	u.name = o->username;
	u.password_hash = hash;
	u.admin = o->admin;
	u.moderator = o->moderator;
	rc = db_user_create(db, &u, &id);
	db_close(db);
	if (rc == DB_CONSTRAINT)
		fatalx("username or email already taken");
	if (rc != DB_OK)
		fatalx("cannot create the user");
	printf("created user %s (id %lld)%s%s\n", o->username, (long long)id,
	    o->admin ? " admin" : "", o->moderator ? " moderator" : "");
	return 0;
}

int
cmd_admin_api_key(const struct opts *o)
{
	struct arena *a = arena_new();
	char key[65], hash[AUTH_HASH_LEN + 1];
	struct user *u = NULL;
	struct db *db = open_db();
	int64_t id;

	if (o->username != NULL &&
	    db_user_by_username(db, a, o->username, &u) != DB_OK)
		fatalx("no such user: %s", o->username);
	auth_api_key_new(key, hash);
	if (db_api_key_create(db, hash, arena_strndup(a, key, 4),
	    u ? u->id : 0, o->description, 0, &id) != DB_OK)
		fatalx("cannot create the API key");
	db_close(db);
	arena_free(a);
	/* The key itself is shown once and never stored. */
	printf("%s\n", key);
	return 0;
}

int
cmd_admin_add_to_group(const struct opts *o)
{
	struct arena *a = arena_new();
	struct user *u;
	struct group *g;
	struct db *db;

	if (o->username == NULL || o->group == NULL)
		cmd_usage();
	db = open_db();
	if (db_user_by_username(db, a, o->username, &u) != DB_OK)
		fatalx("no such user: %s", o->username);
	if (db_group_by_name(db, a, o->group, &g) != DB_OK)
		fatalx("no such group: %s", o->group);
	if (g->automatic)
		fatalx("%s is an automatic group; its members cannot be "
		    "changed", g->name);
	if (db_group_add_member(db, g->id, u->id) != DB_OK)
		fatalx("cannot add %s to %s", u->username, g->name);
	printf("added %s to %s\n", u->username, g->name);
	db_close(db);
	arena_free(a);
	return 0;
}

/* Recomputes every stored counter; prints mismatches, exits 1 if any. */
int
cmd_admin_check_counters(void)
{
	struct db *db = open_db();
	int bad = db_counters_check(db, stdout);

	db_close(db);
	if (bad < 0)
		fatalx("cannot check the counters");
	if (bad == 0)
		printf("all counters consistent\n");
	return bad == 0 ? 0 : 1;
}
