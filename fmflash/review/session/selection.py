"""What a review or the statistics cover: the chosen items of a course, their keys, the scheduler.

``fmflash review`` and ``fmflash stats`` parse their options and call these (I/O: they read
the card files, the build record and the review database).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, NamedTuple

from fmflash.cards.notes import Notes
from fmflash.cards.parse_settings import read_review_settings
from fmflash.cards.project_partial import load_what_loads_of
from fmflash.cards.record import identities_with_key
from fmflash.errors import FmflashError, Problem
from fmflash.files.reasons import file_exists
from fmflash.review.log.store import ReviewStore
from fmflash.review.scheduling.scheduler import FsrsParameters, Scheduler, SchedulerName
from fmflash.review.session.course import (
    Course,
    ProjectStore,
    choose_chapters,
    item_keys,
    make_course,
)
from fmflash.review.session.left_out import LeftOut
from fmflash.review.session.plan import select_items

if TYPE_CHECKING:
    from fmflash.review.session.items import Item

# The errors a review or stats start shows, as check shows them: more would push the session
# off a small screen, and `fmflash check` shows every one.
SHOWN_ERRORS = 5


def choose_scheduler(cards_path: str, name: str | None, *, db_path: str | None = None) -> Scheduler:
    """Choose the scheduler: the one named (the command line's), else the card file's, else SM-2.

    FSRS takes the learner's saved parameters from the review database at ``db_path``, if any.
    An error in the card file's settings leaves the defaults for it: study goes on (``select``
    counts the error).
    """
    settings = read_review_settings(cards_path, despite_errors=True)
    chosen = SchedulerName(name or settings.scheduler or SchedulerName.SM2.value)
    if chosen is SchedulerName.FSRS and db_path is not None:
        return Scheduler(chosen, settings.retention, saved_parameters(db_path))
    return Scheduler(chosen, settings.retention)


class Selection(NamedTuple):
    """The cards a review or statistics cover, and how the review database names them."""

    course: Course
    items: tuple[Item[None], ...]
    # How to name the selection in messages: `` in section 'Model Size'``.
    scope: str
    # Every review item's key in the database, by item id, in the whole project.
    keys: dict[str, str]
    # What the project's errors left out.
    left_out: LeftOut
    # The project's errors, in file and line order.
    problems: tuple[Problem, ...]

    def card_file(self, position: int) -> str:
        """Return the card file the card at a place of the course is written in."""
        return self.course.chapters[bisect_right(self.course.starts, position) - 1].path

    def shown_problems(self) -> tuple[Problem, ...]:
        """Return the errors a start shows: the first few, in file and line order."""
        return self.problems[:SHOWN_ERRORS]

    def left_out_note(self) -> str | None:
        """Say what the errors shown above it left out; None if there is no error."""
        left_out = self.left_out
        if not left_out.errors:
            return None
        errors = left_out.errors_phrase()
        unshown = left_out.errors - len(self.shown_problems())
        if unshown > 0:
            errors += f"; 'fmflash check' shows the other {unshown}"
        if not left_out.any_card():
            return f"Found {errors}. No card was left out."
        return f"Left out {left_out.cards_phrase()} for {errors}. The other cards go on."


def select(
    cards_path: str,
    *,
    package_path: str | None,
    chapter: str | None,
    section: str | None,
    tag: str | None,
    random_bytes: bytes,
) -> Selection:
    """Load the course for review, keeping a chapter, a section and a tag (ignoring case).

    ``random_bytes`` make the project's key if its build record has none yet.
    """
    project = load_what_loads_of(cards_path, package_path=package_path)
    everything = make_course(project.chapters)
    ids = [summary.id for summary in everything.summaries]
    identities = identities_with_key(project.package_path, ids, random_bytes)
    every_item = everything.items()
    keys = item_keys(every_item, identities)
    course = everything
    items = every_item
    if chapter is not None:
        course = make_course(choose_chapters(project.chapters, chapter, root=cards_path))
        items = course.items()
    summaries = course.summaries
    sections = course.sections()
    if section is not None:
        titles = {s.title.lower(): s.title for s in reversed(sections)}
        if section.lower() not in titles:
            paths = " or ".join(chapter.deck.notes.path for chapter in course.chapters)
            every_heading = Notes(paths, tuple(sections))
            raise FmflashError.of_option("--section", every_heading.not_a_heading(section))
        section = titles[section.lower()]
    tags_of: dict[str, tuple[str, ...]] = {}
    if tag is not None:
        tags_of = dict(zip((summary.id for summary in summaries), course.tags(), strict=True))
        known = sorted({t for tags in tags_of.values() for t in tags})
        by_lower = {known_tag.lower(): known_tag for known_tag in known}
        if tag.lower() not in by_lower:
            message = f"no card has the tag '{tag}'; tags: {', '.join(known)}"
            raise FmflashError.of_option("--tag", message)
        tag = by_lower[tag.lower()]
    parents_of = {s.title: s.parents for s in sections}
    chosen = select_items(items, section=section, tag=tag, tags_of=tags_of, parents_of=parents_of)
    scope = _scope(section, tag)
    if chapter is not None:
        scope = f" in chapter '{course.chapters[0].deck.name}'" + scope
    problems = tuple(sorted(project.problems, key=Problem.sort_key))
    return Selection(course, chosen, scope, keys, LeftOut.of(project), problems)


def _scope(section: str | None, tag: str | None) -> str:
    """Name the selection a --section or --tag makes, for messages: `` in section 'X'``."""
    scope = f" in section '{section}'" if section is not None else ""
    return scope + (f" with tag '{tag}'" if tag is not None else "")


def open_project_store(
    db_path: str,
    keys: dict[str, str],
    *,
    read_only: bool = False,
    caching: Scheduler | None = None,
) -> ProjectStore:
    """Open the review database as this project's part of it, claiming its old reviews.

    ``read_only`` only reads (for statistics), so that a read-only file or folder can be
    read; a database with reviews still to claim is opened for writing, and so is one whose
    schedules under the scheduler ``caching`` are not all cached, where it can be written:
    they are derived from the whole log once, not at every read.
    """
    store = ReviewStore.open(db_path, read_only=read_only)
    try:
        if read_only and store.has_unclaimed():  # claiming writes: open it for writing
            store.close()
            store = ReviewStore.open(db_path)
        elif read_only and caching is not None and not store.schedules_cached(caching):
            writable = _writable(db_path)
            if writable is not None:
                store.close()
                store = writable
        store.claim(keys)
    except BaseException:
        store.close()
        raise
    return ProjectStore(store, keys)


def _writable(db_path: str) -> ReviewStore | None:
    """Open the review database for writing too; None where it cannot be written."""
    try:
        return ReviewStore.open(db_path)
    except FmflashError:
        return None


def saved_parameters(db_path: str) -> FsrsParameters | None:
    """Return the learner's saved FSRS parameters; None: none saved (or no database yet)."""
    if not file_exists(db_path):
        return None
    store = ReviewStore.open(db_path, read_only=True)
    try:
        return store.fsrs_parameters()
    finally:
        store.close()
