/*
 * Fuzzes the program parser (core/program_parse.c): any bytes, read as the
 * format they look like and again as CSV.  A valid program must hold only
 * checked sessions (an id, a title, sync or async, times in order), an
 * invalid one must say why; and each valid session's first post must be
 * a fixed point of regeneration (merging it into itself changes nothing).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "session_post.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(const uint8_t *data, size_t len, enum import_format fmt)
{
	struct arena *a = arena_new();
	struct import_program *p;
	size_t i;
	char *raw;

	if (import_parse(a, (const char *)data, len, fmt, &p) != 0) {
		if (p->nerrors == 0 || p->nerrors_total < p->nerrors)
			abort();
		arena_free(a);
		return;
	}
	if (p->nsessions == 0 || p->nerrors_total != 0)
		abort();
	for (i = 0; i < p->nsessions; i++) {
		struct import_session *s = &p->sessions[i];

		if (s->external_id == NULL || s->title == NULL ||
		    *s->title == '\0' || s->format == NULL ||
		    (strcmp(s->format, "sync") != 0 &&
		    strcmp(s->format, "async") != 0) ||
		    (s->starts_at != 0 && s->ends_at <= s->starts_at) ||
		    s->starts_at < 0 || s->npresenters > IMPORT_MAX_PRESENTERS)
			abort();
		raw = conf_post_raw(a, s, s->webinar, NULL);
		if (strcmp(conf_post_raw(a, s, s->webinar, raw), raw) != 0)
			abort();
	}
	arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	check(data, len, IMPORT_AUTO);
	check(data, len, IMPORT_CSV);
	return 0;
}

#include "replay.h"
