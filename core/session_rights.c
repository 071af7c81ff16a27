/*
 * The rules of a session's page (session_rights.h): the live room's
 * audience, the Q&A rights, the stream order.  Everything but
 * conf_stream_order is a pure function of its arguments, so the rules can
 * be read and tested apart from requests.
 */
#include <string.h>

#include "conference.h"
#include "db.h"
#include "session_rights.h"

int
conf_presents(const struct conf_session *s, int64_t user_id)
{
	size_t i;

	for (i = 0; user_id != 0 && i < s->npresenters; i++)
		if (s->presenters[i].user_id == user_id)
			return 1;
	return 0;
}

int
conf_room_visible(int signed_in, int participant, int staff, int presents)
{
	return signed_in && (participant || staff || presents);
}

int
conf_is_question(int64_t post_number, int64_t post_id,
    int64_t recording_post_id, int64_t deleted_at)
{
	return post_number > 1 && post_id != recording_post_id &&
	    deleted_at == 0;
}

struct conf_qa_rights
conf_qa_rights(const struct conf_qa_facts *f)
{
	struct conf_qa_rights r;

	r.vote = f->signed_in && f->question && f->act && !f->mine &&
	    !f->voted;
	r.unvote = f->voted && f->act;
	r.accept = f->judge && f->question && f->act && !f->answered;
	r.unaccept = f->judge && f->act && f->answered;
	return r;
}

int
conf_may_judge(int staff, int presenter)
{
	return staff || presenter;
}

void
conf_stream_recording_first(int64_t *ids, int64_t *numbers, size_t n,
    int64_t recording_post_id)
{
	int64_t id, number;
	size_t i;

	for (i = 2; recording_post_id != 0 && i < n; i++)
		if (ids[i] == recording_post_id) {
			id = ids[i];
			number = numbers[i];
			memmove(ids + 2, ids + 1, (i - 1) * sizeof(*ids));
			memmove(numbers + 2, numbers + 1,
			    (i - 1) * sizeof(*numbers));
			ids[1] = id;
			numbers[1] = number;
			break;
		}
}

int
conf_stream_order(struct db *db, struct arena *a, int64_t topic_id,
    int staff, int64_t recording_post_id, int by_votes, int keep,
    int64_t **ids, int64_t **numbers, size_t *n)
{
	if (by_votes)
		return db_conf_stream_by_votes(db, a, topic_id, staff,
		    recording_post_id, ids, numbers, n) == DB_OK ? 0 : -1;
	if (!keep)
		conf_stream_recording_first(*ids, *numbers, *n,
		    recording_post_id);
	return 0;
}
