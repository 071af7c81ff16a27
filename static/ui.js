// Pieces several pages use: badges, tags, avatars, headings, error panels,
// the Markdown composer with its draft.
import { h, field, messageSlot, showMessage } from './dom.js';
import { t } from './i18n.js';
import { state } from './state.js';
import { preview } from './markdown.js';
import { busy } from './components/busy-button.js';
import { errorText } from './components/error-text.js';

export function topicUrl(topic, postNumber) {
	const slug = topic.slug || topic.topic_slug || 'topic';
	const id = topic.topic_id ?? topic.id;
	return `/t/${encodeURIComponent(slug)}/${id}${postNumber ? `/${postNumber}` : ''}`;
}

export function categoryUrl(c) {
	return `/c/${encodeURIComponent(c.slug || 'c')}/${c.id}`;
}

export function categoryBadge(id) {
	const c = state.categories.get(id);
	if (!c)
		return null;
	return h('a', {class: 'cat-badge', href: categoryUrl(c),
	    dataset: {cat: String(c.id)}},
	    h('span', {class: 'cat-swatch', 'aria-hidden': 'true'}),
	    h('span', {class: 'cat-name', dir: 'auto'}, c.name),
	    c.read_restricted ? icon('lock', t('category.restricted')) : null);
}

export function tagList(tags) {
	if (!tags || !tags.length)
		return null;
	return h('ul', {class: 'tags', 'aria-label': t('topic.tags')},
	    tags.map((name) => h('li', null,
	        h('a', {class: 'tag', href: `/tag/${encodeURIComponent(name)}`,
	            dir: 'auto'}, name))));
}

function hue(name) {
	let x = 0;
	for (const ch of name)
		x = (x * 31 + ch.codePointAt(0)) >>> 0;
	return x % 8;
}

// A letter avatar made in CSS: no image to fetch.
export function avatar(username, size = 'md') {
	return h('span', {class: ['avatar', `avatar-${size}`, `hue-${hue(username || '?')}`],
	    'aria-hidden': 'true'}, (username || '?').slice(0, 1).toUpperCase());
}

export function userLink(username, cls) {
	return h('a', {class: ['user-link', cls], href: `/u/${encodeURIComponent(username)}`,
	    dir: 'auto'}, username);
}

export function roleBadge(u) {
	if (u.admin)
		return h('span', {class: 'role-badge role-admin'}, t('role.admin'));
	if (u.moderator)
		return h('span', {class: 'role-badge role-moderator'}, t('role.moderator'));
	return null;
}

// The page's h1.  tabindex=-1 lets the router move focus to it after a
// navigation, so screen-reader users hear where they are.
export function heading(text, extra) {
	return h('h1', {tabindex: '-1', class: 'page-title', dir: 'auto'}, text, extra);
}

export function errorPanel(err, retry) {
	return h('div', {class: 'error-panel', role: 'alert'},
	    h('p', null, t('error.load_failed')),
	    h('p', {class: 'error-detail'}, errorText(err)),
	    retry ? h('button', {type: 'button', class: 'btn', on: {click: retry}},
	        t('action.retry')) : null);
}

export function emptyNote(text) {
	return h('p', {class: 'empty-note'}, text);
}

// ----------------------------------------------------------------------
// Drafts: kept in localStorage per key ("new_topic", "topic_12",
// "post_34"), so a reload or a closed tab loses nothing.

const DRAFT = 'confab.draft.';

export function loadDraft(key) {
	try {
		const s = localStorage.getItem(DRAFT + key);
		return s ? JSON.parse(s) : null;
	} catch (e) {
		return null;
	}
}

export function saveDraft(key, data) {
	try {
		if (data === null)
			localStorage.removeItem(DRAFT + key);
		else
			localStorage.setItem(DRAFT + key, JSON.stringify(data));
		return true;
	} catch (e) {
		return false;
	}
}

