// Times.  The API sends UTC ISO 8601; the reader sees them in their own
// time zone and language, with the zone named ("Sep 30, 16:00 – 18:30
// CEST").  Hours are always 24-hour (h23): a conference schedule read
// across time zones is clearer without AM/PM.  Relative times ("3 h") for
// activity, with the full date in the title.
import { locale, language, t } from './i18n.js';
import { h } from './dom.js';

export function readerZone() {
	return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function sameYear(a, b) {
	return a.getFullYear() === b.getFullYear();
}

function opts(d, extra) {
	const o = {month: 'short', day: 'numeric', hour: '2-digit',
	    minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short', ...extra};
	if (!sameYear(d, new Date()))
		o.year = 'numeric';
	return o;
}

const OFFSET_NAME = /^(GMT|UTC)([+\-\u2212]|$)/;

// The zone's short name for d.  Where the reader's locale only knows an
// offset ("GMT+2") but British English has a common abbreviation
// ("CEST"), English readers get the abbreviation.
export function zoneName(d) {
	const get = (loc) => (new Intl.DateTimeFormat(loc, {hour: 'numeric',
	    timeZoneName: 'short'}).formatToParts(d).find((p) =>
	    p.type === 'timeZoneName') || {}).value;
	const mine = get(locale());
	if (mine && OFFSET_NAME.test(mine) && language() === 'en') {
		const gb = get('en-GB');
		if (gb && !OFFSET_NAME.test(gb))
			return gb;
	}
	return mine || readerZone();
}

// Replaces the zone names in formatToParts/formatRangeToParts output; a
// range's end may be in another offset (across a DST change).
function withZone(parts, a, b = a) {
	const na = zoneName(a), nb = zoneName(b);
	return parts.map((p) => {
		const name = p.source === 'endRange' ? nb : na;
		return p.type === 'timeZoneName' && name ? {...p, value: name} : p;
	});
}

// "Sep 30, 16:00 CEST" (with the year when it is not this year).
export function fmtDateTime(d) {
	d = new Date(d);
	return withZone(new Intl.DateTimeFormat(locale(), opts(d)).formatToParts(d), d)
	    .map((p) => p.value).join('');
}

// For tooltips: "Monday, September 30, 2030 at 16:00 Central European
// Summer Time (Europe/Paris)".
export function fmtLong(d) {
	d = new Date(d);
	const f = new Intl.DateTimeFormat(locale(), {weekday: 'long',
	    year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit',
	    minute: '2-digit', hourCycle: 'h23', timeZoneName: 'long'});
	return `${f.format(d)} (${readerZone()})`;
}

// A calendar date with no time: the same day everywhere.
function fmtDay(iso) {
	const d = new Date(`${iso}T00:00:00Z`);
	return new Intl.DateTimeFormat(locale(), {dateStyle: 'medium',
	    timeZone: 'UTC'}).format(d);
}

export function fmtDate(d) {
	d = new Date(d);
	const o = {month: 'short', day: 'numeric'};
	if (!sameYear(d, new Date()))
		o.year = 'numeric';
	return new Intl.DateTimeFormat(locale(), o).format(d);
}

// "now", "5 min", "3 h", "2 d", then the date.
export function fmtRelative(d, now = Date.now()) {
	const s = Math.round((now - new Date(d).getTime()) / 1000);
	if (s < 60)
		return t('time.now');
	if (s < 3600)
		return t('time.minutes', {count: Math.floor(s / 60)});
	if (s < 86400)
		return t('time.hours', {count: Math.floor(s / 3600)});
	if (s < 30 * 86400)
		return t('time.days', {count: Math.floor(s / 86400)});
	return fmtDate(d);
}

// <time datetime="..." title="full date">3 h</time>; mode 'relative'
// (default), 'datetime' or 'date'.
export function timeEl(iso, mode = 'relative') {
	if (!iso)
		return null;
	const text = mode === 'date' ? fmtDate(iso) :
	    mode === 'datetime' ? fmtDateTime(iso) : fmtRelative(iso);
	return h('time', {datetime: iso, title: fmtLong(iso), class: 'rel-time',
	    dataset: mode === 'relative' ? {relative: '1'} : null}, text);
}

// Brings every relative time on the page up to date ("now" becomes
// "5 min" while the page stays open); app.js runs it every minute.
export function refreshRelativeTimes(root = document) {
	const now = Date.now();
	for (const el of root.querySelectorAll('time.rel-time[data-relative]'))
		el.textContent = fmtRelative(el.getAttribute('datetime'), now);
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

// Builds the range out of formatRangeToParts so that each end stays in
// its own <time>: "Sep 30, <time>16:00</time> – <time>18:30</time> CEST".
function rangeNodes(a, b, isoA, isoB) {
	const fmt = new Intl.DateTimeFormat(locale(), opts(a));
	const parts = withZone(fmt.formatRangeToParts(a, b), a, b);
	const out = [];
	let cur = null;
	for (const p of parts) {
		if (p.source === 'shared') {
			cur = null;
			out.push(document.createTextNode(p.value));
			continue;
		}
		if (!cur || cur.dataset.end !== p.source) {
			cur = h('time', {class: 'local-date',
			    datetime: p.source === 'startRange' ? isoA : isoB,
			    dataset: {end: p.source}});
			out.push(cur);
		}
		cur.append(p.value);
	}
	if (!out.some((n) => n.nodeName === 'TIME'))
		return [h('time', {class: 'local-date', datetime: isoA},
		    parts.map((p) => p.value).join(''))];
	return out;
}

// Rewrites cooked local dates in place: <time class="local-date"
// datetime="...Z"> and <span class="local-date-range"> holding two.
export function renderLocalDates(root) {
	for (const span of root.querySelectorAll('span.local-date-range:not([data-local])')) {
		const times = span.querySelectorAll('time[datetime]');
		if (times.length !== 2)
			continue;
		const isoA = times[0].getAttribute('datetime');
		const isoB = times[1].getAttribute('datetime');
		span.dataset.local = '1';
		if (DAY_ONLY.test(isoA) && DAY_ONLY.test(isoB)) {
			times[0].textContent = fmtDay(isoA);
			times[1].textContent = fmtDay(isoB);
			continue;
		}
		const a = new Date(isoA), b = new Date(isoB);
		if (isNaN(a) || isNaN(b))
			continue;
		span.replaceChildren(...rangeNodes(a, b, isoA, isoB));
		span.title = `${fmtLong(a)} – ${fmtLong(b)}`;
	}
	for (const el of root.querySelectorAll('time.local-date[datetime]:not([data-local])')) {
		el.dataset.local = '1';
		if (el.closest('span.local-date-range'))
			continue;
		const iso = el.getAttribute('datetime');
		if (DAY_ONLY.test(iso)) {
			el.textContent = fmtDay(iso);
			continue;
		}
		const d = new Date(iso);
		if (isNaN(d))
			continue;
		el.textContent = fmtDateTime(d);
		el.title = fmtLong(d);
	}
}

// "16:00": d's hour and minute in the reader's zone, 24-hour.
export function fmtHourMinute(d) {
	return new Intl.DateTimeFormat(locale(), {hour: '2-digit', minute: '2-digit',
	    hourCycle: 'h23'}).format(d);
}

// "2026-10-05": d's calendar date in the reader's zone.
export function dayKey(d) {
	const parts = new Intl.DateTimeFormat('en-US', {year: 'numeric', month: '2-digit',
	    day: '2-digit'}).formatToParts(new Date(d));
	const get = (type) => parts.find((p) => p.type === type).value;
	return `${get('year')}-${get('month')}-${get('day')}`;
}

// "Monday, October 5" for a calendar date ("2026-10-05"), the same
// everywhere; the year when it is not this year.
export function fmtDayHeading(date, style = 'long') {
	const d = new Date(`${date}T12:00:00Z`);
	const o = style === 'long' ? {weekday: 'long', month: 'long', day: 'numeric'} :
	    {weekday: 'short', month: 'short', day: 'numeric'};
	if (d.getUTCFullYear() !== new Date().getFullYear())
		o.year = 'numeric';
	return new Intl.DateTimeFormat(locale(), {...o, timeZone: 'UTC'}).format(d);
}
