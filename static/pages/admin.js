// /admin, /admin/categories, /admin/groups, /admin/api, /admin/program:
// the small admin area.  Categories with their group permissions, groups
// and their members, API keys, the conference program import.  Admins
// only (the server checks too).
import { h, field, messageSlot, showMessage, announce } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state, loadSite, isAdmin, navigate } from '../state.js';
import { heading, emptyNote, categoryUrl } from '../ui.js';
import { timeEl } from '../time.js';
import { loginUrl } from '../components/account.js';
import { busy } from '../components/busy-button.js';
import { errorText } from '../components/error-text.js';

const PERMS = () => [[1, t('perm.full')], [2, t('perm.create_post')], [3, t('perm.readonly')]];

function tabs(current) {
	const item = (key, href) => h('li', null, h('a', {href,
	    'aria-current': current === key ? 'page' : null}, t(`admin.tab_${key}`)));
	return h('nav', {class: 'tabs', 'aria-label': t('admin.sections')},
	    h('ul', null, item('categories', '/admin/categories'), item('groups', '/admin/groups'),
	        item('api', '/admin/api'), item('program', '/admin/program')));
}

// ----------------------------------------------------------------------
// Categories

function permissionRows(groups, initial) {
	const box = h('div', {class: 'perm-rows'});
	const addRow = (group, perm) => {
		const gsel = h('select', {name: 'perm-group', 'aria-label': t('admin.perm_group')},
		    groups.map((g) => h('option', {value: g, selected: g === group}, g)));
		const psel = h('select', {name: 'perm-level', 'aria-label': t('admin.perm_level')},
		    PERMS().map(([v, l]) => h('option', {value: v, selected: v === Number(perm)}, l)));
		const rm = h('button', {type: 'button', class: 'btn btn-quiet', 'aria-label': t('admin.perm_remove')}, '✕');
		const row = h('div', {class: 'perm-row'}, gsel, psel, rm);
		rm.addEventListener('click', () => {
			row.remove();
			addBtn.focus();
		});
		box.append(row);
		return gsel;
	};
	const addBtn = h('button', {type: 'button', class: 'btn'}, t('admin.perm_add'));
	addBtn.addEventListener('click', () => addRow(groups.includes('everyone') ? 'everyone' : groups[0], 1).focus());
	for (const [g, p] of initial)
		addRow(g, p);
	const fieldset = h('fieldset', {class: 'perms'},
	    h('legend', null, t('admin.permissions')),
	    h('p', {class: 'hint'}, t('admin.permissions_hint')), box, addBtn);
	fieldset.collect = () => {
		const out = {};
		for (const row of box.querySelectorAll('.perm-row'))
			out[row.querySelector('[name=perm-group]').value] =
			    Number(row.querySelector('[name=perm-level]').value);
		return out;
	};
	return fieldset;
}

