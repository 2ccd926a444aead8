"""Check, confirm and removed: the cards a build leaves to the learner, stale or removed.

``inspect`` compares the cards with the last build's record and writes nothing; ``confirm``
marks stale cards as still right in the record; ``acknowledge`` forgets removed cards on this
machine only. None writes a package.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from fmflash.apkg.changes import StaleCard, confirm_cards, stale_cards
from fmflash.apkg.machine_state import acknowledge_here, learners_removed, read_state
from fmflash.apkg.project_notes import (
    practice_rules,
    refuse_kind_changes,
    rendered_notes,
    section_texts,
)
from fmflash.apkg.render import render_deck
from fmflash.cards.card_cache import CardFileCaches
from fmflash.cards.project import Project, load_project
from fmflash.cards.record import read_record, record_path, write_record
from fmflash.cards.record_format import Record
from fmflash.errors import FmflashError, Problem
from fmflash.suggestions import did_you_mean, nearest


@dataclass(frozen=True, slots=True)
class Inspection:
    """What check shows beyond validity: stale cards and removed cards still in Anki."""

    project: Project
    stale_cards: tuple[StaleCard, ...]
    removed: tuple[str, ...]
    record: Record = field(default_factory=Record)


def inspect(cards_path: str, package_path: str | None = None) -> Inspection:
    """Validate the cards and compare them with the last build's record; write nothing."""
    caches = CardFileCaches()  # each card file's cache: read once, written once (below)
    project = load_project(cards_path, package_path=package_path, caches=caches)
    record = read_record(project.package_path)
    decks = [chapter.deck for chapter in project.chapters]
    contents = [c for chapter in project.chapters
                for c in rendered_notes(chapter.path, chapter.deck, caches)]  # fmt: skip
    caches.save()
    refuse_kind_changes(project, record, contents)
    stale = stale_cards(record, contents, section_texts(decks), rules=practice_rules(decks))
    return Inspection(project, stale, tuple(sorted(record.removed)), record)


@dataclass(frozen=True, slots=True)
class Confirmation:
    """What confirm did: the cards confirmed, and those named that were not stale."""

    confirmed: tuple[str, ...]
    not_stale: tuple[str, ...]


def _suggest(card_id: str, known: set[str]) -> str:
    hint = did_you_mean(nearest(card_id, sorted(known), most=3), quoted=False)
    return f"; {hint}" if hint else ""


def confirm(
    cards_path: str, package_path: str | None, card_ids: Sequence[str], *, all_in: str | None
) -> Confirmation:
    """Mark stale cards as still right for their section's current text; write the record."""
    project = load_project(cards_path, package_path=package_path)
    package_path = project.package_path
    record = read_record(package_path)
    decks = [chapter.deck for chapter in project.chapters]
    known = {card.id for card in project.cards()}
    problems = [
        Problem.about("confirm", f"no card has the id '{card_id}'{_suggest(card_id, known)}")
        for card_id in card_ids
        if card_id not in known
    ]
    headings = [deck.notes.heading(all_in) for deck in decks] if all_in is not None else []
    section = next((heading for heading in headings if heading is not None), None)
    if all_in is not None and section is None:
        problems.append(Problem.about("confirm", decks[0].notes.not_a_heading(all_in)))
    unbuilt = [card_id for card_id in card_ids if card_id in known and card_id not in record.cards]
    problems += [
        Problem.about(
            "confirm", f"card '{card_id}' has not been built yet; run 'fmflash build' first"
        )
        for card_id in unbuilt
    ]
    if problems:
        raise FmflashError(problems)
    sections = section_texts(decks)
    contents = [content for deck in decks for content in render_deck(deck)]
    rules = practice_rules(decks)
    stale = [card.card_id for card in stale_cards(record, contents, sections, rules=rules)]
    named = list(dict.fromkeys(card_ids))
    chosen = [card_id for card_id in named if card_id in stale]
    if section is not None:
        in_section = {card.id for card in project.cards() if card.section == section}
        chosen += [card_id for card_id in stale if card_id in in_section and card_id not in chosen]
    if chosen:
        updated = confirm_cards(record, chosen, sections)
        write_record(package_path, updated, inputs=project.inputs())
    return Confirmation(tuple(chosen), tuple(card_id for card_id in named if card_id not in stale))


def acknowledge(package_path: str, card_ids: Sequence[str]) -> tuple[str, ...]:
    """Forget removed cards (all this learner's if no ids are given); return those forgotten.

    Only this machine's state changes: the committed build record keeps every removed card.
    """
    record = read_record(package_path)
    unknown = [card_id for card_id in card_ids if card_id not in record.removed]
    if unknown:
        raise FmflashError(
            Problem(record_path(package_path), f"'{card_id}' is not among the removed cards")
            for card_id in unknown
        )
    theirs = learners_removed(read_state(package_path), sorted(record.removed))
    forgotten = tuple(card_ids) or theirs
    if not forgotten:
        return ()
    acknowledge_here(package_path, forgotten)
    return forgotten
