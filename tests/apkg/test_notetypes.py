"""Pins the note types: Anki refuses to update notes whose note type changed its schema.

If a test here fails, you changed a note type. Field or template *names* must never change
(Anki would stop updating existing notes). Template or CSS changes are allowed: update the
pinned hash below and say so in docs/note-types.md and the commit message.
"""

from __future__ import annotations

from fmflash.apkg.notetypes import (
    BASIC,
    CLOZE,
    NOTE_TYPES,
    NUMERIC,
    PRACTICE,
    NoteKind,
    note_schema_hash,
    note_types_hash,
    package_note_types,
    schema_of,
)


def test_schemas_are_pinned() -> None:
    assert schema_of(BASIC) == (
        ("Front", "Back", "Section", "Id", "Reverse"),
        ("Forward", "Reverse"),
    )
    assert schema_of(CLOZE) == (("Text", "Extra", "Section", "Id"), ("Cloze",))
    assert schema_of(NUMERIC) == (("Question", "Answer", "Working", "Section", "Id"), ("Numeric",))
    assert schema_of(PRACTICE) == (
        ("Question", "Answer", "Working", "Cases", "Section", "Id"),
        ("Practice",),
    )


def test_ids_and_names_are_pinned() -> None:
    assert [(t.id, t.name) for t in NOTE_TYPES.values()] == [
        (1_607_392_319_101, "fmflash Basic (optional reverse)"),
        (1_607_392_319_102, "fmflash Cloze"),
        (1_607_392_319_103, "fmflash Numeric"),
        (1_607_392_319_104, "fmflash Practice"),
    ]


def test_templates_and_css_are_pinned() -> None:
    assert note_types_hash() == "e98f39535d82b000"
    assert note_types_hash((PRACTICE,)) == "c04447c450ce2ea9"


def test_a_package_carries_the_practice_type_only_with_practice_notes() -> None:
    assert package_note_types([NoteKind.BASIC, NoteKind.NUMERIC]) == (BASIC, CLOZE, NUMERIC)
    assert package_note_types([NoteKind.PRACTICE]) == (BASIC, CLOZE, NUMERIC, PRACTICE)
    # Adding the practice type renames nothing: the schema hash is today's.
    assert note_schema_hash() == "d5e2d51f1266c490"


def test_every_back_shows_section_and_id() -> None:
    for note_type in NOTE_TYPES.values():
        for template in note_type.templates:
            assert "{{Section}}" in template.back
            assert "{{Id}}" in template.back
