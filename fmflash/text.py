"""Small helpers for the text fmflash writes: counts, suggestions, HTML escaping (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


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


def nearest(word: str, known: Iterable[str], *, most: int = 1) -> list[str]:
    """Return up to ``most`` known names close to a mistyped one, the closest first."""
    import difflib  # only needed for a mistake: loaded then

    return difflib.get_close_matches(word, list(known), n=most, cutoff=0.6)


def did_you_mean(names: Sequence[str], *, quoted: bool = True) -> str:
    """Suggest names: ``did you mean 'x'?``, or ``did you mean a, b?``; "" for none."""
    if not names:
        return ""
    if quoted:
        return f"did you mean '{names[0]}'?"
    return f"did you mean {', '.join(names)}?"


def escape_html(text: str) -> str:
    """Escape &, < and > for HTML text (what html.escape does, without loading it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def is_search(line: str) -> bool:
    """Tell whether a report line is an Anki search, to be printed whole so it can be copied."""
    return line.lstrip().startswith(("(nid:", "note:fmflash", "to '"))
