"""Text reports about a deck: coverage of the notes, stale cards, removed cards (pure)."""

from __future__ import annotations

import difflib
import textwrap
from collections import Counter
from collections.abc import Sequence

from fmflash.apkg.changes import StaleCard
from fmflash.cards.model import ComputedCard, Deck
from fmflash.cards.record_format import Record
from fmflash.text import count_phrase, escape_controls, for_count

DIFF_LINES = 8
# Longer lists of card ids are cut here, with "and N more"; --all shows them whole.
LIST_LIMIT = 10


def coverage_table(deck: Deck, *, width: int = 100) -> list[str]:
    """List each notes section with text or cards: its curated notes and computed cases.

    A title too long for ``width`` columns goes on over more lines, under itself.
    """
    curated = Counter(c.section for c in deck.cards if not isinstance(c, ComputedCard))
    computed = Counter(c.section for c in deck.cards if isinstance(c, ComputedCard))
    rows = []
    for section in deck.notes.sections:
        cards, cases = curated[section.title], computed[section.title]
        if not (cards or cases or section.has_text):
            continue
        # Shown as it will be printed (controls as text), so that the columns line up.
        title = "  " * (section.level - 1) + escape_controls(section.title)
        mark = "  <- no card" if section.has_text and not (cards or cases) else ""
        rows.append((title, str(cards or "-"), str(cases or "-"), mark))
    column = max([len("section")] + [len(title) for title, *_ in rows])
    marks = max((len(mark) for *_, mark in rows), default=0)
    if column + len("  curated  computed") + marks <= width:
        lines = [f"{'section':<{column}}  curated  computed"]
        lines += [f"{t:<{column}}  {c:>7}  {k:>8}{mark}" for t, c, k, mark in rows]
        return lines
    # Too narrow for the titles first: the counts first, each title wrapped after them.
    lines = ["curated  computed  section"]
    for title, curated_count, computed_count, mark in rows:
        lead = title[: len(title) - len(title.lstrip())]
        room = max(10, width - len("curated  computed  ") - len(lead))
        parts = textwrap.wrap(title.strip(), room, subsequent_indent="  ")
        if mark and len(parts[-1]) + len(mark) > room:
            parts.append("  " + mark.strip())
        elif mark:
            parts[-1] += mark
        lines.append(f"{curated_count:>7}  {computed_count:>8}  {lead}{parts[0]}")
        lines += [f"{'':19}{lead}{part}" for part in parts[1:]]
    return lines


def section_diff(old: str | None, new: str) -> list[str]:
    """Show what changed in a section's text, at most a few lines; a changed line word by word.

    A line edited in place is shown once, its unchanged words cut to a few around each change
    and the change marked as git's word diff does: ``needs [-14-]{+at least 14+} GB``.
    """
    if old is None:
        return ["    (the earlier text is not in the record)"]
    before, after = old.splitlines(), new.splitlines()
    changed: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = before[old_start:old_end], after[new_start:new_end]
        paired = min(len(removed), len(added)) if tag == "replace" else 0
        pairs = zip(removed[:paired], added[:paired], strict=True)
        changed += [f"~ {word_diff(r, a)}" for r, a in pairs if r.split() != a.split()]
        changed += [f"- {line.strip()}" for line in removed[paired:]]
        changed += [f"+ {line.strip()}" for line in added[paired:]]
    changed = [line for line in changed if line[2:].strip()]
    shown = [f"    {line}".rstrip() for line in changed[:DIFF_LINES]]
    if len(changed) > DIFF_LINES:
        more = count_phrase(len(changed) - DIFF_LINES, "more changed line")
        shown.append(f"    ... {more}")
    return shown or ["    (only blank lines or spacing changed)"]


# Unchanged words kept on each side of a change in a word diff; the rest become "...".
CONTEXT_WORDS = 4


