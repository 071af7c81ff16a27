// A conference session as several pages show it (the schedule, the
// agenda, the recordings, a session's own topic): its times in the
// reader's zone, presenters, language, format and themes, the live room
// and recording links, and the session as a list item.
import { h } from '../dom.js';
import { t, locale } from '../i18n.js';
import { fmtLong, zoneName, dayKey, fmtDayHeading, fmtHourMinute } from '../time.js';

// Only http(s) URLs become links (room and recording URLs are typed by
// staff and importers).
export function safeUrl(u) {
	return typeof u === 'string' && /^https?:\/\/[^\s]+$/i.test(u) ? u : null;
}

function dayDiff(a, b) {
	return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

// A session's times in the reader's zone, the zone named:
// "22:00 – 00:30 +1 day GMT+9"; with withDate, the start's day first
// ("Mon, Oct 5, 22:00 – ...").  Each end is a <time datetime>.
export function sessionTimes(s, {withDate = false} = {}) {
	if (!s.starts_at)
		return h('span', {class: 'session-when is-unscheduled'}, t('schedule.on_demand'));
	const a = new Date(s.starts_at);
	const b = s.ends_at ? new Date(s.ends_at) : null;
	const ka = dayKey(a);
	const days = b ? dayDiff(ka, dayKey(b)) : 0;
	return h('span', {class: 'session-when', title: b ? `${fmtLong(a)} – ${fmtLong(b)}` : fmtLong(a)},
	    withDate ? h('span', {class: 'when-day'}, fmtDayHeading(ka, 'short'), ', ') : null,
	    h('time', {datetime: s.starts_at, class: 'when-start'}, fmtHourMinute(a)),
	    b ? [' – ', h('time', {datetime: s.ends_at, class: 'when-end'}, fmtHourMinute(b))] : null,
	    days > 0 ? [' ', h('span', {class: 'plus-days'}, t('schedule.plus_days', {count: days}))] : null,
	    ' ', h('span', {class: 'when-zone'}, zoneName(b || a)));
}

export function languageName(code) {
	if (!code)
		return '';
	try {
		const n = new Intl.DisplayNames([locale()], {type: 'language'}).of(code);
		if (n && n !== code)
			return n.charAt(0).toLocaleUpperCase(locale()) + n.slice(1);
	} catch (e) { /* not a language tag Intl knows */ }
	return code;
}

export function formatName(f) {
	return f === 'sync' ? t('schedule.format_sync') :
	    f === 'async' ? t('schedule.format_async') : f || '';
}

// Themes: the server gives both the names (action_areas) and their tags,
// not in the same order; tags are the names slugified.
function slugify(s) {
	return String(s).toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
	    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

const themeNames = new Map();	// tag → name, learnt from every session seen

// Learns the theme names of session s (its action_areas).
export function learnThemes(s) {
	for (const name of s.action_areas || [])
		themeNames.set(slugify(name), name);
}

export function themeName(tag) {
	if (themeNames.has(tag))
		return themeNames.get(tag);
	const s = String(tag).replace(/-/g, ' ');
	return s.charAt(0).toUpperCase() + s.slice(1);
}

export function themeList(s) {
	learnThemes(s);
	const tags = s.tags || [];
	if (!tags.length)
		return null;
	return h('ul', {class: 'themes', 'aria-label': t('schedule.themes')},
	    tags.map((tag) => h('li', null, h('a', {class: 'theme',
	        href: `/schedule?tag=${encodeURIComponent(tag)}`, dir: 'auto'}, themeName(tag)))));
}

export function presenterList(s, {link = false} = {}) {
	const ps = s.presenters || [];
	if (!ps.length)
		return null;
	return h('ul', {class: 'presenters', 'aria-label': t('schedule.presenters')},
	    ps.map((p) => h('li', null,
	        link && p.username ?
	            h('a', {class: 'presenter-name', href: `/u/${encodeURIComponent(p.username)}`, dir: 'auto'}, p.name) :
	            h('span', {class: 'presenter-name', dir: 'auto'}, p.name),
	        p.affiliation ? [' ', h('span', {class: 'affiliation', dir: 'auto'}, p.affiliation)] : null)));
}

export function recordingLink(s, cls, label = t('schedule.recording')) {
	const url = safeUrl(s.recording_url);
	if (!s.has_recording)
		return null;
	return url ? h('a', {class: ['badge', 'badge-recording', cls], href: url,
	    rel: 'nofollow noopener', 'aria-label': t('schedule.recording_of', {title: s.title})},
	    h('span', {'aria-hidden': 'true'}, '▶ '), label) :
	    h('span', {class: ['badge', 'badge-recording', cls]}, label);
}

export function roomLink(url, label) {
	const u = safeUrl(url);
	return u ? h('a', {class: 'btn btn-primary room-link', href: u, rel: 'noopener',
	    target: '_blank'}, label || t('schedule.join_room')) : null;
}

// One session as a list item: title (linking to its topic), presenters,
// language and format, recording mark, themes; opts.time adds the times
// (withDate for lists that are not grouped by day); opts.extra: nodes
// appended (agenda buttons); opts.room: its own room link.
export function sessionItem(s, opts = {}) {
	const level = opts.level || 'h4';
	return h('li', {class: 'session', dataset: {topicId: String(s.topic_id)}},
	    h(level, {class: 'session-title'}, h('a', {href: s.url, dir: 'auto'}, s.title)),
	    opts.time ? h('p', {class: 'session-time'}, sessionTimes(s, {withDate: opts.withDate})) : null,
	    presenterList(s),
	    h('p', {class: 'session-meta'},
	        opts.webinar && s.webinar ? [h('a', {href: `/schedule?webinar=${encodeURIComponent(s.webinar.id)}`,
	            dir: 'auto'}, s.webinar.title), h('span', {class: 'sep', 'aria-hidden': 'true'}, ' · ')] : null,
	        h('span', {class: 'session-lang', lang: s.language || null}, languageName(s.language)),
	        h('span', {class: 'sep', 'aria-hidden': 'true'}, ' · '),
	        h('span', {class: 'session-format'}, formatName(s.format)),
	        s.has_recording && opts.recordingMark !== false ? [' ', recordingLink(s)] : null),
	    themeList(s),
	    opts.room && s.can_see_room ? roomLink(s.room_url) : null,
	    opts.extra || null);
}
