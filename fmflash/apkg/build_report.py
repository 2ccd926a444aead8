"""What ``check`` and ``build`` say about a build, as lines of text (the commands print them).

The project in one phrase, what a build wrote and changed, what the next Anki import will do,
and what is left to do: renamed decks, moved, stale and removed cards, linter warnings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fmflash.apkg.machine_state import remember_build
from fmflash.apkg.pending import Pending, pending_of, pending_report
from fmflash.apkg.reports import removed_report, stale_report
from fmflash.cards.model import BasicCard, ClozeCard
from fmflash.text import count_phrase

if TYPE_CHECKING:
    from fmflash.apkg.build import BuildResult
    from fmflash.apkg.changes import Changes
    from fmflash.cards.project import Project
    from fmflash.errors import Problem


def notes_and_cards(project: Project) -> str:
    """Count as Anki does: notes (entries and computed cases) and cards (sides and gaps)."""
    notes, cards = len(project.cards()), project.card_count()
    return f"{count_phrase(notes, 'note')}, {count_phrase(cards, 'card')}"


def describe_project(project: Project) -> str:
    """Summarise a project in one phrase: notes, cards, kinds, sections and chapters."""
    cards = project.cards()
    basic = sum(isinstance(card, BasicCard) for card in cards)
    cloze = sum(isinstance(card, ClozeCard) for card in cards)
    computed = len(cards) - basic - cloze
    decks = [chapter.deck for chapter in project.chapters]
    sections = sum(len({card.section for card in deck.cards}) for deck in decks)
    where = (
        decks[0].notes.path if len(decks) == 1 else f"{count_phrase(len(decks), 'chapter')}' notes"
    )
    return (
        f"{notes_and_cards(project)} ({basic} question/answer, {cloze} cloze, "
        f"{count_phrase(computed, 'computed note')}) from {count_phrase(sections, 'section')} "
        f"of {where}"
    )


def change_counts(result: BuildResult) -> str:
    """Say what changed since the last build: ``since the last build of X: 1 new, ...``."""
    if result.first_build:
        return f"no earlier build of {result.package_path}: every note is new"
    changes = result.changes
    parts = [
        f"{len(changes.added)} new",
        f"{len(changes.changed)} changed",
        f"{len(changes.unchanged)} unchanged",
    ]
    if changes.removed:
        parts.append(f"{len(changes.removed)} removed")
    return f"since the last build of {result.package_path}: {', '.join(parts)} notes"


def pending_after(result: BuildResult) -> Pending:
    """Return what Anki still has to be told after a build, remembering it on this machine.

    A build written here adds its renamed decks and moved cards to what this machine
    remembers; at the learner's first build here nothing is theirs yet (``machine_state``).
    """
    record = result.record
    renamed: dict[str, str] = {}
    moved: list[str] = []
    if result.written:
        chapters = {name: key for key, name in {"": record.deck_name, **record.chapters}.items()}
        renamed = {old: chapters[new] for old, new in result.changes.renamed if new in chapters}
        moved = [card_id for card_id, _, _ in result.changes.moved]
    before = set(result.removed) - set(result.changes.removed)
    state = remember_build(result.package_path, removed_before=before, renamed=renamed, moved=moved)
    return pending_of(
        record, renamed=state.renamed, moved=state.moved, removed=state.theirs(result.removed)
    )


def build_report(
    result: BuildResult, warnings: dict[str, tuple[Problem, ...]], *, limit: int | None
) -> list[str]:
    """Return the lines that say what a build wrote and what the next Anki import will do.

    ``warnings`` are the linter's on the cards the build changed, by card id.
    """
    summary, details = build_report_parts(result, limit=limit)
    lines = [*summary, *details, *lint_summary(warnings)]
    if result.written:
        lines.append("Import it in Anki with File > Import; your review history is kept.")
    return lines


def lint_summary(warnings: dict[str, tuple[Problem, ...]]) -> list[str]:
    """Count the linter's warnings on the cards a build changed, and say how to see them."""
    count = sum(map(len, warnings.values()))
    if not count:
        return []
    return [
        f"{count_phrase(count, 'linter warning')} on the cards this build changed: "
        "'fmflash check' shows every warning."
    ]


