"""A build: a project's notes worked out (pure steps), then its package and record written."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Any

from fmflash.apkg.changes import (
    Changes,
    Placement,
    SectionText,
    StaleCard,
    changed_kinds,
    confirm_cards,
    stale_cards,
    update_record,
)
from fmflash.apkg.machine_state import acknowledge_here, learners_removed, read_state
from fmflash.apkg.notetypes import (
    NoteKind,
    note_schema_hash,
    note_types_hash,
    package_note_types,
)
from fmflash.apkg.render import NoteContent, render_card, render_deck
from fmflash.cards.cache import read_part, write_part
from fmflash.cards.identity import new_project_key
from fmflash.cards.model import ComputedCard, Deck
from fmflash.cards.practice import formula_of
from fmflash.cards.project import Project, load_project
from fmflash.cards.record import (
    adopted_record,
    is_stored,
    read_record,
    record_path,
    write_record,
)
from fmflash.cards.record_format import Record, record_bytes
from fmflash.errors import FmflashError, Problem
from fmflash.files.atomic import Content, refuse_to_replace
from fmflash.files.reading import same_bytes
from fmflash.files.together import write_together
from fmflash.text import did_you_mean, nearest


def decks_of(project: Project) -> list[Deck]:
    """Return the decks of a project's chapters, root first."""
    return [chapter.deck for chapter in project.chapters]


def section_texts(decks: Sequence[Deck]) -> dict[str, SectionText]:
    """Return each card's notes section as it is now, by card id, in every chapter."""
    texts: dict[str, SectionText] = {}
    for deck in decks:
        by_title: dict[str, SectionText] = {}
        for section in reversed(deck.notes.sections):  # the first of equal headings wins
            by_title[section.title] = SectionText(section.title, section.fingerprint, section.text)
        texts.update((card.id, by_title[card.section]) for card in deck.cards)
    return texts


