/*
 * Access control as a matrix: roles (anonymous, member, participant,
 * presenter, moderator, admin, API key) x objects (topics in public,
 * participants-only, presenters-only and staff-only categories, deleted
 * topics and posts, closed and unlisted topics) x every route of the route
 * table.  The routes are read from server/route.c itself, so a route added
 * there is in the matrix without touching this file.
 *
 * The rule checked: a hidden object is indistinguishable from a missing
 * one.  For every route whose arguments name a topic, post or category,
 * each role gets the same status and body for an object it may not see as
 * for an id that does not exist, and a write changes nothing; no response
 * to any role ever contains the title or text of an object hidden from it;
 * and the lists, counts and profiles a role sees are the same before and
 * after the hidden objects were made.  No request may answer 5xx.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "hostile.h"

#define MISSING	999999L

enum role { ANON, MEMBER, PART, PRES, MOD, ADMIN, KEY, NROLES };
static const char *const role_name[NROLES] = { "anonymous", "member",
    "participant", "presenter", "moderator", "admin", "api-key" };

enum kind { K_NONE, K_TOPIC, K_POST, K_CATEGORY };

struct object {
	const char	*name;
	enum kind	 kind;
	long		 id;
	const char	*marker;	/* text only those who see it get */
	unsigned	 seen_by;	/* bit per role */
};

#define ALL	((1u << NROLES) - 1)
#define STAFF	(1u << MOD | 1u << ADMIN)

static struct th_server srv;
static struct th_client *c[NROLES];
static char *key;
static long cat_part, cat_pres, cat_staff, group_part;
static struct object objs[16];
static int nobjs;

struct route_row {
	char	method[16];
	char	pattern[256];
};
static struct route_row routes[256];
static int nroutes;
static unsigned requests;

/* Reads the route table out of server/route.c. */
static void
load_routes(void)
{
	const char *src = getenv("CONFAB_SRC");
	char path[512], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/server/route.c", src ? src : ".");
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("cannot read %s (run from the source tree or set "
		    "CONFAB_SRC)", path);
	while (fgets(line, sizeof(line), f) != NULL && nroutes < 256) {
		struct route_row *r = &routes[nroutes];

		if (sscanf(line, " { \"%15[^\"]\" , \"%255[^\"]\"", r->method,
		    r->pattern) == 2)
			nroutes++;
	}
	fclose(f);
	if (nroutes < 40)
		fail_msg("only %d routes found in %s", nroutes, path);
}

static enum kind
route_kind(const char *pattern)
{
	if (strncmp(pattern, "/t/", 3) == 0 ||
	    strncmp(pattern, "/conference/sessions/", 21) == 0 ||
	    strncmp(pattern, "/conference/agenda/:", 20) == 0)
		return K_TOPIC;
	if (strncmp(pattern, "/posts/", 7) == 0)
		return K_POST;
	if (strncmp(pattern, "/c/", 3) == 0 ||
	    strncmp(pattern, "/categories/", 12) == 0)
		return K_CATEGORY;
	/* The object is in the body. */
	if (strcmp(pattern, "/posts") == 0 ||
	    strcmp(pattern, "/post_actions") == 0 ||
	    strcmp(pattern, "/qa/vote") == 0 ||
	    strncmp(pattern, "/solution/", 10) == 0)
		return K_NONE;
	return K_NONE;
}

/* Fills the pattern's arguments: the object's id where it goes, else a
 * plausible constant. */
static void
make_path(const char *pattern, long id, char *out, size_t len)
{
	const char *p = pattern;
	size_t o = 0;

	while (*p && o + 32 < len) {
		if (*p != ':') {
			out[o++] = *p++;
			continue;
		}
		p++;
		if (strncmp(p, "id", 2) == 0 && (p[2] == '/' || !p[2]) &&
		    strncmp(pattern, "/groups/", 8) == 0)
			o += (size_t)snprintf(out + o, len - o, "%ld",
			    group_part);
		else if (strncmp(p, "id", 2) == 0 || strncmp(p, "topic_id",
		    8) == 0)
			o += (size_t)snprintf(out + o, len - o, "%ld", id);
		else if (strncmp(p, "ics", 3) == 0)
			o += (size_t)snprintf(out + o, len - o, "%ld.ics", id);
		else if (strncmp(p, "username", 8) == 0)
			o += (size_t)snprintf(out + o, len - o, "boss");
		else if (strncmp(p, "name", 4) == 0)
			o += (size_t)snprintf(out + o, len - o, "participants");
		else if (strncmp(p, "period", 6) == 0)
			o += (size_t)snprintf(out + o, len - o, "all");
		else if (strncmp(p, "slug", 4) == 0)
			o += (size_t)snprintf(out + o, len - o, "x");
		else
			o += (size_t)snprintf(out + o, len - o, "1");
		while (*p && *p != '/')
			p++;
	}
	out[o] = '\0';
	if (strstr(out, ".ics") == NULL && o + 6 < len)
		strcat(out, ".json");
}

