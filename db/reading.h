/*
 * Reading state in topic_users (see db/stmts_reading.def): recording
 * what a user read, reading it back for one topic or for a list page in
 * one query, and the two "dismiss" writes.  The rules that give it
 * meaning live in core/reading_rules.c.
 */
#ifndef CONFAB_DB_READING_H
#define CONFAB_DB_READING_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

/* A user's row for one topic; level -1 when none is chosen (NULL). */
struct reading_row {
	int64_t	 topic_id;
	int64_t	 last_read;		/* 0 = nothing read */
	int	 level;
};

/*
 * Records a visit of user_id to topic_id at now: last_read becomes the
 * larger of the stored one and last_read, msecs are added (the total is
 * capped).  Creates the row if needed.  The caller checked the numbers
 * (core/reading_rules.c).  DB_OK or DB_ERROR.
 */
int	db_reading_record(struct db *, int64_t user_id, int64_t topic_id,
	    int64_t last_read, int64_t msecs, int64_t now);

/* The user's row for a topic: DB_OK, DB_NOTFOUND (no row) or DB_ERROR. */
int	db_reading_get(struct db *, int64_t user_id, int64_t topic_id,
	    struct reading_row *out);

/*
 * The user's rows for the topics in ids_json (a JSON array of ids), in
 * no particular order; topics without a row are absent.  DB_OK with *out
 * in the arena (*n may be 0), or DB_ERROR.
 */
int	db_reading_for_topics(struct db *, struct arena *, int64_t user_id,
	    const char *ids_json, struct reading_row **out, size_t *n);

/*
 * When the user's account was created and when they last dismissed new
 * topics (0 = never).  DB_OK, DB_NOTFOUND or DB_ERROR.
 */
int	db_reading_user_marks(struct db *, int64_t user_id,
	    int64_t *created_at, int64_t *new_since);

/* Dismisses new topics: users.new_since = now.  DB_OK or DB_ERROR. */
int	db_reading_reset_new(struct db *, int64_t user_id, int64_t now);

/*
 * Marks read to their end the user's topics with unread posts among
 * those in the categories of visible_json; topic_ids_json (a JSON array)
 * limits it to those topics, NULL means every tracked unread topic.
 * DB_OK with the ids changed in *out (arena, *n may be 0), or DB_ERROR.
 */
int	db_reading_dismiss_posts(struct db *, struct arena *, int64_t user_id,
	    const char *visible_json, const char *topic_ids_json,
	    int64_t **out, size_t *n);

#endif
