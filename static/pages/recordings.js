// /recordings: every recorded session the reader may see, by webinar
// (GET /conference/recordings.json), each with a link to the recording
// and to its topic (where the questions and answers are).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { heading, emptyNote } from '../ui.js';
import { sessionItem, sessionTimes, recordingLink } from '../components/conference.js';

// w: the webinar the session is listed under (its times are shown once,
// above; a session's own times only when they differ).
function item(s, w) {
	const watch = recordingLink(s, 'btn-watch', t('recordings.watch'));
	const sameTime = w && s.starts_at === w.starts_at && s.ends_at === w.ends_at;
	return sessionItem(s, {level: 'h3', time: !sameTime, withDate: true, webinar: !w, recordingMark: false,
	    extra: watch ? h('p', {class: 'watch'}, watch) : null});
}

export async function render(ctx) {
	const data = await api.get('/conference/recordings.json');
	ctx.setTitle(t('recordings.title'));
	const webinars = (data.webinars || []).filter((w) => (w.sessions || []).length);
	const others = data.other_sessions || [];
	const body = [];
	for (const w of webinars)
		body.push(h('section', {class: 'rec-webinar', 'aria-labelledby': `rec-${w.id}`},
		    h('h2', {id: `rec-${w.id}`, dir: 'auto'},
		        h('a', {href: `/schedule?webinar=${encodeURIComponent(w.id)}`}, w.title)),
		    w.starts_at ? h('p', {class: 'slot-time'}, sessionTimes(w, {withDate: true})) : null,
		    h('ul', {class: 'session-list'}, w.sessions.map((s) => item(s, w)))));
	if (others.length)
		body.push(h('section', {class: 'rec-webinar', 'aria-labelledby': 'rec-other'},
		    h('h2', {id: 'rec-other'}, t('recordings.other')),
		    h('ul', {class: 'session-list'}, others.map((s) => item(s, null)))));
	ctx.show(h('section', {class: 'recordings'},
	    h('div', {class: 'page-head'}, heading(t('recordings.title')),
	        h('div', {class: 'toolbar'}, h('a', {href: '/schedule', class: 'btn'}, t('nav.schedule')))),
	    h('p', {class: 'hint'}, t('recordings.intro')),
	    body.length ? body : emptyNote(t('recordings.empty'))));
}
