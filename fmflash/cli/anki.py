"""The import-anki command: Anki's reviews of this project's cards merged into the review log."""

from __future__ import annotations

import json
from contextlib import closing
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, NamedTuple

import click

from fmflash.cards.model import text_fingerprint
from fmflash.cards.project import load_project
from fmflash.cards.record import read_record
from fmflash.cli.common import CARDS_OPTION, read_clock, say, user_errors
from fmflash.cli.options import DAY_START_OPTION, DB_OPTION
from fmflash.review.anki.collection import cannot_import, read_anki_history
from fmflash.review.anki.reviews import anki_reviews, card_keys, has_project_notes
from fmflash.review.log.store import ReviewStore
from fmflash.review.scheduling.schedule import learning_day
from fmflash.review.session.items import review_key, sides
from fmflash.review.session.merging import merge_marking_leeches
from fmflash.text import count_phrase, for_count

if TYPE_CHECKING:
    from fmflash.cards.model import Deck


class ProjectCards(NamedTuple):
    """The project's cards as Anki has them: their review keys, and what each key names."""

    # Each Anki card of the project (note GUID, card ordinal) to its review key.
    keys: dict[tuple[str, int], str]
    # Each review key to its item id and its card's deck and place there.
    items: dict[str, tuple[str, Deck, int]]

    def fingerprint(self, key: str) -> str:
        """Return the fingerprint of the text of the card a review key names."""
        _, deck, position = self.items[key]
        return text_fingerprint(deck.cards[position])


def project_cards(cards_path: str) -> ProjectCards:
    """Find each Anki card of the project: its review key, its item id, its card."""
    project = load_project(cards_path, review=True)
    record = read_record(project.package_path)
    notes = []
    items: dict[str, tuple[str, Deck, int]] = {}
    for chapter in project.chapters:
        for position, summary in enumerate(chapter.deck.summaries()):
            known = record.cards.get(summary.id)
            if known is not None and known.guid:  # built at least once: Anki may have it
                notes.append((known.guid, summary.id, summary.reverse, summary.gaps))
                for item_id, _, _ in sides(summary.id, summary.reverse, summary.gaps):
                    items[review_key(known.guid, item_id)] = (item_id, chapter.deck, position)
    return ProjectCards(card_keys(notes), items)


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
    it is suspended, as a review session does.

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
        keys = found_cards.keys
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
        # Named only when the merge made some: the counts' shape stays as it was.
        say(json.dumps({**counts, "leeches": leeches} if leeches else counts))
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
    if leeches:
        say(
            f"{count_phrase(len(leeches), 'card')} lapsed 8 times or more: "
            f"{', '.join(leeches)} {for_count(len(leeches), 'is a leech', 'are leeches')}, and "
            f"suspended. Rewrite {for_count(len(leeches), 'it', 'them')}, then fmflash unsuspend "
            f"{' '.join(leeches)}."
        )
