/*
 * Applying a parsed conference program to the database in one
 * transaction: the conference settings, the webinars, every session
 * (conf_session.h), and a report of what was or would be done.  Used by
 * `confab import-program` and POST /conference/import.
 */
#ifndef CONFAB_PROGRAM_APPLY_H
#define CONFAB_PROGRAM_APPLY_H

#include <stdint.h>

#include <jansson.h>

#include "program.h"

struct db;

/* What an import did or would do. */
struct import_report {
	int		 dry_run;
	json_t		*created;	/* [external_id] */
	json_t		*updated;	/* [{external_id, fields}] */
	json_t		*unchanged;	/* [external_id] */
	json_t		*skipped;	/* [{external_id, reason}] */
	json_t		*not_in_file;	/* [external_id] */
	json_t		*webinars;	/* {created: [], updated: [], unchanged: n} */
	json_t		*errors;	/* [message] when refused */
};

/*
 * Applies program p in one transaction (rolled back when dry_run), as
 * editor_id (0 = the system user).  Fills r (free with
 * import_report_free).  Returns 0, -1 on a database error, -2 when
 * refused (r->errors says why; nothing was written).
 */
int	import_apply(struct db *, const struct import_program *p, int dry_run,
	    int64_t editor_id, struct import_report *r);
/* Releases what r holds; r may be zeroed. */
void	import_report_free(struct import_report *);
/* The report as JSON (a new reference the caller owns). */
json_t	*import_report_json(const struct import_report *);

#endif
