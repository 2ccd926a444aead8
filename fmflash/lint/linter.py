"""The card linter: every card checked against the rules of good prompts, located (pure).

``lint_deck`` runs each rule of ``*_rules.py`` on each card, and the rules that need more than
one card (``duplicate``) or the formulas (``trivial-case``); a card's ``allow: [rule]``
silences a rule it breaks on purpose, and an ``allow`` that silences nothing is itself a
warning. ``lint_formulas`` renders every formula's templates with sample values, so that a new
formula cannot ship "a 8B-parameter model": the tests run it, as the templates are fmflash's code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from fmflash.cards.model import BasicCard, Card, ClozeCard, ComputedCard, Deck
from fmflash.cards.practice import formula_of, same
from fmflash.errors import Problem, Severity
from fmflash.formulas.quantities import same_when_rounded
from fmflash.formulas.registry import Formula, check_values, evaluate
from fmflash.formulas.statement import rule_statement
from fmflash.formulas.units import Unit
from fmflash.lint.answer_rules import list_gap, vague_answer
from fmflash.lint.card_text import filled, normalise, numbers_in, words
from fmflash.lint.cloze_rules import cloze_leak, filler_gap
from fmflash.lint.finding import Finding
from fmflash.lint.question_rules import (
    answer_in_question,
    asks_for_a_set,
    long_answer,
    unit_missing,
)
from fmflash.lint.states_answer import states_answer
from fmflash.lint.wording_rules import grammar, grammar_mistakes, markdown

CARD_RULES = (cloze_leak, filler_gap, answer_in_question, asks_for_a_set, long_answer,
              unit_missing, grammar, markdown, vague_answer, list_gap)  # fmt: skip


def lint_deck(
    deck: Deck, *, path: str, lines: Sequence[str], formulas: Mapping[str, Formula]
) -> tuple[Problem, ...]:
    """Return a located warning for every flaw of every card, minus those a card allows."""
    findings: dict[str, list[Finding]] = {card.id: [] for card in deck.cards}
    for card in deck.cards:
        for rule in CARD_RULES:
            findings[card.id] += rule(card)
        if isinstance(card, ComputedCard) and (card.declaration or card.formula in formulas):
            # A formula of the learner's own travels with its card.
            formula = formula_of(card) if card.declaration else formulas[card.formula]
            findings[card.id] += trivial_case(card, formula)
            findings[card.id] += unstated_rule(card, formula, deck)
    for card_id, finding in (
        *duplicates(deck.cards),
        *repeats(deck.cards),
        *states_answer(deck.cards),
    ):
        findings[card_id].append(finding)
    by_id = {card.id: card for card in deck.cards}
    problems = []
    fired_by_entry: dict[str, set[str]] = {}
    for card in deck.cards:
        fired = {finding.rule for finding in findings[card.id]}
        fired_by_entry.setdefault(_entry(card), set()).update(fired)
        for finding in findings[card.id]:
            if finding.rule not in card.allow:
                problems.append(_located(path, lines, card, finding))
    for card in _first_of_each_entry(deck.cards):
        for allowed in card.allow:
            if allowed not in fired_by_entry[_entry(card)]:
                message = (
                    f"'allow: [{allowed}]' but the rule does not fire on {_name(card)}; "
                    "remove it from allow"
                )
                problems.append(_located(path, lines, by_id[card.id],
                                         Finding("unused-allow", "allow", message)))  # fmt: skip
    return tuple(sorted(problems, key=Problem.sort_key))


def _entry(card: Card) -> str:
    """Name what an allow belongs to: a card, or a whole computed: entry."""
    return f"computed:{card.entry}" if isinstance(card, ComputedCard) else card.id


def _name(card: Card) -> str:
    return f"computed '{card.entry}'" if isinstance(card, ComputedCard) else f"card '{card.id}'"


def _first_of_each_entry(cards: Iterable[Card]) -> list[Card]:
    seen: dict[str, Card] = {}
    for card in cards:
        seen.setdefault(_entry(card), card)
    return list(seen.values())


def trivial_case(card: ComputedCard, formula: Formula) -> list[Finding]:
    """A computed case whose answer is one of its inputs (x 1 epoch: the tokens you gave)."""
    for parameter, value in zip(formula.parameters, card.inputs, strict=False):
        if parameter.unit is card.unit and same(value, card.value):
            return [Finding(
                "trivial-case", "case",
                f"the answer equals '{parameter.name}', one of the case's own values; "
                "choose a case whose answer takes working out",
            )]  # fmt: skip
    return []


def unstated_rule(card: ComputedCard, formula: Formula, deck: Deck) -> list[Finding]:
    """A computed card whose rule neither its front nor its notes section states.

    Judged on the words of the section, never its numbers: a card is warned about when it
    is written, not first when a number of its notes changes.
    """
    if not formula.rule or card.show_rule:
        return []
    section = deck.notes.find(card.section)
    text = section.text if section is not None else ""
    if rule_statement(formula.rule_in_notes, text) is not None:
        return []
    return [Finding(
        "unstated-rule", "formula",
        f"the notes section '{card.section}' does not state the rule this card applies "
        f"({formula.rule}); add 'show_rule: true' to state it on the front, or write it "
        "in the notes",
    )]  # fmt: skip


def repeats(cards: Sequence[Card]) -> list[tuple[str, Finding]]:
    """Find second fixed cases of one formula: the same lesson again, with other numbers."""
    found = []
    first: dict[str, ComputedCard] = {}
    for card in cards:
        if not isinstance(card, ComputedCard) or card.practice:
            continue
        earlier = first.setdefault(card.formula, card)
        if earlier is not card:
            found.append((card.id, Finding(
                "repeat", "case",
                f"teaches the same lesson as '{earlier.id}' (line {earlier.line}): another "
                f"case of {card.formula}; practise the formula with 'practice:' (fresh "
                "numbers at each review) and keep only cases that are facts of the notes",
            )))  # fmt: skip
    return found


def question_of(card: Card) -> str:
    """Return what a card asks, as text to compare: the front, the whole cloze, the question."""
    if isinstance(card, BasicCard):
        return card.front
    if isinstance(card, ClozeCard):
        return filled(card.text)
    return card.question


def duplicates(cards: Sequence[Card]) -> list[tuple[str, Finding]]:
    """Find notes that ask the same question, and computed cases that repeat a curated card."""
    found = []
    first: dict[str, Card] = {}
    for card in cards:
        key = normalise(question_of(card))
        earlier = first.setdefault(key, card)
        if earlier is not card:
            found.append((card.id, Finding(
                "duplicate", "question" if isinstance(card, ComputedCard) else _field(card),
                f"asks the same question as '{earlier.id}' (line {earlier.line}); merge the two "
                "or ask something different",
            )))  # fmt: skip
    # Curated cards by the numbers their front asks with: one look-up per case, not a scan
    # of every card (10,000 cards: 25 s the other way).
    curated: dict[tuple[float, ...], list[BasicCard]] = {}
    for card in cards:
        if isinstance(card, BasicCard):
            curated.setdefault(tuple(sorted(numbers_in(card.front))), []).append(card)
    for card in cards:
        if not isinstance(card, ComputedCard):
            continue
        asked = tuple(sorted(numbers_in(card.question)))
        for other in curated.get(asked, []) if asked else []:
            if gives_answer(other.back, card):
                found.append((card.id, Finding(
                    "duplicate", "case",
                    f"repeats card '{other.id}' (line {other.line}): the same question and "
                    "answer; drop the case, or the card",
                )))  # fmt: skip
                break
    return found


def gives_answer(back: str, card: ComputedCard) -> bool:
    """Tell whether a curated card's back gives a computed card's answer: its number, or the
    word it asks for (a rating: "Great")."""
    if any(same_when_rounded(card.value, value) for value in numbers_in(back)):
        return True
    asked = words(card.answer)
    return not numbers_in(card.answer) and bool(asked) and set(asked) <= set(words(back))


def _field(card: Card) -> str:
    return "cloze" if isinstance(card, ClozeCard) else "front"


def _located(path: str, lines: Sequence[str], card: Card, finding: Finding) -> Problem:
    line, column = locate(lines, card, finding.field)
    return Problem(path, finding.message, line, column, Severity.WARNING, rule=finding.rule)


def locate(lines: Sequence[str], card: Card, field: str) -> tuple[int, int]:
    """Find a card's field in the card file: the line and column where its value starts.

    A computed case is located at its own line; a field at its key within the card's block
    (a computed entry's ``allow`` within the entry's); failing that, at the card itself.
    """
    start = card.line - 1
    if start >= len(lines):
        return card.line, 1
    if isinstance(card, ComputedCard):
        if field != "allow":
            brace = lines[start].find("{")
            return card.line, (brace if brace >= 0 else _indent(lines[start])) + 1
        entry = re.compile(rf"^\s*-\s+id\s*:\s*['\"]?{re.escape(card.entry)}['\"]?\s*(?:#.*)?$")
        start = next((n for n in range(start, -1, -1) if entry.match(lines[n])), start)
    indent = _indent(lines[start])
    dash = len(lines[start]) - len(lines[start].lstrip())
    key = re.compile(rf"^(\s*(?:-\s+)?){re.escape(field)}\s*:\s?")
    for number in range(start, len(lines)):
        text = lines[number]
        inside = number == start or not text.strip() or text.lstrip().startswith("#")
        next_item = text.lstrip().startswith("-") and len(text) - len(text.lstrip()) <= dash
        if not inside and (_indent(text) < indent or next_item):
            break  # the next card, or the next top-level key
        found = key.match(text)
        if found:
            return number + 1, found.end() + 1
    return card.line, indent + 1


def _indent(text: str) -> int:
    """Return where a line's content starts, past the indentation and a list dash."""
    return len(text) - len(text.lstrip(" -"))


