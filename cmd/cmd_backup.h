/*
 * confab backup FILE [--db PATH]: an online, consistent copy of the
 * database, safe while the server writes.
 * confab restore FILE [--db PATH]: replaces a stopped instance's database
 * with a checked backup.
 */
#ifndef CONFAB_CMD_BACKUP_H
#define CONFAB_CMD_BACKUP_H

/* Both take main's argc/argv (argv[1] is the command); return the exit
 * status: 0, 1 on failure, 2 on a usage error. */
int	cmd_backup(int argc, char **argv);
int	cmd_restore(int argc, char **argv);

#endif
