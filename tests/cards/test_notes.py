from __future__ import annotations

from hashlib import sha256

import pytest

from fmflash.cards.notes import (
    Section,
    introduces_subsections,
    is_top_heading,
    parse_notes,
    slugify,
    uncovered_sections,
)
from fmflash.errors import Severity

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


OUTLINE = """\
Intro before any heading.

# Top
## One
### Deep
## Two
#### Deeper
# Next
## Child
##\tTabbed\t##\x20\x20
#NoSpace
  # indented
   ```
# in fence
   ```
~~~
## in tilde
~~~
## After
"""


def test_each_heading_has_its_parents_however_deep_and_after_siblings() -> None:
    notes = parse_notes(OUTLINE, path="n.md")
    assert [(s.title, s.level, s.line, s.parents) for s in notes.sections] == [
        ("Top", 1, 3, ()),
        ("One", 2, 4, ("Top",)),
        ("Deep", 3, 5, ("Top", "One")),
        ("Two", 2, 6, ("Top",)),  # a sibling of One: One is not its parent
        ("Deeper", 4, 7, ("Top", "Two")),
        ("Next", 1, 8, ()),
        ("Child", 2, 9, ("Next",)),
        ("Tabbed", 2, 10, ("Next",)),
        ("After", 2, 19, ("Next",)),
    ]


def test_text_before_the_first_heading_belongs_to_no_section() -> None:
    notes = parse_notes(OUTLINE, path="n.md")
    assert all("Intro" not in section.text for section in notes.sections)
    assert notes.sections[0].text == ""


def test_lines_that_are_not_headings_are_the_sections_text() -> None:
    notes = parse_notes(OUTLINE, path="n.md")
    tabbed = notes.find("Tabbed")
    assert tabbed is not None
    assert tabbed.text == (
        "#NoSpace\n  # indented\n   ```\n# in fence\n   ```\n~~~\n## in tilde\n~~~"
    )
    assert parse_notes("# A\nline 1\n\nline 2\n## B\n", path="n.md").sections[0].text == (
        "line 1\n\nline 2"
    )


@pytest.mark.parametrize(
    ("text", "has_text"),
    [
        ("", False),
        ("\n  \n", False),
        ("--\n---\n***\n___\n", False),
        ("- item", True),
        ("**", True),
        ("word", True),
    ],
)
def test_has_text(text: str, has_text: bool) -> None:
    assert Section("A", 1, 1, text).has_text is has_text


def test_fingerprint_is_the_hash_of_the_text_without_blank_lines() -> None:
    section = parse_notes("# A\n\n  some text  \n\n\nmore\n", path="n.md").sections[0]
    assert section.fingerprint == sha256(b"some text\nmore").hexdigest()[:16]


def test_find_gives_the_first_section_with_exactly_the_title() -> None:
    notes = parse_notes("# Same\n# same\n# Same\n", path="n.md")
    first = notes.find("Same")
    assert first is not None
    assert first.line == 1
    assert notes.find("SAME") is None
    assert notes.closest("SAME") == ["Same"]  # one heading per spelling, the first one


def test_closest_gives_as_many_as_asked() -> None:
    notes = parse_notes(OUTLINE, path="n.md")
    assert notes.closest("top", 2) == ["Top", "Two"]
    assert notes.closest("xyz", 1) == ["Next"]


def test_order_of_sorts_positions_by_the_notes_order() -> None:
    notes = parse_notes("# A\n# B\n# C\n# A\n", path="n.md")
    assert notes.order_of(["C", "A", "unknown", "B"]) == [1, 2, 3, 0]
    assert notes.order_of(["B", "A"]) == [1, 0]  # a repeated heading counts where it first is
    assert notes.order_of([]) == []
    assert notes.order_of(["B", "unknown", "A"]) == [1, 2, 0]  # an unknown one goes first


