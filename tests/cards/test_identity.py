"""Card identities: one rule for the package writer and the reviewer."""

from __future__ import annotations

import genanki
import pytest

from fmflash.cards.identity import note_guid
from fmflash.cards.record_format import card_guid, parse_record, read_identities
from fmflash.errors import FmflashError

FORMAT_2 = (
    '{"format": 2, "deck": "AI::2 Models", "note_types": null, '
    '"cards": {"a": {"hash": "h", "changed": 7}}, "removed": {"b": {"hash": "g", "changed": 6}}}'
)
FORMAT_3 = (
    '{"format": 3, "project": "0123456789abcdef", "deck": "D", "chapters": {}, '
    '"note_types": null, "cards": {"a": {"guid": "G(a)", "note": 5, "kind": "basic", '
    '"hash": "h", "changed": 7}}, "removed": {}, "sections": {}}'
)


@pytest.mark.parametrize("text", [FORMAT_2, FORMAT_3])
def test_the_reviewer_reads_the_identities_the_build_uses(text: str) -> None:
    record = parse_record(text, path="r.json")
    identities = read_identities(text, path="r.json")
    for card_id in record.cards.keys() | record.removed.keys():
        assert identities.guid(card_id) == card_guid(record, card_id)


def test_old_records_keep_the_guid_of_deck_name_and_id_and_new_cards_need_a_key() -> None:
    identities = read_identities(FORMAT_2, path="r.json")
    assert (
        identities.guid("b")
        == note_guid("AI::2 Models", "b")
        == genanki.guid_for("AI::2 Models", "b")
    )
    with pytest.raises(ValueError, match="needs the project key"):
        identities.guid("new")
    fresh = read_identities(FORMAT_3, path="r.json")
    assert fresh.guid("new") == note_guid("0123456789abcdef", "new")


def test_a_damaged_record_is_the_same_located_error_for_the_reviewer() -> None:
    with pytest.raises(FmflashError) as caught:
        read_identities('{"format": 3, "cards": {}}', path="deck/x.record.json")
    assert str(caught.value) == (
        "deck/x.record.json: the build record is damaged (KeyError('deck')); restore it from "
        "git (it holds every card's identity in Anki)"
    )
