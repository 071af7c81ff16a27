/*
 * Cooking a post with the mention lookup, and its excerpt (post_cook.h):
 * the glue between cook.c, which knows no database, and the users table.
 */
#include <stdlib.h>
#include <string.h>

#include "cook.h"
#include "db.h"
#include "post_cook.h"
#include "users.h"
#include "util.h"

/* Mentions link only to users who exist, spelled as they spell it. */
static int
lookup_user(void *ctx, const char *name, size_t len, char out[64])
{
	return db_username_canonical(ctx, name, len, out) == DB_OK;
}

int
post_cook(struct db *db, struct arena *a, const char *raw, char **cooked,
    const char **why)
{
	struct cook_opts o = { .user_lookup = lookup_user, .ctx = db };
	char *html = NULL;

	if (cook_post(raw, strlen(raw), &o, &html) != 0) {
		*why = cook_error();
		return -1;
	}
	*cooked = arena_strdup(a, html);
	free(html);
	return 0;
}

char *
post_excerpt(struct arena *a, const char *cooked)
{
	char *e = cook_excerpt(cooked, POST_EXCERPT_CHARS), *copy;

	copy = arena_strdup(a, e ? e : "");
	free(e);
	return copy;
}
