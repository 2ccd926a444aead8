"""The practice note in real Anki and a real browser: one case a day, the same on both sides.

The day is the learner's local day, starting at 4 am as Anki's does: the tests set the browser's
time zone (Los Angeles, where midnight UTC is 4 pm; Tokyo, where it is 9 am).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from anki.collection import Collection
from anki.notes import Note

from fmflash.apkg.build import build
from fmflash.apkg.notetypes import PRACTICE
from fmflash.apkg.render import cases_json, computed_html, render_card
from fmflash.apkg.templates import render_note
from fmflash.cards.load import load_deck
from fmflash.cards.model import ComputedCard
from fmflash.cards.practice import anki_cases

from ..browser import (
    DAY_MS,
    Browser,
    chromium,
    open_page,
    scripts_off,
    text_of,
    time_zone,
)
from ..conftest import (
    CARDS,
    PERPLEXITY_CARDS,
    PERPLEXITY_NOTES,
    PRACTICE_CARDS,
    UTILIZATION_CARDS,
    WriteProject,
    write_formula_course,
)
from .test_writer import collection, import_package

__all__ = ["chromium", "collection"]  # fixtures, used by name

T0 = 1_764_115_200
DAY_ONE = 20_500 * DAY_MS + 3_600_000  # 01:00 UTC on day 20,500
LOS_ANGELES = "America/Los_Angeles"  # UTC-8 in February: midnight UTC is 4 pm there
TOKYO = "Asia/Tokyo"  # UTC+9: midnight UTC is 9 am there
FIRST_DAY = date(2026, 2, 16)


def local_ms(zone: str, day: date, hour: int, minute: int = 0) -> int:
    """Return the time, in ms since 1970, of ``hour:minute`` on ``day`` in time zone ``zone``."""
    return int(datetime.combine(day, time(hour, minute), ZoneInfo(zone)).timestamp() * 1000)


def imported_note(cards: Path, card_id: str, collection: Collection) -> Note:
    """Build the card file's package beside it, import it into Anki; return one note."""
    package = cards.parent / "deck.apkg"
    build(str(cards), str(package), now=T0)
    import_package(collection, package)
    (note_id,) = collection.find_notes(f"Id:{card_id}")
    return collection.get_note(note_id)


@pytest.fixture
def practice_note(write_project: WriteProject, collection: Collection) -> Note:
    return imported_note(write_project(PRACTICE_CARDS), "weights-practice", collection)


def page(html: str) -> str:
    """Wrap a side of a card as Anki's reviewer shows it: a page whose body is the card."""
    head = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
    return f'{head}<body class="card">{html}</body></html>'


def the_cases(write_project: WriteProject) -> list[ComputedCard]:
    (card,) = [c for c in load_deck(str(write_project(PRACTICE_CARDS))).cards
               if isinstance(c, ComputedCard)]  # fmt: skip
    return list(anki_cases(card, identity=card.id))


def test_the_note_carries_twenty_cases_and_shows_the_first_as_a_plain_card(
    practice_note: Note, collection: Collection, write_project: WriteProject
) -> None:
    cases = the_cases(write_project)
    assert practice_note.note_type()["name"] == "fmflash Practice"  # type: ignore[index]
    assert practice_note["Cases"] == cases_json([computed_html(case) for case in cases])
    assert len(cases) == 20
    assert len({case.question for case in cases}) == 20
    first = cases[0]
    assert practice_note["Question"] == computed_html(first)[0]
    # Anki's browser columns show the first case, and no script or case data.
    collection.set_browser_card_columns(["question", "answer"])
    (card_id,) = collection.find_cards("Id:weights-practice")
    cells, *_ = collection.browser_row_for_id(card_id)
    question, answer = (cell[0] for cell in cells)
    assert question == f"Model Size {first.question.replace(' x ', ' × ')}"
    assert answer.startswith(f"{first.answer} ")
    assert "fm-cases" not in question + answer
    assert "cases.length" not in question + answer


