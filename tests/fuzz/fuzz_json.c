/*
 * Fuzzes the JSON bodies of every write endpoint, in process: the input's
 * first byte picks a write route of the route table (so a new route is
 * fuzzed without touching this file), the second the caller (an admin or a
 * plain member), and the rest is the body.  It goes through the same checks
 * as a real request (jansson with duplicate keys refused, then
 * req_json_types_ok, confab's no-coercion rule) and then to the handler,
 * against one in-memory database that lives for the whole run.
 *
 * Oracles: no crash or sanitizer report; the handler returns a known error
 * and never E_INTERNAL (hostile input is the client's fault, not a 500);
 * E_OK comes with a response; and whatever got stored is safe to show: the
 * latest cooked posts pass the HTML allowlist (tests/common/allowlist.c)
 * and fancy titles hold no markup.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "allowlist.h"
#include "auth.h"
#include "config.h"
#include "db_impl.h"
#include "handlers.h"
#include "http.h"
#include "route.h"
#include "users.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct db *db;
static struct arena *keep;
static struct user *users[2];		/* admin, member */
static const struct route *writes[64];
static unsigned nwrites;

static void
broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_json: %s\n%s\n", what, detail ? detail : "");
	abort();
}

static struct user *
make_user(const char *name, int admin)
{
	char hash[AUTH_PWHASH_LEN];
	struct user_new u = { .username = name, .name = name,
	    .password_hash = hash, .admin = admin };
	char email[64];
	struct user *out;
	int64_t id;

	snprintf(email, sizeof(email), "%s@example.org", name);
	u.email = email;
	if (auth_password_hash("fuzz-password-123", hash) != 0 ||
	    db_user_create(db, &u, &id) != DB_OK ||
	    db_user_by_id(db, keep, id, &out) != DB_OK)
		broken("set-up: cannot create a user", name);
	return out;
}

static void
setup(void)
{
	unsigned i;

	config_init();
	cfg.rate_post_seconds = 0;
	cfg.rate_topic_seconds = 0;
	keep = arena_new();
	if ((db = db_open(":memory:", 0)) == NULL || auth_init(db) != 0)
		broken("set-up: no database", NULL);
	users[0] = make_user("fuzzadmin", 1);
	users[1] = make_user("fuzzmember", 0);
	for (i = 0; i < route_count && nwrites < 64; i++) {
		const struct route *rt = &route_table[i];

		/* Logging in costs an argon2id hash per input: the
		 * hostile-input sweep covers it over HTTP instead. */
		if (strcmp(rt->method, "GET") == 0 ||
		    rt->fn == h_session_create)
			continue;
		writes[nwrites++] = rt;
	}
}

/* A plausible value for each route argument, by name. */
static const char *
arg_value(const char *name, const struct user *u)
{
	if (strcmp(name, "username") == 0)
		return u->username;
	if (strcmp(name, "name") == 0 || strcmp(name, "slug") == 0)
		return "staff";
	return "1";
}

/* Fills the route arguments of r from the pattern. */
static void
set_args(struct req *r, const char *pat)
{
	const char *p = pat, *end;

	while ((p = strchr(p, ':')) != NULL && r->nargs < REQ_MAX_ARGS) {
		end = strchr(p, '/');
		r->arg_names[r->nargs] = arena_strndup(r->arena, p + 1,
		    end ? (size_t)(end - p - 1) : strlen(p + 1));
		r->args[r->nargs] = arg_value(r->arg_names[r->nargs], r->user);
		r->nargs++;
		p++;
	}
}

static void
check_stored(void)
{
	static const char *const sql[] = {
		"SELECT cooked FROM posts ORDER BY updated_at DESC, id DESC "
		"LIMIT 3",
		"SELECT cooked_after FROM post_revisions ORDER BY id DESC "
		"LIMIT 1",
	};
	sqlite3_stmt *st;
	char why[256];
	size_t i;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if (sqlite3_prepare_v2(db->conn, sql[i], -1, &st, NULL) !=
		    SQLITE_OK)
			broken("cannot read back", sql[i]);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *html = (const char *)sqlite3_column_text(st,
			    0);

			if (allowlist_check(html ? html : "", why,
			    sizeof(why)) != 0)
				broken(why, html);
		}
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(db->conn, "SELECT fancy_title FROM topics "
	    "WHERE fancy_title GLOB '*[<>\"]*'", -1, &st, NULL) != SQLITE_OK)
		broken("cannot read titles", NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		broken("markup in a fancy title",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req r = { 0 };
	const struct route *rt;
	json_error_t jerr;
	char why[256];
	int e;

	if (db == NULL)
		setup();
	if (size < 2 || nwrites == 0)
		return 0;
	rt = writes[data[0] % nwrites];
	r.arena = arena_new();
	r.db = db;
	r.id = 1;
	r.method = rt->method;
	r.url = r.path = arena_strdup(r.arena, rt->pattern);
	r.want_json = 1;
	snprintf(r.ip, sizeof(r.ip), "127.0.0.%u", data[1]);
	r.route = rt;
	r.user = users[(data[1] & 1) && !(rt->flags & (R_STAFF | R_ADMIN))];
	r.auth = AUTH_API_KEY;
	set_args(&r, rt->pattern);
	r.params = json_loadb((const char *)data + 2, size - 2,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (r.params == NULL || !json_is_object(r.params) ||
	    !req_json_types_ok(r.params, why, sizeof(why))) {
		if (getenv("FUZZ_VERBOSE") != NULL)
			fprintf(stderr, "%s %s: refused: %s\n", rt->method,
			    rt->pattern, r.params ? why : jerr.text);
		goto out;
	}
	e = rt->fn(&r);
	if (getenv("FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "%s %s as %s: %d %s\n", rt->method, rt->pattern,
		    r.user->username, r.status, r.errmsg ? r.errmsg : "");
	if (e < E_OK || e >= E__MAX)
		broken("unknown error value", rt->pattern);
	if (e == E_INTERNAL)
		broken("internal error on client input", rt->pattern);
	if (e == E_OK && r.resp == NULL && r.view_json == NULL)
		broken("E_OK without a response", rt->pattern);
	db_rollback(db);
	check_stored();
out:
	if (r.resp != NULL)
		MHD_destroy_response(r.resp);
	json_decref(r.params);
	json_decref(r.err_extras);
	json_decref(r.err_list);
	json_decref(r.err_fields);
	json_decref(r.view_json);
	arena_free(r.arena);
	return 0;
}

#include "replay.h"
