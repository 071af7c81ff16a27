// Every main page at 360×740 (a phone): no horizontal scrolling, no
// console errors, a screenshot in artifacts/ for a person to look at.
// Then a few at desktop width and in the dark theme, and the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './helpers.js';

let server, data, browser;

before(async () => {
	({server, data, browser} = await H.start());
	const bob = server.as('bob');
	const alice = server.as('alice');
	// A conversation with a reply, a like, a long word and a code block.
	const reply = await server.api('POST', '/posts.json', {topic_id: data.welcome.topic_id, reply_to_post_number: 1,
	    raw: 'Hello from Lyon! Looking forward to the keynote. Here is a long link: ' +
	        'https://example.org/a/very/long/path/that/should/wrap/instead/of/scrolling/sideways/on/a/phone/screen\n\n' +
	        '```\nconst schedule = await fetch("/schedule.json").then((r) => r.json()); // a long line of code\n```'}, bob);
	await server.api('POST', '/post_actions.json', {id: reply.id, post_action_type_id: 2}, alice);
	await server.api('POST', '/posts.json', {topic_id: data.rtl.topic_id,
	    raw: 'رد باللغة العربية مع كلمة English في المنتصف، للتأكد من الاتجاه.'}, alice);
	for (let i = 0; i < 3; i++)
		await server.api('POST', '/posts.json', {title: `Session ${i + 1}: talks about federated forums`,
		    raw: `Discussion thread for session ${i + 1}. Slides and questions go here.`,
		    category: data.sessions.id, tags: ['sessions']}, data.as);
});

after(() => H.finish({server, browser}));

const PHONE = {width: 360, height: 740};


async function visit(page, path, name, check) {
	const res = await H.goto(page, server.url + path);
	if (check)
		await check(page, res);
	const {scrollWidth, clientWidth} = await H.noHorizontalScroll(page);
	await H.screenshot(page, name);
	assert.ok(scrollWidth <= clientWidth, `${path}: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`);
}

test('anonymous pages at 360 px: no horizontal scroll, no console errors', async () => {
	const {page, errors, ctx} = await H.newPage(browser, {viewport: PHONE, timezoneId: 'Europe/Paris',
	    allowErrors: [(m) => /status of 404/.test(m.text()) && m.location().url.endsWith('/no-such-page')]});
	const t = `/t/welcome/${data.welcome.topic_id}`;
	await visit(page, '/', 'mobile-home');
	await visit(page, '/latest', 'mobile-latest');
	await visit(page, '/categories', 'mobile-categories');
	await visit(page, `/c/sessions/${data.sessions.id}`, 'mobile-category');
	await visit(page, '/tag/welcome', 'mobile-tag');
	await visit(page, t, 'mobile-topic', async (p) => {
		await p.locator('#post_2 .reply-to').waitFor();
		assert.match(await p.locator('#post_2 .reply-to').innerText(), /admin1/);
		assert.equal(await p.locator('#post_2 .like-static').count(), 1);
	});
	await visit(page, `${t}/2`, 'mobile-topic-post', async (p) => {
		assert.match(await p.locator('#post_2').getAttribute('class'), /is-target/);
	});
	await visit(page, `/t/rtl/${data.rtl.topic_id}`, 'mobile-topic-rtl', async (p) => {
		assert.equal(await p.locator('#post_1 .cooked').evaluate((e) => getComputedStyle(e).direction), 'rtl');
		assert.equal(await p.locator('h1').evaluate((e) => getComputedStyle(e).direction), 'rtl');
	});
	await visit(page, '/login', 'mobile-login');
	await visit(page, '/signup', 'mobile-signup');
	await visit(page, '/u/admin1', 'mobile-user', async (p) => {
		await p.getByRole('heading', {name: 'Recent topics'}).waitFor();
		assert.ok((await p.locator('.topic-list .title').allInnerTexts()).includes('Welcome to ConfabConf 2030'));
	});
	await visit(page, '/no-such-page', 'mobile-404', async (p, res) => {
		assert.equal(res.status(), 404);
		await p.getByRole('heading', {level: 1, name: 'Page not found'}).waitFor();
	});
	assert.deepEqual(errors, []);
	await ctx.close();
});

test('staff pages at 360 px: composer, admin, staff controls', async () => {
	const {page, errors, ctx} = await H.newPage(browser, {viewport: PHONE, allowErrors: []});
	await H.login(page, server.url, 'admin1');
	await visit(page, '/latest', 'mobile-latest-staff');
	await visit(page, `/t/welcome/${data.welcome.topic_id}`, 'mobile-topic-staff', async (p) => {
		await p.locator('.staff-controls summary').click();
		await p.locator('#post_2 .btn-reply').click();
		await p.getByLabel('Your reply').fill('A **bold** reply with a [link](https://example.org) and `code`.');
		await p.getByRole('button', {name: 'Preview'}).click();
		await p.locator('.composer-preview strong').waitFor();
		assert.match(await p.locator('.replying-to').innerText(), /bob/);
	});
	await visit(page, '/new-topic', 'mobile-new-topic');
	await visit(page, '/admin', 'mobile-admin-categories', async (p) => {
		await p.getByRole('button', {name: 'New category'}).click();
		await p.getByLabel('Name', {exact: true}).waitFor();
	});
	await visit(page, '/admin/groups', 'mobile-admin-groups', async (p) => {
		await p.locator('.group-item summary', {hasText: 'speakers'}).click();
		await p.locator('.member-list', {hasText: 'carol'}).waitFor();
	});
	await visit(page, '/admin/api', 'mobile-admin-api');
	assert.deepEqual(errors, []);
	await ctx.close();
});

test('desktop and dark theme screenshots', async () => {
	const {page, errors, ctx} = await H.newPage(browser, {colorScheme: 'dark', timezoneId: 'America/New_York'});
	await visit(page, '/latest', 'dark-latest');
	await visit(page, `/t/welcome/${data.welcome.topic_id}`, 'dark-topic');
	assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
	assert.deepEqual(errors, []);
	await ctx.close();
	const light = await H.newPage(browser, {viewport: {width: 1280, height: 800}});
	await visit(light.page, '/latest', 'desktop-latest');
	await visit(light.page, '/categories', 'desktop-categories');
	assert.deepEqual(light.errors, []);
	await light.ctx.close();
});

test('the keyboard alone: skip link, links and the like button', async () => {
	const {page, errors, ctx} = await H.newPage(browser);
	await H.login(page, server.url, 'carol');
	await H.goto(page, `${server.url}/t/welcome/${data.welcome.topic_id}`);
	await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
	// Tab to the like button of post 2 and press it with the keyboard.
	let found = false;
	for (let i = 0; i < 40 && !found; i++) {
		await page.keyboard.press('Tab');
		found = await page.evaluate(() => !!document.activeElement.closest('#post_2') &&
		    document.activeElement.classList.contains('btn-like'));
	}
	assert.ok(found, 'like button reachable with Tab');
	const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
	assert.equal(outline, 'solid', 'focus is visible');
	await page.keyboard.press('Enter');
	await page.locator('#post_2 .btn-like[aria-pressed="true"]').waitFor();
	assert.equal(await page.locator('#post_2 .like-count').innerText(), '2');
	assert.deepEqual(errors, []);
	await ctx.close();
});
