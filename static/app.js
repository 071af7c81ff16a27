// confab's front end: boot, the header and footer, and the router.  Each
// page is a module in pages/ exporting render(ctx); the router picks one
// from the URL (Discourse's URLs), and the page builds its DOM and hands
// it to ctx.show(), which replaces the server-rendered content of <main>.
import { h, clear } from './dom.js';
import { initI18n, t, LANGUAGES, language, setLanguage } from './i18n.js';
import { state, loadUser, loadSite, onNavigate, navigate, refresh, isAdmin } from './state.js';
import { errorPanel } from './ui.js';
import { refreshRelativeTimes } from './time.js';
import { accountBox } from './components/account.js';

const main = document.getElementById('main');

// The site's name, from the <title> the server rendered ("Topic - Site"
// or "Site"): /site.json does not carry it.
const siteName = (document.title.split(' - ').pop() || '').trim() || 'confab';

// The pages, as the server's route table (server/route.c) lists them:
// tests/unit/test_route.c checks that the two lists agree.  ":name" is one
// segment, digits only for "id", "*_id" and "*number", as on the server.
const routes = [
	['/', 'list', () => ({kind: 'latest'})],
	['/latest', 'list', () => ({kind: 'latest'})],
	['/new', 'list', () => ({kind: 'new'})],
	['/unread', 'list', () => ({kind: 'unread'})],
	['/categories', 'categories'],
	['/c/:slug/:id', 'list', (a) => ({kind: 'category', slug: a.slug, id: Number(a.id)})],
	['/c/:id', 'list', (a) => ({kind: 'category', slug: 'c', id: Number(a.id)})],
	['/tag/:name', 'list', (a) => ({kind: 'tag', name: decodeURIComponent(a.name)})],
	// As the server's route table: /t/{id}/{n} before /t/{slug}/{id}.
	['/t/:id', 'topic', (a) => ({id: Number(a.id), postNumber: null})],
	['/t/:id/:post_number', 'topic', (a) => ({id: Number(a.id), postNumber: Number(a.post_number)})],
	['/t/:slug/:id', 'topic', (a) => ({id: Number(a.id), postNumber: null})],
	['/t/:slug/:id/:post_number', 'topic', (a) => ({id: Number(a.id), postNumber: Number(a.post_number)})],
	['/login', 'login'],
	['/signup', 'signup'],
	['/u/:username', 'user', (a) => ({username: decodeURIComponent(a.username)})],
	['/new-topic', 'new-topic'],
	['/admin', 'admin', () => ({section: 'categories'})],
	['/admin/categories', 'admin', () => ({section: 'categories'})],
	['/admin/groups', 'admin', () => ({section: 'groups'})],
	['/admin/api', 'admin', () => ({section: 'api'})],
	['/admin/program', 'admin', () => ({section: 'program'})],
	['/schedule', 'schedule'],
	['/recordings', 'recordings'],
	['/agenda', 'agenda'],
	['/notifications', 'notifications'],
].map(([pattern, page, params]) => {
	const names = [];
	const re = pattern.replace(/:(\w+)/g, (_, name) => {
		names.push(name);
		return /^id$|_id$|number$/.test(name) ? '(\\d{1,18})' : '([^/]+)';
	});
	return [new RegExp(`^${re}$`), page, params, names];
});

function match(path) {
	for (const [re, page, params, names] of routes) {
		const m = re.exec(path);
		if (m)
			return {page, params: params ? params(Object.fromEntries(names.map((n, i) => [n, m[i + 1]]))) : {}};
	}
	return {page: 'not-found', params: {}};
}

// ----------------------------------------------------------------------
// Header and footer

function renderHeader() {
	const header = document.getElementById('site-header');
	const u = state.user;
	const title = siteName;
	const nav = h('nav', {class: 'site-nav', 'aria-label': t('nav.main')},
	    h('ul', null,
	        h('li', null, h('a', {href: '/latest'}, t('nav.latest'))),
	        h('li', null, h('a', {href: '/categories'}, t('nav.categories'))),
	        h('li', null, h('a', {href: '/schedule'}, t('nav.schedule'))),
	        h('li', null, h('a', {href: '/recordings'}, t('nav.recordings'))),
	        u ? h('li', null, h('a', {href: '/agenda'}, t('nav.agenda'))) : null,
	        u ? h('li', null, h('a', {href: '/new-topic', class: 'nav-new'}, t('nav.new_topic'))) : null,
	        u && isAdmin() ? h('li', null, h('a', {href: '/admin'}, t('nav.admin'))) : null));
	const skip = document.querySelector('.skip-link');
	if (skip)
		skip.textContent = t('nav.skip');
	header.replaceChildren(
	    h('a', {class: 'brand', href: '/'}, title),
	    nav, accountBox());
	markCurrentNav();
}

