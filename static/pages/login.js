// /login: username or email and password.  On success the CSRF token is
// fetched anew (it is bound to the new session), the site reloaded (the
// categories one may see change), and the reader goes back where they were.
import { h, field, messageSlot, showMessage } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state, setUser, loadSite, navigate } from '../state.js';
import { heading } from '../ui.js';

export function safeReturn(q) {
	const r = q.get('return') || '/';
	return r.startsWith('/') && !r.startsWith('//') ? r : '/';
}

export async function afterLogin(user, to) {
	setUser(user);
	try {
		const cur = await api.get('/session/current.json');
		setUser(cur.current_user || user);
	} catch (e) { /* keep what the login answered */ }
	await loadSite().catch(() => {});
	document.dispatchEvent(new CustomEvent('confab:session'));
	return navigate(to);
}

export async function render(ctx) {
	ctx.setTitle(t('login.title'));
	if (state.user)
		return navigate(safeReturn(ctx.query), {replace: true});
	const login = field(t('login.login'), {name: 'login', required: true,
	    autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false'});
	const password = field(t('login.password'), {name: 'password', type: 'password',
	    required: true, autocomplete: 'current-password'});
	const msg = messageSlot();
	const submit = h('button', {type: 'submit', class: 'btn btn-primary'}, t('login.submit'));
	const form = h('form', {class: 'auth-form', novalidate: true},
	    login.wrap, password.wrap, msg, h('div', {class: 'actions'}, submit));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		showMessage(msg, '');
		if (!login.input.value.trim() || !password.input.value) {
			showMessage(msg, t('login.missing'));
			(login.input.value.trim() ? password.input : login.input).focus();
			return;
		}
		submit.disabled = true;
		submit.setAttribute('aria-busy', 'true');
		submit.classList.add('is-busy');
		submit.textContent = t('login.busy');
		try {
			const res = await api.post('/session.json', {login: login.input.value.trim(),
			    password: password.input.value});
			await afterLogin(res.user, safeReturn(ctx.query));
		} catch (e) {
			showMessage(msg, e.messages ? e.messages.join(' ') : String(e.message));
			password.input.select();
		} finally {
			submit.disabled = false;
			submit.removeAttribute('aria-busy');
			submit.classList.remove('is-busy');
			submit.textContent = t('login.submit');
		}
	});
	ctx.show(h('section', {class: 'narrow'},
	    heading(t('login.title')), form,
	    h('p', {class: 'alt'}, t('login.no_account'), ' ',
	        h('a', {href: '/signup'}, t('nav.signup')))));
}
