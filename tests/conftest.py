"""Shared fixtures: small projects (notes + card file) written into tmp_path."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check behaviour, not speed: no per-example deadline on a busy CI machine.
settings.register_profile("fmflash", deadline=None)
settings.load_profile("fmflash")

NOTES = """\
# Foundation Models
The transformer architecture dominates.

## Model Size
A 7B model at 2 bytes per parameter needs 14 GB.

--

### Mixture of Experts
Mixtral 8x7B has 46.7 billion parameters.

## Sampling
Sampling is how a model chooses an output.

## Empty Heading
--
"""

CARDS = """\
deck:
  name: Test Deck
  notes: notes.md
cards:
  - id: transformer-dominates
    section: Foundation Models
    cloze: The {{c1::transformer}} architecture dominates.
  - id: weights-memory
    section: Model Size
    front: How much memory do 7B parameters at 2 bytes need?
    back: 14 GB.
    tags: [memory]
  - id: mixtral-total
    section: Mixture of Experts
    front: How many parameters does Mixtral 8x7B have?
    back: 46.7 billion.
    reverse: true
  - id: sampling-definition
    section: Sampling
    front: What is sampling?
    back: How a model chooses an output.
"""

# Every kind of card and value the card file allows, for tests that compare whole decks
# (preview, templates, chunked parsing): the learner's own deck is data, never a fixture.
RICH_CARDS = (
    CARDS
    + """\
  # a comment between cards
  - id: cloze-with-hint
    section: Foundation Models
    cloze: "The {{c1::transformer::architecture}} uses {{c2::attention}}; {{c3::50%}} is fine."
    extra: Shown under the answer.
  - id: special-characters
    section: Sampling
    front: |
      What does <script>alert(1)</script> & "quotes" show?
      A second line.
    back: 46.70
    tags: [literal, html]
  - id: markdown
    section: Sampling
    cloze: |
      **{{c1::Sampling::a step}}** picks *one* output; see `top_p`:
      - {{c2::temperature}} \\(T\\)
      - [a link](https://example.com)

      \\[p_i = e^{z_i / T}\\]
    extra: "**Extra** with `code`"
  - id: folded
    section: Model Size
    front: >-
      A folded question
      over two lines?
    back: yes
    reverse: true
computed:
  - id: memory
    section: Model Size
    formula: weights_memory
    tags: [memory]
    cases:
      - {params: 7B, bytes_per_param: 2}
      - {params: 70B, bytes_per_param: int4}
  - id: time
    section: Mixture of Experts
    formula: training_time
    cases:
      - {compute: 3.15e23, accelerators: 1024, peak_flops: 312T, utilization: 50%}
"""
)

# A practice card (one note, a case drawn at each review) after the basic cards.
PRACTICE_CARDS = CARDS + (
    "computed:\n"
    "  - id: weights-practice\n"
    "    section: Model Size\n"
    "    formula: weights_memory\n"
    "    practice:\n"
    "      params: [1B, 3B, 7B, 8B, 13B, 70B, 405B]\n"
    "      bytes_per_param: [fp32, fp16, int4]\n"
)

# A practice card whose answer is a rating word (okay, great), not a number: the deck's grid.
UTILIZATION_CARDS = CARDS + (
    "computed:\n"
    "  - id: utilization-practice\n"
    "    section: Model Size\n"
    "    formula: utilization\n"
    "    show_rule: true\n"
    "    practice:\n"
    "      achieved_flops: [160T, 165T, 170T, 175T, 180T, 185T, 190T, 195T, 200T, 205T, 210T,"
    " 215T, 220T, 225T, 230T]\n"
    "      peak_flops: [275T, 312T]\n"
)

# A formula the learner declares, and a practice card of it in a section of its own.
PERPLEXITY_FORMULA = """\
formulas:
  - name: perplexity
    rule: Perplexity = 2 to the power of the entropy in bits per token
    inputs:
      entropy: {unit: bits, min: 0, max: 20, example: 3}
    result: {expression: "2 ** entropy", unit: number}
    question: What is the perplexity of a language model whose entropy is {entropy} per token?
"""
PERPLEXITY_NOTES = NOTES + "\n## Perplexity\nPerplexity measures how surprised a model is.\n"
PERPLEXITY_CARDS = CARDS.replace("cards:\n", PERPLEXITY_FORMULA + "cards:\n", 1) + (
    "computed:\n"
    "  - id: perplexity-practice\n"
    "    section: Perplexity\n"
    "    formula: perplexity\n"
    "    show_rule: true\n"
    "    practice: {entropy: [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9,\n"
    "                         9.5, 10, 10.5, 11]}\n"
)
# A chapter whose practice card names the formula the root card file declares.
CHAPTER_NOTES = """\
# Evaluation
Evaluation is hard.

## Metrics
Perplexity measures how surprised a model is.
"""
# A chapter card file with its notes (CHAPTER_NOTES) in a folder of its own.
CHAPTER = """\
deck:
  name: Course::3 Evaluation
  notes: notes.md
cards:
  - id: evaluation-hard
    section: Evaluation
    front: Is evaluation easy?
    back: No, it is hard.
  - id: perplexity
    section: Metrics
    cloze: "{{c1::Perplexity}} measures surprise."
"""
FORMULA_CHAPTER = (
    CHAPTER
    + """\
computed:
  - id: chapter-perplexity
    section: Metrics
    formula: perplexity
    practice: {entropy: [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9,
                         9.5, 10, 10.5, 11]}
"""
)


def write_formula_course(
    folder: Path, chapter: str = FORMULA_CHAPTER, root: str = "", *, in_chapter: bool = False
) -> Path:
    """Write a root card file declaring perplexity and chapter ch3 using it; give the root.

    ``root`` replaces the root card file's text (its notes stay). ``in_chapter`` turns the
    course round: the chapter declares perplexity, and a case of the root names it.
    """
    if in_chapter:
        chapter = chapter.replace("cards:\n", PERPLEXITY_FORMULA + "cards:\n", 1)
        root = CARDS.replace("cards:\n", "chapters:\n  - ch3/cards.yaml\ncards:\n", 1) + (
            "computed:\n"
            "  - id: root-perplexity\n"
            "    section: Sampling\n"
            "    formula: perplexity\n"
            "    cases: [{entropy: 3}]\n"
        )
    (folder / "ch3").mkdir(exist_ok=True)
    (folder / "ch3" / "notes.md").write_text(CHAPTER_NOTES, encoding="utf-8")
    (folder / "ch3" / "cards.yaml").write_text(chapter, encoding="utf-8")
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    path = folder / "cards.yaml"
    listed = PERPLEXITY_FORMULA + "chapters:\n  - ch3/cards.yaml\ncards:\n"
    path.write_text(root or CARDS.replace("cards:\n", listed, 1), encoding="utf-8")
    return path


# A formula with units: the memory of a KV cache, in bytes.
KV_CACHE_FORMULA = """\
formulas:
  - name: kv_cache
    rule: KV cache = 2 x layers x hidden size x context length x bytes per value
    inputs:
      layers: {unit: count, min: 1, whole: true, example: 32}
      hidden: {unit: count, min: 1, whole: true, example: 4096}
      context: {unit: tokens, min: 1, example: 4096}
      bytes_per_value: {unit: bytes per parameter, example: 2}
    result: {expression: 2 * layers * hidden * context * bytes_per_value, unit: bytes}
    question: How much memory, in GB, does the KV cache of {layers} layers of size {hidden}
      take for {context} tokens at {bytes_per_value} per value?
"""
# Expressions a shared course might try: each must be refused, and run nothing.
HOSTILE_EXPRESSIONS = (
    "__import__('os').system('touch PWNED')",
    "().__class__",
    "entropy.real",
    "[x for x in (1,)]",
    "lambda: 1",
    "open('cards.yaml')",
    "10 ** 10 ** 10",
    "9 ** 9 ** 9 ** 9",
    "entropy if entropy else 1",
    "'a' * 10**9",
)

WriteProject = Callable[..., Path]


@pytest.fixture
def write_project(tmp_path: Path) -> WriteProject:
    """Return a function writing notes.md and cards.yaml into tmp_path; gives the cards path."""

    def write(cards: str = CARDS, notes: str | None = NOTES) -> Path:
        if notes is not None:
            (tmp_path / "notes.md").write_text(notes, encoding="utf-8")
        path = tmp_path / "cards.yaml"
        path.write_text(textwrap.dedent(cards), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def _private_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Number a folder of its own for each test's cache and state, under one per process."""
    folder = tmp_path_factory.mktemp("private")
    return (folder / str(number) for number in itertools.count())


@pytest.fixture(autouse=True)
def _private_cache(_private_folders: Iterator[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the cache of every test apart from the user's own; no terminal width set.

    The folders are not made: fmflash makes what it writes, as in a learner's new account,
    and a test that writes there itself makes them. Without COLUMNS, output into a pipe is
    not wrapped, and the reviewer is 80 columns wide.
    """
    private = next(_private_folders)
    monkeypatch.setenv("FMFLASH_CACHE_DIR", str(private / "cache"))
    # What this machine remembers of projects (first builds, acknowledged cards): per test.
    monkeypatch.setenv("FMFLASH_STATE_DIR", str(private / "state"))
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture(autouse=True)
def _run_in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in its own folder: a default path never finds the project's own cards."""
    monkeypatch.chdir(tmp_path)


def review_keys(cards: Path, package: str | None = None) -> dict[str, str]:
    """Return the key of each review item of a project in the review database, by item id.

    Fixes the project's key in its record first if it has none, as ``fmflash review`` does.
    """
    from fmflash.cards.project import load_project
    from fmflash.cards.record import identities_with_key
    from fmflash.review.session.course import item_keys, make_course

    project = load_project(str(cards), package_path=package, review=True)
    course = make_course(project.chapters)
    ids = [summary.id for summary in course.summaries]
    identities = identities_with_key(project.package_path, ids, b"testkey!")
    return item_keys(course.items(), identities)


def by_item(cards: Path, rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Name the review database's keys in rows (first column) by item id, as the project does."""
    items = {key: item for item, key in review_keys(cards).items()}
    return [(items.get(str(row[0]), row[0]), *row[1:]) for row in rows]
