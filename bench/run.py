"""fmflash's benchmark: each figure against a baseline measured in the same run.

Usage: python bench/run.py [--quick]

It first checks the work budgets (bench/budgets.py) and fails at the end if one is exceeded.

Every measurement runs as a whole process, several times, alternating with its baseline; the
table shows medians and the ratio to the baseline. Timed builds follow an edit of one card, as
a learner's rebuild does, so a cache keyed on an unchanged file is never what is measured.
Needs fmflash installed (pip install -e .); writes only to a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.budgets import render, run_budgets  # noqa: E402
from tests.synthetic import write_course, write_deck  # noqa: E402 (the tests' generators)

PYTHON = sys.executable
FMFLASH = [PYTHON, "-m", "fmflash"]
NOW = "2026-03-01T09:00"
# The first day a card of review_database's is due again (each was last graded in 2025).
FIRST_DUE = "2051-03-19T09:00"


@dataclass
class Run:
    """One process run: wall time in seconds, peak memory in MiB, CPU time (user + system)."""

    seconds: float
    peak_mib: float
    cpu_seconds: float


def run(
    argv: Sequence[str], *, env: dict[str, str], stdin: bytes = b"", cwd: Path | None = None
) -> Run:
    """Run a command to completion; measure its wall time, peak memory and CPU time."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        env=env,
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    assert process.stderr is not None
    process.stdin.write(stdin)
    process.stdin.close()
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{errors.decode()}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def shows_a_card(argv: Sequence[str], *, env: dict[str, str], cwd: Path | None = None) -> None:
    """Run a review once: it must show a card, or a row of it would time another path."""
    shown = subprocess.run(argv, env=env, cwd=cwd, input=b"q\n", capture_output=True, check=True)
    if b"show answer" not in shown.stdout:
        raise SystemExit(f"{' '.join(argv)} showed no card:\n{shown.stdout.decode()}")


@dataclass
class Row:
    """One row of the table."""

    name: str
    baseline: str
    target: float
    ours: list[Run]
    theirs: list[Run]
    memory: bool = False

    def figure(self, runs: list[Run]) -> float:
        return statistics.median(r.peak_mib if self.memory else r.seconds for r in runs)

    @property
    def ratio(self) -> float:
        return self.figure(self.ours) / self.figure(self.theirs)

    def render(self) -> str:
        unit = "MiB" if self.memory else "s"
        ours, theirs = self.figure(self.ours), self.figure(self.theirs)
        verdict = "ok" if self.ratio <= self.target else "MISSED"
        return (
            f"| {self.name} | {self.baseline} | {ours:.3g} {unit} | {theirs:.3g} {unit} | "
            f"{self.ratio:.2f} | <= {self.target} | {verdict} |"
        )


def alternate(
    times: int, ours: Callable[[], Run], theirs: Callable[[], Run]
) -> tuple[list[Run], list[Run]]:
    """Run ours and the baseline in turn, so both see the same machine load."""
    mine, base = [], []
    for _ in range(times):
        base.append(theirs())
        mine.append(ours())
    return mine, base


def notes_json(cards: Path, target: Path) -> Path:
    """Write the notes fmflash would build, for the genanki baseline to write as they are.

    ``cards`` is a card file, or the root card file of a course: every chapter's notes.
    """
    from fmflash.apkg.render import render_deck
    from fmflash.cards.identity import note_guid
    from fmflash.cards.project import load_project

    project = load_project(str(cards), with_package=False)
    notes = [
        [c.kind.value, list(c.fields), list(c.tags), note_guid(chapter.deck.name, c.card_id)]
        for chapter in project.chapters
        for c in render_deck(chapter.deck)
    ]
    target.write_text(json.dumps(notes), encoding="utf-8")
    return target


def empty_database(path: Path) -> Path:
    """Make a new, empty review database, exactly as fmflash makes one."""
    from fmflash.review.log.store import ReviewStore

    path.unlink(missing_ok=True)
    ReviewStore.open(str(path)).close()
    return path


