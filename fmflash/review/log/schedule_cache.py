"""Derived schedules cached beside the review log, and never trusted over it.

Each scheduler (with its setting: ``Scheduler.key``) has its own rows in ``schedule_cache``:
a card's row is used only while the card's log rows are the same count with the same last id
(ids are never reused), and ``log_state`` holds the same check for the whole log, so that the
common case (nothing changed) reads the cache without counting every card. Anything else is
replayed from the log. The store opens the connection and runs the writes in its transactions;
this module only says what to read and write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Protocol

from fmflash.review.log.rows import COLUMNS, review_of_row
from fmflash.review.scheduling.schedule import FsrsMemory, Review, Schedule
from fmflash.review.scheduling.scheduler import Scheduler
from fmflash.sm2 import Sm2State


class Database(Protocol):
    """What the cache needs of the store's connection."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Any, /) -> Any: ...


def memory_text(memory: Sm2State | FsrsMemory | None) -> str:
    """Write a scheduler's own state as text: ``sm2:1,6,250`` or ``fsrs:2.3,5.1``."""
    if isinstance(memory, Sm2State):
        return f"sm2:{memory.repetitions},{memory.interval},{memory.easiness_hundredths}"
    if isinstance(memory, FsrsMemory):
        return f"fsrs:{memory.stability!r},{memory.difficulty!r}"
    return ""


# SM-2's easiness in hundredths read by SQL from ``memory``: the last number of ``sm2:...``.
SM2_EASINESS = (
    "CASE WHEN memory LIKE 'sm2:%' THEN "
    "CAST(substr(memory, length(rtrim(memory, '0123456789')) + 1) AS INTEGER) END"
)


def memory_of_text(text: str) -> Sm2State | FsrsMemory | None:
    """Read a scheduler's own state back from its text."""
    kind, _, values = text.partition(":")
    if kind == "sm2":
        repetitions, interval, hundredths = map(int, values.split(","))
        return Sm2State(repetitions, interval, hundredths / 100)
    if kind == "fsrs":
        stability, difficulty = map(float, values.split(","))
        return FsrsMemory(stability, difficulty)
    return None


# The whole log's count and last id. Asked apart, SQLite answers each from its b-trees at once;
# asked together in one SELECT, it reads every row (5 ms for 100,000 reviews, at every start).
_WHOLE_LOG = "(SELECT count(*) FROM review_log), (SELECT coalesce(max(id), 0) FROM review_log)"


class ScheduleCache:
    """The cached schedules of one open review database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def whole_log_cached(self, scheduler: Scheduler) -> bool:
        """Tell whether the cache of ``scheduler`` was derived from the whole log as it is."""
        whole = self._db.execute(f"SELECT {_WHOLE_LOG}")
        state = self._db.execute(
            "SELECT reviews, last_id FROM log_state WHERE scheduler = ?", (scheduler.key,)
        ).fetchone()
        return state is not None and tuple(state) == tuple(whole.fetchone())

    def due_dates(self, scheduler: Scheduler, *, by: date | None = None) -> dict[str, date] | None:
        """Return the cached due dates (those by ``by``, if given); None if the cache is stale."""
        if not self.whole_log_cached(scheduler):
            return None
        query = "SELECT card_key, due FROM schedule_cache WHERE scheduler = ?"
        if by is None:
            rows = self._db.execute(query, (scheduler.key,))
        else:  # ISO dates are in order as text
            rows = self._db.execute(f"{query} AND due <= ?", (scheduler.key, by.isoformat()))
        return {key: date.fromisoformat(due) for key, due in rows}

    def derive(self, scheduler: Scheduler) -> tuple[dict[str, Schedule], Callable[[], None] | None]:
        """Return every card's schedule, and the cache update to run in a transaction (if any)."""
        db = self._db
        cached = {
            key: (count, last, Schedule(date.fromisoformat(due), interval, streak,
                                        memory_of_text(memory)))
            for key, count, last, due, interval, streak, memory in db.execute(
                "SELECT card_key, reviews, last_id, due, interval_days, streak, memory "
                "FROM schedule_cache WHERE scheduler = ?",
                (scheduler.key,),
            )
        }  # fmt: skip
        if self.whole_log_cached(scheduler):
            return {key: schedule for key, (_, _, schedule) in cached.items()}, None
        counts = db.execute(
            "SELECT card_key, count(*), max(id) FROM review_log GROUP BY card_key"
        ).fetchall()
        stale = [key for key, count, last in counts if cached.get(key, (0, 0))[:2] != (count, last)]
        result = {key: cached[key][2] for key, _, _ in counts if key in cached}
        fresh = self.replay(scheduler, stale)
        result.update(fresh)
        gone = set(cached) - {key for key, _, _ in counts}

        def update() -> None:
            db.executemany(
                "DELETE FROM schedule_cache WHERE scheduler = ? AND card_key = ?",
                [(scheduler.key, key) for key in gone],
            )
            for key in stale:
                self.write(scheduler, key, fresh[key])
            self.note_log_state(scheduler)

        return result, update

    def replay(self, scheduler: Scheduler, keys: Iterable[str]) -> dict[str, Schedule]:
        """Replay the logged reviews of the given cards."""
        wanted = set(keys)
        if not wanted:
            return {}
        by_card: dict[str, list[Review]] = defaultdict(list)
        if len(wanted) <= 500:  # SQLite allows 32,766 parameters; a few go by the index
            marks = ", ".join("?" * len(wanted))
            query = f"SELECT {COLUMNS} FROM review_log WHERE card_key IN ({marks}) ORDER BY id"
            rows = self._db.execute(query, tuple(wanted))
        else:
            rows = self._db.execute(f"SELECT {COLUMNS} FROM review_log ORDER BY id")
        for row in rows:
            if row[0] in wanted:
                by_card[row[0]].append(review_of_row(row))
        return {key: scheduler.replay(by_card[key]) for key in wanted}

    def write(self, scheduler: Scheduler, card_key: str, schedule: Schedule) -> None:
        """Cache one card's schedule, with the check of the log it was derived from."""
        count, last = self._db.execute(
            "SELECT count(*), coalesce(max(id), 0) FROM review_log WHERE card_key = ?",
            (card_key,),
        ).fetchone()
        if count == 0 or schedule.due is None:
            self._db.execute(
                "DELETE FROM schedule_cache WHERE scheduler = ? AND card_key = ?",
                (scheduler.key, card_key),
            )
            return
        self._db.execute(
            "INSERT OR REPLACE INTO schedule_cache (scheduler, card_key, reviews, last_id, due, "
            "interval_days, streak, memory) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (scheduler.key, card_key, count, last, schedule.due.isoformat(), schedule.interval,
             schedule.streak, memory_text(schedule.memory)),
        )  # fmt: skip

    def note_log_state(self, scheduler: Scheduler) -> None:
        """Record that the cache of ``scheduler`` is derived from the whole log as it is now."""
        self._db.execute(
            "INSERT OR REPLACE INTO log_state (scheduler, reviews, last_id) "
            f"SELECT ?, {_WHOLE_LOG}",
            (scheduler.key,),
        )

    def refresh(self, scheduler: Scheduler, card_key: str, *, whole_log_was_cached: bool) -> None:
        """Derive one card's schedule again after its log changed (in the store's transaction)."""
        self.write(scheduler, card_key, self.replay(scheduler, [card_key])[card_key])
        if whole_log_was_cached:
            self.note_log_state(scheduler)
        else:
            self._db.execute("DELETE FROM log_state WHERE scheduler = ?", (scheduler.key,))
