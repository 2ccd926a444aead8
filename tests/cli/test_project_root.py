"""fmflash works from any folder of a project: it finds cards.yaml as git finds its repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fmflash.cli import cli
from fmflash.cli.common import find_card_file

from ..conftest import CARDS, WriteProject

ENV = {"SOURCE_DATE_EPOCH": "1764115200", "FMFLASH_NOW": "2026-03-01T09:00", "NO_COLOR": "1"}
PACKAGE = "test-deck.apkg"


@pytest.fixture
def project(write_project: WriteProject, tmp_path: Path) -> Path:
    """A project with its notes in deck/, as this repository has them; returns its root."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "deck").mkdir()
    write_project(CARDS.replace("notes: notes.md", "notes: deck/notes.md"))
    (tmp_path / "notes.md").rename(tmp_path / "deck" / "notes.md")
    return tmp_path


def test_check_from_a_subfolder_finds_the_card_file_and_names_paths_from_here(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "deck")
    result = CliRunner().invoke(cli, ["check"], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == (
        "../cards.yaml: OK, 4 notes, 5 cards (3 question/answer, 1 cloze, 0 computed notes) "
        "from 4 sections of notes.md."
    )


def test_one_project_has_one_package_wherever_you_stand(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    first = CliRunner().invoke(cli, ["build"], env=ENV)
    assert first.stdout.startswith(f"Built deck/{PACKAGE}: 4 notes, 5 cards.\n")
    monkeypatch.chdir(project / "deck")
    for args in (["build"], ["build", "--cards", "../cards.yaml"]):
        again = CliRunner().invoke(cli, args, env=ENV)
        assert again.stdout == (
            f"{PACKAGE} is up to date: 4 notes, 5 cards, no changes since its last build.\n"
        )
    assert sorted(p.name for p in (project / "deck").iterdir()) == [
        "notes.md",
        PACKAGE,
        "test-deck.record.json",
    ]


def test_the_nearest_card_file_wins_and_cards_still_wins_over_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = project / "deck" / "cards.yaml"
    inner.write_text(CARDS, encoding="utf-8")  # a project of its own inside deck/
    monkeypatch.chdir(project / "deck")
    assert find_card_file(".") == "cards.yaml"
    monkeypatch.chdir(project)
    assert find_card_file(str(project / "deck")) == "cards.yaml"
    result = CliRunner().invoke(cli, ["check", "--cards", "cards.yaml"], env=ENV)
    assert result.stdout.splitlines()[-1].startswith("cards.yaml: OK, 4 notes")


def test_review_and_stats_from_a_subfolder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "deck")
    env = {**ENV, "FMFLASH_DB": str(project / "review.db")}
    assert CliRunner().invoke(cli, ["review"], input="\n5\nq\n", env=env).exit_code == 0
    stats = CliRunner().invoke(cli, ["stats"], env=env)
    assert stats.stdout.startswith("Cards: 5 from 4 notes (new 4, learning 1,")


def test_no_card_file_says_where_it_looked_and_how_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path / "notes")
    for command in (["check"], ["build"], ["review"], ["removed"]):
        result = CliRunner().invoke(cli, command, env=ENV)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: no cards.yaml in {tmp_path / 'notes'} or any folder above it (looked up to "
            f"{tmp_path}, the repository root). Run fmflash inside a project, or name the card "
            "file: --cards PATH\n"
        )
