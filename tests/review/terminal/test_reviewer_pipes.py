"""The reviewer driven by another program through pipes, or with its output in a file."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
from pathlib import Path

from ...conftest import CARDS, WriteProject

PROMPT = "Grade 0-5 ([u] undo, [q] quit): "


def start(cards: Path, db: Path, stdout: int | object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FMFLASH_NOW": "2026-03-01T09:00", "FMFLASH_DB": str(db)}
    env["NO_COLOR"] = "1"
    return subprocess.Popen(
        [sys.executable, "-m", "fmflash", "review", "--cards", str(cards)],
        stdin=subprocess.PIPE,
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        env=env,
    )


def read_until(process: subprocess.Popen[bytes], text: str, seen: bytearray) -> None:
    """Read the child's output until text appears; fail if it does not come within 60 s."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    while text.encode() not in seen:
        assert selector.select(timeout=60), f"no {text!r} after {bytes(seen)!r}"
        chunk = os.read(process.stdout.fileno(), 65536)
        assert chunk, f"end of output before {text!r}: {bytes(seen)!r}"
        seen.extend(chunk)
    del seen[: seen.index(text.encode()) + len(text)]


def test_a_program_driving_through_pipes_sees_each_prompt_before_it_answers(
    write_project: WriteProject, tmp_path: Path
) -> None:
    with start(write_project(CARDS), tmp_path / "review.db", subprocess.PIPE) as process:
        assert process.stdin is not None
        seen = bytearray()
        for grade in "54":
            read_until(process, "show answer", seen)
            process.stdin.write(b"\n")
            process.stdin.flush()
            read_until(process, PROMPT, seen)
            process.stdin.write(f"{grade}\n".encode())
            process.stdin.flush()
        read_until(process, "show answer", seen)
        process.stdin.write(b"q\n")
        process.stdin.close()
        process.wait(timeout=60)
    assert process.returncode == 0


def test_output_to_a_file_is_the_same_as_to_a_pipe(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(CARDS)
    keys = b"\n5\n\n4\n\n2\n\n3\n\n5\n\n4\n"
    with start(cards, tmp_path / "piped.db", subprocess.PIPE) as piping:
        piped = piping.communicate(keys, 20)[0]
    with (
        open(tmp_path / "out.txt", "wb") as output,
        start(cards, tmp_path / "filed.db", output) as filing,
    ):
        filing.communicate(keys, 20)
    assert (tmp_path / "out.txt").read_bytes() == piped
    assert piped.endswith(b"Tomorrow: 4 cards due.\n")