function markCurrentNav() {
	const path = location.pathname === '/' ? '/latest' : location.pathname;
	for (const a of document.querySelectorAll('.site-nav a')) {
		const href = a.getAttribute('href');
		if (href === path || (href === '/admin' && path.startsWith('/admin/')))
			a.setAttribute('aria-current', 'page');
		else
			a.removeAttribute('aria-current');
	}
}

function renderFooter() {
	const footer = document.getElementById('site-footer');
	const sel = h('select', {id: 'lang-switch', name: 'lang'},
	    Object.entries(LANGUAGES).map(([code, name]) =>
	        h('option', {value: code, selected: code === language(), lang: code}, name)));
	sel.addEventListener('change', async () => {
		setLanguage(sel.value);
		await initI18n();
		renderHeader();
		renderFooter();
		await refresh();
		document.getElementById('lang-switch').focus();
	});
	footer.replaceChildren(
	    h('div', {class: 'lang'}, h('label', {htmlFor: 'lang-switch'}, t('footer.language')), sel),
	    h('p', {class: 'zone-note'}, t('footer.times_in', {zone: Intl.DateTimeFormat().resolvedOptions().timeZone})));
}

// ----------------------------------------------------------------------
// Rendering

let generation = 0;
let firstRender = true;

async function render({focus = true, keepScroll = false} = {}) {
	const gen = ++generation;
	const url = new URL(location.href);
	const {page, params} = match(url.pathname.replace(/\/+$/, '') || '/');
	document.body.classList.add('is-loading');
	delete document.body.dataset.rendered;
	main.setAttribute('aria-busy', 'true');
	markCurrentNav();
	const ctx = {
		params, query: url.searchParams, hash: url.hash, main,
		current: () => gen === generation,
		setTitle(title) {
			if (gen === generation)
				document.title = title ? `${title} - ${siteName}` : siteName;
		},
		show(...nodes) {
			if (gen !== generation)
				return false;
			clear(main).append(...nodes.flat().filter(Boolean));
			return true;
		},
	};
	try {
		const mod = await import(`./pages/${page}.js`);
		await mod.render(ctx);
	} catch (e) {
		if (gen !== generation)
			return;
		if (e && e.status === 404) {
			const mod = await import('./pages/not-found.js');
			await mod.render(ctx);
		} else {
			console.warn(e);
			ctx.setTitle(t('error.title'));
			ctx.show(h('h1', {tabindex: '-1', class: 'page-title'}, t('error.title')),
			    errorPanel(e, () => render({focus: true})));
		}
	} finally {
		if (gen === generation) {
			document.body.classList.remove('is-loading');
			main.removeAttribute('aria-busy');
		}
	}
	if (gen !== generation)
		return;
	const target = url.hash ? document.getElementById(decodeURIComponent(url.hash.slice(1))) : null;
	const wanted = main.querySelector('[data-scroll-target]');
	if (target || wanted) {
		(target || wanted).scrollIntoView({block: 'start'});
	} else if (!keepScroll) {
		window.scrollTo(0, 0);
	}
	if (focus && !firstRender) {
		const h1 = main.querySelector('h1');
		(wanted || h1 || main).focus({preventScroll: !!(target || wanted)});
	}
	firstRender = false;
	// For tests and tools: this URL is rendered.
	document.body.dataset.rendered = String(gen);
}

// Same-origin links navigate without reloading; the rest behave as links.
document.addEventListener('click', (ev) => {
	if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey ||
	    ev.shiftKey || ev.altKey)
		return;
	const a = ev.target.closest('a[href]');
	if (!a || a.target || a.hasAttribute('download'))
		return;
	const url = new URL(a.href, location.href);
	// Files the browser handles itself (calendar feeds, raw JSON) are not
	// pages.
	if (url.origin !== location.origin || url.pathname.startsWith('/static/') ||
	    /\.(?:ics|json|rss)$/.test(url.pathname))
		return;
	if (url.pathname === location.pathname && url.search === location.search && url.hash) {
		return; // an in-page anchor: let the browser scroll
	}
	ev.preventDefault();
	navigate(url.pathname + url.search + url.hash);
});

window.addEventListener('popstate', () => render({focus: true, keepScroll: false}));

onNavigate(render);
document.addEventListener('confab:session', () => renderHeader());

async function boot() {
	await initI18n();
	document.body.classList.add('is-loading');
	// The user first: which categories /site.json lists depends on it.
	try {
		await loadUser();
	} catch (e) { /* the server is down: the page says so below */ }
	try {
		await loadSite();
	} catch (e) {
		state.site = null;
	}
	renderHeader();
	renderFooter();
	await render({focus: false});
	setInterval(() => refreshRelativeTimes(), 60 * 1000);
}

boot();
