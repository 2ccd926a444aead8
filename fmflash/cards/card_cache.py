"""A card file's cache: what later steps need of each entry, kept by the entry's text.

One value per card file (stored by ``fmflash.cards.cache``): the facts of the text it was made
from (its hash, the deck's name, notes path, chapters, package and formulas, and the digest of
the formulas the project's other card files declared), its cards' summaries, its cards each
encoded on its own (``rows.dump_card``), and for each entry, by its key (its text:
``parse_chunks.Chunk.key``), its first line, how many cards it has and, once a build has
rendered them, its notes, also encoded on their own. An entry whose text is unchanged is never
parsed or rendered again, and its encoded cards and notes go into the next cache as they are,
never decoded all at once. The entries come last in the file: a review of an unchanged card
file reads the facts, summaries and cards alone. For a card file with errors, its cards are
those that load for study (``load_partial``), and its faults say what was left out and what
else the result was made from.

A command reads each card file's cache once and writes it at most once: ``CardFileCaches``
holds them while the command runs, and ``save`` writes those that changed.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from typing import Any, NamedTuple

from fmflash.cards.cache import read_cache, text_hash, write_cache
from fmflash.cards.model import CardSummary, Tags
from fmflash.errors import Problem, Severity
from fmflash.files.reading import read_text

# A root card file's chapters (path as written, line, column) and package (see ``Deck``).
Chapters = tuple[tuple[str, int, int], ...]
Package = tuple[str, int, int] | None
# The formulas a card file declares: each as JSON, with its line and column (see ``Deck``).
Formulas = tuple[tuple[str, int, int], ...]


class Entries(NamedTuple):
    """A card file's entries, in file order, as columns: key, first line, cards, notes.

    Kept as columns, so that reading them builds no value per entry.
    """

    keys: tuple[str, ...]
    first_lines: tuple[int, ...]
    # How many cards each entry has: its cards are the next that many in ``bodies``.
    counts: tuple[int, ...]
    # Each entry's rendered notes, as the renderer encoded them: one per entry, so that a
    # build reuses an unchanged entry's as they are (b"": not rendered yet; (): none).
    notes: tuple[bytes, ...] = ()

    def by_key(self) -> dict[str, tuple[int, int, int]]:
        """Return each entry's first line, first card's position and number of cards, by key."""
        found = {}
        start = 0
        for key, first_line, count in zip(self.keys, self.first_lines, self.counts, strict=True):
            found[key] = first_line, start, count
            start += count
        return found

    def notes_by_key(self) -> dict[str, bytes]:
        """Return each entry's encoded notes by key (none if not rendered yet)."""
        if not self.notes:
            return {}
        return {key: notes for key, notes in zip(self.keys, self.notes, strict=True) if notes}


class Faults(NamedTuple):
    """A card file's errors, as study despite them found them (``load_partial``)."""

    # What else the result was made from: the paths as given, the notes as read, the
    # formulas broken elsewhere (``load_partial``); any difference is a miss.
    made_from: tuple[str, ...]
    problems: tuple[Problem, ...]
    # How many entries were left out, whether any card is studied (a deck and notes), and
    # whether anything of the file can be read (False: no card; its problems are raised, and
    # its cards and entries are those its cache had before, for an edit to reuse).
    left_out: int
    studied: bool
    readable: bool
    # The deck's name when it is known though no card is studied.
    name: str | None
    # What ``load.declared_in`` tells of the text: chapters, formulas, broken formulas (None:
    # the header cannot be read, so it is parsed again).
    declared: tuple[Chapters, Formulas, tuple[str, ...]] | None


def _faults_row(faults: Faults) -> tuple[Any, ...]:
    """Return faults as a plain row, for marshal (a problem's severity by its value)."""
    problems = tuple((*problem[:4], problem.severity.value, *problem[5:])
                     for problem in faults.problems)  # fmt: skip
    return (faults.made_from, problems, *faults[2:])


def _row_faults(row: Any) -> Faults | None:
    """Make the faults a row describes (none for a card file without errors); doubt raises."""
    if not row:
        return None
    made_from, problems, left_out, studied, readable, name, declared = row
    found = tuple(Problem(str(path), str(message), line, column, Severity(severity), *rest)
                  for path, message, line, column, severity, *rest in problems)  # fmt: skip
    if declared is not None:
        chapters, formulas, broken = declared
        declared = _positions(chapters), _positions(formulas), tuple(map(str, broken))
    return Faults(tuple(map(str, made_from)), found, int(left_out), bool(studied),
                  bool(readable), None if name is None else str(name), declared)  # fmt: skip


class CardFileCache(NamedTuple):
    """What a card file's cache holds: the facts of one text of the file, its cards, its entries."""

    text_hash: str
    # The digest of the formulas the project's other card files declared (``DeclaredElsewhere``).
    elsewhere: str
    deck_name: str
    notes_path: str
    chapters: Chapters
    package: Package
    formulas: Formulas
    # What its errors left out, for a card file with errors (None: it has none).
    faults: Faults | None
    # Every card's summary and every card's tags, each encoded as one block (``encode``: a
    # build that changes no entry never decodes them, a review decodes the tags only for
    # --tag), and every card encoded on its own (``rows.dump_card``).
    summaries: bytes
    tags: bytes
    bodies: tuple[bytes, ...]
    # None when the cache was read for its cards alone (``CardFileCaches``' ``entries``).
    entries: Entries | None

    def card_summaries(self) -> tuple[CardSummary, ...]:
        """Decode every card's summary, in file order; raise if they are not whole (a miss)."""
        summaries = tuple(map(CardSummary._make, marshal.loads(self.summaries)))
        if len(summaries) != len(self.bodies):
            raise ValueError("a summary without its card")
        return summaries

    def card_tags(self) -> Tags:
        """Decode every card's tags, in file order; raise if they are not whole (a miss)."""
        tags = marshal.loads(self.tags)
        if not isinstance(tags, tuple) or len(tags) != len(self.bodies):
            raise ValueError("tags without their card")
        return tags


