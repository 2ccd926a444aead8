"""The package's layering, read from the source: every import, lazy ones included, follows it.

``cli`` imports anything; ``apkg``, ``review`` and ``lint`` import ``cards``, ``formulas`` and
the top level, never each other; ``cards`` imports ``formulas`` and the top level; ``formulas``
and the top-level modules import only the top level. Inside ``review``, each concern imports
only those below it (``REVIEW_LAYERS``). One module each talks to genanki and to fsrs, the
review log's two modules and Anki's collection reader to sqlite3, and only the command line and
the terminal's input and output touch the terminal (click).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "fmflash"
TOP = "top level"
ALLOWED = {
    TOP: {TOP},
    "formulas": {TOP, "formulas"},
    "cards": {TOP, "formulas", "cards"},
    "apkg": {TOP, "formulas", "cards", "apkg"},
    "review": {TOP, "formulas", "cards", "review"},
    "lint": {TOP, "formulas", "cards", "lint"},
    "cli": {TOP, "formulas", "cards", "apkg", "review", "lint", "cli"},
}
# Outside libraries that only one place may use.
ONLY = {
    "genanki": {"apkg/writer.py"},
    # Anki's collection is read apart from fmflash's own database: see review/anki/collection.py.
    "sqlite3": {"review/log/database.py", "review/log/store.py", "review/anki/collection.py",
                "apkg/writer.py"},
    "zstandard": {"review/anki/collection.py"},
    "fsrs": {"review/scheduling/fsrs_replay.py"},
    "fsrs_rs_python": {"review/stats/fsrs_optimizer.py"},
    "latex2mathml": {"apkg/preview.py"},
    "pylatexenc": {"review/terminal/math_text.py"},
    "click": {"cli/__init__.py", "cli/common.py", "cli/cards.py", "cli/chapters.py",
              "cli/formulas.py", "cli/rebuilds.py",
              "cli/options.py", "cli/package.py", "cli/build.py", "cli/review.py", "cli/stats.py",
              "cli/anki.py", "cli/fit.py", "cli/pending.py", "cli/suspend.py", "cli/running.py",
              "review/terminal/console.py", "review/terminal/markup.py"},
}  # fmt: skip


# Inside review/, each concern imports only those below it: no circle between subpackages.
REVIEW_LAYERS = {
    "scheduling": {"scheduling"},
    "log": {"scheduling", "log"},
    "stats": {"scheduling", "log", "stats"},
    "session": {"scheduling", "log", "stats", "session"},
    "terminal": {"scheduling", "log", "session", "terminal"},
    "anki": {"scheduling", "log", "session", "anki"},
}


def part_of(relative: str) -> str:
    """Name the part a module belongs to: its folder, or the top level."""
    folder = relative.split("/")[0]
    return folder if folder in ALLOWED and "/" in relative else TOP


@functools.cache
def parsed(path: Path) -> ast.Module:
    """A source file's syntax tree, parsed once: no test changes fmflash's files."""
    return ast.parse(path.read_text(encoding="utf-8"))


@functools.cache
def imported_modules(path: Path) -> frozenset[str]:
    """Every module a file imports, anywhere in it (functions and TYPE_CHECKING blocks too)."""
    found: set[str] = set()
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(found)


def target_part(module: str) -> str | None:
    """Name the part of fmflash a module is, or None for outside libraries."""
    parts = module.split(".")
    if parts[0] != "fmflash":
        return None
    if len(parts) > 1 and parts[1] in ALLOWED and parts[1] != TOP:
        return parts[1]
    return TOP


MODULES = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_part_and_the_top_level_is_small() -> None:
    top = [module for module in MODULES if "/" not in module]
    assert len(top) <= 7, top
    assert "sm2.py" in top  # fmflash.sm2 is a public contract
    for module in MODULES:
        assert part_of(module) in ALLOWED


@pytest.mark.parametrize("module", MODULES)
def test_imports_follow_the_layering(module: str) -> None:
    part = part_of(module)
    if module == "__main__.py":
        part = "cli"  # `python -m fmflash` is the command line
    wrong = []
    for name in imported_modules(PACKAGE / module):
        target = target_part(name)
        if target is not None and target not in ALLOWED[part]:
            wrong.append(f"{name} ({target})")
    assert not wrong, f"{module} ({part}) may not import {', '.join(sorted(wrong))}"


REVIEW_MODULES = [
    module for module in MODULES if module.count("/") == 2 and module.startswith("review/")
]


def test_review_is_subpackages_by_concern() -> None:
    flat = [module for module in MODULES if module.startswith("review/") and module.count("/") == 1]
    assert flat == ["review/__init__.py"]
    assert {module.split("/")[1] for module in REVIEW_MODULES} == set(REVIEW_LAYERS)


@pytest.mark.parametrize("module", REVIEW_MODULES)
def test_review_concerns_import_only_those_below(module: str) -> None:
    concern = module.split("/")[1]
    wrong = sorted(
        name
        for name in imported_modules(PACKAGE / module)
        if name.startswith("fmflash.review.") and name.split(".")[2] not in REVIEW_LAYERS[concern]
    )
    assert not wrong, f"{module} ({concern}) may not import {', '.join(wrong)}"


@pytest.mark.parametrize("library", sorted(ONLY))
def test_outside_libraries_stay_in_their_module(library: str) -> None:
    users = {
        module
        for module in MODULES
        if any(name.split(".")[0] == library for name in imported_modules(PACKAGE / module))
    }
    assert users <= ONLY[library], f"{library} is imported by {sorted(users - ONLY[library])}"


# The libraries worth loading only when needed: a function-level import is for these alone.
HEAVY = {"genanki", "yaml", "fsrs", "fsrs_rs_python", "selenium", "zstandard", "markdown_it",
         "anki", "pylatexenc", "latex2mathml"}  # fmt: skip


# Function-level imports of light modules where a bench row shows the cost (docs/speed.md,
# "Fourth pass"): by importing module, what it imports there. With every import at the top,
# `fmflash review` to the first card took about 20% more CPU; these give most of it back.
LAZY_FOR_SPEED = {
    # How a command runs (signal's enums, the text's patterns: about 5% of `fmflash --help`'s
    # instructions), only when a command runs: click answers --help and --version before.
    ("fmflash.cli", "fmflash.cli.running"),
    # logging serves only to quiet pylatexenc, and loads with it: about 4 ms of a review start.
    ("fmflash.review.terminal.math_text", "logging"),
    # The terminal loop, card text and typed answers, only to show a card.
    ("fmflash.cli.review", "fmflash.review.terminal.console"),
    ("fmflash.cli.review", "fmflash.review.terminal.reviewer"),
    # The card editor (subprocess, shlex, signal), only when the learner presses e.
    ("fmflash.cli.review", "fmflash.review.terminal.editing"),
    # The evaluation and the simulation (about 8 ms of a stats start), only for --compare.
    ("fmflash.cli.stats", "fmflash.review.session.comparison"),
    # The built-in formulas (every formula module), only when a practice card is drawn.
    ("fmflash.cards.practice", "fmflash.formulas.catalog"),
    # The formulas' evaluation and typed answers (registry, quantities, decimal: about 22 M
    # instructions, 2.5% of `fmflash review` to the first card), only for a computed card.
    ("fmflash.cards.practice", "fmflash.formulas.registry"),
    ("fmflash.review.terminal.reviewer", "fmflash.review.session.answers"),
    # The declared formulas' expression parser (about 22 M instructions of a check or a build
    # start, 3-4% of each), only for a card of a formula its card file declares.
    ("fmflash.cards.practice", "fmflash.formulas.declared"),
    # The formulas (registry, expression parser, about 16 ms of a stats start), only to state
    # the rules of a project that declares formulas.
    ("fmflash.cards.load", "fmflash.cards.practice"),
    ("fmflash.cards.load_partial", "fmflash.cards.practice"),
    # The review log's store (sqlite3, the log's modules: about 10 ms of a check start), only
    # when there is a review database to read leeches from.
    ("fmflash.review.session.leeches", "fmflash.review.log.store"),
    # importlib.resources (and zipfile), only when a migration runs.
    ("fmflash.review.log.database", "importlib"),
}


def dotted(module: str) -> str:
    """Name a module file as Python does: ``review/log/store.py``, ``fmflash.review.log.store``."""
    parts = ["fmflash", *module.removesuffix(".py").split("/")]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


DOTTED = {dotted(module): module for module in MODULES}
TREES = {name: parsed(PACKAGE / module) for name, module in DOTTED.items()}


def targets(node: ast.stmt) -> list[str]:
    """The modules an import statement loads: fmflash's by their name, others by the library's."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom) or node.module is None or node.level:
        return []
    return [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in DOTTED
            else node.module for alias in node.names]  # fmt: skip