def test_our_renderer_shows_the_practice_card_as_anki_does(
    practice_note: Note, write_project: WriteProject
) -> None:
    (card,) = [c for c in load_deck(str(write_project(PRACTICE_CARDS))).cards
               if isinstance(c, ComputedCard)]  # fmt: skip
    _, (ours,) = render_note(render_card(card))
    theirs = practice_note.cards()[0]
    assert ours.question == theirs.question().split("</style>", 1)[1]
    assert ours.answer == theirs.answer().split("</style>", 1)[1]


def shown_case(chromium: Browser, note: Note, now_ms: int, cases: dict[str, ComputedCard]) -> str:
    """Open the front, then the back, at ``now_ms``: return the question both show."""
    card = note.cards()[0]
    requests = open_page(chromium, page(card.question()), name="front", now_ms=now_ms)
    question = text_of(chromium, "[data-fm-part='0']")
    requests += open_page(chromium, page(card.answer()), name="back", now_ms=now_ms)
    assert requests == []  # nothing fetched
    assert text_of(chromium, "[data-fm-part='0']") == question
    case = cases[re.sub(r"10(\d+)", r"10^\1", question)]
    assert text_of(chromium, ".fm-answer") == case.answer
    return question


def test_in_a_browser_both_sides_show_the_days_case_and_the_next_day_another(
    practice_note: Note, chromium: Browser, write_project: WriteProject
) -> None:
    cases = {case.question.replace(" x ", " × "): case for case in the_cases(write_project)}
    with time_zone(chromium, LOS_ANGELES):
        shown = [
            shown_case(chromium, practice_note, local_ms(LOS_ANGELES, day, 9), cases)
            for day in (FIRST_DAY + timedelta(days) for days in range(4))
        ]
    assert len(set(shown)) == 4  # another case each day


@pytest.mark.parametrize("zone", [LOS_ANGELES, TOKYO])
def test_the_case_changes_at_4_am_local_time_not_at_midnight_utc(
    practice_note: Note, chromium: Browser, write_project: WriteProject, zone: str
) -> None:
    cases = {case.question.replace(" x ", " × "): case for case in the_cases(write_project)}
    next_day = FIRST_DAY + timedelta(1)
    start, end = local_ms(zone, FIRST_DAY, 4), local_ms(zone, next_day, 4)
    midnights = (datetime.combine(FIRST_DAY + timedelta(n), time(0), UTC) for n in (-1, 0, 1))
    (utc_midnight,) = [m for m in (int(d.timestamp() * 1000) for d in midnights) if start < m < end]
    minute = 60_000

    def at(now_ms: int) -> str:
        return shown_case(chromium, practice_note, now_ms, cases)

    with time_zone(chromium, zone):
        today = at(local_ms(zone, FIRST_DAY, 4, 1))
        assert at(utc_midnight - minute) == at(utc_midnight + minute) == today
        assert at(local_ms(zone, FIRST_DAY, 23, 59)) == at(local_ms(zone, next_day, 0, 1)) == today
        assert at(local_ms(zone, next_day, 3, 59)) == today  # before 4 am: still the same day
        assert at(local_ms(zone, FIRST_DAY, 3, 59)) != today  # the day before
        assert at(local_ms(zone, next_day, 4, 1)) != today  # the next day


def test_a_rating_card_s_back_shows_the_days_rating_and_works_out_its_percentage(
    write_project: WriteProject, collection: Collection, chromium: Browser
) -> None:
    cards = write_project(UTILIZATION_CARDS)
    card = imported_note(cards, "utilization-practice", collection).cards()[0]
    (practice,) = [c for c in load_deck(str(cards)).cards if isinstance(c, ComputedCard)]
    cases = {case.question: case for case in anki_cases(practice, identity=practice.id)}
    assert {case.answer for case in cases.values()} == {"Okay", "Great"}
    shown = []
    with time_zone(chromium, LOS_ANGELES):
        for days in range(6):
            now_ms = local_ms(LOS_ANGELES, FIRST_DAY + timedelta(days), 9)
            open_page(chromium, page(card.answer()), name="rating", now_ms=now_ms)
            case = cases[text_of(chromium, "[data-fm-part='0']")]
            assert text_of(chromium, ".fm-answer") == case.answer
            rated = text_of(chromium, ".fm-working").splitlines()[-1]
            assert rated == case.working[-1]  # "by the notes, 72.1% is great: okay from 50%, ..."
            shown.append(case.answer)
    assert set(shown) == {"Okay", "Great"}


