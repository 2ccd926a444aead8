"""Ctrl-C tells the truth in every command that writes: exit 130, what was written or nothing."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fmflash.cli import cli
from fmflash.files import together
from fmflash.files.atomic import SCRATCH_PREFIX

from ..conftest import CARDS, WriteProject

ENV = {"SOURCE_DATE_EPOCH": "1764115200"}
# What Ctrl-C after a build's package and record were written says.
BUILD_WRITTEN = (
    "\nInterrupted after writing deck/test-deck.apkg, deck/test-deck.record.json, each "
    "whole; the package and its record agree ('fmflash build --check' says up to date).\n"
)


@pytest.fixture(autouse=True)
def _ctrl_c_raises() -> Iterator[None]:
    """As in a terminal, whatever the test runner inherited (a background job ignores SIGINT)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def ctrl_c_after_renaming(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Send Ctrl-C just after a file called ``name`` is renamed into place."""
    real = os.replace

    def replace(source: str, target: str) -> None:
        real(source, target)
        if os.path.basename(target) == name:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(together.os, "replace", replace)


def ctrl_c_while_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Press Ctrl-C while the first file is written whole beside its target."""

    def scratch(path: str, data: bytes, *, made: list[str]) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(together, "scratch_beside", scratch)


def test_ctrl_c_in_chapter_add_adds_the_whole_chapter_or_nothing(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = write_project()
    args = ["chapter", "add", "3 Evaluation", "--notes", "ch3/notes.md"]
    with monkeypatch.context() as patched:
        ctrl_c_while_writing(patched)
        result = CliRunner().invoke(cli, args)
    assert (result.exit_code, result.stdout) == (130, "")
    assert result.stderr == "\nInterrupted; nothing written.\n"
    assert cards.read_text() == CARDS
    assert not (tmp_path / "ch3").exists() or not list((tmp_path / "ch3").iterdir())
    with monkeypatch.context() as patched:
        ctrl_c_after_renaming(patched, "notes.md")  # the first of the three files
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 130
    assert result.stderr == (
        "\nInterrupted after writing ch3/notes.md, ch3/cards.yaml, cards.yaml, each whole; the "
        "chapter is added (fmflash check shows it).\n"
    )
    assert "  - ch3/cards.yaml\n" in cards.read_text()
    check = CliRunner().invoke(cli, ["check"])
    assert check.exit_code == 0, check.output


def test_ctrl_c_in_preview_says_whether_the_page_was_written(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fmflash.cli.cards

    write_project()
    page = tmp_path / "deck" / "preview.html"
    with monkeypatch.context() as patched:
        patched.setattr(fmflash.cli.cards, "render_preview", ctrl_c)
        result = CliRunner().invoke(cli, ["preview"])
    assert (result.exit_code, result.stderr) == (130, "\nInterrupted; nothing written.\n")
    assert not page.exists()
    with monkeypatch.context() as patched:
        ctrl_c_after_renaming(patched, "preview.html")
        result = CliRunner().invoke(cli, ["preview"])
    assert (result.exit_code, result.stderr) == (
        130,
        "\nInterrupted after writing deck/preview.html, each whole.\n",
    )
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def ctrl_c(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_during_a_rebuild_under_watch_says_what_it_left_and_exits_130(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fmflash.apkg import watch

    cards = write_project()
    real = watch.watch_and_build

    def sleep(seconds: float) -> None:
        cards.write_text(CARDS.replace("14 GB.", "At least 14 GB."), encoding="utf-8")
        os.utime(cards, ns=(0, 10**9))  # a new time, whatever the clock
        ctrl_c_after_renaming(monkeypatch, "test-deck.apkg")  # during the rebuild's write

    monkeypatch.setattr(watch, "watch_and_build", lambda *a, **k: real(*a, **k, sleep=sleep))
    result = CliRunner().invoke(cli, ["build", "--watch"], env=ENV)
    assert result.exit_code == 130
    assert result.stdout.endswith("Change seen; rebuilding.\n\nStopped watching.\n")
    assert result.stderr == BUILD_WRITTEN


def test_ctrl_c_as_a_build_removes_its_temporary_files_leaves_none_and_tells_the_truth(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = write_project()
    assert CliRunner().invoke(cli, ["build"], env=ENV).exit_code == 0
    cards.write_text(CARDS.replace("14 GB.", "At least 14 GB."), encoding="utf-8")
    real = os.unlink
    sent: list[str] = []

    def unlink(path: str, *args: Any, **kwargs: Any) -> None:
        """Send Ctrl-C as the first temporary file goes: the package and record are in place."""
        try:
            real(path, *args, **kwargs)
        finally:
            if os.path.basename(path).startswith(SCRATCH_PREFIX) and not sent:
                sent.append(path)
                os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(together.os, "unlink", unlink)
    result = CliRunner().invoke(cli, ["build"], env=ENV)
    assert (result.exit_code, result.stderr) == (130, BUILD_WRITTEN)
    assert sorted(os.listdir(tmp_path / "deck")) == ["test-deck.apkg", "test-deck.record.json"]
    check = CliRunner().invoke(cli, ["build", "--check"], env=ENV)
    assert check.exit_code == 0, check.output


def build_is_interrupted_after_its_report() -> None:
    """Build; Ctrl-C comes after the report, and says the package and record were written."""
    result = CliRunner().invoke(cli, ["build"], env=ENV)
    assert result.exit_code == 130
    assert result.stdout.startswith("Built deck/test-deck.apkg: ")
    assert result.stderr == BUILD_WRITTEN


def test_ctrl_c_as_a_build_ends_after_its_report_says_what_it_wrote(
    write_project: WriteProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    import click

    import fmflash.cli.build

    write_project()
    real = fmflash.cli.build.report_build

    def report_then_ctrl_c_as_the_command_ends(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        # click closes the command's context once the command has returned: Ctrl-C there.
        click.get_current_context().call_on_close(lambda: os.kill(os.getpid(), signal.SIGINT))

    monkeypatch.setattr(fmflash.cli.build, "report_build", report_then_ctrl_c_as_the_command_ends)
    build_is_interrupted_after_its_report()


def test_ctrl_c_as_fmflash_stops_listening_for_it_still_tells_the_truth(
    write_project: WriteProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    import fmflash.cli.running

    write_project()

    def ctrl_c_before_it_is_ignored(number: int, handler: object) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # lands before SIG_IGN takes hold

    # As `fmflash` runs: once the command is over, Ctrl-C is ignored (fmflash.cli.main).
    monkeypatch.setattr(cli, "ignore_interrupts_after", True)
    fake = types.SimpleNamespace(signal=ctrl_c_before_it_is_ignored, SIGINT=signal.SIGINT,
                                 SIG_IGN=signal.SIG_IGN)  # fmt: skip
    monkeypatch.setattr(fmflash.cli.running, "signal", fake)
    build_is_interrupted_after_its_report()


def test_ctrl_c_as_a_watch_ends_does_not_say_nothing_was_written(
    write_project: WriteProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fmflash.apkg import watch

    write_project()
    real = watch.watch_and_build

    def watch_then_ctrl_c(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs, sleep=ctrl_c)  # Ctrl-C stops the watch after its first build
        raise KeyboardInterrupt  # a second one, as the command ends

    monkeypatch.setattr(watch, "watch_and_build", watch_then_ctrl_c)
    result = CliRunner().invoke(cli, ["build", "--watch"], env=ENV)
    assert result.exit_code == 130
    assert "Built deck/test-deck.apkg" in result.stdout
    assert result.stdout.endswith("\nStopped watching.\n")
    assert result.stderr == "\nInterrupted; the builds above said what each wrote.\n"
