/*
 * Field validation with plain messages, as Discourse words them.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "utf8.h"
#include "valid.h"

static int
username_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-';
}

static int
special(int c)
{
	return c == '.' || c == '-';
}

const char *
valid_username(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	if (n < 3)
		return "Username must be at least 3 characters";
	if (n > 20)
		return "Username must be no more than 20 characters";
	for (i = 0; i < n; i++) {
		if (!username_char((unsigned char)s[i]))
			return "Username must only include numbers, letters, "
			    "dashes, dots, and underscores";
		if (i > 0 && special((unsigned char)s[i]) &&
		    special((unsigned char)s[i - 1]))
			return "Username must not contain a sequence of 2 or "
			    "more special chars (.-_)";
	}
	if (special((unsigned char)s[0]) || special((unsigned char)s[n - 1]))
		return "Username must begin and end with a letter, a number "
		    "or an underscore";
	return NULL;
}

const char *
valid_email(const char *s)
{
	const char *at, *dot;
	size_t i, n = s ? strlen(s) : 0;

	if (n == 0)
		return "Email can't be blank";
	if (n > 254)
		return "Email is too long";
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '<' ||
		    s[i] == '>' || s[i] == '"' || s[i] == ',')
			return "Email is invalid";
	at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return "Email is invalid";
	dot = strrchr(at, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return "Email is invalid";
	return NULL;
}

const char *
valid_password(const char *pw, const char *username, const char *email)
{
	size_t n = pw ? strlen(pw) : 0;

	if (n == 0)
		return "Password can't be blank";
	if (valid_utf8_chars(pw) < cfg.min_password)
		return "Password is too short";
	if (n > cfg.max_password)
		return "Password is too long";
	if (username != NULL && strcasecmp(pw, username) == 0)
		return "Password must not be the same as your username";
	if (email != NULL && strcasecmp(pw, email) == 0)
		return "Password must not be the same as your email";
	return NULL;
}

/* Kept for its callers: the count is utf8_chars's (see utf8.h). */
size_t
valid_utf8_chars(const char *s)
{
	return utf8_chars(s);
}

/* Returns 1 when s is valid UTF-8 with no control characters but \n \r
 * \t and no DEL, else 0. */
int
valid_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;
	unsigned cp;

	while (*p) {
		if (*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t')
			return 0;
		if (*p == 0x7f)
			return 0;
		if ((len = utf8_decode(p, &cp)) == 0)
			return 0;
		p += len;
	}
	return 1;
}
