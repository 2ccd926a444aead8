"""The project's own settings: CI installs exactly the test tools it was last run with."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).parent.parent / "pyproject.toml"


def test_every_test_tool_is_pinned_to_one_version() -> None:
    extras = tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]
    tools = extras["test"]
    assert {"pytest", "ruff", "mypy"} <= {re.split(r"[=<>~!\[ ]", tool)[0] for tool in tools}
    loose = [tool for tool in tools if not re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][\w.]*", tool)]
    assert loose == []


def test_ci_installs_the_pinned_tools_by_the_readme_command() -> None:
    ci = (PYPROJECT.parent / ".ci" / "run").read_text()
    assert "pip install -e '.[test]'" in ci
