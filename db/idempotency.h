/*
 * Idempotency keys for creating posts.  A request that carries a key is
 * looked up first (db_idem_get); if the key is new, the connection is
 * armed with it (db_idem_arm) before the post is written, so the key is
 * stored with the post's id in the post's own transaction, and disarmed
 * afterwards whatever happened (db_idem_disarm).  Keys are per user and
 * live IDEM_TTL seconds.
 */
#ifndef CONFAB_IDEMPOTENCY_H
#define CONFAB_IDEMPOTENCY_H

#include <stdint.h>

#define IDEM_TTL	(24 * 3600)

struct db;
struct arena;

/*
 * Creates the connection's TEMP table and trigger; db_open calls it.
 * Returns DB_OK or DB_ERROR.
 */
int	db_idem_init(struct db *);

/*
 * The post a live key (younger than IDEM_TTL at now) created, and the hash
 * of the request that created it (arena): DB_OK, DB_NOTFOUND, DB_ERROR.
 */
int	db_idem_get(struct db *, struct arena *, int64_t user_id,
	    const char *key, int64_t now, int64_t *post_id,
	    char **request_hash);

/* Arms the connection: the next post user_id writes takes the key. */
int	db_idem_arm(struct db *, int64_t user_id, const char *key,
	    const char *request_hash);
/* Disarms it; call after every armed attempt, failed or not. */
int	db_idem_disarm(struct db *);

#endif
