from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fmflash.review.anki.collection import AnkiHistory, AnkiReview
from fmflash.review.anki.reviews import anki_reviews, card_keys, has_project_notes
from fmflash.review.scheduling.grades import Rating

NOTES = [("G1", "basic", True, ()), ("G2", "fact", False, (2, 3)), ("G3", "plain", False, ())]
KEYS = card_keys(NOTES)
MARCH_1 = 1_772_355_600_000  # 2026-03-01 09:00 UTC, as Anki's revlog ids count
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_anki_card_ordinals_become_review_keys() -> None:
    assert KEYS == {
        ("G1", 0): "G1",
        ("G1", 1): "G1/reverse",
        ("G2", 1): "G2",  # the first gap, c2, is the card itself
        ("G2", 2): "G2/c3",
        ("G3", 0): "G3",
    }


def test_only_graded_entries_of_this_projects_cards_are_reviews() -> None:
    history = AnkiHistory(
        frozenset({"G1", "G2", "other"}),
        (
            AnkiReview(MARCH_1, "G1", 1, 3, 1, 8000),  # a review of the reverse, Good
            AnkiReview(MARCH_1 + 1, "G2", 2, 1, 0, 0),  # a learning step of c3, Again
            AnkiReview(MARCH_1 + 2, "G2", 1, 0, 4, 0),  # Set Due Date: no grade
            AnkiReview(MARCH_1 + 3, "other", 0, 4, 1, 500),  # another project's note
        ),
    )
    found = anki_reviews(history, KEYS, day_of=lambda moment: moment.date(), now=NOW)
    reviews = found.reviews
    assert found.skipped == 0
    assert [(r.card_key, r.grade, r.duration_ms, r.anki_id) for r in reviews] == [
        ("G1/reverse", Rating.GOOD, 8000, MARCH_1),
        ("G2/c3", Rating.AGAIN, None, MARCH_1 + 1),
    ]
    assert reviews[0].reviewed_at == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert reviews[0].day == date(2026, 3, 1)
    assert reviews[0].scheduler == "anki"
    assert has_project_notes(history, {"G1", "G3"})
    assert not has_project_notes(AnkiHistory(frozenset({"other"}), ()), {"G1", "G3"})


def test_only_sound_rows_are_reviews_and_the_others_are_counted() -> None:
    rows = [
        (MARCH_1, 3, 8000),  # sound
        (MARCH_1 + 1, 2.5, 8000),  # not a button
        (MARCH_1 + 2, "3", 8000),  # text, not a button
        (MARCH_1 + 3, 5, 8000),  # no such button
        (MARCH_1 + 4, 3, "abc"),  # sound, its time taken unknown
        (MARCH_1 + 5, 3, -20),  # sound, its time taken unknown
        (MARCH_1 + 6, 3, 1.5),  # sound, its time taken unknown
        (2**63 - 1, 3, 8000),  # past the calendar's end
        (int(datetime(2058, 1, 1, tzinfo=UTC).timestamp() * 1000), 3, 8000),  # the future
        (int((NOW + timedelta(hours=23)).timestamp() * 1000), 3, 8000),  # within a day: kept
        (0, 3, 8000),  # 1970
        (-5, 3, 8000),
        (MARCH_1 // 1000, 3, 8000),  # seconds, not milliseconds: 1970
        (float(MARCH_1 + 7), 3, 8000),  # not a whole number
        ("2026-03-01", 3, 8000),
    ]
    history = AnkiHistory(
        frozenset({"G1"}),
        tuple(AnkiReview(moment, "G1", 0, ease, 1, taken) for moment, ease, taken in rows),
    )
    found = anki_reviews(history, KEYS, day_of=lambda moment: moment.date(), now=NOW)
    assert [(review.anki_id, review.duration_ms) for review in found.reviews] == [
        (MARCH_1, 8000),
        (MARCH_1 + 4, None),
        (MARCH_1 + 5, None),
        (MARCH_1 + 6, None),
        (rows[9][0], 8000),
    ]
    assert found.skipped == 10
    assert all(
        datetime(2006, 1, 1, tzinfo=UTC) <= review.reviewed_at <= NOW + timedelta(days=1)
        for review in found.reviews
    )


def test_sound_reviews_of_notes_left_out_for_errors_are_counted_not_returned() -> None:
    history = AnkiHistory(
        frozenset({"G1", "G9"}),
        (
            AnkiReview(MARCH_1, "G9", 0, 3, 1, 8000),  # a note left out: counted
            AnkiReview(MARCH_1 + 1, "G9", 1, 1, 0, 0),  # its reverse, Again: counted
            AnkiReview(MARCH_1 + 2, "G9", 0, 0, 4, 0),  # Set Due Date: no grade, not counted
            AnkiReview(MARCH_1 + 3, "G9", 0, 2.5, 1, 0),  # not sound: skipped, as any
            AnkiReview(MARCH_1 + 4, "G1", 0, 4, 1, 500),  # a card that loads: a review
            AnkiReview(MARCH_1 + 5, "other", 0, 4, 1, 500),  # another project's note
        ),
    )
    found = anki_reviews(
        history, KEYS, left_out_notes={"G9"}, day_of=lambda moment: moment.date(), now=NOW
    )
    assert [review.card_key for review in found.reviews] == ["G1"]
    assert (found.skipped, found.left_out) == (1, 2)
    assert has_project_notes(AnkiHistory(frozenset({"G9"}), ()), {"G1", "G9"})


def test_sound_reviews_of_removed_cards_notes_are_counted_apart_from_those_left_out() -> None:
    history = AnkiHistory(
        frozenset({"G1", "G8", "G9"}),
        (
            AnkiReview(MARCH_1, "G8", 0, 3, 1, 8000),  # a removed card's note: counted
            AnkiReview(MARCH_1 + 1, "G8", 0, 0, 4, 0),  # Set Due Date: no grade, not counted
            AnkiReview(MARCH_1 + 2, "G8", 0, 7, 1, 0),  # not sound: skipped, as any
            AnkiReview(MARCH_1 + 3, "G9", 0, 3, 1, 0),  # a note left out for errors
            AnkiReview(MARCH_1 + 4, "G1", 0, 4, 1, 500),  # a card that loads: a review
        ),
    )
    found = anki_reviews(history, KEYS, left_out_notes={"G9"}, removed_notes={"G8"},
                         day_of=lambda moment: moment.date(), now=NOW)  # fmt: skip
    assert [review.card_key for review in found.reviews] == ["G1"]
    assert (found.skipped, found.left_out, found.removed) == (1, 1, 1)