static const char *
write_body(long id)
{
	static char body[512];

	snprintf(body, sizeof(body), "topic_id=%ld&id=%ld&post_id=%ld&"
	    "raw=A+body+for+the+access+matrix+long+enough&title=An+access+"
	    "matrix+title&post_action_type_id=2&status=closed&enabled=true&"
	    "category_id=1", id, id, id);
	return body;
}

/* One request as a role; the status, body in *out (free). */
static long
as(enum role r, const char *method, const char *path, const char *body,
    char **out)
{
	struct th_resp resp;
	long st;

	st = th_request(c[r], method, path, body ? NULL : NULL, body, NULL,
	    &resp);
	requests++;
	hostile_sent++;
	if (st >= 500) {
		hostile_5xx++;
		fail_msg("%s %s as %s: %ld: %.300s", method, path,
		    role_name[r], st, resp.body);
	}
	*out = resp.body;
	resp.body = NULL;
	th_resp_free(&resp);
	return st;
}

/* No object hidden from r shows in body. */
static void
check_markers(enum role r, const char *what, const char *body)
{
	int i;

	for (i = 0; i < nobjs; i++)
		if (!(objs[i].seen_by & 1u << r) && objs[i].marker != NULL &&
		    strstr(body, objs[i].marker) != NULL)
			fail_msg("%s as %s shows %s", what, role_name[r],
			    objs[i].name);
}

/* --- set-up --------------------------------------------------------- */

static long
new_topic(long category, const char *title, long *first_post)
{
	json_t *j = th_expect_json(c[ADMIN], "POST", 200,
	    json_pack("{s:s,s:s,s:I}", "title", title, "raw",
	    "The body of this topic is long enough.", "category",
	    (json_int_t)category), "/posts.json");
	long t = (long)json_integer_value(json_object_get(j, "topic_id"));

	if (first_post != NULL)
		*first_post = (long)json_integer_value(json_object_get(j,
		    "id"));
	json_decref(j);
	return t;
}

static long
new_category(const char *name, const char *group)
{
	json_t *j = th_expect_json(c[ADMIN], "POST", 200,
	    json_pack("{s:s,s:s,s:s,s:{s:i}}", "name", name, "color", "0088CC",
	    "text_color", "FFFFFF", "permissions", group, 1),
	    "/categories.json");
	long id = (long)json_integer_value(json_object_get(json_object_get(j,
	    "category"), "id"));

	json_decref(j);
	return id;
}

static void
add_object(const char *name, enum kind k, long id, const char *marker,
    unsigned seen_by)
{
	objs[nobjs++] = (struct object){ name, k, id, marker, seen_by };
}

