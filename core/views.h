/*
 * Topic views, counted in memory and written in one transaction at most
 * every cfg.view_flush seconds (see views.c for why).
 */
#ifndef CONFAB_VIEWS_H
#define CONFAB_VIEWS_H

#include <stdint.h>

struct db;

/* Counts n views of topic_id in memory.  Never touches the database, so
 * it may be called from the cache's hit path. */
void	views_add(int64_t topic_id, int64_t n);

/* Counts one view and, when the last write is cfg.view_flush seconds old
 * or the table is full, writes every pending count with db. */
void	views_count(struct db *, int64_t topic_id);

/* Writes every pending count now (at shutdown). */
void	views_flush(struct db *);

#endif
