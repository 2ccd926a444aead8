"""Commands load only what they use: no genanki unless building, no YAML unless parsing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import CARDS, WriteProject

PROBE = """
import json, sys
from fmflash.cli import main
watched = json.loads(sys.argv[2])
sys.argv = ["fmflash", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
found = [w for w in watched if any(n == w or n.startswith(w + ".") for n in sys.modules)]
print(json.dumps(sorted(found)), file=sys.stderr)
"""


HEAVY = ("yaml", "genanki", "sqlite3", "markdown_it")


def loaded(*args: str, stdin: str = "", watched: tuple[str, ...] = HEAVY) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(watched)],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "FMFLASH_NOW": "2026-03-01T09:00", "NO_COLOR": "1"},
        check=True,
    )
    return list(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.fixture
def project(write_project: WriteProject, tmp_path: Path) -> list[str]:
    cards = write_project(CARDS.replace("back: 14 GB.", "back: '**14 GB**, at least.'"))
    return ["--cards", str(cards)]


def test_help_loads_none(project: list[str]) -> None:
    assert loaded("--help") == []
    assert loaded("review", "--help") == []


def test_formulas_and_calc_load_neither_yaml_nor_genanki() -> None:
    assert loaded("calc", "weights_memory", "params=7B", "bytes_per_param=2") == []


def test_check_parses_yaml_and_markdown_but_never_loads_genanki(project: list[str]) -> None:
    assert loaded("check", *project, "--package", "none.apkg") == ["markdown_it", "yaml"]


def test_review_of_an_unchanged_card_file_skips_yaml(project: list[str], tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "review.db")]
    first = loaded("review", *project, *db, stdin="q\n")
    assert first == ["markdown_it", "sqlite3", "yaml"]  # the first parse renders the Markdown
    assert loaded("review", *project, *db, stdin="q\n") == ["sqlite3"]  # from the cache
    assert loaded("stats", *project, *db) == ["sqlite3"]
    assert loaded("show", *project, "weights-memory") == []


def test_review_after_a_build_reads_identities_without_the_writer_or_hashing(
    project: list[str], tmp_path: Path
) -> None:
    loaded("build", *project)
    db = ["--db", str(tmp_path / "review.db")]
    old = time.time() - 60  # files changed just now are checked by their text, not their time
    for path in tmp_path.rglob("*"):
        os.utime(path, (old, old))
    loaded("review", *project, *db, stdin="q\n")  # the first review fills the caches
    writing = ("fmflash.apkg", "hashlib")  # (the probe itself loads json)
    assert loaded("review", *project, *db, stdin="q\n", watched=writing) == []
    assert loaded("stats", *project, *db, watched=writing) == []


def test_review_loads_the_terminal_only_to_show_a_card(project: list[str], tmp_path: Path) -> None:
    review = ["review", *project, "--db", str(tmp_path / "review.db")]
    terminal = ("fmflash.review.terminal.reviewer",)
    assert loaded(*review, "--new", "0", stdin="q\n", watched=terminal) == []  # nothing to show
    assert loaded(*review, stdin="q\n", watched=terminal) == list(terminal)


def test_only_build_loads_genanki(project: list[str], tmp_path: Path) -> None:
    assert "genanki" in loaded("build", *project, "-o", str(tmp_path / "d.apkg"))