// The Markdown composer: a labelled textarea, a Preview toggle, a message
// slot for errors, and submit/cancel.  opts: {label, draftKey, value,
// submitLabel, busyLabel, onSubmit(raw) (async, throws ApiError),
// onCancel, fields: [elements before the body], collect(): extra draft
// data, restore(draft)}.
export function composer(opts) {
	const body = field(opts.label, {type: 'textarea', name: 'raw', rows: 8,
	    required: true, dir: 'auto', hint: t('composer.hint')});
	body.input.classList.add('composer-input');
	const pv = h('div', {class: 'composer-preview cooked', dir: 'auto',
	    'aria-live': 'polite', hidden: true});
	const pvNote = h('p', {class: 'hint', hidden: true}, t('composer.preview_note'));
	const toggle = h('button', {type: 'button', class: 'btn btn-quiet',
	    'aria-pressed': 'false'}, t('composer.preview'));
	const msg = messageSlot();
	const status = h('span', {class: 'draft-status', 'aria-live': 'polite'});
	const submit = h('button', {type: 'submit', class: 'btn btn-primary'},
	    opts.submitLabel);
	const cancel = opts.onCancel ? h('button', {type: 'button', class: 'btn',
	    on: {click: () => opts.onCancel()}}, t('action.cancel')) : null;
	const form = h('form', {class: 'composer', novalidate: true},
	    opts.fields || [], body.wrap, pvNote, pv,
	    h('div', {class: 'composer-bar'}, toggle, status),
	    msg,
	    h('div', {class: 'actions'}, submit, cancel));

	let timer = null;
	const draftData = () => ({raw: body.input.value,
	    ...(opts.collect ? opts.collect() : {})});
	const store = () => {
		if (!opts.draftKey)
			return;
		const d = draftData();
		const empty = !d.raw.trim() && !(d.title || '').trim();
		if (saveDraft(opts.draftKey, empty ? null : {...d, saved_at: Date.now()}) && !empty)
			status.textContent = t('composer.draft_saved');
	};
	form.addEventListener('input', () => {
		clearTimeout(timer);
		timer = setTimeout(store, 300);
	});
	const draft = opts.draftKey ? loadDraft(opts.draftKey) : null;
	if (draft && typeof draft.raw === 'string') {
		body.input.value = draft.raw;
		if (opts.restore)
			opts.restore(draft);
		status.textContent = t('composer.draft_restored');
	} else if (opts.value) {
		body.input.value = opts.value;
	}

	toggle.addEventListener('click', () => {
		const on = toggle.getAttribute('aria-pressed') !== 'true';
		toggle.setAttribute('aria-pressed', String(on));
		toggle.textContent = on ? t('composer.write') : t('composer.preview');
		if (on)
			pv.replaceChildren(body.input.value.trim() ?
			    preview(body.input.value) : h('p', {class: 'hint'}, t('composer.nothing')));
		pv.hidden = !on;
		pvNote.hidden = !on;
		body.input.hidden = on;
		(on ? toggle : body.input).focus();
	});

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		showMessage(msg, '');
		if (!body.input.value.trim()) {
			showMessage(msg, t('composer.empty'));
			body.input.hidden = false;
			body.input.focus();
			return;
		}
		clearTimeout(timer);
		store();
		try {
			await busy(submit, opts.busyLabel || t('action.saving'), async () => {
				await opts.onSubmit(body.input.value);
				if (opts.draftKey)
					saveDraft(opts.draftKey, null);
				status.textContent = '';
			});
		} catch (e) {
			showMessage(msg, errorText(e));
		}
	});

	return {form, input: body.input, message: msg,
	    clearDraft: () => opts.draftKey && saveDraft(opts.draftKey, null),
	    hasDraft: !!draft};
}

// Small SVG icons built as DOM (no emoji font needed, no HTML strings).
// Decorative unless a label is given (then role=img with aria-label).
const ICONS = {
	pin: 'M16 3l5 5-3 1-4 4 1 5-2 2-4-4-5 5-1-1 5-5-4-4 2-2 5 1 4-4z',
	lock: 'M7 10V7a5 5 0 0 1 10 0v3h1a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h1zm2 0h6V7a3 3 0 0 0-6 0v3z',
	archive: 'M3 4h18v5H3zM5 10h14v10H5zM9 13h6v2H9z',
	hidden: 'M2 5l2-2 17 17-2 2-3.2-3.2A10 10 0 0 1 12 20C6 20 2 12 2 12a18 18 0 0 1 4.3-5zM12 4c6 0 10 8 10 8a18 18 0 0 1-3 4.2L8.6 5.3A10 10 0 0 1 12 4z',
	heart: 'M12 21s-8-5.2-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.8-8 11-8 11z',
};

export function icon(name, label) {
	const NS = 'http://www.w3.org/2000/svg';
	const svg = document.createElementNS(NS, 'svg');
	svg.setAttribute('viewBox', '0 0 24 24');
	svg.setAttribute('class', `icon icon-${name}`);
	svg.setAttribute('focusable', 'false');
	if (label) {
		svg.setAttribute('role', 'img');
		svg.setAttribute('aria-label', label);
		const title = document.createElementNS(NS, 'title');
		title.textContent = label;
		svg.append(title);
	} else {
		svg.setAttribute('aria-hidden', 'true');
	}
	const path = document.createElementNS(NS, 'path');
	path.setAttribute('d', ICONS[name]);
	svg.append(path);
	return svg;
}
