/*
 * The backup and restore commands (see cmd_backup.h and
 * docs/operations.md).  The work is in db/backup.c; this file reads the
 * command line and reports.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backup.h"
#include "cmd_backup.h"
#include "config.h"
#include "db.h"

/* FILE and --db PATH; 0, or 2 after a usage message. */
static int
args(int argc, char **argv, const char **file)
{
	int i;

	*file = NULL;
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			cfg.db_path = argv[++i];
		else if (argv[i][0] != '-' && *file == NULL)
			*file = argv[i];
		else {
			*file = NULL;
			break;
		}
	}
	if (*file == NULL) {
		fprintf(stderr, "usage: confab %s FILE [--db PATH]\n", argv[1]);
		return 2;
	}
	return 0;
}

int
cmd_backup(int argc, char **argv)
{
	const char *file;
	char err[512];
	struct db *db;
	int rc;

	if ((rc = args(argc, argv, &file)) != 0)
		return rc;
	if (access(cfg.db_path, R_OK) != 0) {
		fprintf(stderr, "confab: no database at %s\n", cfg.db_path);
		return 1;
	}
	if ((db = db_open(cfg.db_path, cfg.sync_full)) == NULL) {
		fprintf(stderr, "confab: cannot open %s\n", cfg.db_path);
		return 1;
	}
	rc = db_backup_to(db, file, err, sizeof(err));
	db_close(db);
	if (rc != DB_OK) {
		fprintf(stderr, "confab: backup failed: %s\n", err);
		return 1;
	}
	printf("backed up %s to %s (integrity ok)\n", cfg.db_path, file);
	return 0;
}

int
cmd_restore(int argc, char **argv)
{
	const char *file;
	char err[512];
	int rc;

	if ((rc = args(argc, argv, &file)) != 0)
		return rc;
	rc = db_restore_from(file, cfg.db_path, err, sizeof(err));
	if (rc != DB_OK) {
		fprintf(stderr, "confab: restore refused: %s\n", err);
		return 1;
	}
	printf("restored %s from %s (integrity ok)\n", cfg.db_path, file);
	return 0;
}
