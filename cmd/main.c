/*
 * confab's entry point: subcommands, flags, signals, start-up and an
 * orderly shutdown.
 *
 *   confab serve [--listen ADDR:PORT] [--db PATH] [--static DIR] [--threads N]
 *   confab admin create-user --username NAME --email EMAIL [--admin] [--moderator]
 *   confab admin api-key [--username NAME] [--description TEXT]
 *   confab admin add-to-group --group NAME --username NAME
 *   confab admin check-counters
 *   confab import-program FILE [--dry-run] [--format json|csv]
 *   confab backup FILE        (online, consistent; see cmd_backup.c)
 *   confab restore FILE       (into a stopped instance)
 *
 * Every subcommand takes --db PATH (else CONFAB_DB, else ./confab.db).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cache.h"
#include "cmd_backup.h"
#include "cmd_import.h"
#include "config.h"
#include "db.h"
#include "groups.h"
#include "http.h"
#include "log.h"
#include "ratelimit.h"
#include "topics.h"
#include "users.h"
#include "valid.h"
#include "views.h"

struct opts {
	const char	*username;
	const char	*email;
	const char	*group;
	const char	*description;
	int		 admin;
	int		 moderator;
};

static void
usage(void)
{
	fputs("usage: confab serve [--listen ADDR:PORT] [--db PATH] "
	    "[--static DIR] [--threads N]\n"
	    "       confab admin create-user --username NAME --email EMAIL "
	    "[--admin] [--moderator] [--db PATH]\n"
	    "       confab admin api-key [--username NAME] "
	    "[--description TEXT] [--db PATH]\n"
	    "       confab admin add-to-group --group NAME --username NAME "
	    "[--db PATH]\n"
	    "       confab admin check-counters [--db PATH]\n"
	    "       confab import-program FILE [--dry-run] "
	    "[--format json|csv] [--db PATH]\n"
	    "       confab backup FILE [--db PATH]\n"
	    "       confab restore FILE [--db PATH]\n"
	    "The password for create-user is read from CONFAB_PASSWORD, "
	    "else from standard input.\n", stderr);
	exit(2);
}

static const char *
need_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		fprintf(stderr, "confab: %s needs a value\n", argv[*i]);
		usage();
	}
	return argv[++*i];
}

/* Parses the flags every subcommand shares into cfg and o. */
static void
parse_flags(int argc, char **argv, int first, struct opts *o)
{
	int i;

	for (i = first; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--db") == 0)
			cfg.db_path = need_value(argc, argv, &i);
		else if (strcmp(a, "--listen") == 0)
			cfg.listen = need_value(argc, argv, &i);
		else if (strcmp(a, "--static") == 0)
			cfg.static_dir = need_value(argc, argv, &i);
		else if (strcmp(a, "--threads") == 0)
			cfg.threads = (unsigned)atoi(need_value(argc, argv, &i));
		else if (strcmp(a, "--username") == 0)
			o->username = need_value(argc, argv, &i);
		else if (strcmp(a, "--email") == 0)
			o->email = need_value(argc, argv, &i);
		else if (strcmp(a, "--group") == 0)
			o->group = need_value(argc, argv, &i);
		else if (strcmp(a, "--description") == 0)
			o->description = need_value(argc, argv, &i);
		else if (strcmp(a, "--admin") == 0)
			o->admin = 1;
		else if (strcmp(a, "--moderator") == 0)
			o->moderator = 1;
		else {
			fprintf(stderr, "confab: unknown option %s\n", a);
			usage();
		}
	}
	if (cfg.threads == 0 || cfg.threads > 256)
		fatalx("--threads must be between 1 and 256");
}

static int
serve(void)
{
	struct db_pool *pool;
	struct db *db;
	unsigned short port;
	sigset_t set;
	int sig;

	/* Threads inherit this mask: only the main thread takes signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Past a file size limit a write fails (EFBIG: answered 503) rather
	 * than killing the server. */
	signal(SIGXFSZ, SIG_IGN);

	/* One connection per worker thread, plus one spare. */
	pool = db_pool_open(cfg.db_path, cfg.threads + 1, cfg.sync_full);
	if (pool == NULL)
		fatalx("cannot open database %s", cfg.db_path);
	db = db_pool_get(pool);
	if (auth_init(db) != 0)
		fatalx("cannot initialise authentication");
	db_pool_put(pool, db);
	cache_init(4096, 32u * 1024 * 1024);
	/* A write(2) per access line cost a sixth of a cached read. */
	if (log_buffer_start() != 0)
		log_warnx("cannot buffer the access log; writing each line");
	if (http_start(pool, &port) != 0)
		fatalx("cannot start the HTTP server");
	printf("listening on 127.0.0.1:%u\n", (unsigned)port);
	fflush(stdout);
	log_info("serving %s with %u threads", cfg.db_path, cfg.threads);

	do {
		if (sigwait(&set, &sig) != 0)
			fatal("sigwait");
	} while (sig == SIGHUP);
	log_info("signal %d: finishing requests in flight", sig);
	http_stop();
	log_buffer_stop();
	/* Views counted since the last write would be lost otherwise. */
	db = db_pool_get(pool);
	views_flush(db);
	db_pool_put(pool, db);
	db_pool_close(pool);
	cache_free();
	ratelimit_free_all();
	log_info("stopped");
	return 0;
}

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

static int
admin_create_user(const struct opts *o)
{
	struct user_new u = {0};
	char hash[AUTH_PWHASH_LEN];
	const char *msg;
	char *pw;
	struct db *db;
	int64_t id;
	int rc;

	if (o->username == NULL || o->email == NULL)
		usage();
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

static int
admin_api_key(const struct opts *o)
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

static int
admin_add_to_group(const struct opts *o)
{
	struct arena *a = arena_new();
	struct user *u;
	struct group *g;
	struct db *db;

	if (o->username == NULL || o->group == NULL)
		usage();
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
static int
admin_check_counters(void)
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

int
main(int argc, char **argv)
{
	struct opts o = {0};

	config_init();
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "serve") == 0) {
		parse_flags(argc, argv, 2, &o);
		return serve();
	}
	if (strcmp(argv[1], "import-program") == 0)
		return cmd_import_program(argc, argv);
	if (strcmp(argv[1], "backup") == 0)
		return cmd_backup(argc, argv);
	if (strcmp(argv[1], "restore") == 0)
		return cmd_restore(argc, argv);
	if (strcmp(argv[1], "admin") == 0 && argc >= 3) {
		parse_flags(argc, argv, 3, &o);
		if (strcmp(argv[2], "create-user") == 0)
			return admin_create_user(&o);
		if (strcmp(argv[2], "api-key") == 0)
			return admin_api_key(&o);
		if (strcmp(argv[2], "add-to-group") == 0)
			return admin_add_to_group(&o);
		if (strcmp(argv[2], "check-counters") == 0)
			return admin_check_counters();
	}
	usage();
}
