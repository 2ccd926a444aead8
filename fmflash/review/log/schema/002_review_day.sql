-- Schema version 2: each review records the learner's day it counts for (the day starts at the
-- configured hour, 4 am by default), so daily limits and statistics need no time arithmetic.
-- Reviews logged by version 1 get the day under the default 4 am start.

ALTER TABLE reviews ADD COLUMN day TEXT;
UPDATE reviews SET day = date(reviewed_at, '-4 hours');
CREATE INDEX reviews_by_day ON reviews (day);
CREATE INDEX reviews_by_card ON reviews (card_id, id);
