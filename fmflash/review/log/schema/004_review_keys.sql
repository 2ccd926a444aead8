-- Schema version 4: review items are keyed by the card's identity (its Anki note GUID, as the
-- build record keeps it: "GUID", "GUID/reverse", "GUID/c2"), not by the bare card id, so two
-- projects with the same ids never share a schedule. Reviews logged before are keyed by bare
-- ids, which only a project can map to identities: they are listed here until a project claims
-- them (ReviewStore.claim: the first project that opens the database with a card of that id).

CREATE TABLE unclaimed (
    item_id TEXT PRIMARY KEY                  -- a bare item id of version 3 (id, id/reverse)
);
INSERT OR IGNORE INTO unclaimed (item_id) SELECT DISTINCT card_key FROM review_log;
