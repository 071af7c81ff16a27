// Topic lists: /, /latest, /c/{slug}/{id}, /tag/{name}, and the
// signed-in reader's /new and /unread.  Pinned topics
// come first (the server orders them) with their excerpt; each row has
// the category badge, tags, reply count and last activity.  Paging by
// ?page=N links, so every page has its own URL.
import { h, messageSlot, showMessage, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state, refresh } from '../state.js';
import { heading, tagList, emptyNote, categoryUrl } from '../ui.js';
import { topicRow } from '../components/topic-row.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';

// Latest, New and Unread, for a signed-in reader: the lists Discourse's
// readers switch between.
function listTabs(kind) {
	const tab = (k, href) => h('li', null, h('a', {href, class: 'btn btn-small',
	    'aria-current': kind === k ? 'page' : null}, t(`list.tab_${k}`)));
	return h('nav', {class: 'list-tabs', 'aria-label': t('list.tabs')},
	    h('ul', null, tab('latest', '/latest'), tab('new', '/new'), tab('unread', '/unread')));
}

// "Dismiss" on /new (PUT /topics/reset-new) and /unread (PUT /topics/bulk
// with dismiss_posts for every unread topic); the list is drawn again.
function dismissButton(kind, msg) {
	const b = h('button', {type: 'button', class: 'btn', id: 'dismiss'},
	    t(kind === 'new' ? 'list.dismiss_new' : 'list.dismiss_unread'));
	b.addEventListener('click', async () => {
		showMessage(msg, '');
		try {
			await busy(b, null, () => (kind === 'new' ? api.put('/topics/reset-new.json') :
			    api.put('/topics/bulk.json', {'operation[type]': 'dismiss_posts', filter: 'unread'})));
		} catch (e) {
			showMessage(msg, errorText(e));
			return;
		}
		announce(t('list.dismissed'));
		await refresh();
	});
	return b;
}

function pager(base, page, hasMore) {
	if (page === 0 && !hasMore)
		return null;
	const link = (p) => (p === 0 ? base : `${base}?page=${p}`);
	return h('nav', {class: 'pager', 'aria-label': t('list.pages')},
	    page > 0 ? h('a', {class: 'btn', href: link(page - 1), rel: 'prev'}, t('list.newer')) : null,
	    h('span', {class: 'page-no'}, t('list.page', {n: page + 1})),
	    hasMore ? h('a', {class: 'btn', href: link(page + 1), rel: 'next'}, t('list.older')) : null);
}

export async function render(ctx) {
	const p = ctx.params;
	const page = Math.min(10000, Math.max(0, parseInt(ctx.query.get('page') || '0', 10) || 0));
	let path, base, title, intro = null, category = null;
	if (p.kind === 'category') {
		category = state.categories.get(p.id) ||
		    (await api.get(`/c/${p.id}/show.json`)).category;
		path = `/c/${encodeURIComponent(category.slug)}/${p.id}.json`;
		base = categoryUrl(category);
	} else if (p.kind === 'tag') {
		path = `/tag/${encodeURIComponent(p.name)}.json`;
		base = `/tag/${encodeURIComponent(p.name)}`;
	} else if (p.kind === 'new' || p.kind === 'unread') {
		path = `/${p.kind}.json`;
		base = `/${p.kind}`;
	} else {
		path = '/latest.json';
		base = location.pathname === '/' ? '/' : '/latest';
	}
	const data = await api.get(path, page ? {page} : null);
	const list = data.topic_list || {topics: []};

	if (p.kind === 'category') {
		title = category.name;
		intro = h('div', {class: 'list-intro'},
		    h('span', {class: 'cat-badge cat-badge-large', dataset: {cat: String(category.id)}},
		        h('span', {class: 'cat-swatch', 'aria-hidden': 'true'})),
		    category.description_text ? h('p', {class: 'description', dir: 'auto'},
		        category.description_text) : null);
	} else if (p.kind === 'tag') {
		title = t('list.tag_title', {name: p.name});
	} else if (p.kind === 'new' || p.kind === 'unread') {
		title = t(`list.${p.kind}_title`);
	} else {
		title = t('list.latest_title');
	}
	ctx.setTitle(p.kind === 'latest' ? '' : title);

	const canCreate = !!state.user && (p.kind !== 'category' || list.can_create_topic !== false);
	const topics = list.topics || [];
	const reading = p.kind === 'new' || p.kind === 'unread';
	const msg = messageSlot();
	const toolbar = h('div', {class: 'toolbar'},
	    reading && topics.length ? dismissButton(p.kind, msg) : null,
	    canCreate ? h('a', {class: 'btn btn-primary', href: p.kind === 'category' ?
	        `/new-topic?category=${category.id}` : '/new-topic'}, t('nav.new_topic')) : null);

	ctx.show(
	    h('div', {class: 'page-head'}, heading(title), toolbar),
	    state.user && (reading || p.kind === 'latest') ? listTabs(p.kind) : null,
	    msg,
	    intro,
	    p.kind === 'category' && list.top_tags && list.top_tags.length ?
	        h('div', {class: 'top-tags'}, h('span', {class: 'hint'}, t('list.top_tags')),
	            tagList(list.top_tags.map((x) => (typeof x === 'string' ? x : x.name)))) : null,
	    topics.length ? h('ol', {class: 'topic-list', 'aria-label': t('list.topics')},
	        topics.map((x) => topicRow(x, {showCategory: p.kind !== 'category'}))) :
	        emptyNote(page ? t('list.no_more') : t('list.empty')),
	    pager(base, page, !!list.more_topics_url && topics.length > 0));
}
