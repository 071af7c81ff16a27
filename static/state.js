// What every page shares: who is logged in, the site (categories, groups)
// as /site.json gives it to that user, and client-side navigation.
import * as api from './api.js';

export const state = {
	user: null,		// /session/current.json's current_user, or null
	site: null,		// /site.json
	categories: new Map(),	// id → category, from site
};

// Anonymous visitors never ask /session/current.json (it answers 404 for
// them, which the browser would log as an error on every page): the
// browser remembers that it logged in, and only then asks.
const HINT = 'confab.logged_in';

function hint(on) {
	try {
		if (on)
			localStorage.setItem(HINT, '1');
		else
			localStorage.removeItem(HINT);
	} catch (e) { /* storage disabled */ }
}

function hinted() {
	try {
		return localStorage.getItem(HINT) === '1';
	} catch (e) {
		return false;
	}
}

export async function loadUser() {
	state.user = null;
	if (!hinted())
		return null;
	try {
		state.user = (await api.get('/session/current.json')).current_user || null;
	} catch (e) {
		if (e.status === 404 || e.status === 403)
			hint(false);
		else
			throw e;
	}
	return state.user;
}

export function setUser(user) {
	state.user = user || null;
	hint(!!user);
	api.resetCsrf();
}

export function isStaff() {
	const u = state.user;
	return !!(u && (u.admin || u.moderator || u.staff));
}

export function isAdmin() {
	return !!(state.user && state.user.admin);
}

let sheet = null;

// Category colours come from the API; they go into a constructed style
// sheet (validated hex only) rather than inline styles, which the CSP
// forbids.
function paintCategories() {
	const rules = [];
	for (const c of state.categories.values()) {
		if (/^[0-9a-fA-F]{6}$/.test(c.color || ''))
			rules.push(`[data-cat="${Number(c.id)}"]{--cat-color:#${c.color}}`);
	}
	try {
		if (!sheet) {
			sheet = new CSSStyleSheet();
			document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
		}
		sheet.replaceSync(rules.join('\n'));
	} catch (e) { /* old browser: badges keep the default colour */ }
}

export async function loadSite() {
	state.site = await api.get('/site.json');
	state.categories = new Map((state.site.categories || []).map((c) => [c.id, c]));
	paintCategories();
	return state.site;
}

// Client-side navigation.  app.js registers the renderer.
let renderer = null;

export function onNavigate(fn) {
	renderer = fn;
}

export function navigate(url, {replace = false, focus = true} = {}) {
	if (replace)
		history.replaceState(null, '', url);
	else
		history.pushState(null, '', url);
	return renderer ? renderer({focus}) : location.assign(url);
}

// Re-render the current URL (after logging in or out, changing language).
export function refresh() {
	return renderer ? renderer({focus: false, keepScroll: true}) : null;
}
