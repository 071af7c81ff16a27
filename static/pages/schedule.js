// /schedule: the conference program, grouped by day in the reader's time
// zone (the server groups: GET /conference/schedule.json?tz=...), then by
// time slot (a webinar's sessions share one time and one live room).
// Filters by day, webinar, language, theme and format live in the URL
// (/schedule?webinar=w01, which session first posts link to), as does the
// iCalendar link.  "Now" and "Next" mark the slot running and the one
// after.  The live room link appears only where the server gave room_url
// (participants, presenters, staff).
import { h, field } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { navigate } from '../state.js';
import { heading, emptyNote } from '../ui.js';
import { readerZone, dayKey, fmtDayHeading, fmtHourMinute } from '../time.js';
import { sessionTimes, languageName, formatName, learnThemes, themeName, roomLink,
    sessionItem } from '../components/conference.js';

const FILTERS = ['day', 'webinar', 'language', 'tag', 'format'];

// Sessions in a day, by slot: consecutive sessions of one webinar at one
// time share a heading and a room link.
function slots(sessions) {
	const out = [];
	for (const s of sessions) {
		const key = `${s.webinar ? s.webinar.id : ''}|${s.starts_at}|${s.ends_at}`;
		const last = out[out.length - 1];
		if (last && last.key === key)
			last.sessions.push(s);
		else
			out.push({key, sessions: [s], start: Date.parse(s.starts_at),
			    end: s.ends_at ? Date.parse(s.ends_at) : Date.parse(s.starts_at)});
	}
	return out;
}

function slotId(slot) {
	const s = slot.sessions[0];
	return `slot-${s.webinar ? s.webinar.id.replace(/[^\w-]/g, '') : 't'}-${slot.start / 1000}`;
}

function slotEl(slot, mark) {
	const first = slot.sessions[0];
	const rooms = new Set(slot.sessions.map((s) => s.room_url || ''));
	const shared = rooms.size === 1 && first.can_see_room ? first.room_url : null;
	const title = first.webinar ? h('h3', {class: 'slot-title', dir: 'auto'},
	    h('a', {href: `/schedule?webinar=${encodeURIComponent(first.webinar.id)}`}, first.webinar.title)) : null;
	return h('section', {class: ['slot', mark && `is-${mark}`], id: slotId(slot),
	    'aria-label': first.webinar ? first.webinar.title : null},
	    h('div', {class: 'slot-head'},
	        h('p', {class: 'slot-time'},
	            mark ? h('span', {class: ['badge', `badge-${mark}`]},
	                mark === 'now' ? t('schedule.now') : t('schedule.next')) : null,
	            sessionTimes(first)),
	        title,
	        shared ? roomLink(shared) : null),
	    h('ul', {class: 'session-list'}, slot.sessions.map((s) =>
	        sessionItem(s, {level: first.webinar ? 'h4' : 'h3', room: !shared}))));
}

function filterForm(data, query) {
	const f = data.filters || {};
	const days = new Set((data.days || []).map((d) => d.date));
	for (const w of data.webinars || [])
		if (w.starts_at)
			days.add(dayKey(w.starts_at));
	if (f.day)
		days.add(f.day);
	for (const d of data.days || [])
		for (const s of d.sessions)
			learnThemes(s);
	for (const s of data.unscheduled || [])
		learnThemes(s);
	const sel = (label, name, any, options) => {
		const x = field(label, {type: 'select', name, options: [['', any], ...options],
		    value: query.get(name) || ''});
		x.wrap.classList.add('filter');
		return x.wrap;
	};
	const form = h('form', {class: 'filters', method: 'get', action: '/schedule'},
	    sel(t('schedule.day'), 'day', t('schedule.any_day'),
	        [...days].sort().map((d) => [d, fmtDayHeading(d, 'short')])),
	    sel(t('schedule.webinar'), 'webinar', t('schedule.any_webinar'),
	        (data.webinars || []).map((w) => [w.id, w.title])),
	    sel(t('schedule.language'), 'language', t('schedule.any_language'),
	        (data.languages || []).map((l) => [l, languageName(l)])),
	    sel(t('schedule.theme'), 'tag', t('schedule.any_theme'),
	        (data.tags || []).map((tag) => [tag, themeName(tag)])),
	    sel(t('schedule.format'), 'format', t('schedule.any_format'),
	        [['sync', formatName('sync')], ['async', formatName('async')]]),
	    h('div', {class: 'filter-actions'},
	        h('button', {type: 'submit', class: 'btn btn-primary', id: 'filter-apply'}, t('schedule.apply')),
	        FILTERS.some((k) => query.get(k)) ? h('a', {class: 'btn btn-quiet', href: '/schedule'},
	            t('schedule.clear')) : null));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const q = new URLSearchParams();
		for (const k of FILTERS) {
			const v = form.elements[k].value;
			if (v)
				q.set(k, v);
		}
		const qs = q.toString();
		await navigate(`/schedule${qs ? `?${qs}` : ''}`, {focus: false});
		document.getElementById('filter-apply')?.focus();
	});
	// Folded on phones unless a filter is on, so the program comes first.
	const active = FILTERS.filter((k) => query.get(k)).length;
	return h('details', {class: 'filters-box',
	    open: active > 0 || matchMedia('(min-width: 48rem)').matches},
	    h('summary', null, t('schedule.filters'),
	        active ? h('span', {class: 'chip'}, t('schedule.active', {count: active})) : null),
	    form);
}

