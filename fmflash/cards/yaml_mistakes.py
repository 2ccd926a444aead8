"""Explaining a YAML syntax error as a compiler would: the likely cause, the line, a caret (pure).

PyYAML reports where it gave up, which is often far from the mistake: a quote left open on
line 58 is noticed at line 160, when the next quote closes it. The commonest mistakes in a
card file are looked for in the source text itself: a quote opened and not closed on its
line, a line indented deeper or less than the one above it, and an unquoted ``: ``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from fmflash.text import count_phrase

# A value that starts with a quote: `key: "...`, `- "...`, `- key: '...`.
_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s:#'"][^:#]*:\s+)?(["'])""")
# A line holding a key: `key:` or `- key:`.
_KEY_LINE = re.compile(r"""^\s*(?:-\s+)*[^\s:#'"\[{][^:#]*:(?:\s|$)""")


class Explained(NamedTuple):
    """Where to report a YAML error and what to say (without the source excerpt)."""

    line: int
    column: int
    message: str


def explain(
    text: str,
    *,
    line: int,
    column: int,
    detail: str,
    quote_opened: tuple[int, int] | None = None,
    bracket_opened: tuple[int, int] | None = None,
) -> Explained:
    """Name the likely cause of a YAML error that PyYAML noticed at ``line``:``column``.

    ``quote_opened`` and ``bracket_opened`` are where PyYAML says the quoted value or the
    ``[...]``/``{...}`` it was reading started, if it was reading one.
    """
    lines = text.splitlines()
    opened = quote_opened or unclosed_quote(lines, until=line)
    if quote_opened is None and opened is not None and not _closing_helps(lines, opened, line):
        opened = None  # a quoted value that goes on over lines, as YAML allows
    if opened is not None and opened != (line, column):
        where = f"line {opened[0]} (column {opened[1]})"
        return Explained(
            *opened,
            f"the quote opened on {where} is never closed on its line; YAML read on to line "
            f"{line}, column {column}, and stopped there: {detail}",
        )
    if bracket_opened is not None and line > len(lines) >= bracket_opened[0]:
        opener = lines[bracket_opened[0] - 1][bracket_opened[1] - 1]
        return Explained(
            *bracket_opened,
            f"the '{opener}' opened on line {bracket_opened[0]} (column {bracket_opened[1]}) is "
            f"never closed; YAML read to the end of the file: {detail}",
        )
    indentation = misindented(lines, line)
    if not indentation and detail.startswith("mapping values are not allowed"):
        return Explained(
            line,
            column,
            f"{detail}; text that contains ': ' must be quoted: put the whole value in quotes, "
            'like front: "Q: what is it?"',
        )
    if indentation:  # the caret goes where the line's key starts
        column = _indent(lines[line - 1]) + 1
    return Explained(line, column, f"{detail}{indentation}")


def unclosed_quote(lines: list[str], *, until: int) -> tuple[int, int] | None:
    """Return the line and column of the first quoted value not closed on its own line."""
    for number, text in enumerate(lines[:until], start=1):
        match = _QUOTED_VALUE.match(text)
        if match is None:
            continue
        start = match.start(1)
        if not _closes(text[start + 1 :], match.group(1)):
            return number, start + 1
    return None


def _closing_helps(lines: list[str], opened: tuple[int, int], failed_at: int) -> bool:
    """Tell whether closing the quote on its own line takes the error away (or further on)."""
    import yaml

    number, column = opened
    fixed = list(lines)
    fixed[number - 1] += fixed[number - 1][column - 1]
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        yaml.compose("\n".join(fixed), Loader=loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return mark is not None and mark.line + 1 > failed_at
    except yaml.YAMLError:
        return False
    return True


def _closes(rest: str, quote: str) -> bool:
    """Tell whether a quoted value's text after its opening quote holds its closing quote."""
    if quote == '"':
        return re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
    return re.search(r"'(?!')", rest.replace("''", "")) is not None


def misindented(lines: list[str], line: int) -> str:
    """Say how a key's line is indented against the line above it, if that is likely wrong."""
    if not 1 < line <= len(lines) or not _KEY_LINE.match(lines[line - 1]):
        return ""
    above = next(
        (
            number
            for number in range(line - 1, 0, -1)
            if lines[number - 1].strip() and not lines[number - 1].lstrip().startswith("#")
        ),
        None,
    )
    if above is None:
        return ""
    here, there = _indent(lines[line - 1]), _indent(lines[above - 1])
    opens_block = lines[above - 1].rstrip().endswith((":", "|", ">", "|-", ">-"))
    if here > there and not opens_block:
        how = "deeper"
    elif here < there and _KEY_LINE.match(lines[above - 1]):
        how = "less"
    else:
        return ""
    return (
        f"; line {line} is indented {how} ({count_phrase(here, 'space')}) than line {above} "
        f"above it ({count_phrase(there, 'space')}): keys of one card line up"
    )


def _indent(text: str) -> int:
    """Return where a line's key starts, past its spaces and any list dashes."""
    match = re.match(r"\s*(?:-\s+)*", text)
    return match.end() if match else 0


def excerpt(text: str, line: int, column: int) -> str:
    """Return the source line with a caret under ``column``, as compilers show it."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    gutter = f"{line:>5} | "
    source = lines[line - 1].expandtabs(1)
    return f"{gutter}{source}\n{' ' * (len(gutter) - 2)}| {' ' * (column - 1)}^"
