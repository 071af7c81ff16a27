// Q&A on a conference session's topic: its replies are questions.  The
// order switch (in posting order, or "Top questions", ?order=votes), a
// question's vote toggle and, for presenters and staff, its answered
// mark; the badges of a post (presenter, recording post, answered).
import { h, showMessage, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';

// Puts the order switch above the questions of view's list: after the
// first post and the recording post.
export function addQaBar(view) {
	const lead = [...view.list.children].filter((x) => x.dataset.postNumber === '1' ||
	    x.classList.contains('is-recording')).pop();
	if (lead)
		lead.after(qaBar(view));
	else
		view.list.before(qaBar(view));
}

// Replies are questions: in posting order, or the most voted first.
function qaBar(view) {
	const base = view.url();
	const link = (order, label) => h('a', {class: 'btn btn-small', href: order ? `${base}?order=${order}` : base,
	    'aria-current': view.order === order ? 'page' : null}, label);
	const answered = view.session.answered_count || 0;
	return h('nav', {class: 'qa-bar', 'aria-label': t('qa.order')},
	    h('span', {class: 'qa-label'}, t('qa.questions')),
	    link(null, t('qa.in_order')), link('votes', t('qa.top')),
	    answered ? h('span', {class: 'hint'}, t('qa.answered_count', {count: answered})) : null);
}

// Q&A controls of post p, appended to actions: the vote toggle (or the
// count), and for presenters and staff, mark answered / not answered.
// rerender() draws the post's badges and actions again; msg: the post's
// message slot.
export function qaActions(actions, p, rerender, msg) {
	const question = p.post_number > 1 && !p.recording_post;
	if (!question)
		return;
	const count = p.vote_count || 0;
	// On a click on b: call() with b busy; the post takes the server's
	// answer, which sets p[flag]; then p[can[0]] (may do) and p[can[1]]
	// (may undo) follow it, the controls are drawn again, said[0] (flag
	// now on) or said[1] (off) is announced and the focus goes to the new
	// control (selector focus).
	const toggle = (b, {call, flag, can, said, focus}) => b.addEventListener('click', async () => {
		showMessage(msg, '');
		let r;
		try {
			r = await busy(b, null, call);
		} catch (e) {
			showMessage(msg, errorText(e));
			return;
		}
		p.vote_count = r.vote_count;
		p.user_voted = !!r.user_voted;
		if (r.accepted_answer !== undefined)
			p.accepted_answer = !!r.accepted_answer;
		p[can[0]] = !p[flag];
		p[can[1]] = p[flag];
		rerender();
		announce(t(p[flag] ? said[0] : said[1]));
		actions.querySelector(focus)?.focus();
	});
	if (p.can_vote || p.can_unvote) {
		const voted = !!p.user_voted;
		const b = h('button', {type: 'button', class: ['btn', 'btn-vote', voted && 'is-voted'],
		    'aria-pressed': String(voted),
		    'aria-label': t(voted ? 'qa.unvote_label' : 'qa.vote_label', {count})},
		    h('span', {class: 'vote-arrow', 'aria-hidden': 'true'}, '▲'),
		    h('span', {class: 'vote-count'}, String(count)));
		toggle(b, {
			call: () => (voted ? api.del('/qa/vote', {post_id: p.id}) :
			    api.post('/qa/vote', {post_id: p.id})),
			flag: 'user_voted', can: ['can_vote', 'can_unvote'],
			said: ['qa.voted', 'qa.unvoted'], focus: '.btn-vote',
		});
		actions.append(b);
	} else if (count > 0) {
		actions.append(h('span', {class: 'vote-static'},
		    h('span', {'aria-hidden': 'true'}, '▲ '), t('qa.votes', {count})));
	}
	if (p.can_accept_answer || p.can_unaccept_answer) {
		const on = !!p.accepted_answer;
		const b = h('button', {type: 'button', class: ['btn', 'btn-quiet', 'btn-accept']},
		    on ? t('qa.unaccept') : t('qa.accept'));
		toggle(b, {
			call: () => api.post(on ? '/solution/unaccept' : '/solution/accept', {id: p.id}),
			flag: 'accepted_answer', can: ['can_accept_answer', 'can_unaccept_answer'],
			said: ['qa.accepted', 'qa.unaccepted'], focus: '.btn-accept',
		});
		actions.append(b);
	}
}

// The badges after a post's author.
export function postBadges(p) {
	const out = [];
	if (p.presenter)
		out.push(h('span', {class: 'role-badge role-presenter'}, t('qa.presenter')));
	if (p.recording_post)
		out.push(h('span', {class: 'badge badge-recording'}, t('schedule.recording')));
	if (p.accepted_answer)
		out.push(h('span', {class: 'badge badge-answered'}, h('span', {'aria-hidden': 'true'}, '✓ '),
		    t('qa.answered')));
	return out;
}
