// The conference pages (docs/conference.md, docs/frontend.md): the sample
// program imported with the CLI, then the schedule read from Tokyo and
// from Los Angeles (different day groupings, times in each zone, now and
// next), filters in the URL and the iCalendar link; the live room shown to
// a participant and absent (DOM and page HTML) for an anonymous visitor and
// a non-participant, who can register with a code; Q&A (votes, top
// questions, presenter badge, answered mark); staff setting a recording
// URL (the recording post under the first post, the recordings page); the
// agenda and its private feed; phones at 360 px; French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as H from './helpers.js';

let server, browser, admin, ids = {};
const PHONE = {width: 360, height: 740};
const ROOM_HOST = 'meet.example.org';
const VIDEO = 'https://video.example.org/oew/s101-recording';
// A month after the conference, same year: no "now" or "next", and day
// headings without the year, whenever the test runs.
const AFTER = new Date('2026-11-05T12:00:00Z');

before(async () => {
	({server, browser} = await H.start({seed: false}));
	const out = server.cli('import-program', path.join(H.REPO, 'data/program-sample.json'));
	assert.match(out, /23 sessions: 23 created/);
	server.createUser('admin1', {admin: true});
	for (const u of ['alice', 'bob', 'pat', 'quinn'])
		server.createUser(u);
	admin = server.as('admin1');
	// The participants group is created on first use.
	try {
		server.addToGroup('participants', 'alice');
	} catch (e) {
		await server.api('POST', '/admin/groups.json', {group: {name: 'participants'}}, admin);
		server.addToGroup('participants', 'alice');
	}
	const sched = await server.api('GET', '/conference/schedule.json', null, admin);
	for (const s of [...sched.days.flatMap((d) => d.sessions), ...sched.unscheduled])
		ids[s.external_id] = s;
	// pat presents s101.
	await server.api('PUT', `/conference/sessions/${ids.s101.topic_id}.json`, {presenters: [
	    'Amina Okafor (University of Lagos) @pat', 'Lars Nyberg (Uppsala University)']}, admin);
});

after(() => H.finish({server, browser}));

const topicPath = (ext) => ids[ext].url;

async function noScroll(page, what) {
	const {scrollWidth, clientWidth} = await H.noHorizontalScroll(page);
	assert.ok(scrollWidth <= clientWidth, `${what}: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`);
}

// Day headings and the number of sessions under each, as shown.
async function dayGroups(page) {
	return page.locator('.schedule .day:not(.day-unscheduled)').evaluateAll((days) => days.map((d) => [
	    d.querySelector('h2').firstChild.textContent, d.querySelectorAll('.session').length]));
}

// The times shown for a session, and their datetime attributes.
async function shownTimes(page, ext) {
	const li = page.locator(`.session[data-topic-id="${ids[ext].topic_id}"]`).first();
	const slot = li.locator('xpath=ancestor::section[contains(@class,"slot")]');
	const when = slot.locator('.slot-time .session-when');
	return {text: (await when.innerText()).replace(/\s+/g, ' ').trim(),
	    datetimes: await when.locator('time').evaluateAll((ts) => ts.map((x) => x.getAttribute('datetime')))};
}

