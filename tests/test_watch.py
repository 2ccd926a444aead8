"""fmflash build --watch: rebuilds on change, keeps a good package on bad input, idles quietly."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pytest

from .conftest import CARDS, WriteProject


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
        env=env, encoding="utf-8", timeout=20,
    )  # fmt: skip
    try:
        child.expect("Built .*4 notes")
        child.expect("Watching")
        first = package.read_bytes()

        if Path("/proc").exists():
            before = cpu_seconds(child.pid)
            time.sleep(2)
            assert cpu_seconds(child.pid) - before < 0.2  # idle, not spinning

        # SOURCE_DATE_EPOCH stays put: the edited card's time still moves forward by a second
        write_project(CARDS.replace("14 GB.", "At least 14 GB."))
        child.expect("Change seen; rebuilding.")
        child.expect(r"Built .*\(0 new, 1 changed, 3 unchanged\)")
        wait_for(lambda: package.read_bytes() != first)
        second = package.read_bytes()

        write_project(CARDS.replace("front: What is sampling?", "frnt: What is sampling?"))
        child.expect("Change seen; rebuilding.")
        child.expect(r"cards.yaml:\d+:5: unknown key 'frnt' in card 'sampling-definition'; "
                     r"did you mean 'front'\?")  # fmt: skip
        child.expect(f"kept the previous {package}")
        assert package.read_bytes() == second

        notes = cards.parent / "notes.md"
        notes.write_text(notes.read_text() + "\nMore notes.\n")
        child.expect("Change seen; rebuilding.")  # the notes file is watched too
    finally:
        child.sendintr()
        child.expect(pexpect.EOF)
        child.close()


def test_watch_and_check_do_not_go_together() -> None:
    from click.testing import CliRunner

    from fmflash.cli import cli

    result = CliRunner().invoke(cli, ["build", "--watch", "--check"])
    assert result.exit_code == 2
    assert "Error: --watch and --check do not go together" in result.stderr


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")
