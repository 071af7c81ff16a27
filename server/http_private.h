/*
 * What the three files of the HTTP glue (http.c: callbacks and dispatch,
 * req.c: what a request says, resp.c: what it gets back) share among
 * themselves.  Handlers include http.h only.
 */
#ifndef CONFAB_HTTP_PRIVATE_H
#define CONFAB_HTTP_PRIVATE_H

struct req;

/*
 * Parses the body once by its Content-Type into r->params.  Returns E_OK
 * (also for an empty body), E_BAD_REQUEST with a message, or
 * E_UNSUPPORTED for a type other than JSON or form-encoded.
 */
int	req_parse_body(struct req *);

/*
 * Sets r->path from r->url without ".json" (then r->want_json is set, as
 * it is for Accept: application/json) and without trailing '/'.  Returns
 * E_OK, or E_NOT_FOUND for a URL that is no path.
 */
int	req_normalise_path(struct req *);

/* The HTTP status of error e (E_INTERNAL's for a value out of range). */
int	resp_error_status(int e);

/*
 * Sets r's response to error e in Discourse's shape, with the messages,
 * fields and extras collected by req_errf, req_errors, req_err_set and
 * r->err_extras (all consumed).  Returns nothing.
 */
void	resp_error(struct req *, int e);

/* Adds the headers every response carries to r->resp; returns nothing. */
void	resp_add_headers(struct req *);

#endif
