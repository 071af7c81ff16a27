// A category restricted to a group: anonymous visitors and registered
// users who are not members see neither it nor its topics (its URLs give
// the friendly 404); a member sees both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './helpers.js';

let server, data, browser;

before(async () => ({server, data, browser} = await H.start()));

after(() => H.finish({server, browser}));

// The API's 404 for the hidden topic and category is expected here.
const expect404 = (m) => /status of 404/.test(m.text());

async function cannotSee(page, who) {
	await H.goto(page, `${server.url}/categories`);
	const names = await page.locator('.category-list .category-name').allInnerTexts();
	assert.ok(names.some((n) => n.includes('Sessions')), `${who}: Sessions listed`);
	assert.ok(!names.some((n) => n.includes('Speakers lounge')), `${who}: lounge hidden`);
	await H.goto(page, `${server.url}/latest`);
	const titles = await page.locator('.topic-list .title').allInnerTexts();
	assert.ok(titles.includes('Welcome to ConfabConf 2030'), `${who}: public topic listed`);
	assert.ok(!titles.includes('Backstage logistics for speakers'), `${who}: restricted topic hidden`);
	await H.goto(page, `${server.url}/t/backstage/${data.secret.topic_id}`);
	await page.getByRole('heading', {level: 1, name: 'Page not found'}).waitFor();
	await H.goto(page, `${server.url}/c/speakers-lounge/${data.lounge.id}`);
	await page.getByRole('heading', {level: 1, name: 'Page not found'}).waitFor();
	await H.goto(page, `${server.url}/tag/backstage`);
	await page.getByRole('heading', {level: 1, name: 'Page not found'}).waitFor();
}

test('an anonymous visitor does not see a category restricted to a group', async () => {
	const {page, errors, ctx} = await H.newPage(browser, {allowErrors: [expect404]});
	await cannotSee(page, 'anonymous');
	assert.deepEqual(errors, []);
	await ctx.close();
});

test('a registered user outside the group does not see it either', async () => {
	const {page, errors, ctx} = await H.newPage(browser, {allowErrors: [expect404]});
	await H.login(page, server.url, 'alice');
	await cannotSee(page, 'alice');
	// Nor can she pick it for a new topic.
	await H.goto(page, `${server.url}/new-topic`);
	const options = await page.getByLabel('Category').locator('option').allInnerTexts();
	assert.ok(!options.includes('Speakers lounge'));
	assert.deepEqual(errors, []);
	await ctx.close();
});

test('a member of the group sees the category and its topics', async () => {
	const {page, errors, ctx} = await H.newPage(browser);
	await H.login(page, server.url, 'carol');
	await H.goto(page, `${server.url}/categories`);
	await page.locator('.category-list .category-name', {hasText: 'Speakers lounge'}).waitFor();
	await page.getByRole('link', {name: 'Speakers lounge'}).click();
	await page.getByRole('heading', {level: 1, name: 'Speakers lounge'}).waitFor();
	await H.settled(page);
	assert.deepEqual(await page.locator('.topic-list .title').allInnerTexts(),
	    ['Backstage logistics for speakers']);
	await H.screenshot(page, 'desktop-category-restricted');
	await page.getByRole('link', {name: 'Backstage logistics for speakers'}).click();
	await page.getByRole('heading', {level: 1, name: 'Backstage logistics for speakers'}).waitFor();
	await H.goto(page, `${server.url}/latest`);
	assert.ok((await page.locator('.topic-list .title').allInnerTexts()).includes('Backstage logistics for speakers'));
	await H.goto(page, `${server.url}/new-topic`);
	assert.ok((await page.getByLabel('Category').locator('option').allInnerTexts()).includes('Speakers lounge'));
	assert.deepEqual(errors, []);
	await ctx.close();
});
