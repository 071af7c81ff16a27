// Staff controls: a pin (everywhere, until a date) puts a topic first for
// everyone else; closing a topic takes its reply buttons away from users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './helpers.js';

let server, data, browser;

before(async () => {
	({server, data, browser} = await H.start());
	// A newer topic, so the welcome topic is not first until pinned.
	data.newer = await server.api('POST', '/posts.json', {title: 'Lunch options near the venue',
	    raw: 'Where do people go for lunch around here? Vegetarian options welcome.',
	    category: data.sessions.id}, server.as('alice'));
});

after(() => H.finish({server, browser}));

async function firstTitle(page) {
	return page.locator('.topic-list .topic-item .title').first().innerText();
}

test('a staff pin shows the topic first, with its excerpt, for another user', async () => {
	const staff = await H.newPage(browser);
	const user = await H.newPage(browser);
	await H.login(user.page, server.url, 'bob');
	await H.goto(user.page, `${server.url}/latest`);
	assert.equal(await firstTitle(user.page), 'Lunch options near the venue');

	await H.login(staff.page, server.url, 'admin1');
	await H.goto(staff.page, `${server.url}/t/welcome/${data.welcome.topic_id}`);
	await staff.page.locator('.staff-controls summary').click();
	await staff.page.getByLabel(/pinned until/i).fill('2030-12-31');
	await staff.page.getByLabel(/pin everywhere/i).check();
	await staff.page.getByRole('button', {name: 'Pin', exact: true}).click();
	await staff.page.locator('.notice-pinned', {hasText: /pinned everywhere until/i}).waitFor();
	await H.screenshot(staff.page, 'desktop-topic-staff');

	await H.goto(user.page, `${server.url}/latest`);
	assert.equal(await firstTitle(user.page), 'Welcome to ConfabConf 2030');
	const first = user.page.locator('.topic-item').first();
	assert.match(await first.getAttribute('class'), /is-pinned/);
	assert.match(await first.locator('.excerpt').innerText(), /Say hello here/);
	await H.screenshot(user.page, 'desktop-latest-pinned');

	// Unpin: back in activity order.
	await staff.page.getByRole('button', {name: 'Unpin'}).click();
	await staff.page.locator('.notice-pinned').waitFor({state: 'detached'});
	await H.goto(user.page, `${server.url}/latest`);
	assert.equal(await firstTitle(user.page), 'Lunch options near the venue');
	assert.deepEqual(staff.errors, []);
	assert.deepEqual(user.errors, []);
	await staff.ctx.close();
	await user.ctx.close();
});

test('closing a topic removes the reply button for users', async () => {
	const staff = await H.newPage(browser);
	const user = await H.newPage(browser);
	const url = `${server.url}/t/lunch/${data.newer.topic_id}`;
	await H.login(user.page, server.url, 'bob');
	await H.goto(user.page, url);
	await user.page.locator('#reply-button').waitFor();
	assert.ok(await user.page.locator('#post_1 .btn-reply').count() === 1);

	await H.login(staff.page, server.url, 'admin1');
	await H.goto(staff.page, url);
	await staff.page.locator('.staff-controls summary').click();
	await staff.page.getByRole('button', {name: 'Close', exact: true}).click();
	await staff.page.locator('.notice-closed').waitFor();
	// Staff may still reply in a closed topic.
	assert.equal(await staff.page.locator('#reply-button').count(), 1);

	await H.goto(user.page, url);
	await user.page.locator('.notice-closed').waitFor();
	assert.equal(await user.page.locator('#reply-button').count(), 0);
	assert.equal(await user.page.locator('.btn-reply').count(), 0);
	assert.match(await user.page.locator('.reply-area').innerText(), /closed/i);
	// The list marks it closed.
	await H.goto(user.page, `${server.url}/latest`);
	assert.equal(await user.page.locator(`.topic-item[data-topic-id="${data.newer.topic_id}"]`)
	    .getByRole('img', {name: 'Closed'}).count(), 1);

	// Open again: the reply button is back.
	await staff.page.getByRole('button', {name: 'Open', exact: true}).click();
	await staff.page.locator('.notice-closed').waitFor({state: 'detached'});
	await H.goto(user.page, url);
	await user.page.locator('#reply-button').waitFor();
	assert.deepEqual(staff.errors, []);
	assert.deepEqual(user.errors, []);
	await staff.ctx.close();
	await user.ctx.close();
});

test('the author retitles and retags a topic; staff move it to another category', async () => {
	const author = await H.newPage(browser);
	const p = author.page;
	await H.login(p, server.url, 'alice');
	await H.goto(p, `${server.url}/t/topic/${data.newer.topic_id}`);
	await p.getByRole('button', {name: 'Edit title and tags'}).click();
	assert.ok(await p.getByRole('button', {name: 'Edit title and tags'}).isHidden());
	// Authors cannot move topics: no category field for them.
	assert.equal(await p.locator('.topic-editor select').count(), 0);
	await p.getByLabel('Title', {exact: true}).fill('Lunch options near the venue, vegetarian first');
	await p.getByLabel(/Tags/).fill('food, venue');
	await p.getByRole('button', {name: 'Save'}).click();
	await p.locator('h1', {hasText: 'vegetarian first'}).waitFor();
	await p.waitForURL(/\/t\/lunch-options-near-the-venue-vegetarian-first\/\d+$/);
	assert.deepEqual(await p.locator('.topic-head .tag').allInnerTexts(), ['food', 'venue']);
	assert.equal(await p.locator('.topic-editor').count(), 0);
	// A title that is too short is refused in words, and nothing changes.
	await p.getByRole('button', {name: 'Edit title and tags'}).click();
	await p.getByLabel('Title', {exact: true}).fill('Lunch?');
	await p.getByRole('button', {name: 'Save'}).click();
	await p.locator('.topic-editor .form-message', {hasText: /Title/}).waitFor();
	await p.getByRole('button', {name: 'Cancel'}).click();
	await p.locator('h1', {hasText: 'vegetarian first'}).waitFor();
	assert.deepEqual(author.errors.filter((e) => !/status of 422/.test(e)), []);

	const staff = await H.newPage(browser);
	await H.login(staff.page, server.url, 'admin1');
	await H.goto(staff.page, `${server.url}/t/topic/${data.newer.topic_id}`);
	await staff.page.getByRole('button', {name: 'Edit title and tags'}).click();
	await staff.page.getByLabel('Category', {exact: true}).selectOption({label: 'Speakers lounge'});
	await H.screenshot(staff.page, 'desktop-topic-editor');
	await staff.page.getByRole('button', {name: 'Save'}).click();
	await staff.page.locator('.topic-head .cat-badge', {hasText: 'Speakers lounge'}).waitFor();
	assert.deepEqual(staff.errors, []);
	// Now only speakers see it: alice gets the not-found page.
	const gone = await fetch(`${server.url}/t/${data.newer.topic_id}.json`);
	assert.equal(gone.status, 404);
	for (const x of [author, staff])
		await x.ctx.close();
});
