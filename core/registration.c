/*
 * Registration of conference participants (registration.h): codes, typed
 * by people and so normalised, generated from an alphabet without look-
 * alike characters, stored only as hashes and redeemed in the caller's
 * transaction; and the lists of logins staff add at once, from form
 * fields or a CSV upload.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <csv.h>
#include <sodium.h>

#include "conference.h"
#include "db.h"
#include "groups.h"
#include "auth.h"
#include "registration.h"
#include "util.h"

#define CODE_INVALID	"That registration code is not valid."

char *
conf_code_normal(struct arena *a, const char *in)
{
	size_t i, n;
	char *s;

	while (*in == ' ')
		in++;
	s = arena_strdup(a, in);
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	if (n < 6 || n > CONF_CODE_MAX)
		return NULL;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_')
			return NULL;
		s[i] = (char)toupper((unsigned char)s[i]);
	}
	return s;
}

char *
conf_code_new(struct arena *a)
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char code[15];
	size_t i, k = 0;

	for (i = 0; i < 12; i++) {
		if (i > 0 && i % 4 == 0)
			code[k++] = '-';
		code[k++] = alphabet[randombytes_uniform(sizeof(alphabet) -
		    1)];
	}
	code[k] = '\0';
	return arena_strdup(a, code);
}

int
conf_code_redeem(struct db *db, struct arena *a, const char *given,
    int64_t user_id, int64_t now, int64_t *group_id, const char **why)
{
	char hash[AUTH_HASH_LEN + 1], *code;
	int rc;

	if ((code = conf_code_normal(a, given)) == NULL) {
		*why = CODE_INVALID;
		return -2;
	}
	auth_secret_hash(code, hash);
	rc = db_conf_code_redeem(db, hash, user_id, now);
	if (rc == DB_NOTFOUND) {
		*why = CODE_INVALID;
		return -2;
	}
	if (rc != DB_OK || db_conf_group_ensure(db, CONF_GROUP_PARTICIPANTS,
	    "Registered participants", group_id) != DB_OK ||
	    db_group_add_member(db, *group_id, user_id) != DB_OK)
		return -1;
	return 0;
}

/* --- lists of logins ------------------------------------------------- */

static void
logins_push(struct conf_logins *l, const char *login, char *where)
{
	if (l->n == CONF_LOGINS_MAX) {
		l->too_many = 1;
		return;
	}
	l->item = arena_grow(l->a, l->item, l->n, &l->cap, sizeof(*l->item),
	    32);
	l->item[l->n].login = login;
	l->item[l->n].where = where;
	l->n++;
}

void
conf_logins_split(struct conf_logins *l, const char *list, const char *where)
{
	char *copy = arena_strdup(l->a, list), *save, *item;

	for (item = strtok_r(copy, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		while (*item == ' ')
			item++;
		if (*item != '\0')
			logins_push(l, item, arena_strdup(l->a, where));
	}
}

static void
csv_cell(void *data, size_t len, void *ctx)
{
	struct conf_logins *l = ctx;
	char *s, *t;

	if (!l->first_cell)
		return;
	l->first_cell = 0;
	s = arena_strndup(l->a, data ? data : "", len);
	while (*s == ' ' || *s == '\t')
		s++;
	for (t = s + strlen(s); t > s && (t[-1] == ' ' || t[-1] == '\t' ||
	    t[-1] == '\r'); t--)
		;
	*t = '\0';
	/* A header row names its column. */
	if (l->row == 1 && (strcasecmp(s, "username") == 0 ||
	    strcasecmp(s, "email") == 0 || strcasecmp(s, "login") == 0))
		return;
	if (*s != '\0')
		logins_push(l, s, arena_printf(l->a, "row %zu", l->row));
}

static void
csv_eol(int c, void *ctx)
{
	struct conf_logins *l = ctx;

	(void)c;
	l->row++;
	l->first_cell = 1;
}

int
conf_logins_csv(struct conf_logins *l, const char *csv)
{
	struct csv_parser parser;
	size_t len = strlen(csv);
	int rc = 0;

	l->row = 1;
	l->first_cell = 1;
	if (csv_init(&parser, CSV_APPEND_NULL) != 0)
		return -2;
	if (csv_parse(&parser, csv, len, csv_cell, csv_eol, l) != len ||
	    csv_fini(&parser, csv_cell, csv_eol, l) != 0)
		rc = -1;
	csv_free(&parser);
	return rc;
}
