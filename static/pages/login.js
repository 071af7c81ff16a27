// /login: username or email and password.  On success the CSRF token is
// fetched anew (it is bound to the new session), the site reloaded (the
// categories one may see change), and the reader goes back where they were.
import { h, field, messageSlot, showMessage } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state, navigate } from '../state.js';
import { heading } from '../ui.js';
import { afterLogin, safeReturn } from '../components/account.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';

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
		try {
			await busy(submit, t('login.busy'), async () => {
				const res = await api.post('/session.json', {login: login.input.value.trim(),
				    password: password.input.value});
				await afterLogin(res.user, safeReturn(ctx.query));
			});
		} catch (e) {
			showMessage(msg, errorText(e));
			password.input.select();
		}
	});
	ctx.show(h('section', {class: 'narrow'},
	    heading(t('login.title')), form,
	    h('p', {class: 'alt'}, t('login.no_account'), ' ',
	        h('a', {href: '/signup'}, t('nav.signup')))));
}
