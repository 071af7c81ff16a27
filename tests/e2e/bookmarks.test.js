// Bookmarks in the browser: alice bookmarks a post with a reminder
// tomorrow, sees the button pressed, finds the bookmark on her profile
// (and only she does), and removes it there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './helpers.js';

let server, data, browser;

before(async () => ({server, data, browser} = await H.start()));

after(() => H.finish({server, browser}));

test('bookmark a post, see it on the profile, remove it', async () => {
	const {page, errors, ctx} = await H.newPage(browser);
	const base = server.url;
	const topic = data.welcome;
	await H.login(page, base, 'alice');
	await H.goto(page, `${base}/t/${topic.topic_slug || 'welcome'}/${topic.topic_id}`);
	const post = page.locator('#post_1');
	await post.waitFor();
	await post.getByRole('button', {name: 'Bookmark post 1'}).click();
	const form = post.locator('.bookmark-form');
	await form.getByLabel('Remind me').selectOption('tomorrow');
	await form.getByLabel('Note (optional)').fill('the keynote time');
	await H.screenshot(page, 'bookmark-form');
	await form.getByRole('button', {name: 'Save'}).click();
	const pressed = post.locator('.btn-bookmark.is-bookmarked');
	await pressed.waitFor();
	assert.equal(await pressed.getAttribute('aria-pressed'), 'true');

	// After a reload the server says so too.
	await page.reload({waitUntil: 'domcontentloaded'});
	await H.settled(page);
	await page.locator('#post_1 .btn-bookmark.is-bookmarked').waitFor();

	// On her profile, with its note and reminder.
	await H.goto(page, `${base}/u/alice`);
	const section = page.locator('#user-bookmarks');
	await section.getByRole('heading', {name: 'Bookmarks'}).waitFor();
	const item = section.locator('.bookmark-item');
	assert.equal(await item.count(), 1);
	assert.match(await item.innerText(), /Welcome to ConfabConf 2030/);
	assert.match(await item.innerText(), /the keynote time/);
	assert.match(await item.innerText(), /Reminder:/);
	await H.screenshot(page, 'bookmarks-profile');

	// Not on anyone else's, nor shown to anyone else.
	await H.goto(page, `${base}/u/bob`);
	assert.equal(await page.locator('#user-bookmarks').count(), 0);

	// Removed from the profile.
	await H.goto(page, `${base}/u/alice`);
	await section.getByRole('button', {name: /Remove the bookmark of/}).click();
	await section.getByText('No bookmarks yet.').waitFor();
	const list = await server.api('GET', '/u/alice/bookmarks.json', null, server.as('alice'));
	assert.equal(list.user_bookmark_list.bookmarks.length, 0);
	assert.deepEqual(errors, []);
	await ctx.close();
});