// The program's iCalendar feed, with the same filters (and the zone when
// a day is chosen, since days are the zone's).
function calendarLink(query) {
	const q = new URLSearchParams();
	for (const k of FILTERS)
		if (query.get(k))
			q.set(k, query.get(k));
	if (q.has('day'))
		q.set('tz', readerZone());
	const qs = q.toString();
	return h('p', {class: 'calendar-link'},
	    h('a', {href: `/conference/schedule.ics${qs ? `?${qs}` : ''}`, class: 'btn',
	        type: 'text/calendar'},
	        t(qs ? 'schedule.ics_filtered' : 'schedule.ics')),
	    ' ', h('span', {class: 'hint'}, t('schedule.ics_hint')));
}

export async function render(ctx) {
	const query = ctx.query;
	const params = {tz: readerZone()};
	for (const k of FILTERS)
		if (query.get(k))
			params[k] = query.get(k);
	const data = await api.get('/conference/schedule.json', params);
	ctx.setTitle(t('schedule.title'));

	// Now and next, among the slots shown.
	const now = Date.now();
	const daySlots = (data.days || []).map((d) => ({date: d.date, count: d.sessions.length,
	    slots: slots(d.sessions)}));
	const all = daySlots.flatMap((d) => d.slots);
	const nowSlots = all.filter((x) => x.start <= now && now < x.end);
	const nextStart = Math.min(...all.filter((x) => x.start > now).map((x) => x.start));
	const mark = (x) => (nowSlots.includes(x) ? 'now' : x.start === nextStart ? 'next' : null);
	const jump = [];
	if (nowSlots.length)
		jump.push(h('a', {href: `#${slotId(nowSlots[0])}`, class: 'btn btn-small'}, t('schedule.jump_now')));
	const nextSlot = all.find((x) => x.start === nextStart);
	if (nextSlot)
		jump.push(h('a', {href: `#${slotId(nextSlot)}`, class: 'btn btn-small'},
		    t('schedule.jump_next', {time: fmtHourMinute(new Date(nextSlot.start))})));

	const count = (data.days || []).reduce((n, d) => n + d.sessions.length, 0) +
	    (data.unscheduled || []).length;
	const body = [];
	for (const d of daySlots)
		body.push(h('section', {class: 'day', id: `day-${d.date}`, 'aria-labelledby': `day-${d.date}-h`},
		    h('h2', {class: 'day-title', id: `day-${d.date}-h`}, fmtDayHeading(d.date),
		        ' ', h('span', {class: 'day-count'}, t('schedule.sessions', {count: d.count}))),
		    d.slots.map((x) => slotEl(x, mark(x)))));
	if ((data.unscheduled || []).length)
		body.push(h('section', {class: 'day day-unscheduled', id: 'unscheduled', 'aria-labelledby': 'unscheduled-h'},
		    h('h2', {class: 'day-title', id: 'unscheduled-h'}, t('schedule.unscheduled'),
		        ' ', h('span', {class: 'day-count'}, t('schedule.sessions', {count: data.unscheduled.length}))),
		    h('p', {class: 'hint'}, t('schedule.unscheduled_hint')),
		    h('ul', {class: 'session-list'}, data.unscheduled.map((s) =>
		        sessionItem(s, {level: 'h3', webinar: true, room: true})))));

	const conf = data.conference || {};
	ctx.show(h('section', {class: 'schedule'},
	    h('div', {class: 'page-head'}, heading(t('schedule.title')),
	        h('div', {class: 'toolbar'}, h('a', {href: '/recordings', class: 'btn'}, t('nav.recordings')))),
	    conf.name ? h('p', {class: 'conf-name', dir: 'auto'}, conf.name) : null,
	    h('p', {class: 'hint zone-hint'}, t('schedule.zone_hint', {zone: readerZone()})),
	    filterForm(data, query),
	    h('div', {class: 'schedule-bar'},
	        h('p', {class: 'result-count', role: 'status'}, t('schedule.count', {count})),
	        jump.length ? h('nav', {class: 'jump', 'aria-label': t('schedule.jump')}, jump) : null),
	    calendarLink(query),
	    body.length ? body : emptyNote(t('schedule.empty'))));
}
