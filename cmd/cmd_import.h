/*
 * confab import-program: the command line of the conference import.
 */
#ifndef CONFAB_CMD_IMPORT_H
#define CONFAB_CMD_IMPORT_H

/* `confab import-program FILE [--dry-run] [--db PATH]`; takes main's
 * argc/argv (argv[1] is the command) and returns the exit status. */
int	cmd_import_program(int argc, char **argv);

#endif
