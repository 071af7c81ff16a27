/*
 * The HTTP test harness (see harness.h): forks the real binary, reads
 * "listening on 127.0.0.1:PORT" from its first line, and drives it with
 * libcurl.  Every wait is bounded so a hung server fails the test instead
 * of hanging CI.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <sqlite3.h>

#include "harness.h"

#define START_TIMEOUT_MS	20000
#define STOP_TIMEOUT_MS		20000

static const char *const default_env[] = {
	"CONFAB_RATE_LIMIT_CREATE_POST=0",
	"CONFAB_RATE_LIMIT_CREATE_TOPIC=0",
	"CONFAB_MAX_LOGINS_PER_IP_PER_MINUTE=100000",
	"CONFAB_MAX_LOGINS_PER_IP_PER_HOUR=100000",
	"CONFAB_MAX_LOGINS_PER_ACCOUNT_PER_MINUTE=100000",
	"CONFAB_MAX_LOGINS_PER_ACCOUNT_PER_HOUR=100000",
	"CONFAB_MAX_SIGNUPS_PER_IP_PER_HOUR=100000",
	NULL
};

static const char *
binary(void)
{
	const char *b = getenv("CONFAB_BIN");

	return b && *b ? b : "./confab";
}

static void
put_env_list(const char *const *env)
{
	for (; env && *env; env++)
		putenv((char *)*env);
}

/* Reads the first line of fd within the timeout; 0 or -1. */
static int
read_line(int fd, char *line, size_t len, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t n = 0;
	ssize_t got;

	while (n + 1 < len) {
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return -1;
		got = read(fd, line + n, 1);
		if (got <= 0)
			return -1;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	return 0;
}

int
th_init(struct th_server *s)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "/tmp/confab-test-XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		return -1;
	snprintf(s->db, sizeof(s->db), "%s/confab.db", s->dir);
	snprintf(s->log, sizeof(s->log), "%s/server.log", s->dir);
	return 0;
}

int
th_serve(struct th_server *s, const char *const *env)
{
	char line[128], port[32];
	int out[2];
	pid_t pid;

	if (pipe(out) != 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	if (pid == 0) {
		int log = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);

		dup2(out[1], STDOUT_FILENO);
		if (log >= 0 && getenv("TH_VERBOSE") == NULL)
			dup2(log, STDERR_FILENO);
		close(out[0]);
		put_env_list(default_env);
		put_env_list(env);
		execl(binary(), binary(), "serve", "--listen", "127.0.0.1:0",
		    "--db", s->db, "--threads", "2", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	line[0] = '\0';
	if (read_line(out[0], line, sizeof(line), START_TIMEOUT_MS) != 0 ||
	    sscanf(line, "listening on 127.0.0.1:%31s", port) != 1) {
		fprintf(stderr, "harness: server did not start (%s)\n", line);
		close(out[0]);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	close(out[0]);
	s->port = atoi(port);
	s->pid = pid;
	return 0;
}

int
th_start(struct th_server *s, const char *const *env)
{
	if (th_init(s) != 0)
		return -1;
	return th_serve(s, env);
}

static void
remove_dir(const char *dir)
{
	char path[600];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

FILE *
th_log_open(const struct th_server *s)
{
	usleep(300 * 1000);
	return fopen(s->log, "r");
}

static void
dump_log(const struct th_server *s)
{
	char line[1024];
	FILE *f = fopen(s->log, "r");

	if (f == NULL)
		return;
	fprintf(stderr, "---- server log %s ----\n", s->log);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, " info access ") == NULL)
			fputs(line, stderr);
	fclose(f);
}

int
th_log_count(const struct th_server *s, const char *needle)
{
	char line[8192];
	FILE *f = th_log_open(s);
	int n = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, needle) != NULL)
			n++;
	fclose(f);
	return n;
}

int
th_halt(struct th_server *s, int sig)
{
	int status = 0, waited;
	pid_t rc;

	if (s->pid <= 0)
		return -1;
	if (sig != 0)
		kill(s->pid, sig);
	for (waited = 0; waited < STOP_TIMEOUT_MS; waited += 10) {
		rc = waitpid(s->pid, &status, WNOHANG);
		if (rc == s->pid)
			break;
		usleep(10 * 1000);
	}
	if (waited >= STOP_TIMEOUT_MS) {
		fprintf(stderr, "harness: server did not stop; killing\n");
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
		status = -1;
	} else if (WIFEXITED(status))
		status = WEXITSTATUS(status);
	else
		status = 128 + WTERMSIG(status);
	if (status != 0 && sig == SIGTERM)
		dump_log(s);
	s->pid = 0;
	return status;
}

