/*
 * Logging in the manner of OpenBSD's log.c: one line per event on stderr,
 * with a time stamp.  fatal/fatalx are for start-up only, never while
 * serving.
 */
#ifndef CONFAB_LOG_H
#define CONFAB_LOG_H

void	log_set_verbose(int);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/*
 * An access-log line: like log_info, but once log_buffer_start has run,
 * kept in a buffer of the calling thread and written out within 100 ms
 * (or sooner, a few thousand bytes at a time).  log_buffer_stop writes
 * out what is left and goes back to writing each line at once; call it
 * when no thread logs accesses any more.  log_buffer_start returns 0, or
 * -1 when its thread cannot start (lines are then written at once).
 */
void	log_access(const char *, ...) __attribute__((format(printf, 1, 2)));
int	log_buffer_start(void);
void	log_buffer_stop(void);
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
