"""A project's formulas: any card file's computed entries name those any card file declares."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fmflash.apkg.build import build
from fmflash.cards.model import ComputedCard
from fmflash.cards.project import load_project
from fmflash.errors import FmflashError

from ..conftest import (
    FORMULA_CHAPTER,
    write_formula_course,
)

NOW = 1_767_225_600  # 2026-01-01, the same for every build compared
KEY = b"project!"


def practice_card(root: Path, chapter: int = 1, *, review: bool = False) -> ComputedCard:
    """Return the one computed card of a chapter, as a build or the reviewer loads it."""
    deck = load_project(str(root), review=review).chapters[chapter].deck
    (card,) = [card for card in deck.cards if isinstance(card, ComputedCard)]
    return card


def age(*paths: Path) -> None:
    """Make files look written a minute ago, so the cache trusts their signature."""
    for path in paths:
        when = path.stat().st_mtime_ns - 60 * 10**9
        os.utime(path, ns=(when, when))


def test_a_chapter_names_a_formula_the_root_card_file_declares(tmp_path: Path) -> None:
    card = practice_card(write_formula_course(tmp_path))
    assert card.formula == "perplexity"
    assert len(card.practice) == 21
    # The chapter's notes do not state the rule: it is on the front, as for the root's cards.
    assert card.question.startswith(
        "Perplexity = 2 to the power of the entropy in bits per token. What is the perplexity"
    )


def test_the_root_names_a_formula_a_chapter_declares(tmp_path: Path) -> None:
    root = write_formula_course(tmp_path, in_chapter=True)
    (card,) = [c for c in load_project(str(root)).chapters[0].deck.cards
               if isinstance(c, ComputedCard)]  # fmt: skip
    assert (card.id, card.answer) == ("root-perplexity-3", "8")


def test_an_unknown_formula_suggests_every_formula_of_the_project(tmp_path: Path) -> None:
    root = write_formula_course(
        tmp_path, chapter=FORMULA_CHAPTER.replace("formula: perplexity", "formula: perplexty")
    )
    with pytest.raises(FmflashError) as caught:
        load_project(str(root))
    assert str(caught.value) == (
        f"{tmp_path / 'ch3' / 'cards.yaml'}:15:14: computed 'chapter-perplexity': unknown "
        "formula 'perplexty'; did you mean 'perplexity'? known formulas: weights_memory, "
        "sparse_nonzero, moe_total_params, moe_active_params, moe_expert_params, "
        "moe_shared_params, moe_naive_total, training_tokens, training_compute, "
        "compute_optimal_tokens, training_time, utilization, perplexity"
    )


def test_a_formula_with_a_problem_is_reported_where_declared_not_where_used(
    tmp_path: Path,
) -> None:
    root = write_formula_course(tmp_path)
    root.write_text(root.read_text().replace("unit: number", "unit: numbr"), encoding="utf-8")
    with pytest.raises(FmflashError) as caught:
        load_project(str(root))
    assert [str(problem) for problem in caught.value.problems] == [
        f"{root}:9:48: formula 'perplexity': 'result': unknown unit 'numbr'; did you mean "
        "'number'? the units are parameters, tokens, bytes, bytes per parameter, fraction, "
        "FLOPs, FLOP/s, seconds, count, bits, number"
    ]


@pytest.mark.parametrize("review", [False, True], ids=["build", "review"])
def test_editing_the_root_s_formula_changes_a_chapter_s_cards_as_a_cold_load_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, review: bool
) -> None:
    root = write_formula_course(tmp_path)
    chapter = tmp_path / "ch3" / "cards.yaml"
    age(root, chapter)
    before = practice_card(root, review=review)  # the cache now holds the chapter's cards
    assert practice_card(root, review=review) == before
    root.write_text(
        root.read_text().replace("2 to the power of", "two raised to"), encoding="utf-8"
    )
    age(root)
    warm = practice_card(root, review=review)
    assert warm.question.startswith("Perplexity = two raised to the entropy in bits per token.")
    monkeypatch.setenv("FMFLASH_CACHE_DIR", str(tmp_path / "cold-cache"))
    assert warm == practice_card(root, review=review)


def test_after_editing_the_root_s_formula_a_warm_build_is_a_cold_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_formula_course(tmp_path)
    age(root, tmp_path / "ch3" / "cards.yaml")
    build(str(root), str(tmp_path / "before.apkg"), now=NOW, random_bytes=KEY)
    root.write_text(
        root.read_text().replace('"2 ** entropy"', '"2 ** entropy * 1"'), encoding="utf-8"
    )
    age(root)
    build(str(root), str(tmp_path / "warm.apkg"), now=NOW, random_bytes=KEY)
    monkeypatch.setenv("FMFLASH_CACHE_DIR", str(tmp_path / "cold-cache"))
    build(str(root), str(tmp_path / "cold.apkg"), now=NOW, random_bytes=KEY)
    warm, cold = (tmp_path / "warm.apkg").read_bytes(), (tmp_path / "cold.apkg").read_bytes()
    assert warm == cold
    assert warm != (tmp_path / "before.apkg").read_bytes()
