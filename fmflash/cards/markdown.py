"""Card text is CommonMark: rendered to the HTML of an Anki field, math and cloze gaps intact.

The parser is markdown-it-py (CommonMark, with single line breaks kept as line breaks). Raw
HTML is not rendered: ``<script>`` shows as typed, so a card file cannot inject markup. Math
written ``\\(...\\)`` or ``\\[...\\]`` is set aside before parsing and put back as it was, so that
Markdown eats none of its backslashes or underscores and Anki's MathJax gets it whole. A
cloze gap ``{{c1::...}}`` is plain text to Markdown, so it may hold Markdown (``{{c1::**a**}}``)
or sit inside it (``**{{c1::a}}**``). A field of a single paragraph is not wrapped in ``<p>``.

Most card text uses no Markdown at all; it is rendered here without loading the parser (the
tests check that both ways give the same HTML), and the cache keeps every rendered field, so
an unchanged deck never loads markdown-it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from fmflash.cards.model import BasicCard, ClozeCard
from fmflash.text import escape_html

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.DOTALL)
# A stand-in for a math span while Markdown parses the rest: letters only, so no rule of
# emphasis or escaping can touch it.
_STAND_IN = "FmflashMath{}Q"
_STAND_INS = re.compile(r"FmflashMath(\d+)Q")
# Text without these characters, and without a block marker at a line's start, means the same
# in Markdown as in plain text.
_MARKUP_CHARACTERS = re.compile(r"[\\`*_\[\]<>&!#~|\t]")
_BLOCK_START = re.compile(
    r"^ {0,3}(?:[-+*>#=]|\d{1,9}[.)](?:\s|$))|^ {4}|^\s*-{2,}\s*$", re.MULTILINE
)
_SINGLE_PARAGRAPH = re.compile(r"<p>((?:(?!<p>|</p>).)*)</p>", re.DOTALL)


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # loaded only for text that uses Markdown

    return MarkdownIt("commonmark", {"html": False, "breaks": True})


def uses_markdown(text: str) -> bool:
    """Tell whether a text needs the Markdown parser: any character or line that is markup."""
    return bool(_MARKUP_CHARACTERS.search(text) or _BLOCK_START.search(text))


def render_markdown(text: str) -> str:
    """Return the HTML of a card field written in Markdown, with math left for MathJax."""
    if not text:
        return ""
    spans: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return _STAND_IN.format(len(spans) - 1)

    source = MATH.sub(set_aside, text)
    rendered = _parser().render(source) if uses_markdown(source) else _plain_html(source)
    # Anki's own editor writes <br>; one line break is one line break, not two.
    rendered = rendered.replace("<br />\n", "<br>").replace("<br />", "<br>").strip("\n")
    single = _SINGLE_PARAGRAPH.fullmatch(rendered)
    if single:
        rendered = single.group(1)
    if spans:
        rendered = _STAND_INS.sub(lambda match: escape_html(spans[int(match.group(1))]), rendered)
    return rendered


def _plain_html(text: str) -> str:
    """Render text that uses no Markdown exactly as markdown-it would: paragraphs and breaks."""
    paragraphs = []
    lines: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.strip():
            # markdown-it escapes &, <, > and " (not ')
            lines.append(escape_html(line.strip()).replace('"', "&quot;"))
        elif lines:
            paragraphs.append("<p>" + "<br />\n".join(lines) + "</p>\n")  # as markdown-it
            lines = []
    return "".join(paragraphs)


@cache
def problems_in(text: str) -> tuple[str, ...]:
    """Say what in a field's Markdown cannot render in an Anki card: headings, images."""
    if not uses_markdown(MATH.sub(" ", text)):
        return ()
    found = []
    for token in _parser().parse(MATH.sub(" ", text)):
        if token.type == "heading_open":
            found.append(
                f"a heading ('{'#' * int(token.tag[1])} ...') cannot be part of a card; "
                "remove the '#', or write it as '\\#'"
            )
        for child in token.children or ():
            if child.type == "image":
                found.append(
                    f"the image '{child.attrs.get('src', '')}' is not in the package (fmflash "
                    "packages no media files); Anki would show a missing image"
                )
    return tuple(found)


def card_html(card: BasicCard | ClozeCard) -> tuple[str, ...]:
    """Return a curated card's fields as HTML: front and back, or text and extra."""
    if card.html:
        return card.html

    texts = (card.front, card.back) if isinstance(card, BasicCard) else (card.text, card.extra)
    return tuple(map(render_markdown, texts))
