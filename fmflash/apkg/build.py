"""A build: a project's notes worked out, then its package and record written."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import NamedTuple

from fmflash.apkg.changes import Changes, Placement, StaleCard, stale_cards, update_record
from fmflash.apkg.notetypes import note_schema_hash, note_types_hash, package_note_types
from fmflash.apkg.project_notes import (
    decks_of,
    practice_rules,
    project_contents,
    refuse_kind_changes,
    rendered_notes,
    section_texts,
)
from fmflash.cards.card_cache import CardFileCaches
from fmflash.cards.identity import new_project_key
from fmflash.cards.project import Project, load_project
from fmflash.cards.record import adopted_record, is_stored, read_record, record_path, write_record
from fmflash.cards.record_format import Record, record_bytes
from fmflash.files.atomic import Content, refuse_to_replace
from fmflash.files.reading import same_bytes
from fmflash.files.together import write_together


class BuildResult(NamedTuple):
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
    record: Record = Record()
    # Where a copy of the package went (build -o), if it was written there.
    copied_to: str | None = None
    # The record an older fmflash kept beside the -o path, taken as the project's.
    adopted_from: str | None = None
    # Whether a package was at its path, and held this build's bytes: a build stopped between
    # writing the record and the package leaves a record newer than the package.
    package_existed: bool = True
    package_matched: bool = True


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

    caches = CardFileCaches()  # each card file's cache: read once, written once (below)
    project = load_project(cards_path, package_path=package_path, caches=caches)
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
    # Rendered once (unchanged entries from the cache), for the kind check and the package.
    rendered = [rendered_notes(c.path, c.deck, caches) for c in project.chapters]
    caches.save()
    refuse_kind_changes(project, previous, [c for notes in rendered for c in notes])
    if not previous.project_key:
        previous = previous._replace(project_key=new_project_key(random_bytes or os.urandom(8)))
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
    record = record._replace(
        cards={
            key: recorded if recorded.note_id else recorded._replace(note_id=note_ids[key])
            for key, recorded in record.cards.items()
        },
    )
    text = record_bytes(record)
    package_matched = same_bytes(package_path, package)
    out_of_date = not package_matched or not is_stored(package_path, text)
    copies = [output] if output is not None and not same_bytes(output, package) else []
    stale = stale_cards(record, contents, sections, rules=practice_rules(decks_of(project)))
    inputs = project.inputs()
    package_existed = package_matched or os.path.lexists(package_path)
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
        package_existed=package_existed,
        package_matched=package_matched,
    )