test('the schedule from Tokyo and from Los Angeles: days, times, now and next', async () => {
	const tokyo = await H.newPage(browser, {timezoneId: 'Asia/Tokyo'});
	// The middle of webinar 3 (14:00–16:30 UTC on Oct 6): it is now, webinar 4 next.
	await tokyo.page.clock.setFixedTime(new Date('2026-10-06T14:30:00Z'));
	await H.goto(tokyo.page, `${server.url}/schedule`);
	await tokyo.page.getByRole('heading', {level: 1, name: 'Schedule'}).waitFor();
	assert.deepEqual(await dayGroups(tokyo.page), [['Monday, October 5', 4], ['Tuesday, October 6', 7],
	    ['Wednesday, October 7', 7], ['Friday, October 9', 1]]);
	assert.equal(await tokyo.page.locator('.day-unscheduled .session').count(), 4);
	assert.match(await tokyo.page.locator('.result-count').innerText(), /^23 sessions$/);
	// Webinar 1, 13:00–15:30 UTC: 22:00 – 00:30 the next day in Tokyo.
	assert.deepEqual(await shownTimes(tokyo.page, 's101'), {text: '22:00 – 00:30 (+1 day) GMT+9',
	    datetimes: ['2026-10-05T13:00:00.000Z', '2026-10-05T15:30:00.000Z']});
	assert.equal((await shownTimes(tokyo.page, 's119')).text, '03:00 – 04:30 GMT+9');
	const now = tokyo.page.locator('.slot.is-now');
	assert.equal(await now.count(), 1);
	assert.match(await now.locator('.slot-title').innerText(), /Webinar 3/);
	assert.match(await now.locator('.badge-now').innerText(), /Now/);
	assert.match(await tokyo.page.locator('.slot.is-next .slot-title').innerText(), /Webinar 4/);
	assert.match(await tokyo.page.locator('.jump').innerText(), /Happening now[\s\S]*Next, at 12:00/);
	// Each session links to its topic.
	const link = tokyo.page.locator(`.session[data-topic-id="${ids.s101.topic_id}"] .session-title a`);
	assert.equal(await link.getAttribute('href'), ids.s101.url);
	await H.screenshot(tokyo.page, 'desktop-schedule-tokyo');
	assert.deepEqual(tokyo.errors, []);
	await tokyo.ctx.close();

	const la = await H.newPage(browser, {timezoneId: 'America/Los_Angeles'});
	await la.page.clock.setFixedTime(AFTER);
	await H.goto(la.page, `${server.url}/schedule`);
	assert.deepEqual(await dayGroups(la.page), [['Monday, October 5', 7], ['Tuesday, October 6', 7],
	    ['Wednesday, October 7', 4], ['Thursday, October 8', 1]]);
	assert.equal(await la.page.locator('.day-unscheduled .session').count(), 4);
	assert.equal((await shownTimes(la.page, 's101')).text, '06:00 – 08:30 PDT');
	assert.equal((await shownTimes(la.page, 's105')).text, '15:00 – 17:30 PDT');
	assert.equal((await shownTimes(la.page, 's112')).text, '20:00 – 22:00 PDT');
	// Past the end of the conference: no now, no next.
	assert.equal(await la.page.locator('.slot.is-now, .slot.is-next, .jump').count(), 0);
	assert.deepEqual(la.errors, []);
	await la.ctx.close();
});

test('filters live in the URL; the calendar link carries them', async () => {
	const {page, errors, ctx} = await H.newPage(browser, {timezoneId: 'Europe/Paris'});
	// Session first posts link to /schedule?webinar=...: follow one.
	await H.goto(page, server.url + topicPath('s102'));
	await page.locator('#post_1 a[href="/schedule?webinar=w01"]').click();
	await page.waitForURL(/\/schedule\?webinar=w01$/);
	await H.settled(page);
	assert.equal(await page.locator('.schedule .session').count(), 4);
	assert.equal(await page.locator('.filters [name=webinar]').inputValue(), 'w01');
	const ics = page.locator('.calendar-link a');
	assert.equal(await ics.getAttribute('href'), '/conference/schedule.ics?webinar=w01');
	const cal = await page.request.get(server.url + await ics.getAttribute('href'));
	assert.match(cal.headers()['content-type'], /^text\/calendar/);
	assert.equal(((await cal.text()).match(/BEGIN:VEVENT/g) || []).length, 4);

	// The form: French-language sessions, any webinar.
	await page.locator('.filters [name=webinar]').selectOption('');
	await page.locator('.filters [name=language]').selectOption('fr');
	await page.getByRole('button', {name: 'Show sessions'}).click();
	await page.waitForURL(/\/schedule\?language=fr$/);
	await H.settled(page);
	assert.equal(await page.locator('.schedule .session').count(), 5);
	assert.deepEqual(new Set(await page.locator('.session-lang').allInnerTexts()), new Set(['French']));
	assert.equal(await page.locator('.calendar-link a').getAttribute('href'), '/conference/schedule.ics?language=fr');
	// A theme, by its link on a session.
	await page.locator('.theme', {hasText: 'Facilitating international cooperation'}).first().click();
	await page.waitForURL(/\/schedule\?tag=facilitating-international-cooperation$/);
	await H.settled(page);
	assert.equal(await page.locator('.filters [name=tag]').inputValue(), 'facilitating-international-cooperation');
	assert.ok(await page.locator('.schedule .session').count() >= 1);
	await page.getByRole('link', {name: 'Clear filters'}).click();
	await page.waitForURL(/\/schedule$/);
	await H.settled(page);
	assert.equal(await page.locator('.schedule .session').count(), 23);
	assert.deepEqual(errors, []);
	await ctx.close();
});

