/*
 * Topic lists in Discourse's TopicListSerializer shape, shared by every
 * list handler (h_lists.c: /latest, /top, /c/..., /tag/..., a user's
 * topics; h_reading.c: /new and /unread): the paging parameters, the
 * page with its posters and users, and, for a signed-in caller, their
 * reading state on each topic (server/present_list.c).
 */
#ifndef CONFAB_PRESENT_LIST_H
#define CONFAB_PRESENT_LIST_H

#include <stdint.h>

#include <jansson.h>

#include "lists.h"

struct req;

/* The query parameters every list takes. */
struct list_params {
	int64_t		 page;
	int64_t		 per_page;
	int		 per_page_given;
	enum list_order	 order;
	int		 order_given;
	int		 ascending;
	int		 ascending_given;
};

/*
 * Reads page, per_page, order and ascending into p.  Returns E_OK, or
 * E_BAD_REQUEST with a message: page outside 0..10000, per_page below 1
 * (above 100 is clamped to 100), an unknown order.
 */
int	present_list_params(struct req *, struct list_params *p);

/*
 * Runs q (the caller fills kind, visible, filter, pins_first, user_id)
 * with the paging of p and answers with the whole list, the caller's
 * reading state overlaid when signed in.  more_path/more_fixed make
 * more_topics_url (the list's path, already escaped, and a fixed query or
 * NULL); extra holds further topic_list fields and is consumed (may be
 * NULL).  Returns E_OK (the response is queued) or E_INTERNAL.
 */
int	present_topic_list(struct req *, struct list_query *q,
	    const struct list_params *p, int can_create_topic,
	    const char *more_path, const char *more_fixed, json_t *extra);

#endif
