/*
 * Cooking a post as the forum stores it: cook_post with @mentions linked
 * only to users who exist (spelled as the database spells them), and the
 * excerpt a topic list shows.  One place for the API, the import and the
 * session endpoints.
 */
#ifndef CONFAB_POST_COOK_H
#define CONFAB_POST_COOK_H

struct arena;
struct db;

/* Characters of a topic's excerpt (Discourse's default). */
#define POST_EXCERPT_CHARS	300

/*
 * Cooks raw, looking mentioned names up in db.  Returns 0 with *cooked in
 * the arena, or -1 with *why set to cook_error()'s message (a limit
 * exceeded: answer 422 with it); *why is a static string.
 */
int	 post_cook(struct db *, struct arena *, const char *raw,
	    char **cooked, const char **why);
/* The excerpt of cooked HTML, POST_EXCERPT_CHARS at most, in the arena. */
char	*post_excerpt(struct arena *, const char *cooked);

#endif
