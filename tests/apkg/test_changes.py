from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.apkg.changes import (
    Placement,
    SectionText,
    changed_kinds,
    confirm_cards,
    stale_cards,
    update_record,
)
from fmflash.apkg.notetypes import NoteKind
from fmflash.apkg.render import NoteContent, note_content
from fmflash.cards.identity import note_guid
from fmflash.cards.record_format import CardRecord, Record, parse_record, render_record
from fmflash.errors import FmflashError

KEY = "0123456789abcdef"

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
    chapters: dict[str, str] | None = None,
):
    sections = {n.card_id: section for n in notes}
    chapters = chapters or {}
    placement = Placement(
        {n.card_id: chapters.get(n.card_id, "") for n in notes},
        {"": deck, **{chapter: f"{deck}::{chapter}" for chapter in chapters.values()}},
    )
    return update_record(
        record._replace(project_key=record.project_key or KEY),
        notes,
        placement=placement,
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


def test_a_prose_edit_makes_curated_cards_and_fixed_cases_stale_but_not_practice_cards() -> None:
    rule = r"parameters?[^.]{0,80}bytes"  # weights_memory's rule as notes state it
    before = SectionText("S", "fp1", "A 7B model stores its parameters in 2 bytes each.")
    notes = [
        note("curated"),
        note_content("case", NoteKind.NUMERIC, ("q", "a", "w", "S", "case"), ()),
        note_content("drill", NoteKind.PRACTICE, ("q", "a", "w", "S", "drill"), ()),
    ]
    record, _ = update(Record(), notes, now=100, section=before)

    def stale_after(text: str) -> list[str]:
        after = SectionText("S", "fp2", text)
        sections = {n.card_id: after for n in notes}
        return [c.card_id for c in stale_cards(record, notes, sections, rules={"drill": rule})]

    # Prose, and the numbers of the rule's statement: the practice card's text is its formula's.
    assert stale_after("Also: GPUs. A 7B model stores its parameters in 2 bytes each.") == [
        "curated",
        "case",
    ]
    assert stale_after("A 13.5B model stores its parameters in 4 bytes each.") == [
        "curated",
        "case",
    ]
    # The words that state its rule changed, or no longer state it: the practice card too.
    assert stale_after("A 7B model stores its parameters at 2 bytes each.") == [
        "curated",
        "case",
        "drill",
    ]
    assert stale_after("A 7B model needs 14 GB.") == ["curated", "case", "drill"]
    # No pattern (a formula the notes never state): never stale from prose.
    after = SectionText("S", "fp2", "Anything.")
    sections = {n.card_id: after for n in notes}
    assert [c.card_id for c in stale_cards(record, notes, sections)] == ["curated", "case"]


def test_a_changed_note_type_schema_is_flagged() -> None:
    first, _ = update(Record(), [note("a")], now=100)
    _, same = update(first, [note("a")], now=200)
    _, renamed = update(first, [note("a")], now=200, schema="s2")
    assert (same.schema_changed, renamed.schema_changed) == (False, True)


def test_a_renamed_deck_keeps_every_identity() -> None:
    first, _ = update(Record(), [note("a")], now=100)
    second, changes = update(first, [note("a")], now=200, deck="Other")
    assert (changes.added, changes.removed, changes.renamed) == ((), (), (("D", "Other"),))
    assert second.cards["a"] == first.cards["a"]
    assert second.deck_name == "Other"


def test_a_new_card_gets_its_identity_from_the_project_key_and_keeps_it() -> None:
    first, _ = update(Record(), [note("a")], now=100)
    recorded = first.cards["a"]
    assert (recorded.guid, recorded.kind) == (note_guid(KEY, "a"), "basic")
    assert 100_000 - 10**6 - 10**9 < recorded.note_id <= 100_000 - 10**6
    other, _ = update(Record(project_key="fedcba9876543210"), [note("a")], now=100)
    assert other.cards["a"].guid != recorded.guid
    assert other.cards["a"].note_id != recorded.note_id
    removed, _ = update(first, [note("b")], now=200)
    back, _ = update(removed, [note("a", "changed"), note("b")], now=300)
    assert (back.cards["a"].guid, back.cards["a"].note_id) == (recorded.guid, recorded.note_id)


def test_a_card_moved_to_another_chapter_keeps_its_identity() -> None:
    first, _ = update(Record(), [note("a"), note("b")], now=100)
    second, changes = update(first, [note("a"), note("b")], now=200, chapters={"b": "ch3/x.yaml"})
    assert changes.moved == (("b", "D", "D::ch3/x.yaml"),)
    assert (changes.added, changes.removed) == ((), ())
    assert second.cards["b"]._replace(chapter="") == first.cards["b"]
    assert second.cards["b"].chapter == "ch3/x.yaml"
    assert second.chapters == {"ch3/x.yaml": "D::ch3/x.yaml"}


def test_a_kind_change_is_found_in_cards_and_removed_cards() -> None:
    first, _ = update(Record(), [note("a"), note("b")], now=100)
    second, _ = update(first, [note("a")], now=200)
    cloze = [note_content(i, NoteKind.CLOZE, ("{{c1::x}}", "", "S", i), ()) for i in "ab"]
    assert changed_kinds(second, cloze) == [("a", "basic", "cloze"), ("b", "basic", "cloze")]
    assert changed_kinds(second, [note("a"), note("b")]) == []


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
        "enclosed in double quotes); restore it from git (it holds every card's identity in "
        "Anki)"
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
    for card_id, recorded in second.cards.items():
        old = first.cards.get(card_id)
        if card_id in changes.unchanged:
            assert recorded == old
        elif old is not None:
            assert recorded.changed > old.changed
    assert set(changes.removed) == set(first_ids) - set(second_ids)
    assert parse_record(render_record(second), path="r") == second


def test_format_1_records_are_read() -> None:
    text = (
        '{"format": 1, "deck": "D", "note_types": {"hash": "n", "changed": 5}, '
        '"cards": {"a": {"hash": "h", "changed": 7}}}'
    )
    record = parse_record(text, path="r")
    assert record.cards == {"a": CardRecord("h", 7, guid=note_guid("D", "a"))}
    assert record.note_schema is None


def test_a_format_2_record_keeps_every_guid_it_gave() -> None:
    """An old record survives the upgrade: each card keeps the GUID of deck name and id."""
    text = (
        '{"format": 2, "deck": "AI::2 Models", "note_types": {"hash": "n", "changed": 5, '
        '"schema": "s"}, "cards": {"a": {"hash": "h", "changed": 7, "section": "f"}}, '
        '"removed": {"b": {"hash": "g", "changed": 6}}, "sections": {"f": "Text."}}'
    )
    record = parse_record(text, path="r")
    assert record.cards["a"] == CardRecord("h", 7, "f", guid=note_guid("AI::2 Models", "a"))
    assert record.removed["b"].guid == note_guid("AI::2 Models", "b")
    assert record.project_key == ""
    assert parse_record(render_record(record), path="r") == record
