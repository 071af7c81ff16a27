// One post of a topic: author, staff and Q&A badges, time, "in reply
// to", the cooked body (local dates shown in the reader's zone), and its
// actions as the server's can_* fields allow: like, reply, bookmark (for
// a signed-in reader, topic/bookmark.js), edit (in place, with a draft),
// delete (after a confirmation).
import { h, messageSlot, showMessage, setCooked, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { refresh, navigate, state } from '../state.js';
import { avatar, userLink, roleBadge, composer, icon } from '../ui.js';
import { timeEl, renderLocalDates } from '../time.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';
import { qaActions, postBadges } from './qa.js';
import { openComposer } from './reply.js';
import { bookmarkButton } from './bookmark.js';

const LIKE = 2;		// post_action_type_id

// The <article> of post p in view's topic.
export function postEl(view, p) {
	const likes = (p.actions_summary || []).find((a) => a.id === LIKE) ||
	    {count: p.like_count || 0, acted: false, can_act: false, can_undo: false};
	const authorId = `post_${p.post_number}_author`;
	const cooked = h('div', {class: 'cooked', dir: 'auto'});
	setCooked(cooked, p.cooked || '');
	renderLocalDates(cooked);
	const parent = p.reply_to_post_number ? view.posts.get(p.reply_to_post_number) : null;
	const msg = messageSlot('post-message');
	const actions = h('div', {class: 'post-actions'});
	const badges = h('span', {class: 'post-badges'}, postBadges(p));
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
	        h('a', {class: 'post-date', href: view.url(p.post_number),
	            'aria-label': t('topic.post_link', {n: p.post_number})}, timeEl(p.created_at))),
	    p.reply_to_post_number ? h('p', {class: 'reply-to'},
	        h('a', {href: view.url(p.reply_to_post_number)},
	            parent ? t('topic.in_reply_to_user', {username: parent.username, n: p.reply_to_post_number}) :
	            t('topic.in_reply_to', {n: p.reply_to_post_number}))) : null,
	    p.deleted_at ? h('p', {class: 'notice notice-deleted'}, t('topic.post_deleted')) : null,
	    cooked,
	    h('footer', {class: 'post-foot'}, actions, msg));
	el.querySelector('.post-author').id = authorId;
	fillActions(view, {actions, p, likes, el, cooked, msg});
	return el;
}

// (Re)draws the actions of a post: post is {actions, p, likes, el,
// cooked, msg}, the pieces postEl made.
function fillActions(view, post) {
	const {actions, p, likes, el, msg} = post;
	actions.replaceChildren();
	if (view.session) {
		qaActions(actions, p, () => {
			el.querySelector('.post-badges')?.replaceChildren(...postBadges(p));
			el.classList.toggle('is-answered', !!p.accepted_answer);
			fillActions(view, post);
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
			let np;
			try {
				np = await busy(btn, null, () => (likes.acted ?
				    api.request('DELETE', `/post_actions/${p.id}.json`,
				        {query: {post_action_type_id: LIKE}}) :
				    api.post('/post_actions.json', {id: p.id, post_action_type_id: LIKE})));
			} catch (e) {
				showMessage(msg, errorText(e));
				return;
			}
			Object.assign(p, np);
			const nl = (np.actions_summary || []).find((a) => a.id === LIKE) ||
			    {count: np.like_count || 0};
			fillActions(view, {...post, likes: nl});
			announce(t(nl.acted ? 'topic.liked' : 'topic.unliked'));
			actions.querySelector('.btn-like')?.focus();
		});
		actions.append(btn);
	} else if (likes.count > 0) {
		actions.append(h('span', {class: 'like-static', title: t('topic.likes', {count: likes.count})},
		    icon('heart'),
		    h('span', {class: 'visually-hidden'}, t('topic.likes', {count: likes.count})),
		    h('span', {'aria-hidden': 'true'}, String(likes.count))));
	}
	if (view.details.can_create_post && !p.deleted_at) {
		const b = h('button', {type: 'button', class: 'btn btn-quiet btn-reply',
		    'aria-label': t('topic.reply_to_label', {username: p.username, n: p.post_number})},
		    t('topic.reply'));
		b.addEventListener('click', () => openComposer(view, p.post_number));
		actions.append(b);
	}
	if (state.user && !p.deleted_at) {
		actions.append(bookmarkButton(p, msg, () => {
			fillActions(view, post);
			actions.querySelector('.btn-bookmark')?.focus();
		}));
	}
	if (p.can_edit && !p.deleted_at) {
		const b = h('button', {type: 'button', class: 'btn btn-quiet btn-edit'}, t('action.edit'));
		b.addEventListener('click', () => editPost(post, b));
		actions.append(b);
	}
	if (p.can_delete && !p.deleted_at) {
		const b = h('button', {type: 'button', class: 'btn btn-quiet btn-delete'}, t('action.delete'));
		b.addEventListener('click', () => confirmDelete(post, b));
		actions.append(b);
	}
}

// "Delete this post?" beside the Delete button btn; deleting the first
// post deletes the topic, and the reader goes home.
function confirmDelete({p, actions, msg}, btn) {
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
		try {
			await busy(yes, t('action.deleting'), async () => {
				await api.del(`/posts/${p.id}.json`);
				announce(t('topic.deleted'));
				await (first ? navigate('/') : refresh());
			});
		} catch (e) {
			showMessage(msg, errorText(e));
		}
	});
}

// Edits the post in place: its raw text in a composer where the body was
// (the Edit button btn gets the focus back after).
async function editPost({p, el, cooked, msg}, btn) {
	showMessage(msg, '');
	let raw;
	try {
		raw = (await busy(btn, null, () => api.get(`/posts/${p.id}.json`))).raw;
	} catch (e) {
		showMessage(msg, errorText(e));
		return;
	}
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
