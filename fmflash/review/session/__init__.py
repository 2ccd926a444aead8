"""The session: review items, the course, what to review today, typed answers, the day's outcome."""
