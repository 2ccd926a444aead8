from __future__ import annotations

import pytest

from fmflash.errors import FmflashError, Problem, Severity


def test_problem_reads_file_line_column() -> None:
    assert str(Problem("cards.yaml", "bad", 12, 5)) == "cards.yaml:12:5: bad"
    assert str(Problem("cards.yaml", "bad", 12)) == "cards.yaml:12: bad"
    assert str(Problem("cards.yaml", "bad")) == "cards.yaml: bad"
    warning = Problem("notes.md", "no card", 3, severity=Severity.WARNING)
    assert str(warning) == "notes.md:3: warning: no card"


def test_error_sorts_its_problems_by_position() -> None:
    error = FmflashError([Problem("c.yaml", "second", 9, 1), Problem("c.yaml", "first", 2, 7)])
    assert str(error) == "c.yaml:2:7: first\nc.yaml:9:1: second"


def test_error_needs_a_problem() -> None:
    with pytest.raises(ValueError, match="at least one problem"):
        FmflashError([])


def test_a_problem_in_no_file_names_its_subject_where_a_path_would_be() -> None:
    problem = Problem.about("formula weights_memory", "shows a 8B", severity=Severity.WARNING,
                            rule="grammar")  # fmt: skip
    assert problem.path == ""
    assert str(problem) == "formula weights_memory: warning[grammar]: shows a 8B"
    assert str(Problem.about("confirm", "no card has the id 'x'")) == (
        "confirm: no card has the id 'x'"
    )
