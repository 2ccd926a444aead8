"""Adding a chapter to a course: its notes, its card file, and its line in the root card file.

The root card file is edited as text, not rewritten: one line is added to its ``chapters:``
list (or the list is added before ``cards:``), so its comments and layout stay as they were.
Nothing that exists is ever overwritten.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from typing import NamedTuple

import yaml

from fmflash.cards.containment import leads_out
from fmflash.cards.parse_yaml import compose
from fmflash.cards.project import load_project
from fmflash.errors import FmflashError
from fmflash.files.atomic import Content
from fmflash.files.reading import read_text
from fmflash.files.together import write_together

CHAPTER_CARDS = "cards.yaml"
NOTES_SUFFIXES = (".md", ".markdown")
# What a name or a path written on one line of YAML may not hold: line breaks and controls.
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class NewChapter(NamedTuple):
    """What adding a chapter wrote."""

    notes_path: str
    # False when the notes file existed and was kept as it was.
    notes_created: bool
    cards_path: str
    deck_name: str
    # The chapter's path as the root card file lists it.
    listed_as: str


def chapter_card_file(name: str, deck_name: str, notes_name: str) -> str:
    """Return the text of a new chapter's card file: its deck, its notes, no cards yet."""
    return (
        f"# Cards for {json.dumps(name, ensure_ascii=False)}, drawn from {notes_name}. The card\n"
        "# format is the root card file's; check with `fmflash check`.\n"
        "\n"
        "deck:\n"
        f"  name: {_yaml_text(deck_name)}\n"
        f"  notes: {_yaml_text(notes_name)}\n"
        "\n"
        "cards:\n"
    )


def _yaml_text(text: str) -> str:
    """Write one line of text as a YAML scalar that reads back as the same string.

    PyYAML chooses: plain where that reads back the same, quoted for ``null``, ``~``, ``yes``,
    ``3.0``, a ``#`` or ``: `` inside, spaces at either end, and escapes what YAML cannot hold.
    """
    dumped = yaml.safe_dump({"k": text}, allow_unicode=True, width=1 << 30)
    return dumped.removeprefix("k: ").removesuffix("\n")


def list_chapter(root_text: str, listed_as: str, *, path: str) -> str:
    """Return the root card file's text with one more chapter in ``chapters:``; the rest kept."""
    root = compose(root_text, path=path)
    if not isinstance(root, yaml.MappingNode):
        raise FmflashError.at(path, "the card file is not a mapping; fix it first")
    entry = _yaml_text(listed_as)
    # The file's own line ending: a CRLF file stays CRLF.
    end = "\r\n" if "\r\n" in root_text else "\n"
    lines = root_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += end
    nodes = {getattr(key, "value", None): (key, value) for key, value in root.value}
    if "chapters" in nodes:
        key, value = nodes["chapters"]
        if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
            last = value.value[-1]
            line = lines[last.start_mark.line]
            prefix = line[: last.start_mark.column]
            lines.insert(last.end_mark.line + (last.end_mark.column > 0), f"{prefix}{entry}{end}")
            return "".join(lines)
        if getattr(value, "tag", "").endswith(":null") and key.start_mark.column == 0:
            number = key.start_mark.line
            lines[number] = f"chapters:{end}  - {entry}{end}"
            return "".join(lines)
        raise FmflashError.at(
            path,
            f"'chapters' is not a list of one path a line; add '- {entry}' to it by hand",
            key.start_mark.line + 1,
            key.start_mark.column + 1,
        )
    before = nodes["cards"][0].start_mark.line if "cards" in nodes else len(lines)
    lines.insert(before, f"chapters:{end}  - {entry}{end}{end}")
    return "".join(lines)


