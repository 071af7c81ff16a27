// Notifications in the browser: bob replies to alice's topic and carol
// mentions her; alice sees the count on the bell, opens the menu, follows
// the reply to its post (which marks it read), and reads the rest on the
// /notifications page, where "Mark all read" clears the count.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './helpers.js';

let server, data, browser;

before(async () => ({server, data, browser} = await H.start()));

after(() => H.finish({server, browser}));

test('the bell counts unread notifications; opening one marks it read', async () => {
	const topic = await server.api('POST', '/posts.json', {title: 'Slides for the open data workshop',
	    raw: 'I will post the slides of the workshop here after the session.',
	    category: data.sessions.id}, server.as('alice'));
	await server.api('POST', '/posts.json', {topic_id: topic.topic_id,
	    raw: 'Thank you! Will the recording be available as well?'}, server.as('bob'));
	await server.api('POST', '/posts.json', {topic_id: topic.topic_id,
	    raw: '@alice could you also share the dataset you used?'}, server.as('carol'));

	const {page, errors, ctx} = await H.newPage(browser);
	const base = server.url;
	await H.login(page, base, 'alice');
	const bell = page.locator('#notifications-bell');
	await bell.waitFor();
	assert.equal(await bell.getAttribute('aria-label'), 'Notifications, 2 unread');
	assert.equal(await page.locator('#notifications-bell .bell-count').innerText(), '2');

	// The menu, by keyboard: Enter opens it, Escape closes it and gives
	// the focus back to the bell.
	await bell.focus();
	await page.keyboard.press('Enter');
	const menu = page.locator('#notifications-menu');
	await menu.locator('.notification').first().waitFor();
	assert.equal(await bell.getAttribute('aria-expanded'), 'true');
	const items = await menu.locator('.notification').allInnerTexts();
	assert.equal(items.length, 2);
	assert.ok(items.some((s) => /bob replied in\s+Slides for the open data workshop/.test(s)), items.join(' | '));
	assert.ok(items.some((s) => /carol mentioned you in/.test(s)), items.join(' | '));
	await H.screenshot(page, 'notifications-menu');
	await page.keyboard.press('Escape');
	assert.equal(await menu.isHidden(), true);
	assert.equal(await page.evaluate(() => document.activeElement.id), 'notifications-bell');

	// Following the reply lands on its post and leaves one unread.
	await bell.click();
	await menu.locator('.notification', {hasText: 'bob replied'}).locator('a').click();
	await page.waitForURL(new RegExp(`/t/[^/]+/${topic.topic_id}/2$`));
	await page.locator('#post_2').waitFor();
	assert.equal(await bell.getAttribute('aria-label'), 'Notifications, 1 unread');

	// The page: both listed, one unread; Mark all read clears the count.
	await H.goto(page, `${base}/notifications`);
	await page.getByRole('heading', {level: 1, name: 'Notifications'}).waitFor();
	assert.equal(await page.locator('#notification-list .notification').count(), 2);
	assert.equal(await page.locator('#notification-list .notification.unread').count(), 1);
	await page.locator('#notifications-mark-all-page').click();
	await page.locator('#notification-list .notification.unread').first().waitFor({state: 'detached'});
	assert.equal(await bell.getAttribute('aria-label'), 'Notifications');
	assert.equal(await page.locator('#notifications-bell .bell-count').isHidden(), true);
	await H.screenshot(page, 'notifications-page');

	// After a reload the server agrees: nothing unread.
	await page.reload({waitUntil: 'domcontentloaded'});
	await H.settled(page);
	assert.equal(await page.locator('#notifications-bell').getAttribute('aria-label'), 'Notifications');
	assert.deepEqual(errors, []);
	await ctx.close();
});

test('signed out, /notifications asks to log in', async () => {
	const {page, errors, ctx} = await H.newPage(browser);
	await H.goto(page, `${server.url}/notifications`);
	await page.getByText('Log in to see who replied to you').waitFor();
	assert.equal(await page.locator('#notifications-bell').count(), 0);
	assert.deepEqual(errors, []);
	await ctx.close();
});
