/*
 * Helpers shared by the hostile-input tests (see hostile.h): raw-socket
 * requests from any loopback address (raw_), a fingerprint of what the
 * database holds, an active-HTML checker for whole pages, forged log
 * lines, and the counters the sweep reports (hostile_).
 */
#define _GNU_SOURCE	/* asprintf */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "allowlist.h"
#include "hostile.h"

unsigned hostile_sent;
unsigned hostile_5xx;

double
hostile_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
raw_connect(const struct th_server *s, const char *src)
{
	struct sockaddr_in sa = { .sin_family = AF_INET }, me = {
	    .sin_family = AF_INET };
	int fd;

	sa.sin_port = htons((unsigned short)s->port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	inet_pton(AF_INET, src ? src : "127.0.0.1", &me.sin_addr);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&me, sizeof(me)) != 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int
raw_request(const struct th_server *s, const char *src, const void *req,
    size_t len, char **out, int timeout_ms)
{
	struct pollfd pfd;
	char *buf;
	size_t got = 0, sent = 0;
	ssize_t n;
	int fd, status = 0;

	if ((fd = raw_connect(s, src)) < 0)
		return -1;
	buf = malloc(1 << 20);
	while (sent < len) {
		n = send(fd, (const char *)req + sent, len - sent,
		    MSG_NOSIGNAL);
		if (n <= 0)
			break;		/* the server may refuse early */
		sent += (size_t)n;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (got + 1 < (1 << 20) && poll(&pfd, 1, timeout_ms) > 0 &&
	    (n = recv(fd, buf + got, (1 << 20) - got - 1, 0)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(fd);
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		status = 0;
	if (out != NULL)
		*out = buf;
	else
		free(buf);
	return status;
}

int
raw_http(const struct th_server *s, const char *src, const char *method,
    const char *path, const char *headers, const char *content_type,
    const char *body, char **out, int timeout_ms)
{
	char *req = NULL;
	int n, st;

	if (body != NULL)
		n = asprintf(&req, "%s %s HTTP/1.1\r\nHost: x\r\nConnection: "
		    "close\r\n%sContent-Type: %s\r\nContent-Length: %zu\r\n"
		    "\r\n%s", method, path, headers ? headers : "",
		    content_type ? content_type :
		    "application/x-www-form-urlencoded", strlen(body), body);
	else
		n = asprintf(&req, "%s %s HTTP/1.1\r\nHost: x\r\nConnection: "
		    "close\r\n%s\r\n", method, path, headers ? headers : "");
	if (n < 0)
		return -1;
	st = raw_request(s, src, req, (size_t)n, out, timeout_ms);
	free(req);
	return st;
}

int
raw_count_responses(const char *resp)
{
	const char *p = resp;
	int n = 0;

	while ((p = strstr(p, "HTTP/1.")) != NULL) {
		if (p == resp || p[-1] == '\n' || p[-1] == '}' ||
		    p[-1] == '>')
			n++;
		p += 7;
	}
	return n;
}

char *
hostile_fingerprint(const struct th_server *s)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM users) || '/' || "
	    "(SELECT count(*) FROM user_auth_tokens) || '/' || "
	    "(SELECT count(*) FROM api_keys) || '/' || "
	    "(SELECT count(*) FROM groups) || '/' || "
	    "(SELECT count(*) FROM group_users) || '/' || "
	    "(SELECT count(*) FROM categories) || '/' || "
	    "(SELECT count(*) FROM category_groups) || '/' || "
	    "(SELECT count(*) FROM topics) || '/' || "
	    "(SELECT count(*) FROM posts) || '/' || "
	    "(SELECT count(*) FROM post_revisions) || '/' || "
	    "(SELECT count(*) FROM tags) || '/' || "
	    "(SELECT count(*) FROM topic_tags) || '/' || "
	    "(SELECT count(*) FROM post_actions) || '/' || "
	    "(SELECT count(*) FROM idempotency_keys) || '/' || "
	    "(SELECT total(length(raw)) + total(version) FROM posts) || '/' ||"
	    "(SELECT total(length(title)) + total(closed) + total(visible) "
	    "FROM topics) || '/' || "
	    "(SELECT total(active) + total(admin) + total(moderator) FROM users)";
	sqlite3 *db;
	sqlite3_stmt *st;
	char *fp = NULL;

	if (sqlite3_open_v2(s->db, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return strdup("?");
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		fp = strdup((const char *)sqlite3_column_text(st, 0));
	else
		fprintf(stderr, "fingerprint: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return fp ? fp : strdup("?");
}

int
hostile_check_cooked(const struct th_server *s)
{
	static const char *const sql[] = {
		"SELECT id, cooked FROM posts",
		"SELECT id, cooked_after FROM post_revisions",
		"SELECT id, cooked_before FROM post_revisions",
	};
	sqlite3 *db;
	sqlite3_stmt *st;
	char why[256];
	size_t i;
	int n = 0;

	assert_int_equal(sqlite3_open_v2(s->db, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		assert_int_equal(sqlite3_prepare_v2(db, sql[i], -1, &st, NULL),
		    SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *html = (const char *)sqlite3_column_text(st,
			    1);

			n++;
			if (allowlist_check(html, why, sizeof(why)) != 0)
				fail_msg("post %lld: cooked HTML refused: %s",
				    (long long)sqlite3_column_int64(st, 0),
				    why);
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

const char *
hostile_active_html(const char *html)
{
	static const char *const banned[] = { "iframe", "object", "embed",
	    "base", "form", "frame", "applet", "svg", "math", NULL };
	const char *p = html, *q;
	char name[16], an[32], val[4096];
	size_t n, i;

	while ((p = strchr(p, '<')) != NULL) {
		p++;
		if (*p == '/' || *p == '!')
			continue;
		for (n = 0; n + 1 < sizeof(name) && isalnum((unsigned char)p[n]);
		    n++)
			name[n] = (char)tolower((unsigned char)p[n]);
		name[n] = '\0';
		if (n == 0)
			continue;
		for (i = 0; banned[i] != NULL; i++)
			if (strcmp(name, banned[i]) == 0)
				return "banned element";
		q = p + n;
		for (;;) {
			while (*q == ' ' || *q == '\n' || *q == '\t' ||
			    *q == '/')
				q++;
			if (*q == '>' || *q == '\0')
				break;
			for (n = 0; n + 1 < sizeof(an) && *q && *q != '=' &&
			    *q != '>' && *q != ' '; q++, n++)
				an[n] = (char)tolower((unsigned char)*q);
			an[n] = '\0';
			val[0] = '\0';
			if (*q == '=') {
				char quote = *++q;

				if (quote == '"' || quote == '\'')
					q++;
				else
					quote = ' ';
				for (n = 0; *q && *q != quote && *q != '>' &&
				    n + 1 < sizeof(val); q++)
					val[n++] = *q;
				val[n] = '\0';
				if (*q == quote && quote != ' ')
					q++;
			}
			if (strncmp(an, "on", 2) == 0)
				return "event handler attribute";
			if ((strcmp(an, "href") == 0 || strcmp(an, "src") == 0 ||
			    strcmp(an, "action") == 0 ||
			    strcmp(an, "formaction") == 0) &&
			    !allowlist_url_ok(val, strlen(val), 0))
				return "dangerous URL";
			if (strcmp(name, "script") == 0 &&
			    strcmp(an, "src") == 0 && strncmp(val, "/static/",
			    8) != 0)
				return "foreign script";
		}
		if (strcmp(name, "script") == 0) {
			/* Ours have a src and an empty body; JSON data
			 * blocks are typed. */
			const char *end = strstr(q, "</script>");

			if (end == NULL)
				return "unterminated script";
			if (strstr(p, "src=") == NULL || strstr(p, "src=") > q) {
				if (strstr(p, "application/json") == NULL ||
				    strstr(p, "application/json") > q)
					return "inline script";
				if (memchr(q, '<', (size_t)(end - q)) != NULL)
					return "markup in a JSON block";
			}
			p = end;
		}
	}
	return NULL;
}

int
hostile_log_forged(const struct th_server *s)
{
	char line[8192];
	FILE *f = th_log_open(s);
	int n = 0, fresh = 1;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (fresh && !(isdigit((unsigned char)line[0]) &&
		    line[4] == '-' && line[10] == 'T'))
			n++;
		fresh = strchr(line, '\n') != NULL;
	}
	fclose(f);
	return n;
}

