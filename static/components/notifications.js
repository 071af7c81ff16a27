// Notifications as the reader sees them: the header's bell with the unread
// count (current_user.unread_notifications) opening a menu of the most
// recent ones, and one notification as a list item, shared by the menu
// and the /notifications page.  Opening one marks it read
// (PUT /notifications/mark-read.json with its id) before following it.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state, navigate } from '../state.js';
import { avatar } from '../ui.js';
import { timeEl } from '../time.js';
import { errorText } from './error-text.js';

const MENU_ITEMS = 8;

// The words of a notification type, with {user} and {topic} to fill.
function template(n) {
	const key = `notifications.type.${n.notification_type}`;
	const s = t(key, {count: n.data && typeof n.data.count === 'number' ? n.data.count : 1});
	return s === key ? t('notifications.type.other') : s;
}

// Builds template's text with nodes in place of {user} and {topic}.
function fill(text, nodes) {
	const out = [];
	let last = 0;
	text.replace(/\{(user|topic)\}/g, (m, name, at) => {
		out.push(text.slice(last, at), nodes[name]);
		last = at + m.length;
		return m;
	});
	out.push(text.slice(last));
	return out.filter((x) => x !== '');
}

export function notificationUrl(n) {
	if (!n.topic_id)
		return '/notifications';
	const slug = n.slug || 'topic';
	return n.post_number ? `/t/${slug}/${n.topic_id}/${n.post_number}` : `/t/${slug}/${n.topic_id}`;
}

async function open(n, href) {
	if (!n.read) {
		try {
			await api.put('/notifications/mark-read.json', {id: n.id});
			n.read = true;
			if (state.user && state.user.unread_notifications > 0)
				state.user.unread_notifications--;
			document.dispatchEvent(new CustomEvent('confab:notifications'));
		} catch (e) { /* the link still works */ }
	}
	if (current)
		current.close(false);
	navigate(href);
}

// A session starting soon: the live room for whoever may enter it, else
// where to register (the server decides which, when the list is read).
function sessionLink(d) {
	const web = (u) => typeof u === 'string' && /^https?:\/\//.test(u);
	if (web(d.room_url))
		return h('a', {href: d.room_url, class: 'btn btn-small btn-primary notification-room',
		    rel: 'noopener', target: '_blank'}, t('notifications.join_room'));
	if (web(d.registration_url))
		return h('a', {href: d.registration_url, class: 'btn btn-small notification-room',
		    rel: 'noopener', target: '_blank'}, t('notifications.register'));
	return null;
}

// One notification: who, what, where, when; unread ones are marked.
export function notificationItem(n) {
	const d = n.data || {};
	const who = d.display_username || d.original_username || d.username || '';
	const title = d.topic_title || n.fancy_title || '';
	const href = notificationUrl(n);
	const link = h('a', {href, class: 'notification-link'},
	    ...fill(template(n), {
	        user: h('strong', {dir: 'auto'}, who),
	        topic: h('span', {class: 'notification-topic', dir: 'auto'}, title),
	    }));
	link.addEventListener('click', (ev) => {
		if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey)
			return;
		ev.preventDefault();
		open(n, href);
	});
	return h('li', {class: `notification${n.read ? '' : ' unread'}`,
	    'data-type': String(n.notification_type)},
	    who ? avatar(who, 'sm') : null,
	    h('div', {class: 'notification-body'},
	        link,
	        sessionLink(d),
	        n.read ? null : h('span', {class: 'visually-hidden'}, t('notifications.unread_mark')),
	        h('div', {class: 'notification-time'}, timeEl(n.created_at))));
}

// The bell on the page now: the header is drawn again after signing in
// or out and after a language change, so the document-wide listeners
// below are added once and act on whichever bell is current.
let current = null;
let listening = false;

function listenOnce() {
	if (listening)
		return;
	listening = true;
	document.addEventListener('click', (ev) => {
		if (current && !current.menu.hidden && !current.box.contains(ev.target))
			current.close(false);
	});
	document.addEventListener('confab:notifications', () => {
		const n = (state.user && state.user.unread_notifications) || 0;
		if (!current)
			return;
		current.badge.textContent = String(n);
		current.badge.hidden = n === 0;
		current.button.setAttribute('aria-label', countLabel(n));
	});
}

function countLabel(n) {
	return n > 0 ? t('notifications.bell_unread', {count: n}) : t('notifications.bell');
}

// The bell and its menu, for a signed-in reader.
export function notificationsBell() {
	const unread = (state.user && state.user.unread_notifications) || 0;
	const badge = h('span', {class: 'bell-count', 'aria-hidden': 'true', hidden: unread === 0},
	    String(unread));
	const button = h('button', {type: 'button', class: 'btn btn-quiet bell', id: 'notifications-bell',
	    'aria-expanded': 'false', 'aria-controls': 'notifications-menu', 'aria-label': countLabel(unread)},
	    h('span', {class: 'bell-icon', 'aria-hidden': 'true'}, '\u{1F514}'), badge);
	const menu = h('div', {class: 'notifications-menu', id: 'notifications-menu', hidden: true});
	const box = h('div', {class: 'notifications-box'}, button, menu);

	const close = (focus) => {
		menu.hidden = true;
		button.setAttribute('aria-expanded', 'false');
		if (focus)
			button.focus();
	};
	const markAll = h('button', {type: 'button', class: 'btn btn-small', id: 'notifications-mark-all'},
	    t('notifications.mark_all'));
	markAll.addEventListener('click', async () => {
		try {
			await api.put('/notifications/mark-read.json', {});
		} catch (e) {
			return;
		}
		state.user.unread_notifications = 0;
		for (const li of menu.querySelectorAll('.notification.unread'))
			li.classList.remove('unread');
		document.dispatchEvent(new CustomEvent('confab:notifications'));
	});
	const fillMenu = async () => {
		menu.replaceChildren(h('p', {class: 'hint'}, t('notifications.loading')));
		let data;
		try {
			data = await api.get(`/notifications.json?recent=true&limit=${MENU_ITEMS}`);
		} catch (e) {
			menu.replaceChildren(h('p', {class: 'error', role: 'alert'}, errorText(e)));
			return;
		}
		const list = data.notifications || [];
		menu.replaceChildren(
		    h('h2', {class: 'notifications-menu-title'}, t('notifications.title')),
		    list.length ? h('ul', {class: 'notification-list'}, list.map(notificationItem)) :
		        h('p', {class: 'hint'}, t('notifications.none')),
		    h('div', {class: 'notifications-menu-foot'},
		        list.some((n) => !n.read) ? markAll : null,
		        h('a', {href: '/notifications', class: 'btn btn-small'}, t('notifications.all'))));
	};
	button.addEventListener('click', () => {
		if (!menu.hidden) {
			close(false);
			return;
		}
		menu.hidden = false;
		button.setAttribute('aria-expanded', 'true');
		fillMenu();
	});
	box.addEventListener('keydown', (ev) => {
		if (ev.key === 'Escape' && !menu.hidden)
			close(true);
	});
	current = {box, menu, badge, button, close};
	listenOnce();
	return box;
}