# Leading figures whose English sound differs (eight, eleven, eighteen, eighty) and plain ones.
SAMPLE_FACTORS = (1, 2, 7, 8, 11, 18, 80, 110)
_SCALE = {
    Unit.PARAMETERS: 1e9, Unit.TOKENS: 1e12, Unit.FLOPS: 1e22, Unit.FLOPS_PER_SECOND: 1e14,
    Unit.BYTES: 1e9, Unit.SECONDS: 3600, Unit.COUNT: 1, Unit.BYTES_PER_PARAMETER: 1,
}  # fmt: skip


def _samples(formula: Formula) -> Iterable[dict[str, float]]:
    """Yield sample values for a formula: each parameter in turn through SAMPLE_FACTORS."""
    base = {
        p.name: (0.5 if p.unit is Unit.FRACTION else _SCALE[p.unit] * 2) for p in formula.parameters
    }
    if "total_params" in base:  # the mixture-of-experts split needs consistent counts
        base.update(total_params=46.7e9, active_params=12.9e9, experts=8, active_experts=2)
    yield base
    for parameter in formula.parameters:
        for factor in SAMPLE_FACTORS:
            value = (
                factor / 100 if parameter.unit is Unit.FRACTION else _SCALE[parameter.unit] * factor
            )
            yield {**base, parameter.name: value}


def lint_formulas(formulas: Mapping[str, Formula]) -> tuple[Problem, ...]:
    """Render every formula with sample values; warn about each grammar mistake a case shows."""
    problems: dict[str, Problem] = {}
    for formula in formulas.values():
        for values in _samples(formula):
            raw = {name: repr(value) for name, value in values.items()}
            checked, issues = check_values(formula, raw)
            if issues:
                continue
            evaluation = evaluate(formula, checked)
            for text in (evaluation.question, evaluation.answer, *evaluation.working):
                for mistake in grammar_mistakes(text):
                    message = f"the template shows {mistake}, in: {text}"
                    problems.setdefault(message, Problem.about(
                        f"formula {formula.name}", message, severity=Severity.WARNING,
                        rule="grammar",
                    ))  # fmt: skip
    return tuple(problems.values())
