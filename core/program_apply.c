/*
 * Applying a whole conference program (program_apply.h): one transaction
 * that sets the conference settings, writes the webinars, then each
 * session through conf_session_save, and lists the sessions the file no
 * longer names.  A dry run is the same transaction rolled back, so what it
 * reports is exactly what a real run would do.
 */
#include <string.h>

#include "conf_session.h"
#include "db.h"
#include "program_apply.h"
#include "users.h"

/* Sets a site setting when it differs; 0 or -1. */
static int
setting_update(struct db *db, struct arena *a, const char *name,
    const char *value)
{
	char *have = NULL;
	int rc;

	if (value == NULL)
		return 0;
	rc = db_setting_get(db, a, name, &have);
	if (rc == DB_OK && have != NULL && strcmp(have, value) == 0)
		return 0;
	return db_setting_put(db, name, value) == DB_OK ? 0 : -1;
}

static int
conference_settings(struct db *db, struct arena *a,
    const struct import_program *p)
{
	return setting_update(db, a, "conference_name", p->name) != 0 ||
	    setting_update(db, a, "conference_slug", p->slug) != 0 ||
	    setting_update(db, a, "conference_timezone", p->timezone) != 0 ||
	    setting_update(db, a, "conference_registration_url",
	    p->registration_url) != 0 ? -1 : 0;
}

/* Writes the program's webinars; their rows go in rows[i]. */
static int
save_webinars(struct conf_ctx *c, const struct import_program *p,
    struct conf_webinar **rows, struct import_report *r)
{
	json_t *created = json_array(), *updated = json_array();
	int64_t unchanged = 0;
	struct conf_webinar *w;
	size_t i;
	int rc;

	r->webinars = json_pack("{s:o,s:o}", "created", created, "updated",
	    updated);
	for (i = 0; i < p->nwebinars; i++) {
		const struct import_webinar *in = &p->webinars[i];

		rc = db_conf_webinar_by_ext(c->db, c->a, in->id, &w);
		if (rc == DB_NOTFOUND) {
			w = arena_calloc(c->a, 1, sizeof(*w));
			w->external_id = in->id;
			w->title = in->title;
			w->starts_at = in->starts_at;
			w->ends_at = in->ends_at;
			w->room_url = in->room_url;
			if (db_conf_webinar_insert(c->db, w, c->now) != DB_OK)
				return -1;
			json_array_append_new(created, json_string(in->id));
		} else if (rc != DB_OK)
			return -1;
		else if (!conf_str_eq(w->title, in->title) ||
		    w->starts_at != in->starts_at ||
		    w->ends_at != in->ends_at ||
		    !conf_str_eq(w->room_url, in->room_url)) {
			w->title = in->title;
			w->starts_at = in->starts_at;
			w->ends_at = in->ends_at;
			w->room_url = in->room_url;
			if (db_conf_webinar_update(c->db, w, c->now) != DB_OK)
				return -1;
			json_array_append_new(updated, json_string(in->id));
		} else
			unchanged++;
		rows[i] = w;
	}
	json_object_set_new(r->webinars, "unchanged", json_integer(unchanged));
	return 0;
}

static const struct conf_webinar *
webinar_row(const struct import_program *p, struct conf_webinar **rows,
    const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < p->nwebinars; i++)
		if (strcmp(p->webinars[i].id, id) == 0)
			return rows[i];
	return NULL;
}

