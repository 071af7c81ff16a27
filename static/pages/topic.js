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
import { h, field, messageSlot, showMessage, setCooked, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state, refresh, navigate, isStaff } from '../state.js';
import { heading, categoryBadge, tagList, topicUrl, avatar, userLink, roleBadge,
    composer, loadDraft, icon } from '../ui.js';
import { timeEl, renderLocalDates, fmtDateTime } from '../time.js';
import { sessionTimes, presenterList, themeList, languageName, formatName,
    roomLink, recordingLink, safeUrl } from '../components/conference.js';
import { busy } from '../components/busy-button.js';
import { splitTags } from '../components/topic-fields.js';

const LIKE = 2;

// After a staff action the page reloads the topic; keep the controls open
// and the focus on the control just used.
let staffKeep = null;	// {topic, status}

function errText(e) {
	return e && e.messages ? e.messages.join(' ') : String(e && e.message || e);
}

function busyButton(btn, on) {
	btn.disabled = on;
	btn.classList.toggle('is-busy', on);
	if (on)
		btn.setAttribute('aria-busy', 'true');
	else
		btn.removeAttribute('aria-busy');
}

class TopicView {
	constructor(data, ctx) {
		this.topic = data;
		this.ctx = ctx;
		this.details = data.details || {};
		this.posts = new Map();		// post_number → post
		this.loaded = new Set();	// post ids shown
		this.stream = (data.post_stream && data.post_stream.stream) || [];
		this.list = h('div', {class: 'post-list'});
		this.earlier = h('div', {class: 'load-more'});
		this.later = h('div', {class: 'load-more'});
		this.replyArea = h('section', {class: 'reply-area', 'aria-label': t('topic.reply_area')});
		this.composer = null;
		this.replyTo = null;
		this.session = data.conference_session || null;
		this.order = ctx.query.get('order') === 'votes' ? 'votes' : null;
	}

	url(n) {
		return topicUrl(this.topic, n);
	}

	build() {
		const tp = this.topic;
		const el = h('article', {class: 'topic', 'aria-labelledby': 'topic-title'},
		    h('header', {class: 'topic-head'},
		        heading(tp.title),
		        h('div', {class: 'topic-meta'}, categoryBadge(tp.category_id), tagList(tp.tags),
		            this.editButton()),
		        this.notices(),
		        this.staffControls()),
		    this.session ? this.sessionBox() : null,
		    this.earlier,
		    this.list,
		    this.later,
		    this.replyArea);
		el.querySelector('h1').id = 'topic-title';
		for (const p of (tp.post_stream && tp.post_stream.posts) || [])
			this.addPost(p);
		if (this.session) {
			// The order switch goes above the questions: after the first
			// post and the recording post.
			const lead = [...this.list.children].filter((x) => x.dataset.postNumber === '1' ||
			    x.classList.contains('is-recording')).pop();
			if (lead)
				lead.after(this.qaBar());
			else
				this.list.before(this.qaBar());
		}
		this.updateLoadMore();
		this.renderReplyArea();
		return el;
	}

	// The topic's title and tags for those who may edit it, and its
	// category for staff: PUT /t/{id}.json (JSON, so clearing every tag
	// sends an empty list).
	editButton() {
		if (!this.details.can_edit || this.topic.deleted_at)
			return null;
		const b = h('button', {type: 'button', class: 'btn btn-quiet btn-small', id: 'edit-topic'},
		    t('topic.edit_topic'));
		b.addEventListener('click', () => this.openTopicEditor(b));
		return b;
	}

