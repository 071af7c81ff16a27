// A new attendee's first session: sign up, log out, log in, start a topic
// with tags (preview, draft kept across a reload), reply to it, like
// someone else's post, edit their own post, log out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './helpers.js';

let server, data, browser;

before(async () => ({server, data, browser} = await H.start()));

after(() => H.finish({server, browser}));

test('sign up, log in, create a topic with tags, reply, like, edit, log out', async () => {
	const {page, errors, ctx} = await H.newPage(browser);
	const base = server.url;

	// Sign up: the new account is logged in at once.
	await H.goto(page, `${base}/signup`);
	await page.getByLabel('Username', {exact: true}).fill('dora');
	await page.getByLabel('Email').fill('dora@example.org');
	await page.getByLabel(/full name/i).fill('Dora Explorer');
	await page.getByLabel('Password', {exact: true}).fill(H.PASSWORD);
	await page.getByRole('button', {name: 'Sign up'}).click();
	await page.locator('#site-header .me', {hasText: 'dora'}).waitFor();
	await H.settled(page);

	// Log out, then back in.
	await page.locator('#logout').click();
	await page.locator('#site-header a[href="/login"]').waitFor();
	await H.login(page, base, 'dora');
	assert.match(await page.locator('#site-header .me').innerText(), /dora/);

	// A new topic: preview, then a reload keeps the draft.
	await page.locator('#site-header a[href="/new-topic"]').click();
	await page.getByRole('heading', {name: 'New topic'}).waitFor();
	const title = 'Which keynote are you most excited about?';
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('Category').selectOption({label: 'Sessions'});
	await page.getByLabel(/^Tags/).fill('keynote, Day One');
	await page.getByLabel('Message').fill('I am looking forward to the **opening keynote** most of all.');
	await page.getByRole('button', {name: 'Preview'}).click();
	assert.equal(await page.locator('.composer-preview strong').innerText(), 'opening keynote');
	await page.getByRole('button', {name: 'Back to writing'}).click();
	await page.waitForTimeout(400); // the draft is saved 300 ms after the last keystroke
	await page.reload({waitUntil: 'domcontentloaded'});
	await H.settled(page);
	assert.equal(await page.getByLabel('Title').inputValue(), title);
	assert.match(await page.getByLabel('Message').inputValue(), /opening keynote/);
	await page.getByRole('button', {name: 'Create topic'}).click();
	await page.waitForURL(/\/t\/[^/]+\/\d+$/);
	await page.getByRole('heading', {level: 1, name: title}).waitFor();
	const tags = await page.locator('.topic-head .tag').allInnerTexts();
	assert.deepEqual(tags.sort(), ['day-one', 'keynote']);

	// Reply to it.
	await page.getByRole('button', {name: 'Reply to this topic'}).click();
	await page.getByLabel('Your reply').fill('Replying to myself: also the closing panel on Friday.');
	await page.locator('#reply-composer').getByRole('button', {name: 'Reply'}).click();
	await page.locator('#post_2 .cooked', {hasText: 'closing panel'}).waitFor();
	// The draft is gone once posted.
	assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('confab.draft.')).length), 0);

	// Edit that reply.
	await page.locator('#post_2').getByRole('button', {name: 'Edit'}).click();
	const editor = page.locator('#post_2 .edit-composer textarea');
	await editor.waitFor();
	assert.match(await editor.inputValue(), /closing panel/);
	await editor.fill('Replying to myself: also the closing panel on Friday afternoon.');
	await page.locator('#post_2').getByRole('button', {name: 'Save'}).click();
	await page.locator('#post_2 .cooked', {hasText: 'Friday afternoon'}).waitFor();

	// Reply again, then delete that reply (asked to confirm inline).
	await page.getByRole('button', {name: 'Reply to this topic'}).click();
	await page.getByLabel('Your reply').fill('A reply that I am going to delete straight away.');
	await page.locator('#reply-composer').getByRole('button', {name: 'Reply'}).click();
	await page.locator('#post_3').waitFor();
	await page.locator('#post_3').getByRole('button', {name: 'Delete'}).click();
	await page.locator('#post_3').getByRole('button', {name: 'Yes, delete'}).click();
	await page.locator('#post_3').waitFor({state: 'detached'});
	assert.equal(await page.locator('.post').count(), 2);

	// Like someone else's post (admin1's welcome topic).
	await H.goto(page, `${base}/t/welcome/${data.welcome.topic_id}`);
	const like = page.locator('#post_1 .btn-like');
	assert.equal(await like.getAttribute('aria-pressed'), 'false');
	await like.click();
	await page.locator('#post_1 .btn-like[aria-pressed="true"]').waitFor();
	assert.equal(await page.locator('#post_1 .like-count').innerText(), '1');
	// It persists: the server counted it.
	await page.reload({waitUntil: 'domcontentloaded'});
	await H.settled(page);
	assert.equal(await page.locator('#post_1 .btn-like').getAttribute('aria-pressed'), 'true');
	// Own posts have no like button.
	await H.goto(page, `${base}/latest`);
	await page.getByRole('link', {name: title}).click();
	await page.getByRole('heading', {level: 1, name: title}).waitFor();
	assert.equal(await page.locator('#post_1 .btn-like').count(), 0);
	await H.screenshot(page, 'desktop-topic-own');

	// Log out: back on the home page, anonymous.
	await page.locator('#logout').click();
	await page.locator('#site-header a[href="/login"]').waitFor();
	await page.waitForURL(`${base}/`);
	await H.settled(page);
	await H.goto(page, `${base}/t/welcome/${data.welcome.topic_id}`);
	assert.equal(await page.locator('#reply-button').count(), 0);
	await page.getByRole('link', {name: 'Log in to reply'}).waitFor();
	assert.deepEqual(errors, []);
	await ctx.close();
});

