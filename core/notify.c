/*
 * Notifications (see notify.h): the rules as small pure functions, and
 * the writes that follow a post, a like or an accepted answer.  Each
 * named recipient is checked as they are now (their account, their
 * rights on the topic, their level) before a row is written; watchers
 * are told all at once by one statement (db_notif_fanout), whose rows the
 * list filters by rights when read, so the cost of a post does not grow with a check per
 * watcher.
 */
#include <string.h>

#include <jansson.h>

#include "conference.h"
#include "db.h"
#include "err.h"
#include "notifications.h"
#include "notify.h"
#include "rights.h"
#include "session_rights.h"
#include "topics.h"
#include "users.h"
#include "util.h"

#define MAX_MENTIONS	50	/* users told per post, as max_mentions_per_post */
#define MAX_TOLD	(MAX_MENTIONS + 16)

/* --- pure rules ----------------------------------------------------- */

const char *
notify_type_name(int type)
{
	switch (type) {
	case NOTIFY_MENTIONED:			return "mentioned";
	case NOTIFY_REPLIED:			return "replied";
	case NOTIFY_QUOTED:			return "quoted";
	case NOTIFY_EDITED:			return "edited";
	case NOTIFY_LIKED:			return "liked";
	case NOTIFY_PRIVATE_MESSAGE:		return "private_message";
	case NOTIFY_POSTED:			return "posted";
	case NOTIFY_LINKED:			return "linked";
	case NOTIFY_BOOKMARK_REMINDER:		return "bookmark_reminder";
	case NOTIFY_QUESTION_ON_YOUR_SESSION:	return "question_on_your_session";
	case NOTIFY_ANSWER_ACCEPTED:		return "answer_accepted";
	case NOTIFY_SESSION_STARTING:		return "session_starting";
	case NOTIFY_RECORDING_AVAILABLE:	return "recording_available";
	}
	return NULL;
}

int
notify_level_valid(int64_t level)
{
	return level >= NOTIFY_MUTED && level <= NOTIFY_WATCHING;
}

int
notify_level_effective(int topic_level, int category_level)
{
	if (notify_level_valid(topic_level))
		return topic_level;
	if (notify_level_valid(category_level))
		return category_level;
	return NOTIFY_NORMAL;
}

int
notify_level_allows(int level, int type)
{
	if (type == NOTIFY_PRIVATE_MESSAGE)
		return 1;
	if (level == NOTIFY_MUTED)
		return 0;
	if (type == NOTIFY_POSTED)
		return level == NOTIFY_WATCHING;
	return 1;
}

int
notify_high_priority(int type)
{
	return type == NOTIFY_PRIVATE_MESSAGE;
}

size_t
notify_mentions(struct arena *a, const char *cooked, size_t max,
    char ***names)
{
	static const char mark[] = "<a class=\"mention\" href=\"/u/";
	const char *s = cooked, *end;
	size_t n = 0, i;
	char *name;

	*names = arena_calloc(a, max + 1, sizeof(**names));
	while (s != NULL && n < max && (s = strstr(s, mark)) != NULL) {
		s += sizeof(mark) - 1;
		if ((end = strchr(s, '"')) == NULL)
			break;
		if (end == s || end - s > 60)
			continue;
		name = arena_strndup(a, s, (size_t)(end - s));
		for (i = 0; i < n; i++)
			if (strcasecmp((*names)[i], name) == 0)
				break;
		if (i == n)
			(*names)[n++] = name;
		s = end;
	}
	return n;
}

/* --- writes --------------------------------------------------------- */

/* What one event shares among its recipients. */
struct event {
	struct db	*db;
	struct arena	*a;
	int64_t		 post_id;
	int64_t		 topic_id;
	int64_t		 post_number;
	int64_t		 actor_id;
	int64_t		 now;
	const struct topic *topic;	/* read once for every recipient */
	const char	*data;		/* JSON text */
	const char	*actor_name;
	int64_t		 told[MAX_TOLD];
	size_t		 ntold;
};

/* Fills e's topic title and actor name into its data.  0 or -1. */
static int
event_init(struct event *e, struct db *db, struct arena *a, int64_t post_id,
    int64_t topic_id, int64_t post_number, int64_t actor_id, int64_t now)
{
	struct topic *t;
	struct user *u;
	json_t *o;
	char *s;

	memset(e, 0, sizeof(*e));
	e->db = db;
	e->a = a;
	e->post_id = post_id;
	e->topic_id = topic_id;
	e->post_number = post_number;
	e->actor_id = actor_id;
	e->now = now;
	if (db_topic_get(db, a, topic_id, &t) != DB_OK ||
	    db_user_by_id(db, a, actor_id, &u) != DB_OK)
		return -1;
	e->topic = t;
	e->actor_name = u->username;
	o = json_pack("{s:s,s:I,s:i,s:s,s:s}", "topic_title", t->title,
	    "original_post_id", (json_int_t)post_id, "original_post_type", 1,
	    "original_username", u->username, "display_username",
	    u->username);
	if (o == NULL)
		return -1;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (s == NULL)
		return -1;
	e->data = arena_strdup(a, s);
	free(s);
	return 0;
}

