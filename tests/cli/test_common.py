"""What every command shares: output is text only, whatever a shared course holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmflash.cli import cli

from ..conftest import WriteProject

# What a shared course may hide for the terminal: a window title (OSC 0), the clipboard
# (OSC 52: `rm -rf ~`), a hyperlink (OSC 8), the one-character CSI (U+009B), and text that
# reads backwards (U+202E).
TITLE = "\x1b]0;PWNED\x07"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4K\x07"
LINK = "\x1b]8;;http://evil.example\x1b\\here\x1b]8;;\x1b\\"
CSI = "\x9b31m"
BACKWARDS = "\u202eevil"
# A control character a terminal acts on, anywhere in the output (newline and tab are text).
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)

NOTES = f"""\
# Foundation Models
The transformer architecture dominates.

## Heading {CLIPBOARD} {TITLE}
Sampling is how a model chooses an output.
"""

CARDS = f"""\
deck:
  name: "Course {TITLE}"
  notes: "notes {BACKWARDS}{CSI}.md"
cards:
  - id: question
    section: Foundation Models
    front: "Which {TITLE} architecture {LINK} dominates {CSI} now {BACKWARDS}?"
    back: "The transformer {CLIPBOARD}."
  - id: in-heading
    section: "Heading {CLIPBOARD} {TITLE}"
    front: "What is sampling **{BACKWARDS}**?"
    back: "How a model chooses `{TITLE}`."
chapters:
  - "chapter {TITLE}.yaml"
"""

CHAPTER = f"""\
deck:
  name: "Chapter {CLIPBOARD}"
  notes: "notes {BACKWARDS}{CSI}.md"
