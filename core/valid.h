/*
 * Validation of user-supplied fields, shared by the HTTP handlers and the
 * command line.  Each returns NULL when the value is acceptable, else a
 * message for the user (a static string).
 */
#ifndef CONFAB_VALID_H
#define CONFAB_VALID_H

#include <stddef.h>

/* Discourse's rules: 3..20 characters of letters, digits, _ . -; starts
 * and ends with a letter, digit or _; no two specials in a row. */
const char	*valid_username(const char *);
const char	*valid_email(const char *);
/* Length bounds from cfg (in bytes for the maximum, before hashing). */
const char	*valid_password(const char *, const char *username,
		    const char *email);
/* Number of characters in s, as utf8_chars counts them (utf8.h). */
size_t		 valid_utf8_chars(const char *s);
/* 1 when s is valid UTF-8 with no control characters but \n \r \t. */
int		 valid_text(const char *s);

#endif