/* Whether user_id was already told of this event. */
static int
told(const struct event *e, int64_t user_id)
{
	size_t i;

	for (i = 0; i < e->ntold; i++)
		if (e->told[i] == user_id)
			return 1;
	return 0;
}

/*
 * Whether user_id may hear of type now: an active account, the writer
 * excepted, who can see the topic and has not muted it.  1, 0 or -1.
 */
static int
may_hear(struct event *e, int64_t user_id, int type)
{
	struct topic_rights tr;
	struct viewer v;
	struct topic *t;
	struct user *u;
	int rc, tl, cl;

	if (user_id <= 0 || user_id == e->actor_id)
		return 0;
	if ((rc = db_user_by_id(e->db, e->a, user_id, &u)) == DB_NOTFOUND)
		return 0;
	if (rc != DB_OK)
		return -1;
	if (!u->active)
		return 0;
	if (viewer_load(e->db, e->a, u, &v) != 0)
		return -1;
	if ((rc = rights_topic_load(e->db, e->a, &v, e->topic_id, &t,
	    &tr)) == E_NOT_FOUND || (rc == E_OK && !tr.see))
		return 0;
	if (rc != E_OK)
		return -1;
	if (db_notif_levels(e->db, user_id, e->topic_id, &tl, &cl) == DB_ERROR)
		return -1;
	return notify_level_allows(notify_level_effective(tl, cl), type);
}

/* Tells user_id of type once per post.  0 or -1. */
static int
tell(struct event *e, int64_t user_id, int type)
{
	struct notif_new n = { .user_id = user_id, .type = type,
	    .topic_id = e->topic_id, .post_number = e->post_number,
	    .post_id = e->post_id, .actor_id = e->actor_id, .data = e->data,
	    .high_priority = notify_high_priority(type), .now = e->now };
	int rc;

	if (told(e, user_id) || e->ntold == MAX_TOLD)
		return 0;
	if ((rc = db_notif_for_post(e->db, e->post_id, user_id)) == DB_OK)
		return 0;
	if (rc == DB_ERROR || (rc = may_hear(e, user_id, type)) < 0)
		return -1;
	e->told[e->ntold++] = user_id;
	if (rc == 0)
		return 0;
	return db_notif_insert(e->db, &n) == DB_OK ? 0 : -1;
}

/* A new reply in a session's topic that is a question tells its
 * presenters. */
static int
tell_presenters(struct event *e, const struct notify_post *p)
{
	struct conf_session *s;
	size_t i;
	int rc;

	if ((rc = db_conf_session_get(e->db, e->a, p->topic_id, &s)) ==
	    DB_NOTFOUND)
		return 0;
	if (rc != DB_OK)
		return -1;
	if (!conf_is_question(p->post_number, p->post_id,
	    s->recording_post_id, 0) || conf_presents(s, p->user_id))
		return 0;
	for (i = 0; i < s->npresenters; i++)
		if (tell(e, s->presenters[i].user_id,
		    NOTIFY_QUESTION_ON_YOUR_SESSION) != 0)
			return -1;
	return 0;
}

/* The author of the post replied to, else the topic's. */
static int
tell_replied(struct event *e, const struct notify_post *p)
{
	int64_t to = 0;
	int rc;

	if (p->reply_to_post_number > 0 && p->reply_to_post_number !=
	    p->post_number) {
		rc = db_notif_post_author(e->db, p->topic_id,
		    p->reply_to_post_number, &to);
		if (rc == DB_ERROR)
			return -1;
	}
	if (to == 0)
		to = e->topic->user_id;
	return tell(e, to, NOTIFY_REPLIED);
}

static int
tell_mentioned(struct event *e, const struct notify_post *p)
{
	struct user *u;
	char **names;
	size_t i, n;
	int rc;

	n = notify_mentions(e->a, p->cooked, MAX_MENTIONS, &names);
	for (i = 0; i < n; i++) {
		rc = db_user_by_username(e->db, e->a, names[i], &u);
		if (rc == DB_NOTFOUND)
			continue;
		if (rc != DB_OK || tell(e, u->id, NOTIFY_MENTIONED) != 0)
			return -1;
	}
	return 0;
}

