"""The course as the reviewer sees it: every chapter's cards, keyed by their identity.

A review item is stored under its card's identity (the GUID the build record keeps): ``GUID``,
``GUID/reverse``, ``GUID/c2``. A card never built yet gets the identity its first build will
give it (the same function, from the project key), so review and build always agree.
``ProjectStore`` shows one project's part of the review database by item id (``id/reverse``),
the way sessions and statistics name items.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from fmflash.cards.model import CardSummary, Tags
from fmflash.cards.notes import Section
from fmflash.cards.record_format import Identities
from fmflash.errors import FmflashError, Problem
from fmflash.review.scheduling.schedule import due_by
from fmflash.review.session.items import Item, review_items, review_key

if TYPE_CHECKING:
    from fmflash.cards.model import Card
    from fmflash.cards.project import Chapter
    from fmflash.review.log.store import ReviewStore
    from fmflash.review.log.suspended import Suspension
    from fmflash.review.log.today import Today
    from fmflash.review.scheduling.grades import Grade
    from fmflash.review.scheduling.schedule import Review, Schedule
    from fmflash.review.scheduling.scheduler import Scheduler


class Course(NamedTuple):
    """The chosen chapters' cards as one deck: their summaries, cards and sections."""

    chapters: tuple[Chapter, ...]
    summaries: tuple[CardSummary, ...]
    # The place of each chapter's first card in ``summaries``.
    starts: tuple[int, ...]

    def card(self, position: int) -> Card:
        """Return the whole card at a position of the course (decoded now, if it was stored)."""
        chapter = bisect_right(self.starts, position) - 1
        return self.chapters[chapter].deck.cards[position - self.starts[chapter]]

    def notes_order(self) -> list[int]:
        """Return the positions, chapter by chapter, each in its notes' order."""
        return [
            start + index
            for start, chapter in zip(self.starts, self.chapters, strict=True)
            for index in chapter.deck.notes_order()
        ]

    def tags(self) -> Tags:
        """Return each card's tags, in the order of ``summaries``."""
        return tuple(tags for chapter in self.chapters for tags in chapter.deck.tags())

    def sections(self) -> list[Section]:
        """Return every chosen chapter's notes sections, in order."""
        return [section for chapter in self.chapters for section in chapter.deck.notes.sections]

    def items(self) -> tuple[Item[None], ...]:
        """Return every review item, in the order new cards are learned."""
        return review_items(self.summaries, self.notes_order())


def make_course(chapters: Sequence[Chapter]) -> Course:
    """Join chapters' decks into one course."""
    starts, total = [], 0
    summaries: list[CardSummary] = []
    for chapter in chapters:
        starts.append(total)
        chapter_summaries = chapter.deck.summaries()
        total += len(chapter_summaries)
        summaries += chapter_summaries
    return Course(tuple(chapters), tuple(summaries), tuple(starts))


def choose_chapters(
    chapters: Sequence[Chapter], text: str | None, *, root: str
) -> tuple[Chapter, ...]:
    """Keep the chapter whose deck name contains ``text`` (ignoring case); all without text."""
    if text is None:
        return tuple(chapters)
    found = tuple(c for c in chapters if text.lower() in c.deck.name.lower())
    if len(found) == 1:
        return found
    names = ", ".join(f"'{chapter.deck.name}'" for chapter in chapters)
    what = "more than one chapter's deck" if found else "no chapter's deck"
    raise FmflashError([Problem(root, f"--chapter '{text}' matches {what}; the chapters: {names}")])


def item_keys(items: Sequence[Item[Any]], identities: Identities) -> dict[str, str]:
    """Return each review item's key in the review database, by item id."""
    # The record's GUID where it keeps one (every built card): looked up here, a call less
    # per item; ``guid`` makes the others.
    known, guid = identities.guids, identities.guid
    return {
        item.item_id: review_key(known.get(item.card_id) or guid(item.card_id), item.item_id)
        for item in items
    }


class ProjectStore:
    """One project's items of a review database, named by item id (``id``, ``id/reverse``)."""

    def __init__(self, store: ReviewStore, keys: Mapping[str, str]) -> None:
        self.store = store
        self.keys = dict(keys)
        self.items = {key: item_id for item_id, key in keys.items()}

    def due_dates(
        self,
        scheduler: Scheduler,
        *,
        by: date | None = None,
        schedules: Mapping[str, Schedule] | None = None,
    ) -> dict[str, date]:
        """Return the day each graded item is next due (only those due by ``by``), by item id.

        ``schedules``, when the caller has derived them already, are read instead of the
        database: where the cache cannot be written, they would be derived again.
        """
        items = self.items
        if schedules is not None:
            dates = due_by(schedules, by)
        else:
            dates = self.store.due_dates(scheduler, by=by)
        return {items[key]: due for key, due in dates.items() if key in items}

    def today(self, day: date) -> Today:
        """Count this project's new cards and reviews of the day; its items to re-drill."""
        today = self.store.today(day, self.items)
        pending = tuple(self.items[key] for key in today.pending_redrills)
        graded = tuple(self.items[key] for key in today.graded)
        return today._replace(pending_redrills=pending, graded=graded)

    def record(
        self,
        item_id: str,
        grade: Grade,
        *,
        now: datetime,
        day: date,
        scheduler: Scheduler,
        duration_ms: int | None = None,
        cram: bool = False,
    ) -> tuple[int, Review]:
        """Log a grade of an item and commit; return its id and the review, by the item's key."""
        return self.store.record(
            self.keys[item_id], grade, now=now, day=day, scheduler=scheduler,
            duration_ms=duration_ms, cram=cram,
        )  # fmt: skip

    def undo(self, review_id: int, scheduler: Scheduler) -> bool:
        """Remove a logged grade (see ``ReviewStore.undo``)."""
        return self.store.undo(review_id, scheduler)

    def review_count(self, item_id: str) -> int:
        """Count an item's logged reviews."""
        return self.store.review_count(self.keys[item_id])

    def suspended(self) -> dict[str, Suspension]:
        """Return this project's suspended items, by item id."""
        found = self.store.suspended()
        return {self.items[key]: why for key, why in found.items() if key in self.items}

    def suspend(self, item_ids: Iterable[str], suspension: Suspension) -> list[str]:
        """Suspend items (see ``ReviewStore.suspend``); return those newly suspended."""
        done = self.store.suspend([self.keys[item_id] for item_id in item_ids], suspension)
        return [self.items[key] for key in done]

    def unsuspend(self, item_ids: Iterable[str]) -> list[str]:
        """Unsuspend items; return those that were suspended."""
        done = self.store.unsuspend([self.keys[item_id] for item_id in item_ids])
        return [self.items[key] for key in done]

    def lapses(self, item_id: str) -> int:
        """Count an item's lapses."""
        return self.store.lapses(self.keys[item_id])

    def reviews_by_item(self) -> dict[str, list[Review]]:
        """Return this project's whole log, each item's reviews in the order they were logged."""
        items = self.items
        logs = self.store.reviews_by_card()
        return {items[key]: reviews for key, reviews in logs.items() if key in items}

    def close(self) -> None:
        """Close the database."""
        self.store.close()
