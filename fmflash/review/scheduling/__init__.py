"""Scheduling: grades, a schedule and the reviews it comes from, SM-2 and FSRS replays (pure)."""