	openTopicEditor(opener) {
		const tp = this.topic;
		const title = field(t('newtopic.topic_title'), {name: 'title', required: true, dir: 'auto',
		    minlength: 15, maxlength: 255, value: tp.title});
		const tags = field(t('newtopic.tags'), {name: 'tags', hint: t('newtopic.tags_hint'),
		    autocapitalize: 'none', value: (tp.tags || []).join(', ')});
		const cats = isStaff() ? [...state.categories.values()] : [];
		const category = cats.length ? field(t('newtopic.category'), {type: 'select', name: 'category',
		    options: cats.map((c) => [c.id, c.name]), value: tp.category_id}) : null;
		const msg = messageSlot();
		const save = h('button', {type: 'submit', class: 'btn btn-primary'}, t('action.save'));
		const cancel = h('button', {type: 'button', class: 'btn'}, t('action.cancel'));
		const form = h('form', {class: 'topic-editor', novalidate: true,
		    'aria-label': t('topic.edit_topic')},
		    title.wrap, category ? category.wrap : null, tags.wrap, msg,
		    h('div', {class: 'actions'}, save, cancel));
		const close = () => {
			form.remove();
			opener.hidden = false;
			opener.focus();
		};
		cancel.addEventListener('click', close);
		form.addEventListener('keydown', (ev) => {
			if (ev.key === 'Escape')
				close();
		});
		form.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			showMessage(msg, '');
			const body = {title: title.input.value.trim(), tags: splitTags(tags.input.value)};
			if (category && Number(category.input.value) !== tp.category_id)
				body.category_id = Number(category.input.value);
			try {
				const res = await busy(save, t('action.saving'),
				    () => api.putJson(`/t/${tp.id}.json`, body));
				announce(t('topic.saved'));
				const slug = res.basic_topic && res.basic_topic.slug;
				if (slug && slug !== tp.slug)
					await navigate(topicUrl({...tp, slug}), {replace: true, focus: false});
				else
					await refresh();
				document.getElementById('edit-topic')?.focus();
			} catch (e) {
				showMessage(msg, errText(e));
			}
		});
		opener.hidden = true;
		opener.closest('.topic-head').querySelector('.topic-meta').after(form);
		title.input.focus();
	}

	notices() {
		const tp = this.topic, out = [];
		const note = (cls, text) => out.push(h('p', {class: ['notice', cls]}, text));
		if (tp.deleted_at)
			note('notice-deleted', t('topic.notice_deleted'));
		if (tp.closed)
			note('notice-closed', t('topic.notice_closed'));
		if (tp.archived)
			note('notice-archived', t('topic.notice_archived'));
		if (tp.visible === false)
			note('notice-unlisted', t('topic.notice_unlisted'));
		if (tp.pinned)
			note('notice-pinned', tp.pinned_until ?
			    t(tp.pinned_globally ? 'topic.notice_pinned_globally_until' : 'topic.notice_pinned_until',
			        {date: fmtDateTime(tp.pinned_until)}) :
			    t(tp.pinned_globally ? 'topic.notice_pinned_globally' : 'topic.notice_pinned'));
		return out.length ? h('div', {class: 'notices'}, out) : null;
	}

	// Staff controls, each a PUT /t/{id}/status.json; the page reloads the
	// topic after each so every flag shown is the server's.
	staffControls() {
		const d = this.details, tp = this.topic;
		if (!(d.can_pin_unpin_topic || d.can_close_topic || d.can_archive_topic ||
		    d.can_toggle_topic_visibility))
			return null;
		const msg = messageSlot();
		const act = (btn, status, enabled, extra) => async () => {
			showMessage(msg, '');
			busyButton(btn, true);
			try {
				await api.put(`/t/${tp.id}/status.json`, {status, enabled: String(enabled), ...extra});
				announce(t('topic.status_saved'));
				staffKeep = {topic: tp.id, status: status === 'pinned_globally' ? 'pinned' : status};
				await refresh();
				const again = document.querySelector(`.staff-controls [data-status="${staffKeep.status}"]`) ||
				    document.querySelector('.staff-controls summary');
				again?.focus();
				staffKeep = null;
			} catch (e) {
				showMessage(msg, errText(e));
				busyButton(btn, false);
			}
		};
		const button = (label, status, enabled, extra) => {
			const b = h('button', {type: 'button', class: 'btn', dataset: {status}}, label);
			b.addEventListener('click', act(b, status, enabled, extra));
			return b;
		};
		const rows = [];
		if (d.can_pin_unpin_topic) {
			if (tp.pinned) {
				const b = button(t('staff.unpin'), tp.pinned_globally ? 'pinned_globally' : 'pinned', false);
				b.dataset.status = 'pinned';
				rows.push(h('div', {class: 'control-row'}, b));
			} else {
				const until = h('input', {type: 'date', id: 'pin-until', name: 'until',
				    min: new Date(Date.now() + 86400000).toISOString().slice(0, 10)});
				const global = h('input', {type: 'checkbox', id: 'pin-global', name: 'global'});
				const pin = h('button', {type: 'button', class: 'btn', dataset: {status: 'pinned'}},
				    t('staff.pin'));
				pin.addEventListener('click', () => act(pin,
				    global.checked ? 'pinned_globally' : 'pinned', true,
				    until.value ? {until: until.value} : {})());
				rows.push(h('div', {class: 'control-row pin-row'},
				    h('div', {class: 'field-inline'},
				        h('label', {htmlFor: 'pin-until'}, t('staff.pin_until')), until),
				    h('div', {class: 'field-inline check'},
				        global, h('label', {htmlFor: 'pin-global'}, t('staff.pin_global'))),
				    pin));
			}
		}
		const toggles = [];
		if (d.can_close_topic)
			toggles.push(button(tp.closed ? t('staff.open') : t('staff.close'), 'closed', !tp.closed));
		if (d.can_archive_topic)
			toggles.push(button(tp.archived ? t('staff.unarchive') : t('staff.archive'), 'archived', !tp.archived));
		if (d.can_toggle_topic_visibility)
			toggles.push(button(tp.visible === false ? t('staff.list') : t('staff.unlist'), 'visible', tp.visible === false));
		if (toggles.length)
			rows.push(h('div', {class: 'control-row'}, toggles));
		return h('details', {class: 'staff-controls',
		    open: !!(staffKeep && staffKeep.topic === tp.id)},
		    h('summary', null, t('staff.title')), rows, msg);
	}

	// ------------------------------------------------------------------
	// The conference session

	sessionBox() {
		const cs = this.session, tp = this.topic;
		const fact = (label, ...value) => h('div', {class: 'fact'},
		    h('dt', null, label), h('dd', null, ...value));
		const facts = h('dl', {class: 'session-facts'},
		    cs.webinar ? fact(t('session.webinar'), h('a', {href: `/schedule?webinar=${encodeURIComponent(cs.webinar.id)}`,
		        dir: 'auto'}, cs.webinar.title)) : null,
		    fact(t('session.when'), sessionTimes(cs, {withDate: true})),
		    fact(t('schedule.format'), formatName(cs.format)),
		    cs.language ? fact(t('schedule.language'), h('span', {lang: cs.language}, languageName(cs.language))) : null,
		    (cs.presenters || []).length ? fact(t('schedule.presenters'), presenterList(cs, {link: true})) : null,
		    (cs.tags || []).length ? fact(t('schedule.themes'), themeList(cs)) : null);
		const actions = h('div', {class: 'session-actions'});
		const msg = messageSlot();
		if (cs.in_agenda !== undefined && state.user)
			this.agendaButton(actions, msg);
		actions.append(h('a', {class: 'btn', href: `/t/${tp.id}.ics`, type: 'text/calendar'},
		    t('session.calendar')));
		const rec = recordingLink(cs, 'btn btn-watch', t('recordings.watch'));
		if (rec)
			actions.append(rec);
		return h('aside', {class: 'session-box', 'aria-label': t('session.box')},
		    facts, this.roomPart(), actions, msg, this.recordingEditor());
	}

	// The live room: its link for those allowed (participants, presenters,
	// staff); else that one exists and how to register.
	roomPart() {
		const cs = this.session;
		if (cs.can_see_room && safeUrl(cs.room_url))
			return h('div', {class: 'room'}, roomLink(cs.room_url),
			    h('p', {class: 'hint'}, t('session.room_private')));
		if (!cs.has_room)
			return null;
		const out = [h('p', null, t('session.room_exists'))];
		const reg = safeUrl(cs.registration_url);
		if (reg)
			out.push(h('p', null, h('a', {href: reg, rel: 'noopener', class: 'btn'}, t('session.register'))));
		if (state.user) {
			const input = h('input', {type: 'text', id: 'reg-code', name: 'code', required: true,
			    autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: 64});
			const submit = h('button', {type: 'submit', class: 'btn'}, t('session.code_submit'));
			const msg = messageSlot();
			const form = h('form', {class: 'inline-form reg-form', novalidate: true},
			    h('div', {class: 'field'}, h('label', {htmlFor: 'reg-code'}, t('session.code')), input),
			    submit, msg);
			form.addEventListener('submit', async (ev) => {
				ev.preventDefault();
				showMessage(msg, '');
				if (!input.value.trim()) {
					showMessage(msg, t('session.code_missing'));
					input.focus();
					return;
				}
				busyButton(submit, true);
				try {
					await api.post('/conference/register', {code: input.value.trim()});
				} catch (e) {
					busyButton(submit, false);
					showMessage(msg, errText(e));
					input.focus();
					return;
				}
				announce(t('session.registered'));
				await refresh();
				document.querySelector('.room-link')?.focus();
			});
			out.push(form);
		} else {
			out.push(h('p', null, h('a', {href: `/login?return=${encodeURIComponent(location.pathname)}`},
			    t('session.login_to_register'))));
		}
		return h('div', {class: 'room room-closed'}, out);
	}

	agendaButton(actions, msg) {
		const cs = this.session;
		const b = h('button', {type: 'button', class: ['btn', 'btn-agenda', cs.in_agenda && 'is-in']});
		const status = h('span', {class: 'agenda-status'});
		const draw = () => {
			b.textContent = cs.in_agenda ? t('session.agenda_remove') : t('session.agenda_add');
			status.textContent = cs.in_agenda ? t('session.in_agenda') : '';
			b.classList.toggle('is-in', !!cs.in_agenda);
		};
		draw();
		b.addEventListener('click', async () => {
			showMessage(msg, '');
			busyButton(b, true);
			try {
				const r = cs.in_agenda ? await api.del(`/conference/agenda/${cs.topic_id}`) :
				    await api.post(`/conference/agenda/${cs.topic_id}`);
				cs.in_agenda = !!r.in_agenda;
				announce(cs.in_agenda ? t('session.agenda_added') : t('session.agenda_removed'));
			} catch (e) {
				showMessage(msg, errText(e));
			}
			busyButton(b, false);
			draw();
			b.focus();
		});
		actions.append(b, status);
	}

	// Staff set (or clear) the recording URL: PUT
	// /conference/sessions/{id}.json; the server adds, edits or deletes
	// the recording post, and the page reloads to show it.
	recordingEditor() {
		const cs = this.session;
		if (!cs.can_edit)
			return null;
		const input = h('input', {type: 'url', id: 'recording-url', name: 'recording_url',
		    value: cs.recording_url || '', placeholder: 'https://', inputmode: 'url',
		    'aria-describedby': 'recording-url-hint'});
		const save = h('button', {type: 'submit', class: 'btn btn-primary'}, t('action.save'));
		const msg = messageSlot();
		const form = h('form', {class: 'recording-form', novalidate: true},
		    h('div', {class: 'field'},
		        h('label', {htmlFor: 'recording-url'}, t('session.recording_url')),
		        h('p', {class: 'hint', id: 'recording-url-hint'}, t('session.recording_url_hint')),
		        input),
		    h('div', {class: 'actions'}, save), msg);
		form.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			showMessage(msg, '');
			const v = input.value.trim();
			if (v && !safeUrl(v)) {
				showMessage(msg, t('session.recording_url_bad'));
				input.focus();
				return;
			}
			busyButton(save, true);
			try {
				await api.put(`/conference/sessions/${cs.topic_id}.json`, {recording_url: v});
			} catch (e) {
				busyButton(save, false);
				showMessage(msg, errText(e));
				input.focus();
				return;
			}
			announce(t('session.recording_saved'));
			staffKeep = {topic: this.topic.id, status: 'recording'};
			await refresh();
			staffKeep = null;
			document.getElementById('recording-url')?.focus();
		});
		return h('details', {class: 'staff-controls session-staff',
		    open: !!(staffKeep && staffKeep.topic === this.topic.id && staffKeep.status === 'recording')},
		    h('summary', null, t('session.staff')), form);
	}

	// Replies are questions: in posting order, or the most voted first.
	qaBar() {
		const base = this.url();
		const link = (order, label) => h('a', {class: 'btn btn-small', href: order ? `${base}?order=${order}` : base,
		    'aria-current': this.order === order ? 'page' : null}, label);
		const answered = this.session.answered_count || 0;
		return h('nav', {class: 'qa-bar', 'aria-label': t('qa.order')},
		    h('span', {class: 'qa-label'}, t('qa.questions')),
		    link(null, t('qa.in_order')), link('votes', t('qa.top')),
		    answered ? h('span', {class: 'hint'}, t('qa.answered_count', {count: answered})) : null);
	}

	// Q&A controls of a post: the vote toggle (or the count), and for
	// presenters and staff, mark answered / not answered.
	qaActions(actions, p, rerender, msg) {
		const question = p.post_number > 1 && !p.recording_post;
		if (!question)
			return;
		const count = p.vote_count || 0;
		const act = async (btn, fn) => {
			showMessage(msg, '');
			busyButton(btn, true);
			try {
				const r = await fn();
				p.vote_count = r.vote_count;
				p.user_voted = !!r.user_voted;
				if (r.accepted_answer !== undefined)
					p.accepted_answer = !!r.accepted_answer;
				return true;
			} catch (e) {
				showMessage(msg, errText(e));
				busyButton(btn, false);
				return false;
			}
		};
		if (p.can_vote || p.can_unvote) {
			const voted = !!p.user_voted;
			const b = h('button', {type: 'button', class: ['btn', 'btn-vote', voted && 'is-voted'],
			    'aria-pressed': String(voted),
			    'aria-label': t(voted ? 'qa.unvote_label' : 'qa.vote_label', {count})},
			    h('span', {class: 'vote-arrow', 'aria-hidden': 'true'}, '▲'),
			    h('span', {class: 'vote-count'}, String(count)));
			b.addEventListener('click', async () => {
				const ok = await act(b, () => (voted ? api.del('/qa/vote', {post_id: p.id}) :
				    api.post('/qa/vote', {post_id: p.id})));
				if (!ok)
					return;
				p.can_vote = !p.user_voted;
				p.can_unvote = p.user_voted;
				rerender();
				announce(t(p.user_voted ? 'qa.voted' : 'qa.unvoted'));
				actions.querySelector('.btn-vote')?.focus();
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
			b.addEventListener('click', async () => {
				const ok = await act(b, () => api.post(on ? '/solution/unaccept' : '/solution/accept', {id: p.id}));
				if (!ok)
					return;
				p.can_accept_answer = !p.accepted_answer;
				p.can_unaccept_answer = p.accepted_answer;
				rerender();
				announce(t(p.accepted_answer ? 'qa.accepted' : 'qa.unaccepted'));
				actions.querySelector('.btn-accept')?.focus();
			});
			actions.append(b);
		}
	}

	postBadges(p) {
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

	addPost(p, {before = null} = {}) {
		this.posts.set(p.post_number, p);
		this.loaded.add(p.id);
		const el = this.postEl(p);
		if (before)
			this.list.insertBefore(el, before);
		else
			this.list.append(el);
		return el;
	}

	postEl(p) {
		const likes = (p.actions_summary || []).find((a) => a.id === LIKE) ||
		    {count: p.like_count || 0, acted: false, can_act: false, can_undo: false};
		const authorId = `post_${p.post_number}_author`;
		const cooked = h('div', {class: 'cooked', dir: 'auto'});
		setCooked(cooked, p.cooked || '');
		renderLocalDates(cooked);
		const parent = p.reply_to_post_number ? this.posts.get(p.reply_to_post_number) : null;
		const msg = messageSlot('post-message');
		const actions = h('div', {class: 'post-actions'});
		const badges = h('span', {class: 'post-badges'}, this.postBadges(p));
		const el = h('article', {class: ['post', p.deleted_at && 'is-deleted', p.yours && 'is-yours',
		    p.recording_post && 'is-recording', p.accepted_answer && 'is-answered'],
		    id: `post_${p.post_number}`, 'aria-labelledby': authorId,
		    dataset: {postNumber: String(p.post_number), postId: String(p.id)}},
		    h('header', {class: 'post-head'},
		        avatar(p.username),
		        h('div', {class: 'post-who'},
		            userLink(p.username, 'post-author'),
		            roleBadge(p),
		            badges,
		            p.name && p.name !== p.username ? h('span', {class: 'full-name', dir: 'auto'}, p.name) : null),
		        h('a', {class: 'post-date', href: this.url(p.post_number),
		            'aria-label': t('topic.post_link', {n: p.post_number})}, timeEl(p.created_at))),
		    p.reply_to_post_number ? h('p', {class: 'reply-to'},
		        h('a', {href: this.url(p.reply_to_post_number)},
		            parent ? t('topic.in_reply_to_user', {username: parent.username, n: p.reply_to_post_number}) :
		            t('topic.in_reply_to', {n: p.reply_to_post_number}))) : null,
		    p.deleted_at ? h('p', {class: 'notice notice-deleted'}, t('topic.post_deleted')) : null,
		    cooked,
		    h('footer', {class: 'post-foot'}, actions, msg));
		el.querySelector('.post-author').id = authorId;
		this.fillActions(actions, p, likes, el, cooked, msg);
		return el;
	}

	fillActions(actions, p, likes, el, cooked, msg) {
		actions.replaceChildren();
		if (this.session) {
			this.qaActions(actions, p, () => {
				el.querySelector('.post-badges')?.replaceChildren(...this.postBadges(p));
				el.classList.toggle('is-answered', !!p.accepted_answer);
				this.fillActions(actions, p, likes, el, cooked, msg);
			}, msg);
		}
		// Likes: a toggle button when the reader may like or unlike, else
		// just the count.
		if (likes.can_act || likes.can_undo) {
			const btn = h('button', {type: 'button', class: ['btn', 'btn-like', likes.acted && 'is-liked'],
			    'aria-pressed': String(!!likes.acted),
			    'aria-label': t(likes.acted ? 'topic.unlike_label' : 'topic.like_label', {count: likes.count})},
			    icon('heart'), h('span', {class: 'like-count'}, String(likes.count)));
			btn.addEventListener('click', async () => {
				showMessage(msg, '');
				busyButton(btn, true);
				try {
					const np = likes.acted ?
					    await api.request('DELETE', `/post_actions/${p.id}.json`,
					        {query: {post_action_type_id: LIKE}}) :
					    await api.post('/post_actions.json', {id: p.id, post_action_type_id: LIKE});
					Object.assign(p, np);
					const nl = (np.actions_summary || []).find((a) => a.id === LIKE) ||
					    {count: np.like_count || 0};
					this.fillActions(actions, p, nl, el, cooked, msg);
					announce(t(nl.acted ? 'topic.liked' : 'topic.unliked'));
					actions.querySelector('.btn-like')?.focus();
				} catch (e) {
					showMessage(msg, errText(e));
					busyButton(btn, false);
				}
			});
			actions.append(btn);
		} else if (likes.count > 0) {
			actions.append(h('span', {class: 'like-static', title: t('topic.likes', {count: likes.count})},
			    icon('heart'),
			    h('span', {class: 'visually-hidden'}, t('topic.likes', {count: likes.count})),
			    h('span', {'aria-hidden': 'true'}, String(likes.count))));
		}
		if (this.details.can_create_post && !p.deleted_at) {
			const b = h('button', {type: 'button', class: 'btn btn-quiet btn-reply',
			    'aria-label': t('topic.reply_to_label', {username: p.username, n: p.post_number})},
			    t('topic.reply'));
			b.addEventListener('click', () => this.openComposer(p.post_number));
			actions.append(b);
		}
		if (p.can_edit && !p.deleted_at) {
			const b = h('button', {type: 'button', class: 'btn btn-quiet btn-edit'}, t('action.edit'));
			b.addEventListener('click', () => this.editPost(p, el, cooked, msg, b));
			actions.append(b);
		}
		if (p.can_delete && !p.deleted_at) {
			const b = h('button', {type: 'button', class: 'btn btn-quiet btn-delete'}, t('action.delete'));
			b.addEventListener('click', () => this.confirmDelete(p, actions, msg, b));
			actions.append(b);
		}
	}

	confirmDelete(p, actions, msg, btn) {
		const first = p.post_number === 1;
		const box = h('div', {class: 'confirm', role: 'group', 'aria-label': t('action.delete')},
		    h('span', null, first ? t('topic.confirm_delete_topic') : t('topic.confirm_delete')));
		const yes = h('button', {type: 'button', class: 'btn btn-danger'}, t('action.delete_yes'));
		const no = h('button', {type: 'button', class: 'btn'}, t('action.cancel'));
		box.append(yes, no);
		btn.hidden = true;
		actions.append(box);
		yes.focus();
		no.addEventListener('click', () => {
			box.remove();
			btn.hidden = false;
			btn.focus();
		});
		yes.addEventListener('click', async () => {
			showMessage(msg, '');
			busyButton(yes, true);
			yes.textContent = t('action.deleting');
			try {
				await api.del(`/posts/${p.id}.json`);
				announce(t('topic.deleted'));
				if (first)
					return navigate('/');
				return refresh();
			} catch (e) {
				showMessage(msg, errText(e));
				busyButton(yes, false);
				yes.textContent = t('action.delete_yes');
			}
		});
	}

	async editPost(p, el, cooked, msg, btn) {
		showMessage(msg, '');
		busyButton(btn, true);
		let raw;
		try {
			raw = (await api.get(`/posts/${p.id}.json`)).raw;
		} catch (e) {
			showMessage(msg, errText(e));
			busyButton(btn, false);
			return;
		}
		busyButton(btn, false);
		const foot = el.querySelector('.post-foot');
		const close = () => {
			c.form.remove();
			cooked.hidden = false;
			foot.hidden = false;
			btn.focus();
		};
		const c = composer({label: t('topic.edit_label', {n: p.post_number}), value: raw,
		    draftKey: `post_${p.id}`, submitLabel: t('action.save'), busyLabel: t('action.saving'),
		    onCancel: () => {
			    c.clearDraft();
			    close();
		    },
		    onSubmit: async (text) => {
			    const res = await api.put(`/posts/${p.id}.json`, {post: {raw: text}});
			    const np = res.post || res;
			    Object.assign(p, np);
			    setCooked(cooked, np.cooked || '');
			    renderLocalDates(cooked);
			    c.clearDraft();
			    close();
			    announce(t('topic.saved'));
		    }});
		c.form.classList.add('edit-composer');
		cooked.hidden = true;
		foot.hidden = true;
		cooked.after(c.form);
		c.input.focus();
	}

	async loadPosts(ids, where) {
		const q = new URLSearchParams();
		for (const id of ids)
			q.append('post_ids[]', String(id));
		const data = await api.get(`/t/${this.topic.id}/posts.json?${q}`);
		const posts = (data.post_stream && data.post_stream.posts) || [];
		const first = this.list.firstChild;
		let firstNew = null;
		for (const p of posts) {
			if (this.loaded.has(p.id))
				continue;
			const el = this.addPost(p, {before: where === 'earlier' ? first : null});
			firstNew = firstNew || el;
		}
		this.updateLoadMore();
		return firstNew;
	}

	updateLoadMore() {
		const idx = this.stream.map((id) => this.loaded.has(id));
		const firstLoaded = idx.indexOf(true);
		const lastLoaded = idx.lastIndexOf(true);
		const before = firstLoaded > 0 ? this.stream.slice(Math.max(0, firstLoaded - 20), firstLoaded) : [];
		const after = lastLoaded >= 0 ? this.stream.slice(lastLoaded + 1).filter((id) => !this.loaded.has(id)).slice(0, 20) : [];
		const fill = (slot, ids, where, label, remaining) => {
			slot.replaceChildren();
			if (!ids.length)
				return;
			const msg = messageSlot();
			const b = h('button', {type: 'button', class: 'btn'}, t(label, {count: remaining}));
			b.addEventListener('click', async () => {
				busyButton(b, true);
				b.textContent = t('action.loading');
				try {
					const el = await this.loadPosts(ids, where);
					if (el) {
						el.setAttribute('tabindex', '-1');
						el.focus();
					}
				} catch (e) {
					showMessage(msg, errText(e));
					busyButton(b, false);
					b.textContent = t(label, {count: remaining});
				}
			});
			slot.append(b, msg);
		};
		fill(this.earlier, before, 'earlier', 'topic.load_earlier', firstLoaded);
		fill(this.later, after, 'later', 'topic.load_more',
		    this.stream.slice(lastLoaded + 1).filter((id) => !this.loaded.has(id)).length);
	}

	renderReplyArea() {
		const area = this.replyArea;
		area.replaceChildren();
		if (this.details.can_create_post) {
			const b = h('button', {type: 'button', class: 'btn btn-primary', id: 'reply-button'},
			    t('topic.reply_topic'));
			b.addEventListener('click', () => this.openComposer(null));
			area.append(b);
			const draft = loadDraft(`topic_${this.topic.id}`);
			if (draft && draft.raw)
				this.openComposer(draft.reply_to_post_number || null, {focus: false});
		} else if (!state.user) {
			area.append(h('p', {class: 'hint'},
			    h('a', {href: `/login?return=${encodeURIComponent(location.pathname)}`}, t('topic.login_to_reply'))));
		} else if (this.topic.closed || this.topic.archived) {
			area.append(h('p', {class: 'hint'}, t('topic.cannot_reply_closed')));
		}
	}

	openComposer(replyTo, {focus = true} = {}) {
		const tp = this.topic;
		this.replyTo = replyTo || null;
		if (this.composer) {
			this.composer.form.remove();
			this.composer = null;
		}
		const target = h('p', {class: 'replying-to'});
		const setTarget = () => {
			target.replaceChildren();
			const p = this.replyTo ? this.posts.get(this.replyTo) : null;
			if (!this.replyTo)
				return target.append(t('topic.replying_to_topic'));
			target.append(p ? t('topic.replying_to_user', {username: p.username, n: this.replyTo}) :
			    t('topic.replying_to', {n: this.replyTo}), ' ');
			const x = h('button', {type: 'button', class: 'btn btn-quiet btn-small'}, t('topic.reply_to_topic_instead'));
			x.addEventListener('click', () => {
				this.replyTo = null;
				setTarget();
			});
			target.append(x);
		};
		setTarget();
		const c = composer({label: t('topic.your_reply'), draftKey: `topic_${tp.id}`,
		    submitLabel: t('topic.reply'), busyLabel: t('topic.posting'), fields: [target],
		    collect: () => ({reply_to_post_number: this.replyTo}),
		    onCancel: () => {
			    c.clearDraft();
			    c.form.remove();
			    this.composer = null;
			    document.getElementById('reply-button')?.focus();
		    },
		    onSubmit: async (raw) => {
			    const p = await api.post('/posts.json', {topic_id: tp.id, raw,
			        reply_to_post_number: this.replyTo || undefined});
			    c.clearDraft();
			    c.form.remove();
			    this.composer = null;
			    if (!this.stream.includes(p.id))
				    this.stream.push(p.id);
			    const el = this.addPost(p);
			    el.setAttribute('tabindex', '-1');
			    el.scrollIntoView({block: 'center'});
			    el.focus({preventScroll: true});
			    announce(t('topic.reply_posted'));
		    }});
		c.form.id = 'reply-composer';
		this.composer = c;
		this.replyArea.append(c.form);
		if (focus) {
			c.input.focus();
			c.form.scrollIntoView({block: 'nearest'});
		}
	}
}

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
}
