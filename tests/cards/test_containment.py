"""Paths a card file gives stay inside the project: no absolute path, no ``..`` or link out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.cards.containment import card_file_path


@pytest.mark.parametrize(
    ("written", "refused"),
    [
        ("deck/notes.md", None),
        ("deck/../notes.md", None),
        ("..", "'..' leads out of the project (the folder of cards.yaml)"),
        ("deck/../../notes.md", "'deck/../../notes.md' leads out of the project (the folder of "
         "cards.yaml)"),
        ("out/notes.md", "'out/notes.md' leads out of the project (the folder of cards.yaml) "
         "through a symbolic link"),
        ("/etc/passwd", "'/etc/passwd' is an absolute path; a card file's paths are relative to "
         "its folder and stay inside the project (the folder of cards.yaml)"),
    ],
)  # fmt: skip
def test_a_card_file_path_stays_inside_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, refused: str | None
) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "out").symlink_to(tmp_path)
    monkeypatch.chdir(tmp_path / "project")
    path, reason = card_file_path("cards.yaml", "cards.yaml", written)
    assert path == (written if written.startswith("/") else os.path.normpath(written))
    if refused is not None and "absolute" not in refused:
        refused += "; a card file's paths stay inside it"
    assert reason == refused


@given(st.lists(st.sampled_from(["a", "b", ".", ".."]), min_size=1, max_size=6))
def test_a_path_leads_out_exactly_when_it_climbs_above_the_project(parts: list[str]) -> None:
    depth, climbed = 1, False  # the card file is in chapter/, one folder below the root
    for part in parts:
        depth += {"..": -1, ".": 0}.get(part, 1)
        climbed = climbed or depth < 0
    written = "/".join(parts)
    _, reason = card_file_path("/course/cards.yaml", "/course/chapter/cards.yaml", written)
    assert (reason is not None) == climbed
