"""Card HTML as terminal text: the same Markdown the Anki card shows, styled or plain.

Bold and italic become terminal styles, code is coloured, lists get bullets, links read
"text (url)", math reads as Unicode text (``2^H``, ``a/b``, ``√x``: see ``math_text``). Without
colour (``NO_COLOR``, or output that is not a terminal) the text is plain, with no Markdown
markers. Lines are wrapped at spaces to a width
in visible columns, list items with a hanging indent. Card HTML is small and well formed (it
is what markdown-it writes), so a regular expression reads it; showing a card never loads the
Markdown parser, nor an HTML parser. All is pure.
"""

from __future__ import annotations

import re
from html import unescape

import click

from fmflash.cards.markdown import MATH
from fmflash.review.terminal.math_text import math_to_text
from fmflash.text import escape_controls, escape_html

# What each tag adds to the style of the text inside it, when colour is on.
_STYLES: dict[str, dict[str, object]] = {
    "strong": {"bold": True},
    "b": {"bold": True},
    "em": {"italic": True},
    "i": {"italic": True},
    "code": {"fg": "cyan"},
    "mark": {"fg": "cyan", "bold": True, "underline": True},
    "h1": {"bold": True}, "h2": {"bold": True}, "h3": {"bold": True},
    "h4": {"bold": True}, "h5": {"bold": True}, "h6": {"bold": True},
}  # fmt: skip
# What makes card HTML more than one plain paragraph of words.
_MARKUP = re.compile(r"[<&]|\\[(\[]")
_BLOCKS = {"p", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol"}


_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*?)(/?)>|([^<]+)")
_HREF = re.compile(r'\bhref="([^"]*)"')


def _unescape(text: str) -> str:
    """Decode the entities card HTML holds (markdown-it writes &amp; &lt; &gt; &quot;).

    Control characters, written raw or as entities (``&#27;``), come out shown as text.
    """
    return escape_controls(unescape(text))


class _Block:
    """A paragraph, list item or code block: its words, and how its lines start."""

    __slots__ = ("breaks", "first", "indent", "verbatim", "words")

    def __init__(self, indent: int, first: str = "", verbatim: list[str] | None = None) -> None:
        self.indent = indent
        self.first = first
        self.words: list[tuple[str, int]] = []
        self.breaks: list[int] = []  # word positions where a <br> fell
        self.verbatim = verbatim


class _Reader:
    """Reads card HTML (the small, well-formed HTML of card fields) into blocks of words."""

    def __init__(self, *, color: bool, base: dict[str, object]) -> None:
        self.color = color
        self.styles: list[dict[str, object]] = [base]
        self.blocks: list[_Block] = []
        self.lists: list[list[int]] = []  # per open list: [next number], or [] for bullets
        self.pieces: list[tuple[str, dict[str, object]]] = []
        self.links: list[str] = []
        self.pre = 0
        self.block: _Block | None = None

    def feed(self, html: str) -> None:
        """Read HTML: tags open and close styles and blocks, text becomes words."""
        for match in _TOKEN.finditer(html):
            closing, tag, attributes, self_closing, text = match.groups()
            if text is not None:
                self.handle_data(_unescape(text))
            elif closing:
                self.handle_endtag(tag.lower())
            else:
                href = _HREF.search(attributes)
                self.handle_starttag(tag.lower(), _unescape(href.group(1)) if href else "")
                if self_closing or tag.lower() == "br":
                    self.styles.pop()  # opened and closed at once

    def _current(self) -> _Block:
        if self.block is None:
            self.block = _Block(indent=2 * len(self.lists))
            self.blocks.append(self.block)
        return self.block

    def _end_word(self) -> None:
        if not self.pieces:
            return
        text = "".join(self._styled(piece, style) for piece, style in self.pieces)
        self._current().words.append((text, sum(len(piece) for piece, _ in self.pieces)))
        self.pieces = []

    def _styled(self, text: str, style: dict[str, object]) -> str:
        if not (self.color and style and text):
            return text
        return click.style(text, **style)  # type: ignore[arg-type]

    def _end_block(self) -> None:
        self._end_word()
        self.block = None

    def handle_starttag(self, tag: str, href: str = "") -> None:
        if tag in _BLOCKS:
            self._end_block()
        if tag in ("ul", "ol"):
            self.lists.append([1] if tag == "ol" else [])
        elif tag == "li":
            numbers = self.lists[-1] if self.lists else []
            marker = f"{numbers[0]}. " if numbers else "\u2022 "
            if numbers:
                numbers[0] += 1
            self.block = _Block(indent=2 * (len(self.lists) - 1), first=marker)
            self.blocks.append(self.block)
        elif tag == "pre":
            self.pre += 1
            self.block = _Block(indent=4 + 2 * len(self.lists), verbatim=[""])
            self.blocks.append(self.block)
        elif tag == "br":
            self._end_word()
            self._current().breaks.append(len(self._current().words))
        elif tag == "a":
            self.links.append(href)
        elif tag == "mark" and not self.color:
            self.pieces.append(("[", {}))
        self.styles.append({**self.styles[-1], **_STYLES.get(tag, {})} if self.color else {})

    def handle_endtag(self, tag: str) -> None:
        if len(self.styles) > 1:
            self.styles.pop()
        if tag == "mark" and not self.color:
            self.pieces.append(("]", {}))
        elif tag == "a" and self.links:
            url = self.links.pop()
            if url and url not in "".join(piece for piece, _ in self.pieces):
                self._end_word()
                self.handle_data(f"({url})")
        elif tag == "pre":
            self.pre -= 1
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in _BLOCKS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        style = self.styles[-1]
        if self.pre and self.block is not None and self.block.verbatim is not None:
            lines = data.split("\n")
            self.block.verbatim[-1] += self._styled(lines[0], style)
            self.block.verbatim += [self._styled(line, style) for line in lines[1:]]
            return
        parts = re.split(r"(\s+)", data)
        for part in parts:
            if not part:
                continue
            if part.isspace():
                self._end_word()
            else:
                self.pieces.append((part, style))


