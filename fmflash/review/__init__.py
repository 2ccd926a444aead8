"""The terminal trainer, by concern: scheduling, the log, the session, the terminal, stats, Anki."""
