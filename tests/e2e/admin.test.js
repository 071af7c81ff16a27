// The admin area, driven as an admin would: a group with a member, a
// category only that group may see (checked from the members' side and
// from outside), an API key shown once and then revoked, the conference
// program checked and imported from a file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as H from './helpers.js';

let server, browser;

before(async () => ({server, browser} = await H.start()));

after(() => H.finish({server, browser}));

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

// Sessions in the schedule, as anyone sees it.
async function scheduledSessions() {
	const res = await fetch(`${server.url}/conference/schedule.json`);
	const s = await res.json();
	return s.unscheduled.length + s.days.reduce((n, d) => n + d.sessions.length, 0);
}

test('an admin checks the program file, imports it, and imports it again to no effect', async () => {
	// The broken file's 422 shows in the console; it is expected.
	const {page, errors, ctx} = await H.newPage(browser, {allowErrors: [(m) =>
	    /status of 422/.test(m.text()) && m.location().url.endsWith('/conference/import.json')]});
	await H.login(page, server.url, 'admin1');
	await H.goto(page, `${server.url}/admin`);
	await page.getByRole('link', {name: 'Program'}).click();
	await page.getByRole('heading', {name: 'Import the program'}).waitFor();

	// Nothing chosen yet: said beside the form, nothing sent.
	await page.getByRole('button', {name: 'Check'}).click();
	await page.locator('.form-message', {hasText: 'Choose a file first.'}).waitFor();
	assert.ok(await page.getByRole('button', {name: 'Import', exact: true}).isDisabled());

	// A broken file: every problem listed, and no import possible.
	const broken = path.join(server.dir, 'broken.csv');
	fs.writeFileSync(broken, 'external_id,webinar,format,title,starts_at,ends_at\n' +
	    'x1,w99,sync,A session in an unknown webinar,2026-10-05T13:00:00Z,2026-10-05T14:00:00Z\n' +
	    'x2,w99,sync,,2026-10-05T13:00:00Z,2026-10-05T12:00:00Z\n');
	await page.getByLabel('Program file').setInputFiles(broken);
	await page.getByRole('button', {name: 'Check'}).click();
	await page.locator('.form-message', {hasText: /refused/}).waitFor();
	assert.ok((await page.locator('.import-errors li').count()) >= 2);
	assert.ok(await page.getByRole('button', {name: 'Import', exact: true}).isDisabled());

	// The sample: checked, then imported.
	await page.getByLabel('Program file').setInputFiles(path.join(H.REPO, 'data/program-sample.json'));
	await page.getByRole('button', {name: 'Check'}).click();
	await page.locator('.import-report', {hasText: 'Ready to import: 23 to create'}).waitFor();
	assert.equal(await scheduledSessions(), 0);
	await page.getByRole('button', {name: 'Import', exact: true}).click();
	await page.locator('.import-report', {hasText: 'Imported: 23 created'}).waitFor();
	await H.screenshot(page, 'desktop-admin-program');
	assert.equal(await scheduledSessions(), 23);

	// The same file again changes nothing.
	await page.getByRole('button', {name: 'Check'}).click();
	await page.locator('.import-report', {hasText: '0 to create, 0 to update, 23 unchanged'}).waitFor();
	assert.deepEqual(errors, []);
	await ctx.close();
});
