// The friendly 404: the server already answered 404 with the shell; this
// says so in words and offers ways on.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { heading } from '../ui.js';

export async function render(ctx) {
	ctx.setTitle(t('notfound.title'));
	ctx.show(h('section', {class: 'not-found'},
	    heading(t('notfound.title')),
	    h('p', null, t('notfound.text')),
	    h('ul', {class: 'link-list'},
	        h('li', null, h('a', {href: '/latest'}, t('notfound.latest'))),
	        h('li', null, h('a', {href: '/categories'}, t('notfound.categories'))))));
}