test('the live room: shown to a participant, absent for anonymous and non-participants', async () => {
	const t101 = topicPath('s101');
	// Raw page HTML (what crawlers and previews get) never holds it.
	for (const p of ['/schedule', '/recordings', t101]) {
		const html = await (await fetch(server.url + p)).text();
		assert.ok(!html.includes(ROOM_HOST), `${p} HTML holds the room`);
	}

	const anon = await H.newPage(browser, {viewport: PHONE});
	for (const p of ['/schedule', t101]) {
		await H.goto(anon.page, server.url + p);
		assert.equal(await anon.page.locator('.room-link').count(), 0);
		assert.ok(!(await anon.page.content()).includes(ROOM_HOST), `${p} DOM holds the room (anonymous)`);
	}
	await anon.page.locator('.session-box').waitFor();
	assert.match(await anon.page.locator('.room').innerText(), /has a live room, open to registered participants/);
	assert.equal(await anon.page.getByRole('link', {name: 'Log in to register with a code'}).count(), 1);
	const ics = await anon.page.locator('.session-actions a[type="text/calendar"]').getAttribute('href');
	assert.equal(ics, `/t/${ids.s101.topic_id}.ics`);
	const cal = await anon.page.request.get(server.url + ics);
	assert.match(cal.headers()['content-type'], /^text\/calendar/);
	assert.match(await cal.text(), /DTSTART:20261005T130000Z/);
	await noScroll(anon.page, 'session topic, anonymous');
	await H.screenshot(anon.page, 'mobile-session-anonymous');
	assert.deepEqual(anon.errors, []);
	await anon.ctx.close();

	const alice = await H.newPage(browser, {viewport: PHONE, timezoneId: 'Europe/Paris'});
	await H.login(alice.page, server.url, 'alice');
	await H.goto(alice.page, `${server.url}/schedule`);
	const rooms = alice.page.locator('.slot-head .room-link');
	assert.equal(await rooms.count(), 6);
	assert.equal(await rooms.first().getAttribute('href'), `https://${ROOM_HOST}/w01`);
	await noScroll(alice.page, 'schedule, participant');
	await H.screenshot(alice.page, 'mobile-schedule-participant');
	await H.goto(alice.page, server.url + t101);
	assert.equal(await alice.page.locator('.session-box .room-link').getAttribute('href'), `https://${ROOM_HOST}/w01`);
	assert.equal(await alice.page.locator('#reg-code').count(), 0);
	await noScroll(alice.page, 'session topic, participant');
	await H.screenshot(alice.page, 'mobile-session-participant');
	assert.deepEqual(alice.errors, []);
	await alice.ctx.close();

	// bob is logged in but not registered; a code makes him a participant.
	const bob = await H.newPage(browser);
	await H.login(bob.page, server.url, 'bob');
	for (const p of ['/schedule', t101]) {
		const html = await (await bob.page.request.get(server.url + p)).text();
		assert.ok(!html.includes(ROOM_HOST), `${p} HTML holds the room (bob)`);
		await H.goto(bob.page, server.url + p);
		assert.equal(await bob.page.locator('.room-link').count(), 0);
		assert.ok(!(await bob.page.content()).includes(ROOM_HOST), `${p} DOM holds the room (bob)`);
	}
	await server.api('POST', '/conference/registration_codes', {code: 'OEW-E2E-2026', max_uses: 5}, admin);
	await bob.page.getByLabel('Registration code').fill('not-a-code');
	await bob.page.getByRole('button', {name: 'Register', exact: true}).click();
	await bob.page.locator('.reg-form .form-message.is-error').waitFor();
	assert.match(await bob.page.locator('.reg-form .form-message').innerText(), /not valid/);
	await bob.page.getByLabel('Registration code').fill('oew-e2e-2026');
	await bob.page.getByRole('button', {name: 'Register', exact: true}).click();
	await bob.page.locator('.session-box .room-link').waitFor();
	assert.equal(await bob.page.locator('.session-box .room-link').getAttribute('href'), `https://${ROOM_HOST}/w01`);
	assert.deepEqual(bob.errors.filter((e) => !/status of 422/.test(e)), []);
	await bob.ctx.close();
});

