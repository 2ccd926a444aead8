"""Adding a chapter: one line in the root card file, the rest of it kept as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from fmflash.cards.chapters import chapter_card_file, list_chapter
from fmflash.cards.project import load_project
from fmflash.cli import cli
from fmflash.errors import FmflashError

from ..conftest import CARDS, WriteProject

ROOT = """\
# My course: a comment that must survive.
deck:
  name: AI Engineering::2 Foundation Models   # the deck
  notes: notes.md

cards:
  - id: a
    section: S
    front: Q?
    back: A.
"""


def test_a_first_chapter_adds_the_list_before_the_cards() -> None:
    assert list_chapter(ROOT, "ch3/cards.yaml", path="cards.yaml") == ROOT.replace(
        "cards:\n", "chapters:\n  - ch3/cards.yaml\n\ncards:\n"
    )


def test_a_next_chapter_is_one_more_line_in_the_same_style() -> None:
    listed = ROOT.replace("cards:\n", "chapters:\n    - ch3/cards.yaml  # third\ncards:\n")
    assert list_chapter(listed, "ch 4/cards.yaml", path="cards.yaml") == ROOT.replace(
        "cards:\n",
        "chapters:\n    - ch3/cards.yaml  # third\n    - ch 4/cards.yaml\ncards:\n",
    )
    empty = ROOT.replace("cards:\n", "chapters:\ncards:\n")
    assert list_chapter(empty, "ch3/cards.yaml", path="c") == ROOT.replace(
        "cards:\n", "chapters:\n  - ch3/cards.yaml\ncards:\n"
    )


def test_a_flow_list_is_left_to_the_learner() -> None:
    flow = ROOT.replace("cards:\n", "chapters: [ch3/cards.yaml]\ncards:\n")
    with pytest.raises(FmflashError) as caught:
        list_chapter(flow, "ch4/cards.yaml", path="cards.yaml")
    assert str(caught.value) == (
        "cards.yaml:6:1: 'chapters' is not a list of one path a line; add '- ch4/cards.yaml' "
        "to it by hand"
    )


def invoke(*args: str, cards: Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["chapter", "add", "--cards", str(cards), *args])


def test_chapter_add_creates_the_notes_and_card_file_and_lists_it(
    write_project: WriteProject, tmp_path: Path
) -> None:
    root = write_project(CARDS.replace("Test Deck", "Course::2 Models"))
    before = root.read_text()
    notes = tmp_path / "chapters" / "03" / "notes.md"
    result = invoke("3 Evaluation", "--notes", str(notes), cards=root)
    assert result.exit_code == 0, result.output
    chapter = tmp_path / "chapters" / "03" / "cards.yaml"
    assert result.stdout == (
        f"Created {notes}, with the heading '# 3 Evaluation'.\n"
        f"Created {chapter}: deck 'Course::3 Evaluation', no cards yet.\n"
        f"Listed it in {root}: chapters: - chapters/03/cards.yaml\n"
        f"Next: write the notes, add cards to {chapter}, then fmflash check and fmflash build.\n"
    )
    assert notes.read_text() == "# 3 Evaluation\n"
    assert root.read_text() == before.replace(
        "cards:\n", "chapters:\n  - chapters/03/cards.yaml\n\ncards:\n", 1
    )
    project = load_project(str(root), with_package=False)
    assert [c.deck.name for c in project.chapters] == ["Course::2 Models", "Course::3 Evaluation"]
    assert project.chapters[1].deck.notes.path == str(notes)


def test_chapter_add_keeps_existing_notes_and_overwrites_nothing(
    write_project: WriteProject, tmp_path: Path
) -> None:
    root = write_project()
    notes = tmp_path / "ch3" / "notes.md"
    notes.parent.mkdir()
    notes.write_text("# Evaluation\nMy notes.\n")
    assert invoke("3 Evaluation", "--notes", str(notes), cards=root).exit_code == 0
    assert notes.read_text() == "# Evaluation\nMy notes.\n"
    # A second add of the same notes names its card file after them, which is not there yet.
    (tmp_path / "ch3" / "notes.cards.yaml").write_text("kept\n")
    listed = root.read_text()
    again = invoke("3 Evaluation again", "--notes", str(notes), cards=root)
    assert again.exit_code == 1
    assert again.stderr == (
        f"{tmp_path / 'ch3' / 'notes.cards.yaml'}: already exists; nothing was written. Is "
        "this chapter listed already? Otherwise give its notes another name\n"
        "Error: 1 error found; nothing was written.\n"
    )
    same_deck = invoke("3 Evaluation", "--notes", str(tmp_path / "ch4" / "n.md"), cards=root)
    assert same_deck.exit_code == 1
    assert "deck '3 Evaluation' is the deck of" in same_deck.stderr
    assert root.read_text() == listed
    assert (tmp_path / "ch3" / "notes.cards.yaml").read_text() == "kept\n"
    assert not (tmp_path / "ch4").exists()


def test_chapters_sharing_a_folder_get_card_files_named_after_their_notes(
    write_project: WriteProject, tmp_path: Path
) -> None:
    root = write_project(CARDS.replace("Test Deck", "Course::2 Models"))
    for number, name in (("03", "3 Evaluation"), ("04", "4 Systems")):
        notes = tmp_path / f"{number}-notes.md"
        result = invoke(name, "--notes", str(notes), cards=root)
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"{number}-notes.cards.yaml").exists()
    assert root.read_text().count("-notes.cards.yaml") == 2
    project = load_project(str(root), with_package=False)
    assert [c.deck.name for c in project.chapters] == [
        "Course::2 Models",
        "Course::3 Evaluation",
        "Course::4 Systems",
    ]
    assert not (tmp_path / "cards.yaml.cards.yaml").exists()


AWKWARD = ["null", "~", "yes", "3.0", "a # b", "x: y", "  lead", "trail  ", "'q'", '"dq"',
           "- item", "[list]", "{map}", "*star", "&anchor", "!tag", "%percent", "@at", "`tick",
           "é ü", "a\u00a0b", "tab\there", "back\\slash"]  # fmt: skip
ONE_LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1)


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_names_and_paths_read_back_as_written(text: str) -> None:
    chapter = yaml.safe_load(chapter_card_file(text, f"Course::{text}", f"{text}.md"))
    assert chapter["deck"] == {"name": f"Course::{text}", "notes": f"{text}.md"}
    listed = yaml.safe_load(list_chapter(ROOT, text, path="cards.yaml"))
    assert listed["chapters"] == [text]


@given(ONE_LINE)
def test_any_one_line_text_reads_back_as_written(text: str) -> None:
    chapter = yaml.safe_load(chapter_card_file(text, text, text))
    assert chapter["deck"] == {"name": text, "notes": text}
    assert yaml.safe_load(list_chapter(ROOT, text, path="cards.yaml"))["chapters"] == [text]


def test_a_crlf_root_file_stays_crlf() -> None:
    crlf = ROOT.replace("\n", "\r\n")
    assert list_chapter(crlf, "ch3/cards.yaml", path="cards.yaml") == crlf.replace(
        "cards:\r\n", "chapters:\r\n  - ch3/cards.yaml\r\n\r\ncards:\r\n"
    )
    listed = crlf.replace("cards:\r\n", "chapters:\r\n  - ch3/cards.yaml\r\ncards:\r\n")
    assert list_chapter(listed, "ch4/cards.yaml", path="cards.yaml") == crlf.replace(
        "cards:\r\n", "chapters:\r\n  - ch3/cards.yaml\r\n  - ch4/cards.yaml\r\ncards:\r\n"
    )


@pytest.mark.parametrize(
    ("name", "notes", "refused"),
    [("3 Eval\n  extra:", "ch/notes.md",
      "Invalid value for 'NAME': a chapter's name is one line of text: no line break or "
      "control character"),
     ("3 Eval", "ch/no\ntes.md",
      "Invalid value for '--notes': the notes path is one line of text: no line break or "
      "control character"),
     ("3 Eval", "cards.yaml",
      "Invalid value for '--notes': the notes are a Markdown file (.md), not cards.yaml"),
     ("3 Eval", "ch/notes.txt",
      "Invalid value for '--notes': the notes are a Markdown file (.md), not notes.txt")],
)  # fmt: skip
def test_chapter_add_refuses_what_it_cannot_write_as_meant(
    write_project: WriteProject, tmp_path: Path, name: str, notes: str, refused: str
) -> None:
    root = write_project()
    before = sorted(tmp_path.rglob("*")), root.read_bytes()
    result = invoke(name, "--notes", notes, cards=root)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: {refused}\n")
    assert (sorted(tmp_path.rglob("*")), root.read_bytes()) == before


def test_chapter_add_lists_awkward_names_that_load_back(
    write_project: WriteProject, tmp_path: Path
) -> None:
    root = write_project()
    root.write_bytes(root.read_bytes().replace(b"\n", b"\r\n"))
    for name in ("null", "~", "a # b", "x: y", "  lead", "yes"):
        notes = tmp_path / "ch" / f"{name}.md"
        assert invoke(name, "--notes", str(notes), cards=root).exit_code == 0, name
    assert b"\n" not in root.read_bytes().replace(b"\r\n", b"")  # CRLF throughout
    project = load_project(str(root), with_package=False)
    assert [chapter.deck.name for chapter in project.chapters[1:]] == [
        "null", "~", "a # b", "x: y", "lead", "yes"  # a name's spaces are trimmed; a file's kept
    ]  # fmt: skip
    assert [os.path.basename(c.deck.notes.path) for c in project.chapters[1:]] == [
        "null.md", "~.md", "a # b.md", "x: y.md", "  lead.md", "yes.md"
    ]  # fmt: skip
