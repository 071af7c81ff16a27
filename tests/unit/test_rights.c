/*
 * core/rights.c: the topic rules as a pure function of facts (driven
 * with hand-made viewers and topics), and the loaders against a real
 * schema on :memory: (a private category, owners, replies, staff).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "categories.h"
#include "db.h"
#include "err.h"
#include "groups.h"
#include "permissions.h"
#include "posts.h"
#include "rights.h"
#include "topics.h"
#include "users.h"
#include "util.h"

/* Category 1 open to everyone; 2 readonly to everyone; 3 only group 40. */
static const struct category_perm_row rows[] = {
	{ 1, GROUP_EVERYONE, PERM_FULL },
	{ 2, GROUP_EVERYONE, PERM_READONLY },
	{ 3, 40, PERM_FULL },
};

static int64_t member_groups[] = { GROUP_EVERYONE, 10, 40 };
static int64_t plain_groups[] = { GROUP_EVERYONE, 10 };
static struct user alice = { .id = 7, .username = "alice",
    .group_ids = member_groups, .ngroups = 3 };
static struct user bob = { .id = 8, .username = "bob",
    .group_ids = plain_groups, .ngroups = 2 };
static struct user mod = { .id = 9, .username = "mod", .moderator = 1,
    .group_ids = plain_groups, .ngroups = 2 };

static struct viewer
as(const struct user *u)
{
	struct viewer v = { .user = u, .rows = rows,
	    .nrows = sizeof(rows) / sizeof(rows[0]) };

	return v;
}

static struct topic_rights
rights(const struct user *u, const struct topic *t,
    const struct topic_facts *f)
{
	struct viewer v = as(u);
	struct topic_rights tr;

	rights_topic(&v, t, f, &tr);
	return tr;
}

static void
test_anonymous_reads_only(void **state)
{
	struct topic t = { .id = 1, .category_id = 1, .user_id = 7 };
	struct topic_facts f = { .session = 1, .recording_post_id = 5 };
	struct topic_rights tr = rights(NULL, &t, &f);

	(void)state;
	assert_true(tr.see);
	assert_false(tr.reply || tr.edit || tr.del || tr.act ||
	    tr.create_topic || tr.owner || tr.staff);
	/* Facts about a topic one may see are passed on. */
	assert_true(tr.session);
	assert_int_equal(tr.recording_post_id, 5);
}

static void
test_hidden_category_looks_missing(void **state)
{
	struct topic t = { .id = 1, .category_id = 3, .user_id = 7 };
	struct topic_facts f = { .session = 1, .presenter = 1 };
	struct topic_rights tr = rights(&bob, &t, &f);

	(void)state;
	assert_false(tr.see);
	/* Nothing about a hidden topic leaks through its rights. */
	assert_false(tr.session || tr.presenter || tr.reply);
	tr = rights(&alice, &t, &f);
	assert_true(tr.see && tr.reply && tr.presenter);
	tr = rights(&mod, &t, &f);
	assert_true(tr.see && tr.staff && tr.del);
	/* A category with no rows at all does not exist, even for staff. */
	t.category_id = 99;
	tr = rights(&mod, &t, &f);
	assert_false(tr.see);
}

static void
test_readonly_category(void **state)
{
	struct topic t = { .id = 1, .category_id = 2, .user_id = 7 };
	struct topic_facts f = {0};
	struct topic_rights tr = rights(&bob, &t, &f);

	(void)state;
	assert_true(tr.see);
	assert_false(tr.reply || tr.create_topic);
	assert_true(tr.act);
	tr = rights(&mod, &t, &f);
	assert_true(tr.reply && tr.create_topic);
}

static void
test_closed_and_archived(void **state)
{
	struct topic t = { .id = 1, .category_id = 1, .user_id = 7,
	    .closed = 1 };
	struct topic_facts f = {0};
	struct topic_rights tr = rights(&alice, &t, &f);

	(void)state;
	assert_true(tr.owner);
	assert_false(tr.reply || tr.edit);
	assert_true(tr.del);
	tr = rights(&mod, &t, &f);
	assert_true(tr.reply && tr.edit);
	t.closed = 0;
	t.archived = 1;
	tr = rights(&alice, &t, &f);
	assert_false(tr.reply || tr.edit || tr.del || tr.act);
}

