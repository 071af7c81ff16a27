// A topic's header: its title, category and tags; the editor of the title
// and tags (and the category, for staff) for those who may edit the
// topic; notices (deleted, closed, archived, unlisted, pinned); and the
// staff controls: pin/unpin (optionally until a date), close/open,
// archive, unlist.
import { h, messageSlot, showMessage, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state, refresh, navigate, isStaff } from '../state.js';
import { heading, categoryBadge, tagList, topicUrl } from '../ui.js';
import { fmtDateTime } from '../time.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';
import { splitTags, titleField, categoryField, tagsField } from '../components/topic-fields.js';
import { keepOpen, keptOpen, release } from './keep-open.js';

// The <header> of view's topic; its h1 is #topic-title.
export function topicHeader(view) {
	const tp = view.topic;
	const title = heading(tp.title);
	const el = h('header', {class: 'topic-head'},
	    title,
	    h('div', {class: 'topic-meta'}, categoryBadge(tp.category_id), tagList(tp.tags),
	        editButton(view)),
	    notices(tp),
	    staffControls(view));
	title.id = 'topic-title';
	return el;
}

// The topic's title and tags for those who may edit it, and its
// category for staff: PUT /t/{id}.json (JSON, so clearing every tag
// sends an empty list).
function editButton(view) {
	if (!view.details.can_edit || view.topic.deleted_at)
		return null;
	const b = h('button', {type: 'button', class: 'btn btn-quiet btn-small', id: 'edit-topic'},
	    t('topic.edit_topic'));
	b.addEventListener('click', () => openTopicEditor(view.topic, b));
	return b;
}

function openTopicEditor(tp, opener) {
	const title = titleField({value: tp.title});
	const tags = tagsField({value: (tp.tags || []).join(', ')});
	const cats = isStaff() ? [...state.categories.values()] : [];
	const category = cats.length ? categoryField(cats, tp.category_id) : null;
	const msg = messageSlot();
	const save = h('button', {type: 'submit', class: 'btn btn-primary'}, t('action.save'));
	const cancel = h('button', {type: 'button', class: 'btn'}, t('action.cancel'));
	const form = h('form', {class: 'topic-editor', novalidate: true,
	    'aria-label': t('topic.edit_topic')},
	    title.wrap, category ? category.wrap : null, tags.wrap, msg,
	    h('div', {class: 'actions'}, save, cancel));
	const close = () => {
		form.remove();
		opener.hidden = false;
		opener.focus();
	};
	cancel.addEventListener('click', close);
	form.addEventListener('keydown', (ev) => {
		if (ev.key === 'Escape')
			close();
	});
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		showMessage(msg, '');
		const body = {title: title.input.value.trim(), tags: splitTags(tags.input.value)};
		if (category && Number(category.input.value) !== tp.category_id)
			body.category_id = Number(category.input.value);
		try {
			const res = await busy(save, t('action.saving'),
			    () => api.putJson(`/t/${tp.id}.json`, body));
			announce(t('topic.saved'));
			const slug = res.basic_topic && res.basic_topic.slug;
			if (slug && slug !== tp.slug)
				await navigate(topicUrl({...tp, slug}), {replace: true, focus: false});
			else
				await refresh();
			document.getElementById('edit-topic')?.focus();
		} catch (e) {
			showMessage(msg, errorText(e));
		}
	});
	opener.hidden = true;
	opener.closest('.topic-head').querySelector('.topic-meta').after(form);
	title.input.focus();
}

function notices(tp) {
	const out = [];
	const note = (cls, text) => out.push(h('p', {class: ['notice', cls]}, text));
	if (tp.deleted_at)
		note('notice-deleted', t('topic.notice_deleted'));
	if (tp.closed)
		note('notice-closed', t('topic.notice_closed'));
	if (tp.archived)
		note('notice-archived', t('topic.notice_archived'));
	if (tp.visible === false)
		note('notice-unlisted', t('topic.notice_unlisted'));
	if (tp.pinned)
		note('notice-pinned', tp.pinned_until ?
		    t(tp.pinned_globally ? 'topic.notice_pinned_globally_until' : 'topic.notice_pinned_until',
		        {date: fmtDateTime(tp.pinned_until)}) :
		    t(tp.pinned_globally ? 'topic.notice_pinned_globally' : 'topic.notice_pinned'));
	return out.length ? h('div', {class: 'notices'}, out) : null;
}

// Staff controls, each a PUT /t/{id}/status.json; the page reloads the
// topic after each so every flag shown is the server's.
function staffControls(view) {
	const d = view.details, tp = view.topic;
	if (!(d.can_pin_unpin_topic || d.can_close_topic || d.can_archive_topic ||
	    d.can_toggle_topic_visibility))
		return null;
	const msg = messageSlot();
	const act = (btn, status, enabled, extra) => async () => {
		showMessage(msg, '');
		const kept = status === 'pinned_globally' ? 'pinned' : status;
		try {
			await busy(btn, null, async () => {
				await api.put(`/t/${tp.id}/status.json`, {status, enabled: String(enabled), ...extra});
				announce(t('topic.status_saved'));
				keepOpen(tp.id, kept);
				await refresh();
			});
		} catch (e) {
			showMessage(msg, errorText(e));
			return;
		}
		const again = document.querySelector(`.staff-controls [data-status="${kept}"]`) ||
		    document.querySelector('.staff-controls summary');
		again?.focus();
		release();
	};
	const button = (label, status, enabled, extra) => {
		const b = h('button', {type: 'button', class: 'btn', dataset: {status}}, label);
		b.addEventListener('click', act(b, status, enabled, extra));
		return b;
	};
	const rows = [];
	if (d.can_pin_unpin_topic) {
		if (tp.pinned) {
			const b = button(t('staff.unpin'), tp.pinned_globally ? 'pinned_globally' : 'pinned', false);
			b.dataset.status = 'pinned';
			rows.push(h('div', {class: 'control-row'}, b));
		} else {
			const until = h('input', {type: 'date', id: 'pin-until', name: 'until',
			    min: new Date(Date.now() + 86400000).toISOString().slice(0, 10)});
			const global = h('input', {type: 'checkbox', id: 'pin-global', name: 'global'});
			const pin = h('button', {type: 'button', class: 'btn', dataset: {status: 'pinned'}},
			    t('staff.pin'));
			pin.addEventListener('click', () => act(pin,
			    global.checked ? 'pinned_globally' : 'pinned', true,
			    until.value ? {until: until.value} : {})());
			rows.push(h('div', {class: 'control-row pin-row'},
			    h('div', {class: 'field-inline'},
			        h('label', {htmlFor: 'pin-until'}, t('staff.pin_until')), until),
			    h('div', {class: 'field-inline check'},
			        global, h('label', {htmlFor: 'pin-global'}, t('staff.pin_global'))),
			    pin));
		}
	}
	const toggles = [];
	if (d.can_close_topic)
		toggles.push(button(tp.closed ? t('staff.open') : t('staff.close'), 'closed', !tp.closed));
	if (d.can_archive_topic)
		toggles.push(button(tp.archived ? t('staff.unarchive') : t('staff.archive'), 'archived', !tp.archived));
	if (d.can_toggle_topic_visibility)
		toggles.push(button(tp.visible === false ? t('staff.list') : t('staff.unlist'), 'visible', tp.visible === false));
	if (toggles.length)
		rows.push(h('div', {class: 'control-row'}, toggles));
	return h('details', {class: 'staff-controls', open: keptOpen(tp.id) !== null},
	    h('summary', null, t('staff.title')), rows, msg);
}
