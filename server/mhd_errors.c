/*
 * The security headers on the answers libmicrohttpd writes by itself.
 *
 * libmicrohttpd 0.9.75 answers some malformed requests before any callback
 * of ours runs: 400 for HTTP/1.1 without Host or bad chunking, 413 for an
 * unreadable Content-Length, 414 for a request line, 431 for headers that
 * do not fit the connection's memory, 505 for an unknown HTTP version.  It
 * offers no hook to add headers to those.  It builds each of them with
 * MHD_create_response_from_buffer(), called through its PLT, so the
 * definition below, in the executable, is the one the dynamic linker binds
 * it to: we forward to the library's own function and add the headers.
 *
 * confab's own responses are made with mhd_response_take() and friends,
 * which use other constructors, so only the library's answers pass here.
 * tests/http/test_hostile.c checks the headers on each of the library's
 * answers: a libmicrohttpd built so that this binding no longer happens
 * fails make check instead of going unnoticed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "http.h"
#include "log.h"
#include "mhd_errors.h"
#include "util.h"

typedef struct MHD_Response *(*create_fn)(size_t, void *,
    enum MHD_ResponseMemoryMode);

static create_fn library_create;
static pthread_once_t library_create_once = PTHREAD_ONCE_INIT;

static void
find_library_create(void)
{
	void *sym = dlsym(RTLD_NEXT, "MHD_create_response_from_buffer");

	memcpy(&library_create, &sym, sizeof(library_create));
}

/*
 * Replaces libmicrohttpd's constructor for the library's own callers (see
 * above).  Returns what the library's function returns, with the security
 * headers added; aborts if the library's function cannot be found, which
 * only a statically linked libmicrohttpd would cause.
 */
struct MHD_Response *
MHD_create_response_from_buffer(size_t size, void *buffer,
    enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *resp;

	pthread_once(&library_create_once, find_library_create);
	if (library_create == NULL) {
		log_warnx("MHD_create_response_from_buffer not found in "
		    "libmicrohttpd");
		abort();
	}
	resp = library_create(size, buffer, mode);
	if (resp == NULL)
		return NULL;
	resp_add_security_headers(resp);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/html; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "private, no-store");
	return resp;
}

struct MHD_Response *
mhd_response_take(char *data, size_t len)
{
	return MHD_create_response_from_buffer_with_free_callback(len, data,
	    free);
}

struct MHD_Response *
mhd_response_copy(const void *data, size_t len)
{
	char *copy = xmalloc(len > 0 ? len : 1);
	struct MHD_Response *resp;

	memcpy(copy, data, len);
	if ((resp = mhd_response_take(copy, len)) == NULL)
		free(copy);
	return resp;
}

struct MHD_Response *
mhd_response_empty(void)
{
	static char nothing[1];

	return MHD_create_response_from_buffer_with_free_callback(0, nothing,
	    NULL);
}
