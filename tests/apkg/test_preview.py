"""The HTML preview: valid, complete, and built from the same rendered templates as Anki's."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from fmflash.apkg.notetypes import CSS
from fmflash.apkg.preview import typeset_math
from fmflash.apkg.render import render_deck
from fmflash.apkg.templates import render_note
from fmflash.cards.load import load_deck
from fmflash.cards.model import ComputedCard
from fmflash.cards.practice import practice_case
from fmflash.cli import cli
from fmflash.formulas.typography import typeset_html

from ..conftest import (
    PERPLEXITY_CARDS,
    PERPLEXITY_NOTES,
    RICH_CARDS,
    UTILIZATION_CARDS,
    WriteProject,
)

VOID = {"meta", "hr", "br", "input", "img", "link"}


class Checker(HTMLParser):
    """Checks that every element is closed in order, and collects cards and resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.articles: list[dict[str, str | None]] = []
        self.remote: list[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        # A resource the page would fetch; a card's own links are content, not resources.
        if tag in ("img", "script", "link", "iframe", "source") and (
            found.get("src") or found.get("href")
        ):
            self.remote.append(str(found.get("src") or found.get("href")))
        if tag == "article":
            self.articles.append(found)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> at {self.getpos()}, open: {self.stack[-3:]}")
        else:
            self.stack.pop()


def test_preview_page_is_valid_complete_and_uses_the_anki_templates(
    tmp_path: Path, write_project: WriteProject
) -> None:
    cards = write_project(RICH_CARDS)
    output = tmp_path / "preview.html"
    result = CliRunner().invoke(cli, ["preview", "--cards", str(cards), "-o", str(output)])
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert checker.doctype
    assert checker.errors == []
    assert checker.stack == []
    assert checker.remote == []  # self-contained: nothing to fetch
    assert CSS in page

    deck = load_deck(str(cards))
    expected = set()
    for content in render_deck(deck):
        _, cards = render_note(content)
        for card in cards:
            expected.add(f"{content.card_id}-{card.ordinal}")
            question, answer = typeset_math(card.question), typeset_math(card.answer)
            assert f'<div class="card fm-question">{question}</div>' in page
            assert f'<div class="card fm-answer-side">{answer}</div>' in page
    assert {str(article["id"]) for article in checker.articles} == expected
    assert {card.id for card in deck.cards} <= {a.rsplit("-", 1)[0] for a in expected}
    assert result.stdout == f"Wrote {output}: 11 notes, 16 cards.\n"
    assert "<h1>Test Deck: 11 notes, 16 cards</h1>" in page


def test_preview_groups_by_section_in_notes_order(
    tmp_path: Path, write_project: WriteProject
) -> None:
    cards = write_project(RICH_CARDS)
    output = tmp_path / "p.html"
    CliRunner().invoke(cli, ["preview", "--cards", str(cards), "-o", str(output)])
    page = output.read_text(encoding="utf-8")
    headings = [part.split("</h2>")[0] for part in page.split("<h2>")[1:]]
    assert headings == ["Foundation Models", "Model Size", "Mixture of Experts", "Sampling"]
    assert 'id="filter"' in page


def test_a_practice_card_shows_its_first_cases(tmp_path: Path, write_project: WriteProject) -> None:
    from fmflash.cards.model import ComputedCard
    from fmflash.cards.practice import practice_case
    from fmflash.formulas.typography import typeset_html

    cards = write_project(
        RICH_CARDS + "  - id: practice\n    section: Model Size\n    formula: weights_memory\n"
        "    practice:\n      params: [1B, 3B, 7B, 8B, 13B, 70B, 405B]\n"
        "      bytes_per_param: [fp32, fp16, int4]\n"
    )
    output = tmp_path / "p.html"
    result = CliRunner().invoke(cli, ["preview", "--cards", str(cards), "-o", str(output)])
    assert result.stdout == f"Wrote {output}: 12 notes, 17 cards.\n"
    page = output.read_text(encoding="utf-8")
    (card,) = [c for c in load_deck(str(cards)).cards if c.id == "practice"]
    assert isinstance(card, ComputedCard)
    for number in (1, 2, 3):
        case = practice_case(card, identity="practice", number=number)
        assert f'id="practice-case{number}"' in page
        assert typeset_html(case.question) in page
        assert f"Practice, case {number} of 21" in page
    assert 'id="practice-case4"' not in page
    assert "fm-cases" not in page


def preview_page(cards: Path, output: Path) -> str:
    """Write the preview of a card file with fmflash preview; return the page."""
    result = CliRunner().invoke(cli, ["preview", "--cards", str(cards), "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output.read_text(encoding="utf-8")


def test_a_declared_formula_s_practice_card_shows_its_cases(
    tmp_path: Path, write_project: WriteProject
) -> None:
    cards = write_project(PERPLEXITY_CARDS, notes=PERPLEXITY_NOTES)
    page = preview_page(cards, tmp_path / "p.html")
    (card,) = [c for c in load_deck(str(cards)).cards if c.id == "perplexity-practice"]
    assert isinstance(card, ComputedCard)
    for number in (1, 2, 3):
        case = practice_case(card, identity="perplexity-practice", number=number)
        assert typeset_html(case.question) in page
        assert f"Practice, case {number} of 21" in page


def test_a_rating_card_s_cases_answer_with_the_rating_and_work_out_the_percentage(
    tmp_path: Path, write_project: WriteProject
) -> None:
    page = preview_page(write_project(UTILIZATION_CARDS), tmp_path / "p.html")
    # The first three reviews: 160, 195 and 225 of 312 TFLOP/s.
    for number, answer, working in (
        (1, "Okay", "(1.6 × 10<sup>14</sup>) / (3.12 × 10<sup>14</sup>) = 51.3%<br>"
         "by the notes, 51.3% is okay"),
        (2, "Okay", "= 62.5%<br>by the notes, 62.5% is okay"),
        (3, "Great", "= 72.1%<br>by the notes, 72.1% is great"),
    ):  # fmt: skip
        article = page.split(f'id="utilization-practice-case{number}"')[1].split("</article>")[0]
        assert f'<div class="fm-answer">{answer}</div>' in article
        assert working in article
        assert f"Practice, case {number} of 30" in article