static int
setup(void **state)
{
	static const char *const users[] = { NULL, "member", "part", "pres",
	    "mod", "boss", "keyuser" };
	json_t *j;
	int i;

	(void)state;
	load_routes();
	if (th_start(&srv, NULL) != 0)
		return -1;
	for (i = MEMBER; i < NROLES; i++)
		if (th_create_user(&srv, users[i], "Matrix-Password-123",
		    i == ADMIN, i == MOD) < 0)
			return -1;
	for (i = 0; i < NROLES; i++)
		c[i] = th_client_new(&srv);
	for (i = MEMBER; i <= ADMIN; i++)
		if (th_login(c[i], users[i], "Matrix-Password-123") != 200)
			return -1;
	key = th_api_key(&srv, "keyuser");
	th_client_api_key(c[KEY], key, NULL);
	/* The conference's groups (made here unless already there). */
	j = th_send(c[ADMIN], "POST", "/admin/groups.json", json_pack(
	    "{s:{s:s}}", "group", "name", "participants"), NULL);
	group_part = (long)json_integer_value(json_object_get(
	    json_object_get(j, "basic_group"), "id"));
	json_decref(j);
	json_decref(th_send(c[ADMIN], "POST", "/admin/groups.json", json_pack(
	    "{s:{s:s}}", "group", "name", "presenters"), NULL));
	if (th_add_to_group(&srv, "participants", "part") != 0 ||
	    th_add_to_group(&srv, "presenters", "pres") != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	int i;

	(void)state;
	printf("access matrix: %d routes, %d roles, %d objects, %u requests, "
	    "%u unexpected 5xx\n", nroutes, NROLES, nobjs, requests,
	    hostile_5xx);
	for (i = 0; i < NROLES; i++)
		th_client_free(c[i]);
	free(key);
	return th_stop(&srv) == 0 ? 0 : -1;
}

/* --- the matrix ------------------------------------------------------ */

/* The lists, counts and profiles every role sees. */
static const char *const lists[] = { "/latest.json", "/top.json",
    "/categories.json", "/site.json", "/about.json", "/u/boss.json",
    "/tags.json", "/c/uncategorized/1.json", "/groups.json",
    "/latest.json?order=posts", "/top/all.json", "/u/mod.json" };
#define NLISTS (sizeof(lists) / sizeof(lists[0]))
static char *before[NROLES][NLISTS];

static void
set_status(long topic, const char *status, const char *enabled)
{
	char form[128];

	snprintf(form, sizeof(form), "status=%s&enabled=%s", status, enabled);
	json_decref(th_expect(c[ADMIN], "PUT", 200, form,
	    "/t/%ld/status.json", topic));
}

static void
delete(const char *what, long id)
{
	json_decref(th_expect_json(c[ADMIN], "DELETE", 200, NULL,
	    "/%s/%ld.json", what, id));
}

static void
snapshot(char *out[NROLES][NLISTS])
{
	size_t i;
	int r;

	for (r = 0; r < NROLES; r++)
		for (i = 0; i < NLISTS; i++)
			as((enum role)r, "GET", lists[i], NULL, &out[r][i]);
}

/* Public objects first, then a snapshot of every list for every role. */
static void
test_public_then_snapshot(void **state)
{
	long t, p;

	(void)state;
	t = new_topic(1, "A public topic everyone reads", &p);
	add_object("public topic", K_TOPIC, t, NULL, ALL);
	add_object("public post", K_POST, p, NULL, ALL);
	t = new_topic(1, "A closed topic for the matrix", &p);
	set_status(t, "closed", "true");
	add_object("closed topic", K_TOPIC, t, NULL, ALL);
	t = new_topic(1, "An unlisted topic for the matrix", &p);
	set_status(t, "visible", "false");
	add_object("unlisted topic", K_TOPIC, t, NULL, ALL);
	snapshot(before);
}

/* Then the hidden ones: nothing a non-member sees may change. */
static void
test_hidden_objects(void **state)
{
	char *after[NROLES][NLISTS];
	size_t i;
	long t, p, reply, tstaff;
	int r;
	json_t *j;

	(void)state;
	cat_part = new_category("Participants SECRETCATPART", "participants");
	cat_pres = new_category("Presenters SECRETCATPRES", "presenters");
	cat_staff = new_category("Staff SECRETCATSTAFF", "staff");
	add_object("participants category", K_CATEGORY, cat_part,
	    "SECRETCATPART", 1u << PART | STAFF);
	add_object("presenters category", K_CATEGORY, cat_pres,
	    "SECRETCATPRES", 1u << PRES | STAFF);
	add_object("staff category", K_CATEGORY, cat_staff, "SECRETCATSTAFF",
	    STAFF);
	t = new_topic(cat_part, "Participants only SECRETPART", &p);
	add_object("participants topic", K_TOPIC, t, "SECRETPART",
	    1u << PART | STAFF);
	add_object("participants post", K_POST, p, NULL, 1u << PART | STAFF);
	t = new_topic(cat_pres, "Presenters only SECRETPRES", &p);
	add_object("presenters topic", K_TOPIC, t, "SECRETPRES",
	    1u << PRES | STAFF);
	add_object("presenters post", K_POST, p, NULL, 1u << PRES | STAFF);
	tstaff = t = new_topic(cat_staff, "Staff only SECRETSTAFF", &p);
	add_object("staff topic", K_TOPIC, t, "SECRETSTAFF", STAFF);
	add_object("staff post", K_POST, p, NULL, STAFF);
	t = new_topic(1, "Deleted topic SECRETDELTOPIC", &p);
	delete("t", t);
	add_object("deleted topic", K_TOPIC, t, "SECRETDELTOPIC", STAFF);
	add_object("deleted topic's post", K_POST, p, NULL, STAFF);
	/* A deleted reply in a staff topic (a public one would move the
	 * topic's own counters, which everyone may see). */
	j = th_expect_json(c[ADMIN], "POST", 200, json_pack("{s:I,s:s}",
	    "topic_id", (json_int_t)tstaff, "raw",
	    "A reply with SECRETDELPOST that gets deleted."), "/posts.json");
	reply = (long)json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	delete("posts", reply);
	add_object("deleted post", K_POST, reply, "SECRETDELPOST", STAFF);
	snapshot(after);
	for (r = 0; r < NROLES; r++)
		for (i = 0; i < NLISTS; i++) {
			check_markers((enum role)r, lists[i], after[r][i]);
			if (r != MOD && r != ADMIN &&
			    strcmp(before[r][i], after[r][i]) != 0 &&
			    !(r == PART || r == PRES))
				fail_msg("%s as %s changed when hidden objects "
				    "were made:\n%.600s\n--- now ---\n%.600s",
				    lists[i], role_name[r], before[r][i],
				    after[r][i]);
			free(before[r][i]);
			free(after[r][i]);
		}
}

/* Every route x every role x every object. */
static void
test_matrix(void **state)
{
	char path[512], mpath[512], *body, *mbody, *fp0, *fp1;
	const char *wbody, *mwbody;
	int i, r, o, write;
	long st, mst;

	(void)state;
	for (i = 0; i < nroutes; i++) {
		const char *m = routes[i].method;
		enum kind k = route_kind(routes[i].pattern);
		int body_obj = strcmp(routes[i].pattern, "/posts") == 0 ||
		    strcmp(routes[i].pattern, "/post_actions") == 0 ||
		    strcmp(routes[i].pattern, "/qa/vote") == 0 ||
		    strncmp(routes[i].pattern, "/solution/", 10) == 0;

		write = strcmp(m, "GET") != 0;
		/* Logging out or in is not an access question. */
		if (strncmp(routes[i].pattern, "/session", 8) == 0 ||
		    strcmp(routes[i].pattern, "/users") == 0)
			continue;
		for (r = 0; r < NROLES; r++) {
			/* Routes with no object: each role once, nothing
			 * stored unless staff, nothing hidden shown. */
			if (k == K_NONE && !body_obj) {
				make_path(routes[i].pattern, 1, path,
				    sizeof(path));
				if (write && (r == MOD || r == ADMIN))
					continue;
				fp0 = hostile_fingerprint(&srv);
				as((enum role)r, m, path, write ? "" : NULL,
				    &body);
				fp1 = hostile_fingerprint(&srv);
				check_markers((enum role)r, path, body);
				if (write && r != MEMBER && r != PART &&
				    r != PRES && r != KEY &&
				    strcmp(fp0, fp1) != 0)
					fail_msg("%s %s as %s stored", m, path,
					    role_name[r]);
				free(fp0);
				free(fp1);
				free(body);
				continue;
			}
			for (o = 0; o < nobjs; o++) {
				int sees = (objs[o].seen_by & 1u << r) != 0;

				if (body_obj ? objs[o].kind != (strcmp(
				    routes[i].pattern, "/posts") == 0 ?
				    K_TOPIC : K_POST) : objs[o].kind != k)
					continue;
				/* Writes only where the role sees nothing:
				 * the matrix must not change the objects. */
				if (write && sees)
					continue;
				make_path(routes[i].pattern, objs[o].id, path,
				    sizeof(path));
				make_path(routes[i].pattern, MISSING, mpath,
				    sizeof(mpath));
				wbody = write ? write_body(objs[o].id) : NULL;
				wbody = wbody ? strdup(wbody) : NULL;
				mwbody = write ? write_body(MISSING) : NULL;
				fp0 = hostile_fingerprint(&srv);
				st = as((enum role)r, m, path, wbody, &body);
				fp1 = hostile_fingerprint(&srv);
				mst = as((enum role)r, m, mpath, mwbody,
				    &mbody);
				check_markers((enum role)r, path, body);
				if (!sees && (st != mst ||
				    strcmp(body, mbody) != 0))
					fail_msg("%s %s as %s: %s answers %ld "
					    "%.200s; a missing one %ld %.200s",
					    m, path, role_name[r],
					    objs[o].name, st, body, mst,
					    mbody);
				if (write && strcmp(fp0, fp1) != 0)
					fail_msg("%s %s as %s stored", m, path,
					    role_name[r]);
				free((char *)wbody);
				free(fp0);
				free(fp1);
				free(body);
				free(mbody);
			}
		}
	}
	assert_int_equal(hostile_5xx, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public_then_snapshot),
		cmocka_unit_test(test_hidden_objects),
		cmocka_unit_test(test_matrix),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
