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
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.conftest import CARDS, NOTES  # noqa: E402 (the tests' small project)

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
        loads_none("`fmflash --help`", ["--help"], env=env),
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
    return budgets


BUDGETS: tuple[Callable[[Path], list[Budget]], ...] = (import_budgets,)


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