def test_the_back_keeps_the_fronts_case_past_4_am_in_one_page(
    practice_note: Note, chromium: Browser
) -> None:
    """Anki's desktop reviewer shows the back in the page of the front, running its scripts."""
    card = practice_note.cards()[0]
    before, after = local_ms(LOS_ANGELES, FIRST_DAY, 3, 59), local_ms(LOS_ANGELES, FIRST_DAY, 4, 1)
    with time_zone(chromium, LOS_ANGELES):
        open_page(chromium, page(card.question()), name="front", now_ms=before)
        question = text_of(chromium, "[data-fm-part='0']")
        chromium.driver.execute_script(
            """
        var later = arguments[1], RealDate = Date.prototype.constructor;
        window.Date = function () { return new RealDate(later); };
        window.Date.now = function () { return later; };
        document.body.innerHTML = arguments[0];
        document.body.querySelectorAll("script").forEach(function (old) {
          var script = document.createElement("script");
          if (old.type) { script.type = old.type; }
          if (old.className) { script.className = old.className; }
          script.text = old.text;
          old.replaceWith(script);
        });
        """,
            card.answer(),
            after,
        )
        assert text_of(chromium, "[data-fm-part='0']") == question
        # A fresh page after 4 am shows the next day's case.
        open_page(chromium, page(card.question()), name="next", now_ms=after)
        assert text_of(chromium, "[data-fm-part='0']") != question


def test_with_scripts_off_the_first_case_shows_as_a_plain_card(
    practice_note: Note, chromium: Browser, write_project: WriteProject
) -> None:
    first = the_cases(write_project)[0]
    card = practice_note.cards()[0]
    with scripts_off(chromium):
        open_page(chromium, page(card.answer()), name="plain")
        body = text_of(chromium, "body")
    assert body.startswith(f"MODEL SIZE\n{first.question.replace(' x ', ' × ')}")
    assert f"\n{first.answer}\n" in body
    assert "cases.length" not in body
    assert "fm-cases" not in body


def test_card_text_in_the_cases_stays_text(chromium: Browser, collection: Collection) -> None:
    planted = "It said </script><script>window.broken = 1;</script> \"so\" & 'so' <b>bold</b>"
    model = collection.models.new(PRACTICE.name)
    for name in PRACTICE.fields:
        collection.models.add_field(model, collection.models.new_field(name))
    template = collection.models.new_template(PRACTICE.templates[0].name)
    template["qfmt"], template["afmt"] = PRACTICE.templates[0].front, PRACTICE.templates[0].back
    collection.models.add_template(model, template)
    collection.models.add(model)
    case = ComputedCard("x", "S", 1, "f", planted, "42 GB", ("a < b",), 42.0, None)  # type: ignore[arg-type]
    # Card text, escaped as fmflash escapes it; and HTML that closes a script, which the
    # case data alone must keep in.
    markup = ("<i>x</script><script>window.broken = 2;</script>'\"</i>", "a", "w")
    for cases, shown in ((computed_html(case), planted), (markup, "x'\"")):
        note = collection.new_note(model)
        note["Question"], note["Answer"], note["Working"] = "plain", "plain", "plain"
        note["Cases"] = cases_json([cases] * 3)
        note["Section"], note["Id"] = "S", "x"
        collection.add_note(note, collection.decks.id("Default"))
        for side in (note.cards()[0].question(), note.cards()[0].answer()):
            assert open_page(chromium, page(side), name="planted", now_ms=DAY_ONE) == []
            assert chromium.driver.execute_script("return window.broken === undefined")
            assert text_of(chromium, "[data-fm-part='0']") == shown


