/*
 * The subcommands of cmd/main.c that share its flags: serve and admin.
 */
#ifndef CONFAB_CMD_H
#define CONFAB_CMD_H

/* The flags of confab admin (cfg holds --db, --listen and the rest). */
struct opts {
	const char	*username;
	const char	*email;
	const char	*group;
	const char	*description;
	int		 admin;
	int		 moderator;
};

/* Prints the usage and exits 2. */
void	cmd_usage(void) __attribute__((noreturn));

/* confab serve: runs until SIGTERM or SIGINT; returns the exit status. */
int	cmd_serve(void);

/* confab admin ...: each returns the exit status (fatal errors exit 1). */
int	cmd_admin_create_user(const struct opts *);
int	cmd_admin_api_key(const struct opts *);
int	cmd_admin_add_to_group(const struct opts *);
/* Recomputes every stored counter; prints mismatches, returns 1 if any. */
int	cmd_admin_check_counters(void);

#endif
