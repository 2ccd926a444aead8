"""Work budgets: each fails when fmflash takes a slower path than the one it is built to take.

Usage: python bench/budgets.py     (exit status 1 if any budget is exceeded)

The unit tests check what a learner sees. These check how the work is done where that is what
makes fmflash fast: a heavy library (PyYAML, genanki, markdown-it) loaded only by a command
that needs it, an unchanged card file answered from the cache. A change that keeps behaviour
but leaves a cached path fails here, not in the test suite. Writes only to a temporary folder.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.conftest import CARDS, NOTES, RICH_CARDS  # noqa: E402 (the tests' small project)
from tests.synthetic import write_deck  # noqa: E402

NOW = "2026-03-01T09:00"
HEAVY = ("yaml", "genanki", "markdown_it")
# Run a command in-process, then say which of the watched modules it loaded.
PROBE = """
import json, sys
from fmflash.cli import main
watched = json.loads(sys.argv[2])
sys.argv = ["fmflash", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
found = [w for w in watched if any(n == w or n.startswith(w + ".") for n in sys.modules)]
print(json.dumps(sorted(found)), file=sys.stderr)
"""


@dataclass(frozen=True)
class Budget:
    """One budget: what it allows, and what a run did."""

    name: str
    allowed: str
    found: str
    ok: bool

    def render(self) -> str:
        verdict = "ok" if self.ok else "EXCEEDED"
        return f"| {self.name} | {self.allowed} | {self.found} | {verdict} |"


def loaded(
    args: Sequence[str], *, env: dict[str, str], stdin: str = "", watched: Sequence[str] = HEAVY
) -> list[str]:
    """Run ``fmflash ARGS``; return which of the watched modules it imported."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args)), json.dumps(list(watched))],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return list(json.loads(result.stderr.strip().splitlines()[-1]))


def loads_none(
    name: str,
    args: Sequence[str],
    *,
    env: dict[str, str],
    stdin: str = "",
    watched: Sequence[str] = HEAVY,
) -> Budget:
    """A budget of no watched module loaded by a command."""
    found = loaded(args, env=env, stdin=stdin, watched=watched)
    return Budget(name, f"none of {', '.join(watched)}", ", ".join(found) or "none", not found)


def import_budgets(work: Path) -> list[Budget]:
    """Heavy libraries load only where a command needs them; a cached card file needs none."""
    (work / "notes.md").write_text(NOTES, encoding="utf-8")
    cards = work / "cards.yaml"
    cards.write_text(CARDS.replace("back: 14 GB.", "back: '**14 GB**, at least.'"), "utf-8")
    folders = {"FMFLASH_CACHE_DIR": str(work / "cache"), "FMFLASH_STATE_DIR": str(work / "state")}
    env = {**os.environ, "FMFLASH_NOW": NOW, "NO_COLOR": "1", **folders}
    project = ["--cards", str(cards)]
    db = ["--db", str(work / "review.db")]
    budgets = [
        loads_none(  # answered before a command runs: nothing of how one runs either
            "`fmflash --help`",
            ["--help"],
            env=env,
            watched=(*HEAVY, "fmflash.cli.running", "signal"),
        ),
        loads_none("`fmflash review --help`", ["review", "--help"], env=env),
        loads_none(
            "`fmflash calc`", ["calc", "weights_memory", "params=7B", "bytes_per_param=2"], env=env
        ),
        loads_none(
            "`fmflash check`",
            ["check", *project, "--package", str(work / "none.apkg")],
            env=env,
            watched=("genanki",),
        ),
    ]
    loaded(["build", *project], env=env)
    loaded(["review", *project, *db], env=env, stdin="q\n")  # fills the cache
    budgets += [
        loads_none(
            "`fmflash review` of an unchanged card file",
            ["review", *project, *db],
            env=env,
            stdin="q\n",
        ),
        loads_none("`fmflash stats` of an unchanged card file", ["stats", *project, *db], env=env),
        loads_none(
            "`fmflash review` after a build: identities without the build's modules",
            ["review", *project, *db],
            env=env,
            stdin="q\n",
            watched=("fmflash.apkg",),
        ),
    ]
    # A course with errors: a syntax error in the root, a chapter nothing of which can be read
    # (a tab); what loads comes from the cache from the second start. (In a repository of its
    # own: no card file above it is parsed to find its root.)
    (work / "broken" / ".git").mkdir(parents=True)
    (work / "broken" / "ch").mkdir()
    for folder in (work / "broken", work / "broken" / "ch"):
        (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    (work / "broken" / "ch" / "cards.yaml").write_text(
        CARDS.replace("Test Deck", "Chapter").replace("    back: 14 GB.", "\tback: 14 GB."), "utf-8"
    )
    broken = work / "broken" / "cards.yaml"
    broken.write_text(CARDS.replace("  - id: weights-memory\n", "  - id: [weights-memory\n")
                      .replace("cards:\n", "chapters:\n  - ch/cards.yaml\ncards:\n", 1),
                      encoding="utf-8")  # fmt: skip
    broken_project = ["--cards", str(broken), "--db", str(work / "broken.db")]
    loaded(["review", *broken_project], env=env, stdin="q\n")  # fills the cache
    budgets += [
        loads_none(
            "`fmflash review` of an unchanged course with errors",
            ["review", *broken_project],
            env=env,
            stdin="q\n",
        ),
        loads_none(
            "`fmflash stats` of an unchanged course with errors",
            ["stats", *broken_project],
            env=env,
        ),
    ]
    plain = write_deck(work / "plain", 20)  # no computed card
    plain_project = ["--cards", str(plain), "--db", str(work / "plain.db")]
    loaded(["review", *plain_project], env=env, stdin="q\n")  # fills the cache
    budgets.append(
        loads_none(
            "`fmflash review` showing a card of a deck without computed cards",
            ["review", *plain_project],
            env=env,
            stdin="q\n",
            watched=("fmflash.formulas.registry", "fmflash.review.session.answers", "decimal"),
        )
    )
    return budgets


def counted(name: str, allowed: int, found: int) -> Budget:
    """A budget of at most ``allowed`` steps of some work."""
    return Budget(name, f"at most {allowed}", str(found), found <= allowed)


def cache_budgets(work: Path) -> list[Budget]:
    """After an edit of one card, only that card is parsed and rendered again."""

    before = os.environ.get("FMFLASH_CACHE_DIR")
    os.environ["FMFLASH_CACHE_DIR"] = str(work / "cache")
    try:
        return _cache_budgets(work)
    finally:
        if before is None:
            del os.environ["FMFLASH_CACHE_DIR"]
        else:
            os.environ["FMFLASH_CACHE_DIR"] = before


def _cache_reads_and_writes(work: Path) -> list[Budget]:
    """A build after an edit reads the card file's cache once and writes it once."""
    from fmflash.apkg.build import build
    from fmflash.cards import cache, card_cache

    cards = write_deck(work / "counted", 200)
    build(str(cards), now=0)
    with (
        mock.patch.object(card_cache, "read_cache", wraps=cache.read_cache) as read,
        mock.patch.object(card_cache, "write_cache", wraps=cache.write_cache) as write,
    ):
        write_deck(work / "counted", 200, edit=1)
        build(str(cards), now=0)
    return [
        counted("card file caches read by a build after an edit", 1, read.call_count),
        counted("card file caches written by a build after an edit", 1, write.call_count),
        *_review_reads(cards),
    ]


def _review_reads(cards: Path) -> list[Budget]:
    """A review start reads an unchanged card file's cache for its cards alone: no notes."""
    from fmflash.cards import cache, card_cache
    from fmflash.cards.project_partial import load_what_loads_of

    with mock.patch.object(card_cache, "read_cache", wraps=cache.read_cache) as read:
        load_what_loads_of(str(cards))
    whole = [call for call in read.call_args_list if call.kwargs.get("first") is None]
    return [counted("card file caches a review start reads whole (notes too)", 0, len(whole))]


def _fixed_error_parses(folder: Path) -> Budget:
    """A review studies past an error; once it is fixed, that entry alone is parsed again."""
    from fmflash.cards import parse_chunks
    from fmflash.cards.load_partial import load_what_loads

    cards = write_deck(folder, 200)
    load_what_loads(str(cards), root_path=str(cards))  # every card, in the cache
    good = cards.read_text(encoding="utf-8")
    cards.write_text(good.replace("Section 10\n", "Section 1O\n", 1), encoding="utf-8")
    load_what_loads(str(cards), root_path=str(cards))  # the cards that load, in its place
    cards.write_text(good, encoding="utf-8")
    with mock.patch.object(parse_chunks, "parse_chunk", wraps=parse_chunks.parse_chunk) as parse:
        load_what_loads(str(cards), root_path=str(cards))
    return counted("card entries parsed after fixing the error of one of 200", 1, parse.call_count)


def _cache_budgets(work: Path) -> list[Budget]:
    from fmflash.apkg import project_notes as notes_module
    from fmflash.apkg.render import render_card
    from fmflash.cards import parse_chunks
    from fmflash.cards.card_cache import CardFileCaches
    from fmflash.cards.load import load_deck

    def build_notes(cards: Path) -> None:
        """Load and render a card file as a build does: its cache read once, saved once."""
        caches = CardFileCaches()
        notes_module.rendered_notes(str(cards), load_deck(str(cards), caches=caches), caches)
        caches.save()

    cards = write_deck(work, 200)
    load_deck(str(cards))
    with mock.patch.object(parse_chunks, "parse_chunk", wraps=parse_chunks.parse_chunk) as parse:
        load_deck(str(cards))
        unchanged_parses = parse.call_count
        write_deck(work, 200, edit=1)
        load_deck(str(cards))
    budgets = [
        counted("card entries parsed for an unchanged card file", 0, unchanged_parses),
        counted(
            "card entries parsed after editing one of 200", 1, parse.call_count - unchanged_parses
        ),
        *_cache_reads_and_writes(work),
        _fixed_error_parses(work / "fixed"),
    ]

    project = work / "rich"
    project.mkdir()
    (project / "notes.md").write_text(NOTES, encoding="utf-8")
    rich = project / "cards.yaml"
    rich.write_text(RICH_CARDS, encoding="utf-8")
    build_notes(rich)
    with mock.patch.object(notes_module, "render_card", wraps=render_card) as render:
        build_notes(rich)
        unchanged = render.call_count
        rich.write_text(RICH_CARDS.replace("14 GB.", "At least 14 GB."), encoding="utf-8")
        build_notes(rich)
    return [
        *budgets,
        counted("cards rendered again for an unchanged card file", 0, unchanged),
        counted("cards rendered again after editing one", 1, render.call_count - unchanged),
    ]


def counting_steps(db: sqlite3.Connection) -> list[int]:
    """Return a list that grows by one for each 100 SQLite instructions ``db`` runs from now."""
    steps: list[int] = []

    def step() -> int:
        steps.append(1)
        return 0  # go on with the statement

    db.set_progress_handler(step, 100)
    return steps


def database_budgets(work: Path) -> list[Budget]:
    """The schedule cache's check reads two numbers; stats counts reviews from an index."""
    from fmflash.review.log.counts import day_counts
    from fmflash.review.log.schedule_cache import ScheduleCache
    from fmflash.review.log.store import ReviewStore
    from fmflash.review.scheduling.scheduler import SM2

    path = str(work / "r.db")
    ReviewStore.open(path).close()
    db = sqlite3.connect(path)
    rows = [(f"card-{n}", "2026-03-01T09:00:00.000+00:00", "2026-03-01", "sm2", 4, "sm2", 0)
            for n in range(20_000)]  # fmt: skip
    db.executemany(
        "INSERT INTO review_log (card_key, reviewed_at, day, scale, grade, scheduler, redrill) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.commit()
    cache = ScheduleCache(db)
    cache.note_log_state(SM2)
    steps = counting_steps(db)
    cache.whole_log_cached(SM2)
    cache.note_log_state(SM2)
    db.set_progress_handler(None, 0)
    plans: list[str] = []

    class Explaining:
        def execute(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
            plans.extend(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", parameters))
            return db.execute(sql, parameters)

        def executemany(self, sql: str, parameters: Iterable[Sequence[object]]) -> sqlite3.Cursor:
            return db.executemany(sql, parameters)

    day_counts(Explaining(), date(2026, 3, 1), {"card-1": 0})
    db.close()
    # A grade asks whether the card was graded today already: its own reviews, not the day's.
    store = ReviewStore.open(path)
    redrill_steps = counting_steps(store._db)
    store._is_redrill("card-never-graded", date(2026, 3, 1))
    store.close()
    scans = [
        plan for plan in plans if plan.startswith("SCAN review_log") and "COVERING" not in plan
    ]
    return [
        counted("SQLite steps (x100) to check the schedule cache, 20,000 reviews", 10, len(steps)),
        counted("reads of the log's rows to count one chapter's reviews", 0, len(scans)),
        counted(
            "SQLite steps (x100) to tell a re-drill, 20,000 reviews that day", 1, len(redrill_steps)
        ),
    ]


def bomb_budgets(work: Path) -> list[Budget]:
    """A .colpkg that unpacks to 4 GB (Zstandard) or 1 GB (deflate) is refused in under 2 s.

    Each holds a real empty collection's first pages, then zeros: the size its header declares
    stops the unpacking (tests/review/anki/test_collection.py checks that little is written).
    """
    import time
    import zipfile

    import zstandard
    from anki.collection import Collection

    from fmflash.errors import FmflashError
    from fmflash.review.anki.collection import read_anki_history

    Collection(str(work / "empty.anki2")).close()
    start, zeros = (work / "empty.anki2").read_bytes(), bytes(1 << 24)
    zstd_bomb, deflate_bomb = work / "zstd.colpkg", work / "deflate.colpkg"
    with (
        zipfile.ZipFile(zstd_bomb, "w") as package,
        package.open("collection.anki21b", "w") as member,
        zstandard.ZstdCompressor().stream_writer(member, closefd=False) as writer,
    ):
        writer.write(start)
        for _ in range(256):  # 4 GB
            writer.write(zeros)
    with (
        zipfile.ZipFile(deflate_bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package,
        package.open("collection.anki21", "w", force_zip64=True) as writer,
    ):
        writer.write(start)
        for _ in range(64):  # 1 GB
            writer.write(zeros)
    budgets = []
    for name, bomb in (("a 4 GB Zstandard", zstd_bomb), ("a 1 GB deflate", deflate_bomb)):
        began = time.perf_counter()
        try:
            read_anki_history(str(bomb))
            refused = False
        except FmflashError:
            refused = True
        seconds = time.perf_counter() - began
        found = f"{seconds:.2f} s" + ("" if refused else ", not refused")
        budgets.append(Budget(f"{name} bomb refused", "under 2 s", found, refused and seconds < 2))
    return budgets


def read_only_stats_budgets(work: Path) -> list[Budget]:
    """Stats on a database it cannot write derives each stale schedule once, not per question."""
    from click.testing import CliRunner

    from fmflash.cli import cli
    from fmflash.review.log.schedule_cache import ScheduleCache
    from fmflash.review.session import selection

    cards = write_deck(work / "deck", 20)
    db = work / "review.db"
    env = {
        "FMFLASH_DB": str(db),
        "FMFLASH_NOW": "2026-03-01T09:00",
        "NO_COLOR": "1",
        "FMFLASH_CACHE_DIR": str(work / "cache"),
        "FMFLASH_STATE_DIR": str(work / "state"),
    }
    graded = CliRunner().invoke(cli, ["review", "--cards", str(cards)], input="\n4\n" * 5 + "q\n",
                                env=env)  # fmt: skip
    assert graded.exit_code == 0, graded.output
    with sqlite3.connect(db) as connection:  # a review the cache has not seen: it is stale
        connection.execute(
            "INSERT INTO review_log (card_key, reviewed_at, day, scale, grade, scheduler, redrill) "
            "SELECT card_key, reviewed_at, day, scale, grade, scheduler, 1 FROM review_log LIMIT 1"
        )
    connection.close()
    with (
        mock.patch.object(
            ScheduleCache, "replay", autospec=True, side_effect=ScheduleCache.replay
        ) as replay,
        # As a file this process cannot write (root can write any, so the test says so itself).
        mock.patch.object(selection, "_writable", return_value=None),
    ):
        stats = CliRunner().invoke(cli, ["stats", "--cards", str(cards)], env=env)
    assert stats.exit_code == 0, stats.output
    return [
        counted("schedule replays by stats on a database it cannot write", 1, replay.call_count)
    ]


BUDGETS: tuple[Callable[[Path], list[Budget]], ...] = (
    import_budgets,
    cache_budgets,
    database_budgets,
    read_only_stats_budgets,
    bomb_budgets,
)


def run_budgets() -> list[Budget]:
    """Measure every budget, each in a fresh temporary folder."""
    budgets: list[Budget] = []
    for measure in BUDGETS:
        with tempfile.TemporaryDirectory(prefix="fmflash-budget-") as work:
            budgets += measure(Path(work))
    return budgets


def render(budgets: Sequence[Budget]) -> list[str]:
    """The budgets as a Markdown table."""
    return [
        "| budget | allowed | found | |",
        "|---|---|---|---|",
        *(budget.render() for budget in budgets),
    ]


def main() -> None:
    budgets = run_budgets()
    print("\n".join(render(budgets)))
    if not all(budget.ok for budget in budgets):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
