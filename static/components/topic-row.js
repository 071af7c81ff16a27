// The topic row: one topic in a list (the latest topics, a category, a
// tag, a user's topics): status icons (pinned, closed, archived,
// unlisted), the title linking to the topic, the excerpt of a pinned
// topic, its category badge and tags, the reply count and last activity.
// For a signed-in reader: a "new" mark on topics never opened, and the
// count of unread posts, whose link opens the first of them.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { categoryBadge, tagList, topicUrl, icon } from '../ui.js';
import { timeEl } from '../time.js';

function statusIcons(topic) {
	const icons = [];
	if (topic.pinned || topic.pinned_globally)
		icons.push(icon('pin', t('topic.pinned')));
	if (topic.closed)
		icons.push(icon('lock', t('topic.closed')));
	if (topic.archived)
		icons.push(icon('archive', t('topic.archived')));
	if (topic.visible === false)
		icons.push(icon('hidden', t('topic.unlisted')));
	return icons.map((i) => {
		i.classList.add('status-icon');
		return i;
	});
}

// The reader's mark: N unread posts (a link to the first), or "new".
function readingMark(topic) {
	if (topic.unread_posts > 0)
		return h('a', {class: ['badge', 'badge-next', 'badge-unread'], href: topicUrl(topic, topic.last_read_post_number + 1),
		    title: t('list.unread_title_count', {count: topic.unread_posts})},
		    t('list.unread', {count: topic.unread_posts}));
	if (topic.unseen)
		return h('span', {class: ['badge', 'badge-new']}, t('list.new'));
	return null;
}

// An <li> for an <ol class="topic-list">; showCategory: false in a
// category's own list.
export function topicRow(topic, {showCategory = true} = {}) {
	const replies = Math.max(0, (topic.posts_count || 1) - 1);
	const pinned = topic.pinned || topic.pinned_globally;
	const unread = topic.unread_posts > 0;
	return h('li', {class: ['topic-item', pinned && 'is-pinned'], dataset: {topicId: String(topic.id)}},
	    h('div', {class: 'topic-main'},
	        h('h2', {class: 'topic-title'}, statusIcons(topic),
	            h('a', {href: unread ? topicUrl(topic, topic.last_read_post_number + 1) : topicUrl(topic),
	                dir: 'auto', class: 'title'}, topic.title),
	            readingMark(topic)),
	        pinned && topic.excerpt ? h('p', {class: 'excerpt', dir: 'auto'}, topic.excerpt) : null,
	        h('div', {class: 'topic-meta'},
	            showCategory ? categoryBadge(topic.category_id) : null,
	            tagList(topic.tags))),
	    h('dl', {class: 'topic-stats'},
	        h('div', {class: 'stat stat-replies'},
	            h('dt', {class: 'visually-hidden'}, t('list.replies_label')),
	            h('dd', null, t('list.replies', {count: replies}))),
	        h('div', {class: 'stat stat-activity'},
	            h('dt', {class: 'visually-hidden'}, t('list.activity_label')),
	            h('dd', null, timeEl(topic.bumped_at || topic.last_posted_at || topic.created_at)))));
}
