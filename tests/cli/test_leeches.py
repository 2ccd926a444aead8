"""Leeches: eight lapses over simulated days suspend a card, stats lists it, check warns."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from fmflash.cli import cli

from ..conftest import CARDS, WriteProject


def run(cards: Path, db: Path, *args: str, keys: str = "", day: int = 1) -> Result:
    env = {"FMFLASH_NOW": f"2026-03-{day:02d}", "FMFLASH_DB": str(db), "NO_COLOR": "1"}
    return CliRunner().invoke(cli, [*args, "--cards", str(cards)], input=keys, env=env)


def test_eight_lapses_make_a_leech_that_stats_lists_and_check_warns_until_edited(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards, db = write_project(CARDS), tmp_path / "r.db"
    line = CARDS.splitlines().index("  - id: sampling-definition") + 1
    sampling = ("--section", "Sampling")
    run(cards, db, "review", *sampling, keys="\n4\n", day=1)  # learned
    for day in range(2, 9):  # a lapse a day, each re-drilled to a 4
        lapsed = run(cards, db, "review", *sampling, keys="\n1\n\n4\n", day=day)
        assert "leech" not in lapsed.stdout
    eighth = run(cards, db, "review", *sampling, keys="\n1\n\n4\n", day=9)
    out = " ".join(eighth.stdout.split())
    assert (
        "sampling-definition has lapsed 8 times: it is a leech, and is suspended. Rewrite the "
        "card, then fmflash unsuspend sampling-definition (u undoes this now)." in out
    )
    assert "(again today" not in eighth.stdout  # the leech left the queue, re-drill and all
    stats = json.loads(run(cards, db, "stats", "--json", day=10).stdout)
    assert (stats["suspended"], stats["leeches"]) == (1, ["sampling-definition"])
    text = run(cards, db, "stats", day=10).stdout

    assert "Leeches (suspended; rewrite each, then fmflash unsuspend ID): sampling-definition" \
        in " ".join(text.split())  # fmt: skip
    assert "What is sampling?" not in run(cards, db, "review", keys="q\n", day=12).stdout

    checked = run(cards, db, "check", day=10)
    assert checked.exit_code == 0, checked.output
    assert (
        f"{cards}:{line}: warning[leech]: learners keep failing this card: rewrite it, then "
        "`fmflash unsuspend sampling-definition`"
    ) in checked.stderr
    write_project(CARDS.replace("How a model chooses an output.", "How a model picks one."))
    assert "leech" not in run(cards, db, "check", day=10).stderr
    assert run(cards, db, "unsuspend", "sampling-definition").exit_code == 0
    assert "What is sampling?" in run(cards, db, "review", keys="q\n", day=12).stdout
