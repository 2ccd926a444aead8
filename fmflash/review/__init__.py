"""The terminal trainer: scheduling, the session, typed answers, the store, statistics, the loop."""
