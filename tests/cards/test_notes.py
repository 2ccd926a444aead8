from __future__ import annotations

from fmflash.cards.notes import parse_notes, slugify

from ..conftest import NOTES


def test_headings_one_to_four_become_sections_with_lines_and_parents() -> None:
    notes = parse_notes(NOTES, path="notes.md")
    assert [(s.title, s.level, s.line) for s in notes.sections] == [
        ("Foundation Models", 1, 1),
        ("Model Size", 2, 4),
        ("Mixture of Experts", 3, 9),
        ("Sampling", 2, 12),
        ("Empty Heading", 2, 15),
    ]
    assert notes.sections[2].parents == ("Foundation Models", "Model Size")


def test_section_text_runs_to_the_next_heading_of_any_level() -> None:
    notes = parse_notes(NOTES, path="notes.md")
    size = notes.find("Model Size")
    assert size is not None
    assert "14 GB" in size.text
    assert "Mixtral" not in size.text


def test_separator_only_sections_have_no_text() -> None:
    notes = parse_notes(NOTES, path="notes.md")
    assert [s.title for s in notes.sections if not s.has_text] == ["Empty Heading"]


def test_fifth_level_headings_and_code_fences_are_not_sections() -> None:
    text = "# Top\n##### Too deep\n```\n# not a heading\n```\n## Closing ##\n"
    notes = parse_notes(text, path="n.md")
    assert [s.title for s in notes.sections] == ["Top", "Closing"]


def test_closest_headings_are_ranked_case_insensitively() -> None:
    notes = parse_notes(NOTES, path="notes.md")
    assert notes.closest("model sise")[0] == "Model Size"


def test_fingerprint_ignores_trailing_space_but_not_words() -> None:
    a = parse_notes("# A\nsome text\n", path="n.md").sections[0]
    b = parse_notes("# A\nsome text   \n\n", path="n.md").sections[0]
    c = parse_notes("# A\nother text\n", path="n.md").sections[0]
    assert a.fingerprint == b.fingerprint != c.fingerprint


def test_slugify() -> None:
    assert slugify("2 Understanding Foundation Models") == "2-understanding-foundation-models"
    assert slugify("Domain-Specific Models!") == "domain-specific-models"


def test_a_title_that_is_not_a_heading_is_said_with_the_closest_headings() -> None:
    notes = parse_notes("# Model Size\n\n## Sampling\n\n## Sparsity\n", path="notes.md")
    assert notes.not_a_heading("Samplng") == (
        "'Samplng' is not a heading of notes.md; closest: 'Sampling', 'Sparsity', 'Model Size'"
    )