test('Q&A: votes, top questions, the presenter badge and the answered mark', async () => {
	const tid = ids.s101.topic_id;
	const q1 = await server.api('POST', '/posts.json', {topic_id: tid,
	    raw: 'How long did the consultation with faculty take?'}, server.as('alice'));
	const q2 = await server.api('POST', '/posts.json', {topic_id: tid,
	    raw: 'Which licence did you choose for course materials, and why?'}, server.as('alice'));
	const answer = await server.api('POST', '/posts.json', {topic_id: tid, reply_to_post_number: q2.post_number,
	    raw: 'CC BY 4.0, after a long discussion with the library.'}, server.as('pat'));

	// quinn votes for the second question.
	const quinn = await H.newPage(browser, {viewport: PHONE});
	await H.login(quinn.page, server.url, 'quinn');
	await H.goto(quinn.page, server.url + topicPath('s101'));
	const vote = quinn.page.locator(`#post_${q2.post_number} .btn-vote`);
	assert.equal(await vote.getAttribute('aria-pressed'), 'false');
	assert.equal(await vote.innerText(), '▲\n0');
	await vote.click();
	await quinn.page.locator(`#post_${q2.post_number} .btn-vote[aria-pressed="true"]`).waitFor();
	assert.match(await vote.innerText(), /1$/);
	// Your own question: no vote button.
	assert.equal(await quinn.page.locator('#post_1 .btn-vote').count(), 0);
	assert.equal(await quinn.page.locator(`#post_${answer.post_number} .post-badges`).textContent(), 'Presenter');
	// Top questions: the voted one first after the first post.
	await quinn.page.getByRole('link', {name: 'Top questions'}).click();
	await quinn.page.waitForURL(/\?order=votes$/);
	await H.settled(quinn.page);
	const order = await quinn.page.locator('.post').evaluateAll((ps) => ps.map((p) => Number(p.dataset.postNumber)));
	assert.deepEqual(order.slice(0, 2), [1, q2.post_number]);
	assert.equal(await quinn.page.locator('.qa-bar a[aria-current="page"]').innerText(), 'Top questions');
	await noScroll(quinn.page, 'session topic, top questions');
	await H.screenshot(quinn.page, 'mobile-session-qa');
	// The vote is stored.
	await quinn.page.getByRole('link', {name: 'In order'}).click();
	await quinn.page.waitForURL((u) => !u.search);
	await H.settled(quinn.page);
	assert.equal(await quinn.page.locator(`#post_${q2.post_number} .btn-vote`).getAttribute('aria-pressed'), 'true');
	assert.equal(await quinn.page.locator('.btn-accept').count(), 0);
	assert.deepEqual(quinn.errors, []);
	await quinn.ctx.close();

	// pat, a presenter of the session, marks it answered.
	const pat = await H.newPage(browser);
	await H.login(pat.page, server.url, 'pat');
	await H.goto(pat.page, server.url + topicPath('s101'));
	const accept = pat.page.locator(`#post_${q2.post_number} .btn-accept`);
	assert.equal(await accept.innerText(), 'Mark answered');
	await accept.click();
	await pat.page.locator(`#post_${q2.post_number}.is-answered .badge-answered`).waitFor();
	assert.equal(await accept.innerText(), 'Mark not answered');
	assert.equal(await pat.page.locator(`#post_${q1.post_number} .badge-answered`).count(), 0);
	await H.screenshot(pat.page, 'desktop-session-presenter');
	assert.deepEqual(pat.errors, []);
	await pat.ctx.close();
	const check = await server.api('GET', `/t/${tid}.json`, null, admin);
	const p2 = check.post_stream.posts.find((p) => p.id === q2.id);
	assert.equal(p2.accepted_answer, true);
	assert.equal(p2.vote_count, 1);
});

