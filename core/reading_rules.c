/*
 * The rules of reading state (see reading_rules.h for the rules in words).
 * Nothing here touches the database: the lists run the same rules as SQL
 * in db/stmts_lists.def, and a change to one is a change to both.
 */
#include "reading_rules.h"

int64_t
reading_new_threshold(int64_t now, unsigned window_minutes,
    int64_t user_created_at, int64_t new_since)
{
	int64_t t = now - (int64_t)window_minutes * 60;

	if (user_created_at > t)
		t = user_created_at;
	/* A dismissal covers its whole second: a topic from that second
	 * was on the list the reader dismissed. */
	if (new_since > 0 && new_since + 1 > t)
		t = new_since + 1;
	return t;
}

int
reading_has_state(const struct reading_state *s)
{
	return s != NULL && s->exists && s->last_read > 0;
}

int
reading_is_new(const struct reading_topic *t, const struct reading_state *s,
    int64_t user_id, int64_t threshold)
{
	if (t->user_id == user_id || t->created_at < threshold ||
	    reading_has_state(s))
		return 0;
	return !(s != NULL && s->exists && s->level == READING_LEVEL_MUTED);
}

int
reading_is_tracked(int level)
{
	return level == READING_LEVEL_NONE || level >= READING_LEVEL_TRACKING;
}

int
reading_is_unread(const struct reading_topic *t,
    const struct reading_state *s)
{
	return reading_has_state(s) && reading_is_tracked(s->level) &&
	    s->last_read < t->highest_post_number;
}

int64_t
reading_unread_posts(const struct reading_topic *t,
    const struct reading_state *s)
{
	if (!reading_has_state(s) || s->last_read >= t->highest_post_number)
		return 0;
	return t->highest_post_number - s->last_read;
}

static int64_t
cap_msecs(int64_t ms)
{
	if (ms < 0)
		return 0;
	return ms > READING_MAX_MSECS ? READING_MAX_MSECS : ms;
}

int
reading_timings_check(int64_t highest_post_number, const int64_t *numbers,
    size_t n, int64_t topic_time, int64_t *last_read, int64_t *msecs_out)
{
	size_t i;

	*last_read = 0;
	*msecs_out = 0;
	if (n > READING_MAX_TIMINGS)
		return -1;
	for (i = 0; i < n; i++) {
		/* A post number past the topic's end does not exist (yet). */
		if (numbers[i] < 1 || numbers[i] > highest_post_number)
			continue;
		if (numbers[i] > *last_read)
			*last_read = numbers[i];
	}
	*msecs_out = cap_msecs(topic_time);
	return 0;
}
