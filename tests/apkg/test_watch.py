"""fmflash build --watch: rebuilds on change, keeps a good package on bad input, idles quietly."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pexpect
import pytest

from ..conftest import CARDS, WriteProject


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(condition, seconds: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_watch_rebuilds_and_never_replaces_a_good_package_with_a_broken_one(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project()
    package = tmp_path / "deck.apkg"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764115200"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "fmflash", "build", "--watch", "--cards", str(cards), "-o", str(package)],
        env=env, encoding="utf-8", timeout=60,
        # A test runner started in the background ignores SIGINT, and children inherit that:
        # give the watcher the default, so that Ctrl-C reaches it as it would in a terminal.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        child.expect("Built .*4 notes")
        child.expect("Watching")
        first = package.read_bytes()

        if Path("/proc").exists():
            before = cpu_seconds(child.pid)
            time.sleep(2)
            assert cpu_seconds(child.pid) - before < 0.2  # idle, not spinning

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
        child.expect(f"kept the previous {package}")
        assert package.read_bytes() == second

        notes = cards.parent / "notes.md"
        notes.write_text(notes.read_text() + "\nMore notes.\n")
        child.expect("Change seen; rebuilding.")  # the notes file is watched too
        child.sendintr()
        child.expect("Stopped watching.")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


def test_watch_and_check_do_not_go_together() -> None:
    from click.testing import CliRunner

    from fmflash.cli import cli

    result = CliRunner().invoke(cli, ["build", "--watch", "--check"])
    assert result.exit_code == 2
    assert "Error: --watch and --check do not go together" in result.stderr


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")