def every_import(tree: ast.AST) -> Iterator[ast.stmt]:
    """Every import statement anywhere in a tree: functions and TYPE_CHECKING blocks too."""
    return (node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom)))


def top_level_imports(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The imports a module runs when it is loaded (not those for type checking only)."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
            yield from top_level_imports(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            yield from top_level_imports(node.body + node.orelse + node.finalbody)


def find_cycle(graph: Mapping[str, set[str]]) -> list[str]:
    """Return one import cycle of a graph (its modules in order, the first repeated), or []."""
    state: dict[str, str] = {}  # "open" while on the path, "done" once every edge was followed
    path: list[str] = []

    def visit(name: str) -> list[str]:
        state[name] = "open"
        path.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[name] = "done"
        path.pop()
        return []

    for name in sorted(graph):
        if name not in state and (cycle := visit(name)):
            return cycle
    return []


def test_no_import_cycle_counting_every_import() -> None:
    graph = {name: {target for node in every_import(tree) for target in targets(node)
                    if target in DOTTED and target != name}
             for name, tree in TREES.items()}  # fmt: skip
    assert find_cycle(graph) == []


@functools.cache
def loaded_with(name: str) -> tuple[str, ...]:
    """The modules importing one of fmflash's modules loads at once (read once per module)."""
    return tuple(target for node in top_level_imports(TREES[name].body) for target in targets(node))


def loads_heavy(name: str, seen: frozenset[str] = frozenset()) -> bool:
    """Tell whether importing a module loads a heavy library, itself or through its imports."""
    if name.split(".")[0] in HEAVY:
        return True
    if name not in DOTTED or name in seen:
        return False
    return any(loads_heavy(target, seen | {name}) for target in loaded_with(name))


@pytest.mark.parametrize("name", sorted(DOTTED))
def test_imports_are_at_the_top_except_at_a_heavy_library(name: str) -> None:
    lazy = {target for function in ast.walk(TREES[name])
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
            for node in every_import(function) for target in targets(node)}  # fmt: skip
    light = {target for target in lazy if not loads_heavy(target)}
    assert sorted(light - {target for by, target in LAZY_FOR_SPEED if by == name}) == []


def test_the_cycle_finder_and_the_heavy_check_see_what_they_look_for() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
    assert loads_heavy("fmflash.apkg.writer")  # genanki at its top
    assert loads_heavy("fmflash.cards.parse_cards")  # PyYAML at its top
    assert not loads_heavy("fmflash.text")


def test_the_checker_sees_a_broken_rule(tmp_path: Path) -> None:
    source = tmp_path / "bad.py"
    source.write_text(
        "def f():\n    from fmflash.review.session.items import Item\n"
        "    import fmflash.apkg.writer\n"
    )
    imported = imported_modules(source)
    assert {target_part(name) for name in imported} == {"review", "apkg"}
    assert "review" not in ALLOWED["apkg"]
    assert "apkg" not in ALLOWED["review"]


def test_no_module_grows_past_300_lines() -> None:
    lines = {module: len((PACKAGE / module).read_text(encoding="utf-8").splitlines())
             for module in MODULES}  # fmt: skip
    over = {module for module, count in lines.items() if count > 300}
    assert sorted(over) == []  # split it along its concepts
