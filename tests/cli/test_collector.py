"""The cycle collector: paused while a command runs, as it was afterwards, running in a session."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmflash.cli import cli
from fmflash.cli.collector import collector_paused, resume_collector
from fmflash.review.session.queue import Session
from fmflash.review.terminal.reviewer import Reviewer

from ..conftest import CARDS, WriteProject


@pytest.fixture(autouse=True)
def collector_enabled_after() -> Iterator[None]:
    yield
    gc.enable()  # whatever a failing test left


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_inside_and_as_it_was_after(enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_the_collector_is_as_it_was_after_an_error() -> None:
    with pytest.raises(ValueError, match="inside"), collector_paused():
        raise ValueError("inside")
    assert gc.isenabled()


@pytest.mark.parametrize(("arguments", "exit_code"), [([], 0), (["--no-such-option"], 2)])
def test_a_command_leaves_the_collector_running(
    arguments: list[str], exit_code: int, write_project: WriteProject
) -> None:
    cards = write_project(CARDS)
    result = CliRunner().invoke(cli, ["check", "--cards", str(cards), *arguments])
    assert result.exit_code == exit_code, result.output
    assert gc.isenabled()


def test_a_resume_inside_is_undone_after() -> None:
    gc.disable()
    with collector_paused():
        resume_collector()
        assert gc.isenabled()
    assert not gc.isenabled()


def test_a_review_session_runs_with_the_collector(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    run = Reviewer.run

    def recording_run(reviewer: Reviewer) -> Session:
        seen.append(gc.isenabled())
        return run(reviewer)

    monkeypatch.setattr(Reviewer, "run", recording_run)
    cards = write_project(CARDS)
    env = {"FMFLASH_NOW": "2026-03-01T09:00", "FMFLASH_DB": str(tmp_path / "review.db")}
    result = CliRunner().invoke(cli, ["review", "--cards", str(cards)], input="q\n", env=env)
    assert result.exit_code == 0, result.output
    assert seen == [True]
