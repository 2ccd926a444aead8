"""fmflash review driven with scripted (non-TTY) input through CliRunner."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fmflash.cli import cli

from ...conftest import (
    CARDS,
    NOTES,
    PERPLEXITY_CARDS,
    PERPLEXITY_NOTES,
    PRACTICE_CARDS,
    UTILIZATION_CARDS,
    WriteProject,
    by_item,
)

COMPUTED = CARDS + (
    "computed:\n"
    "  - id: weights-memory-calc\n"
    "    section: Model Size\n"
    "    formula: weights_memory\n"
    "    cases:\n"
    "      - {params: 7B, bytes_per_param: 2}\n"
)


@pytest.fixture
def review(write_project: WriteProject, tmp_path: Path):  # type: ignore[no-untyped-def]
    cards = write_project(CARDS)
    db = tmp_path / "review.db"

    def run(
        keys: str, *args: str, now: str = "2026-03-01T09:00", env: dict[str, str] | None = None
    ) -> Result:
        env = {"FMFLASH_NOW": now, "FMFLASH_DB": str(db), "NO_COLOR": "1", **(env or {})}
        return CliRunner().invoke(
            cli, ["review", "--cards", str(cards), *args], input=keys, env=env
        )

    run.db = db  # type: ignore[attr-defined]
    run.cards = cards  # type: ignore[attr-defined]
    return run


def logged(db: Path) -> list[tuple[object, ...]]:
    """Return the logged grades, each review item named by its id in the project."""
    rows = (
        sqlite3.connect(db)
        .execute("SELECT card_key, grade, redrill FROM review_log ORDER BY id")
        .fetchall()
    )
    return by_item(db.parent / "cards.yaml", rows)


def test_a_scripted_session_shows_cards_in_notes_order_and_saves_grades(review) -> None:  # type: ignore[no-untyped-def]
    result = review("\n5\n\n4\n\n2\n\n3\n\n5\n\n4\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("The [...] architecture dominates.") < out.index("How much memory")
    assert "The [transformer] architecture dominates." in out
    assert "Mixture of Experts (reverse)" not in out  # buried: its card was shown today
    assert "(again today: graded below 4)" in out
    assert out.endswith(
        "Reviewed 4 cards (4 new, 0 due) and 2 re-drills.\n"
        "Grades: 5: 2  4: 2  3: 1  2: 1\n"
        "Next due: tomorrow (2026-03-02). Tomorrow: 4 cards due.\n"
    )
    assert logged(review.db) == [
        ("transformer-dominates", 5, 0),
        ("weights-memory", 4, 0),
        ("mixtral-total", 2, 0),
        ("sampling-definition", 3, 0),
        ("mixtral-total", 5, 1),
        ("sampling-definition", 4, 1),
    ]
    tomorrow = review("\n5\n\n5\n\n5\n\n5\n", now="2026-03-02T09:00")
    assert "Mixture of Experts (reverse)" not in tomorrow.stdout  # its card is due again
    again = review("\n5\n", now="2026-03-03T09:00")  # failed on the 1st, it is due again
    assert "due 1 · buried 1" in again.stdout
    after = review("\n5\n", now="2026-03-04T09:00")
    assert "Mixture of Experts (reverse)" in after.stdout


def test_header_shows_section_and_what_remains(review) -> None:  # type: ignore[no-untyped-def]
    out = review("q\n").stdout
    first = out.splitlines()[1]
    assert first.startswith("  Foundation Models")
    assert first.endswith("new 4 · re-drill 0 · due 0 · buried 1")
    assert len(first) <= 80


def test_undo_restores_the_schedule_and_the_log(review) -> None:  # type: ignore[no-untyped-def]
    result = review("\n5\n\n4\nu\n\n1\nq\n")
    assert "Undid grade 4 of weights-memory." in result.stdout
    assert logged(review.db) == [("transformer-dominates", 5, 0), ("weights-memory", 1, 0)]


def test_quit_then_come_back_tomorrow_and_later(review) -> None:  # type: ignore[no-untyped-def]
    review("\n5\n\n4\nq\n")
    again = review("q\n")
    assert "new 2 · re-drill 0 · due 0 · buried 1" in again.stdout  # both sessions count
    tomorrow = review("q\n", now="2026-03-02T09:00")
    assert "new 2 · re-drill 0 · due 2 · buried 1" in tomorrow.stdout
    assert "Reviewed 0 cards" not in tomorrow.stdout


def test_daily_new_limit_counts_across_sessions(review) -> None:  # type: ignore[no-untyped-def]
    review("\n5\n", "--new", "2")
    result = review("\n5\n\n5\n", "--new", "2")
    assert "new 1 · re-drill 0 · due 0" in result.stdout
    assert review("", "--new", "2").stdout.startswith("Nothing to review now.\n")


def test_before_4_am_is_still_yesterday(review) -> None:  # type: ignore[no-untyped-def]
    review("\n5\n", now="2026-03-01T23:00")
    late = review("q\n", "--new", "1", now="2026-03-02T03:30")
    assert late.stdout.startswith("Nothing to review now.")
    assert "new 1" in review("q\n", "--new", "1", now="2026-03-02T04:00").stdout


def test_edited_text_keeps_the_schedule_and_removed_cards_keep_history(
    review,
    write_project: WriteProject,  # type: ignore[no-untyped-def]
) -> None:
    review("\n5\n\n5\n\n5\n\n5\n")
    review("\n5\n", now="2026-03-02T09:00")  # the reverse, buried on the first day
    write_project(
        CARDS.replace("14 GB.", "At least 14 GB.").split("  - id: sampling-definition")[0]
    )
    later = review("q\n", now="2026-03-09T09:00")
    assert "new 0 · re-drill 0 · due 3 · buried 1" in later.stdout
    write_project(CARDS)
    assert "new 0 · re-drill 0 · due 4 · buried 1" in review("q\n", now="2026-03-09T09:00").stdout


def test_computed_cards_take_a_typed_answer_and_propose_a_grade(
    review,
    write_project: WriteProject,  # type: ignore[no-untyped-def]
) -> None:
    write_project(COMPUTED)
    result = review("14\n\nq\n", "--section", "Model Size", "--tag", "computed")
    assert result.exit_code == 0, result.output
    assert "  Your answer ([s] suspend, [u] undo, [q] quit): 14\n" in result.stdout
    assert "  Answer: 14 GB\n  Yours is correct (0.0% off).\n" in result.stdout
    assert "  7 × 10⁹ parameters × 2 bytes = 1.4 × 10¹⁰ bytes = 14 GB\n" in result.stdout
    assert "Grade 0-5, [Enter] for 5 (perfect):" in result.stdout
    assert logged(review.db) == [("weights-memory-calc-7b-2", 5, 0)]


def test_a_proposed_grade_can_be_overridden(review, write_project: WriteProject) -> None:  # type: ignore[no-untyped-def]
    write_project(COMPUTED)
    result = review("20 GB\n4\n", "--tag", "weights_memory")
    assert "Yours is wrong, but in the right range (42.9% off)." in result.stdout
    assert logged(review.db) == [("weights-memory-calc-7b-2", 4, 0)]


@pytest.mark.parametrize(
    ("typed", "verdict", "grade"),
    [
        ("okay", "Yours: correct.", "Grade 0-5, [Enter] for 5 (perfect):"),
        ("Great", "Yours: wrong, great is not okay.",
         "Grade 0-5, [Enter] for 1 (wrong, remembered):"),
        ("51.3%", "Yours: '51.3%' is a number; this card asks for its rating: below okay, okay "
         "or great.", "Grade 0-5, [Enter] for 0 (blackout):"),
    ],
)  # fmt: skip
def test_a_card_that_asks_for_a_rating_takes_the_word_and_tells_a_number_so(  # type: ignore[no-untyped-def]
    review, write_project: WriteProject, typed: str, verdict: str, grade: str
) -> None:
    write_project(UTILIZATION_CARDS)
    result = review(f"{typed}\n\nq\nq\n", "--tag", "computed")
    assert result.exit_code == 0, result.output
    words = " ".join(result.stdout.split())
    # Review 1 of utilization-practice: 160 of 312 TFLOP/s, 51.3%, which the notes call okay.
    assert (
        "Utilization = achieved FLOP/s / peak FLOP/s. A chip with 312 TFLOP/s peak achieves 160 "
        "TFLOP/s. How do the notes rate its utilization?"
    ) in words
    assert (
        f"Your answer ([s] suspend, [u] undo, [q] quit): {typed} Answer: Okay {verdict} "
        "utilization = achieved / peak = (1.6 × 10¹⁴) / (3.12 × 10¹⁴) = 51.3% "
        "by the notes, 51.3% is okay: okay from 50%, great above 70%"
    ) in words
    assert grade in words
    proposed = int(grade.split("for ")[1][0])
    assert logged(review.db)[0] == ("utilization-practice", proposed, 0)


def test_unknown_section_and_tag_are_usage_errors(review) -> None:  # type: ignore[no-untyped-def]
    section = review("", "--section", "Model Sise")
    assert section.exit_code == 2
    assert (
        "Invalid value for '--section': 'Model Sise' is not a heading of "
        f"{review.cards.parent / 'notes.md'}; closest: 'Model Size'"
    ) in section.stderr
    tag = review("", "--tag", "mo")
    assert tag.exit_code == 2
    assert "no card has the tag 'mo'; tags: memory, section::foundation-models" in tag.stderr


def test_a_foreign_database_is_an_error_not_a_traceback(review) -> None:  # type: ignore[no-untyped-def]
    review.db.write_text("not a database " * 100)
    result = review("")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a handled error, not a crash
    assert result.stderr == (
        f"{review.db}: is not a readable SQLite database (file is not a database); fmflash "
        "leaves it untouched. Restore a backup, or choose another file with --db or FMFLASH_DB\n"
        "Error: 1 error found; nothing was reviewed.\n"
    )


def test_invalid_quality_keys_are_asked_again(review) -> None:  # type: ignore[no-untyped-def]
    result = review("\n7\nx\n4\nq\n")
    assert result.stdout.count("Grade 0-5 ([u] undo, [q] quit):") == 3
    assert logged(review.db) == [("transformer-dominates", 4, 0)]


def test_wrapping_ignores_colour_codes() -> None:
    from fmflash.text import wrap_visible

    coloured = "\x1b[36m\x1b[1mexperts\x1b[0m"
    text = f"divided into groups called {coloured}, and only a subset is used to process each"
    lines = wrap_visible(text, 40)
    assert [len(line.replace(coloured, "experts")) <= 40 for line in lines] == [True, True]
    assert lines[0] == f"divided into groups called {coloured}, and"
    assert wrap_visible("a " * 50, 10) == ["a a a a a"] * 10


def test_each_cloze_gap_is_its_own_review_with_its_own_schedule(  # type: ignore[no-untyped-def]
    review, write_project: WriteProject
) -> None:
    write_project(
        CARDS.replace(
            "The {{c1::transformer}} architecture dominates.",
            "The {{c1::transformer}} architecture {{c2::dominates}}.",
        )
    )
    first = review("\n5\nq\n")
    assert "The [...] architecture dominates." in first.stdout
    assert "Foundation Models (gap 2)" not in first.stdout  # buried: gap 1 was shown today
    review("\n5\nq\n", now="2026-03-02T09:00")  # gap 1 is due again: gap 2 waits again
    result = review("\n3\nq\n", now="2026-03-03T09:00")
    assert "Foundation Models (gap 2)" in result.stdout
    assert "The transformer architecture [...]." in result.stdout
    assert "The transformer architecture [dominates]." in result.stdout
    assert logged(review.db) == [
        ("transformer-dominates", 5, 0),
        ("transformer-dominates", 5, 0),
        ("transformer-dominates/c2", 3, 0),
    ]


def test_nothing_to_review_says_the_new_card_limit_is_reached(review) -> None:  # type: ignore[no-untyped-def]
    review("\n5\n\n5\n", "--new", "2")
    result = review("", "--new", "2")
    assert result.stdout == (
        "Nothing to review now.\n"
        "- New-card limit reached: 2 of 2 today, 3 unseen (--new N raises it).\n"
        "Next due: tomorrow (2026-03-02). Tomorrow: 2 cards due.\n"
    )


def test_nothing_to_review_says_until_when(review) -> None:  # type: ignore[no-untyped-def]
    review("\n5\n\n5\n\n5\n\n5\n")
    result = review("", now="2026-03-01T20:00")
    assert result.stdout == (
        "Nothing to review now.\n"
        "- 1 card waits for tomorrow (buried): another side of its card was shown today.\n"
        "- Nothing is due until 2026-03-02 (4 cards then).\n"
        "Next due: tomorrow (2026-03-02). Tomorrow: 4 cards due.\n"
    )


def test_a_filter_names_itself_and_never_claims_the_deck_unscheduled(review) -> None:  # type: ignore[no-untyped-def]
    review("\n5\n")  # the deck has a scheduled card now
    empty = review("", "--section", "Empty Heading")
    assert empty.stdout == (
        "Nothing to review now in section 'Empty Heading'.\n"
        "- No card in section 'Empty Heading': nothing to review.\n"
    )
    new_only = review("", "--section", "sampling", "--new", "1")
    assert new_only.stdout == (
        "Nothing to review now in section 'Sampling'.\n"
        "- New-card limit reached: 1 of 1 today, 1 unseen (--new N raises it).\n"
        "No card in section 'Sampling' is scheduled yet.\n"
    )


def test_section_and_tag_match_whatever_the_case(review) -> None:  # type: ignore[no-untyped-def]
    result = review("q\n", "--section", "MODEL SIZE", "--tag", "Memory")
    assert result.exit_code == 0, result.output
    assert "How much memory do 7B parameters at 2 bytes need?" in result.stdout


def test_tomorrow_means_the_same_in_the_summary_and_in_stats(review) -> None:  # type: ignore[no-untyped-def]
    review("\n5\n\n5\n\n5\n\n5\n")
    later = review("q\n", now="2026-03-04T09:00")  # all four were due on the 2nd
    assert later.stdout.endswith("Still due today: 4 cards. Tomorrow: 0 cards due.\n")
    env = {"FMFLASH_NOW": "2026-03-04T09:00", "FMFLASH_DB": str(review.db)}
    stats = CliRunner().invoke(cli, ["stats", "--cards", str(review.cards), "--json"], env=env)
    assert '"due_tomorrow": 0' in stats.stdout
    assert '"due_today": 4' in stats.stdout


def test_quitting_with_re_drills_owed_offers_them_then_says_how_many(review) -> None:  # type: ignore[no-untyped-def]
    result = review("\n2\n\n1\nq\nq\n")
    assert "You owe 2 re-drills today (cards graded below 4).\n" in result.stdout
    assert "[Enter] re-drill now  [q] quit anyway q\n" in result.stdout
    assert (
        "You still owe 2 re-drills today: run fmflash review again to finish them.\n"
    ) in result.stdout
    finish = review("\n5\n\n1\nq\n\n\n4\n\n4\n", now="2026-03-02T09:00")
    out = finish.stdout
    assert out.index("re-drill now") < out.index("(again today: graded below 4)")
    redrilled = out[out.index("re-drill now") :]
    assert redrilled.count("How much memory") == 1  # the re-drill, and no new card
    assert "How many parameters" not in redrilled
    assert "Reviewed 2 cards (0 new, 2 due) and 1 re-drill." in out


def test_an_unreadable_grade_line_gets_a_message(review) -> None:  # type: ignore[no-untyped-def]
    result = review("\n7\nx\n4\nq\n")
    assert "'7' is not a grade: type 0-5, s to suspend, u to undo or q to quit.\n" in result.stdout
    assert "'x' is not a grade: type 0-5, s to suspend, u to undo or q to quit.\n" in result.stdout


def test_a_40_column_terminal_breaks_nothing(review, write_project: WriteProject) -> None:  # type: ignore[no-untyped-def]
    long_section = "A Long Section Heading About Compute-Optimal Models"
    write_project(
        CARDS.replace("section: Sampling", f"section: {long_section}"),
        notes=NOTES.replace("## Sampling", f"## {long_section}"),
    )
    env = {"FMFLASH_NOW": "2026-03-01T09:00", "FMFLASH_DB": str(review.db), "COLUMNS": "40"}
    result = CliRunner().invoke(
        cli,
        ["review", "--cards", str(review.cards), "--section", long_section],
        input="\n4\n",
        env={**env, "NO_COLOR": "1"},
    )
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 40, lines
    assert "  A Long Section Heading About" in lines
    stats = CliRunner().invoke(cli, ["stats", "--cards", str(review.cards)], env=env)
    assert max(map(len, stats.stdout.splitlines())) <= 40, stats.stdout
    words = " ".join(stats.stdout.split())
    assert "Cards: 5 from 4 notes (new 4, learning 1, young 0, mature 0)" in words


def test_each_review_of_a_practice_card_draws_its_case_and_undo_shows_it_again(  # type: ignore[no-untyped-def]
    review, write_project: WriteProject
) -> None:
    from fmflash.cards.load import load_deck
    from fmflash.cards.model import ComputedCard
    from fmflash.cards.practice import practice_case
    from fmflash.formulas.typography import typeset_unicode

    write_project(PRACTICE_CARDS)
    (card,) = [c for c in load_deck(str(review.cards)).cards if isinstance(c, ComputedCard)]
    first, second, third = (
        practice_case(card, identity="weights-practice", number=number) for number in (1, 2, 3)
    )
    assert len({first.question, second.question, third.question}) == 3
    # Wrong (grade 1: again today), so the re-drill is review 2; undo it back to review 1.
    result = review("0\n\nu\n", "--tag", "computed")
    assert result.exit_code == 0, result.output
    out = result.stdout
    asked = [out.index(typeset_unicode(case.question)[:60]) for case in (first, second)]
    assert asked[0] < asked[1]
    assert f"Answer: {typeset_unicode(first.answer)}" in out
    assert "Undid grade 1 of weights-practice." in out
    assert out.count(typeset_unicode(first.question)[:60]) == 2  # the same case after the undo
    assert logged(review.db) == []
    # A new session next day: one review logged (grade 5), so the next one is review 2.
    review(f"{first.value / 1e9:g}\n\nq\n", "--tag", "computed")
    later = review("q\n", "--tag", "computed", now="2026-03-02T09:00").stdout
    assert typeset_unicode(second.question)[:60] in later


MATH_CARDS = CARDS + (
    "  - id: perplexity-math\n"
    "    section: Sampling\n"
    "    front: 'What is \\(PPL\\) in terms of \\(H\\)?'\n"
    "    back: '\\(PPL = 2^{H}\\), \\(\\frac{a}{b} \\times \\sqrt{x}\\) at \\(\\alpha\\)'\n"
)


def test_show_and_review_print_math_as_text_without_backslash_or_brace(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(MATH_CARDS)
    env = {"FMFLASH_NOW": "2026-03-01T09:00", "FMFLASH_DB": str(tmp_path / "r.db"), "NO_COLOR": "1"}
    shown = CliRunner().invoke(cli, ["show", "--cards", str(cards), "perplexity-math"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "  PPL = 2^H, a/b × √x at α\n" in shown.stdout
    reviewed = CliRunner().invoke(
        cli, ["review", "--cards", str(cards), "--section", "Sampling"], input="\n5\n\n5\n", env=env
    )
    assert reviewed.exit_code == 0, reviewed.output
    assert "PPL = 2^H, a/b × √x at α" in reviewed.stdout
    for output in (shown.stdout, reviewed.stdout):
        assert "\\" not in output
        assert "{" not in output
        assert "}" not in output


def test_a_declared_formula_s_practice_card_is_reviewed_like_a_built_in(  # type: ignore[no-untyped-def]
    review, write_project: WriteProject
) -> None:
    from fmflash.cards.load import load_deck
    from fmflash.cards.model import ComputedCard
    from fmflash.cards.practice import practice_case

    write_project(PERPLEXITY_CARDS, notes=PERPLEXITY_NOTES)
    (card,) = [c for c in load_deck(str(review.cards)).cards if isinstance(c, ComputedCard)]
    first = practice_case(card, identity="perplexity-practice", number=1)
    (entropy,) = first.inputs
    result = review(f"{2**entropy}\n\nq\n", "--tag", "perplexity")
    assert result.exit_code == 0, result.output
    words = " ".join(result.stdout.split())
    assert "Perplexity = 2 to the power of the entropy in bits per token. What is the " in words
    assert f"whose entropy is {entropy:g} bits per token?" in words
    assert f"Answer: {first.answer}" in words
    assert f"2 ** {entropy:g} = {first.answer}" in words
    assert [grade for _, grade, _ in logged(review.db)] == [5]


def test_re_drills_owed_count_in_stats_due_today(review) -> None:  # type: ignore[no-untyped-def]
    review("\n2\n\n1\nq\nq\n")
    env = {"FMFLASH_NOW": "2026-03-01T20:00", "FMFLASH_DB": str(review.db), "NO_COLOR": "1"}
    shown = CliRunner().invoke(cli, ["stats", "--cards", str(review.cards), "--json"], env=env)
    data = json.loads(shown.stdout)
    assert (data["due_today"], data["redrills_owed"], data["due_tomorrow"]) == (2, 2, 2)
    text = CliRunner().invoke(cli, ["stats", "--cards", str(review.cards)], env=env).stdout
    assert "Due: today 2 (overdue and 2 re-drills owed included), tomorrow 2" in text


EDIT_SCRIPT = """\
import pathlib, sys
line, path = sys.argv[1], pathlib.Path(sys.argv[2])
pathlib.Path(path.parent / "editor-args.txt").write_text(line + " " + path.name)
path.write_text(path.read_text().replace({old!r}, {new!r}))
"""


def editor(tmp_path: Path, old: str, new: str) -> str:
    """Return an EDITOR command: a script that replaces text in the file it is given."""
    script = tmp_path / "edit.py"
    script.write_text(EDIT_SCRIPT.format(old=old, new=new), encoding="utf-8")
    return f"{sys.executable} {script}"


def test_e_opens_the_editor_at_the_card_and_shows_it_as_edited(
    review,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    review("\n5\n")  # one grade: the log has something to keep
    before = logged(review.db)
    env = {"EDITOR": editor(tmp_path, "How much memory do 7B", "EDITED, how much memory do 7B")}
    result = review("e\n\n4\nq\n", now="2026-03-01T10:00", env=env)
    out = result.stdout
    line = CARDS.splitlines().index("  - id: weights-memory") + 1
    assert (tmp_path / "editor-args.txt").read_text() == f"+{line} cards.yaml"
    assert f"Read weights-memory again from {review.cards}." in " ".join(out.split())
    assert out.index("Read weights-memory again") < out.index("EDITED, how much memory do 7B")
    assert logged(review.db) == [*before, ("weights-memory", 4, 0)]  # the edit logged nothing


def test_an_edit_that_breaks_the_card_file_keeps_the_old_text_and_says_why(
    review,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    env = {"VISUAL": editor(tmp_path, "front: How much memory", "front: [How much memory")}
    result = review("\n5\ne\n\n4\nq\n", env=env)
    out = " ".join(result.stdout.split())
    assert f"Kept the old text: {review.cards}:" in out
    assert out.count("How much memory do 7B parameters at 2 bytes need?") == 2
    graded = "SELECT grade, redrill FROM review_log ORDER BY id"
    rows = sqlite3.connect(review.db).execute(graded).fetchall()
    assert rows == [(5, 0), (4, 0)]  # the edit logged nothing


SIBLING_CARDS = """\
deck:
  name: Test Deck
  notes: notes.md
