// Reading state in the browser: after bob replies, alice's list shows
// the unread count on the topic; its link opens the topic at the first
// unread post; once the page has reported what she read, the count is
// gone from the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './helpers.js';

let server, data, browser;

before(async () => ({server, data, browser} = await H.start()));

after(() => H.finish({server, browser}));

test('a reply shows as unread, opens at the first unread post, then is read', async () => {
	const topic = await server.api('POST', '/posts.json', {title: 'Which talks are you planning to attend?',
	    raw: 'Tell us which sessions you have marked in your agenda for the first day.',
	    category: data.sessions.id}, server.as('alice'));
	for (const raw of ['The keynote, of course, and the workshop on accessible forms.',
	    'Also the panel on moderation at scale, it looks promising.'])
		await server.api('POST', '/posts.json', {topic_id: topic.topic_id, raw}, server.as('bob'));

	const {page, errors, ctx} = await H.newPage(browser);
	await H.login(page, server.url, 'alice');
	await H.goto(page, `${server.url}/latest`);
	const row = page.locator(`.topic-item[data-topic-id="${topic.topic_id}"]`);
	await row.locator('.badge-unread', {hasText: '2 unread'}).waitFor();
	await H.screenshot(page, 'reading-unread-list');

	await row.locator('a.title').click();
	await page.waitForURL(new RegExp(`/t/[^/]+/${topic.topic_id}/2$`));
	await page.locator('#post_2.is-target').waitFor();
	await H.settled(page);
	// The tracker reports every 3 seconds; both replies are on screen.
	await page.waitForResponse((r) => r.url().endsWith('/topics/timings') && r.status() === 200,
	    {timeout: 15000});

	await H.goto(page, `${server.url}/latest`);
	await row.locator('a.title').waitFor();
	assert.equal(await row.locator('.badge-unread').count(), 0);
	await H.screenshot(page, 'reading-read-list');
	assert.deepEqual(errors, []);
	await ctx.close();
});

test('the New and Unread tabs list what is new and unread, and Dismiss clears them', async () => {
	const topic = await server.api('POST', '/posts.json', {title: 'Lunch options near the venue',
	    raw: 'Post your favourite places to eat around the conference centre here.',
	    category: data.sessions.id}, server.as('bob'));
	const mine = await server.api('POST', '/posts.json', {title: 'Sharing slides after my talk',
	    raw: 'I will upload my slides here right after the session ends.',
	    category: data.sessions.id}, server.as('carol'));
	await server.api('POST', '/posts.json', {topic_id: mine.topic_id,
	    raw: 'Thank you, looking forward to the slides and the notes!'}, server.as('bob'));

	const {page, errors, ctx} = await H.newPage(browser);
	await H.login(page, server.url, 'carol');
	await H.goto(page, `${server.url}/latest`);
	const tabs = page.getByRole('navigation', {name: 'Topic lists'});
	assert.equal(await tabs.getByRole('link', {name: 'Latest'}).getAttribute('aria-current'), 'page');

	// New: bob's topic, never opened by carol.
	await tabs.getByRole('link', {name: 'New'}).click();
	await page.getByRole('heading', {level: 1, name: 'New topics'}).waitFor();
	await page.locator(`.topic-item[data-topic-id="${topic.topic_id}"]`).waitFor();
	await page.locator('#dismiss', {hasText: 'Dismiss new'}).click();
	await page.locator(`.topic-item[data-topic-id="${topic.topic_id}"]`).waitFor({state: 'detached'});

	// Unread: the reply to carol's own topic.
	await H.goto(page, `${server.url}/unread`);
	await page.getByRole('heading', {level: 1, name: 'Unread topics'}).waitFor();
	await page.locator(`.topic-item[data-topic-id="${mine.topic_id}"]`).waitFor();
	await page.locator('#dismiss', {hasText: 'Dismiss unread'}).click();
	await page.locator(`.topic-item[data-topic-id="${mine.topic_id}"]`).waitFor({state: 'detached'});
	await H.screenshot(page, 'reading-dismissed');
	assert.deepEqual(errors, []);
	await ctx.close();
});
