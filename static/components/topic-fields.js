// A topic's own fields as the new-topic page and the topic's editor ask
// for them: the title, the category and the tags (typed comma-separated).
import { field } from '../dom.js';
import { t } from '../i18n.js';

// "a, b\nc" → ['a', 'b', 'c'].
export function splitTags(s) {
	return s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean);
}

// Each returns field()'s {wrap, input}; extra: more field() options
// (value, hint, list).
export function titleField(extra) {
	return field(t('newtopic.topic_title'), {name: 'title', required: true, dir: 'auto',
	    minlength: 15, maxlength: 255, ...extra});
}

export function categoryField(categories, value) {
	return field(t('newtopic.category'), {type: 'select', name: 'category',
	    options: categories.map((c) => [c.id, c.name]), value});
}

export function tagsField(extra) {
	return field(t('newtopic.tags'), {name: 'tags', hint: t('newtopic.tags_hint'),
	    autocapitalize: 'none', ...extra});
}
