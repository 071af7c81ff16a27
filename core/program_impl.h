/*
 * What the three halves of the program parser share, and nothing outside
 * them may use: the field checks of program_parse.c that the JSON reader
 * (program_json.c) and the CSV reader (program_csv.c) run on every cell,
 * and the two readers import_parse picks between.  Everything returned is
 * in the arena; errors go to the program's list (import_errf).
 */
#ifndef CONFAB_PROGRAM_IMPL_H
#define CONFAB_PROGRAM_IMPL_H

#include "program.h"

/* A value quoted for an error message (at most 40 bytes, control
 * characters as '?'), in the arena. */
char	*import_quoted(struct arena *, const char *s);
/* Whether s is a BCP 47 language tag, loosely ("" is one: none). */
int	 import_language_ok(const char *s);
/* One line of text: white space runs become one space, trimmed; NULL when
 * it has control characters or invalid UTF-8. */
char	*import_one_line(struct arena *, const char *in);
/* A one-line text field: NULL after an error (blank when required, bad
 * characters, too long); "" for a blank optional field. */
char	*import_text_field(struct arena *, struct import_program *,
	    const char *label, const char *field, const char *in, size_t max,
	    int required);
/* A time: 0 for blank; -1 after an error. */
int64_t	 import_time_field(struct arena *, struct import_program *,
	    const char *label, const char *field, const char *in);
/* A URL: NULL for blank or after an error (*bad set). */
char	*import_url_field(struct arena *, struct import_program *,
	    const char *label, const char *field, const char *in, int *bad);
/* Parses "Name (Affiliation)" with an optional "<email>" or "@username";
 * 0, or -1 after an error. */
int	 import_parse_presenter(struct arena *, char *in,
	    struct import_presenter *out, struct import_program *,
	    const char *label);
/* Checks one presenter's fields (lengths, username, email). */
void	 import_check_presenter(struct arena *, struct import_presenter *,
	    struct import_program *, const char *label);
/* Splits a list cell on ';' into trimmed, non-empty items (at most
 * max + 1, enough to refuse); *n items. */
char	**import_split_list(struct arena *, const char *in, size_t max,
	    size_t *n);
/* Read a JSON or CSV file into p; 0, or -1 when it cannot be read at all
 * (p's errors say why).  The checks across rows are import_parse's. */
int	 import_parse_json(struct arena *, const char *data, size_t len,
	    struct import_program *p);
int	 import_parse_csv(struct arena *, const char *data, size_t len,
	    struct import_program *p);

#endif
