// The UI's language: French for a browser whose locale is fr-FR, English
// otherwise; the switch in the page changes it and the choice sticks.
// Also, without a browser: every string key the code uses exists in
// English, and French has exactly English's keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as H from './helpers.js';

const STATIC = path.join(H.REPO, 'static');

test('every UI string key used exists in en.js; every language has the same keys', async () => {
	const en = (await import(path.join(STATIC, 'i18n/en.js'))).default;
	const langs = fs.readdirSync(path.join(STATIC, 'i18n')).filter((f) => f.endsWith('.js') && f !== 'en.js');
	assert.ok(langs.includes('fr.js'));
	const i18nSrc = fs.readFileSync(path.join(STATIC, 'i18n.js'), 'utf8');
	const placeholders = (s) => [...String(typeof s === 'object' ? s.other : s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
	for (const f of langs) {
		const other = (await import(path.join(STATIC, 'i18n', f))).default;
		assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort(), `keys of ${f}`);
		for (const [k, v] of Object.entries(en))
			assert.deepEqual(placeholders(other[k]), placeholders(v), `placeholders of ${k} in ${f}`);
		assert.match(i18nSrc, new RegExp(`\\b${f.replace('.js', '')}: '`), `${f} listed in LANGUAGES`);
	}
	const files = ['', 'pages'].flatMap((d) => fs.readdirSync(path.join(STATIC, d))
	    .filter((f) => f.endsWith('.js')).map((f) => path.join(STATIC, d, f)));
	const missing = [];
	const groups = new Set(Object.keys(en).map((k) => k.split('.')[0]));
	for (const f of files) {
		const src = fs.readFileSync(f, 'utf8');
		// Any 'group.key' literal whose group is one of the strings'
		// groups (so keys chosen with ?: count too).
		for (const m of src.matchAll(/'([a-z]+)\.([a-z_]+)'/g))
			if (groups.has(m[1]) && !(`${m[1]}.${m[2]}` in en))
				missing.push(`${path.basename(f)}: ${m[1]}.${m[2]}`);
	}
	assert.deepEqual(missing, []);
});

let server, data, browser;

before(async () => ({server, data, browser} = await H.start()));

after(() => H.finish({server, browser}));

test('a browser in fr-FR gets the French UI, and can switch to English', async () => {
	const {page, errors, ctx} = await H.newPage(browser, {locale: 'fr-FR', timezoneId: 'Europe/Paris'});
	await H.goto(page, `${server.url}/`);
	assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
	await page.getByRole('heading', {level: 1, name: 'Sujets récents'}).waitFor();
	assert.equal(await page.locator('.site-nav a[href="/latest"]').innerText(), 'Récents');
	assert.equal(await page.locator('#site-header a[href="/login"]').innerText(), 'Se connecter');
	assert.match(await page.locator('.topic-item .stat-replies dd').first().innerText(), /^0 réponse$/);
	await H.screenshot(page, 'desktop-latest-fr');

	await H.goto(page, `${server.url}/login`);
	await page.getByLabel('Nom d’utilisateur ou e-mail').waitFor();

	// The switch: English, kept across a reload.
	await page.getByLabel('Langue').selectOption('en');
	await page.getByRole('heading', {level: 1, name: 'Log in'}).waitFor();
	assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
	await page.reload({waitUntil: 'domcontentloaded'});
	await H.settled(page);
	await page.getByLabel('Username or email').waitFor();
	assert.deepEqual(errors, []);
	await ctx.close();
});

test('a browser in en-US gets English', async () => {
	const {page, errors, ctx} = await H.newPage(browser, {locale: 'en-US'});
	await H.goto(page, `${server.url}/categories`);
	assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
	await page.getByRole('heading', {level: 1, name: 'Categories'}).waitFor();
	assert.deepEqual(errors, []);
	await ctx.close();
});