def build_report_parts(result: BuildResult, *, limit: int | None) -> tuple[list[str], list[str]]:
    """Return what a build did (its summary), and what it leaves to do (stale, removed)."""
    changes = result.changes
    total = notes_and_cards(result.project)
    lines = []
    if not result.written:
        lines.append(
            f"{result.package_path} is up to date: {total}, no changes since its last build."
        )
    else:
        lines.append(f"Built {result.package_path}: {total}.")
        lines.append(change_counts(result)[:1].upper() + change_counts(result)[1:] + ".")
        for label, ids in (("New", changes.added), ("Changed", changes.changed)):
            if ids and len(ids) <= 20 and not result.first_build:
                lines.append(f"  {label}: {', '.join(ids)}")
        lines += unrecorded_package(result)
    if result.adopted_from is not None:
        lines.append(
            f"Took every card's identity from {result.adopted_from}, where an older fmflash kept "
            f"it: the build record now lives with the project, beside {result.package_path} "
            "(commit it)."
        )
    if result.copied_to is not None:
        lines.append(
            f"Wrote a copy to {result.copied_to}: the same notes and identities; the build record "
            f"stays with {result.package_path}."
        )
    if changes.schema_changed:
        lines += [
            "WARNING: a note type's fields or card templates were renamed or changed in number.",
            "Anki will NOT update existing notes unless you tick 'Merge note types' on import.",
        ]
    elif changes.note_types_changed and result.written:
        lines.append("The note types' templates or styling changed; Anki updates them on import.")
    pending = pending_after(result)
    details = [
        *rename_report(changes),
        *pending_report(pending._replace(removed=()), result.record),
        *stale_report(result.stale_cards, limit=limit),
        *removed_report(pending.removed, result.record, limit=limit),
    ]
    return lines, details


def unrecorded_package(result: BuildResult) -> list[str]:
    """Say when no note changed but Anki may not have the record's notes: import the package.

    The record is written before the package, so a build stopped between the two leaves a
    record newer than the package, and the counts (against the record) say nothing changed.
    """
    said_already = result.first_build or result.adopted_from is not None or result.changes.any
    if result.package_matched or said_already:  # said: a first build, a taken record, changes
        return []
    why = "a build stopped between writing the two"
    if not result.package_existed:
        said = f"There was no {result.package_path} beside its record ({why}, or it was removed)"
    else:
        said = (
            f"{result.package_path} was not the package its record describes ({why}, or it was "
            "replaced or written by another version of fmflash)"
        )
    return [f"{said}: the counts above are against the record, not the package Anki last had."]


def rename_report(changes: Changes) -> list[str]:
    """Say what renamed decks and moved cards mean in Anki."""
    lines = [
        f"The deck '{old}' is now '{new}'. Every card keeps its identity: the rename adds and "
        "removes no note in Anki."
        for old, new in changes.renamed
    ]
    if changes.moved:
        moved = ", ".join(card_id for card_id, _, _ in changes.moved)
        lines.append(
            f"{count_phrase(len(changes.moved), 'card')} moved to another chapter, with their "
            f"review history: {moved}."
        )
    return lines


def check_report(result: BuildResult) -> tuple[bool, str]:
    """Say whether the package and record match the cards (``build --check``), and why not."""
    if result.out_of_date:
        reason = change_counts(result) if result.changes.any else "its bytes differ"
        return False, (
            f"{result.package_path} is out of date ({reason}); "
            "run 'fmflash build' and commit the package and its record."
        )
    return True, f"{result.package_path} is up to date: {describe_project(result.project)}."
