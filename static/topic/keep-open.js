// Which staff panel of a topic stays open across the reload that a staff
// action causes (the page reloads the topic so that every flag shown is
// the server's): set before the reload, read while the page is built
// again, cleared after.
let kept = null;	// {topic, status}

export function keepOpen(topic, status) {
	kept = {topic, status};
}

export function release() {
	kept = null;
}

// The panel kept open for this topic: null, or its status ('pinned',
// 'closed', ..., 'recording').
export function keptOpen(topic) {
	return kept && kept.topic === topic ? kept.status : null;
}
