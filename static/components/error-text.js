// Error text: the words a reader sees for a failed request.  An ApiError
// (api.js) carries the server's own messages, joined into one line; any
// other error shows its message.
export function errorText(e) {
	return e && e.messages ? e.messages.join(' ') : String(e && e.message || e);
}
