/*
 * confab import-program FILE [--dry-run] [--format json|csv] [--db PATH]:
 * reads a program file, hands it to the conference import
 * (core/program_parse.c, core/program_apply.c) and prints what was or
 * would be done.  Argument parsing and printing only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cmd_import.h"
#include "config.h"
#include "db.h"
#include "program.h"
#include "program_apply.h"

static int
import_usage(void)
{
	fputs("usage: confab import-program FILE [--dry-run] "
	    "[--format json|csv] [--db PATH]\n", stderr);
	return 2;
}

/* Reads a whole file of at most IMPORT_MAX_BYTES; NULL with errno. */
static char *
read_file(const char *path, size_t *len)
{
	struct stat st;
	char *data;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > IMPORT_MAX_BYTES) {
		fclose(f);
		errno = EFBIG;
		return NULL;
	}
	data = xmalloc((size_t)st.st_size + 1);
	*len = fread(data, 1, (size_t)st.st_size, f);
	data[*len] = '\0';
	fclose(f);
	return data;
}

static void
print_list(const char *verb, json_t *list)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
		printf("%s %s\n", verb, json_string_value(v));
}

static void
print_report(const struct import_report *r)
{
	const char *would = r->dry_run ? "would " : "";
	size_t i;
	json_t *v;

	json_array_foreach(r->created, i, v)
		printf("%screate %s\n", would, json_string_value(v));
	json_array_foreach(r->updated, i, v)
		printf("%supdate %s: %s\n", would, json_string_value(
		    json_object_get(v, "external_id")), json_string_value(
		    json_object_get(v, "fields")));
	json_array_foreach(r->skipped, i, v)
		printf("skip %s: %s\n", json_string_value(json_object_get(v,
		    "external_id")), json_string_value(json_object_get(v,
		    "reason")));
	print_list("not in the file (left alone):", r->not_in_file);
	printf("%zu sessions: %zu %s, %zu %s, %zu unchanged%s\n",
	    json_array_size(r->created) + json_array_size(r->updated) +
	    json_array_size(r->unchanged) + json_array_size(r->skipped),
	    json_array_size(r->created), r->dry_run ? "to create" : "created",
	    json_array_size(r->updated), r->dry_run ? "to update" : "updated",
	    json_array_size(r->unchanged), r->dry_run ?
	    " (dry run: nothing was written)" : "");
}

int
cmd_import_program(int argc, char **argv)
{
	enum import_format format = IMPORT_AUTO;
	struct import_program *p;
	struct import_report r;
	const char *path = NULL, *dot;
	struct arena *a;
	struct db *db;
	size_t len, i;
	char *data;
	int dry_run = 0, rc, status;

	for (i = 2; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			dry_run = 1;
		else if (strcmp(argv[i], "--db") == 0 && i + 1 < (size_t)argc)
			cfg.db_path = argv[++i];
		else if (strcmp(argv[i], "--format") == 0 &&
		    i + 1 < (size_t)argc) {
			i++;
			if (strcmp(argv[i], "json") == 0)
				format = IMPORT_JSON;
			else if (strcmp(argv[i], "csv") == 0)
				format = IMPORT_CSV;
			else
				return import_usage();
		} else if (argv[i][0] == '-' || path != NULL)
			return import_usage();
		else
			path = argv[i];
	}
	if (path == NULL)
		return import_usage();
	if (format == IMPORT_AUTO && (dot = strrchr(path, '.')) != NULL)
		format = strcasecmp(dot, ".json") == 0 ? IMPORT_JSON :
		    strcasecmp(dot, ".csv") == 0 ? IMPORT_CSV : IMPORT_AUTO;
	if ((data = read_file(path, &len)) == NULL) {
		fprintf(stderr, "confab: %s: %s\n", path, errno == EFBIG ?
		    "not a regular file of at most 4 MiB" : strerror(errno));
		return 1;
	}
	a = arena_new();
	rc = import_parse(a, data, len, format, &p);
	free(data);
	if (rc != 0) {
		fprintf(stderr, "confab: %s: refused, nothing was imported "
		    "(%zu problem%s):\n", path, p->nerrors_total,
		    p->nerrors_total == 1 ? "" : "s");
		for (i = 0; i < p->nerrors; i++)
			fprintf(stderr, "  %s\n", p->errors[i]);
		if (p->nerrors_total > p->nerrors)
			fprintf(stderr, "  ... and %zu more\n",
			    p->nerrors_total - p->nerrors);
		arena_free(a);
		return 1;
	}
	if ((db = db_open(cfg.db_path, cfg.sync_full)) == NULL) {
		fprintf(stderr, "confab: cannot open database %s\n",
		    cfg.db_path);
		arena_free(a);
		return 1;
	}
	rc = import_apply(db, p, dry_run, 0, &r);
	status = 0;
	if (rc == 0)
		print_report(&r);
	else if (rc == -2) {
		fprintf(stderr, "confab: %s: refused, nothing was imported:\n",
		    path);
		for (i = 0; i < json_array_size(r.errors); i++)
			fprintf(stderr, "  %s\n", json_string_value(
			    json_array_get(r.errors, i)));
		status = 1;
	} else {
		fprintf(stderr, "confab: %s: database error, nothing was "
		    "imported\n", path);
		status = 1;
	}
	import_report_free(&r);
	db_close(db);
	arena_free(a);
	return status;
}
