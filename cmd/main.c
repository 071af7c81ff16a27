/*
 * confab's entry point: the flags every subcommand shares, and the
 * dispatch to the subcommand (cmd_serve.c, cmd_admin.c, cmd_import.c,
 * cmd_backup.c).
 *
 *   confab serve [--listen ADDR:PORT] [--db PATH] [--static DIR] [--threads N]
 *   confab admin create-user --username NAME --email EMAIL [--admin] [--moderator]
 *   confab admin api-key [--username NAME] [--description TEXT]
 *   confab admin add-to-group --group NAME --username NAME
 *   confab admin check-counters
 *   confab import-program FILE [--dry-run] [--format json|csv]
 *   confab backup FILE        (online, consistent; see cmd_backup.c)
 *   confab restore FILE       (into a stopped instance)
 *
 * Every subcommand takes --db PATH (else CONFAB_DB, else ./confab.db).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd_backup.h"
#include "cmd_import.h"
#include "config.h"
#include "log.h"

void
cmd_usage(void)
{
	fputs("usage: confab serve [--listen ADDR:PORT] [--db PATH] "
	    "[--static DIR] [--threads N]\n"
	    "       confab admin create-user --username NAME --email EMAIL "
	    "[--admin] [--moderator] [--db PATH]\n"
	    "       confab admin api-key [--username NAME] "
	    "[--description TEXT] [--db PATH]\n"
	    "       confab admin add-to-group --group NAME --username NAME "
	    "[--db PATH]\n"
	    "       confab admin check-counters [--db PATH]\n"
	    "       confab import-program FILE [--dry-run] "
	    "[--format json|csv] [--db PATH]\n"
	    "       confab backup FILE [--db PATH]\n"
	    "       confab restore FILE [--db PATH]\n"
	    "The password for create-user is read from CONFAB_PASSWORD, "
	    "else from standard input.\n", stderr);
	exit(2);
}

static const char *
need_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		fprintf(stderr, "confab: %s needs a value\n", argv[*i]);
		cmd_usage();
	}
	return argv[++*i];
}

/* Parses the flags every subcommand shares into cfg and o. */
static void
parse_flags(int argc, char **argv, int first, struct opts *o)
{
	int i;

	for (i = first; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--db") == 0)
			cfg.db_path = need_value(argc, argv, &i);
		else if (strcmp(a, "--listen") == 0)
			cfg.listen = need_value(argc, argv, &i);
		else if (strcmp(a, "--static") == 0)
			cfg.static_dir = need_value(argc, argv, &i);
		else if (strcmp(a, "--threads") == 0)
			cfg.threads = (unsigned)atoi(need_value(argc, argv, &i));
		else if (strcmp(a, "--username") == 0)
			o->username = need_value(argc, argv, &i);
		else if (strcmp(a, "--email") == 0)
			o->email = need_value(argc, argv, &i);
		else if (strcmp(a, "--group") == 0)
			o->group = need_value(argc, argv, &i);
		else if (strcmp(a, "--description") == 0)
			o->description = need_value(argc, argv, &i);
		else if (strcmp(a, "--admin") == 0)
			o->admin = 1;
		else if (strcmp(a, "--moderator") == 0)
			o->moderator = 1;
		else {
			fprintf(stderr, "confab: unknown option %s\n", a);
			cmd_usage();
		}
	}
	if (cfg.threads == 0 || cfg.threads > 256)
		fatalx("--threads must be between 1 and 256");
}

int
main(int argc, char **argv)
{
	struct opts o = {0};

	config_init();
	if (argc < 2)
		cmd_usage();
	if (strcmp(argv[1], "serve") == 0) {
		parse_flags(argc, argv, 2, &o);
		return cmd_serve();
	}
	if (strcmp(argv[1], "import-program") == 0)
		return cmd_import_program(argc, argv);
	if (strcmp(argv[1], "backup") == 0)
		return cmd_backup(argc, argv);
	if (strcmp(argv[1], "restore") == 0)
		return cmd_restore(argc, argv);
	if (strcmp(argv[1], "admin") == 0 && argc >= 3) {
		parse_flags(argc, argv, 3, &o);
		if (strcmp(argv[2], "create-user") == 0)
			return cmd_admin_create_user(&o);
		if (strcmp(argv[2], "api-key") == 0)
			return cmd_admin_api_key(&o);
		if (strcmp(argv[2], "add-to-group") == 0)
			return cmd_admin_add_to_group(&o);
		if (strcmp(argv[2], "check-counters") == 0)
			return cmd_admin_check_counters();
	}
	cmd_usage();
}