test('an API error is shown next to the action, in words', async () => {
	const {page, ctx} = await H.newPage(browser, {allowErrors: [(m) => /status of (403|422)/.test(m.text())]});
	await H.goto(page, `${server.url}/login`);
	await page.getByLabel(/username or email/i).fill('alice');
	await page.getByLabel('Password').fill('not the password at all');
	await page.getByRole('button', {name: 'Log in'}).click();
	const msg = page.locator('.auth-form .form-message');
	await msg.filter({hasText: /incorrect/i}).waitFor();
	assert.equal(await msg.getAttribute('role'), 'alert');

	await H.login(page, server.url, 'alice');
	await H.goto(page, `${server.url}/new-topic`);
	await page.getByLabel('Title').fill('Too short');
	await page.getByLabel('Message').fill('Short body');
	await page.getByRole('button', {name: 'Create topic'}).click();
	await page.locator('.composer .form-message', {hasText: /Title is too short/}).waitFor();
	await ctx.close();
});

test('topic lists page with ?page=N links', async () => {
	for (let i = 1; i <= 30; i++)
		await server.api('POST', '/posts.json', {title: `Paging test topic number ${i}`,
		    raw: `Body of paging test topic ${i}, long enough to be accepted.`,
		    category: data.sessions.id}, data.as);
	const {page, errors, ctx} = await H.newPage(browser);
	await H.goto(page, `${server.url}/latest`);
	assert.equal(await page.locator('.topic-list .topic-item').count(), 30);
	assert.equal(await page.locator('.topic-list .title').first().innerText(), 'Paging test topic number 30');
	await page.getByRole('link', {name: 'Older →'}).click();
	await page.waitForURL(/\/latest\?page=1$/);
	await H.settled(page);
	const titles = await page.locator('.topic-list .title').allInnerTexts();
	assert.ok(titles.includes('Welcome to ConfabConf 2030'), titles.join(' | '));
	assert.ok(!titles.includes('Paging test topic number 30'));
	await page.getByRole('link', {name: '← Newer'}).click();
	await page.waitForURL(/\/latest$/);
	await H.settled(page);
	assert.equal(await page.locator('.topic-list .title').first().innerText(), 'Paging test topic number 30');
	// The browser's Back button goes to page 2 again.
	await page.goBack();
	await page.waitForURL(/\?page=1$/);
	await H.settled(page);
	assert.ok((await page.locator('.topic-list .title').allInnerTexts()).includes('Welcome to ConfabConf 2030'));
	assert.deepEqual(errors, []);
	await ctx.close();
});

test('long topics load more posts; a post link opens around that post', async () => {
	const topic = data.welcome.topic_id;
	const bob = server.as('bob');
	for (let i = 1; i <= 25; i++)
		await server.api('POST', '/posts.json', {topic_id: topic, raw: `Numbered reply ${i} in a long topic.`}, bob);
	const {page, errors, ctx} = await H.newPage(browser);
	await H.goto(page, `${server.url}/t/welcome/${topic}`);
	const before = await page.locator('.post').count();
	assert.equal(before, 20);
	await page.getByRole('button', {name: /Show more posts/}).click();
	await page.waitForFunction((n) => document.querySelectorAll('.post').length > n, before, {timeout: 10000});
	const last = await page.locator('.post').last().innerText();
	assert.match(last, /Numbered reply 25/);

	// A link to a post near the end: that post is highlighted, earlier ones load on demand.
	const n = await page.locator('.post').last().getAttribute('data-post-number');
	await H.goto(page, `${server.url}/t/welcome/${topic}/${n}`);
	assert.match(await page.locator(`#post_${n}`).getAttribute('class'), /is-target/);
	assert.equal(await page.locator('#post_1').count(), 0);
	await page.getByRole('button', {name: /earlier post/}).click();
	await page.locator('#post_1').waitFor();
	assert.deepEqual(errors, []);
	await ctx.close();
});
