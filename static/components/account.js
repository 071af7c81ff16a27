// The account box at the right of the header: the signed-in user (avatar
// and name, linking to the profile) with Log out, or Log in and Sign up
// links; and what signing in and out does around it.  After either, the
// "confab:session" event tells app.js to draw the header again.
import { h, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state, setUser, loadSite, navigate } from '../state.js';
import { avatar } from '../ui.js';
import { busy } from './busy-button.js';
import { errorText } from './error-text.js';
import { notificationsBell } from './notifications.js';

function sessionChanged() {
	document.dispatchEvent(new CustomEvent('confab:session'));
}

// /login, coming back to returnTo (this page by default) afterwards.
export function loginUrl(returnTo = location.pathname) {
	return `/login?return=${encodeURIComponent(returnTo)}`;
}

// Where /login?return=... may send the reader: a path on this site only.
export function safeReturn(q) {
	const r = q.get('return') || '/';
	return r.startsWith('/') && !r.startsWith('//') ? r : '/';
}

// After logging in or signing up as user: the session's own view of the
// user, the site as they may see it (categories change), the header, then
// the page at to.
export async function afterLogin(user, to) {
	setUser(user);
	try {
		const cur = await api.get('/session/current.json');
		setUser(cur.current_user || user);
	} catch (e) { /* keep what the login answered */ }
	await loadSite().catch(() => {});
	sessionChanged();
	return navigate(to);
}

function logoutButton(u) {
	const b = h('button', {type: 'button', class: 'btn btn-quiet', id: 'logout'},
	    t('nav.logout'));
	b.addEventListener('click', async () => {
		try {
			await busy(b, null, async () => {
				await api.del(`/session/${encodeURIComponent(u.username)}.json`);
				setUser(null);
				await loadSite().catch(() => {});
			});
		} catch (e) {
			b.title = errorText(e);
			announce(errorText(e));
			return;
		}
		sessionChanged();
		navigate('/');
	});
	return b;
}

export function accountBox() {
	const u = state.user;
	if (!u)
		return h('div', {class: 'account'},
		    h('a', {href: '/login', class: 'btn btn-quiet'}, t('nav.login')),
		    h('a', {href: '/signup', class: 'btn btn-primary'}, t('nav.signup')));
	return h('div', {class: 'account'},
	    notificationsBell(),
	    h('a', {href: `/u/${encodeURIComponent(u.username)}`, class: 'me',
	        'aria-label': t('nav.profile', {username: u.username})},
	        avatar(u.username, 'sm'), h('span', {class: 'me-name', dir: 'auto'}, u.username)),
	    logoutButton(u));
}