def review_database(
    path: Path, cards: Path, package: Path, per_card: int = 10, *, recent: bool = False
) -> None:
    """Make a review database in which every card has ``per_card`` logged reviews.

    With ``recent``, every review falls in the 30 days before NOW, the window ``stats`` reads.
    Each item is keyed by its identity, as ``fmflash review`` keys it: from the build record
    of ``package``, the package the benchmark built.
    """
    from fmflash.cards.project import load_project
    from fmflash.cards.record import identities_with_key
    from fmflash.review.session.course import item_keys, make_course

    project = load_project(str(cards), package_path=str(package), review=True)
    course = make_course(project.chapters)
    ids = [summary.id for summary in course.summaries]
    identities = identities_with_key(project.package_path, ids, b"benchkey")
    keys = item_keys(course.items(), identities)
    today = date.fromisoformat(NOW[:10])
    empty_database(path)
    db = sqlite3.connect(path)
    reviews = []
    for number, key in enumerate(keys.values()):  # every chapter's items
        for review in range(per_card):
            day = f"2025-{1 + review:02d}-{1 + number % 28:02d}"
            if recent:
                day = (today - timedelta(days=(review * 3 + number % 3) % 30)).isoformat()
            reviews.append((key, f"{day}T09:00:00.000+00:00", day, "sm2", 4, "sm2", 0))
    db.executemany(
        "INSERT INTO review_log (card_key, reviewed_at, day, scale, grade, scheduler, redrill) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        reviews,
    )
    db.commit()
    db.close()


def project_package(folder: Path) -> Path:
    """Return the package a project's build wrote: its own, in its deck folder."""
    (package,) = (folder / "deck").glob("*.apkg")
    return package


def course_rows(work: Path, env: dict[str, str], times: int) -> tuple[Row, Row]:
    """Measure a course of 10 chapters x 1,000 cards: a rebuild after an edit, and review."""
    folder = work / "course"
    root = write_course(folder, 10, 1_000)
    notes = notes_json(root, work / "course-notes.json")
    edits = iter(range(1, 1000))

    def build_course() -> Run:
        write_course(folder, 10, 1_000, edit=next(edits))  # writes the one edited chapter
        return run([*FMFLASH, "build", "--cards", str(root)], env=env)

    def plain() -> Run:
        output = work / "plain-course.apkg"
        return run([PYTHON, str(HERE / "plain_genanki.py"), str(notes), str(output)], env=env)

    build_course()  # the first build: cache and record start here
    package = project_package(folder)
    ours, theirs = alternate(times, build_course, plain)
    built = Row(
        "`fmflash build` of a course, 10 chapters x 1,000 cards, after editing one card",
        "plain genanki, the same 10,000 notes",
        1.5,
        ours,
        theirs,
    )
    database = folder / "review.db"
    review_database(database, root, package)
    review_env = {**env, "FMFLASH_DB": str(database), "FMFLASH_NOW": FIRST_DUE}
    # The package built above: its record holds every card's identity, as after a build.
    first_card = [*FMFLASH, "review", "--cards", str(root), "--package", str(package),
                  "--limit", "100000"]  # fmt: skip
    shows_a_card(first_card, env=review_env)  # parse once: the cache is warm
    ours, theirs = alternate(
        times,
        lambda: run(first_card, env=review_env, stdin=b"q\n"),
        lambda: run([PYTHON, "-c", "import click, yaml, sqlite3"], env=env),
    )
    reviewed = Row(
        "`fmflash review` to the first card, a course of 10 chapters x 1,000 cards, "
        "100,000 logged reviews",
        '`python -c "import click, yaml, sqlite3"`',
        2.0,
        ours,
        theirs,
    )
    return built, reviewed


