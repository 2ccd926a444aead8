-- Schema version 5: an index of the log by day, re-drill, scale and grade, from which SQLite
-- counts a day's reviews without reading the rows (fmflash stats). It replaces the index of
-- days, which it starts with; no review changes.

CREATE INDEX review_log_counts ON review_log (day, redrill, scale, grade);
DROP INDEX review_log_by_day;
