"""The sizing formulas behind the computed cards: small pure functions, each registered once.

To add a formula, write a function from the parameter values to named quantities (the answer
under ``"result"``), then ``register`` it with its parameters and templates. Templates name
parameters and computed values in braces: ``{params}`` as a person writes it (``7 billion``),
``{params:short}`` (``7B``), ``{params:sci}`` (``7 x 10^9``), ``{params:plain}`` (``7000000000``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from fmflash.formulas.quantities import Quantity, format_quantity, parse_number
from fmflash.formulas.units import Unit
from fmflash.suggestions import did_you_mean, nearest

Values = Mapping[str, float]
# Inputs are shown as given, up to this many significant figures; results get three.
INPUT_DIGITS = 6
# A rule between parameters (k <= n experts): a message if it is broken, else None.
Rule = Callable[[Values], "str | None"]


class Parameter(NamedTuple):
    """One input of a formula, with its unit and allowed range."""

    name: str
    unit: Unit
    description: str
    minimum: float = 0.0
    minimum_allowed: bool = False
    maximum: float = math.inf
    maximum_allowed: bool = True
    whole: bool = False
    aliases: Mapping[str, float] = {}  # never changed in place: shared when empty

    def parse(self, text: str) -> float | None:
        """Read a value for this parameter: a number, or one of its named aliases."""
        alias = self.aliases.get(text.strip().lower())
        return alias if alias is not None else parse_number(text)

    def allowed(self) -> str:
        """Describe the allowed values: ``a whole number more than 0``."""
        rules = []
        if math.isfinite(self.minimum):  # a declared formula's input may have no minimum
            rules.append(("at least " if self.minimum_allowed else "more than ")
                         + self.show(self.minimum))  # fmt: skip
        if math.isfinite(self.maximum):
            rules.append(
                ("at most " if self.maximum_allowed else "below ") + self.show(self.maximum)
            )
        if not rules:
            return "a whole number" if self.whole else "any number"
        return ("a whole number " if self.whole else "") + " and ".join(rules)

    def range_problem(self, value: float) -> str | None:
        """Say why ``value`` is out of range, or None if it is allowed."""
        low_ok = value >= self.minimum if self.minimum_allowed else value > self.minimum
        high_ok = value <= self.maximum if self.maximum_allowed else value < self.maximum
        if low_ok and high_ok and (not self.whole or value == int(value)):
            return None
        return f"'{self.name}' must be {self.allowed()}, found {self.show(value)}"

    def show(self, value: float) -> str:
        """Write a value of this parameter as answers write numbers (without a bytes unit)."""
        shown = format_quantity(value, self.unit, INPUT_DIGITS)
        return shown.removesuffix(" bytes").removesuffix(" byte")


def at_most(small: Parameter, large: Parameter, *, strictly: bool = False) -> Rule:
    """Make a rule: ``small`` cannot exceed ``large`` (or must stay below it, ``strictly``)."""

    def rule(values: Values) -> str | None:
        low, high = values[small.name], values[large.name]
        if low > high or (strictly and low == high):
            relation = "must be below" if strictly else "cannot exceed"
            return (
                f"'{small.name}' ({small.show(low)}) {relation} '{large.name}' ({large.show(high)})"
            )
        return None

    return rule


class Formula(NamedTuple):
    """A registered formula: what it computes, from what, and how a card asks and explains it."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    result_unit: Unit
    question: str
    working: tuple[str, ...]
    compute: Callable[[Values], dict[str, Quantity]]
    rules: tuple[Rule, ...] = ()
    # A verbal rating of the result (utilization: "great"): a formula that rates asks for
    # the rating, ``{rating}`` or ``{Rating}`` in its templates, with the number as working.
    rate: Callable[[float], str] | None = None
    # Every word ``rate`` gives, worst first: what a typed rating is read against.
    ratings: tuple[str, ...] = ()
    # How the answer is written: ``{result:in:GB}`` always answers in GB.
    answer: str = "{result}"
    # What ``{model}`` and ``{Model}`` say in templates, without and with a case's model name
    # (``model: Mixtral 8x7B``): "an 8B-parameter model", "Mixtral 8x7B (46.7B parameters)".
    subject: str = "a model"
    named_subject: str = "{model_name}"
    # The rule the formula applies, in words, as a card's front states it when the notes
    # do not ("Training compute ~= 6 x parameters x training tokens FLOPs").
    rule: str = ""
    # A pattern (ignoring case) that finds the rule stated in a notes section's text.
    rule_in_notes: str = ""


class Evaluation(NamedTuple):
    """A formula applied to one case: the question, the answer and the working."""

    formula: str
    question: str
    answer: str
    working: tuple[str, ...]
    value: float
    unit: Unit


