"""The import-anki command: Anki's reviews of this project's cards merged into the review log."""

from __future__ import annotations

import json
from contextlib import closing
from datetime import UTC, date, datetime

import click

from fmflash.cli.common import CARDS_OPTION, echo_wrapped, read_clock, say, user_errors
from fmflash.cli.options import DAY_START_OPTION, DB_OPTION
from fmflash.review.anki.collection import cannot_import, read_anki_history
from fmflash.review.anki.project_cards import left_out_note, project_cards
from fmflash.review.anki.reviews import anki_reviews, has_project_notes
from fmflash.review.log.store import ReviewStore
from fmflash.review.scheduling.schedule import learning_day
from fmflash.review.session.merging import merge_marking_leeches
from fmflash.text import count_phrase, for_count


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
    counted. A card whose merged reviews bring it to 8 lapses (then every 4th) is a leech:
    it is suspended, as a review session does. Errors in the card files stop no import, as
    they stop no review: the reviews of every card that loads are merged, the errors are
    shown, and the reviews of the cards left out are counted apart; fix the errors and run
    it again to add those. The reviews of removed cards (a renamed id is one) are counted,
    not merged: a card with a new id starts afresh.

    \b
    Example:
        fmflash import-anki ~/.local/share/Anki2/"User 1"/collection.anki2
        fmflash import-anki ~/Downloads/collection.colpkg --json
    """

    def day_of(moment: datetime) -> date:
        # The learner's day, from the local time of this machine (daylight saving included).
        return learning_day(moment.astimezone().replace(tzinfo=None), day_start)

    with user_errors("nothing was imported"):
        found_cards = project_cards(cards_path)
        history = read_anki_history(path)
        if not has_project_notes(history, found_cards.notes()):
            raise cannot_import(
                path,
                f"it holds none of the notes of {cards_path}; import the package that fmflash "
                "builds into Anki first, review there, then merge",
            )
        # Anki's ids are real times: the real clock bounds them, whatever FMFLASH_NOW says.
        found = anki_reviews(history, found_cards.keys, left_out_notes=found_cards.left_out_notes,
                             removed_notes=found_cards.removed_notes, day_of=day_of,
                             now=datetime.now(UTC))  # fmt: skip
        note = left_out_note(found_cards.left_out, reviews=found.left_out)
        if note is not None:  # each error as check shows it (its line, a caret), then the note
            for problem in found_cards.problems:
                say(str(problem), err=True)
            echo_wrapped([note], err=True)
        store = ReviewStore.open(db_path)
        with closing(store):
            added, already, touched, leech_keys = merge_marking_leeches(
                store,
                found.reviews,
                found_cards.fingerprint,
                now=read_clock(day_start).astimezone(UTC),
            )
    leeches = [found_cards.items[key][0] for key in leech_keys]
    if as_json:
        counts = {"added": added, "already": already, "cards": len(touched)}
        counts["skipped"] = found.skipped
        # Each named only when there is some: the counts' shape stays as it was.
        if found_cards.left_out.any_card():
            counts["left_out"] = found.left_out
        if found.removed:
            counts["removed"] = found.removed
        say(json.dumps({**counts, "leeches": leeches} if leeches else counts))
        return
    skipped = (
        f", {count_phrase(found.skipped, 'row')} skipped (not a review fmflash can read)"
        if found.skipped
        else ""
    )
    if found.left_out:
        skipped += f", {count_phrase(found.left_out, 'review')} left out (of cards with errors)"
    if found.removed:
        skipped += (
            f", {count_phrase(found.removed, 'review')} of removed cards not merged "
            "('fmflash removed' lists them)"
        )
    say(
        f"From {path}: {count_phrase(added, 'review')} added, {already} already in the review "
        f"log{skipped}; {count_phrase(len(touched), 'card')} touched."
    )
    if leeches:
        say(
            f"{count_phrase(len(leeches), 'card')} lapsed 8 times or more: "
            f"{', '.join(leeches)} {for_count(len(leeches), 'is a leech', 'are leeches')}, and "
            f"suspended. Rewrite {for_count(len(leeches), 'it', 'them')}, then fmflash unsuspend "
            f"{' '.join(leeches)}."
        )
