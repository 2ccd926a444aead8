"""A self-contained HTML preview of the whole deck, from the Anki note types' own templates."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from fmflash.apkg.notetypes import CSS
from fmflash.apkg.render import NoteContent, render_card
from fmflash.apkg.templates import RenderedCard, render_note
from fmflash.cards.cloze import replace_gaps
from fmflash.cards.markdown import MATH
from fmflash.cards.model import Card, ComputedCard, Deck
from fmflash.cards.practice import practice_case
from fmflash.text import count_phrase

# A practice card is shown with its first few cases: enough to see that the numbers change.
PREVIEW_CASES = 3

PAGE_CSS = """
body { margin: 0; background: #f2f2f7; font-family: -apple-system, "Segoe UI", Roboto, sans-serif; }
header { position: sticky; top: 0; background: #1c1c1e; color: #fff; padding: 0.8em 1.2em; }
header h1 { font-size: 1.1em; margin: 0 0 0.5em 0; }
#filter { width: 100%; max-width: 40em; font-size: 1em; padding: 0.4em; box-sizing: border-box; }
main { padding: 1em; }
section.fm-notes-section > h2 { font-size: 1em; color: #3a3a3c; margin: 1.5em 0 0.5em; }
article.fm-preview { background: #fff; border-radius: 8px; margin: 0 0 0.8em; padding: 0.6em 0;
  box-shadow: 0 1px 2px rgba(0, 0, 0, 0.08); }
article.fm-preview .card { font-size: 17px; }
article.fm-preview details summary { cursor: pointer; color: #0a58ca; padding: 0 1.2em; }
.fm-meta { font-size: 12px; color: #8e8e93; padding: 0 1.2em; }
span.cloze[data-cloze] { cursor: pointer; }
@media (prefers-color-scheme: dark) {
  body { background: #000; }
  article.fm-preview { background: #1c1c1e; }
  section.fm-notes-section > h2 { color: #c7c7cc; }
}
"""

SCRIPT = """
document.getElementById("filter").addEventListener("input", function (event) {
  var words = event.target.value.toLowerCase().split(/\\s+/).filter(Boolean);
  document.querySelectorAll("article.fm-preview").forEach(function (card) {
    var text = card.getAttribute("data-search");
    card.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
  });
  document.querySelectorAll("section.fm-notes-section").forEach(function (section) {
    section.hidden = !section.querySelector("article.fm-preview:not([hidden])");
  });
});
document.addEventListener("click", function (event) {
  var gap = event.target.closest("span.cloze[data-cloze]");
  if (gap) {
    var shown = gap.getAttribute("data-shown");
    if (shown === null) {
      gap.setAttribute("data-shown", gap.innerHTML);
      var scratch = document.createElement("textarea");
      scratch.innerHTML = gap.getAttribute("data-cloze");
      gap.textContent = scratch.value;
    } else {
      gap.innerHTML = shown;
      gap.removeAttribute("data-shown");
    }
  }
});
"""


def typeset_math(html_text: str) -> str:
    """Turn the MathJax spans of card HTML into MathML, which browsers draw with no network.

    TeX that latex2mathml cannot read stays as it is written, as Anki shows a MathJax error.
    """
    from latex2mathml.converter import convert  # only the preview typesets

    def mathml(match: re.Match[str]) -> str:
        inline, block = match.group(1), match.group(2)
        tex = html.unescape(inline if inline is not None else block)
        try:
            return convert(tex, display="inline" if inline is not None else "block")
        except Exception:
            return match.group(0)

    return MATH.sub(mathml, html_text)


def search_text(card: Card, content: NoteContent) -> str:
    """Return what the filter box matches: the card's words, without HTML tags or cloze marks."""
    words = [card.id, *content.tags]
    for field in content.fields:
        text = html.unescape(_TAG.sub(" ", field))
        words.append(replace_gaps(text, lambda gap: f"{gap.answer} {gap.hint}"))
    return " ".join(" ".join(words).lower().split())


_TAG = re.compile(r"<[^>]*>")


def _sides(card: Card, content: NoteContent) -> list[tuple[RenderedCard, str, str]]:
    """Return what the preview shows of a note: each card, and a practice card's first cases."""
    if not (isinstance(card, ComputedCard) and card.practice):
        return [(side, side.template, str(side.ordinal)) for side in render_note(content)[1]]
    sides = []
    for number in range(1, PREVIEW_CASES + 1):
        case = practice_case(card, identity=card.id, number=number)
        (side,) = render_note(render_card(case))[1]
        sides.append((side, f"Practice, case {number} of {len(card.practice)}", f"case{number}"))
    return sides


def _sections(deck: Deck, *, chaptered: bool) -> tuple[list[str], int]:
    """Return a deck's sections as HTML, and how many cards they show."""
    prefix = html.escape(deck.name.split("::")[-1]) + " > " if chaptered else ""
    by_section: dict[str, list[str]] = {}
    for card in deck.in_notes_order():
        content = render_card(card)
        search = html.escape(search_text(card, content))
        for side, label, anchor in _sides(card, content):
            by_section.setdefault(card.section, []).append(
                f'<article class="fm-preview" id="{html.escape(card.id)}-{anchor}" '
                f'data-search="{search}">\n'
                f'<div class="card fm-question">{typeset_math(side.question)}</div>\n'
                f"<details><summary>Show answer</summary>\n"
                f'<div class="card fm-answer-side">{typeset_math(side.answer)}</div>\n</details>\n'
                f'<div class="fm-meta">{html.escape(card.id)} · {label} · '
                f"{html.escape(' '.join(content.tags))}</div>\n</article>"
            )
    sections = []
    for section in deck.notes.sections:
        articles = by_section.get(section.title)
        if articles:
            sections.append(
                f'<section class="fm-notes-section">\n'
                f"<h2>{prefix}{html.escape(section.title)}</h2>\n"
                + "\n".join(articles)
                + "\n</section>"
            )
    return sections, deck.card_count()


def _course_name(decks: Sequence[Deck]) -> str:
    """Name the page: the deck's name, or the parent deck all chapters share."""
    if len(decks) == 1:
        return decks[0].name
    parts = [deck.name.split("::") for deck in decks]
    shared = []
    for names in zip(*parts, strict=False):
        if len(set(names)) != 1:
            break
        shared.append(names[0])
    return "::".join(shared) or decks[0].name


def render_preview(decks: Sequence[Deck]) -> str:
    """Return one HTML page with every card, grouped by notes section, as Anki renders it.

    A course of several chapters shows each chapter's sections under its deck's name.
    """
    sections: list[str] = []
    count = 0
    for deck in decks:
        chapter_sections, chapter_count = _sections(deck, chaptered=len(decks) > 1)
        sections += chapter_sections
        count += chapter_count
    title = html.escape(_course_name(decks))
    notes = sum(len(deck.cards) for deck in decks)
    counts = f"{count_phrase(notes, 'note')}, {count_phrase(count, 'card')}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{CSS}</style>\n<style>{PAGE_CSS}</style>\n</head>\n"
        f"<body>\n<header>\n<h1>{title}: {counts}</h1>\n"
        '<input id="filter" type="search" placeholder="Filter cards by any word" '
        'aria-label="Filter cards">\n</header>\n<main>\n'
        + "\n".join(sections)
        + f"\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