int
notify_post(struct db *db, struct arena *a, const struct notify_post *p)
{
	struct notif_new n = { .type = NOTIFY_POSTED, .topic_id = p->topic_id,
	    .post_number = p->post_number, .post_id = p->post_id,
	    .actor_id = p->user_id, .now = p->now };
	struct event e;
	int64_t count;

	if (p->quiet)
		return 0;
	if (event_init(&e, db, a, p->post_id, p->topic_id, p->post_number,
	    p->user_id, p->now) != 0)
		return -1;
	if (p->edit)
		return tell_mentioned(&e, p);
	if (db_notif_topic_set(db, p->user_id, p->topic_id, NOTIFY_TRACKING,
	    p->post_number == 1 ? NOTIFY_REASON_CREATED_TOPIC :
	    NOTIFY_REASON_CREATED_POST, 1) != DB_OK)
		return -1;
	/* One notification per post and person, the most telling first: a
	 * question to its presenters, then a mention (as Discourse's
	 * PostAlerter: a mention in a reply is told as a mention), then the
	 * reply. */
	if (p->post_number > 1 && tell_presenters(&e, p) != 0)
		return -1;
	if (tell_mentioned(&e, p) != 0)
		return -1;
	if (p->post_number > 1 && tell_replied(&e, p) != 0)
		return -1;
	n.data = e.data;
	return db_notif_fanout(db, &n, e.topic->category_id, &count) ==
	    DB_OK ? 0 : -1;
}

int
notify_liked(struct db *db, struct arena *a, int64_t post_id,
    int64_t topic_id, int64_t post_number, int64_t author_id,
    int64_t liker_id, int64_t now)
{
	struct notif_new n = { .user_id = author_id, .type = NOTIFY_LIKED,
	    .topic_id = topic_id, .post_number = post_number,
	    .post_id = post_id, .actor_id = liker_id, .now = now };
	struct event e;
	json_t *o;
	char *s;
	int rc;

	if (event_init(&e, db, a, post_id, topic_id, post_number, liker_id,
	    now) != 0)
		return -1;
	if ((rc = may_hear(&e, author_id, NOTIFY_LIKED)) <= 0)
		return rc;
	if ((o = json_loads(e.data, 0, NULL)) == NULL)
		return -1;
	json_object_set_new(o, "count", json_integer(1));
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (s == NULL)
		return -1;
	n.data = arena_strdup(a, s);
	free(s);
	return db_notif_like(db, &n, e.actor_name) == DB_OK ? 0 : -1;
}

int
notify_answer_accepted(struct db *db, struct arena *a, int64_t post_id,
    int64_t topic_id, int64_t post_number, int64_t author_id,
    int64_t judge_id, int64_t now)
{
	struct notif_new n = { .user_id = author_id,
	    .type = NOTIFY_ANSWER_ACCEPTED, .topic_id = topic_id,
	    .post_number = post_number, .post_id = post_id,
	    .actor_id = judge_id, .now = now };
	struct event e;
	int rc;

	if (event_init(&e, db, a, post_id, topic_id, post_number, judge_id,
	    now) != 0)
		return -1;
	if ((rc = may_hear(&e, author_id, NOTIFY_ANSWER_ACCEPTED)) <= 0)
		return rc;
	n.data = e.data;
	return db_notif_insert(db, &n) == DB_OK ? 0 : -1;
}

int
notify_presenters_watch(struct db *db, int64_t topic_id)
{
	return db_notif_presenters_watch(db, topic_id,
	    NOTIFY_REASON_PRESENTER, NOTIFY_REASON_USER_CHANGED) == DB_OK ?
	    0 : -1;
}

int
notify_bookmark_reminder(struct db *db, int64_t user_id, int64_t topic_id,
    int64_t post_number, int64_t post_id, const char *data, int64_t now)
{
	struct notif_new n = {
		.user_id = user_id,
		.type = NOTIFY_BOOKMARK_REMINDER,
		.topic_id = topic_id,
		.post_number = post_number,
		.post_id = post_id,
		.data = data,
		.now = now,
	};

	return db_notif_insert(db, &n) == DB_OK ? 0 : -1;
}

int
notify_session_starting(struct db *db, int64_t user_id, int64_t topic_id,
    int64_t post_id, const char *data, int64_t now)
{
	struct notif_new n = {
		.user_id = user_id,
		.type = NOTIFY_SESSION_STARTING,
		.topic_id = topic_id,
		.post_number = 1,
		.post_id = post_id,
		.data = data,
		.high_priority = 1,
		.now = now,
	};

	return db_notif_insert(db, &n) == DB_OK ? 0 : -1;
}
