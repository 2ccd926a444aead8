"""The learner's notes and cards are data, not code under test: editing them breaks no test.

The README's workflow is to edit ``deck/notes.md`` and ``cards.yaml``. This copies the project,
does exactly that (a sentence of the notes edited, a card added), and runs the whole suite in
the copy: it must pass as it does here. The real deck is checked by ``fmflash check --strict``
and ``fmflash build --check`` in ``.ci/run``, never by assertions on its content.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fmflash.cards.load import load_deck

ROOT = Path(__file__).resolve().parents[1]
INNER = "FMFLASH_INNER_SUITE"
LEFT_OUT = shutil.ignore_patterns(
    ".git", ".venv", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "build"
)


def edit_a_notes_sentence(notes: Path) -> None:
    """Change the last sentence of the notes that is not a heading."""
    lines = notes.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(lines) if line.strip() and not line.startswith("#"))
    lines[last] = lines[last].rstrip() + " (edited by the learner)"
    notes.write_text("\n".join(lines) + "\n", encoding="utf-8")


def add_a_card(cards: Path, section: str) -> None:
    """Add a valid question/answer card as the first item of the cards: list."""
    text = cards.read_text(encoding="utf-8")
    found = re.search(r"^cards:[^\n]*\n(?:(?:\s*#.*|\s*)\n)*(?P<indent>\s*)- ", text, re.MULTILINE)
    assert found is not None, "the card file has no cards: list"
    indent = found.group("indent")
    card = (
        f"{indent}- id: added-by-the-learner\n"
        f"{indent}  section: {section!r}\n"
        f"{indent}  front: What did the learner add?\n"
        f"{indent}  back: A card of their own.\n"
    )
    at = found.start("indent")
    cards.write_text(text[:at] + card + text[at:], encoding="utf-8")


@pytest.mark.skipif(bool(os.environ.get(INNER)), reason="this is the copy's own run")
def test_the_suite_passes_after_the_learner_edits_notes_and_cards(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=LEFT_OUT)
    deck = load_deck(str(copy / "cards.yaml"), use_cache=False)
    edit_a_notes_sentence(Path(deck.notes.path))
    add_a_card(copy / "cards.yaml", deck.cards[0].section)
    edited = load_deck(str(copy / "cards.yaml"), use_cache=False)
    assert "added-by-the-learner" in {card.id for card in edited.cards}
    assert edited.notes != deck.notes

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests"],
        cwd=copy,
        env={**os.environ, INNER: "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