def word_diff(old: str, new: str) -> str:
    """Mark the words that changed between two lines: ``[-removed-]{+added+}``, with context."""
    before, after = old.split(), new.split()
    pieces: list[tuple[bool, str]] = []  # (changed, text)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            pieces += [(False, word) for word in before[old_start:old_end]]
            continue
        mark = ""
        if old_end > old_start:
            mark += f"[-{' '.join(before[old_start:old_end])}-]"
        if new_end > new_start:
            mark += f"{{+{' '.join(after[new_start:new_end])}+}}"
        pieces.append((True, mark))
    near = {
        index + offset
        for index, (is_change, _) in enumerate(pieces)
        if is_change
        for offset in range(-CONTEXT_WORDS, CONTEXT_WORDS + 1)
    }
    words: list[str] = []
    for index, (_, text) in enumerate(pieces):
        if index in near:
            words.append(text)
        elif not words or words[-1] != "...":
            words.append("...")
    return " ".join(words)


def capped(ids: list[str] | tuple[str, ...], limit: int | None) -> tuple[list[str], int]:
    """Return the ids to show and how many are left out; ``limit`` None shows them all."""
    if limit is None or len(ids) <= limit:
        return list(ids), 0
    return list(ids[:limit]), len(ids) - limit


def stale_report(stale: tuple[StaleCard, ...], *, limit: int | None = LIST_LIMIT) -> list[str]:
    """Describe cards whose notes section changed: per section its diff, then one id a line."""
    if not stale:
        return []
    changed = for_count(
        len(stale),
        "its notes section changed since it was",
        "their notes section changed since they were",
    )
    lines = [f"{count_phrase(len(stale), 'card')} may be outdated: {changed} written or confirmed."]
    by_section: dict[str, list[StaleCard]] = {}
    for card in stale:
        by_section.setdefault(card.section, []).append(card)
    left_out = 0
    for section, cards in by_section.items():
        lines.append(f"  {section}:")
        lines += section_diff(cards[0].old_text, cards[0].new_text)
        shown, more = capped([card.card_id for card in cards], limit)
        lines += [f"      {card_id}" for card_id in shown]
        if more:
            lines.append(f"      ... and {more} more")
        left_out += more
    if left_out:
        lines.append("Add --all to list every stale card.")
    them = for_count(len(stale), "the card, or if it is", "the cards, or if they are")
    lines.append(f"Edit {them} still right: fmflash confirm ID... (or --all-in SECTION).")
    return lines


def removed_search(removed: Sequence[str], record: Record) -> tuple[str, str]:
    """Return Anki browser searches for removed cards: an exact one, and one for older cards.

    The exact search names each note by the id fmflash fixed for it (``nid:``), and its card
    id, so it never selects another project's note. Cards removed before note ids were fixed
    can only be found by their Id field, which other projects' notes may share.
    """
    exact, older = [], []
    for card_id in removed:
        recorded = record.removed.get(card_id)
        if recorded is not None and recorded.note_id:
            exact.append(f'(nid:{recorded.note_id} "Id:{card_id}")')
        else:
            older.append(f"Id:{card_id}")
    wide = f"note:fmflash* ({' OR '.join(older)})" if older else ""
    return " OR ".join(exact), wide


def removed_report(
    removed: tuple[str, ...], record: Record, *, limit: int | None = LIST_LIMIT
) -> list[str]:
    """Remind the user of removed cards that Anki still holds, and how to delete them."""
    if not removed:
        return []
    shown, more = capped(removed, limit)
    names = ", ".join(shown) + (f" and {more} more (--all lists them)" if more else "")
    exact, wide = removed_search(removed, record)
    them = for_count(len(removed), "it", "them")
    lines = [
        f"Removed from the cards since an earlier build (Anki keeps {them} if you imported "
        f"it): {names}.",
        f"Anki never deletes notes on import. Search for {them} in Anki's browser and delete:",
    ]
    if exact:
        lines.append(f"  {exact}")
    if wide:
        lines += [
            "  " + wide if not exact else "Cards removed before this fmflash fixed note ids:",
            *([f"  {wide}"] if exact else []),
            "  (this search matches by id in any deck: if another project has a card with "
            "the same id, check the Deck column before deleting)",
        ]
    lines.append(f"Then (or now, if you never imported {them}) run: fmflash removed --acknowledge")
    return lines