# A revealed cloze gap inside math keeps its mark through the conversion, as these two
# private-use characters, which TeX reads as letters.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"


def _math_as_text(html: str) -> str:
    """Show math as Unicode text, marked as code: ``\\(2^{H}\\)`` -> ``<code>2^H</code>``."""

    def readable(match: re.Match[str]) -> str:
        tex = match.group(1) if match.group(1) is not None else match.group(2)
        tex = _unescape(tex.replace("<mark>", _MARK_OPEN).replace("</mark>", _MARK_CLOSE))
        text = escape_html(math_to_text(tex))
        return f"<code>{text.replace(_MARK_OPEN, '<mark>').replace(_MARK_CLOSE, '</mark>')}</code>"

    return MATH.sub(readable, html)


def to_terminal(html: str, *, width: int, color: bool, **style: object) -> list[str]:
    """Render card HTML as terminal lines of at most ``width`` visible columns."""
    if not _MARKUP.search(html):  # most cards: one plain paragraph, no tags to read
        html = escape_controls(html)  # before styling: the card's text is only text
        styled = color and style
        if not styled and len(html) <= width:
            return [" ".join(html.split())] if html.strip() else []
        block = _Block(indent=0)
        block.words = [
            (click.style(word, **style) if styled else word, len(word))  # type: ignore[arg-type]
            for word in html.split()
        ]
        return _wrap(block, width) if block.words else []
    reader = _Reader(color=color, base=dict(style) if color else {})
    reader.feed(_math_as_text(html))
    reader._end_block()
    lines: list[str] = []
    for block in reader.blocks:
        if block.verbatim is not None:
            lines += [" " * block.indent + line for line in block.verbatim if line.strip()]
            continue
        if not block.words:
            continue
        if lines and not block.first and block.indent == 0:
            lines.append("")  # a blank line between paragraphs
        lines += _wrap(block, width)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _wrap(block: _Block, width: int) -> list[str]:
    """Wrap a block's words to ``width``, after its marker, continuing under the text."""
    hanging = " " * (block.indent + len(block.first))
    lines: list[str] = []
    line, used = " " * block.indent + block.first, block.indent + len(block.first)
    start = True
    for position, (word, size) in enumerate(block.words):
        if position in block.breaks and not start:
            lines.append(line)
            line, used, start = hanging, len(hanging), True
        if not start and used + 1 + size > width:
            lines.append(line)
            line, used, start = hanging, len(hanging), True
        line, used = (line + word, used + size) if start else (f"{line} {word}", used + 1 + size)
        start = False
    lines.append(line)
    return lines
