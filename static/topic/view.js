// TopicView: one topic page.  It holds what the page knows (the topic
// JSON, the posts shown, the post stream of every post id), puts the page
// together from the parts in this folder (header.js, session-box.js,
// post.js, qa.js, reply.js), and pages through the stream: "Load earlier
// posts" and "Load more posts", twenty at a time.
import { h, messageSlot, showMessage } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { topicUrl } from '../ui.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';
import { topicHeader } from './header.js';
import { sessionBox } from './session-box.js';
import { postEl } from './post.js';
import { addQaBar } from './qa.js';
import { renderReplyArea } from './reply.js';

export class TopicView {
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
		this.composer = null;		// the open reply composer (reply.js)
		this.replyTo = null;		// the post number it replies to
		this.session = data.conference_session || null;
		this.order = ctx.query.get('order') === 'votes' ? 'votes' : null;
	}

	url(n) {
		return topicUrl(this.topic, n);
	}

	// The page's <article>.
	build() {
		const el = h('article', {class: 'topic', 'aria-labelledby': 'topic-title'},
		    topicHeader(this),
		    this.session ? sessionBox(this) : null,
		    this.earlier,
		    this.list,
		    this.later,
		    this.replyArea);
		for (const p of (this.topic.post_stream && this.topic.post_stream.posts) || [])
			this.addPost(p);
		if (this.session)
			addQaBar(this);
		this.updateLoadMore();
		renderReplyArea(this);
		return el;
	}

	addPost(p, {before = null} = {}) {
		this.posts.set(p.post_number, p);
		this.loaded.add(p.id);
		const el = postEl(this, p);
		if (before)
			this.list.insertBefore(el, before);
		else
			this.list.append(el);
		return el;
	}

	// Fetches the posts with these ids and adds them above (where:
	// 'earlier') or below the list; returns the first one added, or null.
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
				try {
					const el = await busy(b, t('action.loading'), () => this.loadPosts(ids, where));
					if (el) {
						el.setAttribute('tabindex', '-1');
						el.focus();
					}
				} catch (e) {
					showMessage(msg, errorText(e));
				}
			});
			slot.append(b, msg);
		};
		fill(this.earlier, before, 'earlier', 'topic.load_earlier', firstLoaded);
		fill(this.later, after, 'later', 'topic.load_more',
		    this.stream.slice(lastLoaded + 1).filter((id) => !this.loaded.has(id)).length);
	}
}
