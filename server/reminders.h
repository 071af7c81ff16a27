/*
 * The reminder worker (see reminders.c): a thread that sends whatever
 * reminders have come due, every cfg.reminder_interval_ms.
 */
#ifndef CONFAB_REMINDERS_H
#define CONFAB_REMINDERS_H

struct db_pool;

/*
 * Starts the thread, which borrows a connection from pool for each run
 * (the pool must outlive it).  Returns 0, or -1 (logged) when the thread
 * cannot start.  reminders_stop ends it after the run in progress; call
 * it before closing the pool.
 */
int	reminders_start(struct db_pool *pool, unsigned interval_ms);
void	reminders_stop(void);

#endif
