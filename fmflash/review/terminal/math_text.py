"""Math as Unicode text for the terminal: ``2^{H}`` as ``2^H`` (the only pylatexenc import).

Anki typesets a card's math with MathJax; a terminal cannot, so the reviewer and ``fmflash
show`` print it as text: Greek letters as letters, ``\\times`` as ``×``, ``\\frac{a}{b}`` as
``a/b``, ``\\sqrt{x}`` as ``√x``. The reading of TeX is pylatexenc's (its LaTeX-to-text
converter knows some hundreds of macros and symbols); fmflash only adds how a fraction, a root
and a raised or lowered group read on one line, with brackets where the reading would be
ambiguous (``a/(b+c)``, ``e^(-x)``). No backslash command and no grouping brace is left.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pylatexenc.latex2text import LatexNodes2Text

# A % in math is a percent sign to the learner, a comment to TeX.
_BARE_PERCENT = re.compile(r"(?<!\\)%")
# A root or a bracket around all of a piece: it needs no more brackets.
_WHOLE = re.compile(r"[√∛∜]?(?:[^\W_]+|\([^()]*\))")
# Relations and products read apart from their operands (TeX swallows the space after a macro
# name, so ``\\alpha \\approx b`` would read ``α≈ b``); an ``=`` is spaced as it was written,
# on both sides if on one.
_SPACED = re.compile(r"\s*([×≈≤≥≠≡∼·→⇒∈])\s*")
_HALF_SPACED = re.compile(r"(?<=\S)=(?=\s)|(?<=\s)=(?=\S)")
_BINOMIALS = ("binom", "tbinom", "dbinom")
# Roots with a sign of their own.
_ROOTS = {"2": "√", "3": "∛", "4": "∜"}


def _simple(text: str) -> bool:
    """Tell whether math reads unambiguously without brackets: ``x``, ``10``, ``α``, ``√(x+1)``."""
    return len(text) <= 1 or text.isalnum() or bool(_WHOLE.fullmatch(text))


def _bracketed(text: str) -> str:
    return text if _simple(text) else f"({text})"


def _argument_texts(node: Any, l2tobj: LatexNodes2Text) -> list[str]:
    """Return the text of each argument a macro was given (an absent optional one as '')."""
    arguments = node.nodeargd.argnlist if node.nodeargd is not None else []
    return [
        "" if argument is None else l2tobj.nodelist_to_text([argument]).strip()
        for argument in arguments
    ]


def _fraction(node: Any, l2tobj: LatexNodes2Text) -> str:
    texts = _argument_texts(node, l2tobj)[-2:]
    if len(texts) < 2:
        return "".join(texts)
    numerator, denominator = texts
    return f"{_bracketed(numerator)}/{_bracketed(denominator)}"


def _binomial(node: Any, l2tobj: LatexNodes2Text) -> str:
    texts = _argument_texts(node, l2tobj)[-2:]
    return f"C({', '.join(texts)})"


def _root(node: Any, l2tobj: LatexNodes2Text) -> str:
    texts = _argument_texts(node, l2tobj)
    index, radicand = (texts[0], texts[1]) if len(texts) == 2 else ("", "".join(texts))
    sign = _ROOTS.get(index or "2", f"{index}√")
    return sign + _bracketed(radicand)


@cache
def _converter() -> LatexNodes2Text:
    """Build the converter once: pylatexenc's defaults, with fmflash's one-line readings."""
    import logging  # only to quiet pylatexenc, loaded with it

    from pylatexenc import latexwalker
    from pylatexenc.latex2text import MacroTextSpec, get_default_latex_context_db
    from pylatexenc.macrospec import MacroSpec

    # A malformed formula is shown as well as it reads; pylatexenc's complaints about it
    # are for its developers, not for the learner's terminal.
    logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)
    parsing = latexwalker.get_default_latex_context_db()
    parsing.add_context_category(
        "fmflash",
        prepend=True,
        macros=[MacroSpec(name, "{{") for name in ("dfrac", "tfrac", *_BINOMIALS)],
    )
    text = get_default_latex_context_db()
    macros = [MacroTextSpec(name, simplify_repl=_fraction) for name in ("frac", "dfrac", "tfrac")]
    macros += [MacroTextSpec(name, simplify_repl=_binomial) for name in _BINOMIALS]
    macros.append(MacroTextSpec("sqrt", simplify_repl=_root))
    text.add_context_category("fmflash", prepend=True, macros=macros)
    converter_class = _converter_class()
    converter = converter_class(
        latex_context=text, math_mode="text", strict_latex_spaces="based-on-source"
    )
    converter.parsing_context = parsing
    return converter


def _converter_class() -> type[LatexNodes2Text]:
    """Return pylatexenc's converter, reading a raised or lowered group with brackets."""
    from pylatexenc.latex2text import LatexNodes2Text
    from pylatexenc.latexwalker import LatexCharsNode, LatexGroupNode

    class Converter(LatexNodes2Text):  # type: ignore[misc]
        """pylatexenc's converter, reading a raised or lowered group on one line: ``e^(-x)``."""

        parsing_context: Any = None

        def nodelist_to_text(self, nodelist: Any) -> str:
            pieces: list[str] = []
            run: list[Any] = []  # nodes read as pylatexenc reads them, spaces and all
            for node in nodelist:
                raised = (
                    isinstance(node, LatexGroupNode)
                    and run
                    and isinstance(run[-1], LatexCharsNode)
                    and run[-1].chars.endswith(("^", "_"))
                )
                if raised:
                    pieces.append(super().nodelist_to_text(run))
                    pieces.append(_bracketed(super().nodelist_to_text(node.nodelist).strip()))
                    run = []
                else:
                    run.append(node)
            pieces.append(super().nodelist_to_text(run))
            return "".join(pieces)

    return Converter


def math_to_text(tex: str) -> str:
    """Return TeX math (without its ``\\(`` ``\\)``) as Unicode text on one line."""
    from pylatexenc.latexwalker import LatexWalker

    converter = _converter()
    source = _BARE_PERCENT.sub(r"\\%", tex)
    walker = LatexWalker(source, latex_context=converter.parsing_context, tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    text = converter.nodelist_to_text(nodes)
    # What is left of a stray brace or backslash is TeX's, not the learner's text.
    text = _SPACED.sub(r" \1 ", text.replace("\\", ""))
    text = _HALF_SPACED.sub(" = ", text)
    return " ".join(text.split())
