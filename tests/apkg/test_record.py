from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.apkg.notetypes import NoteKind
from fmflash.apkg.record import (
    Entry,
    Record,
    SectionText,
    acknowledge_removed,
    confirm_cards,
    parse_record,
    render_record,
    stale_cards,
    update_record,
)
from fmflash.apkg.render import NoteContent, note_content
from fmflash.errors import FmflashError

SECTION = SectionText("S", "fp1", "Some text.")


def note(card_id: str, text: str = "x") -> NoteContent:
    return note_content(card_id, NoteKind.BASIC, (text, "a", "S", card_id, ""), ())


def update(  # type: ignore[no-untyped-def]
    record: Record,
    notes: list[NoteContent],
    now: int,
    deck: str = "D",
    section: SectionText = SECTION,
    schema: str = "s1",
):
    sections = {n.card_id: section for n in notes}
    return update_record(
        record,
        notes,
        deck_name=deck,
        note_types_hash="nt",
        note_schema=schema,
        sections=sections,
        now=now,
    )


def test_first_build_adds_everything_at_now() -> None:
    record, changes = update(Record(), [note("a"), note("b")], now=100)
    assert changes.added == ("a", "b")
    assert record.cards["a"].changed == 100
    assert record.package_time() == 100


def test_edit_changes_only_that_card_time() -> None:
    first, _ = update(Record(), [note("a"), note("b")], now=100)
    second, changes = update(first, [note("a", "edited"), note("b")], now=200)
    assert (changes.added, changes.changed, changes.unchanged) == ((), ("a",), ("b",))
    assert second.cards["a"].changed == 200
    assert second.cards["b"].changed == 100
    assert second.package_time() == 200


def test_change_time_is_strictly_newer_even_if_the_clock_is_behind() -> None:
    first, _ = update(Record(), [note("a")], now=100)
    second, _ = update(first, [note("a", "edited")], now=50)
    assert second.cards["a"].changed == 101


def test_removed_cards_are_reported_and_remembered_until_acknowledged() -> None:
    first, _ = update(Record(), [note("a"), note("b")], now=100)
    second, changes = update(first, [note("a")], now=200)
    assert changes.removed == ("b",)
    assert "b" not in second.cards
    third, changes = update(second, [note("a")], now=300)
    assert changes.removed == ()
    assert set(third.removed) == {"b"}
    assert acknowledge_removed(third, ["b"]).removed == {}


def test_a_card_added_back_moves_its_time_forward() -> None:
    first, _ = update(Record(), [note("a"), note("b")], now=100)
    second, _ = update(first, [note("a")], now=200)
    third, changes = update(second, [note("a"), note("b", "new text")], now=50)
    assert changes.added == ("b",)
    assert third.cards["b"].changed == 101
    assert "b" not in third.removed


def test_section_change_makes_unedited_cards_stale_until_edited_or_confirmed() -> None:
    first, _ = update(Record(), [note("a"), note("b")], now=100)
    changed = SectionText("S", "fp2", "Some other text.")
    second, _ = update(first, [note("a"), note("b")], now=200, section=changed)
    sections = {"a": changed, "b": changed}
    stale = stale_cards(second, [note("a"), note("b")], sections)
    assert [(c.card_id, c.old_text, c.new_text) for c in stale] == [
        ("a", "Some text.", "Some other text."),
        ("b", "Some text.", "Some other text."),
    ]
    third, _ = update(second, [note("a", "edited"), note("b")], now=300, section=changed)
    assert [c.card_id for c in stale_cards(third, [note("a", "edited"), note("b")], sections)] == [
        "b"
    ]
    fourth = confirm_cards(third, ["b"], sections)
    assert stale_cards(fourth, [note("a", "edited"), note("b")], sections) == ()
    assert set(fourth.sections) == {"fp2"}


def test_a_changed_note_type_schema_is_flagged() -> None:
    first, _ = update(Record(), [note("a")], now=100)
    _, same = update(first, [note("a")], now=200)
    _, renamed = update(first, [note("a")], now=200, schema="s2")
    assert (same.schema_changed, renamed.schema_changed) == (False, True)


def test_renamed_deck_makes_every_card_new() -> None:
    first, _ = update(Record(), [note("a")], now=100)
    _, changes = update(first, [note("a")], now=200, deck="Other")
    assert (changes.added, changes.removed, changes.renamed_from) == (("a",), ("a",), "D")


def test_record_round_trips_through_its_text() -> None:
    record, _ = update(Record(), [note("b"), note("a")], now=100)
    text = render_record(record)
    assert parse_record(text, path="r.json") == record
    assert text.index('"a"') < text.index('"b"')


def test_damaged_record_is_a_located_error() -> None:
    with pytest.raises(FmflashError) as caught:
        parse_record("{not json", path="deck/x.record.json")
    assert str(caught.value) == (
        "deck/x.record.json:1:2: the build record is not valid JSON (Expecting property name "
        "enclosed in double quotes); restore it from git, or delete it to rebuild every note"
    )
    with pytest.raises(FmflashError, match="unsupported record format 7; this fmflash reads"):
        parse_record('{"format": 7}', path="r.json")


ids = st.lists(st.from_regex(r"[a-z]{1,6}", fullmatch=True), unique=True, max_size=8)


@given(ids, ids, st.integers(0, 10**9), st.integers(0, 10**9))
def test_times_never_go_backwards_and_unchanged_cards_keep_theirs(
    first_ids: list[str], second_ids: list[str], first_now: int, second_now: int
) -> None:
    first, _ = update(Record(), [note(i) for i in first_ids], now=first_now)
    second, changes = update(
        first, [note(i, "v2" if i < "m" else "x") for i in second_ids], now=second_now
    )
    for card_id, entry in second.cards.items():
        old = first.cards.get(card_id)
        if card_id in changes.unchanged:
            assert entry == old
        elif old is not None:
            assert entry.changed > old.changed
    assert set(changes.removed) == set(first_ids) - set(second_ids)
    assert parse_record(render_record(second), path="r") == second


def test_format_1_records_are_read() -> None:
    text = (
        '{"format": 1, "deck": "D", "note_types": {"hash": "n", "changed": 5}, '
        '"cards": {"a": {"hash": "h", "changed": 7}}}'
    )
    record = parse_record(text, path="r")
    assert record.cards == {"a": Entry("h", 7)}
    assert record.note_schema is None
