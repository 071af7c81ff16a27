// /t/{slug}/{id} and /t/{slug}/{id}/{post_number}: a topic and its posts.
// Each post: author, staff badge, time, "in reply to", the cooked body
// (local dates shown in the reader's zone), likes, reply/edit/delete as
// the server's can_* fields allow; the title and tags for those who may
// edit the topic, and its category for staff.  Staff get pin/unpin
// (optionally until a date), close/open, archive, unlist.  The reply composer keeps a draft.
//
// A conference session's topic (conference_session in the topic JSON) also
// gets the session box (times in the reader's zone, presenters, the live
// room for those allowed, registration, the agenda, the calendar, staff's
// recording link) and Q&A on its replies: votes, answered marks, presenter
// badges, the recording post marked, and "Top questions" (?order=votes).
//
// The page is built by TopicView (topic/view.js) from the parts in
// static/topic/; this module fetches the topic and marks the post the URL
// names.  A signed-in reader's page reports what they read
// (topic/read-tracker.js); lists link to the first unread post.
import * as api from '../api.js';
import { state } from '../state.js';
import { TopicView } from '../topic/view.js';
import { trackReading } from '../topic/read-tracker.js';

export async function render(ctx) {
	const {id, postNumber} = ctx.params;
	const order = ctx.query.get('order') === 'votes' && !postNumber ? {order: 'votes'} : null;
	const data = await api.get(postNumber ? `/t/${id}/${postNumber}.json` : `/t/${id}.json`, order);
	ctx.setTitle(data.title);
	const view = new TopicView(data, ctx);
	const el = view.build();
	if (postNumber) {
		const target = el.querySelector(`#post_${postNumber}`) ||
		    [...el.querySelectorAll('.post')].pop();
		if (target) {
			target.classList.add('is-target');
			target.setAttribute('tabindex', '-1');
			target.setAttribute('data-scroll-target', '');
		}
	}
	ctx.show(el);
	if (state.user)
		trackReading(data.id, el);
}
