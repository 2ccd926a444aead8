"""The project's one package: named by the root card file, else from its deck's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from fmflash.cards.project import load_project
from fmflash.cards.project_package import default_package
from fmflash.errors import FmflashError

from ..conftest import CARDS, WriteProject


def test_the_package_comes_from_the_project_never_from_a_fixed_name(
    write_project: WriteProject, tmp_path: Path
) -> None:
    assert default_package("AI Engineering::2 Understanding Foundation Models") == (
        "deck/understanding-foundation-models.apkg"
    )
    assert default_package("Spanish") == "deck/spanish.apkg"
    root = write_project(CARDS.replace("cards:\n", "package: out/course.apkg\ncards:\n", 1))
    assert load_project(str(root)).package_path == str(tmp_path / "out" / "course.apkg")


def test_a_renamed_root_deck_does_not_silently_leave_its_record_behind(
    write_project: WriteProject, tmp_path: Path
) -> None:
    (tmp_path / "deck").mkdir()
    (tmp_path / "deck" / "test-deck.record.json").write_text("{}")
    root = write_project(CARDS.replace("name: Test Deck", "name: Renamed"))
    with pytest.raises(FmflashError) as caught:
        load_project(str(root))
    assert str(caught.value) == (
        f"{root}: the card file names no package, and the default one "
        f"({tmp_path / 'deck' / 'renamed.apkg'}) has no build record while "
        f"{tmp_path / 'deck' / 'test-deck'}.record.json exists: it holds every card's "
        "identity in Anki. Keep it by naming its package in this file: package: "
        "deck/test-deck.apkg"
    )
