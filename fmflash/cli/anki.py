"""The import-anki command: Anki's reviews of this project's cards merged into the review log."""

from __future__ import annotations

import json
from contextlib import closing
from datetime import UTC, date, datetime

import click

from fmflash.cards.project import load_project
from fmflash.cards.record import read_record
from fmflash.cli.common import CARDS_OPTION, say, user_errors
from fmflash.cli.review import DAY_START_OPTION, DB_OPTION
from fmflash.review.anki.collection import cannot_import, read_anki_history
from fmflash.review.anki.reviews import anki_reviews, card_keys, has_project_notes
from fmflash.review.log.store import ReviewStore
from fmflash.review.scheduling.schedule import learning_day
from fmflash.text import count_phrase


def project_card_keys(cards_path: str) -> dict[tuple[str, int], str]:
    """Map each Anki card of the project (note GUID, card ordinal) to its review key."""
    project = load_project(cards_path, review=True)
    record = read_record(project.package_path)
    notes = []
    for chapter in project.chapters:
        for summary in chapter.deck.summaries():
            known = record.cards.get(summary.id)
            if known is not None and known.guid:  # built at least once: Anki may have it
                notes.append((known.guid, summary.id, summary.reverse, summary.gaps))
    return card_keys(notes)


@click.command("import-anki")
@click.argument("path", type=click.Path())
@CARDS_OPTION
@DB_OPTION
@DAY_START_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def import_anki(cards_path: str, path: str, db_path: str, day_start: int, as_json: bool) -> None:
    """Merge the reviews you did in Anki into the review log, for this project's cards.

    PATH is a closed Anki collection (collection.anki2 in your Anki profile folder, or the
    folder itself; close Anki first) or a collection package exported from Anki (.colpkg),
    not a deck package (.apkg). PATH is only read. Reviews already merged are not added
    again, so run it as often as you like; rows that are not sound reviews are skipped and
    counted.

    \b
    Example:
        fmflash import-anki ~/.local/share/Anki2/"User 1"/collection.anki2
        fmflash import-anki ~/Downloads/collection.colpkg --json
    """

    def day_of(moment: datetime) -> date:
        # The learner's day, from the local time of this machine (daylight saving included).
        return learning_day(moment.astimezone().replace(tzinfo=None), day_start)

    with user_errors("nothing was imported"):
        keys = project_card_keys(cards_path)
        history = read_anki_history(path)
        if not has_project_notes(history, keys):
            raise cannot_import(
                path,
                f"it holds none of the notes of {cards_path}; import the package that fmflash "
                "builds into Anki first, review there, then merge",
            )
        # Anki's ids are real times: the real clock bounds them, whatever FMFLASH_NOW says.
        found = anki_reviews(history, keys, day_of=day_of, now=datetime.now(UTC))
        store = ReviewStore.open(db_path)
        with closing(store):
            added, already, touched = store.merge(found.reviews)
    if as_json:
        counts = {"added": added, "already": already, "cards": len(touched)}
        say(json.dumps({**counts, "skipped": found.skipped}))
        return
    skipped = (
        f", {count_phrase(found.skipped, 'row')} skipped (not a review fmflash can read)"
        if found.skipped
        else ""
    )
    say(
        f"From {path}: {count_phrase(added, 'review')} added, {already} already in the review "
        f"log{skipped}; {count_phrase(len(touched), 'card')} touched."
    )
