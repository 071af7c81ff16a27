// /notifications (?filter=unread): every notification of the reader, newest
// first, from GET /notifications.json, with "Load more" following the
// server's paging (offset) and "Mark all read".
import { h, messageSlot, showMessage, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state } from '../state.js';
import { heading, emptyNote } from '../ui.js';
import { loginUrl } from '../components/account.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';
import { notificationItem } from '../components/notifications.js';

const PAGE = 30;

function filterLinks(unreadOnly) {
	const link = (href, label, current) => h('a', {href, class: 'btn btn-small',
	    'aria-current': current ? 'page' : null}, label);
	return h('nav', {class: 'toolbar', 'aria-label': t('notifications.filter')},
	    link('/notifications', t('notifications.filter_all'), !unreadOnly),
	    link('/notifications?filter=unread', t('notifications.filter_unread'), unreadOnly));
}

export async function render(ctx) {
	ctx.setTitle(t('notifications.title'));
	if (!state.user) {
		ctx.show(h('section', {class: 'notifications-page'}, heading(t('notifications.title')),
		    h('p', null, t('notifications.login_intro')),
		    h('p', null, h('a', {class: 'btn btn-primary', href: loginUrl('/notifications')},
		        t('nav.login')))));
		return;
	}
	const unreadOnly = new URLSearchParams(location.search).get('filter') === 'unread';
	const query = (offset) => `/notifications.json?limit=${PAGE}&offset=${offset}` +
	    (unreadOnly ? '&filter=unread' : '');
	const first = await api.get(query(0));
	const list = h('ul', {class: 'notification-list', id: 'notification-list'});
	const msg = messageSlot();
	let shown = 0;
	const add = (items) => {
		list.append(...items.map(notificationItem));
		shown += items.length;
	};
	add(first.notifications || []);
	const total = first.total_rows_notifications || 0;
	const more = h('button', {type: 'button', class: 'btn', id: 'notifications-more',
	    hidden: shown >= total}, t('notifications.more'));
	more.addEventListener('click', async () => {
		showMessage(msg, '');
		try {
			const data = await busy(more, null, () => api.get(query(shown)));
			const items = data.notifications || [];
			add(items);
			announce(t('notifications.loaded', {count: items.length}));
			if (items.length === 0 || shown >= (data.total_rows_notifications || 0))
				more.hidden = true;
		} catch (e) {
			showMessage(msg, errorText(e));
		}
	});
	const markAll = h('button', {type: 'button', class: 'btn', id: 'notifications-mark-all-page'},
	    t('notifications.mark_all'));
	markAll.addEventListener('click', async () => {
		showMessage(msg, '');
		try {
			await busy(markAll, null, () => api.put('/notifications/mark-read.json', {}));
		} catch (e) {
			showMessage(msg, errorText(e));
			return;
		}
		state.user.unread_notifications = 0;
		for (const li of list.querySelectorAll('.notification.unread'))
			li.classList.remove('unread');
		document.dispatchEvent(new CustomEvent('confab:notifications'));
		announce(t('notifications.all_read'));
	});
	ctx.show(h('section', {class: 'notifications-page'},
	    h('div', {class: 'page-head'}, heading(t('notifications.title')),
	        h('div', {class: 'toolbar'}, markAll)),
	    filterLinks(unreadOnly),
	    shown ? list : emptyNote(unreadOnly ? t('notifications.none_unread') : t('notifications.none')),
	    h('div', {class: 'actions'}, more), msg));
}
