"""The learner's notes and cards are data, not code under test: editing them breaks no test.

The README's workflow is to edit ``deck/notes.md`` and ``cards.yaml``. Three checks keep the
tests apart from them: every test file is read (as ``test_layering.py`` reads imports) for a
path built from its own location that leaves ``fmflash/`` and ``tests/``; every test runs in
its own folder (``conftest.py``), so a default path finds no project of ours; and one real run
edits a copy of the project and runs there the tests that look for a project from where they
stand. The real deck is checked by ``fmflash check --strict`` and ``fmflash build --check`` in
``.ci/run``, never by assertions on its content.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fmflash.cards.load import load_deck

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
# What a test may read from the project: the code under test and the tests themselves.
# The project's settings are code, not the learner's content: a test may check the pins.
# The README and docs/ describe the tool: a test may check that they say what it does.
ALLOWED = (
    ROOT / "fmflash",
    TESTS,
    ROOT / "pyproject.toml",
    ROOT / ".ci",
    ROOT / "README.md",
    ROOT / "docs",
)
# pytest's own ways to name the project folder.
ROOT_ATTRIBUTES = {"rootpath", "rootdir", "invocation_params"}
INNER = "FMFLASH_INNER_SUITE"
# Only this file reads the project's cards and notes: to copy and edit them.
SELF = Path(__file__).resolve()


class PathReader:
    """Work out, without running it, which path each expression of a test file names."""

    def __init__(self, tree: ast.Module, file: Path) -> None:
        self.file = file
        self.names: dict[str, Path] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            else:
                continue
            path = self.path(value)
            if isinstance(target, ast.Name) and path is not None:
                self.names[target.id] = path

    def path(self, node: ast.AST) -> Path | None:
        """Return the path an expression names, or None if it is not built from ``__file__``."""
        if isinstance(node, ast.Name):
            return self.file if node.id == "__file__" else self.names.get(node.id)
        if isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else None
            if isinstance(function, ast.Name):
                name = function.id
            if name in {"resolve", "absolute"} and isinstance(function, ast.Attribute):
                return self.path(function.value)
            if name in {"Path", "abspath", "realpath", "dirname", "str", "fspath"} and node.args:
                inner = self.path(node.args[0])
                return inner.parent if inner is not None and name == "dirname" else inner
            if name in {"join", "joinpath"} and node.args:
                start = node.args if name == "join" else [function.value, *node.args]  # type: ignore[attr-defined]
                return self.joined(start[0], start[1:])
            return None
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            inner = self.path(node.value)
            return inner.parent if inner is not None else None
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "parents"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, int)
        ):
            inner = self.path(node.value.value)
            return inner.parents[node.slice.value] if inner is not None else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return self.joined(node.left, [node.right])
        return None

    def joined(self, start: ast.AST, parts: list[ast.expr]) -> Path | None:
        base = self.path(start)
        if base is None:
            return None
        for part in parts:
            if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                return base  # joined with something computed: judge the folder it starts from
            base = Path(os.path.normpath(base / part.value))
        return base


def project_reads(source: str, file: Path) -> list[str]:
    """List each place a test file names a part of the project beyond fmflash/ and tests/."""
    tree = ast.parse(source)
    reader = PathReader(tree, file)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ROOT_ATTRIBUTES:
            found.append(f"{node.lineno}: pytest's {node.attr} names the project folder")
            continue
        if not isinstance(node, ast.expr) or isinstance(getattr(node, "ctx", None), ast.Store):
            continue
        path = reader.path(node)
        if path is None or not path.is_relative_to(ROOT):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Attribute) and isinstance(parents.get(parent), ast.Call):
            parent = parents[parent]  # a method of the path: judge what the call gives
        if isinstance(parent, ast.expr) and reader.path(parent) is not None:
            continue  # a step on the way: the whole path is judged
        if isinstance(parent, ast.Assign | ast.AnnAssign) and any(
            allowed.is_relative_to(path) for allowed in ALLOWED
        ):
            continue  # a name for a folder above fmflash/ or tests/: judged where it is used
        if not any(path.is_relative_to(allowed) for allowed in ALLOWED):
            where = path.relative_to(ROOT).as_posix() or "."
            found.append(f"{node.lineno}: reads {where} of the project")
    return found


TEST_FILES = sorted(path for path in TESTS.rglob("*.py") if path != SELF)


@pytest.mark.parametrize("test_file", TEST_FILES, ids=lambda path: str(path.relative_to(TESTS)))
def test_no_test_reads_the_projects_own_cards_or_deck(test_file: Path) -> None:
    assert project_reads(test_file.read_text(encoding="utf-8"), test_file) == []


READER_CASES = [
    pytest.param(
        'ROOT = Path(__file__).resolve().parents[1]\nCARDS = ROOT / "cards.yaml"\n',
        ["2: reads cards.yaml of the project"],
        id="a name for the card file",
    ),
    pytest.param(
        'NOTES = Path(__file__).parents[1].joinpath("deck", "notes.md")\n',
        ["1: reads deck/notes.md of the project"],
        id="joinpath",
    ),
    pytest.param(
        'HERE = os.path.dirname(os.path.abspath(__file__))\nx = os.path.join(HERE, "..", "deck")\n',
        ["2: reads deck of the project"],
        id="os.path and ..",
    ),
    pytest.param(
        'ROOT: Path = Path(__file__).parents[1]\nrun(["pytest"], cwd=ROOT)\n',
        ["2: reads . of the project"],
        id="the whole project",
    ),
    pytest.param(
        'ROOT = Path(__file__).parents[1]\nsys.path.insert(0, str(ROOT / "bench"))\n',
        ["2: reads bench of the project"],
        id="the benchmark's files",
    ),
    pytest.param(
        "def test(request):\n    return request.config.rootpath\n",
        ["2: pytest's rootpath names the project folder"],
        id="pytest's root",
    ),
    pytest.param(
        'PACKAGE = Path(__file__).resolve().parents[1] / "fmflash"\nPACKAGE.rglob("*.py")\n',
        [],
        id="the code under test",
    ),
    pytest.param('DATA = Path(__file__).parent / "data.txt"\n', [], id="the tests' own files"),
    pytest.param(
        'def test(tmp_path):\n    (tmp_path / "cards.yaml").write_text("")\n',
        [],
        id="a card file of the test's own",
    ),
]


@pytest.mark.parametrize(("source", "expected"), READER_CASES)
def test_the_reader_finds_each_way_to_reach_the_project(source: str, expected: list[str]) -> None:
    assert project_reads(source, TESTS / "test_example.py") == expected


def test_every_test_runs_in_a_folder_of_its_own(tmp_path: Path) -> None:
    assert Path.cwd() == tmp_path  # conftest.py's autouse fixture: no default path finds ROOT


def edit_a_notes_sentence(notes: Path) -> None:
    """Change the last sentence of the notes that is not a heading."""
    lines = notes.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(lines) if line.strip() and not line.startswith("#"))
    lines[last] = lines[last].rstrip() + " (edited by the learner)"
    notes.write_text("\n".join(lines) + "\n", encoding="utf-8")


def add_a_card(cards: Path, section: str) -> None:
    """Add a valid question/answer card as the first item of the cards: list."""
    text = cards.read_text(encoding="utf-8")
    found = re.search(r"^cards:[^\n]*\n(?:(?:\s*#.*|\s*)\n)*(?P<indent>\s*)- ", text, re.MULTILINE)
    assert found is not None, "the card file has no cards: list"
    indent = found.group("indent")
    card = (
        f"{indent}- id: added-by-the-learner\n"
        f"{indent}  section: {section!r}\n"
        f"{indent}  front: What did the learner add?\n"
        f"{indent}  back: A card of their own.\n"
    )
    at = found.start("indent")
    cards.write_text(text[:at] + card + text[at:], encoding="utf-8")


@pytest.mark.skipif(bool(os.environ.get(INNER)), reason="this is the copy's own run")
def test_tests_that_look_for_a_project_pass_after_the_learner_edits_it(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    for part in ("fmflash", "tests", "deck"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("cards.yaml", "pyproject.toml"):
        shutil.copy(ROOT / part, copy / part)
    deck = load_deck(str(copy / "cards.yaml"), use_cache=False)
    edit_a_notes_sentence(Path(deck.notes.path))
    add_a_card(copy / "cards.yaml", deck.cards[0].section)
    edited = load_deck(str(copy / "cards.yaml"), use_cache=False)
    assert "added-by-the-learner" in {card.id for card in edited.cards}
    assert edited.notes != deck.notes

    # The tests that find a project from where they stand: the others never look for one.
    chosen = ["tests/cli/test_project_root.py"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-n", "0", "-p", "no:cacheprovider", *chosen],
        cwd=copy,
        env={**os.environ, INNER: "1", "PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert re.search(r"^\d+ passed in ", result.stdout, re.MULTILINE), result.stdout
