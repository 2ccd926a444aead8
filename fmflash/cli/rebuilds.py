"""``fmflash build --watch``'s reports: after each rebuild, only what changed since the last one.

The first build reports in full, as ``fmflash build`` does. Later ones say what they wrote, the
linter's warnings that are new on the cards just edited (and how many went away), and the stale
and removed cards only when those lists changed: no coverage table or stale diff repeated
every time a file is saved.
"""

from __future__ import annotations

from fmflash.apkg.build import BuildResult, build
from fmflash.apkg.build_report import build_report, build_report_parts
from fmflash.cli.common import AGREE, Writes, build_time, echo_wrapped, say, show_warnings
from fmflash.errors import FmflashError, Problem
from fmflash.lint.project import lint_cards
from fmflash.text import count_phrase


class Rebuilds:
    """Builds for --watch, and what the previous one reported."""

    def __init__(self, cards_path: str, output: str | None, *, limit: int | None) -> None:
        self.cards_path = cards_path
        self.output = output
        self.limit = limit
        self.details: list[str] | None = None
        # Each card's linter warnings at its last change, by what they say (not where).
        self.warnings: dict[str, set[tuple[str, str]]] = {}

    def build_once(self) -> bool:
        """Build; report what changed; on bad input keep the old package and say so.

        Ctrl-C during a rebuild says what it left (nothing, or a package and record that
        agree), then stops the watch.
        """
        writes = Writes()
        try:
            result = build(self.cards_path, output=self.output, now=build_time(),
                           will_write=writes.watch)  # fmt: skip
            show_warnings(result.project.warnings())
            echo_wrapped(self.report(result))
        except KeyboardInterrupt:
            say("\n" + writes.message(AGREE), err=True)
            raise
        except FmflashError as error:
            for problem in error.problems:
                say(str(problem), err=True)
            kept = "kept the previous package" if not writes.written() else "the package is new"
            say(f"Error: {count_phrase(len(error.problems), 'error')} found; {kept}.", err=True)
            return False
        return True

    def report(self, result: BuildResult) -> list[str]:
        """Return the lines to print for a rebuild: the first in full, later ones what changed."""
        linted = changed_warnings(result)
        first = self.details is None
        summary, details = build_report_parts(result, limit=self.limit)
        if first:
            lines = build_report(result, linted, limit=self.limit)
        else:
            lines = [*summary, *(details if details != self.details else [])]
            lines += self._new_warnings(linted)
        self.details = details
        for card_id in result.changes.removed:
            self.warnings.pop(card_id, None)
        for card_id, found in linted.items():
            self.warnings[card_id] = {(problem.rule, problem.message) for problem in found}
        return lines

    def _new_warnings(self, linted: dict[str, tuple[Problem, ...]]) -> list[str]:
        """Print the warnings that are new on the edited cards; count those that went away."""
        lines: list[str] = []
        fixed = 0
        for card_id, found in linted.items():
            before = self.warnings.get(card_id, set())
            now = {(problem.rule, problem.message) for problem in found}
            lines += [str(problem) for problem in found
                      if (problem.rule, problem.message) not in before]  # fmt: skip
            fixed += len(before - now)
        if fixed:
            lines.append(f"Fixed: {count_phrase(fixed, 'linter warning')}.")
        return lines


def changed_warnings(result: BuildResult) -> dict[str, tuple[Problem, ...]]:
    """Lint the cards a build wrote anew or changed: each one's warnings, by card id."""
    if not result.written:
        return {}
    return lint_cards(result.project, {*result.changes.added, *result.changes.changed})
