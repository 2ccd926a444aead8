"""The learner's notes: Markdown headings (``#`` to ``####``) are the sections cards point at."""

from __future__ import annotations

import re
from collections.abc import Sequence
from hashlib import sha256
from typing import NamedTuple

from fmflash.errors import Problem, Severity
from fmflash.suggestions import nearest

_HEADING = re.compile(r"^(#{1,4})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
# Lines that only separate thoughts in the notes ("--") are not content a card could cover.
_SEPARATOR = re.compile(r"^\s*(-{2,}|\*{3,}|_{3,})?\s*$")


class Section(NamedTuple):
    """One heading of the notes and the text up to the next heading."""

    title: str
    level: int
    line: int
    text: str
    parents: tuple[str, ...] = ()

    @property
    def has_text(self) -> bool:
        """Tell whether the section says anything beyond separators and blank lines."""
        return any(not _SEPARATOR.match(line) for line in self.text.splitlines())

    @property
    def fingerprint(self) -> str:
        """Hash the section's text, ignoring trailing spaces and blank-line runs."""
        lines = [line.rstrip() for line in self.text.strip().splitlines()]
        normal = "\n".join(line for line in lines if line)

        return sha256(normal.encode()).hexdigest()[:16]


class Notes(NamedTuple):
    """The parsed notes file: its path (as the user named it) and its sections in order."""

    path: str
    sections: tuple[Section, ...]

    def find(self, title: str) -> Section | None:
        """Return the first section with exactly this heading."""
        for section in self.sections:
            if section.title == title:
                return section
        return None

    def heading(self, title: str) -> str | None:
        """Return the heading written as ``title``, ignoring case (the first of equal ones)."""
        by_lower = {section.title.lower(): section.title for section in reversed(self.sections)}
        return by_lower.get(title.lower())

    def closest(self, title: str, count: int = 3) -> list[str]:
        """Return the headings most like ``title``, best first, case-insensitively."""
        titles = [section.title for section in self.sections]
        by_lower = {t.lower(): t for t in reversed(titles)}
        matches = nearest(title.lower(), by_lower, most=count, cutoff=0.0)
        return [by_lower[m] for m in matches]

    def not_a_heading(self, title: str) -> str:
        """Say that ``title`` is not a heading of the notes, naming the closest ones."""
        closest = ", ".join(f"'{heading}'" for heading in self.closest(title))
        return f"'{title}' is not a heading of {self.path}; closest: {closest}"

    def order_of(self, sections: Sequence[str]) -> list[int]:
        """Return positions into ``sections`` ordered by each one's place in the notes."""
        place: dict[str, int] = {}
        for index, section in enumerate(self.sections):
            place.setdefault(section.title, index)
        return sorted(range(len(sections)), key=lambda i: place.get(sections[i], 0))


def uncovered_sections(notes: Notes, covered: set[str]) -> tuple[Problem, ...]:
    """Warn about each section with text that no card comes from.

    A chapter's top heading and a heading whose text only introduces its subsections say
    nothing a card must ask: they are not warned about.
    """
    return tuple(
        Problem(notes.path, f"section '{section.title}' has text but no card", section.line,
                severity=Severity.WARNING)
        for index, section in enumerate(notes.sections)
        if section.has_text and section.title not in covered
        and not is_top_heading(notes, index) and not introduces_subsections(notes, index)
    )  # fmt: skip


def subsections(notes: Notes, index: int) -> tuple[Section, ...]:
    """Return the sections under a section's heading, at any depth."""
    level = notes.sections[index].level
    under = []
    for section in notes.sections[index + 1 :]:
        if section.level <= level:
            break
        under.append(section)
    return tuple(under)


def is_top_heading(notes: Notes, index: int) -> bool:
    """Tell whether a section is the chapter's top heading: the first, over the others."""
    sections = notes.sections
    return (
        index == 0
        and bool(subsections(notes, 0))
        and sections[0].level == min(section.level for section in sections)
    )


# What an introduction says of itself: "This section focuses on ...".
_INTRODUCTION = re.compile(r"\b(?:this|the next|the following)\s+(?:section|chapter|part)s?\b",
                           re.IGNORECASE)  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# An introduction is short: a longer text teaches something of its own.
INTRODUCTION_SENTENCES = 2


def introduces_subsections(notes: Notes, index: int) -> bool:
    """Tell whether a section's text only introduces its subsections.

    That is a text of at most two sentences, each of which says what the section covers
    ("This section analyzes ...") or names a subsection by a word of its heading that the
    section's own heading and those above it do not have.
    """
    section = notes.sections[index]
    under = subsections(notes, index)
    if not under:
        return False
    prose = " ".join(line.strip() for line in section.text.splitlines()
                     if not _SEPARATOR.match(line))  # fmt: skip
    sentences = [sentence for sentence in _SENTENCE_END.split(prose) if sentence.strip()]
    if not sentences or len(sentences) > INTRODUCTION_SENTENCES:
        return False
    known = {_stem(word) for title in (section.title, *section.parents) for word in _words(title)}
    names = {_stem(word) for other in under for word in _words(other.title)} - known
    return all(
        _INTRODUCTION.search(sentence) or names & {_stem(word) for word in _words(sentence)}
        for sentence in sentences
    )


def _words(text: str) -> list[str]:
    """Return the words of a heading or sentence that can name a topic (4 letters or more)."""
    return [word for word in re.findall(r"[a-z0-9]+", text.lower()) if len(word) >= 4]


def _stem(word: str) -> str:
    """Return a word without a plural ending: "models" and "model" name one topic."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def parse_notes(text: str, *, path: str) -> Notes:
    """Split Markdown notes into sections at each ATX heading outside code fences."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    current: tuple[str, int, int, tuple[str, ...]] | None = None
    body: list[str] = []
    in_fence = False

    def close() -> None:
        if current is not None:
            title, level, line, parents = current
            sections.append(Section(title, level, line, "\n".join(body), parents))

    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match is None:
            body.append(line)
            continue
        close()
        level, title = len(match.group(1)), match.group(2)
        while stack and stack[-1][0] >= level:
            stack.pop()
        current = (title, level, number, tuple(t for _, t in stack))
        stack.append((level, title))
        body = []
    close()
    return Notes(path, tuple(sections))


def slugify(text: str) -> str:
    """Turn text into a lowercase slug of [a-z0-9-]."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
