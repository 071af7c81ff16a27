/*
 * The rules of a session's page, as pure functions of facts the caller
 * loaded: who may see the live room URL, which posts are questions, who
 * may vote on them or mark them answered, and the order of the stream
 * (the recording post right under the first post, or the most voted
 * questions first).
 */
#ifndef CONFAB_SESSION_RIGHTS_H
#define CONFAB_SESSION_RIGHTS_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct conf_session;
struct db;

/* Whether user_id (0 = anonymous) is one of s's presenters. */
int	conf_presents(const struct conf_session *s, int64_t user_id);
/*
 * Whether the live room URL may be shown: a secret of the participants
 * group, the session's presenters and staff, never shown to anonymous
 * visitors.  Facts about the caller: signed in, member of participants,
 * staff, presenter of this session.
 */
int	conf_room_visible(int signed_in, int participant, int staff,
	    int presents);

/* Whether a post of a session's topic is a question: a reply, not the
 * recording post, not deleted. */
int	conf_is_question(int64_t post_number, int64_t post_id,
	    int64_t recording_post_id, int64_t deleted_at);

/* What the caller knows about one post of a session and themselves. */
struct conf_qa_facts {
	int	signed_in;
	int	mine;		/* the caller wrote it */
	int	question;	/* conf_is_question */
	int	act;		/* the caller may act in the topic */
	int	judge;		/* staff or a presenter of the session */
	int	voted;		/* the caller voted for it */
	int	answered;	/* marked answered */
};

/* What the caller may do to it (as Discourse's question-answer and
 * solved plugins show it). */
struct conf_qa_rights {
	int	vote;
	int	unvote;
	int	accept;
	int	unaccept;
};

/* The rights that follow from the facts. */
struct conf_qa_rights conf_qa_rights(const struct conf_qa_facts *);
/* Whether the caller may mark questions answered (or unmark them). */
int	conf_may_judge(int staff, int presenter);

/*
 * Puts the recording post (recording_post_id, 0 = none) right under the
 * first post in a stream of post ids and numbers; nothing when it is not
 * in ids[2..n).  Pure.
 */
void	conf_stream_recording_first(int64_t *ids, int64_t *numbers, size_t n,
	    int64_t recording_post_id);
/*
 * The stream of a session's topic.  by_votes: replace *ids, *numbers and
 * *n (in the arena) by the questions in vote order; otherwise the
 * recording post goes under the first post, unless keep (the reader
 * asked for a post number, by which the window is found).  staff: whether
 * deleted posts are in the stream.  Returns 0 or -1 (database).
 */
int	conf_stream_order(struct db *, struct arena *, int64_t topic_id,
	    int staff, int64_t recording_post_id, int by_votes, int keep,
	    int64_t **ids, int64_t **numbers, size_t *n);

#endif
