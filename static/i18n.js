// UI strings.  One module per language in i18n/ (i18n/en.js, i18n/fr.js),
// each a flat object of key → string.  The language is the one the reader
// picked with the switch (kept in localStorage), else the first of the
// browser's languages we have, else English.  Missing keys fall back to
// English.  {name} placeholders are filled from vars; a key with plural
// forms is an object {one, other, ...} chosen with Intl.PluralRules on
// vars.count.
export const LANGUAGES = {en: 'English', fr: 'Français'};
const STORE = 'confab.lang';

let lang = 'en';
let dict = {};
let fallback = {};

export function pickLanguage() {
	let saved = null;
	try {
		saved = localStorage.getItem(STORE);
	} catch (e) { /* storage disabled */ }
	if (saved && LANGUAGES[saved])
		return saved;
	for (const l of navigator.languages || [navigator.language || 'en']) {
		const base = String(l).toLowerCase().split('-')[0];
		if (LANGUAGES[base])
			return base;
	}
	return 'en';
}

export async function initI18n() {
	lang = pickLanguage();
	fallback = (await import('./i18n/en.js')).default;
	dict = lang === 'en' ? fallback : (await import(`./i18n/${lang}.js`)).default;
	document.documentElement.lang = lang;
	document.documentElement.dir = dict['meta.dir'] || 'ltr';
}

export function setLanguage(l) {
	try {
		localStorage.setItem(STORE, l);
	} catch (e) { /* storage disabled: this page only */ }
}

export function language() {
	return lang;
}

// The locale for Intl formatting: the browser's own tag when it is of the
// UI language (en-GB keeps day-month order), else the UI language.
export function locale() {
	for (const l of navigator.languages || [])
		if (String(l).toLowerCase().split('-')[0] === lang)
			return l;
	return lang;
}

export function t(key, vars) {
	let s = dict[key] ?? fallback[key];
	if (s === undefined)
		return key;
	if (typeof s === 'object') {
		const n = vars && typeof vars.count === 'number' ? vars.count : 0;
		const form = new Intl.PluralRules(lang).select(n);
		s = s[form] ?? s.other;
	}
	if (vars)
		s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(
		    k === 'count' ? new Intl.NumberFormat(locale()).format(vars[k]) :
		    vars[k]) : m));
	return s;
}
