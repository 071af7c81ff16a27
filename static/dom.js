// DOM building.  Every piece of user data reaches the page through here as
// text (text nodes, attribute values), never as HTML: the only HTML that
// goes in with innerHTML is the server-cooked post body (see setCooked).
// No inline styles and no on* attributes: the page runs under the CSP
// "script-src 'self'; default-src 'self'" and keeps to it.

// h('a', {href: '/t/x/1', class: 'title'}, 'text', childNode, [more])
export function h(tag, attrs, ...children) {
	const el = document.createElement(tag);
	if (attrs) {
		for (const [k, v] of Object.entries(attrs)) {
			if (v === null || v === undefined || v === false)
				continue;
			if (k === 'class')
				el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
			else if (k === 'on')
				for (const [ev, fn] of Object.entries(v))
					el.addEventListener(ev, fn);
			else if (k === 'dataset')
				Object.assign(el.dataset, v);
			else if (k === 'text')
				el.textContent = v;
			else if (k === 'value' || k === 'checked' || k === 'selected' ||
			    k === 'disabled' || k === 'htmlFor')
				el[k] = v;
			else if (k === 'style' || k.startsWith('on'))
				throw new Error(`h(): refusing attribute ${k}`);
			else
				el.setAttribute(k, v === true ? '' : String(v));
		}
	}
	append(el, children);
	return el;
}

export function append(el, children) {
	for (const c of children.flat(Infinity)) {
		if (c === null || c === undefined || c === false)
			continue;
		el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	return el;
}

export function clear(el) {
	while (el.firstChild)
		el.firstChild.remove();
	return el;
}

// Server-cooked HTML (a post's "cooked"): the server made it safe when the
// post was written; this is the one place HTML strings enter the page.
export function setCooked(el, html) {
	el.innerHTML = html;
	for (const a of el.querySelectorAll('a[href]')) {
		if (/^https?:\/\//i.test(a.getAttribute('href')) &&
		    !a.getAttribute('href').startsWith(location.origin))
			a.rel = 'nofollow ugc noopener';
	}
	return el;
}

// A slot for an error or status message next to the control it concerns.
// role=alert makes screen readers announce it when it fills.
export function messageSlot(extraClass) {
	return h('p', {class: ['form-message', extraClass], role: 'alert',
	    'aria-live': 'assertive'});
}

export function showMessage(slot, text, kind = 'error') {
	slot.textContent = text || '';
	slot.classList.toggle('is-error', kind === 'error' && !!text);
	slot.classList.toggle('is-ok', kind === 'ok' && !!text);
}

let uid = 0;
export function nextId(prefix = 'f') {
	return `${prefix}-${++uid}`;
}

// A labelled form field: returns {wrap, input}.  type 'textarea' and
// 'select' (options: [[value, label], ...]) are handled too.
export function field(label, opts = {}) {
	const id = nextId(opts.name || 'f');
	let input;
	const common = {id, name: opts.name, required: opts.required,
	    autocomplete: opts.autocomplete, placeholder: opts.placeholder,
	    'aria-describedby': opts.hint ? `${id}-hint` : null,
	    minlength: opts.minlength, maxlength: opts.maxlength,
	    dir: opts.dir, list: opts.list, inputmode: opts.inputmode,
	    pattern: opts.pattern, min: opts.min, max: opts.max,
	    autocapitalize: opts.autocapitalize, spellcheck: opts.spellcheck};
	if (opts.type === 'textarea') {
		input = h('textarea', {...common, rows: opts.rows || 8});
		if (opts.value)
			input.value = opts.value;
	} else if (opts.type === 'select') {
		input = h('select', common, (opts.options || []).map(([v, l]) =>
		    h('option', {value: v, selected: String(v) === String(opts.value)}, l)));
	} else {
		input = h('input', {...common, type: opts.type || 'text',
		    value: opts.value ?? null});
	}
	const wrap = h('div', {class: ['field', opts.class]},
	    h('label', {htmlFor: id}, label),
	    opts.hint ? h('p', {class: 'hint', id: `${id}-hint`}, opts.hint) : null,
	    input);
	return {wrap, input};
}

// A polite live region for messages that belong to no one control.
let live = null;
export function announce(text) {
	if (!live) {
		live = h('div', {class: 'visually-hidden', 'aria-live': 'polite',
		    role: 'status'});
		document.body.append(live);
	}
	live.textContent = text;
}
