"""fmflash build --watch: rebuilds on change, keeps a good package on bad input, idles quietly."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

import pexpect
import pytest

from fmflash.apkg.watch import INTERVAL_SECONDS, watch_and_build

from ..conftest import CARDS, WriteProject


def wait_for(condition, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_watch_sleeps_between_polls_and_builds_once_per_change(
    write_project: WriteProject,
) -> None:
    """The loop itself, with a scripted clock: idle polls sleep and build nothing."""
    cards = write_project()
    notes = cards.parent / "notes.md"
    said: list[str] = []
    builds: list[str] = []
    slept: list[float] = []

    def touch(path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(0, 10**9 * (len(slept) + 1)))  # a new time, whatever the clock

    steps = iter(
        [
            lambda: None,  # nothing changed: no build
            lambda: touch(cards, CARDS.replace("14 GB.", "At least 14 GB.")),
            lambda: None,
            lambda: touch(cards, CARDS.replace("front: What is sampling?", "frnt: x")),
            lambda: touch(notes, notes.read_text() + "\nMore notes.\n"),  # notes are watched
            lambda: touch(cards, CARDS.replace("notes: notes.md", "notes: other.md")),
            lambda: touch(cards.parent / "other.md", "# Other\n"),  # the new notes file
            lambda: None,
        ]
    )

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        step = next(steps, None)
        if step is None:
            raise KeyboardInterrupt
        step()

    def build_once() -> bool:
        builds.append(cards.read_text(encoding="utf-8"))
        return True

    watch_and_build(str(cards), build_once, say=said.append, sleep=sleep)
    assert slept == [INTERVAL_SECONDS] * 9
    assert INTERVAL_SECONDS == 0.5  # twice a second: no busy loop
    assert len(builds) == 6
    assert said[0] == f"Watching {cards}, {notes} (Ctrl-C stops)."
    assert [re.sub(r"\d\d:\d\d:\d\d", "hh:mm:ss", line) for line in said[1:]] == [
        "\n[hh:mm:ss] Change seen; rebuilding."
    ] * 5 + ["\nStopped watching."]


def test_watch_follows_every_chapter_even_those_added_or_removed_while_it_runs(
    write_project: WriteProject, tmp_path: Path
) -> None:
    """Each chapter's card file and notes are watched, as the chapters: list stands now."""
    from ..cards.test_project import CHAPTER, CHAPTER_NOTES, with_chapters, write_chapter

    ch3 = write_chapter(tmp_path, "ch3")
    root = write_project(with_chapters("ch3/cards.yaml"))
    ch4 = tmp_path / "ch4" / "cards.yaml"
    builds: list[int] = []
    said: list[str] = []
    times = iter(range(1, 100))

    def touch(path: Path, text: str) -> None:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(0, 10**9 * next(times)))  # a new time, whatever the clock

    chapter_four = CHAPTER.replace("3 Evaluation", "4 Prompts").replace("id: ", "id: four-")
    steps = iter(
        [
            (lambda: touch(ch3, CHAPTER.replace("No, it is hard.", "No.")), True),
            (lambda: touch(tmp_path / "ch3" / "notes.md", CHAPTER_NOTES + "More.\n"), True),
            (lambda: touch(tmp_path / "ch4" / "notes.md", CHAPTER_NOTES), False),  # unlisted
            (lambda: touch(root, with_chapters("ch3/cards.yaml", "ch4/cards.yaml")), True),
            (lambda: touch(ch4, chapter_four), True),  # listed before it existed
            (lambda: touch(tmp_path / "ch4" / "notes.md", CHAPTER_NOTES + "Four.\n"), True),
            (lambda: touch(root, with_chapters("ch4/cards.yaml")), True),  # ch3 leaves
            (lambda: touch(ch3, CHAPTER), False),
            (lambda: touch(tmp_path / "ch3" / "notes.md", CHAPTER_NOTES), False),
        ]
    )
    expected: list[bool] = []

    def sleep(seconds: float) -> None:
        step = next(steps, None)
        if step is None:
            raise KeyboardInterrupt
        change, rebuilds = step
        change()
        expected.append(rebuilds)

    def build_once() -> bool:
        builds.append(len(expected))
        return True

    watch_and_build(str(root), build_once, say=said.append, sleep=sleep)
    assert said[0] == (
        f"Watching {root}, {tmp_path / 'notes.md'}, {ch3}, {tmp_path / 'ch3' / 'notes.md'} "
        "(Ctrl-C stops)."
    )
    assert builds == [0] + [step + 1 for step, rebuilds in enumerate(expected) if rebuilds]


def test_watch_rebuilds_and_never_replaces_a_good_package_with_a_broken_one(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project()
    package = tmp_path / "deck" / "test-deck.apkg"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764115200", "COLUMNS": "200"}
    child = pexpect.spawn(
        sys.executable,
        # Relative paths: the terminal wraps lines at 80 columns, and these keep them short.
        ["-m", "fmflash", "build", "--watch", "--cards", cards.name],
        env=env, encoding="utf-8", timeout=60, cwd=tmp_path,
        # A test runner started in the background ignores SIGINT, and children inherit that:
        # give the watcher the default, so that Ctrl-C reaches it as it would in a terminal.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        child.expect("Built .*4 notes")
        child.expect("Watching")
        first = package.read_bytes()

        # SOURCE_DATE_EPOCH stays put: the edited card's time still moves forward by a second.
        # Only the card file is written, so each step is exactly one change for the watcher.
        cards.write_text(CARDS.replace("14 GB.", "At least 14 GB."), encoding="utf-8")
        child.expect("Change seen; rebuilding.")
        child.expect(r"Since the last build of .*: 0 new, 1 changed, 3 unchanged notes")
        wait_for(lambda: package.read_bytes() != first)
        second = package.read_bytes()

        cards.write_text(
            CARDS.replace("front: What is sampling?", "frnt: What is sampling?"), encoding="utf-8"
        )
        child.expect("Change seen; rebuilding.")
        child.expect(r"cards.yaml:\d+:5: unknown key 'frnt' in card 'sampling-definition'; "
                     r"did you mean 'front'\?")  # fmt: skip
        child.expect("kept the previous package")
        assert package.read_bytes() == second

        child.sendintr()
        child.expect("Stopped watching.")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


def test_watch_and_check_do_not_go_together(write_project: WriteProject) -> None:
    from click.testing import CliRunner

    from fmflash.cli import cli

    cards = write_project()
    result = CliRunner().invoke(cli, ["build", "--watch", "--check", "--cards", str(cards)])
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --watch and --check do not go together\n")


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")
