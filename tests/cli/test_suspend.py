"""fmflash suspend and unsuspend, and s / u in a scripted review: cards kept out, then back."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from fmflash.cli import cli

from ..conftest import CARDS, WriteProject


def run(cards: Path, db: Path, *args: str, keys: str = "", now: str = "2026-03-01") -> Result:
    env = {"FMFLASH_NOW": now, "FMFLASH_DB": str(db), "NO_COLOR": "1"}
    return CliRunner().invoke(cli, [*args, "--cards", str(cards)], input=keys, env=env)


def test_suspend_a_card_and_a_side_then_unsuspend_them(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards, db = write_project(CARDS), tmp_path / "r.db"
    done = run(cards, db, "suspend", "mixtral-total", "sampling-definition")
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        "Suspended mixtral-total, mixtral-total/reverse, sampling-definition: review will not "
        "show them until you unsuspend them.\n"
    )
    again = run(cards, db, "suspend", "mixtral-total/reverse")
    assert again.stdout == "mixtral-total/reverse: suspended already.\n"
    stats = json.loads(run(cards, db, "stats", "--json").stdout)
    assert (stats["cards"], stats["suspended"], stats["new"]) == (2, 3, 2)
    reviewed = run(cards, db, "review", keys="\n5\n\n5\n\n5\n")
    assert "How many parameters" not in reviewed.stdout
    assert "Reviewed 2 cards (2 new, 0 due)" in reviewed.stdout
    back = run(cards, db, "unsuspend", "mixtral-total/reverse", "weights-memory")
    assert back.stdout == (
        "Unsuspended mixtral-total/reverse: review shows it again.\n"
        "weights-memory: not suspended.\n"
    )
    later = run(cards, db, "review", keys="q\n", now="2026-03-02")
    assert "new 1 · re-drill 0 · due 2" in later.stdout  # the reverse is back


def test_an_unknown_id_is_a_usage_error_with_suggestions(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards, db = write_project(CARDS), tmp_path / "r.db"
    result = run(cards, db, "suspend", "mixtral-totl")
    assert result.exit_code == 2
    assert "Invalid value for 'ID': no card has the id 'mixtral-totl'; did you mean " \
        "mixtral-total" in " ".join(result.stderr.split())  # fmt: skip
    assert not db.exists()


def test_s_then_u_in_a_scripted_review(write_project: WriteProject, tmp_path: Path) -> None:
    cards, db = write_project(CARDS), tmp_path / "r.db"
    result = run(cards, db, "review", keys="s\nu\ns\n\n5\nq\n")
    out = " ".join(result.stdout.split())
    assert out.count("Suspended transformer-dominates: review will not show it until fmflash "
                     "unsuspend transformer-dominates (u undoes this now).") == 2  # fmt: skip
    assert "Unsuspended transformer-dominates." in out
    assert "Reviewed 1 card (1 new, 0 due)" in out
    stats = json.loads(run(cards, db, "stats", "--json").stdout)
    assert stats["suspended"] == 1