cards:
  - id: in-chapter
    section: Foundation Models
    front: "Which {BACKWARDS} architecture?"
    back: "The transformer."
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A project whose cards, notes heading and file names hold terminal controls."""
    (tmp_path / f"notes {BACKWARDS}{CSI}.md").write_text(NOTES, encoding="utf-8")
    cards = tmp_path / f"cards {TITLE}.yaml"
    for path, text in ((cards, CARDS), (tmp_path / f"chapter {TITLE}.yaml", CHAPTER)):
        # As YAML's double-quoted escapes, as a course's author would (YAML refuses them raw).
        for raw in (TITLE, CLIPBOARD, LINK, CSI, BACKWARDS):
            text = text.replace(raw, raw.encode("unicode_escape").decode())
        path.write_text(text, encoding="utf-8")
    return cards


def run(cards: Path, *args: str, keys: str | None = None) -> str:
    options = ["--cards", str(cards)]
    if args[0] in ("stats", "review"):
        options += ["--db", str(cards.parent / "review.db")]
    env = {"FMFLASH_NOW": "2026-03-01T09:00", "SOURCE_DATE_EPOCH": "1764115200"}
    result = CliRunner().invoke(cli, [args[0], *options, *args[1:]], input=keys, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


@pytest.mark.parametrize(
    "command",
    [("check",), ("build",), ("show", "question"), ("show", "in-heading"), ("stats",),
     ("review",)],
)  # fmt: skip
def test_no_control_from_a_course_reaches_the_terminal(
    hostile: Path, command: tuple[str, ...]
) -> None:
    run(hostile, "build", "-o", str(hostile.parent / f"deck {TITLE}.apkg"))
    output = run(hostile, *command, keys="\n5\n\n5\nq\n")
    assert RAW_CONTROL.findall(output) == []
    assert "\\x1b]" in output or "\\u202e" in output  # shown, not dropped silently


def test_a_question_shows_its_controls_as_text(hostile: Path) -> None:
    output = run(hostile, "show", "question")
    assert output.startswith(
        "Question:\n"
        "  Which \\x1b]0;PWNED\\x07 architecture\n"
        "  \\x1b]8;;http://evil.example\\x1b\\here\\x1b]8;;\\x1b\\ dominates \\x9b31m now\n"
        "  \\u202eevil?\n"
    )


def test_an_error_naming_a_file_shows_its_controls_as_text(tmp_path: Path) -> None:
    cards = tmp_path / f"cards {CLIPBOARD}.yaml"
    cards.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--cards", str(cards)])
    assert result.exit_code == 1
    assert RAW_CONTROL.findall(result.output) == []
    assert "cards \\x1b]52;c;cm0gLXJmIH4K\\x07.yaml:1:1: expected a mapping" in result.output


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.mark.parametrize(
    ("name", "value", "why"),
    [("FMFLASH_STATE_DIR", "{tmp}/afile", "it is a file, not a folder"),
     ("FMFLASH_STATE_DIR", "{tmp}/afile/state", "{tmp}/afile is a file, not a folder"),
     ("FMFLASH_STATE_DIR", "/dev/null", "it is a character device, not a folder"),
     ("FMFLASH_CACHE_DIR", "{tmp}/afile", "it is a file, not a folder"),
     ("FMFLASH_CACHE_DIR", "/dev/null/cache", "/dev/null is a character device, not a folder"),
     ("TMPDIR", "{tmp}/afile", "it is a file, not a folder")],
)  # fmt: skip
@pytest.mark.parametrize(
    ("command", "action"),
    [("build", "nothing was written"), ("check", "fix it and run 'fmflash check' again"),
     ("stats", "no statistics"), ("review", "nothing was reviewed")],
)  # fmt: skip
def test_an_unusable_folder_in_the_environment_is_refused_before_any_work(
    write_project: WriteProject, tmp_path: Path, name: str, value: str, why: str,
    command: str, action: str,
) -> None:  # fmt: skip
    cards = write_project()
    (tmp_path / "afile").write_text("a file\n")
    before = files_under(tmp_path)
    value = value.format(tmp=tmp_path)
    env = {name: value, "FMFLASH_NOW": "2026-03-01T09:00", "FMFLASH_DB": str(tmp_path / "r.db")}
    result = CliRunner().invoke(cli, [command, "--cards", str(cards)], env=env)
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: cannot use {name}={value}: {why.format(tmp=tmp_path)}; {action}.\n"
    )
    assert files_under(tmp_path) == before


@pytest.mark.parametrize(
    ("name", "value"),
    [("FMFLASH_NOW", "9999-12-31"), ("FMFLASH_NOW", "9999-12-30"), ("FMFLASH_NOW", "0001-01-01"),
     ("FMFLASH_NOW", "1969-07-20T20:17"), ("SOURCE_DATE_EPOCH", "999999999999999"),
     ("SOURCE_DATE_EPOCH", "-86400")],
)  # fmt: skip
@pytest.mark.parametrize("command", ["build", "stats", "review"])
def test_a_clock_off_the_calendar_is_refused_before_any_work(
    write_project: WriteProject, tmp_path: Path, name: str, value: str, command: str
) -> None:
    cards = write_project()
    before = files_under(tmp_path)
    env = {"FMFLASH_NOW": "2026-03-01T09:00", name: value, "FMFLASH_DB": str(tmp_path / "r.db")}
    result = CliRunner().invoke(cli, [command, "--cards", str(cards)], env=env)
    if name == "SOURCE_DATE_EPOCH" and command != "build":
        assert result.exit_code == 0  # only a build stamps its changes with it
        return
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {name} must be a time between 1970-01-02 and 9899-01-23 (the days fmflash can "
        f"schedule in, with room for the longest interval), not {value!r}; nothing was done.\n"
    )
    assert files_under(tmp_path) == before


def test_a_default_folder_under_a_file_is_named_with_how_to_move_it(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = write_project()
    monkeypatch.delenv("FMFLASH_STATE_DIR")
    (tmp_path / "afile").write_text("a file\n")
    before = files_under(tmp_path)
    env = {"XDG_DATA_HOME": str(tmp_path / "afile")}
    result = CliRunner().invoke(cli, ["build", "--cards", str(cards)], env=env)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: cannot use the state folder {tmp_path}/afile/fmflash/projects: "
        f"{tmp_path}/afile is a file, not a folder (set FMFLASH_STATE_DIR to use another); "
        "nothing was written.\n"
    )
    assert files_under(tmp_path) == before


def test_removed_cards_of_a_hostile_course_are_listed_as_text(hostile: Path) -> None:
    run(hostile, "build")
    text = hostile.read_text(encoding="utf-8")
    hostile.write_text(text[: text.index("  - id: in-heading")] + text[text.index("chapters:") :])
    built = run(hostile, "build")
    assert "in-heading" in built
    listed = CliRunner().invoke(cli, ["removed", "--cards", str(hostile)])
    assert listed.exit_code == 0, listed.output
    assert "in-heading" in listed.output
    assert RAW_CONTROL.findall(built + listed.output) == []


def test_pending_shows_a_hostile_deck_name_as_text_and_its_json_stays_json(
    hostile: Path,
) -> None:
    text = "package: deck/c.apkg\n" + hostile.read_text(encoding="utf-8")
    hostile.write_text(text)
    run(hostile, "build")
    hostile.write_text(text.replace('name: "Course ', 'name: "Renamed \\u202e\\x9b31m '))
    run(hostile, "build")
    listed = CliRunner().invoke(cli, ["pending", "--cards", str(hostile)])
    as_json = CliRunner().invoke(cli, ["pending", "--cards", str(hostile), "--json"])
    assert "Renamed \\u202e\\x9b31m" in listed.output
    assert RAW_CONTROL.findall(listed.output + as_json.output) == []
    assert "Renamed \u202e\x9b31m" in json.dumps(json.loads(as_json.output), ensure_ascii=False)
