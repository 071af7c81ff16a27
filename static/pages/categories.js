// /categories: every category the reader may see, with its description
// and counts.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state } from '../state.js';
import { heading, categoryUrl, emptyNote, icon } from '../ui.js';

export async function render(ctx) {
	const data = await api.get('/categories.json');
	const cats = (data.category_list && data.category_list.categories) || [];
	ctx.setTitle(t('categories.title'));
	ctx.show(
	    h('div', {class: 'page-head'}, heading(t('categories.title')),
	        h('div', {class: 'toolbar'}, state.user ?
	            h('a', {class: 'btn btn-primary', href: '/new-topic'}, t('nav.new_topic')) : null)),
	    cats.length ? h('ul', {class: 'category-list'}, cats.map((c) =>
	        h('li', {class: 'category-item', dataset: {cat: String(c.id)}},
	            h('h2', {class: 'category-name'},
	                h('span', {class: 'cat-swatch', 'aria-hidden': 'true'}),
	                h('a', {href: categoryUrl(c), dir: 'auto'}, c.name),
	                c.read_restricted ? icon('lock', t('category.restricted')) : null),
	            c.description_text ? h('p', {class: 'description', dir: 'auto'}, c.description_text) : null,
	            h('p', {class: 'counts'},
	                t('categories.topics', {count: c.topic_count || 0}), ' · ',
	                t('categories.posts', {count: c.post_count || 0}))))) :
	        emptyNote(t('categories.empty')));
}