def practice_rules(decks: Sequence[Deck]) -> dict[str, str]:
    """Return each practice card's pattern for its rule as notes state it, by card id."""
    return {
        card.id: formula_of(card).rule_in_notes
        for deck in decks
        for card in deck.cards
        if isinstance(card, ComputedCard) and card.practice
    }


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: the changes against the record, stale and removed cards, writing."""

    project: Project
    package_path: str
    changes: Changes
    stale_cards: tuple[StaleCard, ...]
    removed: tuple[str, ...]
    written: bool
    out_of_date: bool
    # No record of an earlier build: every note is new.
    first_build: bool = False
    # The record's removed cards, for the exact search that finds them in Anki.
    record: Record = field(default_factory=Record)
    # Where a copy of the package went (build -o), if it was written there.
    copied_to: str | None = None
    # The record an older fmflash kept beside the -o path, taken as the project's.
    adopted_from: str | None = None


# The render cache's rows: each chunk's notes as (kind, fields, tags, content hash).
NoteRows = tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...]


def _note_rows(value: Any) -> dict[str, NoteRows]:
    """Check the render cache's rows as read: every kind is a note type's."""
    kinds = {kind.value for kind in NoteKind}
    if not all(row[0] in kinds for rows in value.values() for row in rows):
        raise ValueError("an unknown note type")
    return dict(value)


def rendered_notes(cards_path: str, deck: Deck) -> tuple[NoteContent, ...]:
    """Render every card of a deck, in file order; unchanged chunks come from the cache.

    What a chunk of the card file renders to depends only on its text and fmflash's code (the
    cache's stamp): rendering keeps its own part of the card file's cache (``notes``), so that
    a rebuild after an edit renders and hashes only the edited cards.
    """
    if not deck.sources:  # parsed whole: nothing to key a cache by
        return tuple(map(render_card, deck.cards))
    stored = read_part(cards_path, "notes", _note_rows)
    cached = stored.value if stored is not None else {}
    kinds = {kind.value: kind for kind in NoteKind}
    fresh: dict[str, NoteRows] = {}
    contents: list[NoteContent] = []
    start = 0
    for source, group in groupby(deck.sources):
        cards = deck.cards[start : start + len(list(group))]
        start += len(cards)
        rows = fresh.get(source) or cached.get(source)
        if rows is None or len(rows) != len(cards):
            made = (render_card(card) for card in cards)
            rows = tuple((c.kind.value, c.fields, c.tags, c.content_hash) for c in made)
        fresh[source] = rows
        for card, (kind, fields, tags, digest) in zip(cards, rows, strict=True):
            contents.append(NoteContent(card.id, kinds[kind], fields, tags, digest))
    if fresh != cached:
        write_part(cards_path, "notes", fresh, key="")
    return tuple(contents)


KIND_NAMES = {
    "basic": "question/answer",
    "cloze": "cloze",
    "numeric": "computed",
    "practice": "practice",
}


def refuse_kind_changes(project: Project, record: Record, contents: Sequence[NoteContent]) -> None:
    """Raise a located error for each card whose kind differs from its last build's.

    ``contents`` are the project's rendered notes, in file order (``rendered_notes``).
    """
    lines = {card.id: (chapter.path, card.line) for chapter in project.chapters
             for card in chapter.deck.cards}  # fmt: skip
    problems = []
    for card_id, old, new in changed_kinds(record, contents):
        path, line = lines[card_id]
        old_name, new_name = KIND_NAMES.get(old, old), KIND_NAMES.get(new, new)
        problems.append(
            Problem(
                path,
                f"card '{card_id}' was a {old_name} card when it was last built and is now a "
                f"{new_name} card: Anki ignores an update that changes a note's type, so it "
                f"would keep the old card. Give this card a new id (its review history starts "
                "again; delete the old note in Anki with the search 'fmflash removed' prints)",
                line,
            )
        )
    if problems:
        raise FmflashError(problems)


def project_contents(
    project: Project, rendered: Sequence[tuple[NoteContent, ...]]
) -> list[tuple[str, tuple[NoteContent, ...]]]:
    """Put each chapter's rendered notes (in file order) in the notes' order, by deck name."""
    chapters = []
    for chapter, in_file_order in zip(project.chapters, rendered, strict=True):
        deck = chapter.deck
        chapters.append((deck.name, tuple(in_file_order[i] for i in deck.notes_order())))
    return chapters


def build(
    cards_path: str,
    package_path: str | None = None,
    *,
    now: int,
    check_only: bool = False,
    random_bytes: bytes | None = None,
    output: str | None = None,
    will_write: Callable[[list[str]], None] | None = None,
) -> BuildResult:
    """Validate, then write the package and record if anything differs (unless check_only).

    The package and its record are the project's (``package_path`` overrides the one the card
    file gives), wherever the learner asks for a package: ``output`` gets a copy of the
    project's package, with the same identities. A project's first build draws its key from
    ``random_bytes`` (the system's randomness if none are given): the key of every new card's
    identity, kept in the record. ``will_write`` is told the files the build may write.
    """
    # Imported here so that commands which do not build never load genanki.
    from fmflash.apkg.writer import build_package

    project = load_project(cards_path, package_path=package_path)
    package_path = project.package_path
    record_file = record_path(package_path)
    if output is not None and os.path.abspath(output) == os.path.abspath(package_path):
        output = None
    if will_write is not None:  # told before anything is written: the paths it may write
        will_write([package_path, record_file, *([output] if output is not None else [])])
    if not check_only:  # refused before anything is read from them or written
        refuse_to_replace(package_path, content=Content.PACKAGE, inputs=project.inputs())
        refuse_to_replace(record_file, inputs=project.inputs())
        if output is not None:
            refuse_to_replace(output, content=Content.PACKAGE, inputs=project.inputs())
    adopted = adopted_record(package_path, output)
    previous = read_record(output if adopted is not None and output else package_path)
    # Rendered once (unchanged chunks from the cache), for the kind check and the package.
    rendered = [rendered_notes(chapter.path, chapter.deck) for chapter in project.chapters]
    refuse_kind_changes(project, previous, [c for notes in rendered for c in notes])
    if not previous.project_key:
        previous = replace(previous, project_key=new_project_key(random_bytes or os.urandom(8)))
    decks = project_contents(project, rendered)
    contents = tuple(content for _, notes in decks for content in notes)
    placement = Placement(
        {card.id: chapter.key for chapter in project.chapters for card in chapter.deck.cards},
        {chapter.key: chapter.deck.name for chapter in project.chapters},
    )
    sections = section_texts(decks_of(project))
    record, changes = update_record(
        previous,
        contents,
        placement=placement,
        note_types_hash=note_types_hash(package_note_types(c.kind for c in contents)),
        note_schema=note_schema_hash(),
        sections=sections,
        now=now,
    )
    root = project.chapters[0].deck
    description = f"Built by fmflash from {os.path.basename(root.notes.path)}."
    package, note_ids = build_package(decks, record, description=description)
    record = replace(
        record,
        cards={
            key: recorded if recorded.note_id else recorded._replace(note_id=note_ids[key])
            for key, recorded in record.cards.items()
        },
    )
    text = record_bytes(record)
    out_of_date = not same_bytes(package_path, package) or not is_stored(package_path, text)
    copies = [output] if output is not None and not same_bytes(output, package) else []
    stale = stale_cards(record, contents, sections, rules=practice_rules(decks_of(project)))
    inputs = project.inputs()
    if not check_only and out_of_date:
        # The package, its record and the copy: all written, or (on any failure) none.
        write_record(package_path, record, package=package, copies=copies, inputs=inputs,
                     text=text)  # fmt: skip
    elif not check_only and copies:
        write_together([(copy, package, Content.PACKAGE) for copy in copies], inputs=inputs)
    return BuildResult(
        project,
        package_path,
        changes,
        stale,
        tuple(sorted(record.removed)),
        out_of_date and not check_only,
        out_of_date,
        first_build=not previous.cards and not previous.removed,
        record=record,
        copied_to=output if not check_only else None,
        adopted_from=adopted,
    )


@dataclass(frozen=True, slots=True)
class Inspection:
    """What check shows beyond validity: stale cards and removed cards still in Anki."""

    project: Project
    stale_cards: tuple[StaleCard, ...]
    removed: tuple[str, ...]
    record: Record = field(default_factory=Record)


def inspect(cards_path: str, package_path: str | None = None) -> Inspection:
    """Validate the cards and compare them with the last build's record; write nothing."""
    project = load_project(cards_path, package_path=package_path)
    record = read_record(project.package_path)
    decks = [chapter.deck for chapter in project.chapters]
    contents = [
        c for chapter in project.chapters for c in rendered_notes(chapter.path, chapter.deck)
    ]
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