static void
test_owner_deletes_until_others_post(void **state)
{
	struct topic t = { .id = 1, .category_id = 1, .user_id = 7 };
	struct topic_facts alone = {0}, answered = { .others_posted = 1 };

	(void)state;
	assert_true(rights(&alice, &t, &alone).del);
	assert_false(rights(&alice, &t, &answered).del);
	assert_false(rights(&bob, &t, &alone).del);
	assert_true(rights(&mod, &t, &answered).del);
}

static void
test_deleted_topic_staff_only(void **state)
{
	struct topic t = { .id = 1, .category_id = 1, .user_id = 7,
	    .deleted_at = 100 };
	struct topic_facts f = {0};
	struct topic_rights tr = rights(&alice, &t, &f);

	(void)state;
	assert_false(tr.see);
	tr = rights(&mod, &t, &f);
	assert_true(tr.see);
	/* Nothing can be written to a deleted topic, even by staff. */
	assert_false(tr.reply || tr.act || tr.del);
}

static void
test_visible_categories(void **state)
{
	struct arena *a = arena_new();
	struct viewer v = as(&bob);

	(void)state;
	assert_string_equal(rights_visible_categories(&v, a), "[1,2]");
	v = as(&alice);
	assert_string_equal(rights_visible_categories(&v, a), "[1,2,3]");
	v = as(NULL);
	assert_string_equal(rights_visible_categories(&v, a), "[1,2]");
	assert_true(rights_category_public(&v, 2));
	assert_false(rights_category_public(&v, 3));
	arena_free(a);
}

/* --- the loaders, on a real schema ------------------------------------ */

struct world {
	struct db	*db;
	struct arena	*a;
	int64_t		 owner, other, staff, category, topic, reply;
};

static int64_t
make_user(struct db *db, const char *name, int moderator)
{
	char email[64];
	struct user_new u = { .username = name, .email = email, .name = name,
	    .password_hash = "x", .moderator = moderator };
	int64_t id;

	snprintf(email, sizeof(email), "%s@example.org", name);
	assert_int_equal(db_user_create(db, &u, &id), DB_OK);
	return id;
}

static int64_t
make_post(struct db *db, int64_t topic, int64_t user)
{
	struct post_new p = { .topic_id = topic, .user_id = user,
	    .raw = "a reply long enough", .cooked = "<p>a reply</p>",
	    .now = 1000 };
	int64_t id, number;

	assert_int_equal(db_post_create(db, &p, &id, &number), DB_OK);
	return id;
}

/* A fresh :memory: database with a category for the group "speakers"
 * only, holding a topic by its member. */
static int
world_setup(void **state)
{
	static struct world w;
	struct category_fields cf = { .name = "Backstage" };
	struct category_perm perm = { .permission_type = PERM_FULL };
	struct topic_new tn = { .title = "A topic in the back room",
	    .fancy_title = "A topic in the back room", .slug = "back",
	    .excerpt = "", .now = 1000 };
	int64_t group;

	memset(&w, 0, sizeof(w));
	assert_non_null(w.db = db_open(":memory:", 0));
	w.a = arena_new();
	w.owner = make_user(w.db, "owner", 0);
	w.other = make_user(w.db, "other", 0);
	w.staff = make_user(w.db, "staff", 1);
	assert_int_equal(db_group_create(w.db, "speakers", "", "", 0, &group),
	    DB_OK);
	assert_int_equal(db_group_add_member(w.db, group, w.owner), DB_OK);
	assert_int_equal(db_category_create(w.db, &cf, &w.category), DB_OK);
	perm.group_id = group;
	assert_int_equal(db_category_set_perms(w.db, w.category, &perm, 1),
	    DB_OK);
	tn.category_id = w.category;
	tn.user_id = w.owner;
	assert_int_equal(db_topic_create(w.db, &tn, &w.topic), DB_OK);
	make_post(w.db, w.topic, w.owner);
	*state = &w;
	return 0;
}