int
th_stop(struct th_server *s)
{
	int status;

	if (s->pid <= 0)
		return -1;
	status = th_halt(s, SIGTERM);
	remove_dir(s->dir);
	return status;
}

/* th_cli with the arguments in ap. */
static int
cli_v(const struct th_server *s, const struct th_cli *opt,
    const char *command, va_list ap)
{
	static const struct th_cli none;
	const char *argv[32];
	int pipefd[2], status, argc = 0;
	size_t n = 0;
	ssize_t got;
	pid_t pid;

	if (opt == NULL)
		opt = &none;
	argv[argc++] = binary();
	argv[argc++] = command;
	while (argc < 28 && (argv[argc] = va_arg(ap, const char *)) != NULL)
		argc++;
	argv[argc++] = "--db";
	argv[argc++] = opt->db ? opt->db : s->db;
	argv[argc] = NULL;
	if (pipe(pipefd) != 0)
		return -1;
	if ((pid = fork()) == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		if (opt->with_stderr)
			dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		if (opt->password != NULL)
			setenv("CONFAB_PASSWORD", opt->password, 1);
		else
			unsetenv("CONFAB_PASSWORD");
		execv(binary(), (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	/* Read to the end even without a buffer: the child must not die of
	 * SIGPIPE printing its result. */
	for (;;) {
		char scratch[256];

		if (opt->out != NULL && n + 1 < opt->outlen)
			got = read(pipefd[0], opt->out + n,
			    opt->outlen - n - 1);
		else
			got = read(pipefd[0], scratch, sizeof(scratch));
		if (got <= 0)
			break;
		if (opt->out != NULL && n + 1 < opt->outlen)
			n += (size_t)got;
	}
	if (opt->out != NULL && opt->outlen > 0)
		opt->out[n] = '\0';
	close(pipefd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int
th_cli(const struct th_server *s, const struct th_cli *opt,
    const char *command, ...)
{
	va_list ap;
	int rc;

	va_start(ap, command);
	rc = cli_v(s, opt, command, ap);
	va_end(ap);
	return rc;
}

int
th_admin(struct th_server *s, const char *password, char *out,
    size_t outlen, ...)
{
	struct th_cli opt = { .password = password, .out = out,
	    .outlen = outlen };
	va_list ap;
	int rc;

	va_start(ap, outlen);
	rc = cli_v(s, &opt, "admin", ap);
	va_end(ap);
	return rc;
}

void
th_assert_counters(struct th_server *s)
{
	char out[8192];
	int rc = th_admin(s, NULL, out, sizeof(out), "check-counters", NULL);

	if (rc != 0)
		fail_msg("check-counters: %d:\n%s", rc, out);
}

long
th_create_user(struct th_server *s, const char *username,
    const char *password, int admin, int moderator)
{
	const char *role1 = NULL, *role2 = NULL;
	char email[128], out[256];
	long id;

	if (admin)
		role1 = "--admin";
	if (moderator)
		*(role1 ? &role2 : &role1) = "--moderator";
	snprintf(email, sizeof(email), "%s@example.org", username);
	if (th_admin(s, password, out, sizeof(out), "create-user",
	    "--username", username, "--email", email, role1, role2,
	    NULL) != 0)
		return -1;
	if (sscanf(out, "created user %*s (id %ld)", &id) != 1)
		return -1;
	return id;
}

char *
th_api_key(struct th_server *s, const char *username)
{
	char out[256];
	int rc;

	if (username != NULL)
		rc = th_admin(s, NULL, out, sizeof(out), "api-key",
		    "--username", username, NULL);
	else
		rc = th_admin(s, NULL, out, sizeof(out), "api-key", NULL);
	if (rc != 0)
		return NULL;
	out[strcspn(out, "\n")] = '\0';
	return strdup(out);
}

int
th_add_to_group(struct th_server *s, const char *group, const char *username)
{
	return th_admin(s, NULL, NULL, 0, "add-to-group", "--group", group,
	    "--username", username, NULL) == 0 ? 0 : -1;
}

void
th_sql(const struct th_server *s, const char *fmt, ...)
{
	char q[2048], *err = NULL;
	sqlite3 *db;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	assert_int_equal(sqlite3_open(s->db, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, q, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("sql %s: %s", q, err);
	sqlite3_close(db);
	/* The server looks for other processes' commits at most every 5 ms
	 * (http.c, CHANGE_CHECK_NS): wait that out before reading. */
	usleep(10 * 1000);
}

long
th_db_long(const char *db, const char *sql, const char *arg)
{
	sqlite3 *c;
	sqlite3_stmt *st;
	long n = -1;

	assert_int_equal(sqlite3_open_v2(db, &c, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	sqlite3_busy_timeout(c, 5000);
	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
	if (arg != NULL)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(c);
	return n;
}

/* --- client -------------------------------------------------------- */

struct th_client {
	struct th_server	*srv;
	CURL			*curl;
	char			 csrf[128];
	int			 send_csrf;
	char			*api_key;
	char			*api_user;
};

struct th_client *
th_client_new(struct th_server *s)
{
	struct th_client *c = calloc(1, sizeof(*c));

	c->srv = s;
	c->curl = curl_easy_init();
	c->send_csrf = 1;
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");	/* enable jar */
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	return c;
}

struct th_client *
th_client_as(struct th_server *s, const char *key, const char *user)
{
	struct th_client *c = th_client_new(s);

	if (key != NULL)
		th_client_api_key(c, key, user);
	return c;
}

void
th_client_free(struct th_client *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->curl);
	free(c->api_key);
	free(c->api_user);
	free(c);
}

void
th_client_api_key(struct th_client *c, const char *key, const char *user)
{
	free(c->api_key);
	free(c->api_user);
	c->api_key = key ? strdup(key) : NULL;
	c->api_user = user ? strdup(user) : NULL;
}

void
th_client_send_csrf(struct th_client *c, int on)
{
	c->send_csrf = on;
}

int
th_client_csrf(struct th_client *c)
{
	json_t *j;
	long status;

	c->csrf[0] = '\0';
	j = th_get(c, "/session/csrf", &status);
	if (j == NULL || status != 200) {
		json_decref(j);
		return -1;
	}
	snprintf(c->csrf, sizeof(c->csrf), "%s",
	    json_string_value(json_object_get(j, "csrf")));
	json_decref(j);
	return 0;
}

long
th_login(struct th_client *c, const char *login, const char *password)
{
	json_t *body, *j;
	long status;

	if (th_client_csrf(c) != 0)
		return -1;
	body = json_pack("{s:s,s:s}", "login", login, "password", password);
	j = th_send(c, "POST", "/session", body, &status);
	json_decref(j);
	if (status == 200 && th_client_csrf(c) != 0)
		return -1;
	return status;
}

struct sink {
	char	*data;
	size_t	 len;
};

static size_t
sink_write(char *p, size_t size, size_t n, void *cls)
{
	struct sink *s = cls;
	size_t add = size * n;

	s->data = realloc(s->data, s->len + add + 1);
	memcpy(s->data + s->len, p, add);
	s->len += add;
	s->data[s->len] = '\0';
	return add;
}

long
th_request(struct th_client *c, const char *method, const char *path,
    const char *content_type, const char *body, const char *const *headers,
    struct th_resp *out)
{
	struct curl_slist *h = NULL;
	struct sink b = {0}, hd = {0};
	char url[4096], line[512];
	CURLcode rc;

	memset(out, 0, sizeof(*out));
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", c->srv->port,
	    path);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c->curl, CURLOPT_NOBODY,
	    strcmp(method, "HEAD") == 0 ? 1L : 0L);
	if (body != NULL) {
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE,
		    (long)strlen(body));
		snprintf(line, sizeof(line), "Content-Type: %s", content_type ?
		    content_type : "application/x-www-form-urlencoded");
		h = curl_slist_append(h, line);
	} else {
		/* Back to a bodyless request, then name the method. */
		curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, method);
		curl_easy_setopt(c->curl, CURLOPT_NOBODY,
		    strcmp(method, "HEAD") == 0 ? 1L : 0L);
	}
	if (c->send_csrf && c->csrf[0]) {
		snprintf(line, sizeof(line), "X-CSRF-Token: %s", c->csrf);
		h = curl_slist_append(h, line);
	}
	if (c->api_key) {
		snprintf(line, sizeof(line), "Api-Key: %s", c->api_key);
		h = curl_slist_append(h, line);
	}
	if (c->api_user) {
		snprintf(line, sizeof(line), "Api-Username: %s", c->api_user);
		h = curl_slist_append(h, line);
	}
	for (; headers && *headers; headers++)
		h = curl_slist_append(h, *headers);
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, sink_write);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, &hd);
	rc = curl_easy_perform(c->curl);
	curl_slist_free_all(h);
	if (rc != CURLE_OK) {
		fprintf(stderr, "harness: %s %s: %s\n", method, path,
		    curl_easy_strerror(rc));
		free(b.data);
		free(hd.data);
		return -1;
	}
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = b.data ? b.data : strdup("");
	out->len = b.len;
	out->headers = hd.data ? hd.data : strdup("");
	out->json = json_loadb(out->body, out->len, 0, NULL);
	return out->status;
}

void
th_resp_free(struct th_resp *r)
{
	free(r->body);
	free(r->headers);
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

char *
th_resp_header(const struct th_resp *r, const char *name)
{
	size_t n = strlen(name);
	const char *p = r->headers, *end;

	while (p && *p) {
		end = strstr(p, "\r\n");
		if (end == NULL)
			end = p + strlen(p);
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (*p == ' ')
				p++;
			return strndup(p, (size_t)(end - p));
		}
		p = *end ? end + 2 : end;
	}
	return NULL;
}

static json_t *
take_json(struct th_resp *r, long *status)
{
	json_t *j = r->json;

	r->json = NULL;
	if (status != NULL)
		*status = r->status;
	th_resp_free(r);
	return j;
}

json_t *
th_get(struct th_client *c, const char *path, long *status)
{
	struct th_resp r;

	if (th_request(c, "GET", path, NULL, NULL, NULL, &r) < 0) {
		if (status)
			*status = -1;
		return NULL;
	}
	return take_json(&r, status);
}

json_t *
th_send(struct th_client *c, const char *method, const char *path,
    json_t *obj, long *status)
{
	struct th_resp r;
	char *body = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
	long rc;

	json_decref(obj);
	rc = th_request(c, method, path, body ? "application/json" : NULL,
	    body, NULL, &r);
	free(body);
	if (rc < 0) {
		if (status)
			*status = -1;
		return NULL;
	}
	return take_json(&r, status);
}

json_t *
th_form(struct th_client *c, const char *method, const char *path,
    const char *form, long *status)
{
	struct th_resp r;

	if (th_request(c, method, path, NULL, form, NULL, &r) < 0) {
		if (status)
			*status = -1;
		return NULL;
	}
	return take_json(&r, status);
}

void
th_assert_error(json_t *body, const char *error_type)
{
	json_t *errors;

	assert_non_null(body);
	errors = json_object_get(body, "errors");
	assert_true(json_is_array(errors));
	assert_true(json_array_size(errors) >= 1);
	assert_true(json_is_string(json_array_get(errors, 0)));
	if (error_type != NULL)
		assert_string_equal(json_string_value(json_object_get(body,
		    "error_type")), error_type);
}

/* The request of the th_expect family, to an already formatted path. */
static json_t *
expect(struct th_client *c, const char *method, long want,
    const char *content_type, const char *body, const char *path)
{
	struct th_resp r;
	json_t *j;
	long st;

	if ((st = th_request(c, method, path, content_type, body, NULL,
	    &r)) < 0)
		fail_msg("%s %s: no answer, wanted %ld", method, path, want);
	if (st != want || r.json == NULL)
		fail_msg("%s %s: %ld, wanted %ld and JSON: %.600s", method,
		    path, st, want, r.body);
	j = take_json(&r, NULL);
	return j;
}

json_t *
th_expect(struct th_client *c, const char *method, long want,
    const char *form, const char *fmt, ...)
{
	char path[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return expect(c, method, want, NULL, form, path);
}

json_t *
th_expect_get(struct th_client *c, long want, const char *fmt, ...)
{
	char path[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return expect(c, "GET", want, NULL, NULL, path);
}

json_t *
th_expect_json(struct th_client *c, const char *method, long want,
    json_t *obj, const char *fmt, ...)
{
	char path[4096], *body = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
	va_list ap;
	json_t *j;

	json_decref(obj);
	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	j = expect(c, method, want, body ? "application/json" : NULL, body,
	    path);
	free(body);
	return j;
}

json_int_t
th_jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

int
th_jbool(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	assert_true(json_is_boolean(v));
	return json_is_true(v);
}

const char *
th_jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	assert_true(json_is_string(v));
	return json_string_value(v);
}

int
th_cast_start(struct th_server *s, const char *const *env, const char *pw,
    struct th_cast *c)
{
	static const char *const names[] = { "alice", "bob", "carol", "dave",
	    "erin" };
	struct th_client **as[] = { &c->alice, &c->bob, &c->carol, &c->dave,
	    &c->erin };
	size_t i;

	memset(c, 0, sizeof(*c));
	if (th_start(s, env) != 0 ||
	    th_create_user(s, "admin1", pw, 1, 0) < 0)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (th_create_user(s, names[i], pw, 0, 0) < 0)
			return -1;
	if ((c->key = th_api_key(s, NULL)) == NULL)
		return -1;
	c->anon = th_client_new(s);
	c->admin = th_client_as(s, c->key, "admin1");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		*as[i] = th_client_as(s, c->key, names[i]);
	return 0;
}

int
th_cast_stop(struct th_server *s, struct th_cast *c)
{
	struct th_client *all[] = { c->anon, c->admin, c->alice, c->bob,
	    c->carol, c->dave, c->erin };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		th_client_free(all[i]);
	free(c->key);
	memset(c, 0, sizeof(*c));
	return th_stop(s);
}
