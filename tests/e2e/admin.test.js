// The admin area, driven as an admin would: a group with a member, a
// category only that group may see (checked from the members' side and
// from outside), an API key shown once and then revoked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './helpers.js';

let server, browser;

before(async () => {
	server = await H.startServer();
	await H.seed(server);
	browser = await H.launch();
});

after(async () => {
	await browser?.close();
	if (server) {
		const r = await server.stop();
		assert.equal(r.code, 0, `confab exited with ${JSON.stringify(r)}`);
		server.cleanup();
	}
});

test('an admin makes a group and a category for it; only members see it', async () => {
	const admin = await H.newPage(browser);
	const p = admin.page;
	await H.login(p, server.url, 'admin1');

	await p.locator('#site-header a[href="/admin"]').click();
	await p.getByRole('link', {name: 'Groups'}).click();
	await p.getByRole('heading', {name: 'New group'}).waitFor();
	await p.getByLabel('Name', {exact: true}).fill('volunteers');
	await p.getByLabel(/full name/i).fill('Volunteers');
	await p.getByLabel('Add members').last().fill('bob');
	await p.getByRole('button', {name: 'Create group'}).click();
	const group = p.locator('.group-item', {hasText: 'volunteers'});
	await group.waitFor();
	await group.locator('summary').click();
	await group.locator('.member-list', {hasText: 'bob'}).waitFor();
	// Add a second member from the group's panel, then take them out again.
	await group.getByLabel('Add members').fill('carol');
	await group.getByRole('button', {name: 'Add'}).click();
	await group.locator('.member-list', {hasText: 'carol'}).waitFor();
	await group.getByRole('button', {name: 'Remove carol from the group'}).click();
	await group.locator('.member-list', {hasText: 'carol'}).waitFor({state: 'detached'});

	await p.getByRole('link', {name: 'Categories'}).last().click();
	await p.getByRole('button', {name: 'New category'}).click();
	await p.getByLabel('Name', {exact: true}).fill('Volunteers desk');
	await p.getByLabel('Description').fill('Shifts and practical matters');
	// Replace "everyone" by the group.
	await p.locator('.perm-row select[name="perm-group"]').selectOption('volunteers');
	await p.getByRole('button', {name: 'Create category'}).click();
	await p.locator('.admin-list a', {hasText: 'Volunteers desk'}).waitFor();
	await H.screenshot(p, 'desktop-admin-categories');
	// Edit shows what was saved.
	await p.getByRole('button', {name: 'Edit category Volunteers desk'}).click();
	assert.equal(await p.locator('.perm-row select[name="perm-group"]').inputValue(), 'volunteers');
	assert.equal(await p.locator('.perm-row select[name="perm-level"]').inputValue(), '1');
	await p.getByRole('button', {name: 'Cancel'}).click();
	assert.deepEqual(admin.errors, []);

	const bob = await H.newPage(browser);
	await H.login(bob.page, server.url, 'bob');
	await H.goto(bob.page, `${server.url}/categories`);
	await bob.page.locator('.category-name', {hasText: 'Volunteers desk'}).waitFor();

	const alice = await H.newPage(browser);
	await H.login(alice.page, server.url, 'alice');
	await H.goto(alice.page, `${server.url}/categories`);
	assert.ok(!(await alice.page.locator('.category-name').allInnerTexts()).some((n) => n.includes('Volunteers')));
	for (const x of [admin, bob, alice])
		await x.ctx.close();
});

test('an admin creates an API key, sees it once, and revokes it', async () => {
	const {page, errors, ctx} = await H.newPage(browser);
	await H.login(page, server.url, 'admin1');
	await H.goto(page, `${server.url}/admin/api`);
	await page.getByLabel('Description').fill('schedule importer');
	await page.getByLabel('Acts as user').fill('alice');
	await page.getByRole('button', {name: 'Create key'}).click();
	const secret = page.locator('.new-key .secret');
	await secret.waitFor();
	const key = await secret.innerText();
	assert.match(key, /^[0-9a-f]{64}$/);
	// The key works for the API.
	const me = await server.api('GET', '/session/current.json', null, {key, username: 'alice'});
	assert.equal(me.current_user.username, 'alice');
	const item = page.locator('.admin-item', {hasText: 'schedule importer'});
	await item.getByRole('button', {name: /Revoke/}).click();
	// The key goes from the list, or stays marked revoked.
	await page.waitForFunction(() => ![...document.querySelectorAll('.admin-item')].some((li) =>
	    li.textContent.includes('schedule importer') && li.querySelector('button') &&
	    !li.classList.contains('is-revoked')), null, {timeout: 10000});
	await assert.rejects(server.api('GET', '/session/current.json', null, {key, username: 'alice'}));
	assert.deepEqual(errors, []);
	await ctx.close();
});