def compile_bytecode() -> None:
    """Compile fmflash's modules, as pip does for an installed package.

    An editable install (pip install -e) leaves them uncompiled, and where
    PYTHONDONTWRITEBYTECODE is set every run would compile them again: a cost a learner's
    install does not have, and that the baselines (click, PyYAML, genanki) never pay.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "fmflash"), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs of each row (3, and 2 of the largest)"
    )
    quick = parser.parse_args().quick
    compile_bytecode()
    times = 3 if quick else 7
    big_times = 2 if quick else 3
    work = Path(tempfile.mkdtemp(prefix="fmflash-bench-"))
    env = {
        **os.environ,
        "FMFLASH_CACHE_DIR": str(work / "cache"),
        "FMFLASH_NOW": NOW,
        "NO_COLOR": "1",
        "SOURCE_DATE_EPOCH": "1764115200",
    }
    os.environ["FMFLASH_CACHE_DIR"] = env["FMFLASH_CACHE_DIR"]
    rows: list[Row] = []
    growth: dict[str, dict[int, float]] = {
        "build after an edit (s)": {},
        "build peak memory (MiB)": {},
        "review to first card (s)": {},
    }
    started = time.perf_counter()
    print("work budgets ...", file=sys.stderr)
    budgets = run_budgets()
    try:
        print("fmflash --help ...", file=sys.stderr)
        ours, theirs = alternate(
            times,
            lambda: run([*FMFLASH, "--help"], env=env),
            lambda: run([PYTHON, "-c", "import click"], env=env),
        )
        rows.append(Row("`fmflash --help`", '`python -c "import click"`', 1.3, ours, theirs))

        print("build of this repo's deck ...", file=sys.stderr)
        repo = work / "repo"
        shutil.copytree(ROOT / "deck", repo / "deck")
        shutil.copy(ROOT / "cards.yaml", repo / "cards.yaml")
        repo_cards = repo / "cards.yaml"
        original = repo_cards.read_text()
        notes = notes_json(repo_cards, work / "repo-notes.json")
        edits = iter(range(1, 1000))

        def build_repo() -> Run:
            edit = next(edits)
            repo_cards.write_text(original.replace("back: Google.", f"back: Google ({edit})."))
            return run([*FMFLASH, "build", "--cards", str(repo_cards)], env=env)

        build_repo()  # the first build: cache and record start here
        ours, theirs = alternate(
            times,
            build_repo,
            lambda: run(
                [PYTHON, str(HERE / "plain_genanki.py"), str(notes), str(work / "plain.apkg")],
                env=env,
            ),
        )
        rows.append(
            Row(
                "`fmflash build` of this repo's deck",
                "plain genanki, same notes",
                1.3,
                ours,
                theirs,
            )
        )

        for size in (1_000, 10_000, 50_000):
            print(f"{size} cards ...", file=sys.stderr)
            folder = work / f"deck-{size}"
            cards = write_deck(folder, size)
            notes = notes_json(cards, work / f"notes-{size}.json")
            counter = iter(range(1, 1000))

            def build_synthetic(
                cards: Path = cards,
                folder: Path = folder,
                size: int = size,
                counter: Iterator[int] = counter,
            ) -> Run:
                write_deck(folder, size, edit=next(counter))
                return run([*FMFLASH, "build", "--cards", str(cards)], env=env)

            def plain(notes: Path = notes, size: int = size) -> Run:
                return run(
                    [
                        PYTHON,
                        str(HERE / "plain_genanki.py"),
                        str(notes),
                        str(work / f"plain-{size}.apkg"),
                    ],
                    env=env,
                )

            build_synthetic()
            package = project_package(folder)
            rounds = big_times if size == 50_000 else times
            ours, theirs = alternate(rounds, build_synthetic, plain)
            growth["build after an edit (s)"][size] = statistics.median(r.seconds for r in ours)
            growth["build peak memory (MiB)"][size] = statistics.median(r.peak_mib for r in ours)
            if size == 10_000:
                rows.append(
                    Row(
                        "`fmflash build`, 10,000 cards",
                        "plain genanki, 10,000 notes",
                        1.5,
                        ours,
                        theirs,
                    )
                )
            if size == 50_000:
                rows.append(
                    Row(
                        "`fmflash build`, 50,000 cards, peak memory",
                        "plain genanki, 50,000 notes",
                        1.5,
                        ours,
                        theirs,
                        memory=True,
                    )
                )

            database = folder / "review.db"
            review_database(database, cards, package)
            review_env = {**env, "FMFLASH_DB": str(database)}
            first_due = {**review_env, "FMFLASH_NOW": FIRST_DUE}
            # The package built above: its record holds every card's identity.
            first_card = [*FMFLASH, "review", "--cards", str(cards), "--package", str(package),
                          "--limit", "100000"]  # fmt: skip
            shows_a_card(first_card, env=first_due)  # parse once: the cache is warm
            ours, theirs = alternate(
                rounds,
                partial(run, first_card, env=first_due, stdin=b"q\n"),
                lambda: run([PYTHON, "-c", "import click, yaml, sqlite3"], env=env),
            )
            growth["review to first card (s)"][size] = statistics.median(r.seconds for r in ours)
            if size == 10_000:
                rows.append(
                    Row(
                        "`fmflash review` to the first card, 10,000 cards, 100,000 logged reviews",
                        '`python -c "import click, yaml, sqlite3"`',
                        2.0,
                        ours,
                        theirs,
                    )
                )
                review_database(database, cards, package, recent=True)
                statistics_command = [*FMFLASH, "stats", "--cards", str(cards),
                                      "--package", str(package)]  # fmt: skip
                # Derive the schedules once: stats caches them, as a review session does.
                run(statistics_command, env=review_env)
                ours, theirs = alternate(
                    rounds,
                    partial(run, statistics_command, env=review_env),
                    lambda: run([PYTHON, "-c", "import click, yaml, sqlite3"], env=env),
                )
                rows.append(
                    Row(
                        "`fmflash stats`, 10,000 cards, 100,000 reviews in the last 30 days",
                        '`python -c "import click, yaml, sqlite3"`',
                        2.0,
                        ours,
                        theirs,
                    )
                )
                # fit writes nothing without --save: every run fits the same log.
                fit_command = [*FMFLASH, "fit", "--cards", str(cards), "--package", str(package)]
                ours, theirs = alternate(
                    big_times,
                    partial(run, fit_command, env=review_env),
                    partial(run, [PYTHON, str(HERE / "plain_fsrs.py"), str(database)], env=env),
                )
                rows.append(
                    Row(
                        "`fmflash fit`, 10,000 cards, 100,000 reviews",
                        "fsrs-rs's fit and time-series scores of the same items, from a plain "
                        "sqlite3 loop over the log",
                        2.0,
                        ours,
                        theirs,
                    )
                )

        print("a course of 10 chapters x 1,000 cards ...", file=sys.stderr)
        rows += course_rows(work, env, times)

        print("1,000 scripted grades ...", file=sys.stderr)
        folder = work / "deck-1000"
        cards = folder / "cards.yaml"
        grades = b"\n4\n" * 1000 + b"q\n"

        def grade_ours() -> Run:
            database = empty_database(work / "grades.db")
            result = run(
                [*FMFLASH, "review", "--cards", str(cards), "--new", "1000"],
                env={**env, "FMFLASH_DB": str(database)},
                stdin=grades,
            )
            with sqlite3.connect(database) as db:
                logged = db.execute("SELECT count(*) FROM review_log").fetchone()[0]
            assert logged == 1000, logged
            return result

        def grade_plain() -> Run:
            database = empty_database(work / "plain.db")
            return run([PYTHON, str(HERE / "plain_sqlite.py"), str(database), "1000"], env=env)

        ours, theirs = alternate(big_times, grade_ours, grade_plain)
        rows.append(
            Row(
                "1,000 scripted grades (non-TTY input)",
                "a plain sqlite3 loop, same writes and durability",
                1.5,
                ours,
                theirs,
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("| measurement | baseline | fmflash | baseline | ratio | target | |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(row.render())
    print()
    print("| growth from 1,000 to 50,000 cards | 1,000 | 10,000 | 50,000 | x for 50x the cards |")
    print("|---|---|---|---|---|")
    for name, figures in growth.items():
        if len(figures) == 3:
            values = [figures[size] for size in (1_000, 10_000, 50_000)]
            print(
                f"| {name} | {values[0]:.3g} | {values[1]:.3g} | {values[2]:.3g} | "
                f"{values[2] / values[0]:.1f} |"
            )
    print(f"\n{len(rows)} rows in {time.perf_counter() - started:.0f} s on {os.cpu_count()} cores.")
    print()
    print("\n".join(render(budgets)))
    if not all(budget.ok for budget in budgets):
        raise SystemExit("A work budget is exceeded: a cached or lazy path was not taken.")


if __name__ == "__main__":
    main()
