/*
 * Online backups and restores with SQLite's backup API.  A backup is a
 * consistent copy of the database as of one moment, taken while the
 * server keeps writing (WAL: the copy reads one snapshot, writers are not
 * blocked).  A restore replaces a stopped instance's database with a copy
 * that passed an integrity check.
 */
#ifndef CONFAB_BACKUP_H
#define CONFAB_BACKUP_H

#include <stddef.h>

struct db;

/*
 * Copies db into a new file at path (written beside it and renamed, so a
 * failed backup never leaves a half-written file under that name), then
 * checks the copy.  Returns DB_OK or DB_ERROR with a message in err.
 */
int	db_backup_to(struct db *, const char *path, char *err, size_t errlen);

/*
 * Whether the database file at path passes PRAGMA integrity_check and is
 * not newer than this binary's schema: DB_OK, or DB_ERROR with a message.
 */
int	db_integrity_ok(const char *path, char *err, size_t errlen);

/*
 * Replaces the database at target with the backup at path, after checking
 * the backup.  Refuses (DB_BUSY) while another connection, such as a
 * running server, has target open.  DB_OK, DB_BUSY or DB_ERROR, with a
 * message in err.
 */
int	db_restore_from(const char *path, const char *target, char *err,
	    size_t errlen);

#endif
