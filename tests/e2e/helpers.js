// Shared by the browser tests: start the real confab binary on a free
// port with a fresh database, seed it through `confab admin` and the JSON
// API, drive Debian's Chromium with playwright-core, collect console
// errors, save screenshots.  Every wait here is bounded.  A test file sets
// itself up with start() and tears down with finish().
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../..');
export const BIN = path.resolve(REPO, process.env.CONFAB_BIN || 'build/asan/confab');
export const PASSWORD = process.env.CONFAB_PASSWORD || 'correct horse battery staple';
export const ARTIFACTS = path.join(here, 'artifacts');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const SERVER_ENV = {
	CONFAB_PASSWORD: PASSWORD,
	CONFAB_RATE_LIMIT_CREATE_POST: '0',
	CONFAB_RATE_LIMIT_CREATE_TOPIC: '0',
	CONFAB_MAX_LOGINS_PER_IP_PER_MINUTE: '1000',
	CONFAB_MAX_LOGINS_PER_IP_PER_HOUR: '1000',
};

function withTimeout(promise, ms, what) {
	let timer;
	return Promise.race([promise, new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
	})]).finally(() => clearTimeout(timer));
}

// Starts `confab serve` on 127.0.0.1:0 with a database in a new temporary
// directory; resolves once it printed "listening on 127.0.0.1:PORT".
export async function startServer() {
	if (!fs.existsSync(BIN))
		throw new Error(`no confab binary at ${BIN} (build it, or set CONFAB_BIN)`);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'confab-e2e-'));
	const db = path.join(dir, 'confab.db');
	const env = {...process.env, ...SERVER_ENV};
	const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', db,
	    '--static', path.join(REPO, 'static')], {env, stdio: ['ignore', 'pipe', 'pipe']});
	const log = fs.createWriteStream(path.join(dir, 'server.log'));
	child.stderr.pipe(log);
	const exited = new Promise((resolve) => child.on('exit', (code, signal) =>
	    resolve({code, signal})));
	const port = await withTimeout(new Promise((resolve, reject) => {
		let buf = '';
		child.stdout.on('data', (d) => {
			buf += d;
			const m = /^listening on 127\.0\.0\.1:(\d+)\n/.exec(buf);
			if (m)
				resolve(Number(m[1]));
			else if (buf.includes('\n'))
				reject(new Error(`unexpected first line: ${buf}`));
		});
		child.on('exit', (code) => reject(new Error(`confab exited (${code}) before listening; see ${dir}/server.log`)));
	}), 15000, 'confab to start');
	child.stdout.resume();
	const url = `http://127.0.0.1:${port}`;

	const server = {
		url, db, dir, child, port,
		// `confab COMMAND ARGS --db DB`; returns stdout, trimmed.
		cli(command, ...args) {
			return execFileSync(BIN, [command, ...args, '--db', db], {env, timeout: 30000,
			    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}).trim();
		},
		// `confab admin ARGS --db DB`; returns stdout.
		admin(...args) {
			return server.cli('admin', ...args);
		},
		createUser(username, {admin = false, moderator = false} = {}) {
			return server.admin('create-user', '--username', username, '--email',
			    `${username}@example.org`, ...(admin ? ['--admin'] : []),
			    ...(moderator ? ['--moderator'] : []));
		},
		addToGroup(group, username) {
			return server.admin('add-to-group', '--group', group, '--username', username);
		},
		apiKey(username) {
			return server.admin('api-key', '--username', username).split('\n').pop().trim();
		},
		// Who server.api() acts as: a new key of username's.
		as(username) {
			return {key: server.apiKey(username), username};
		},
		// A JSON API call with an API key (no CSRF needed).  form values
		// that are arrays go as key[]=v, objects as key[sub]=v.
		async api(method, pathname, form, {key, username}) {
			const body = new URLSearchParams();
			const put = (k, v) => {
				if (Array.isArray(v))
					v.forEach((x) => body.append(`${k}[]`, String(x)));
				else if (v && typeof v === 'object')
					Object.entries(v).forEach(([s, x]) => put(`${k}[${s}]`, x));
				else if (v !== undefined)
					body.append(k, String(v));
			};
			Object.entries(form || {}).forEach(([k, v]) => put(k, v));
			const res = await fetch(url + pathname, {method,
			    headers: {'Api-Key': key, 'Api-Username': username, Accept: 'application/json'},
			    body: method === 'GET' ? undefined : body, signal: AbortSignal.timeout(15000)});
			const data = await res.json().catch(() => null);
			if (!res.ok)
				throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(data)}`);
			return data;
		},
		// SIGTERM, then the exit status ({code, signal}).
		async stop() {
			if (child.exitCode === null && child.signalCode === null)
				child.kill('SIGTERM');
			const r = await withTimeout(exited, 15000, 'confab to exit on SIGTERM').catch((e) => {
				child.kill('SIGKILL');
				throw e;
			});
			log.end();
			return r;
		},
		cleanup() {
			fs.rmSync(dir, {recursive: true, force: true});
		},
	};
	return server;
}

// The usual cast and scenery: admin1 (admin), alice and bob (users),
// carol (in the "speakers" group); categories "Sessions" (everyone) and
// "Speakers lounge" (speakers only); a few topics.
export async function seed(server) {
	server.createUser('admin1', {admin: true});
	for (const u of ['alice', 'bob', 'carol'])
		server.createUser(u);
	const key = server.apiKey('admin1');
	const as = {key, username: 'admin1'};
	await server.api('POST', '/admin/groups.json', {group: {name: 'speakers', full_name: 'Speakers'}}, as);
	server.addToGroup('speakers', 'carol');
	const sessions = (await server.api('POST', '/categories.json', {name: 'Sessions', color: '0E76BD',
	    description: 'One topic per talk', permissions: {everyone: 1}}, as)).category;
	const lounge = (await server.api('POST', '/categories.json', {name: 'Speakers lounge',
	    color: 'B3261E', description: 'Backstage chat for speakers', permissions: {speakers: 1}}, as)).category;
	const welcome = await server.api('POST', '/posts.json', {title: 'Welcome to ConfabConf 2030',
	    raw: 'Say hello here, and tell us which talks you are looking forward to!\n\n' +
	        'The opening keynote is [date-range from=2030-09-30T14:00:00 to=2030-09-30T16:30:00 timezone="UTC"].',
	    category: sessions.id, tags: ['welcome', 'day-one']}, as);
	const secret = await server.api('POST', '/posts.json', {title: 'Backstage logistics for speakers',
	    raw: 'Green room is on the second floor; bring your slides on a USB stick.',
	    category: lounge.id, tags: ['backstage']}, as);
	const rtl = await server.api('POST', '/posts.json', {title: 'مرحبا بالجميع في المؤتمر',
	    raw: 'هذا موضوع باللغة العربية لاختبار اتجاه النص من اليمين إلى اليسار.',
	    category: sessions.id}, server.as('bob'));
	return {key, as, sessions, lounge, welcome, secret, rtl};
}

// A test file's set-up, for its before(): a server, seeded with seed()
// unless {seed: false}, and a browser.  Resolves to {server, data,
// browser}, data being what seed() returned; on failure nothing is left
// running.
export async function start({seed: seeded = true} = {}) {
	const server = await startServer();
	let data, browser;
	try {
		if (seeded)
			data = await seed(server);
		browser = await launch();
	} catch (e) {
		await server.stop().catch(() => {});
		server.cleanup();
		throw e;
	}
	return {server, data, browser};
}

// A test file's tear-down, for its after(): closes the browser and stops
// the server, which must exit cleanly, then removes its directory.  Either
// may be missing (a set-up that failed half way).
export async function finish({server, browser} = {}) {
	await browser?.close();
	if (server) {
		const r = await server.stop();
		assert.equal(r.code, 0, `confab exited with ${JSON.stringify(r)}`);
		server.cleanup();
	}
}

// One browser per test file; contexts per user.  playwright's launch()
// gives each run a fresh temporary --user-data-dir of its own.
export async function launch() {
	return withTimeout(chromium.launch({executablePath: CHROMIUM, headless: true,
	    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
	        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	    timeout: 30000}), 40000, 'chromium to start');
}

export async function newPage(browser, opts = {}) {
	const ctx = await browser.newContext({
		locale: opts.locale || 'en-US',
		timezoneId: opts.timezoneId || 'UTC',
		viewport: opts.viewport || {width: 1100, height: 800},
		colorScheme: opts.colorScheme || 'light',
		baseURL: opts.baseURL,
		reducedMotion: 'reduce',
	});
	ctx.setDefaultTimeout(10000);
	ctx.setDefaultNavigationTimeout(15000);
	const page = await ctx.newPage();
	const errors = watchErrors(page, opts.allowErrors || []);
	return {ctx, page, errors};
}

// Console errors and uncaught exceptions.  allow: predicates over the
// console message for errors a test expects (say, a 404 document).
export function watchErrors(page, allow = []) {
	const errors = [];
	page.on('console', (m) => {
		if (m.type() !== 'error' || allow.some((f) => f(m)))
			return;
		errors.push(`${m.text()} (${m.location().url})`);
	});
	page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
	return errors;
}

// The page settled: app.js has rendered this URL (body[data-rendered],
// main no longer busy; the server-rendered HTML it replaces has an h1
// too, so that is no sign) and the network is quiet.
export async function settled(page) {
	await page.waitForFunction(() => document.body && document.body.dataset.rendered &&
	    !document.getElementById('main').hasAttribute('aria-busy'), null, {timeout: 10000});
	await page.waitForLoadState('networkidle', {timeout: 10000}).catch(() => {});
}

export async function goto(page, url) {
	const res = await page.goto(url, {waitUntil: 'domcontentloaded'});
	await settled(page);
	return res;
}

export async function login(page, base, username) {
	await goto(page, `${base}/login`);
	await page.getByLabel(/username or email/i).fill(username);
	await page.getByLabel(/^password/i).fill(PASSWORD);
	await page.getByRole('button', {name: /^log in$/i}).click();
	await page.locator('#site-header .me').waitFor({timeout: 10000});
	await settled(page);
}

export async function screenshot(page, name) {
	fs.mkdirSync(ARTIFACTS, {recursive: true});
	await page.screenshot({path: path.join(ARTIFACTS, `${name}.png`), fullPage: true});
}

export async function noHorizontalScroll(page) {
	return page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		clientWidth: document.documentElement.clientWidth,
	}));
}
