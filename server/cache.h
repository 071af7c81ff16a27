/*
 * The cache of anonymous reads.  Anonymous visitors all see the same
 * bytes for a URL, so the finished libmicrohttpd response is kept and
 * queued again as is: no SQL, no JSON, no header building.  Any write
 * bumps a generation number and every older entry is dead.  Writes by
 * another process (the admin commands, an import) are noticed through
 * SQLite's PRAGMA data_version, checked on each cacheable request.
 */
#ifndef CONFAB_CACHE_H
#define CONFAB_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;
struct MHD_Response;

void		 cache_init(size_t max_entries, size_t max_bytes);
void		 cache_free(void);

/* The current generation; read it before reading the database. */
uint64_t	 cache_generation(void);
/* Everything cached so far is stale. */
void		 cache_bump(void);

/*
 * Queues the response cached for key at generation gen on conn, under the
 * cache's lock (so an eviction cannot free it first).  Returns 1 and sets
 * *status, *rc and *view_topic (the topic a hit is a view of, or 0) on a
 * hit; 0 on a miss.
 */
int		 cache_serve(const char *key, uint64_t gen,
		    struct MHD_Connection *conn, int *status, int *rc,
		    int64_t *view_topic);
/*
 * Offers resp, made at generation gen, to the cache under key.  Returns 1
 * when the cache took over the caller's reference (the caller must not
 * destroy resp), 0 when it declined.  len is the body size; view_topic
 * the topic each hit is a view of (0: none).
 */
int		 cache_put(const char *key, uint64_t gen,
		    struct MHD_Response *resp, int status, size_t len,
		    int64_t view_topic);

#endif
