// /agenda: the reader's own agenda (GET /conference/agenda.json), by day
// in their zone, each session with a Remove button (DELETE
// /conference/agenda/{topic_id}); and the private calendar feed: POST
// /conference/agenda/feed makes a new URL, shown once (only its hash is
// kept), DELETE turns it off.
import { h, messageSlot, showMessage, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state } from '../state.js';
import { heading, emptyNote } from '../ui.js';
import { timeEl, dayKey, fmtDayHeading } from '../time.js';
import { sessionItem } from '../components/conference.js';
import { loginUrl } from '../components/account.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';

function removeButton(s, li, onGone) {
	const msg = messageSlot();
	const b = h('button', {type: 'button', class: 'btn btn-small agenda-remove',
	    'aria-label': t('agenda.remove_label', {title: s.title})}, t('agenda.remove'));
	b.addEventListener('click', async () => {
		showMessage(msg, '');
		try {
			await busy(b, null, () => api.del(`/conference/agenda/${s.topic_id}`));
		} catch (e) {
			showMessage(msg, errorText(e));
			return;
		}
		announce(t('agenda.removed', {title: s.title}));
		onGone(li);
	});
	return [h('div', {class: 'actions'}, b), msg];
}

function feedSection(feed) {
	const sec = h('section', {class: 'agenda-feed', 'aria-labelledby': 'feed-h'});
	const msg = messageSlot();
	const draw = (f, url) => {
		const out = [h('h2', {id: 'feed-h'}, t('agenda.feed_title')),
		    h('p', {class: 'hint'}, t('agenda.feed_intro'))];
		if (url) {
			const abs = new URL(url, location.origin).href;
			const input = h('input', {type: 'text', readonly: true, id: 'feed-url', value: abs,
			    class: 'secret-input', 'aria-describedby': 'feed-once'});
			const copy = h('button', {type: 'button', class: 'btn'}, t('agenda.copy'));
			copy.addEventListener('click', async () => {
				input.select();
				try {
					await navigator.clipboard.writeText(abs);
					announce(t('agenda.copied'));
				} catch (e) { /* no clipboard: the text is selected */ }
			});
			out.push(h('div', {class: 'new-feed'},
			    h('label', {htmlFor: 'feed-url'}, t('agenda.feed_url')),
			    h('div', {class: 'copy-row'}, input, copy),
			    h('p', {class: 'notice', id: 'feed-once'}, t('agenda.feed_once'))));
		} else if (f && f.active) {
			out.push(h('p', null, t('agenda.feed_active'), ' ', timeEl(f.created_at, 'datetime'), '. ',
			    t('agenda.feed_lost')));
		} else {
			out.push(h('p', null, t('agenda.feed_none')));
		}
		const create = h('button', {type: 'button', class: 'btn btn-primary', id: 'feed-create'},
		    f && f.active ? t('agenda.feed_rotate') : t('agenda.feed_create'));
		create.addEventListener('click', async () => {
			showMessage(msg, '');
			try {
				const r = await busy(create, t('action.saving'), () => api.post('/conference/agenda/feed'));
				draw({active: true, created_at: new Date().toISOString()}, r.url);
				sec.querySelector('#feed-url')?.focus();
			} catch (e) {
				showMessage(msg, errorText(e));
			}
		});
		const off = f && f.active ? h('button', {type: 'button', class: 'btn', id: 'feed-revoke'},
		    t('agenda.feed_revoke')) : null;
		off?.addEventListener('click', async () => {
			showMessage(msg, '');
			try {
				await busy(off, null, () => api.del('/conference/agenda/feed'));
				draw({active: false}, null);
				announce(t('agenda.feed_revoked'));
				sec.querySelector('#feed-create')?.focus();
			} catch (e) {
				showMessage(msg, errorText(e));
			}
		});
		out.push(h('div', {class: 'actions'}, create, off), msg);
		sec.replaceChildren(...out);
	};
	draw(feed, null);
	return sec;
}

export async function render(ctx) {
	ctx.setTitle(t('agenda.title'));
	if (!state.user) {
		ctx.show(h('section', {class: 'agenda'}, heading(t('agenda.title')),
		    h('p', null, t('agenda.login_intro')),
		    h('p', null, h('a', {class: 'btn btn-primary', href: loginUrl('/agenda')},
		        t('agenda.login')))));
		return;
	}
	const data = await api.get('/conference/agenda.json');
	const sessions = (data.sessions || []).slice().sort((a, b) =>
	    (a.starts_at ? Date.parse(a.starts_at) : Infinity) - (b.starts_at ? Date.parse(b.starts_at) : Infinity));
	const days = new Map();
	for (const s of sessions) {
		const k = s.starts_at ? dayKey(s.starts_at) : '';
		if (!days.has(k))
			days.set(k, []);
		days.get(k).push(s);
	}
	const list = h('div', {class: 'agenda-days'});
	const empty = emptyNote(t('agenda.empty'));
	const gone = (li) => {
		const ul = li.parentElement;
		const sec = ul.closest('.day');
		li.remove();
		if (!ul.children.length)
			sec.remove();
		if (!list.querySelector('.session')) {
			list.replaceWith(empty);
			empty.setAttribute('tabindex', '-1');
			empty.focus();
		} else {
			document.querySelector('h1')?.focus();
		}
	};
	for (const [k, ss] of days) {
		const id = `agenda-${k || 'unscheduled'}`;
		const ul = h('ul', {class: 'session-list'});
		for (const s of ss) {
			const li = sessionItem(s, {level: 'h3', time: true, webinar: true, room: true});
			li.append(...removeButton(s, li, gone));
			ul.append(li);
		}
		list.append(h('section', {class: 'day', 'aria-labelledby': id},
		    h('h2', {class: 'day-title', id}, k ? fmtDayHeading(k) : t('schedule.unscheduled')), ul));
	}
	ctx.show(h('section', {class: 'agenda'},
	    h('div', {class: 'page-head'}, heading(t('agenda.title')),
	        h('div', {class: 'toolbar'}, h('a', {href: '/schedule', class: 'btn'}, t('nav.schedule')))),
	    h('p', {class: 'hint'}, t('agenda.intro')),
	    sessions.length ? list : empty,
	    feedSection(data.feed)));
}
