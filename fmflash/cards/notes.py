"""The learner's notes: Markdown headings (``#`` to ``####``) are the sections cards point at."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from fmflash.errors import Problem, Severity

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
        from hashlib import sha256  # only builds and checks compare fingerprints

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
        import difflib  # only needed for a mistake: loaded then

        titles = [section.title for section in self.sections]
        by_lower = {t.lower(): t for t in reversed(titles)}
        matches = difflib.get_close_matches(title.lower(), list(by_lower), n=count, cutoff=0.0)
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
    """Warn about each section with text that no card comes from."""
    return tuple(
        Problem(notes.path, f"section '{section.title}' has text but no card", section.line,
                severity=Severity.WARNING)
        for section in notes.sections
        if section.has_text and section.title not in covered
    )  # fmt: skip


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
