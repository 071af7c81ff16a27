// The bookmark button of a post, for a signed-in reader: pressed, a small
// form asks for an optional reminder (none, in an hour, tomorrow at 9:00,
// or a date and time in the reader's zone) and saves the bookmark
// (POST /bookmarks.json); on a bookmarked post it removes it
// (DELETE /bookmarks/{id}.json).  The server's reminder becomes a
// notification when its time comes.
import { h, showMessage, announce, nextId } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';

// The reminder time chosen in the form, as an ISO string, or null.
function reminderOf(choice, custom) {
	const d = new Date();
	if (choice === 'hour')
		return new Date(d.getTime() + 3600 * 1000).toISOString();
	if (choice === 'tomorrow') {
		d.setDate(d.getDate() + 1);
		d.setHours(9, 0, 0, 0);
		return d.toISOString();
	}
	if (choice === 'custom' && custom)
		return new Date(custom).toISOString();	// local time, the reader's zone
	return null;
}

// The button for post p; msg is the post's message slot, redraw draws
// the post's actions again after a change.
export function bookmarkButton(p, msg, redraw) {
	const on = !!p.bookmarked;
	const btn = h('button', {type: 'button', class: ['btn', 'btn-quiet', 'btn-bookmark', on && 'is-bookmarked'],
	    'aria-pressed': String(on), 'aria-label': t(on ? 'bookmark.remove_label' : 'bookmark.add_label', {n: p.post_number})},
	    t(on ? 'bookmark.bookmarked' : 'bookmark.add'));
	btn.addEventListener('click', async () => {
		showMessage(msg, '');
		if (!on) {
			openForm(p, btn, msg, redraw);
			return;
		}
		try {
			await busy(btn, null, () => api.del(`/bookmarks/${p.bookmark_id}.json`));
		} catch (e) {
			showMessage(msg, errorText(e));
			return;
		}
		p.bookmarked = false;
		delete p.bookmark_id;
		redraw();
		announce(t('bookmark.removed'));
	});
	return btn;
}

function openForm(p, btn, msg, redraw) {
	const id = nextId('bm');
	const choices = [['none', 'bookmark.reminder_none'], ['hour', 'bookmark.reminder_hour'],
	    ['tomorrow', 'bookmark.reminder_tomorrow'], ['custom', 'bookmark.reminder_custom']];
	const select = h('select', {id: `${id}-when`, name: 'reminder'},
	    choices.map(([v, k]) => h('option', {value: v}, t(k))));
	const custom = h('input', {type: 'datetime-local', id: `${id}-at`, name: 'reminder_at', hidden: true,
	    'aria-label': t('bookmark.reminder_at')});
	const name = h('input', {type: 'text', id: `${id}-name`, name: 'name', maxlength: '100', dir: 'auto'});
	const save = h('button', {type: 'submit', class: 'btn btn-primary'}, t('action.save'));
	const cancel = h('button', {type: 'button', class: 'btn'}, t('action.cancel'));
	const form = h('form', {class: 'bookmark-form', 'aria-label': t('bookmark.form_label', {n: p.post_number})},
	    h('label', {for: `${id}-when`}, t('bookmark.reminder')), select, custom,
	    h('label', {for: `${id}-name`}, t('bookmark.name')), name,
	    h('div', {class: 'form-actions'}, save, cancel));
	select.addEventListener('change', () => {
		custom.hidden = select.value !== 'custom';
		if (!custom.hidden)
			custom.focus();
	});
	const close = () => {
		form.remove();
		btn.hidden = false;
		btn.focus();
	};
	cancel.addEventListener('click', close);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		showMessage(msg, '');
		const at = reminderOf(select.value, custom.value);
		const body = {bookmarkable_type: 'Post', bookmarkable_id: p.id};
		if (at)
			body.reminder_at = at;
		if (name.value.trim())
			body.name = name.value.trim();
		let res;
		try {
			res = await busy(save, t('action.saving'), () => api.post('/bookmarks.json', body));
		} catch (e) {
			showMessage(msg, errorText(e));
			return;
		}
		p.bookmarked = true;
		p.bookmark_id = res.id;
		form.remove();
		redraw();
		announce(t('bookmark.saved'));
	});
	btn.hidden = true;
	btn.after(form);
	select.focus();
}