# How many items of the stored value a command that renders nothing reads: all but the entries.
_CARDS = len(CardFileCache._fields) - 1


def _positions(value: Any) -> Chapters:
    return tuple((str(path), int(line), int(column)) for path, line, column in value)


def _decoded(value: Any) -> CardFileCache:
    """Make the cache's value of the rows read (the entries' too, if read); any doubt raises."""
    digest, elsewhere, name, notes_path, chapters, package, formulas, faults = value[:8]
    summaries, tags, bodies = value[8:_CARDS]
    entries = None
    if len(value) > _CARDS:
        keys, first_lines, counts, notes = value[_CARDS:]
        if not len(keys) == len(first_lines) == len(counts):
            raise ValueError("an entry cut short")
        if sum(counts) != len(bodies):
            raise ValueError("an entry without its cards")
        if len(notes) not in (0, len(keys)):
            raise ValueError("an entry without its notes")
        entries = Entries(tuple(keys), tuple(first_lines), tuple(counts), tuple(map(bytes, notes)))
    package = (str(package[0]), int(package[1]), int(package[2])) if package else None
    return CardFileCache(str(digest), str(elsewhere), str(name), str(notes_path),
                         _positions(chapters), package, _positions(formulas),
                         _row_faults(faults), bytes(summaries), bytes(tags), tuple(bodies),
                         entries)  # fmt: skip


def _rows(value: CardFileCache, entries: Entries) -> tuple[Any, ...]:
    """Return the cache's value as plain rows, for marshal: the entries last."""
    faults = _faults_row(value.faults) if value.faults is not None else ()
    return (*value[:7], faults, *value[8:_CARDS], *entries)


def encode(rows: Iterable[tuple[Any, ...]]) -> bytes:
    """Encode cards' summaries or tags as one block, for ``CardFileCache``."""
    return marshal.dumps(tuple(map(tuple, rows)))  # a summary as a plain tuple: marshal's


class CardFileCaches:
    """The card files one command reads, each with its cache: read once, written once.

    ``text`` reads a card file once; ``read`` reads its cache once; the loader says with
    ``keep`` what the card file is now (None: parsed whole, nothing to keep), and the build's
    rendering adds notes; ``save`` writes the caches that changed. Without ``enabled``,
    nothing is read from the cache folder or written to it. Without ``entries`` (a command
    that renders nothing: a review, the statistics), a cache is read for its cards alone,
    and read a second time, whole, only when its card file changed and is parsed again.
    """

    def __init__(self, *, enabled: bool = True, entries: bool = True) -> None:
        self.enabled = enabled
        self.entries = entries
        self._texts: dict[str, tuple[str, str]] = {}
        self._read: dict[str, CardFileCache | None] = {}
        self._now: dict[str, CardFileCache | None] = {}
        self._changed: set[str] = set()

    def text(self, path: str) -> tuple[str, str]:
        """Return a card file's text and its hash, read once."""
        if path not in self._texts:
            text = read_text(path)
            self._texts[path] = text, text_hash(text)
        return self._texts[path]

    def read(self, path: str, *, entries: bool = False) -> CardFileCache | None:
        """Return the card file's cache as stored (of whatever text), or None (read once).

        Its entries are read if the command renders, or if asked for (read again if need be).
        """
        whole = self.entries or entries
        stored = self._read.get(path)
        if path not in self._read or (whole and stored is not None and stored.entries is None):
            first = None if whole else _CARDS
            self._read[path] = read_cache(path, _decoded, first=first) if self.enabled else None
        return self._read[path]

    def keep(self, path: str, value: CardFileCache | None) -> None:
        """Say what the card file is now: its cache, to be saved if it changed, or None.

        What was read of the card file (its text, its stored cache) is let go: a command
        holds one copy of 10,000 cards, not three.
        """
        previous = self._now[path] if path in self._now else self._read.get(path)
        if value is not None and value is not previous:
            self._changed.add(path)
        self._now[path] = value
        self._read.pop(path, None)
        self._texts.pop(path, None)

    def now(self, path: str) -> CardFileCache | None:
        """Return the cache of the card file as it is now (``keep``), or None."""
        return self._now.get(path)

    def save(self) -> None:
        """Write each cache that changed (failing to is not an error), and forget them all.

        A command saves once, when it is done with its card files: what it read is let go, so
        that the package's writing does not carry 10,000 cached cards along.
        """
        for path in sorted(self._changed):
            value = self._now.get(path)
            if self.enabled and value is not None and value.entries is not None:
                write_cache(path, _rows(value, value.entries))
        self._texts.clear()
        self._read.clear()
        self._now.clear()
        self._changed.clear()
