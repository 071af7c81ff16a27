/*
 * Fuzzes how a request proves who it is: the Cookie header (libmicrohttpd
 * parses it, auth.c reads _t and _forum_session), Api-Key and Api-Username,
 * and X-CSRF-Token, end to end through a real in-process server on
 * 127.0.0.1 (http.c, auth.c, the session and key tables).
 *
 * An input is up to five lines: Cookie, Api-Key, Api-Username,
 * X-CSRF-Token, and a verb ('P' for a state-changing request, else a
 * read).  In them "$T" stands for a valid session token of user "alice",
 * "$K" for a valid API key bound to her, and "$C" for the CSRF token of
 * that session, so the fuzzer can explore near-valid credentials.
 *
 * Oracles: never a 5xx; GET /session/current.json answers 200 only when
 * the request carried the valid token or key; POST /post_actions.json (for
 * a post that does not exist, so nothing is ever written) gets past the
 * authentication and CSRF checks (404) only with the valid key, or the
 * valid token together with its CSRF token.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "cache.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "users.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define BODY	"id=999999999&post_action_type_id=2"

static unsigned short port;
static char token[AUTH_TOKEN_LEN + 1], key[65], csrf[AUTH_HASH_LEN + 1];
static char dbpath[64];

static void
broken(const char *what, const char *req, const char *resp)
{
	dprintf(2, "fuzz_cookie: %s\n--- request ---\n%s\n--- response ---\n"
	    "%.300s\n", what, req, resp);
	abort();
}

static void
cleanup(void)
{
	char p[80];

	http_stop();
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
}

static void
setup(void)
{
	char pw[AUTH_PWHASH_LEN], hash[AUTH_HASH_LEN + 1];
	struct user_new u = { .username = "alice", .name = "alice",
	    .email = "alice@example.org", .password_hash = pw };
	struct db_pool *pool;
	struct db *db;
	int64_t uid, kid;
	int fd;

	config_init();
	cfg.listen = "127.0.0.1:0";
	cfg.threads = 2;
	if (getenv("FUZZ_VERBOSE") == NULL)
		stderr = fopen("/dev/null", "w");	/* the access log */
	snprintf(dbpath, sizeof(dbpath), "/tmp/fuzz-cookie-XXXXXX");
	if ((fd = mkstemp(dbpath)) < 0)
		broken("set-up: mkstemp", "", "");
	close(fd);
	if ((pool = db_pool_open(dbpath, cfg.threads + 1, 0)) == NULL)
		broken("set-up: no database", "", "");
	db = db_pool_get(pool);
	if (auth_init(db) != 0 || auth_password_hash("a-password-123", pw) ||
	    db_user_create(db, &u, &uid) != DB_OK)
		broken("set-up: no user", "", "");
	auth_token_new(token, hash);
	if (db_session_create(db, uid, hash) != DB_OK)
		broken("set-up: no session", "", "");
	auth_api_key_new(key, hash);
	if (db_api_key_create(db, hash, "abcd", uid, "fuzz", 0, &kid) != DB_OK)
		broken("set-up: no key", "", "");
	db_pool_put(pool, db);
	auth_csrf_token(token, csrf);
	cache_init(64, 1 << 20);
	if (http_start(pool, &port) != 0)
		broken("set-up: no server", "", "");
	atexit(cleanup);
}

/* Appends s (n bytes) to out with $T, $K and $C expanded. */
static void
expand(struct buf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '$' && i + 1 < n && strchr("TKC", s[i + 1])) {
			buf_puts(out, s[i + 1] == 'T' ? token : s[i + 1] ==
			    'K' ? key : csrf);
			i++;
		} else if (s[i] != '\0')
			buf_putc(out, s[i]);
	}
}

/* Sends req, reads the answer into resp (bounded); the status or -1. */
static int
roundtrip(const char *req, size_t len, char *resp, size_t resplen)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
	    .sin_port = htons(port) };
	struct pollfd pfd;
	size_t got = 0;
	ssize_t n;
	int fd, status = -1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    write(fd, req, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (got + 1 < resplen && poll(&pfd, 1, 5000) > 0 &&
	    (n = read(fd, resp + got, resplen - got - 1)) > 0)
		got += (size_t)n;
	resp[got] = '\0';
	close(fd);
	if (sscanf(resp, "HTTP/1.%*d %d", &status) != 1)
		status = -1;
	return status;
}

/* Whether s, without leading and trailing spaces and tabs, is want. */
static int
same_trimmed(const char *s, const char *want)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == strlen(want) && memcmp(s, want, n) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size, *nl;
	struct buf f[5] = { { 0 } }, req = { 0 };
	char resp[4096];
	int i, post, status, has_token, has_key, has_csrf;

	if (port == 0)
		setup();
	for (i = 0; i < 5 && s <= end; i++) {
		nl = memchr(s, '\n', (size_t)(end - s));
		expand(&f[i], s, nl ? (size_t)(nl - s) : (size_t)(end - s));
		s = nl ? nl + 1 : end + 1;
	}
	post = f[4].len > 0 && f[4].data[0] == 'P';
	buf_puts(&req, post ? "POST /post_actions.json HTTP/1.1\r\n" :
	    "GET /session/current.json HTTP/1.1\r\n");
	buf_puts(&req, "Host: 127.0.0.1\r\nConnection: close\r\n");
	if (f[0].len)
		buf_printf(&req, "Cookie: %s\r\n", f[0].data);
	if (f[1].len)
		buf_printf(&req, "Api-Key: %s\r\n", f[1].data);
	if (f[2].len)
		buf_printf(&req, "Api-Username: %s\r\n", f[2].data);
	if (f[3].len)
		buf_printf(&req, "X-CSRF-Token: %s\r\n", f[3].data);
	if (post)
		buf_printf(&req, "Content-Type: application/x-www-form-"
		    "urlencoded\r\nContent-Length: %zu\r\n\r\n%s",
		    strlen(BODY), BODY);
	else
		buf_puts(&req, "\r\n");
	status = roundtrip(req.data, req.len, resp, sizeof(resp));
	/* Header values lose their surrounding spaces and tabs (RFC 9110
	 * OWS), so " $K\t" is the key too. */
	has_token = f[0].len && strstr(f[0].data, token) != NULL;
	has_key = f[1].len && same_trimmed(f[1].data, key);
	has_csrf = f[3].len && same_trimmed(f[3].data, csrf);
	if (status >= 500)
		broken("server error", req.data, resp);
	if (!post && status == 200 && !has_token && !has_key)
		broken("signed in without a credential", req.data, resp);
	if (post && status == 404 && !has_key && !(has_token && has_csrf))
		broken("past auth and CSRF without them", req.data, resp);
	/* auth.c's CSRF check on its own, with the same bytes. */
	if (auth_csrf_ok(token, f[3].data ? f[3].data : NULL) !=
	    (f[3].len && strcmp(f[3].data, csrf) == 0))
		broken("auth_csrf_ok disagrees", req.data, "");
	for (i = 0; i < 5; i++)
		buf_free(&f[i]);
	buf_free(&req);
	return 0;
}

#include "replay.h"
