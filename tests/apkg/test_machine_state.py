"""Quiet first runs: cards removed before the learner's first build here are not theirs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fmflash.cli import cli

from ..conftest import CARDS, WriteProject

WITHOUT_SAMPLING = CARDS.split("  - id: sampling-definition")[0]
REMINDER = "Removed from the cards since an earlier build"


def test_a_fresh_machine_hears_nothing_of_cards_removed_before_its_first_build(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = write_project()
    package = tmp_path / "deck" / "test-deck.apkg"

    def run(command: str, *args: str, machine: str) -> Result:
        monkeypatch.setenv("FMFLASH_STATE_DIR", str(tmp_path / machine))
        where = [] if command == "build" else ["--package", str(package)]
        options = ["--cards", str(cards), *where] if command != "removed" else where
        return CliRunner().invoke(cli, [command, *options, *args])

    # The author's machine: a card removed after its first build is theirs to delete.
    run("build", machine="author")
    write_project(WITHOUT_SAMPLING)
    assert REMINDER in run("build", machine="author").stdout
    record = (tmp_path / "deck" / "test-deck.record.json").read_bytes()

    # A learner's clone: the record lists the removed card, but they never had it.
    assert REMINDER not in run("check", machine="learner").stdout
    built = run("build", machine="learner")
    assert built.exit_code == 0, built.output
    assert REMINDER not in built.stdout
    assert run("removed", machine="learner").stdout == (
        "No removed cards.\n"
        "Not shown: 1 card removed before your first build here or acknowledged (--all lists "
        "every one).\n"
    )
    assert "sampling-definition" in run("removed", "--all", machine="learner").stdout
    assert list((tmp_path / "learner").glob("*.json"))  # remembered outside the project

    # A card the learner removes after their first build is theirs, and theirs alone.
    write_project(WITHOUT_SAMPLING.split("  - id: mixtral-total")[0])
    after = run("build", machine="learner").stdout
    assert f"{REMINDER} (Anki keeps it if you imported it): mixtral-total." in after
    assert "sampling-definition" not in after
    assert run("removed", "--acknowledge", machine="learner").stdout == ("Forgot 1 removed card.\n")
    assert REMINDER not in run("check", machine="learner").stdout
    assert (
        tmp_path / "deck" / "test-deck.record.json"
    ).read_bytes() != record  # the build's own change
    before = (tmp_path / "deck" / "test-deck.record.json").read_bytes()
    run("removed", "--acknowledge", machine="author")
    assert (
        tmp_path / "deck" / "test-deck.record.json"
    ).read_bytes() == before  # no committed file changes