async function categoryForm(cat, onDone) {
	let detail = null;
	if (cat)
		detail = (await api.get(`/c/${cat.id}/show.json`)).category;
	const groups = ((state.site && state.site.groups) || []).map((g) => g.name);
	const name = field(t('admin.cat_name'), {name: 'name', required: true, value: cat ? cat.name : '',
	    maxlength: 50, dir: 'auto'});
	const slug = field(t('admin.cat_slug'), {name: 'slug', value: cat ? cat.slug : '',
	    hint: t('admin.cat_slug_hint'), autocapitalize: 'none'});
	const color = field(t('admin.cat_color'), {name: 'color', type: 'color',
	    value: `#${(cat && cat.color) || '0088CC'}`.toLowerCase()});
	const desc = field(t('admin.cat_description'), {name: 'description', type: 'textarea', rows: 3,
	    value: cat ? cat.description_text || '' : '', dir: 'auto'});
	const initial = detail ? (detail.group_permissions || []).map((p) => [p.group_name, p.permission_type]) :
	    [['everyone', 1]];
	const perms = permissionRows(groups, initial);
	const msg = messageSlot();
	const save = h('button', {type: 'submit', class: 'btn btn-primary'}, cat ? t('action.save') : t('admin.cat_create'));
	const cancel = h('button', {type: 'button', class: 'btn'}, t('action.cancel'));
	const form = h('form', {class: 'admin-form', novalidate: true},
	    h('h2', {tabindex: '-1'}, cat ? t('admin.cat_edit', {name: cat.name}) : t('admin.cat_new')),
	    name.wrap, slug.wrap, color.wrap, desc.wrap, perms, msg,
	    h('div', {class: 'actions'}, save, cancel));
	cancel.addEventListener('click', () => onDone(false));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		showMessage(msg, '');
		const body = {name: name.input.value.trim(), color: color.input.value.replace('#', '').toUpperCase(),
		    description: desc.input.value, permissions: perms.collect()};
		if (slug.input.value.trim())
			body.slug = slug.input.value.trim();
		try {
			await busy(save, t('action.saving'), () => (cat ?
			    api.putJson(`/categories/${cat.id}.json`, body) :
			    api.postJson('/categories.json', body)));
			announce(t('admin.saved'));
			onDone(true);
		} catch (e) {
			showMessage(msg, errorText(e));
		}
	});
	return form;
}

async function renderCategories(ctx, box) {
	const data = await api.get('/categories.json');
	const cats = (data.category_list && data.category_list.categories) || [];
	const formSlot = h('div', {class: 'form-slot'});
	const open = async (cat, opener) => {
		formSlot.replaceChildren(h('p', {class: 'hint'}, t('action.loading')));
		try {
			const form = await categoryForm(cat, async (changed) => {
				formSlot.replaceChildren();
				if (changed) {
					await loadSite().catch(() => {});
					await renderCategories(ctx, box);
				} else {
					opener.focus();
				}
			});
			formSlot.replaceChildren(form);
			form.querySelector('h2').focus();
		} catch (e) {
			formSlot.replaceChildren(h('p', {class: 'form-message is-error', role: 'alert'}, errorText(e)));
		}
	};
	const add = h('button', {type: 'button', class: 'btn btn-primary'}, t('admin.cat_new'));
	add.addEventListener('click', () => open(null, add));
	box.replaceChildren(
	    h('div', {class: 'toolbar'}, add),
	    formSlot,
	    h('ul', {class: 'admin-list'}, cats.map((c) => {
		    const edit = h('button', {type: 'button', class: 'btn', 'aria-label': t('admin.cat_edit', {name: c.name})},
		        t('action.edit'));
		    edit.addEventListener('click', () => open(c, edit));
		    return h('li', {class: 'admin-item', dataset: {cat: String(c.id)}},
		        h('div', {class: 'admin-item-main'},
		            h('span', {class: 'cat-swatch', 'aria-hidden': 'true'}),
		            h('a', {href: categoryUrl(c), dir: 'auto'}, c.name),
		            c.read_restricted ? h('span', {class: 'hint'}, ` ${t('category.restricted')}`) : null),
		        edit);
	    })));
}

// ----------------------------------------------------------------------
// Groups

