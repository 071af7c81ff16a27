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
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
