"""The review log: fmflash's SQLite database, its rows, counts and cached schedules (the store)."""
