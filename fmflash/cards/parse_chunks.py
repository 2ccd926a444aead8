"""Parsing the card file one card at a time, so a rebuild re-reads only the cards that changed.

PyYAML needs about a second for 10,000 cards. For a card file of the ordinary shape (top-level
``deck:``, ``cards:`` and ``computed:`` with one ``- `` item per card or entry), the file is cut
into the header and one chunk per item; each chunk is parsed on its own and its cards are kept
under a hash of its text, so an unchanged chunk is never parsed again. Only valid input takes
this path: on any problem, or any unusual shape, the caller parses the whole file the ordinary
way, so every message and its ``file:line:column`` are exactly the same (pure).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

import yaml

from fmflash.cards.model import Card
from fmflash.cards.parse_cards import parse_card_file, parse_card_list
from fmflash.cards.parse_state import CardFile

if TYPE_CHECKING:
    from fmflash.cards.parse_formulas import Declared
from fmflash.cards.parse_yaml import Located, compose
from fmflash.errors import FmflashError
from fmflash.formulas.declarations import (
    NOWHERE,
    Declaration,
    DeclaredElsewhere,
    declarations_digest,
)

_TOP_LINE = re.compile(r"^[^\s#][^\n]*", re.MULTILINE)
_LIST_KEY = re.compile(r"(cards|computed)\s*:\s*(#.*)?$")
_FIRST_ITEM = re.compile(r"^( *)- ", re.MULTILINE)
_MARKERS = ("\n? ", "\n?\n", "\n---", "\n...")
# "&anchor", "*alias" or "!tag" where a YAML node starts.
_NODE_PROPERTY = re.compile(r"(?:^[ \t]*-[ \t]+|:[ \t]+|[\[{,][ \t]*)[&*!]\S", re.MULTILINE)

# Cached chunks: their cards, with the line the chunk started on when they were parsed.
Cache = Mapping[str, tuple[int, tuple[Card, ...]]]


class Chunk(NamedTuple):
    """One item of the ``cards:`` or ``computed:`` list, as text, and where it starts."""

    kind: str
    first_line: int
    text: str

    @property
    def key(self) -> str:
        """Return the cache key: the list it belongs to and a hash of its text."""
        digest = hashlib.blake2b(self.text.encode(), digest_size=16).hexdigest()
        return f"{self.kind}:{digest}"


def is_unusual(text: str) -> bool:
    """Tell whether YAML uses anchors, aliases, tags, merge keys, complex keys, documents, tabs.

    Such files are left to the whole parse: cut into chunks they could mean something else.
    An anchor, alias or tag starts a value (after ``key: ``, ``- ``, ``[``, ``{`` or ``,``);
    the same sign inside text (``*bold*`` Markdown) is text.
    """
    if "\t" in text or "<<" in text:
        return True
    if any(marker in text or text.startswith(marker[1:]) for marker in _MARKERS):
        return True
    if all(sign not in text for sign in "&*!"):  # the common case: a quick scan, no regex
        return False
    return _NODE_PROPERTY.search(text) is not None


def split_card_file(text: str) -> tuple[str, list[Chunk]] | None:
    """Cut the card file into a header (items blanked out) and item chunks; None if unusual."""
    if is_unusual(text):
        return None
    tops = [match.start() for match in _TOP_LINE.finditer(text)] + [len(text)]
    skeleton: list[str] = []
    chunks: list[Chunk] = []
    done = 0  # text up to here is in the skeleton
    line = 1 + text.count("\n", 0, tops[0])
    for start, end in itertools.pairwise(tops):
        head_end = text.find("\n", start, end)
        head_end = end if head_end < 0 else head_end
        key = _LIST_KEY.match(text, start, head_end)
        body = text[head_end:end]
        items = _items(body, key.group(1) if key else None, line)
        if items is None:
            return None
        skeleton.append(text[done:head_end])
        done = head_end
        for chunk_start, chunk_end, first_line in items:
            assert key is not None  # only the cards: and computed: lists have items
            chunk = Chunk(key.group(1), first_line, body[chunk_start:chunk_end].strip("\n"))
            chunks.append(chunk)
            skeleton.append(text[done : head_end + chunk_start])
            skeleton.append("\n" * body.count("\n", chunk_start, chunk_end))
            done = head_end + chunk_end
        line += text.count("\n", start, end)
    skeleton.append(text[done:])
    return "".join(skeleton), chunks


def _items(body: str, kind: str | None, line: int) -> list[tuple[int, int, int]] | None:
    """Find the items of a list's body: (start, end, first line); None if the shape is odd."""
    if kind is None:
        return []
    first = _FIRST_ITEM.search(body)
    if first is None:
        return [] if not body.strip() else None
    indent = first.group(1)
    # Every other line must be blank, a comment, or indented deeper than the items' dash.
    # (The patterns start with a newline rather than ^: the regex engine scans for a literal
    # first character many times faster, which matters for a file of 10,000 cards.)
    lines = "\n" + body
    stray = re.search(rf"\n(?! *(?:#|\n|$))(?!{indent}- )(?!{indent} )", lines)
    if stray is not None:
        return None
    starts = [m.start() for m in re.finditer(rf"\n{indent}- ", lines)]
    found = []
    previous = 0
    for start, end in zip(starts, [*starts[1:], len(body)], strict=True):
        line += body.count("\n", previous, start)
        previous = start
        found.append((start, end, line))
    return found


def parse_chunk(
    chunk: Chunk,
    *,
    path: str,
    formulas: Mapping[str, Declared] | None = None,
    elsewhere: Mapping[str, Declaration] | None = None,
) -> tuple[Card, ...] | None:
    """Parse one chunk on its own; return its cards, lines counted from the chunk's start.

    ``formulas`` are those the card file declares and ``elsewhere`` those the project's other
    card files declare, for its computed entries to name.
    """
    try:
        root = compose(chunk.text, path=path)
    except FmflashError:
        return None
    if not isinstance(root, yaml.SequenceNode) or len(root.value) != 1:
        return None
    collector = CardFile(path, formulas=dict(formulas or {}), elsewhere=dict(elsewhere or {}))
    where = Located(path, collector.problems)
    if chunk.kind == "cards":
        parse_card_list(root, collector, where)
    else:
        from fmflash.cards.parse_computed import parse_computed  # formulas load only when used

        parse_computed(root, collector, where)
    if collector.problems:
        return None
    return tuple(collector.cards)


def parse_chunked(
    text: str, *, path: str, cache: Cache, elsewhere: DeclaredElsewhere = NOWHERE
) -> tuple[CardFile, dict[str, tuple[int, tuple[Card, ...]]]] | None:
    """Parse a valid card file chunk by chunk, reusing cached chunks; None to parse it whole.

    Returns the parsed file and, by key in file order, each chunk's first line and cards.
    ``elsewhere`` is what the project's other card files declare.
    """
    split = split_card_file(text)
    if split is None:
        return None
    skeleton, chunks = split
    header = parse_card_file(skeleton, path=path, elsewhere=elsewhere)
    if header.problems:
        return None
    kept: dict[str, tuple[int, tuple[Card, ...]]] = {}
    seen: set[str] = set()
    for chunk, key in zip(chunks, _entry_keys(chunks, header, elsewhere), strict=True):
        if key in kept:
            return None  # the same entry twice: the full parse names both
        known = cache.get(key)
        if known is None:
            parsed = parse_chunk(
                chunk, path=path, formulas=header.formulas, elsewhere=header.elsewhere
            )
            if parsed is None:
                return None
            known = (1, parsed)
        first_line, cards = known
        if first_line != chunk.first_line:
            shift = chunk.first_line - first_line
            cards = tuple(card._replace(line=card.line + shift) for card in cards)
        kept[key] = (chunk.first_line, cards)
        for card in cards:
            if card.id in seen:
                return None  # a duplicate id: the full parse names both lines
            seen.add(card.id)
        header.cards.extend(cards)
    return header, kept


def _entry_keys(chunks: list[Chunk], header: CardFile, elsewhere: DeclaredElsewhere) -> list[str]:
    """Return each chunk's key in a card file's cache: its text's, and the formulas' if computed.

    A computed entry's cards depend on the formulas the project declares as well as its text.
    """
    salt = declarations_digest([*(found for found, _, _ in header.formulas.values()),
                                *elsewhere.declarations])  # fmt: skip
    return [
        f"{chunk.key}:{salt}" if salt and chunk.kind == "computed" else chunk.key
        for chunk in chunks
    ]


def entries_of(
    text: str, cards: Sequence[Card], card_file: CardFile, elsewhere: DeclaredElsewhere
) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]] | None:
    """Key the cards of a card file parsed whole by entry, as ``parse_chunked`` keys them.

    Returns each entry's key, first line and number of cards, for the entries with cards (in
    file order); None if the file's shape is unusual or a card is in no entry.
    """
    split = split_card_file(text)
    if split is None:
        return None
    chunks = split[1]
    found: dict[str, tuple[int, int]] = {}
    start = 0
    for chunk, key in zip(chunks, _entry_keys(chunks, card_file, elsewhere), strict=True):
        end, last = start, chunk.first_line + chunk.text.count("\n")
        while end < len(cards) and chunk.first_line <= cards[end].line <= last:
            end += 1
        if end > start and key in found:
            return None  # the same entry twice: never kept by chunked parsing
        if end > start:
            found[key] = chunk.first_line, end - start
        start = end
    if start < len(cards):
        return None
    return (tuple(found), tuple(line for line, _ in found.values()),
            tuple(count for _, count in found.values()))  # fmt: skip


def parse_header(text: str, *, path: str) -> CardFile:
    """Parse what a card file says besides its entries (its chapters, the formulas it declares).

    Problems are collected, not raised (but for YAML syntax errors): loading reports them.
    """
    split = split_card_file(text)
    return parse_card_file(split[0] if split is not None else text, path=path)
