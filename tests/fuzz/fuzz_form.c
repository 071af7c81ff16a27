/*
 * Fuzzes form_parse: any bytes, any field count; the result must be a
 * JSON object that serialises, or NULL with a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *err = NULL;
	json_t *obj;
	char *dump;

	obj = form_parse((const char *)data, len, 1000, &err);
	if (obj == NULL) {
		if (err == NULL)
			abort();
		return 0;
	}
	if (!json_is_object(obj))
		abort();
	dump = json_dumps(obj, JSON_COMPACT);
	if (dump == NULL)
		abort();
	free(dump);
	json_decref(obj);
	return 0;
}

#include "replay.h"
