// Replying to a topic: the reply area under the posts (the Reply button,
// else why one cannot reply) and the reply composer, to the topic or to
// one post, with a draft kept per topic (reopened when the page loads).
import { h, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state } from '../state.js';
import { composer, loadDraft } from '../ui.js';
import { loginUrl } from '../components/account.js';

export function renderReplyArea(view) {
	const area = view.replyArea;
	area.replaceChildren();
	if (view.details.can_create_post) {
		const b = h('button', {type: 'button', class: 'btn btn-primary', id: 'reply-button'},
		    t('topic.reply_topic'));
		b.addEventListener('click', () => openComposer(view, null));
		area.append(b);
		const draft = loadDraft(`topic_${view.topic.id}`);
		if (draft && draft.raw)
			openComposer(view, draft.reply_to_post_number || null, {focus: false});
	} else if (!state.user) {
		area.append(h('p', {class: 'hint'},
		    h('a', {href: loginUrl()}, t('topic.login_to_reply'))));
	} else if (view.topic.closed || view.topic.archived) {
		area.append(h('p', {class: 'hint'}, t('topic.cannot_reply_closed')));
	}
}

// Opens the composer (closing one already open) for a reply to post
// number replyTo, or to the topic when null; the new post is added to
// the list.
export function openComposer(view, replyTo, {focus = true} = {}) {
	const tp = view.topic;
	view.replyTo = replyTo || null;
	if (view.composer) {
		view.composer.form.remove();
		view.composer = null;
	}
	const target = h('p', {class: 'replying-to'});
	const setTarget = () => {
		target.replaceChildren();
		const p = view.replyTo ? view.posts.get(view.replyTo) : null;
		if (!view.replyTo)
			return target.append(t('topic.replying_to_topic'));
		target.append(p ? t('topic.replying_to_user', {username: p.username, n: view.replyTo}) :
		    t('topic.replying_to', {n: view.replyTo}), ' ');
		const x = h('button', {type: 'button', class: 'btn btn-quiet btn-small'}, t('topic.reply_to_topic_instead'));
		x.addEventListener('click', () => {
			view.replyTo = null;
			setTarget();
		});
		target.append(x);
	};
	setTarget();
	const c = composer({label: t('topic.your_reply'), draftKey: `topic_${tp.id}`,
	    submitLabel: t('topic.reply'), busyLabel: t('topic.posting'), fields: [target],
	    collect: () => ({reply_to_post_number: view.replyTo}),
	    onCancel: () => {
		    c.clearDraft();
		    c.form.remove();
		    view.composer = null;
		    document.getElementById('reply-button')?.focus();
	    },
	    onSubmit: async (raw) => {
		    const p = await api.post('/posts.json', {topic_id: tp.id, raw,
		        reply_to_post_number: view.replyTo || undefined});
		    c.clearDraft();
		    c.form.remove();
		    view.composer = null;
		    if (!view.stream.includes(p.id))
			    view.stream.push(p.id);
		    const el = view.addPost(p);
		    el.setAttribute('tabindex', '-1');
		    el.scrollIntoView({block: 'center'});
		    el.focus({preventScroll: true});
		    announce(t('topic.reply_posted'));
	    }});
	c.form.id = 'reply-composer';
	view.composer = c;
	view.replyArea.append(c.form);
	if (focus) {
		c.input.focus();
		c.form.scrollIntoView({block: 'nearest'});
	}
}
