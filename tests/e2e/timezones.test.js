// One post with [date-range from=2030-09-30T14:00:00 to=2030-09-30T16:30:00
// timezone="UTC"], read from Tokyo and from Los Angeles: each reader sees
// their own local times with the zone named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './helpers.js';

let server, data, browser;

before(async () => ({server, data, browser} = await H.start()));

after(() => H.finish({server, browser}));

async function rangeText(opts, name) {
	const {page, errors, ctx} = await H.newPage(browser, opts);
	await H.goto(page, `${server.url}/t/welcome/${data.welcome.topic_id}`);
	const range = page.locator('#post_1 .local-date-range');
	await range.locator('time').first().waitFor();
	const text = (await range.innerText()).replace(/\s+/g, ' ');
	const datetimes = await range.locator('time').evaluateAll((ts) => ts.map((x) => x.getAttribute('datetime')));
	const title = await range.getAttribute('title');
	await H.screenshot(page, name);
	assert.deepEqual(errors, []);
	await ctx.close();
	return {text, datetimes, title};
}

test('Tokyo reads 23:00 – 01:30 the next day, GMT+9', async () => {
	const r = await rangeText({timezoneId: 'Asia/Tokyo'}, 'tz-tokyo');
	assert.match(r.text, /Sep 30, 2030, 23:00 GMT\+9 – Oct 1, 2030, 01:30 GMT\+9/);
	assert.deepEqual(r.datetimes, ['2030-09-30T14:00:00Z', '2030-09-30T16:30:00Z']);
	assert.match(r.title, /Asia\/Tokyo/);
});

test('Los Angeles reads 07:00 – 09:30 PDT', async () => {
	const r = await rangeText({timezoneId: 'America/Los_Angeles'}, 'tz-los-angeles');
	assert.match(r.text, /Sep 30, 2030, 07:00 – 09:30 PDT/);
	assert.match(r.title, /Pacific Daylight Time/);
});

test('Paris reads 16:00 – 18:30 CEST, in French too', async () => {
	const en = await rangeText({timezoneId: 'Europe/Paris'}, 'tz-paris');
	assert.match(en.text, /16:00 – 18:30 CEST/);
	const fr = await rangeText({timezoneId: 'Europe/Paris', locale: 'fr-FR'}, 'tz-paris-fr');
	assert.match(fr.text, /30 sept\. 2030,? 16:00 – 18:30 UTC\+2/);
});

test('relative times move on while the page stays open', async () => {
	const {page, errors, ctx} = await H.newPage(browser);
	await page.clock.install({time: new Date()});
	await H.goto(page, `${server.url}/t/welcome/${data.welcome.topic_id}`);
	const when = page.locator('#post_1 time.rel-time').first();
	assert.equal(await when.innerText(), 'now');
	await page.clock.fastForward('05:00');
	await page.waitForFunction(() => document.querySelector('#post_1 time.rel-time').textContent === '5 min');
	await page.clock.fastForward(60 * 60 * 1000);
	await page.waitForFunction(() => document.querySelector('#post_1 time.rel-time').textContent === '1 h');
	assert.deepEqual(errors, []);
	await ctx.close();
});
