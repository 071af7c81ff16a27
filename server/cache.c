/*
 * A small hash table of responses under one read-write lock (hits only
 * read, and may queue the same response on many connections at once).  Bounded in entries
 * and bytes; when either bound is reached the table is emptied (cheap,
 * and under a flood of distinct URLs no worse than evicting one by one).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "cache.h"
#include "keyhash.h"
#include "util.h"

#define CACHE_BUCKETS 1024
/*
 * Entries also die of age, so what changes with the clock alone (a pin
 * that expires, "3 h ago") is never older than this many seconds.
 */
#define CACHE_TTL 30

struct entry {
	struct entry		*next;
	struct MHD_Response	*resp;
	uint64_t		 gen;
	int64_t			 born;		/* monotonic seconds */
	int64_t			 view_topic;	/* a hit is a view of it */
	size_t			 len;
	int			 status;
	char			 key[];
};

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct entry *buckets[CACHE_BUCKETS];
static size_t nentries, nbytes, max_entries, max_bytes;
static atomic_uint_fast64_t generation = 1;

static int64_t
mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* Keys are URLs a client chose: keyed hash. */
static unsigned
hash(const char *s)
{
	return (unsigned)(keyhash_str(s) % CACHE_BUCKETS);
}

void
cache_init(size_t entries, size_t bytes)
{
	max_entries = entries;
	max_bytes = bytes;
	keyhash_init();
}

/* Drops every entry; the lock is held. */
static void
clear(void)
{
	struct entry *e, *next;
	size_t i;

	for (i = 0; i < CACHE_BUCKETS; i++) {
		for (e = buckets[i]; e != NULL; e = next) {
			next = e->next;
			MHD_destroy_response(e->resp);
			free(e);
		}
		buckets[i] = NULL;
	}
	nentries = nbytes = 0;
}

void
cache_free(void)
{
	pthread_rwlock_wrlock(&lock);
	clear();
	pthread_rwlock_unlock(&lock);
}

uint64_t
cache_generation(void)
{
	return atomic_load(&generation);
}

void
cache_bump(void)
{
	atomic_fetch_add(&generation, 1);
}

int
cache_serve(const char *key, uint64_t gen, struct MHD_Connection *conn,
    int *status, int *rc, int64_t *view_topic)
{
	struct entry *e;
	int hit = 0;

	if (max_entries == 0)
		return 0;
	pthread_rwlock_rdlock(&lock);
	for (e = buckets[hash(key)]; e != NULL; e = e->next) {
		if (e->gen == gen && strcmp(e->key, key) == 0 &&
		    mono_seconds() - e->born < CACHE_TTL) {
			*status = e->status;
			*view_topic = e->view_topic;
			*rc = MHD_queue_response(conn, (unsigned)e->status,
			    e->resp);
			hit = 1;
			break;
		}
	}
	pthread_rwlock_unlock(&lock);
	return hit;
}

int
cache_put(const char *key, uint64_t gen, struct MHD_Response *resp,
    int status, size_t len, int64_t view_topic)
{
	struct entry *e, **pp;
	size_t klen = strlen(key);
	unsigned h = hash(key);

	if (max_entries == 0 || gen != cache_generation() || len > max_bytes)
		return 0;
	pthread_rwlock_wrlock(&lock);
	/* Replace a stale entry for the same key. */
	for (pp = &buckets[h]; (e = *pp) != NULL; pp = &e->next) {
		if (strcmp(e->key, key) == 0) {
			*pp = e->next;
			nentries--;
			nbytes -= e->len;
			MHD_destroy_response(e->resp);
			free(e);
			break;
		}
	}
	if (nentries + 1 > max_entries || nbytes + len > max_bytes)
		clear();
	e = xmalloc(sizeof(*e) + klen + 1);
	memcpy(e->key, key, klen + 1);
	e->resp = resp;
	e->gen = gen;
	e->born = mono_seconds();
	e->len = len;
	e->status = status;
	e->view_topic = view_topic;
	e->next = buckets[h];
	buckets[h] = e;
	nentries++;
	nbytes += len;
	pthread_rwlock_unlock(&lock);
	return 1;
}
