"""Editing a card from a review: the editor opened at its line, the card read again."""

from __future__ import annotations

import sys
from pathlib import Path

from fmflash.cards.project import load_project
from fmflash.review.terminal.editing import edit_card

from ...conftest import write_formula_course

EDIT_SCRIPT = """\
import pathlib, sys
path = pathlib.Path(sys.argv[2])
path.write_text(path.read_text().replace("Is evaluation easy?", "Is evaluation ever easy?"))
"""


def test_a_chapter_naming_the_root_s_formula_is_read_again_after_an_edit(tmp_path: Path) -> None:
    root = write_formula_course(tmp_path)
    chapter = tmp_path / "ch3" / "cards.yaml"
    card = load_project(str(root)).chapters[1].deck.cards[0]
    script = tmp_path / "edit.py"
    script.write_text(EDIT_SCRIPT, encoding="utf-8")
    environ = {"EDITOR": f"{sys.executable} {script}"}
    edited = edit_card(card, str(chapter), root_path=str(root), environ=environ)
    assert edited.message == f"Read evaluation-hard again from {chapter}."
    assert edited.card is not None
    assert edited.card.front == "Is evaluation ever easy?"  # type: ignore[union-attr]