static int
world_teardown(void **state)
{
	struct world *w = *state;

	arena_free(w->a);
	db_close(w->db);
	return 0;
}

/* The rights of user id on the world's topic; the load's result. */
static int
load_as(struct world *w, int64_t id, struct topic_rights *tr)
{
	struct user *u = NULL;
	struct viewer v;
	struct topic *t;

	if (id != 0)
		assert_int_equal(db_user_by_id(w->db, w->a, id, &u), DB_OK);
	assert_int_equal(viewer_load(w->db, w->a, u, &v), 0);
	return rights_topic_load(w->db, w->a, &v, w->topic, &t, tr);
}

static void
test_load_private_topic(void **state)
{
	struct world *w = *state;
	struct topic_rights tr;

	assert_int_equal(load_as(w, 0, &tr), E_NOT_FOUND);
	assert_int_equal(load_as(w, w->other, &tr), E_NOT_FOUND);
	assert_int_equal(load_as(w, w->owner, &tr), E_OK);
	assert_true(tr.owner && tr.reply && tr.edit);
	/* Nobody else has posted yet: the owner may still delete it. */
	assert_true(tr.del);
	assert_int_equal(load_as(w, w->staff, &tr), E_OK);
	assert_true(tr.staff && tr.del);
}

static void
test_load_reads_others_posted(void **state)
{
	struct world *w = *state;
	struct topic_rights tr;

	w->reply = make_post(w->db, w->topic, w->staff);
	assert_int_equal(load_as(w, w->owner, &tr), E_OK);
	assert_false(tr.del);
}

static void
test_load_missing_and_deleted_post(void **state)
{
	struct world *w = *state;
	struct topic_rights tr;
	struct user *u;
	struct viewer v;
	struct topic *t;
	struct post *p;

	w->reply = make_post(w->db, w->topic, w->staff);
	assert_int_equal(db_user_by_id(w->db, w->a, w->owner, &u), DB_OK);
	assert_int_equal(viewer_load(w->db, w->a, u, &v), 0);
	assert_int_equal(rights_topic_load(w->db, w->a, &v, 0, &t, &tr),
	    E_NOT_FOUND);
	assert_int_equal(rights_topic_load(w->db, w->a, &v, 12345, &t, &tr),
	    E_NOT_FOUND);
	assert_int_equal(rights_post_load(w->db, w->a, &v, w->reply, 0, &p,
	    &t, &tr), E_OK);
	assert_int_equal(t->id, w->topic);
	assert_int_equal(db_begin(w->db), DB_OK);
	assert_int_equal(db_post_delete(w->db, p, 1, w->staff, 2000), DB_OK);
	assert_int_equal(db_commit(w->db), DB_OK);
	assert_int_equal(rights_post_load(w->db, w->a, &v, w->reply, 0, &p,
	    &t, &tr), E_NOT_FOUND);
	assert_int_equal(db_user_by_id(w->db, w->a, w->staff, &u), DB_OK);
	assert_int_equal(viewer_load(w->db, w->a, u, &v), 0);
	assert_int_equal(rights_post_load(w->db, w->a, &v, w->reply, 0, &p,
	    &t, &tr), E_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anonymous_reads_only),
		cmocka_unit_test(test_hidden_category_looks_missing),
		cmocka_unit_test(test_readonly_category),
		cmocka_unit_test(test_closed_and_archived),
		cmocka_unit_test(test_owner_deletes_until_others_post),
		cmocka_unit_test(test_deleted_topic_staff_only),
		cmocka_unit_test(test_visible_categories),
		cmocka_unit_test_setup_teardown(test_load_private_topic,
		    world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_load_reads_others_posted,
		    world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(
		    test_load_missing_and_deleted_post, world_setup,
		    world_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
