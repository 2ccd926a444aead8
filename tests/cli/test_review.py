"""The review and stats commands' options: the database's default path, the clock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmflash.cli import cli

from ..conftest import CARDS, WriteProject


@pytest.mark.parametrize("command", ["review", "stats"])
def test_db_help_names_the_real_default_path(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "settings"))
    result = CliRunner().invoke(cli, [command, "--help"])
    assert "[default: ~/settings/fmflash/review.sqlite3]" in " ".join(result.output.split())


@pytest.mark.parametrize("command", ["review", "stats"])
def test_help_says_how_to_set_the_clock(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert (
        "FMFLASH_NOW sets the clock, to see a day ahead of time: an ISO 8601 time "
        "(FMFLASH_NOW=2026-03-01T09:00), or a date alone (FMFLASH_NOW=2026-03-01) for that "
        "learner day, which starts at the --day-start hour." in " ".join(result.output.split())
    )


@pytest.mark.parametrize(
    ("now", "day_start", "day"),
    [
        ("2026-03-10", "4", "2026-03-10"),  # a date alone: that learner day, not 00:00
        ("2026-03-10", "0", "2026-03-10"),
        ("2026-03-10T00:00", "4", "2026-03-09"),  # midnight is before the 4 am start
        ("2026-03-10T09:00", "4", "2026-03-10"),
    ],
)
def test_a_date_alone_means_that_learner_day(
    now: str, day_start: str, day: str, write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(CARDS)
    env = {"FMFLASH_NOW": now, "FMFLASH_DB": str(tmp_path / "r.db"), "FMFLASH_DAY_START": day_start}
    result = CliRunner().invoke(cli, ["stats", "--cards", str(cards), "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["day"] == day