def chapter_cards_path(notes_path: str) -> str:
    """Return where a new chapter's card file goes: beside its notes (I/O: looks at the folder).

    A folder of its own gets ``cards.yaml``; in a folder that holds other files (the root's
    ``deck/``, say, or other chapters' notes) the card file is named after the notes file
    (``03-evaluation.md`` -> ``03-evaluation.cards.yaml``), so several chapters can share it.
    """
    folder = os.path.dirname(notes_path)
    listing = os.listdir(folder or ".") if os.path.isdir(folder or ".") else []
    if not set(listing) - {os.path.basename(notes_path)}:
        return os.path.join(folder, CHAPTER_CARDS)
    stem = os.path.splitext(os.path.basename(notes_path))[0]
    return os.path.join(folder, f"{stem}.{CHAPTER_CARDS}")


def add_chapter(
    root_path: str,
    name: str,
    notes_path: str,
    *,
    will_write: Callable[[list[str]], None] | None = None,
) -> NewChapter:
    """Create a chapter beside its notes and list it in the root card file (I/O).

    The notes file is created with ``name`` as its top heading if it is missing; the
    chapter's card file goes beside them (``chapter_cards_path``); its deck sits beside the root
    deck (``AI Engineering::NAME``). The files are written together: all, or none.
    ``will_write`` is told them first.
    """
    name = name.strip()
    if not name:
        raise FmflashError.at(root_path, "the chapter needs a name")
    if _NOT_ONE_LINE.search(name):
        raise FmflashError.of_option(
            "NAME", "a chapter's name is one line of text: no line break or control character"
        )
    if _NOT_ONE_LINE.search(notes_path):
        raise FmflashError.of_option(
            "--notes", "the notes path is one line of text: no line break or control character"
        )
    if not notes_path.lower().endswith(NOTES_SUFFIXES):
        raise FmflashError.of_option(
            "--notes", f"the notes are a Markdown file (.md), not {os.path.basename(notes_path)}"
        )
    project = load_project(root_path, with_package=False)
    way_out = leads_out(root_path, notes_path)
    if way_out is not None:
        raise FmflashError.at(
            notes_path,
            f"{way_out}; a chapter's notes and card file go inside it, where the root card "
            "file can list them",
        )
    card_files = {os.path.abspath(root_path)} | {os.path.abspath(c.path) for c in project.chapters}
    if os.path.abspath(notes_path) in card_files:
        raise FmflashError.of_option("--notes", f"{notes_path} is a card file, not notes")
    created = not os.path.lexists(notes_path)
    if not created:
        read_text(notes_path)  # notes kept as they are must be a regular, readable text file
    cards_path = chapter_cards_path(notes_path)
    root_folder = os.path.dirname(os.path.abspath(root_path))
    listed_as = os.path.relpath(os.path.abspath(cards_path), root_folder).replace(os.sep, "/")
    parent = project.chapters[0].deck.name.rpartition("::")[0]
    deck_name = f"{parent}::{name}" if parent else name
    if os.path.lexists(cards_path):
        raise FmflashError.at(
            cards_path,
            "already exists; nothing was written. Is this chapter listed already? "
            "Otherwise give its notes another name",
        )
    taken = {chapter.deck.name: chapter.path for chapter in project.chapters}
    if deck_name in taken:
        raise FmflashError.at(
            root_path,
            f"deck '{deck_name}' is the deck of {taken[deck_name]} already; nothing was written",
        )
    root_text = read_text(root_path)
    new_root = list_chapter(root_text, listed_as, path=root_path)
    notes_name = os.path.basename(notes_path)
    files: list[tuple[str, bytes, Content | None]] = [
        *([(notes_path, f"# {name}\n".encode(), None)] if created else []),
        (cards_path, chapter_card_file(name, deck_name, notes_name).encode(), None),
        (root_path, new_root.encode(), None),
    ]
    if will_write is not None:
        will_write([path for path, _, _ in files])
    write_together(files)  # the three files, or (on any failure) none of them
    return NewChapter(notes_path, created, cards_path, deck_name, listed_as)
