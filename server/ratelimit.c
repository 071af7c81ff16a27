/*
 * A fixed-size hash table of counters, each for one key and one window,
 * under one mutex (the calls are rare: logins and sign-ups).  Memory is
 * bounded: past RL_MAX_ENTRIES, expired entries are swept, and if none
 * expired, new keys are refused (limited) rather than grown without end.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyhash.h"
#include "ratelimit.h"
#include "util.h"

#define RL_BUCKETS	4096
#define RL_MAX_ENTRIES	100000
#define RL_MAX_KEY	200

struct rl_entry {
	struct rl_entry	*next;
	int64_t		 window_end;
	unsigned	 count;
	char		 key[];
};

static pthread_mutex_t rl_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rl_entry *rl_bucket[RL_BUCKETS];
static size_t rl_entries;

/* Keys come from clients (user names, addresses): keyed hash. */
static unsigned
hash_key(const char *s)
{
	return (unsigned)(keyhash_str(s) % RL_BUCKETS);
}

static void
sweep_expired(int64_t now)
{
	struct rl_entry **pp, *e;
	size_t i;

	for (i = 0; i < RL_BUCKETS; i++) {
		pp = &rl_bucket[i];
		while ((e = *pp) != NULL) {
			if (e->window_end <= now) {
				*pp = e->next;
				free(e);
				rl_entries--;
			} else
				pp = &e->next;
		}
	}
}

static struct rl_entry *
find_or_add(const char *key, int64_t now, unsigned window)
{
	unsigned h = hash_key(key);
	struct rl_entry *e;
	size_t len;

	for (e = rl_bucket[h]; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0)
			return e;
	if (rl_entries >= RL_MAX_ENTRIES)
		sweep_expired(now);
	if (rl_entries >= RL_MAX_ENTRIES)
		return NULL;
	len = strlen(key);
	e = xmalloc(sizeof(*e) + len + 1);
	memcpy(e->key, key, len + 1);
	e->count = 0;
	e->window_end = now + window;
	e->next = rl_bucket[h];
	rl_bucket[h] = e;
	rl_entries++;
	return e;
}

int
ratelimit_hit(const char *key, unsigned max, unsigned window)
{
	int64_t now = util_now();
	struct rl_entry *e;
	int wait = 0;
	char k[RL_MAX_KEY + 16];

	if (max == 0)
		return 0;
	/* The window is part of the key: one key, several limits. */
	snprintf(k, sizeof(k), "%u:%.*s", window, RL_MAX_KEY, key);
	pthread_mutex_lock(&rl_lock);
	e = find_or_add(k, now, window);
	if (e == NULL)
		wait = (int)window;
	else {
		if (e->window_end <= now) {
			e->window_end = now + window;
			e->count = 0;
		}
		if (e->count >= max)
			wait = (int)(e->window_end - now);
		else
			e->count++;
	}
	pthread_mutex_unlock(&rl_lock);
	return wait > 0 ? wait : 0;
}

void
ratelimit_free_all(void)
{
	pthread_mutex_lock(&rl_lock);
	rl_entries = RL_MAX_ENTRIES;
	sweep_expired(INT64_MAX);
	rl_entries = 0;
	pthread_mutex_unlock(&rl_lock);
}