FORMULAS: dict[str, Formula] = {}


def register(formula: Formula) -> Formula:
    """Add a formula to the registry under its name."""
    if formula.name in FORMULAS:
        raise ValueError(f"formula {formula.name!r} is registered twice")
    if (formula.rate is None) != (not formula.ratings):
        raise ValueError(f"formula {formula.name!r} needs both rate and ratings, or neither")
    FORMULAS[formula.name] = formula
    return formula


def check_values(
    formula: Formula, raw: Mapping[str, str], *, reported: frozenset[str] = frozenset()
) -> tuple[dict[str, float], list[tuple[str | None, str]]]:
    """Parse and check raw parameter texts; return the values and every problem found.

    Each problem names the parameter it is about, as given (None for a missing parameter or a
    rule between parameters), so the caller can point at the right place. Parameters in
    ``reported`` had a problem the caller already reported, and are not checked again.
    """
    values: dict[str, float] = {}
    problems: list[tuple[str | None, str]] = []
    known = [parameter.name for parameter in formula.parameters]
    for name in raw:
        if name not in known:
            problems.append((name, unknown_parameter_message(name, formula)))
    for parameter in formula.parameters:
        if parameter.name in reported:
            continue
        if parameter.name not in raw:
            problems.append(
                (None, f"missing parameter '{parameter.name}' ({parameter.description})")
            )
            continue
        value = parameter.parse(raw[parameter.name])
        if value is None:
            problems.append(
                (
                    parameter.name,
                    f"'{parameter.name}' must be a number like 7B, 46.7B, 900M, 7e9, 0.5 or 90%, "
                    f"found '{raw[parameter.name]}'",
                )
            )
            continue
        out_of_range = parameter.range_problem(value)
        if out_of_range is None:
            values[parameter.name] = value
        else:
            problems.append((parameter.name, out_of_range))
    if problems or len(values) < len(formula.parameters):
        return values, problems
    for rule in formula.rules:
        # In order, stopping at the first broken one: later rules may rely on earlier ones
        # (the shared-parameter check divides by n - k, which k < n keeps from zero).
        broken = rule(values)
        if broken:
            problems.append((None, broken))
            break
    if not problems and not _finite(formula, values):
        problems.append((None, "these values give an infinite result; check their sizes"))
    return values, problems


def _finite(formula: Formula, values: Values) -> bool:
    """Tell whether a formula gives a finite result (tiny divisors can underflow to zero)."""
    try:
        return math.isfinite(formula.compute(values)["result"].value)
    except (ZeroDivisionError, OverflowError):
        return False


def unknown_parameter_message(name: str, formula: Formula) -> str:
    """Say that ``name`` is not a parameter of ``formula``, suggesting the nearest one."""
    known = [parameter.name for parameter in formula.parameters]
    close = [known_name for known_name in known if known_name.startswith(name)]
    hint = did_you_mean(close or nearest(name, known)) or f"its parameters: {', '.join(known)}"
    return f"unknown parameter '{name}' for {formula.name}; {hint}"


def unknown_formula_message(name: str, declared: Sequence[str] = ()) -> str:
    """Say that no formula is called ``name``, suggesting the nearest and listing all.

    ``declared`` names the formulas a card file declares, known beside the built-ins.
    """
    known = [*FORMULAS, *declared]
    hint = " ".join(filter(None, (did_you_mean(nearest(name, known)), "known formulas:")))
    return f"unknown formula '{name}'; {hint} {', '.join(known)}"


def evaluate(
    formula: Formula, values: Values, *, model: str = "", show_rule: bool = False
) -> Evaluation:
    """Apply a formula to checked values; fill in its question, answer and working.

    ``model`` names the model a case is about (``Mixtral 8x7B``), for the question to say;
    ``show_rule`` starts the question with the rule the formula applies.
    """
    named: dict[str, object] = {
        p.name: Quantity(values[p.name], p.unit, INPUT_DIGITS) for p in formula.parameters
    }
    named.update(formula.compute(values))
    result = named["result"]
    assert isinstance(result, Quantity)
    if formula.rate is not None:
        rating = formula.rate(result.value)
        named.update(rating=rating, Rating=rating[:1].upper() + rating[1:])
    subject = (formula.named_subject if model else formula.subject).format(
        model_name=model, **named
    )
    named.update(model=subject, Model=subject[:1].upper() + subject[1:])
    question = formula.question.format(**named)
    if show_rule and formula.rule:
        question = f"{formula.rule}. {question}"
    return Evaluation(
        formula=formula.name,
        question=question,
        answer=formula.answer.format(**named),
        working=tuple(line.format(**named) for line in formula.working),
        value=result.value,
        unit=result.unit,
    )
