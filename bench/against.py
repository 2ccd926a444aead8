"""Two checkouts of fmflash side by side, in CPU time: the rows of docs/speed.md's comparison.

Usage: python bench/against.py BASE NEW [--rounds 7] [--only ROW,ROW] [--keep]

BASE and NEW are checkouts; each runs with its own virtualenv (``.venv``, if it has one, else
this Python) and its own modules first on the path (``PYTHONPATH``). Each side gets its own
work folder, cache folder and XDG folders, its modules compiled, and makes its own inputs
with its own ``bench/run.py`` (``review_database``): the 10,000-card deck of this checkout's
``tests/synthetic.py`` and a copy of NEW's ``cards.yaml`` and ``deck/``.
Per row: 2 warm runs per side, then rounds of one run each, the order swapped every round;
the table shows the median CPU time (user + system, from ``os.wait4``) and NEW / BASE.

With ``--instructions``, each run is counted by ``valgrind --tool=callgrind`` instead: the
instructions a command executes, the same from run to run (within 0.1%) whatever else the
machine is doing, where CPU time here moves by 10-30%. One caution: under valgrind OpenSSL
does not see the processor's SHA instructions, so SHA-256 costs about ten times the
instructions it costs on this machine's processor (1.4 MB: about 80 million).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.run import FIRST_DUE, run, shows_a_card  # noqa: E402
from tests.synthetic import write_deck  # noqa: E402 (the same deck on both sides)

NOW = "2026-03-01T09:00"
SIZE = 10_000
SETUP = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bench.run import review_database
database, cards, package = (Path(argument) for argument in sys.argv[2:5])
review_database(database, cards, package, recent=sys.argv[5] == "recent")
"""


@dataclass(frozen=True, slots=True)
class Side:
    """One checkout with its own interpreter, work folder and environment."""

    name: str
    checkout: Path
    work: Path
    env: dict[str, str]

    @property
    def fmflash(self) -> list[str]:
        python = self.checkout / ".venv" / "bin" / "python"
        return [str(python) if python.exists() else sys.executable, "-m", "fmflash"]

    @property
    def deck(self) -> Path:
        return self.work / "deck-10000" / "cards.yaml"

    @property
    def package(self) -> Path:
        (package,) = (self.work / "deck-10000" / "deck").glob("*.apkg")
        return package

    @property
    def repo_cards(self) -> Path:
        return self.work / "repo" / "cards.yaml"


COUNT_INSTRUCTIONS = False  # set by --instructions


def cpu_seconds(argv: list[str], *, env: dict[str, str], stdin: bytes = b"") -> float:
    """Run a command to completion in ``FMFLASH_CACHE_DIR``'s folder; return its CPU seconds.

    With ``COUNT_INSTRUCTIONS``, return its instructions in billions instead (callgrind).
    Not in a checkout: ``python -m`` would import the fmflash of the current folder.
    """
    cwd = Path(env["FMFLASH_CACHE_DIR"]).parent
    if not COUNT_INSTRUCTIONS:
        return run(argv, env=env, stdin=stdin, cwd=cwd).cpu_seconds
    log = cwd / "callgrind.log"
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    run([*valgrind, f"--log-file={log}", *argv], env=env, stdin=stdin, cwd=cwd)
    (count,) = re.findall(r"Collected : (\d+)", log.read_text())
    return int(count) / 1e9


def prepare(name: str, checkout: Path, work: Path, repo_source: Path) -> Side:
    """Make one side's folders and inputs: compiled modules, both decks built, two databases."""
    work.mkdir(parents=True)
    env = {
        **os.environ,
        "FMFLASH_CACHE_DIR": str(work / "cache"),
        "FMFLASH_NOW": NOW,
        "NO_COLOR": "1",
        "SOURCE_DATE_EPOCH": "1764115200",
        "PYTHONPATH": str(checkout),
        **{
            f"XDG_{kind}_HOME": str(work / kind.lower())
            for kind in ("CACHE", "CONFIG", "DATA", "STATE")
        },
    }
    side = Side(name, checkout, work, env)
    python = side.fmflash[0]
    subprocess.run(
        [python, "-m", "compileall", "-q", str(checkout / "fmflash")], cwd=work, check=True
    )
    shutil.copytree(repo_source / "deck", work / "repo" / "deck")
    shutil.copy(repo_source / "cards.yaml", side.repo_cards)
    write_deck(side.deck.parent, SIZE)
    for cards in (side.repo_cards, side.deck):
        run([*side.fmflash, "build", "--cards", str(cards)], env=env, cwd=work)  # not counted
    for database, recent in (("review.db", ""), ("stats.db", "recent")):
        paths = [str(path) for path in (checkout, work / database, side.deck, side.package)]
        subprocess.run([python, "-c", SETUP, *paths, recent], env=env, cwd=work, check=True)
    return side