def test_reimporting_with_practice_cards_adds_no_duplicate_and_keeps_history(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    fixed = CARDS + (
        "computed:\n  - id: mem\n    section: Model Size\n    formula: weights_memory\n"
        "    cases:\n      - {params: 7B, bytes_per_param: 2}\n"
        "      - {params: 70B, bytes_per_param: 0.5}\n"
    )
    cards = write_project(fixed)
    package = tmp_path / "deck.apkg"
    build(str(cards), str(package), now=T0)
    import_package(collection, package)
    (kept,) = collection.find_notes("Id:mem-7b-2")
    reviewed = collection.get_note(kept).cards()[0]
    reviewed.start_timer()
    collection.sched.answerCard(reviewed, 3)
    reviewed = collection.get_card(reviewed.id)

    practice = fixed.replace(
        "    cases:\n",
        "    practice:\n      params: [1B, 3B, 7B, 8B, 13B, 70B, 405B]\n"
        "      bytes_per_param: [fp32, fp16, int4]\n    cases:\n",
    ).replace("      - {params: 70B, bytes_per_param: 0.5}\n", "")
    write_project(practice)
    result = build(str(cards), str(package), now=T0 + 86_400)
    assert result.changes.added == ("mem",)
    assert result.changes.removed == ("mem-70b-0-5",)
    assert result.changes.changed == ()
    log = import_package(collection, package)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (1, 0, 0)
    ids = [collection.get_note(note_id)["Id"] for note_id in collection.find_notes("")]
    assert len(ids) == len(set(ids)) == 7  # the 6 notes of v1 (Anki keeps removed ones) + 1
    after = collection.get_card(reviewed.id)
    assert (after.type, after.ivl, after.due, after.reps) == (
        reviewed.type, reviewed.ivl, reviewed.due, reviewed.reps,
    )  # fmt: skip
    assert collection.db.scalar("select count() from revlog where cid = ?", reviewed.id) == 1


def test_a_declared_formula_s_practice_note_imports_into_anki_with_twenty_cases(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    cards = write_project(PERPLEXITY_CARDS, notes=PERPLEXITY_NOTES)
    package = tmp_path / "deck.apkg"
    build(str(cards), str(package), now=T0)
    import_package(collection, package)
    note = perplexity_note(collection, "perplexity-practice")
    assert note["Question"] == json.loads(note["Cases"])[0][0]
    assert sorted(note.tags) == ["computed", "perplexity", "section::perplexity"]


def perplexity_note(collection: Collection, card_id: str) -> Note:
    """Return a perplexity practice note from Anki, checking its twenty cases' sums."""
    (note_id,) = collection.find_notes(f"Id:{card_id}")
    note = collection.get_note(note_id)
    assert note.note_type()["name"] == "fmflash Practice"  # type: ignore[index]
    cases = json.loads(note["Cases"])
    assert len(cases) == 20
    for question, answer, working in cases:
        entropy = float(re.search(r"entropy is ([\d.]+) bits?", question)[1])  # type: ignore[index]
        assert question.startswith("Perplexity = 2 to the power of the entropy in bits per token.")
        assert float(answer.replace(",", "")) == pytest.approx(2**entropy, rel=5e-3)
        assert working == f"2 ** {entropy:g} = {answer}"
    return note


def test_a_chapter_s_practice_note_of_the_root_s_formula_imports_into_anki(
    tmp_path: Path, collection: Collection
) -> None:
    root = write_formula_course(tmp_path)
    package = tmp_path / "course.apkg"
    build(str(root), str(package), now=T0)
    import_package(collection, package)
    (card,) = perplexity_note(collection, "chapter-perplexity").cards()
    assert collection.decks.name(card.did) == "Course::3 Evaluation"