test('staff set a recording URL: the recording post, the recordings page', async () => {
	const {page, errors, ctx} = await H.newPage(browser);
	await H.login(page, server.url, 'admin1');
	await H.goto(page, server.url + topicPath('s101'));
	await page.locator('.session-staff summary').click();
	await page.getByLabel('Recording link').fill(VIDEO);
	await page.locator('.recording-form').getByRole('button', {name: 'Save'}).click();
	await page.locator('.post.is-recording').waitFor();
	// Directly under the first post, whatever its number.
	const classes = await page.locator('.post-list > .post').evaluateAll((ps) => ps.slice(0, 2).map((p) => p.className));
	assert.doesNotMatch(classes[0], /is-recording/);
	assert.match(classes[1], /is-recording/);
	assert.equal(await page.locator(`.post.is-recording .cooked a[href="${VIDEO}"]`).count(), 1);
	assert.equal(await page.locator('.session-box .btn-watch').getAttribute('href'), VIDEO);
	await H.screenshot(page, 'desktop-session-staff');
	assert.deepEqual(errors, []);
	await ctx.close();

	const anon = await H.newPage(browser, {viewport: PHONE});
	await H.goto(anon.page, `${server.url}/recordings`);
	const item = anon.page.locator(`.recordings .session[data-topic-id="${ids.s101.topic_id}"]`);
	assert.equal(await item.locator('.btn-watch').getAttribute('href'), VIDEO);
	assert.equal(await item.locator('.session-title a').getAttribute('href'), ids.s101.url);
	assert.equal(await anon.page.locator('.recordings .session').count(), 1);
	await noScroll(anon.page, 'recordings');
	await H.screenshot(anon.page, 'mobile-recordings');
	await H.goto(anon.page, `${server.url}/schedule?webinar=w01`);
	assert.equal(await anon.page.locator(`.session[data-topic-id="${ids.s101.topic_id}"] .badge-recording`).count(), 1);
	assert.equal(await anon.page.locator('.badge-recording').count(), 1);
	await noScroll(anon.page, 'schedule');
	await H.screenshot(anon.page, 'mobile-schedule');
	assert.deepEqual(anon.errors, []);
	await anon.ctx.close();
});