cards:
  - id: qa
    section: Sampling
    front: What is sampling?
    back: How a model chooses an output.
    reverse: true
  - id: gaps
    section: Foundation Models
    cloze: The {{c1::transformer}} architecture {{c2::dominates}}.
"""


def test_one_side_or_gap_of_each_card_a_day_the_buried_ones_come_the_next_day(
    review,
    write_project: WriteProject,  # type: ignore[no-untyped-def]
) -> None:
    write_project(SIBLING_CARDS)

    def day(date: str, header: str) -> str:
        out = review("\n5\n\n5\n", now=f"{date}T09:00").stdout
        assert header in out, out
        assert "Reviewed 2 cards" in out
        return out

    first = day("2026-03-01", "new 2 · re-drill 0 · due 0 · buried 2")
    assert "(reverse)" not in first
    assert "(gap 2)" not in first
    day("2026-03-02", "new 0 · re-drill 0 · due 2 · buried 2")  # their cards are due again
    third = day("2026-03-03", "new 2 · re-drill 0 · due 0")
    assert "Sampling (reverse)" in third
    assert "Foundation Models (gap 2)" in third
    day("2026-03-04", "new 0 · re-drill 0 · due 2")
    # all four are overdue on the 12th: one side or gap of each card, the others the next day
    both = day("2026-03-12", "new 0 · re-drill 0 · due 2 · buried 2")
    assert "(reverse)" not in both
    assert "(gap 2)" not in both
    after = day("2026-03-13", "new 0 · re-drill 0 · due 2")
    assert "Sampling (reverse)" in after
    assert "Foundation Models (gap 2)" in after
    assert "buried" not in after
