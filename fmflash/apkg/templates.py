"""Rendering the note types' card templates as Anki does, for previews without Anki (pure).

Covers what fmflash's templates use: ``{{Field}}``, ``{{FrontSide}}``, ``{{#Field}}...{{/Field}}``
and ``{{cloze:Field}}``, with Anki's cloze markup (``cloze``, ``cloze-inactive``, ``data-cloze``,
``data-ordinal``). A test renders every card of the deck here and in the real ``anki`` library
and compares the two.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from fmflash.apkg.notetypes import NOTE_TYPES, NoteKind, NoteType
from fmflash.apkg.render import NoteContent
from fmflash.cards.cloze import Gap, gap_numbers, replace_gaps
from fmflash.cards.markdown import MATH

_SECTION = re.compile(r"\{\{#(\w+)\}\}(.*?)\{\{/\1\}\}", re.DOTALL)
_FIELD = re.compile(r"\{\{(cloze:)?(\w+)\}\}")


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """One card of a note as Anki shows it: template name, question and answer HTML."""

    template: str
    ordinal: int
    question: str
    answer: str


def _attribute(text: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else f"&#x{ord(c):X};" for c in text)


def render_cloze(text: str, ordinal: int, *, question: bool) -> str:
    """Render cloze deletions for one card: its own gap hidden (question) or shown (answer).

    As in Anki, a gap inside math (``\\(...\\)``, ``\\[...\\]``) is plain text, for MathJax to
    typeset: ``[...]`` (or its hint) on the question, its answer otherwise, with no markup.
    """

    def in_math(found: Gap) -> str:
        number, answer, hint = found
        if number == ordinal and question:
            return f"[{hint}]" if hint else "[...]"
        return answer

    text = MATH.sub(lambda math: replace_gaps(math.group(0), in_math), text)

    def gap(found: Gap) -> str:
        number, answer, hint = found
        if number != ordinal:
            return f'<span class="cloze-inactive" data-ordinal="{number}">{answer}</span>'
        if question:
            shown = f"[{hint}]" if hint else "[...]"
            return (
                f'<span class="cloze" data-cloze="{_attribute(answer)}" '
                f'data-ordinal="{number}">{shown}</span>'
            )
        return f'<span class="cloze" data-ordinal="{number}">{answer}</span>'

    return replace_gaps(text, gap)


def render_template(
    template: str, fields: Mapping[str, str], *, ordinal: int = 1, question: bool = True
) -> str:
    """Fill in one side of a card template."""

    def section(match: re.Match[str]) -> str:
        return match.group(2) if fields.get(match.group(1), "").strip() else ""

    def field(match: re.Match[str]) -> str:
        value = fields.get(match.group(2), "")
        return render_cloze(value, ordinal, question=question) if match.group(1) else value

    return _FIELD.sub(field, _SECTION.sub(section, template))


def render_note(content: NoteContent) -> tuple[NoteType, list[RenderedCard]]:
    """Render every card Anki makes from one note."""
    note_type = NOTE_TYPES[content.kind]
    fields = dict(zip(note_type.fields, content.fields, strict=True))
    if content.kind is NoteKind.CLOZE:
        template = note_type.templates[0]
        plan = [(template, number) for number in gap_numbers(fields["Text"])]
    else:
        plan = [(template, index + 1) for index, template in enumerate(note_type.templates)]
    cards = []
    for template, ordinal in plan:
        front = render_template(template.front, fields, ordinal=ordinal, question=True)
        if not front.strip() or front == render_template(template.front, {}, ordinal=ordinal):
            continue  # Anki makes no card whose question would show no field
        back_fields = {**fields, "FrontSide": front}
        back = render_template(template.back, back_fields, ordinal=ordinal, question=False)
        cards.append(RenderedCard(template.name, ordinal, front, back))
    return note_type, cards
