// Reading state for a signed-in reader: posts count as seen while at
// least half of one is on screen, and every few seconds what was seen
// goes to POST /topics/timings (topic_id, topic_time, timings[N]=ms), as
// Discourse's client sends it.  The server keeps the highest post number
// read; lists then show what is left unread.  A tracker stops by itself
// once its article has left the page (another page was drawn).
import * as api from '../api.js';

const FLUSH_MS = 3000;

export function trackReading(topicId, article) {
	if (typeof IntersectionObserver !== 'function')
		return;
	const visible = new Map();	// post number -> since (ms)
	let pending = new Map();	// post number -> ms
	let topicTime = 0;
	let last = performance.now();

	const tick = () => {
		const now = performance.now();
		for (const [n, since] of visible) {
			pending.set(n, (pending.get(n) || 0) + Math.round(now - since));
			visible.set(n, now);
		}
		if (visible.size && document.visibilityState === 'visible')
			topicTime += Math.round(now - last);
		last = now;
	};
	const observer = new IntersectionObserver((entries) => {
		tick();
		for (const e of entries) {
			const n = Number(e.target.dataset.postNumber || e.target.id.replace('post_', ''));
			if (!n)
				continue;
			if (e.isIntersecting)
				visible.set(n, performance.now());
			else
				visible.delete(n);
		}
	}, {threshold: 0.5});
	const flush = async () => {
		tick();
		if (!pending.size)
			return;
		const timings = Object.fromEntries(pending);
		const form = {topic_id: topicId, topic_time: Math.min(topicTime, 60000), timings};
		pending = new Map();
		topicTime = 0;
		try {
			await api.post('/topics/timings', form);
		} catch (e) {
			// Reading state is best effort: the next batch tries again.
		}
	};
	const timer = setInterval(() => {
		if (!article.isConnected) {
			clearInterval(timer);
			observer.disconnect();
			return;
		}
		flush();
	}, FLUSH_MS);
	for (const post of article.querySelectorAll('.post[id^="post_"]'))
		observer.observe(post);
}
