"""Small helpers for the text fmflash writes: counts, escaping, wrapping.

All is pure but ``text_width``, which asks the terminal.
"""

from __future__ import annotations

import re
import shutil

# What a terminal acts on rather than shows: every C0 control but newline and tab, DEL, every
# C1 control (U+009B is a whole CSI on its own), and the bidi controls that make text read
# other than it is (U+202E). A shared course may hold any of them.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{_CONTROLS}]")
# fmflash's own colours (SGR: ESC [ numbers m): kept when the caller styled the text itself,
# and taking no room when text is wrapped.
_STYLE = "\x1b\\[[0-9;]*m"
_CONTROL_OR_STYLE = re.compile(f"({_STYLE})|[{_CONTROLS}]")
_STYLES = re.compile(_STYLE)
# Narrower breaks the layout; wider lines are hard to read.
MIN_WIDTH, MAX_WIDTH = 40, 100


def plural(noun: str) -> str:
    """Return the plural of a regular noun (the nouns of messages and templates are regular)."""
    hard_ch = noun.endswith("och")  # epoch, like stomach: the "ch" says "k"
    if noun.endswith(("s", "x", "sh")) or (noun.endswith("ch") and not hard_ch):
        return noun + "es"
    return noun + "s"


def count_phrase(count: int, noun: str) -> str:
    """Say ``1 error`` or ``3 errors``."""
    return f"{count} {noun if count == 1 else plural(noun)}"


def for_count(count: int, one: str, many: str) -> str:
    """Choose the words that agree with a count: ``it is`` for 1, ``they are`` for 0 or 2."""
    return one if count == 1 else many


def escape_html(text: str) -> str:
    """Escape &, < and > for HTML text (what html.escape does, without loading it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def is_search(line: str) -> bool:
    """Tell whether a report line is an Anki search, to be printed whole so it can be copied."""
    return line.lstrip().startswith(("(nid:", "note:fmflash", "to '"))


def _shown(match: re.Match[str]) -> str:
    if match.lastindex:  # one of fmflash's own styles
        return match.group(1)
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str, *, keep_styles: bool = False) -> str:
    r"""Show control characters as text: ESC becomes ``\x1b``, U+202E ``\u202e``.

    Newline and tab stay. With ``keep_styles``, fmflash's own colour codes stay too: for text
    that fmflash styled after escaping what came from files.
    """
    pattern = _CONTROL_OR_STYLE if keep_styles else _CONTROL
    return pattern.sub(_shown, text) if pattern.search(text) else text


def text_width() -> int:
    """Return the width to write text at: the terminal's (COLUMNS, or 80), within 40-100."""
    return max(MIN_WIDTH, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns))


def wrap_visible(text: str, width: int, *, indent: str = "") -> list[str]:
    """Wrap text at spaces to ``width`` visible columns; colour codes take no room.

    Lines after the first start with ``indent`` (a hanging indent).
    """
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        size = len(_STYLES.sub("", word)) if "\x1b" in word else len(word)
        if line and used + 1 + size > width:
            lines.append(line)
            line, used = indent, len(indent)
        if line and line != indent:
            line, used = f"{line} {word}", used + 1 + size
        else:
            line, used = line + word, used + size
    if line:
        lines.append(line)
    return lines