/* Writes one session and says what happened in r; 0, -1 or -2. */
static int
import_one(struct conf_ctx *c, const struct import_session *s,
    const struct conf_webinar *w, struct import_report *r)
{
	struct conf_session *old = NULL;
	struct buf changed = {0};
	const char *why = NULL;
	int rc;

	rc = db_conf_session_by_ext(c->db, c->a, s->external_id, &old);
	if (rc == DB_NOTFOUND) {
		old = NULL;
		rc = db_conf_topic_ext_taken(c->db, s->external_id);
		if (rc == DB_OK) {
			json_array_append_new(r->errors, json_sprintf(
			    "%s: external_id: %s is already used by a topic "
			    "that is not a session", s->label,
			    s->external_id));
			return -2;
		}
		if (rc != DB_NOTFOUND)
			return -1;
	} else if (rc != DB_OK)
		return -1;
	else if (old->deleted_at != 0) {
		json_array_append_new(r->skipped, json_pack("{s:s,s:s}",
		    "external_id", s->external_id, "reason",
		    "the topic was deleted"));
		return 0;
	}
	rc = conf_session_save(c, s, old, w, &changed, &why);
	if (rc == -2)
		json_array_append_new(r->errors, json_sprintf("%s: %s",
		    s->label, why));
	else if (rc == 0 && old == NULL)
		json_array_append_new(r->created, json_string(s->external_id));
	else if (rc == 0 && changed.len > 0)
		json_array_append_new(r->updated, json_pack("{s:s,s:s}",
		    "external_id", s->external_id, "fields", changed.data));
	else if (rc == 0)
		json_array_append_new(r->unchanged,
		    json_string(s->external_id));
	buf_free(&changed);
	return rc;
}

static int
list_missing(struct conf_ctx *c, const struct import_program *p,
    struct import_report *r)
{
	char **ids;
	size_t n, i, j;

	if (db_conf_session_ext_ids(c->db, c->a, &ids, &n) != DB_OK)
		return -1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < p->nsessions; j++)
			if (strcmp(ids[i], p->sessions[j].external_id) == 0)
				break;
		if (j == p->nsessions)
			json_array_append_new(r->not_in_file,
			    json_string(ids[i]));
	}
	return 0;
}

int
import_apply(struct db *db, const struct import_program *p, int dry_run,
    int64_t editor_id, struct import_report *r)
{
	struct arena *a = arena_new();
	struct conf_webinar **rows;
	struct conf_ctx c;
	size_t i;
	int rc = -1, one;

	memset(r, 0, sizeof(*r));
	r->dry_run = dry_run;
	r->created = json_array();
	r->updated = json_array();
	r->unchanged = json_array();
	r->skipped = json_array();
	r->not_in_file = json_array();
	r->errors = json_array();
	if (db_begin(db) != DB_OK)
		goto out;
	rows = arena_calloc(a, p->nwebinars + 1, sizeof(*rows));
	if (conf_ctx_init(&c, db, a, editor_id) != 0 ||
	    conference_settings(db, a, p) != 0 ||
	    save_webinars(&c, p, rows, r) != 0)
		goto fail;
	for (i = 0; i < p->nsessions; i++) {
		one = import_one(&c, &p->sessions[i], webinar_row(p, rows,
		    p->sessions[i].webinar), r);
		if (one == -1)
			goto fail;
	}
	if (list_missing(&c, p, r) != 0 ||
	    db_conf_presenters_prune(db, c.presenters_gid) != DB_OK)
		goto fail;
	if (json_array_size(r->errors) > 0) {
		rc = -2;
		goto fail;
	}
	if (dry_run)
		db_rollback(db);
	else if (db_commit(db) != DB_OK)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	arena_free(a);
	return rc;
}

void
import_report_free(struct import_report *r)
{
	json_decref(r->created);
	json_decref(r->updated);
	json_decref(r->unchanged);
	json_decref(r->skipped);
	json_decref(r->not_in_file);
	json_decref(r->webinars);
	json_decref(r->errors);
	memset(r, 0, sizeof(*r));
}

json_t *
import_report_json(const struct import_report *r)
{
	return json_pack("{s:b,s:O,s:O,s:O,s:O,s:O,s:O}", "dry_run",
	    r->dry_run, "created", r->created, "updated", r->updated,
	    "unchanged", r->unchanged, "skipped", r->skipped, "not_in_file",
	    r->not_in_file, "webinars", r->webinars ? r->webinars :
	    json_object());
}

