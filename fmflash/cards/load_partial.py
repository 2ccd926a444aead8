"""Loading a card file with errors for study: every card that loads, the others left out (I/O).

``fmflash review`` and ``stats`` go on despite errors (``fmflash check`` and ``build`` refuse
them). A card with a problem (a bad field, an unknown section, a bad cloze, a duplicate id) is
left out alone. A YAML syntax error leaves out the card (or header block) it is in: each item of
the ``cards:`` and ``computed:`` lists and each top-level block that cannot be read on its own
is blanked out, lines kept, and the rest is read. A file whose deck has no name or notes keeps
no card, but a root file's chapters and package are still read. The problems are exactly those
``load_deck`` raises, plus each syntax error's.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, NamedTuple

from fmflash.cards.card_cache import Chapters, Package
from fmflash.cards.load import read_notes
from fmflash.cards.model import Deck
from fmflash.cards.notes import Notes
from fmflash.errors import FmflashError, Problem
from fmflash.files.reading import read_text
from fmflash.formulas.declarations import NOWHERE, DeclaredElsewhere

if TYPE_CHECKING:
    import yaml

_LISTS = ("cards", "computed")


class PartialDeck(NamedTuple):
    """What of a card file loads: its deck (None: no card), its problems, what was left out."""

    deck: Deck | None
    problems: tuple[Problem, ...]
    # How many entries (cards, computed entries) were left out for their errors.
    left_out: int
    # A root file's chapters and package, read even when its deck is not.
    chapters: Chapters = ()
    package: Package = None
    # The deck's name, when it is known even though its deck is not.
    name: str | None = None


def load_what_loads(
    cards_path: str, *, root_path: str, elsewhere: DeclaredElsewhere = NOWHERE
) -> PartialDeck:
    """Load the cards of a card file that have no error; raise only if it cannot be read."""
    from fmflash.cards.parse_cards import build_deck, declared_formulas, parse_card_file

    text = read_text(cards_path)
    problems: list[Problem] = []
    blanked = 0
    try:
        card_file = parse_card_file(text, path=cards_path, elsewhere=elsewhere)
    except FmflashError as error:
        problems += error.problems
        text, blanked = _readable_part(text, cards_path)
        try:
            card_file = parse_card_file(text, path=cards_path, elsewhere=elsewhere)
        except FmflashError:
            raise FmflashError(problems) from None
    notes: Notes | None = None
    try:
        notes = read_notes(cards_path, card_file.notes_path, root_path)
    except FmflashError as error:
        problems += error.problems
    try:
        whole = build_deck(card_file, notes)
    except FmflashError as error:
        problems += error.problems
    else:
        return PartialDeck(whole, tuple(problems), blanked, whole.chapters, whole.package)
    chapters, package = tuple(card_file.chapters), card_file.package
    ranges = _entry_lines(text, cards_path)
    if notes is None or card_file.deck_name is None:
        return PartialDeck(None, tuple(problems), blanked + len(ranges), chapters, package,
                           card_file.deck_name)  # fmt: skip
    kept = [card for card in card_file.cards if notes.find(card.section) is not None]
    faulty = {problem.line for problem in problems if problem.line is not None}
    studied = {card.line for card in kept}
    left_out = [(first, last) for first, last in ranges
                if not any(first <= line <= last for line in studied)
                or any(first <= line <= last for line in faulty)]  # fmt: skip
    # An entry with an error may have cases that load: only entries without one stay whole.
    kept = [card for card in kept if not any(a <= card.line <= b for a, b in left_out)]
    deck = Deck(card_file.deck_name, notes, tuple(kept), chapters=chapters, package=package,
                formulas=declared_formulas(card_file))  # fmt: skip
    if card_file.formulas or card_file.elsewhere:
        from fmflash.cards.practice import state_rules  # the formulas, only when declared

        deck = state_rules(deck)
    return PartialDeck(deck, tuple(problems), blanked + len(left_out), chapters, package)


def _entry_lines(text: str, path: str) -> list[tuple[int, int]]:
    """Return the first and last line of each item of the card file's entry lists."""
    import yaml  # PyYAML only for a file with errors: a review start of a clean one skips it

    root = _compose(text, path)
    if not isinstance(root, yaml.MappingNode):
        return []
    found = []
    for key, value in root.value:
        if key.value in _LISTS and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                found.append(
                    (item.start_mark.line + 1, max(item.end_mark.line, item.start_mark.line + 1))
                )
    return found


def _compose(text: str, path: str) -> yaml.Node | None:
    from fmflash.cards.parse_yaml import compose

    try:
        return compose(text, path=path)
    except FmflashError:
        return None


def _readable_part(text: str, path: str) -> tuple[str, int]:
    """Blank out each entry, then each top-level block, that cannot be read on its own.

    Lines are kept (a blanked line is empty), so every other card keeps its line. Returns the
    text and how many entries were blanked. A file of an unusual shape is returned as it is.
    """
    from fmflash.cards.parse_chunks import _TOP_LINE, split_card_file

    split = split_card_file(text)
    if split is None:
        return text, 0
    skeleton, chunks = split
    lines = text.split("\n")
    blanked = 0
    for chunk in chunks:
        if _compose(chunk.text, path) is None:
            first = chunk.first_line - 1
            lines[first : first + chunk.text.count("\n") + 1] = [""] * (chunk.text.count("\n") + 1)
            blanked += 1
    skeleton_lines = skeleton.split("\n")
    tops = [skeleton.count("\n", 0, match.start()) for match in _TOP_LINE.finditer(skeleton)]
    for first, end in itertools.pairwise([*tops, len(skeleton_lines)]):
        if _compose("\n".join(skeleton_lines[first:end]), path) is None:
            inside = [c for c in chunks if first < c.first_line <= end and lines[c.first_line - 1]]
            blanked += len(inside)
            lines[first:end] = [""] * (end - first)
    return "\n".join(lines), blanked
