// The box of a conference session's topic (conference_session in the
// topic JSON): when (in the reader's zone), the webinar, format, language,
// presenters and themes; the live room for those allowed, else how to
// register (with a code); the agenda button, the calendar file, the
// recording link; and for staff, the recording URL.
import { h, messageSlot, showMessage, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state, refresh } from '../state.js';
import { sessionTimes, presenterList, themeList, languageName, formatName,
    roomLink, recordingLink, safeUrl } from '../components/conference.js';
import { loginUrl } from '../components/account.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';
import { keepOpen, keptOpen, release } from './keep-open.js';

// The <aside> for view's session.
export function sessionBox(view) {
	const cs = view.session, tp = view.topic;
	const fact = (label, ...value) => h('div', {class: 'fact'},
	    h('dt', null, label), h('dd', null, ...value));
	const facts = h('dl', {class: 'session-facts'},
	    cs.webinar ? fact(t('session.webinar'), h('a', {href: `/schedule?webinar=${encodeURIComponent(cs.webinar.id)}`,
	        dir: 'auto'}, cs.webinar.title)) : null,
	    fact(t('session.when'), sessionTimes(cs, {withDate: true})),
	    fact(t('schedule.format'), formatName(cs.format)),
	    cs.language ? fact(t('schedule.language'), h('span', {lang: cs.language}, languageName(cs.language))) : null,
	    (cs.presenters || []).length ? fact(t('schedule.presenters'), presenterList(cs, {link: true})) : null,
	    (cs.tags || []).length ? fact(t('schedule.themes'), themeList(cs)) : null);
	const actions = h('div', {class: 'session-actions'});
	const msg = messageSlot();
	if (cs.in_agenda !== undefined && state.user)
		agendaButton(cs, actions, msg);
	actions.append(h('a', {class: 'btn', href: `/t/${tp.id}.ics`, type: 'text/calendar'},
	    t('session.calendar')));
	const rec = recordingLink(cs, 'btn btn-watch', t('recordings.watch'));
	if (rec)
		actions.append(rec);
	return h('aside', {class: 'session-box', 'aria-label': t('session.box')},
	    facts, roomPart(cs), actions, msg, recordingEditor(cs, tp.id));
}

// The live room: its link for those allowed (participants, presenters,
// staff); else that one exists and how to register.
function roomPart(cs) {
	if (cs.can_see_room && safeUrl(cs.room_url))
		return h('div', {class: 'room'}, roomLink(cs.room_url),
		    h('p', {class: 'hint'}, t('session.room_private')));
	if (!cs.has_room)
		return null;
	const out = [h('p', null, t('session.room_exists'))];
	const reg = safeUrl(cs.registration_url);
	if (reg)
		out.push(h('p', null, h('a', {href: reg, rel: 'noopener', class: 'btn'}, t('session.register'))));
	if (state.user)
		out.push(registrationForm());
	else
		out.push(h('p', null, h('a', {href: loginUrl()}, t('session.login_to_register'))));
	return h('div', {class: 'room room-closed'}, out);
}

// A registration code makes the reader a participant: POST
// /conference/register, then the page reloads with the room link.
function registrationForm() {
	const input = h('input', {type: 'text', id: 'reg-code', name: 'code', required: true,
	    autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: 64});
	const submit = h('button', {type: 'submit', class: 'btn'}, t('session.code_submit'));
	const msg = messageSlot();
	const form = h('form', {class: 'inline-form reg-form', novalidate: true},
	    h('div', {class: 'field'}, h('label', {htmlFor: 'reg-code'}, t('session.code')), input),
	    submit, msg);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		showMessage(msg, '');
		if (!input.value.trim()) {
			showMessage(msg, t('session.code_missing'));
			input.focus();
			return;
		}
		try {
			await busy(submit, null, async () => {
				await api.post('/conference/register', {code: input.value.trim()});
				announce(t('session.registered'));
				await refresh();
			});
		} catch (e) {
			showMessage(msg, errorText(e));
			input.focus();
			return;
		}
		document.querySelector('.room-link')?.focus();
	});
	return form;
}

function agendaButton(cs, actions, msg) {
	const b = h('button', {type: 'button', class: ['btn', 'btn-agenda', cs.in_agenda && 'is-in']});
	const status = h('span', {class: 'agenda-status'});
	const draw = () => {
		b.textContent = cs.in_agenda ? t('session.agenda_remove') : t('session.agenda_add');
		status.textContent = cs.in_agenda ? t('session.in_agenda') : '';
		b.classList.toggle('is-in', !!cs.in_agenda);
	};
	draw();
	b.addEventListener('click', async () => {
		showMessage(msg, '');
		try {
			const r = await busy(b, null, () => (cs.in_agenda ?
			    api.del(`/conference/agenda/${cs.topic_id}`) :
			    api.post(`/conference/agenda/${cs.topic_id}`)));
			cs.in_agenda = !!r.in_agenda;
			announce(cs.in_agenda ? t('session.agenda_added') : t('session.agenda_removed'));
		} catch (e) {
			showMessage(msg, errorText(e));
		}
		draw();
		b.focus();
	});
	actions.append(b, status);
}

// Staff set (or clear) the recording URL: PUT
// /conference/sessions/{id}.json; the server adds, edits or deletes
// the recording post, and the page reloads to show it.
function recordingEditor(cs, topicId) {
	if (!cs.can_edit)
		return null;
	const input = h('input', {type: 'url', id: 'recording-url', name: 'recording_url',
	    value: cs.recording_url || '', placeholder: 'https://', inputmode: 'url',
	    'aria-describedby': 'recording-url-hint'});
	const save = h('button', {type: 'submit', class: 'btn btn-primary'}, t('action.save'));
	const msg = messageSlot();
	const form = h('form', {class: 'recording-form', novalidate: true},
	    h('div', {class: 'field'},
	        h('label', {htmlFor: 'recording-url'}, t('session.recording_url')),
	        h('p', {class: 'hint', id: 'recording-url-hint'}, t('session.recording_url_hint')),
	        input),
	    h('div', {class: 'actions'}, save), msg);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		showMessage(msg, '');
		const v = input.value.trim();
		if (v && !safeUrl(v)) {
			showMessage(msg, t('session.recording_url_bad'));
			input.focus();
			return;
		}
		try {
			await busy(save, null, async () => {
				await api.put(`/conference/sessions/${cs.topic_id}.json`, {recording_url: v});
				announce(t('session.recording_saved'));
				keepOpen(topicId, 'recording');
				await refresh();
			});
		} catch (e) {
			showMessage(msg, errorText(e));
			input.focus();
			return;
		}
		release();
		document.getElementById('recording-url')?.focus();
	});
	return h('details', {class: 'staff-controls session-staff',
	    open: keptOpen(topicId) === 'recording'},
	    h('summary', null, t('session.staff')), form);
}
