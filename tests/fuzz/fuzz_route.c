/*
 * Fuzzes the route matcher with "METHOD PATH" inputs: no crash, matched
 * arguments never contain '/', and numeric arguments are digits only.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct arena *a = arena_new();
	struct route_args args;
	char *input = arena_strndup(a, (const char *)data, len);
	char *space = strchr(input, ' ');
	const char *method = "GET", *path = input;
	int known, i;

	if (space != NULL) {
		*space = '\0';
		method = input;
		path = space + 1;
	}
	if (route_match(method, path, a, &args, &known) != NULL) {
		for (i = 0; i < args.n; i++) {
			if (strchr(args.value[i], '/') != NULL ||
			    args.value[i][0] == '\0')
				abort();
			if (strcmp(args.name[i], "id") == 0 &&
			    !isdigit((unsigned char)args.value[i][0]))
				abort();
		}
	}
	arena_free(a);
	return 0;
}

#include "replay.h"
