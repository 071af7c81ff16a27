// /u/{username}: the profile, with the user's recent topics and posts.
// Recent topics come from Discourse's /topics/created-by/{username}.json,
// recent posts from /user_actions.json (filter 4 = topics, 5 = replies).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { heading, avatar, roleBadge, emptyNote, topicUrl, categoryBadge } from '../ui.js';
import { timeEl } from '../time.js';
import { topicRow } from '../components/topic-row.js';

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

export async function render(ctx) {
	const data = await api.get(`/u/${encodeURIComponent(ctx.params.username)}.json`);
	const u = data.user;
	ctx.setTitle(u.username);
	const [topics, posts] = await Promise.all([
	    recentTopics(u).catch(() => []), recentPosts(u).catch(() => null)]);
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
	        emptyNote(t('user.no_posts'))));
}
