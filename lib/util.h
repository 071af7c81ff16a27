/*
 * Small helpers every module uses: allocation that aborts on out-of-memory
 * (as redis, kcgi and git do; a forum cannot do anything useful once malloc
 * fails), a growable byte buffer, and the per-request arena.
 */
#ifndef CONFAB_UTIL_H
#define CONFAB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/*
 * A growable buffer of bytes, always NUL-terminated after buf_* calls.
 * The struct owns .data; buf_free releases it.  A zeroed struct is empty.
 */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	 buf_append(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Hands the data to the caller (who frees it) and empties the buffer. */
char	*buf_detach(struct buf *);
void	 buf_free(struct buf *);

/*
 * An arena owns every temporary of one request: allocations are never
 * freed one by one, only all together with arena_free.
 */
struct arena;

struct arena	*arena_new(void);
void		 arena_free(struct arena *);
void		*arena_alloc(struct arena *, size_t);
void		*arena_calloc(struct arena *, size_t, size_t);
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/*
 * Room for one more element in an arena array of used elements of size
 * elem: returns array itself when it has room, else a copy twice as big
 * (first elements when empty), updating *cap.  The old copy is left to
 * the arena.
 */
void		*arena_grow(struct arena *, void *array, size_t used,
		    size_t *cap, size_t elem, size_t first);

/* Current time as seconds since the epoch, and as ISO 8601 UTC text. */
int64_t	 util_now(void);
/* The wall-clock time ms milliseconds from now, as pthread_cond_timedwait
 * wants its deadline. */
struct timespec;
void	 util_time_in_ms(struct timespec *, long ms);
/* Writes "2024-01-02T03:04:05.000Z" into out (at least 25 bytes). */
void	 util_iso8601(int64_t, char out[32]);
/* Parses ISO 8601 UTC or with offset; returns 0 and sets *t, or -1. */
int	 util_parse_iso8601(const char *, int64_t *t);

#endif
