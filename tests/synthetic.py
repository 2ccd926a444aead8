"""Synthetic decks of any size for the tests and the benchmark: notes and a card file of N cards."""

from __future__ import annotations

from pathlib import Path

SECTIONS = 50
FORMULA_CASES = [
    ("weights_memory", "{{params: {b}B, bytes_per_param: {p}}}", ("1", "2", "4", "0.5")),
    ("sparse_nonzero", "{{params: {b}B, sparsity: {p}%}}", ("50", "75", "90", "99")),
    ("training_compute", "{{params: {b}B, training_tokens: {p}T}}", ("1", "2", "4", "15")),
]


def notes_text() -> str:
    """Return notes with SECTIONS sections, each with some text."""
    parts = ["# Synthetic Notes", "Intro text.", ""]
    for number in range(SECTIONS):
        parts += [f"## Section {number}", f"Text of section {number}, with a fact or two.", ""]
    return "\n".join(parts)


def cards_text(
    count: int, *, edit: int = 0, prefix: str = "", name: str = "Synthetic", chapters: int = 0
) -> str:
    """Return a card file of about ``count`` cards: 60% Q/A, 25% cloze, 15% computed cases.

    ``edit`` changes the text of one card, as a learner's edit between two builds does.
    ``prefix`` starts every id (ids are unique in a course); ``chapters`` lists that many
    chapter card files, ``chapter-1/cards.yaml`` and on.
    """
    lines = ["deck:", f"  name: {name}", "  notes: notes.md"]
    if chapters:
        lines += ["chapters:"] + [f"  - chapter-{n}/cards.yaml" for n in range(1, chapters + 1)]
    lines.append("cards:")
    computed = count * 15 // 100
    curated = count - computed
    for number in range(curated):
        section = f"Section {number % SECTIONS}"
        extra = f" (edit {edit})" if number == curated // 2 and edit else ""
        if number % 7 < 2:
            lines += [
                f"  - id: {prefix}cloze-{number}",
                f"    section: {section}",
                f"    cloze: Fact {number} says the {{{{c1::answer {number}}}}} is right{extra}.",
                "    tags: [synthetic]",
            ]
        else:
            lines += [
                f"  - id: {prefix}card-{number}",
                f"    section: {section}",
                f"    front: What is the answer to question number {number}?{extra}",
                f"    back: It is answer {number}, as the notes say.",
                "    tags: [synthetic, qa]",
            ]
    lines.append("computed:")
    per_entry = 100
    for entry in range((computed + per_entry - 1) // per_entry):
        formula, template, values = FORMULA_CASES[entry % len(FORMULA_CASES)]
        lines += [
            f"  - id: {prefix}{formula.replace('_', '-')}-{entry}",
            f"    section: Section {entry % SECTIONS}",
            f"    formula: {formula}",
            "    cases:",
        ]
        for case in range(min(per_entry, computed - entry * per_entry)):
            b = entry * per_entry + case + 1
            lines.append("      - " + template.format(b=b, p=values[case % len(values)]))
    return "\n".join(lines) + "\n"


def write_deck(folder: Path, count: int, *, edit: int = 0) -> Path:
    """Write notes.md and cards.yaml for ``count`` cards into ``folder``; return cards.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.md").write_text(notes_text(), encoding="utf-8")
    cards = folder / "cards.yaml"
    cards.write_text(cards_text(count, edit=edit), encoding="utf-8")
    return cards


def write_course(folder: Path, chapters: int, per_chapter: int, *, edit: int = 0) -> Path:
    """Write a course: a root card file and ``chapters - 1`` more, each of ``per_chapter`` cards.

    ``edit`` changes one card of the middle chapter. Returns the root card file.
    """
    for number in range(chapters):
        chapter = folder if number == 0 else folder / f"chapter-{number}"
        chapter.mkdir(parents=True, exist_ok=True)
        _write_if_changed(chapter / "notes.md", notes_text())
        text = cards_text(
            per_chapter,
            edit=edit if number == chapters // 2 else 0,
            prefix=f"ch{number}-",
            name=f"Course::Chapter {number}",
            chapters=chapters - 1 if number == 0 else 0,
        )
        _write_if_changed(chapter / "cards.yaml", text)
    return folder / "cards.yaml"


def _write_if_changed(path: Path, text: str) -> None:
    """Write a file only if its text changes: a learner's edit touches one chapter file."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
