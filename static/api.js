// The JSON API, as Discourse shapes it.  Every request asks for JSON;
// every request that changes something carries X-CSRF-Token (fetched once
// from GET /session/csrf, fetched again after logging in or out, and once
// more when the server answers "BAD CSRF").  Discourse's error bodies,
// {"errors":[...],"error_type":...}, become a thrown ApiError whose message
// is the server's own words.
import { t } from './i18n.js';

let csrf = null;

export class ApiError extends Error {
	constructor(messages, status, type, extras) {
		super(messages.join('\n'));
		this.name = 'ApiError';
		this.messages = messages;
		this.status = status;
		this.type = type || null;
		this.extras = extras || null;
	}
}

// Forget the token: the next write fetches a new one.  Call after login,
// sign-up and logout (the token is bound to the session cookie).
export function resetCsrf() {
	csrf = null;
}

async function csrfToken() {
	if (csrf === null) {
		const data = await send('GET', '/session/csrf', null, false);
		csrf = data.csrf;
	}
	return csrf;
}

// Form encoding as Discourse's client sends it: arrays as key[]=v, nested
// objects as key[sub]=v.
export function formBody(data) {
	const p = new URLSearchParams();
	const put = (key, v) => {
		if (v === undefined || v === null)
			return;
		if (Array.isArray(v))
			for (const x of v)
				p.append(`${key}[]`, String(x));
		else if (typeof v === 'object')
			for (const [k, x] of Object.entries(v))
				put(`${key}[${k}]`, x);
		else
			p.append(key, String(v));
	};
	for (const [k, v] of Object.entries(data || {}))
		put(k, v);
	return p;
}

function withQuery(path, query) {
	if (!query)
		return path;
	const p = formBody(query).toString();
	return p ? `${path}${path.includes('?') ? '&' : '?'}${p}` : path;
}

async function send(method, path, opts, write) {
	const headers = {'Accept': 'application/json'};
	let body;
	if (opts && opts.json !== undefined) {
		headers['Content-Type'] = 'application/json';
		body = JSON.stringify(opts.json);
	} else if (opts && opts.form !== undefined) {
		body = formBody(opts.form);
	}
	if (write)
		headers['X-CSRF-Token'] = await csrfToken();
	let res;
	try {
		res = await fetch(withQuery(path, opts && opts.query), {
			method, headers, body, credentials: 'same-origin',
			cache: 'no-store',
		});
	} catch (e) {
		throw new ApiError([t('error.network')], 0, 'network');
	}
	let data = null;
	const ctype = res.headers.get('Content-Type') || '';
	if (ctype.includes('json')) {
		try {
			data = await res.json();
		} catch (e) {
			data = null;
		}
	}
	if (res.ok)
		return data ?? {};
	let messages = data && Array.isArray(data.errors) && data.errors.length ?
	    data.errors.map(String) : null;
	if (!messages) {
		const key = {403: 'error.forbidden', 404: 'error.not_found',
		    429: 'error.rate_limit'}[res.status];
		messages = [key ? t(key) : t('error.http', {status: res.status})];
	}
	throw new ApiError(messages, res.status, data && data.error_type,
	    data && data.extras);
}

export async function request(method, path, opts) {
	const write = method !== 'GET' && method !== 'HEAD';
	try {
		return await send(method, path, opts, write);
	} catch (e) {
		// A token that went stale (session changed in another tab, server
		// restarted): fetch a new one and try once more.
		if (write && e.status === 403 && e.messages[0] === 'BAD CSRF') {
			resetCsrf();
			return send(method, path, opts, write);
		}
		throw e;
	}
}

export const get = (path, query) => request('GET', path, {query});
export const post = (path, form) => request('POST', path, {form});
export const put = (path, form) => request('PUT', path, {form});
export const del = (path, form) => request('DELETE', path, {form});
export const postJson = (path, json) => request('POST', path, {json});
export const putJson = (path, json) => request('PUT', path, {json});
