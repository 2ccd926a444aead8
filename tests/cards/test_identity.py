"""A card's identity: GUIDs exactly as genanki (and so Anki) makes them."""

from __future__ import annotations

import genanki
from hypothesis import given
from hypothesis import strategies as st

from fmflash.cards.identity import note_guid


@given(st.text(), st.text())
def test_a_note_guid_is_genankis_for_any_seed_and_id(seed: str, card_id: str) -> None:
    assert note_guid(seed, card_id) == genanki.guid_for(seed, card_id)
