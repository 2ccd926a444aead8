"""Every message with a count agrees with it: rendered with 0, 1 and 2 (one plural helper)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import click
import pytest

from fmflash.apkg.changes import StaleCard
from fmflash.apkg.reports import removed_report, section_diff, stale_report
from fmflash.cards.record_format import Record
from fmflash.cli.common import user_errors
from fmflash.errors import FmflashError, Problem, Severity
from fmflash.review.session.outlook import outlook
from fmflash.review.session.summary import summarise
from fmflash.review.stats.figures import compute_stats, render_stats
from fmflash.text import count_phrase, for_count

SINGULAR = r"(?:card|note|review|error|re-drill|line|warning|section)"
DAY = date(2026, 3, 10)


def agrees(text: str, count: int) -> bool:
    """Tell whether ``text`` uses a count's noun and pronouns in the right number."""
    if count == 1:
        many = re.search(rf"\b1 (?:[a-z-]+ ){{0,2}}{SINGULAR}s\b", text)
        return not many and not re.search(r"\b(?:them|they|their)\b", text)
    one = re.search(rf"\b{count} (?:[a-z-]+ ){{0,2}}{SINGULAR}\b", text)
    return not one and not re.search(r"\b(?:it is|its|it was|for it|finish it|fix it)\b", text)


def _error_summary(count: int) -> str:
    problems = [Problem("cards.yaml", f"problem {n}", line=n) for n in range(1, count + 1)]
    action = "fix {them} and run 'fmflash check' again"
    with pytest.raises(click.ClickException) as raised, user_errors(action):
        raise FmflashError(problems or [Problem("cards.yaml", "x")])
    return raised.value.message if count else "0 errors found"


def _stale(count: int) -> str:
    cards = tuple(StaleCard(f"card-{n}", "Sampling", "old", "new") for n in range(count))
    return "\n".join(stale_report(cards))


def _removed(count: int) -> str:
    return "\n".join(removed_report(tuple(f"gone-{n}" for n in range(count)), Record()))


def _diff(count: int) -> str:
    old = "\n".join(f"line {n}" for n in range(8 + count))
    return "\n".join(section_diff(old, ""))


def _stats(count: int) -> str:
    return render_stats(compute_stats(count, [], [], day=DAY, notes=count))


def _outlook(count: int) -> str:
    return outlook([DAY + timedelta(days=1)] * count, day=DAY)


def _linter(count: int) -> str:
    from fmflash.apkg.build_report import lint_summary

    warning = Problem("cards.yaml", "a flaw", line=1, severity=Severity.WARNING, rule="set")
    return "\n".join(lint_summary({"a-card": (warning,) * count}))


MESSAGES = {
    "linter warnings": _linter,
    "error summary": _error_summary,
    "stale cards": _stale,
    "removed cards": _removed,
    "more changed lines": _diff,
    "stats": _stats,
    "outlook": _outlook,
    "re-drills owed": lambda count: "\n".join(summarise((), redrills_owed=count)),
    "count phrase": lambda count: count_phrase(count, "more changed line"),
}


@pytest.mark.parametrize("count", [0, 1, 2])
@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_every_counted_message_agrees_with_its_count(name: str, count: int) -> None:
    text = MESSAGES[name](count)
    assert agrees(text, count), text


def test_the_agreement_check_can_fail() -> None:
    assert not agrees("1 card may be outdated: their notes section changed", 1)
    assert not agrees("Last 30 days: 1 reviews", 1)
    assert not agrees("2 cards may be outdated: its notes section changed", 2)
    assert not agrees("... 2 more changed line", 2)


def test_messages_of_one() -> None:
    assert _error_summary(1) == "1 error found; fix it and run 'fmflash check' again."
    assert _error_summary(2) == "2 errors found; fix them and run 'fmflash check' again."
    assert _stale(1).startswith(
        "1 card may be outdated: its notes section changed since it was written or confirmed."
    )
    assert _stale(1).endswith(
        "Edit the card, or if it is still right: fmflash confirm ID... (or --all-in SECTION)."
    )
    assert summarise((), redrills_owed=1)[-1] == (
        "You still owe 1 re-drill today: run fmflash review again to finish it."
    )
    assert _stats(1).startswith("Cards: 1 from 1 note (new 1, learning 0, young 0, mature 0)\n")
    assert "Last 30 days: 0 reviews, retention no reviews" in _stats(1)
    assert _diff(1).endswith("    ... 1 more changed line")
    assert (for_count(1, "it", "them"), for_count(0, "it", "them")) == ("it", "them")
