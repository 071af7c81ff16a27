// A small, safe Markdown preview for the composer.  It builds DOM nodes
// (never HTML strings), so whatever is typed shows as text.  It covers what
// people mostly type: paragraphs, headings, lists, quotes, fenced code,
// **bold**, *italic*, ~~strike~~, `code`, [links](https://…) and bare
// URLs.  The post itself is cooked by the server (cmark-gfm); the preview
// is an approximation of it, and says so.
import { h } from './dom.js';

const SAFE_URL = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i;

const INLINE = [
	['code', /`([^`\n]+)`/],
	['link', /\[([^\]\n]+)\]\(([^)\s]+)\)/],
	['url', /https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"]/],
	['strong', /\*\*(?=\S)([^]*?\S)\*\*|__(?=\S)([^]*?\S)__/],
	['del', /~~(?=\S)([^]*?\S)~~/],
	['em', /\*(?=[^\s*])([^*]*?[^\s*])\*|(?<![\w])_(?=[^\s_])([^_]*?[^\s_])_(?![\w])/],
];

export function inline(text) {
	const out = [];
	let rest = text;
	while (rest.length) {
		let best = null;
		for (const [kind, re] of INLINE) {
			const m = re.exec(rest);
			if (m && (best === null || m.index < best.m.index))
				best = {kind, m};
		}
		if (!best) {
			out.push(rest);
			break;
		}
		const {kind, m} = best;
		if (m.index)
			out.push(rest.slice(0, m.index));
		rest = rest.slice(m.index + m[0].length);
		switch (kind) {
		case 'code':
			out.push(h('code', null, m[1]));
			break;
		case 'link':
			out.push(SAFE_URL.test(m[2]) ?
			    h('a', {href: m[2], rel: 'nofollow ugc noopener'}, inline(m[1])) :
			    m[0]);
			break;
		case 'url':
			out.push(h('a', {href: m[0], rel: 'nofollow ugc noopener'}, m[0]));
			break;
		default:
			out.push(h(kind, null, inline(m[1] ?? m[2])));
		}
	}
	return out;
}

function paragraph(lines) {
	return h('p', {dir: 'auto'}, inline(lines.join('\n')));
}

// Markdown text → a DocumentFragment.
export function preview(src) {
	const frag = document.createDocumentFragment();
	const lines = src.replace(/\r\n?/g, '\n').split('\n');
	let i = 0;
	while (i < lines.length) {
		const line = lines[i];
		let m;
		if (/^\s*$/.test(line)) {
			i++;
		} else if ((m = /^\s{0,3}(```|~~~)/.exec(line))) {
			const fence = m[1], body = [];
			for (i++; i < lines.length && !lines[i].trim().startsWith(fence); i++)
				body.push(lines[i]);
			i++;
			frag.append(h('pre', null, h('code', null, body.join('\n'))));
		} else if ((m = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line))) {
			frag.append(h(`h${m[1].length}`, {dir: 'auto'}, inline(m[2])));
			i++;
		} else if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
			frag.append(h('hr'));
			i++;
		} else if (/^\s{0,3}>/.test(line)) {
			const body = [];
			for (; i < lines.length && /^\s{0,3}>/.test(lines[i]); i++)
				body.push(lines[i].replace(/^\s{0,3}>\s?/, ''));
			frag.append(h('blockquote', null, preview(body.join('\n'))));
		} else if (/^\s{0,3}([-*+]|\d{1,9}[.)])\s+/.test(line)) {
			const ordered = /^\s{0,3}\d/.test(line);
			const list = h(ordered ? 'ol' : 'ul');
			const itemRe = ordered ? /^\s{0,3}\d{1,9}[.)]\s+(.*)$/ :
			    /^\s{0,3}[-*+]\s+(.*)$/;
			while (i < lines.length && (m = itemRe.exec(lines[i]))) {
				const item = [m[1]];
				for (i++; i < lines.length && /^\s{2,}\S/.test(lines[i]) &&
				    !itemRe.test(lines[i]); i++)
					item.push(lines[i].trim());
				list.append(h('li', {dir: 'auto'}, inline(item.join('\n'))));
			}
			frag.append(list);
		} else {
			const body = [lines[i++]];
			for (; i < lines.length && !/^\s*$/.test(lines[i]) &&
			    !/^\s{0,3}(```|~~~|#{1,6}\s|>)/.test(lines[i]); i++)
				body.push(lines[i]);
			frag.append(paragraph(body));
		}
	}
	return frag;
}
