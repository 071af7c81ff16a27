// /u/{username}: the profile, with the user's recent topics and posts.
// Recent topics come from Discourse's /topics/created-by/{username}.json,
// recent posts from /user_actions.json (filter 4 = topics, 5 = replies).
// On one's own profile, one's bookmarks too (/u/{username}/bookmarks.json),
// each removable.
import { h, messageSlot, showMessage, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { heading, avatar, roleBadge, emptyNote, topicUrl, categoryBadge } from '../ui.js';
import { timeEl, fmtDateTime } from '../time.js';
import { topicRow } from '../components/topic-row.js';
import { state } from '../state.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';

async function recentTopics(user) {
	const d = await api.get(`/topics/created-by/${encodeURIComponent(user.username)}.json`);
	return ((d.topic_list && d.topic_list.topics) || []).slice(0, 10);
}

async function recentPosts(user) {
	const d = await api.get('/user_actions.json', {username: user.username,
	    filter: '4,5', offset: 0});
	return d.user_actions || [];
}

function postItem(a) {
	return h('li', {class: 'activity-item'},
	    h('h3', {class: 'activity-title'},
	        h('a', {href: topicUrl({slug: a.slug, id: a.topic_id}, a.post_number), dir: 'auto'},
	            a.title || t('user.untitled'))),
	    h('div', {class: 'topic-meta'}, categoryBadge(a.category_id), timeEl(a.created_at)),
	    a.excerpt ? h('p', {class: 'excerpt', dir: 'auto'}, a.excerpt) : null);
}

async function bookmarks(user) {
	const d = await api.get(`/u/${encodeURIComponent(user.username)}/bookmarks.json`);
	return (d.user_bookmark_list && d.user_bookmark_list.bookmarks) || [];
}

// One bookmark of one's list, with its Remove button.
function bookmarkItem(b, msg) {
	const remove = h('button', {type: 'button', class: 'btn btn-quiet btn-remove-bookmark',
	    'aria-label': t('bookmark.remove_named', {title: b.title || ''})}, t('bookmark.remove'));
	const li = h('li', {class: 'activity-item bookmark-item', dataset: {bookmarkId: String(b.id)}},
	    h('h3', {class: 'activity-title'},
	        h('a', {href: b.bookmarkable_url, dir: 'auto'}, b.title || t('user.untitled')),
	        b.bookmarkable_type === 'Post' ? ` #${b.linked_post_number}` : null),
	    h('div', {class: 'topic-meta'}, categoryBadge(b.category_id),
	        b.name ? h('span', {class: 'bookmark-name', dir: 'auto'}, b.name) : null,
	        b.reminder_at ? h('span', {class: 'bookmark-reminder'}, t('bookmark.reminder_on'), ' ',
	            h('time', {datetime: b.reminder_at}, fmtDateTime(new Date(b.reminder_at)))) : null),
	    remove);
	remove.addEventListener('click', async () => {
		showMessage(msg, '');
		try {
			await busy(remove, null, () => api.del(`/bookmarks/${b.id}.json`));
		} catch (e) {
			showMessage(msg, errorText(e));
			return;
		}
		const list = li.parentElement;
		li.remove();
		if (list && !list.children.length)
			list.replaceWith(emptyNote(t('bookmark.none')));
		announce(t('bookmark.removed'));
	});
	return li;
}

// The bookmarks section, for the user themself only.
function bookmarkSection(list) {
	const msg = messageSlot('bookmark-message');
	return h('section', {id: 'user-bookmarks', 'aria-labelledby': 'user-bookmarks-title'},
	    h('h2', {id: 'user-bookmarks-title'}, t('bookmark.title')), msg,
	    list.length ? h('ol', {class: 'activity-list'}, list.map((b) => bookmarkItem(b, msg))) :
	        emptyNote(t('bookmark.none')));
}

export async function render(ctx) {
	const data = await api.get(`/u/${encodeURIComponent(ctx.params.username)}.json`);
	const u = data.user;
	ctx.setTitle(u.username);
	const self = state.user && state.user.id === u.id;
	const [topics, posts, marks] = await Promise.all([
	    recentTopics(u).catch(() => []), recentPosts(u).catch(() => null),
	    self ? bookmarks(u).catch(() => []) : null]);
	const facts = h('dl', {class: 'user-facts'},
	    h('div', null, h('dt', null, t('user.joined')), h('dd', null, timeEl(u.created_at, 'date'))),
	    u.last_posted_at ? h('div', null, h('dt', null, t('user.last_post')),
	        h('dd', null, timeEl(u.last_posted_at))) : null,
	    h('div', null, h('dt', null, t('user.topics')), h('dd', null, String(u.topic_count ?? 0))),
	    h('div', null, h('dt', null, t('user.posts')), h('dd', null, String(u.post_count ?? 0))));
	const groups = (u.groups || []).filter((g) => !g.automatic);
	ctx.show(h('section', {class: 'profile'},
	    h('header', {class: 'profile-head'},
	        avatar(u.username, 'lg'),
	        h('div', null,
	            heading(u.username, roleBadge(u)),
	            u.name && u.name !== u.username ? h('p', {class: 'full-name', dir: 'auto'}, u.name) : null)),
	    facts,
	    groups.length ? h('p', {class: 'user-groups'}, t('user.groups'), ' ',
	        groups.map((g, i) => [i ? ', ' : '', h('span', {class: 'group-name'}, g.full_name || g.name)])) : null,
	    h('h2', null, t('user.recent_topics')),
	    topics.length ? h('ol', {class: 'topic-list'}, topics.map((x) => topicRow(x))) :
	        emptyNote(t('user.no_topics')),
	    h('h2', null, t('user.recent_posts')),
	    posts === null ? emptyNote(t('user.posts_unavailable')) :
	        posts.length ? h('ol', {class: 'activity-list'}, posts.map(postItem)) :
	        emptyNote(t('user.no_posts')),
	    marks ? bookmarkSection(marks) : null));
}
