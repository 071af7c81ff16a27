// The busy button: while the request it started runs, a button is
// disabled, says so to screen readers (aria-busy), shows a spinner (CSS
// .is-busy) and optionally a label such as "Saving…"; afterwards it is as
// it was.

function setBusy(button, on) {
	button.disabled = on;
	button.classList.toggle('is-busy', on);
	if (on)
		button.setAttribute('aria-busy', 'true');
	else
		button.removeAttribute('aria-busy');
}

// Runs fn (async) with button busy, showing label if one is given, and
// restores the button and its text whether fn returns or throws.  Returns
// what fn returns; rethrows what it throws.
export async function busy(button, label, fn) {
	const old = button.textContent;
	setBusy(button, true);
	if (label)
		button.textContent = label;
	try {
		return await fn();
	} finally {
		setBusy(button, false);
		if (label)
			button.textContent = old;
	}
}
