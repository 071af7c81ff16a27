/*
 * Static files: correct MIME types, ETag / If-None-Match → 304, cache
 * headers, and nothing outside the static directory ever served.  Paths
 * are checked segment by segment before touching the file system, then
 * the resolved path must still lie inside the directory (a symlink
 * pointing out is refused too).  Files go out with sendfile via
 * MHD_create_response_from_fd.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

#include "config.h"
#include "html.h"
#include "http.h"
#include "log.h"
#include "mhd_errors.h"
#include "route.h"
#include "static.h"

struct mime {
	const char	*ext;
	const char	*type;
};

static const struct mime mimes[] = {
	{ ".html",	"text/html; charset=utf-8" },
	{ ".js",	"text/javascript; charset=utf-8" },
	{ ".mjs",	"text/javascript; charset=utf-8" },
	{ ".css",	"text/css; charset=utf-8" },
	{ ".json",	"application/json; charset=utf-8" },
	{ ".svg",	"image/svg+xml" },
	{ ".png",	"image/png" },
	{ ".jpg",	"image/jpeg" },
	{ ".ico",	"image/x-icon" },
	{ ".webp",	"image/webp" },
	{ ".woff2",	"font/woff2" },
	{ ".txt",	"text/plain; charset=utf-8" },
	{ ".webmanifest", "application/manifest+json" },
};

static const char *
mime_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t i;

	if (dot != NULL)
		for (i = 0; i < ARRAY_SIZE(mimes); i++)
			if (strcmp(dot, mimes[i].ext) == 0)
				return mimes[i].type;
	return "application/octet-stream";
}

int
static_path_ok(const char *path)
{
	const char *seg = path;
	size_t len;

	if (*path == '\0' || strlen(path) > 512)
		return 0;
	for (;;) {
		len = strcspn(seg, "/");
		/* No empty, hidden, "." or ".." segments. */
		if (len == 0 || seg[0] == '.')
			return 0;
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)seg[i] < 0x20 || seg[i] == '\\' ||
			    seg[i] == 0x7f)
				return 0;
		if (seg[len] == '\0')
			return 1;
		seg += len + 1;
	}
}

/*
 * Opens rel inside the static directory, refusing anything that resolves
 * outside it.  Returns an fd and fills st, or -1.
 */
static int
open_inside(const char *rel, struct stat *st)
{
	char root[PATH_MAX], full[PATH_MAX], want[PATH_MAX + 2];
	int fd;

	if (realpath(cfg.static_dir, root) == NULL)
		return -1;
	snprintf(want, sizeof(want), "%s/%s", root, rel);
	if (realpath(want, full) == NULL)
		return -1;
	if (strncmp(full, root, strlen(root)) != 0 ||
	    full[strlen(root)] != '/')
		return -1;
	if ((fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Serves one file with status; E_OK, or E_NOT_FOUND when it is missing. */
static int
serve_file(struct req *r, const char *rel, int status, const char *cache)
{
	const char *inm = req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
	struct MHD_Response *resp;
	struct stat st;
	char *etag;
	int fd;

	if (!static_path_ok(rel) || (fd = open_inside(rel, &st)) < 0)
		return E_NOT_FOUND;
	etag = arena_printf(r->arena, "\"%llx-%llx\"",
	    (unsigned long long)st.st_size,
	    (unsigned long long)st.st_mtim.tv_sec * 1000000000ULL +
	    (unsigned long long)st.st_mtim.tv_nsec);
	if (status == 200 && inm != NULL && strcmp(inm, etag) == 0) {
		close(fd);
		if ((resp = mhd_response_empty()) == NULL)
			return E_INTERNAL;
		status = 304;
	} else {
		resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
		if (resp == NULL) {
			close(fd);
			return E_INTERNAL;
		}
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    mime_of(rel));
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	r->resp = resp;
	r->status = status;
	r->resp_len = (size_t)st.st_size;
	resp_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	return E_OK;
}

int
static_answer(struct req *r)
{
	const char *p = r->path;

	if (strncmp(p, "/static/", 8) == 0)
		return serve_file(r, p + 8, 200, "public, max-age=300");
	if (strcmp(p, "/favicon.ico") == 0 || strcmp(p, "/robots.txt") == 0)
		return serve_file(r, p + 1, 200, "public, max-age=3600");
	return html_page(r, NULL, route_is_page(p) ? 200 : 404);
}
