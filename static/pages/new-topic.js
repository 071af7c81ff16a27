// /new-topic: title, category, tags and the body, with a preview and a
// draft that survives reloads.  ?category=ID preselects a category.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { state, navigate, isStaff } from '../state.js';
import { heading, composer } from '../ui.js';
import { loginUrl } from '../components/account.js';
import { splitTags, titleField, categoryField, tagsField } from '../components/topic-fields.js';

export async function render(ctx) {
	ctx.setTitle(t('newtopic.title'));
	if (!state.user)
		return navigate(loginUrl('/new-topic' + location.search), {replace: true});
	const cats = [...state.categories.values()].filter((c) => isStaff() || c.permission === 1);
	const wanted = ctx.query.get('category');
	const title = titleField({hint: t('newtopic.title_hint')});
	const category = categoryField(cats,
	    wanted || (state.site && state.site.uncategorized_category_id) || '');
	const tagsList = 'tag-suggestions';
	const tags = tagsField({list: tagsList});
	const datalist = h('datalist', {id: tagsList},
	    ((state.site && state.site.top_tags) || []).map((x) => h('option', {value: x})));
	const c = composer({label: t('newtopic.body'), draftKey: 'new_topic',
	    submitLabel: t('newtopic.submit'), busyLabel: t('newtopic.busy'),
	    fields: [title.wrap, category.wrap, tags.wrap, datalist],
	    collect: () => ({title: title.input.value, category: category.input.value,
	        tags: tags.input.value}),
	    restore: (d) => {
		    title.input.value = d.title || '';
		    if (d.category && !wanted)
			    category.input.value = d.category;
		    tags.input.value = d.tags || '';
	    },
	    onCancel: () => {
		    c.clearDraft();
		    history.length > 1 ? history.back() : navigate('/');
	    },
	    onSubmit: async (raw) => {
		    const p = await api.post('/posts.json', {title: title.input.value.trim(), raw,
		        category: category.input.value || undefined, tags: splitTags(tags.input.value)});
		    c.clearDraft();
		    await navigate(`/t/${encodeURIComponent(p.topic_slug || 'topic')}/${p.topic_id}`);
	    }});
	ctx.show(h('section', {class: 'new-topic'}, heading(t('newtopic.title')), c.form));
}
