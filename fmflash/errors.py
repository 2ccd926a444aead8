"""The one error type for mistakes a user can fix, located as ``file:line:column``."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import NamedTuple


class Severity(Enum):
    """How bad a problem is: errors stop a build, warnings are only shown."""

    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """One located message about the user's input; line and column count from 1."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: Severity = Severity.ERROR
    # What could not be done to the whole file ("cannot write"): said before its path.
    verb: str = ""
    # The lint rule a warning is about: ``warning[set]: ...``.
    rule: str = ""
    # What a problem that is in no file is about, said where a path would be: "confirm".
    subject: str = ""

    @classmethod
    def about(
        cls, subject: str, message: str, *, severity: Severity = Severity.ERROR, rule: str = ""
    ) -> Problem:
        """Make a problem that is in no file: about a command's arguments, or a formula."""
        return cls("", message, severity=severity, rule=rule, subject=subject)

    def __str__(self) -> str:
        location = self.path or self.subject
        if self.line is not None:
            location += f":{self.line}"
            if self.column is not None:
                location += f":{self.column}"
        if self.verb:
            return f"{self.verb} {location}: {self.message}"
        prefix = ""
        if self.severity is Severity.WARNING:
            prefix = f"warning[{self.rule}]: " if self.rule else "warning: "
        return f"{location}: {prefix}{self.message}"

    def sort_key(self) -> tuple[str, int, int]:
        """Order problems by file, then position."""
        return (self.path or self.subject, self.line or 0, self.column or 0)


class FmflashError(Exception):
    """A user error: one or more located problems; the CLI prints them and exits 1."""

    def __init__(
        self, problems: Iterable[Problem], summary: str | None = None, *, option: str = ""
    ) -> None:
        self.problems = tuple(sorted(problems, key=Problem.sort_key))
        if not self.problems:
            raise ValueError("FmflashError needs at least one problem")
        self.summary = summary
        # The command-line option (or argument) whose value is wrong: a usage error there.
        self.option = option
        super().__init__(str(self))

    @classmethod
    def at(
        cls, path: str, message: str, line: int | None = None, column: int | None = None
    ) -> FmflashError:
        """Make an error for a single problem."""
        return cls([Problem(path, message, line, column)])

    @classmethod
    def of_option(cls, option: str, message: str) -> FmflashError:
        """Make an error about the value given to a command-line option (``--tag``, ``ID``)."""
        return cls([Problem.about(option, message)], option=option)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
