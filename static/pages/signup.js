// /signup: POST /users.json logs the new user in.
import { h, field, messageSlot, showMessage } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state, navigate } from '../state.js';
import { heading } from '../ui.js';
import { afterLogin } from '../components/account.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';

export async function render(ctx) {
	ctx.setTitle(t('signup.title'));
	if (state.user)
		return navigate('/', {replace: true});
	const username = field(t('signup.username'), {name: 'username', required: true,
	    autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false',
	    hint: t('signup.username_hint'), maxlength: 20});
	const email = field(t('signup.email'), {name: 'email', type: 'email', required: true,
	    autocomplete: 'email'});
	const name = field(t('signup.name'), {name: 'name', autocomplete: 'name', dir: 'auto'});
	const password = field(t('signup.password'), {name: 'password', type: 'password',
	    required: true, autocomplete: 'new-password', hint: t('signup.password_hint')});
	// A conference's registration code makes the account a participant;
	// /signup?code=... fills it in from an invitation link.
	const code = field(t('signup.code'), {name: 'registration_code',
	    autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
	    hint: t('signup.code_hint'), maxlength: 64});
	code.input.value = new URLSearchParams(location.search).get('code') || '';
	const msg = messageSlot();
	const submit = h('button', {type: 'submit', class: 'btn btn-primary'}, t('signup.submit'));
	const form = h('form', {class: 'auth-form', novalidate: true},
	    username.wrap, email.wrap, name.wrap, password.wrap, code.wrap, msg,
	    h('div', {class: 'actions'}, submit));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		showMessage(msg, '');
		const missing = [username, email, password].find((f) => !f.input.value.trim());
		if (missing) {
			showMessage(msg, t('signup.missing'));
			missing.input.focus();
			return;
		}
		try {
			await busy(submit, t('signup.busy'), async () => {
				await api.post('/users.json', {username: username.input.value.trim(),
				    email: email.input.value.trim(), password: password.input.value,
				    name: name.input.value.trim() || undefined,
				    registration_code: code.input.value.trim() || undefined});
				const cur = await api.get('/session/current.json').catch(() => null);
				await afterLogin(cur && cur.current_user ||
				    {username: username.input.value.trim()}, '/');
			});
		} catch (e) {
			showMessage(msg, errorText(e));
		}
	});
	ctx.show(h('section', {class: 'narrow'},
	    heading(t('signup.title')), form,
	    h('p', {class: 'alt'}, t('signup.have_account'), ' ',
	        h('a', {href: '/login'}, t('nav.login')))));
}