test('the agenda: add from the session, the private feed, remove', async () => {
	const {page, errors, ctx} = await H.newPage(browser, {viewport: PHONE, timezoneId: 'Asia/Tokyo'});
	await H.login(page, server.url, 'alice');
	assert.equal(await page.locator('.site-nav a[href="/agenda"]').count(), 1);
	await H.goto(page, server.url + topicPath('s105'));
	await page.getByRole('button', {name: 'Add to my agenda'}).click();
	await page.getByRole('button', {name: 'Remove from my agenda'}).waitFor();
	await page.locator('.site-nav a[href="/agenda"]').click();
	await page.waitForURL(/\/agenda$/);
	await H.settled(page);
	await page.getByRole('heading', {level: 1, name: 'My agenda'}).waitFor();
	assert.equal(await page.locator('.agenda .session').count(), 1);
	assert.match(await page.locator('.agenda .day-title').innerText(), /^Tuesday, October 6(, 2026)?$/);
	assert.match(await page.locator('.agenda .session-when').innerText(), /07:00 – 09:30 GMT\+9/);
	await page.getByRole('button', {name: 'Create my calendar link'}).click();
	const url = await page.locator('#feed-url').inputValue();
	assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/conference\/agenda\.ics\?token=[\w-]{20,}$/);
	const feed = await (await fetch(url)).text();
	assert.match(feed, /BEGIN:VCALENDAR/);
	assert.equal((feed.match(/BEGIN:VEVENT/g) || []).length, 1);
	await noScroll(page, 'agenda');
	await H.screenshot(page, 'mobile-agenda');
	await page.getByRole('button', {name: 'Turn the link off'}).click();
	await page.getByText('You have no calendar link yet.').waitFor();
	assert.equal((await fetch(url)).status >= 400, true);
	await page.getByRole('button', {name: /^Remove “/}).click();
	await page.getByText('Your agenda is empty.', {exact: false}).waitFor();
	const left = await server.api('GET', '/conference/agenda.json', null, server.as('alice'));
	assert.equal(left.sessions.length, 0);
	assert.deepEqual(errors, []);
	await ctx.close();

	// Anonymous: no Agenda link; the page asks to log in.
	const anon = await H.newPage(browser);
	await H.goto(anon.page, `${server.url}/agenda`);
	assert.equal(await anon.page.locator('.site-nav a[href="/agenda"]').count(), 0);
	assert.equal(await anon.page.locator('.site-nav a[href="/schedule"]').count(), 1);
	await anon.page.getByRole('link', {name: 'Log in', exact: true}).first().waitFor();
	assert.deepEqual(anon.errors, []);
	await anon.ctx.close();
});

test('French: the schedule in French at 360 px', async () => {
	const {page, errors, ctx} = await H.newPage(browser, {locale: 'fr-FR', timezoneId: 'Europe/Paris',
	    viewport: PHONE});
	await page.clock.setFixedTime(AFTER);
	await H.goto(page, `${server.url}/schedule`);
	await page.getByRole('heading', {level: 1, name: 'Programme'}).waitFor();
	assert.equal(await page.locator('.site-nav a[href="/schedule"]').innerText(), 'Programme');
	assert.equal(await page.locator('.site-nav a[href="/recordings"]').innerText(), 'Enregistrements');
	assert.equal((await dayGroups(page))[0][0], 'lundi 5 octobre');
	// Filters are folded on a phone.
	assert.equal(await page.locator('.filters-box').evaluate((d) => d.open), false);
	await page.locator('.filters-box summary', {hasText: 'Filtrer les sessions'}).click();
	assert.deepEqual(await page.locator('.filters label').allInnerTexts(),
	    ['Jour', 'Webinaire', 'Langue', 'Thème', 'Format']);
	assert.equal(await page.getByRole('button', {name: 'Afficher les sessions'}).count(), 1);
	assert.match(await page.locator('.result-count').innerText(), /^23 sessions$/);
	assert.equal((await shownTimes(page, 's101')).text, '15:00 – 17:30 UTC+2');
	assert.match(await page.locator('.day-unscheduled h2').innerText(), /En différé/);
	await noScroll(page, 'schedule, French');
	await H.screenshot(page, 'mobile-schedule-fr');
	assert.deepEqual(errors, []);
	await ctx.close();
});