async function membersPanel(g, panel) {
	const msg = messageSlot();
	const list = h('ul', {class: 'member-list'});
	const load = async () => {
		const d = await api.get(`/groups/${encodeURIComponent(g.name)}/members.json`, {limit: 1000});
		list.replaceChildren();
		for (const m of d.members || []) {
			const rm = g.automatic ? null : h('button', {type: 'button', class: 'btn btn-quiet',
			    'aria-label': t('admin.member_remove', {username: m.username})}, t('action.remove'));
			rm?.addEventListener('click', async () => {
				showMessage(msg, '');
				try {
					await busy(rm, null, () => api.del(`/groups/${g.id}/members.json`, {usernames: m.username}));
					await load();
					announce(t('admin.saved'));
				} catch (e) {
					showMessage(msg, errorText(e));
				}
			});
			list.append(h('li', null, h('a', {href: `/u/${encodeURIComponent(m.username)}`, dir: 'auto'}, m.username), rm));
		}
		if (!list.firstChild)
			list.append(h('li', {class: 'hint'}, t('admin.no_members')));
	};
	let addForm = null;
	if (!g.automatic) {
		const names = field(t('admin.add_members'), {name: 'usernames', hint: t('admin.add_members_hint'),
		    autocapitalize: 'none'});
		const addBtn = h('button', {type: 'submit', class: 'btn'}, t('action.add'));
		addForm = h('form', {class: 'inline-form', novalidate: true}, names.wrap, addBtn);
		addForm.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			showMessage(msg, '');
			const usernames = names.input.value.split(/[\s,]+/).filter(Boolean);
			if (!usernames.length)
				return names.input.focus();
			try {
				await busy(addBtn, t('action.saving'), () => api.put(`/groups/${g.id}/members.json`,
				    {usernames: usernames.join(',')}));
				names.input.value = '';
				await load();
				announce(t('admin.saved'));
			} catch (e) {
				showMessage(msg, errorText(e));
			}
		});
	}
	panel.replaceChildren(list, addForm, msg);
	try {
		await load();
	} catch (e) {
		showMessage(msg, errorText(e));
	}
}

async function renderGroups(ctx, box) {
	const data = await api.get('/groups.json');
	const groups = data.groups || [];
	const name = field(t('admin.group_name'), {name: 'name', required: true, autocapitalize: 'none',
	    hint: t('admin.group_name_hint')});
	const full = field(t('admin.group_full_name'), {name: 'full_name', dir: 'auto'});
	const vis = field(t('admin.group_visibility'), {type: 'select', name: 'visibility_level', value: 0,
	    options: [0, 1, 2, 3, 4].map((v) => [v, t(`admin.visibility_${v}`)])});
	const members = field(t('admin.add_members'), {name: 'usernames', hint: t('admin.add_members_hint'),
	    autocapitalize: 'none'});
	const msg = messageSlot();
	const create = h('button', {type: 'submit', class: 'btn btn-primary'}, t('admin.group_create'));
	const form = h('form', {class: 'admin-form', novalidate: true},
	    h('h2', null, t('admin.group_new')), name.wrap, full.wrap, vis.wrap, members.wrap, msg,
	    h('div', {class: 'actions'}, create));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		showMessage(msg, '');
		try {
			await busy(create, t('action.saving'), () => api.post('/admin/groups.json', {group: {
			    name: name.input.value.trim(), full_name: full.input.value.trim() || undefined,
			    visibility_level: vis.input.value,
			    usernames: members.input.value.split(/[\s,]+/).filter(Boolean).join(',') || undefined}}));
			announce(t('admin.saved'));
			await loadSite().catch(() => {});
			await renderGroups(ctx, box);
		} catch (e) {
			showMessage(msg, errorText(e));
		}
	});
	const list = h('ul', {class: 'admin-list group-list'}, groups.map((g) => {
		const panel = h('div', {class: 'members-panel'});
		const det = h('details', {class: 'group-item'},
		    h('summary', null, h('span', {class: 'group-name'}, g.name),
		        g.full_name ? h('span', {class: 'hint', dir: 'auto'}, g.full_name) : null,
		        h('span', {class: 'count'}, t('admin.members_count', {count: g.user_count || 0})),
		        g.automatic ? h('span', {class: 'chip'}, t('admin.automatic')) : null),
		    panel);
		det.addEventListener('toggle', () => {
			if (det.open && !panel.firstChild)
				membersPanel(g, panel);
		});
		return h('li', null, det);
	}));
	box.replaceChildren(list, form);
}

// ----------------------------------------------------------------------
// API keys (GET/POST /admin/api/keys.json, DELETE /admin/api/keys/{id}.json)