def test_uncovered_sections_are_the_sections_with_text_and_no_card() -> None:
    notes = parse_notes("# A\ntext a\n# B\n--\n# C\nsee\n# D\nmore\n", path="notes.md")
    found = uncovered_sections(notes, {"C"})
    assert [str(problem) for problem in found] == [
        "notes.md:1: warning: section 'A' has text but no card",
        "notes.md:7: warning: section 'D' has text but no card",
    ]
    assert all(problem.severity is Severity.WARNING for problem in found)
    assert uncovered_sections(notes, {"A", "C", "D"}) == ()


CHAPTER = """\
# 3 Evaluation Methodology
Why evaluation is hard, and the metrics of language modeling.

## Language Modeling Metrics
This section covers the metrics most language models report.

### Entropy
Entropy measures how much information a token carries, in bits.

### Perplexity
Perplexity is 2 to the power of the entropy.

## Exact Evaluation
Exact evaluation produces judgment without ambiguity. Functional correctness and similarity
are its two approaches.

### Functional Correctness
Does the code run and pass the tests?

## Similarity
Covers entropy again.
"""


def test_a_chapters_top_heading_is_not_warned_about() -> None:
    notes = parse_notes(CHAPTER, path="notes.md")
    covered = {"Entropy", "Perplexity", "Functional Correctness", "Similarity"}
    assert [problem.message for problem in uncovered_sections(notes, covered)] == [
        "section 'Exact Evaluation' has text but no card"
    ]
    assert is_top_heading(notes, 0)
    assert not any(is_top_heading(notes, index) for index in range(1, len(notes.sections)))
    # A first heading with nothing under it, or under a higher one, is not the top heading.
    assert not is_top_heading(parse_notes("# A\ntext\n# B\ntext\n", path="n.md"), 0)
    assert not is_top_heading(parse_notes("## A\ntext\n# B\n## C\n", path="n.md"), 0)


def test_a_heading_whose_text_introduces_its_subsections_is_not_warned_about() -> None:
    notes = parse_notes(CHAPTER, path="notes.md")
    titles = [section.title for section in notes.sections]
    introductions = [
        titles[index] for index in range(len(titles)) if introduces_subsections(notes, index)
    ]
    # "This section covers ...": an introduction. 'Exact Evaluation' names its subsection,
    # but its first sentence teaches a fact. 'Similarity' has no subsection.
    assert introductions == ["3 Evaluation Methodology", "Language Modeling Metrics"]


@pytest.mark.parametrize(
    ("text", "introduces"),
    [
        ("Decide what architecture it follows.", True),  # names 'Model Architecture'
        ("This part looks at two questions.", True),
        ("This part has two. The architecture comes first.", True),
        ("Both start here. Then architecture.", False),  # each sentence must introduce
        ("Mixtral 8x7B has 46.7 billion parameters.", False),  # a fact of its own
        ("Models are large.", False),  # 'models' is in its own heading's chapter
        ("Architecture one. Architecture two. Architecture three.", False),  # too long
        ("--\n", False),  # no text
    ],
)
def test_an_introduction_names_the_subsections_or_itself(text: str, introduces: bool) -> None:
    notes = parse_notes(
        f"# Foundation Models\nintro\n## Modeling\n{text}\n### Model Architecture\nx\n"
        "### Model Size\ny\n",
        path="notes.md",
    )
    assert introduces_subsections(notes, 1) is introduces
    covered = {"Model Architecture", "Model Size"}
    warned = [problem.message for problem in uncovered_sections(notes, covered)]
    has_text = notes.sections[1].has_text
    assert warned == ([] if introduces or not has_text else [
        "section 'Modeling' has text but no card"
    ])  # fmt: skip


def test_slugify_trims_separators() -> None:
    assert slugify("--Mixture of Experts (MoE)--") == "mixture-of-experts-moe"
    assert slugify("") == ""


def test_heading_finds_a_title_whatever_its_case() -> None:
    notes = parse_notes("# Model Size\n# Same\n# same\n", path="n.md")
    assert notes.heading("model SIZE") == "Model Size"
    assert notes.heading("SAME") == "Same"  # the first of two spellings
    assert notes.heading("Model") is None