def rows() -> dict[str, Callable[[Side, int], float]]:
    """Each row: a run of one side, given the run's number (builds edit one card first)."""
    original: dict[Path, str] = {}

    def build_repo(side: Side, number: int) -> float:
        text = original.setdefault(side.repo_cards, side.repo_cards.read_text())
        side.repo_cards.write_text(text.replace("back: Google.", f"back: Google ({number})."))
        return cpu_seconds([*side.fmflash, "build", "--cards", str(side.repo_cards)], env=side.env)

    def build_deck(side: Side, number: int) -> float:
        write_deck(side.deck.parent, SIZE, edit=number)
        return cpu_seconds([*side.fmflash, "build", "--cards", str(side.deck)], env=side.env)

    def review(side: Side, number: int, *, now: str = NOW) -> float:
        command = ["review", "--cards", str(side.deck), "--package", str(side.package),
                   "--limit", "100000"]  # fmt: skip
        env = {**side.env, "FMFLASH_DB": str(side.work / "review.db"), "FMFLASH_NOW": now}
        if now != NOW:  # not counted
            shows_a_card([*side.fmflash, *command], env=env, cwd=side.work)
        return cpu_seconds([*side.fmflash, *command], env=env, stdin=b"q\n")

    def stats(side: Side, number: int) -> float:
        command = ["stats", "--cards", str(side.deck), "--package", str(side.package)]
        env = {**side.env, "FMFLASH_DB": str(side.work / "stats.db")}
        return cpu_seconds([*side.fmflash, *command], env=env)

    return {
        "`fmflash --help`": lambda side, _: cpu_seconds([*side.fmflash, "--help"], env=side.env),
        "`fmflash check` of this repo's deck": lambda side, _: cpu_seconds(
            [*side.fmflash, "check", "--cards", str(side.repo_cards)], env=side.env
        ),
        "`fmflash build` of this repo's deck, after an edit": build_repo,
        "`fmflash build`, 10,000 cards, after an edit": build_deck,
        # Every card of review.db was last graded in 2025; 358 are due again on FIRST_DUE.
        "`fmflash review`, nothing due, 10,000 cards, 100,000 reviews": review,
        "`fmflash review` to the first card, 358 of 10,000 due, 100,000 reviews": (
            lambda side, number: review(side, number, now=FIRST_DUE)
        ),
        "`fmflash stats`, 10,000 cards, 100,000 reviews in 30 days": stats,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--only", default="",
        help="comma-separated words a row's name holds ('10,000' is one word: a digit follows)",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the work folder, for profiles")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (callgrind), not CPU time"
    )
    arguments = parser.parse_args()
    global COUNT_INSTRUCTIONS
    COUNT_INSTRUCTIONS = arguments.instructions
    if arguments.rounds < 1:
        parser.error("--rounds must be at least 1: the medians need a run of each side")
    work = Path(tempfile.mkdtemp(prefix="fmflash-against-"))
    try:
        sides = [
            prepare(name, checkout.resolve(), work / name, arguments.new.resolve())
            for name, checkout in (("base", arguments.base), ("new", arguments.new))
        ]
        table = [f"| row | {arguments.base} | {arguments.new} | new / base |", "|---|---|---|---|"]
        for name, measure in rows().items():
            words = re.split(r",(?!\d)", arguments.only) if arguments.only else []
            if words and not any(word in name for word in words):
                continue
            print(name, "...", file=sys.stderr)
            number = 0
            for side in sides:  # warm: caches, the page cache
                for _ in range(1 if arguments.instructions else 2):
                    number += 1
                    measure(side, number)
            times: dict[str, list[float]] = {side.name: [] for side in sides}
            for round_number in range(arguments.rounds):
                for side in sides if round_number % 2 == 0 else sides[::-1]:
                    number += 1
                    times[side.name].append(measure(side, number))
            base, new = (statistics.median(times[side.name]) for side in sides)
            if arguments.instructions:
                figures = f"{base:.3f} G instructions | {new:.3f} G instructions | {new / base:.3f}"
            else:
                figures = f"{base * 1000:.0f} ms | {new * 1000:.0f} ms | {new / base:.2f}"
            table.append(f"| {name} | {figures} |")
        print("\n".join(table))
    finally:
        if arguments.keep:
            print(f"inputs kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