async function renderKeys(ctx, box) {
	let keys;
	try {
		keys = (await api.get('/admin/api/keys.json')).keys || [];
	} catch (e) {
		if (e.status === 404) {
			box.replaceChildren(emptyNote(t('admin.keys_unavailable')));
			return;
		}
		throw e;
	}
	const desc = field(t('admin.key_description'), {name: 'description', required: true, dir: 'auto'});
	const user = field(t('admin.key_user'), {name: 'username', hint: t('admin.key_user_hint'),
	    autocapitalize: 'none', value: state.user ? state.user.username : ''});
	const msg = messageSlot();
	const shown = h('div', {class: 'new-key', 'aria-live': 'polite'});
	const create = h('button', {type: 'submit', class: 'btn btn-primary'}, t('admin.key_create'));
	const form = h('form', {class: 'admin-form', novalidate: true},
	    h('h2', null, t('admin.key_new')), desc.wrap, user.wrap, msg,
	    h('div', {class: 'actions'}, create), shown);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		showMessage(msg, '');
		try {
			const res = await busy(create, t('action.saving'), () => api.post('/admin/api/keys.json',
			    {key: {description: desc.input.value.trim(), username: user.input.value.trim() || undefined}}));
			const k = res.key || {};
			await renderKeys(ctx, box);
			const out = box.querySelector('.new-key');
			const code = h('code', {class: 'secret'}, k.key || '');
			out.replaceChildren(h('p', {class: 'notice'}, t('admin.key_shown_once')), code);
			code.setAttribute('tabindex', '0');
			code.focus();
		} catch (e) {
			showMessage(msg, errorText(e));
		}
	});
	const rows = keys.map((k) => {
		const revoke = k.revoked_at ? null : h('button', {type: 'button', class: 'btn btn-quiet',
		    'aria-label': t('admin.key_revoke_label', {key: k.truncated_key || k.id})}, t('admin.key_revoke'));
		const rmsg = messageSlot();
		revoke?.addEventListener('click', async () => {
			try {
				await busy(revoke, null, () => api.del(`/admin/api/keys/${k.id}.json`));
				announce(t('admin.saved'));
				await renderKeys(ctx, box);
			} catch (e) {
				showMessage(rmsg, errorText(e));
			}
		});
		const meta = [[k.user ? `@${k.user.username}` : t('admin.key_all_users')],
		    [t('admin.key_created'), ' ', timeEl(k.created_at)]];
		if (k.last_used_at)
			meta.push([t('admin.key_last_used'), ' ', timeEl(k.last_used_at)]);
		if (k.revoked_at)
			meta.push([t('admin.key_revoked'), ' ', timeEl(k.revoked_at)]);
		return h('li', {class: ['admin-item', k.revoked_at && 'is-revoked']},
		    h('div', {class: 'admin-item-main key-item'},
		        h('p', {class: 'key-line'}, h('code', null, k.truncated_key || '…'),
		            k.description ? h('span', {dir: 'auto'}, k.description) : null),
		        h('p', {class: 'hint key-meta'}, meta.map((m, i) => [i ? ' · ' : '', m]))),
		    revoke, rmsg);
	});
	box.replaceChildren(form,
	    h('h2', null, t('admin.keys')),
	    rows.length ? h('ul', {class: 'admin-list'}, rows) : emptyNote(t('admin.no_keys')));
}

// ----------------------------------------------------------------------
// Program import (POST /conference/import.json): check first, then import

const UPLOAD_MAX = 4 * 1024 * 1024;	// the server's default CONFAB_MAX_UPLOAD_KB

function reportList(title, items, text) {
	if (!items || !items.length)
		return null;
	return h('details', {class: 'import-list'},
	    h('summary', null, `${title} (${items.length})`),
	    h('ul', null, items.map((x) => h('li', {dir: 'auto'}, text(x)))));
}

