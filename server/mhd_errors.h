/*
 * Constructors for confab's own responses.  They bypass the one
 * libmicrohttpd constructor that mhd_errors.c replaces to put security
 * headers on the library's own error answers: never call
 * MHD_create_response_from_buffer() from confab's code.
 */
#ifndef CONFAB_MHD_ERRORS_H
#define CONFAB_MHD_ERRORS_H

#include <stddef.h>

struct MHD_Response;

/* A response whose body is data; takes ownership of data (a malloc'd
 * buffer, freed with the response).  NULL when libmicrohttpd fails, in
 * which case data is still the caller's. */
struct MHD_Response	*mhd_response_take(char *data, size_t len);

/* A response with a copy of len bytes of data; NULL on failure. */
struct MHD_Response	*mhd_response_copy(const void *data, size_t len);

/* A response with an empty body (304 and the like); NULL on failure. */
struct MHD_Response	*mhd_response_empty(void);

#endif
