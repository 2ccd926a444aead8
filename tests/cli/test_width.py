"""40 columns everywhere: check's table and warnings, calc, the removed-card lists wrap."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fmflash.cli import cli
from fmflash.text import is_search

from ..conftest import CARDS, NOTES, WriteProject

LONG_HEADING = "Mixture of Experts and the Many Ways Their Parameters Are Counted"
ENV = {"COLUMNS": "40", "SOURCE_DATE_EPOCH": "1764115200", "NO_COLOR": "1"}


def too_wide(text: str) -> list[str]:
    return [line for line in text.splitlines() if len(line) > 40 and not is_search(line)]


def test_check_build_and_removed_fit_40_columns(
    write_project: WriteProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(write_project().parent)  # paths as the learner types them: short
    cards, package = Path("cards.yaml"), Path("deck/test-deck.apkg")
    write_project(
        CARDS.replace("section: Mixture of Experts", f"section: {LONG_HEADING}"),
        notes=NOTES.replace("### Mixture of Experts", f"### {LONG_HEADING}"),
    )
    runner = CliRunner()
    runner.invoke(cli, ["build", "--cards", str(cards)], env=ENV)
    write_project(  # two cards removed, a section left without a card: a warning
        CARDS.split("  - id: mixtral-total")[0],
        notes=NOTES.replace("### Mixture of Experts", f"### {LONG_HEADING}"),
    )
    runs = {
        "check": runner.invoke(cli, ["check", "--cards", str(cards), "--package", str(package)],
                               env=ENV),
        "build": runner.invoke(cli, ["build", "--cards", str(cards)], env=ENV),
        "removed": runner.invoke(cli, ["removed", "--package", str(package)], env=ENV),
    }  # fmt: skip
    for name, result in runs.items():
        assert result.exit_code == 0, (name, result.output)
        assert too_wide(result.output) == [], name
    check = runs["check"].output
    assert f"warning: section '{LONG_HEADING}'" in " ".join(check.split())
    assert "      -         -      Mixture of\n" in check  # the counts first, the title wrapped
    assert "\n                         Experts and the\n" in check
    searches = [line for line in runs["removed"].output.splitlines() if is_search(line)]
    assert searches == [
        "  (nid:"
        + searches[0].split("(nid:")[1].split(" ")[0]
        + ' "Id:mixtral-total") OR '
        + searches[0].split(") OR ")[1]
    ]  # one search, whole, to copy


def test_calc_fits_40_columns() -> None:
    result = CliRunner().invoke(
        cli, ["calc", "training_time", "compute=3.15e23", "accelerators=1024",
              "peak_flops=312T", "utilization=50%"], env=ENV,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert too_wide(result.output) == []
    assert result.output.startswith("Q: ")


def test_stats_fit_40_columns(write_project: WriteProject, tmp_path: Path) -> None:
    cards = write_project(CARDS)
    env = {**ENV, "FMFLASH_DB": str(tmp_path / "r.db"), "FMFLASH_NOW": "2026-03-01T09:00"}
    runner = CliRunner()
    runner.invoke(cli, ["review", "--cards", str(cards)], input="\n5\n\n4\nq\n", env=env)
    env["FMFLASH_NOW"] = "2026-03-02T09:00"
    result = runner.invoke(cli, ["stats", "--cards", str(cards)], env=env)
    assert result.exit_code == 0, result.output
    assert "Reviews per day, last 17 weeks:" in result.output
    assert too_wide(result.output) == []