function importReport(rep) {
	const dry = rep.dry_run;
	const count = (a) => (a || []).length;
	const w = rep.webinars || {};
	const summary = t(dry ? 'admin.import_would' : 'admin.import_done', {
	    created: count(rep.created), updated: count(rep.updated),
	    unchanged: count(rep.unchanged), skipped: count(rep.skipped)});
	return h('div', {class: 'import-report'},
	    h('p', {class: ['notice', !dry && 'is-ok']}, summary),
	    count(w.created) || count(w.updated) ? h('p', {class: 'hint'}, t('admin.import_webinars', {
	        created: count(w.created), updated: count(w.updated)})) : null,
	    reportList(t(dry ? 'admin.import_to_create' : 'admin.import_created'), rep.created, (x) => x),
	    reportList(t(dry ? 'admin.import_to_update' : 'admin.import_updated'), rep.updated,
	        (x) => `${x.external_id}: ${x.fields}`),
	    reportList(t('admin.import_skipped'), rep.skipped, (x) => `${x.external_id}: ${x.reason}`),
	    reportList(t('admin.import_not_in_file'), rep.not_in_file, (x) => x));
}

async function renderProgram(ctx, box) {
	const file = field(t('admin.import_file'), {name: 'program', type: 'file',
	    hint: t('admin.import_file_hint')});
	file.input.accept = '.json,.csv,application/json,text/csv';
	const format = field(t('admin.import_format'), {name: 'format', type: 'select', value: 'auto',
	    options: [['auto', t('admin.import_format_auto')], ['json', 'JSON'], ['csv', 'CSV']]});
	const msg = messageSlot();
	const result = h('div', {class: 'import-result', 'aria-live': 'polite'});
	const check = h('button', {type: 'submit', class: 'btn btn-primary'}, t('admin.import_check'));
	const apply = h('button', {type: 'button', class: 'btn', disabled: true}, t('admin.import_apply'));
	const form = h('form', {class: 'admin-form', novalidate: true},
	    h('h2', null, t('admin.import_title')),
	    h('p', {class: 'hint'}, t('admin.import_intro')),
	    file.wrap, format.wrap, msg, h('div', {class: 'actions'}, check, apply), result);
	let checked = null;	// the text that passed the check
	const run = async (button, dryRun) => {
		showMessage(msg, '');
		const f = file.input.files && file.input.files[0];
		if (!f)
			return showMessage(msg, t('admin.import_no_file'));
		if (f.size > UPLOAD_MAX)
			return showMessage(msg, t('admin.import_too_big'));
		const text = dryRun ? await f.text() : checked;
		try {
			const rep = await busy(button, t(dryRun ? 'admin.import_checking' : 'admin.import_importing'),
			    () => api.postJson('/conference/import.json', {file: text,
			        format: format.input.value, dry_run: dryRun}));
			result.replaceChildren(importReport(rep));
			checked = dryRun ? text : null;
			apply.disabled = !dryRun;
			if (!dryRun)
				announce(t('admin.saved'));
		} catch (e) {
			checked = null;
			apply.disabled = true;
			result.replaceChildren();
			if (e.messages && e.messages.length > 1) {
				showMessage(msg, t('admin.import_refused', {count: e.messages.length}));
				result.replaceChildren(h('ul', {class: 'import-errors'},
				    e.messages.map((m) => h('li', {dir: 'auto'}, m))));
			} else {
				showMessage(msg, errorText(e));
			}
		}
	};
	// A new file or format must be checked again before it is imported.
	for (const el of [file.input, format.input])
		el.addEventListener('change', () => {
			checked = null;
			apply.disabled = true;
			result.replaceChildren();
		});
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		run(check, true);
	});
	apply.addEventListener('click', () => run(apply, false));
	box.replaceChildren(form);
}

export async function render(ctx) {
	ctx.setTitle(t('admin.title'));
	if (!state.user)
		return navigate(loginUrl(), {replace: true});
	if (!isAdmin()) {
		ctx.show(heading(t('admin.title')), h('p', {class: 'notice'}, t('admin.forbidden')));
		return;
	}
	const section = ctx.params.section;
	const box = h('div', {class: 'admin-body'});
	const render = {categories: renderCategories, groups: renderGroups, api: renderKeys,
	    program: renderProgram}[section];
	await render(ctx, box);
	ctx.show(h('section', {class: 'admin'}, heading(t('admin.title')), tabs(section), box));
}
