/*
 * Topic views.  Counted in memory and written at most every
 * cfg.view_flush seconds (60), in one transaction: a write on every page
 * view would move PRAGMA data_version and so empty the anonymous read
 * cache (server/cache.h) on every view.  Views answered from that cache
 * are counted too (views_add from its hit path).  A clean shutdown writes
 * what is pending; what was counted since the last write is lost if the
 * process dies, which a view count can afford.
 */
#include <pthread.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "topics.h"
#include "util.h"
#include "views.h"

/* Topics with views pending at once; past that, views of further topics
 * wait in a full table for the next write (views_count writes at once). */
#define VIEW_SLOTS	256

struct pending_view {
	int64_t	topic_id;
	int64_t	n;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct pending_view pending[VIEW_SLOTS];
static size_t npending;
static int64_t since;		/* when the oldest pending view came */

/* Adds n to topic_id's slot; returns 0, or -1 when the table is full.
 * The lock is held. */
static int
add_locked(int64_t topic_id, int64_t n)
{
	size_t i;

	for (i = 0; i < npending && pending[i].topic_id != topic_id; i++)
		;
	if (i == npending) {
		if (npending == VIEW_SLOTS)
			return -1;
		pending[npending++] = (struct pending_view){ topic_id, 0 };
	}
	pending[i].n += n;
	if (since == 0)
		since = util_now();
	return 0;
}

/* Moves the pending counts to out (VIEW_SLOTS long); returns how many.
 * The lock is held. */
static size_t
take_locked(struct pending_view *out)
{
	size_t n = npending;

	memcpy(out, pending, n * sizeof(*out));
	npending = 0;
	since = 0;
	return n;
}

static void
write_views(struct db *db, const struct pending_view *v, size_t n)
{
	size_t i;

	if (n == 0 || db == NULL || db_begin(db) != DB_OK)
		return;
	for (i = 0; i < n; i++)
		if (db_topic_add_views(db, v[i].topic_id, v[i].n) != DB_OK) {
			db_rollback(db);
			return;
		}
	if (db_commit(db) != DB_OK)
		db_rollback(db);
}

void
views_add(int64_t topic_id, int64_t n)
{
	pthread_mutex_lock(&lock);
	/* A full table loses these few until views_count writes it out. */
	(void)add_locked(topic_id, n);
	pthread_mutex_unlock(&lock);
}

void
views_count(struct db *db, int64_t topic_id)
{
	struct pending_view out[VIEW_SLOTS];
	size_t n = 0;

	pthread_mutex_lock(&lock);
	if (add_locked(topic_id, 1) != 0) {
		/* Full: write what we have, then start again. */
		n = take_locked(out);
		add_locked(topic_id, 1);
	} else if (util_now() - since >= (int64_t)cfg.view_flush)
		n = take_locked(out);
	pthread_mutex_unlock(&lock);
	write_views(db, out, n);
}

void
views_flush(struct db *db)
{
	struct pending_view out[VIEW_SLOTS];
	size_t n;

	pthread_mutex_lock(&lock);
	n = take_locked(out);
	pthread_mutex_unlock(&lock);
	write_views(db, out, n);
}
