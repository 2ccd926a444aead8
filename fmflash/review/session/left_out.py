"""What of a course was left out for its errors, in words: what review, stats and import-anki say.

A course is studied despite errors (``cards.project_partial``): a card with an error is left
out alone, a card file that cannot be read is left out whole. Each command says so in its own
sentence, from the same phrases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fmflash.text import count_phrase, for_count

if TYPE_CHECKING:
    from fmflash.cards.project import Project


@dataclass(frozen=True, slots=True)
class LeftOut:
    """The cards of a course left out for their errors, and the errors' count and card files."""

    # How many cards of the card files that loaded were left out for their errors.
    cards: int = 0
    # The card files left out whole (they cannot be read).
    card_files: tuple[str, ...] = ()
    errors: int = 0
    # The card files that have errors, each once.
    faulty: tuple[str, ...] = ()

    @classmethod
    def of(cls, project: Project) -> LeftOut:
        """Return what a project loaded despite errors left out."""
        faulty = tuple(dict.fromkeys(problem.path for problem in project.problems if problem.path))
        return cls(project.left_out_cards, project.left_out, len(project.problems), faulty)

    def any_card(self) -> bool:
        """Tell whether any card was left out."""
        return bool(self.cards or self.card_files)

    def cards_phrase(self) -> str:
        """Name the cards left out: "2 cards and every card of ch4/cards.yaml"."""
        what = [count_phrase(self.cards, "card")] if self.cards else []
        what += [f"every card of {path}" for path in self.card_files]
        return " and ".join(what)

    def errors_phrase(self) -> str:
        """Name the errors and their card files: "2 errors (ch4/cards.yaml)"."""
        return f"{count_phrase(self.errors, 'error')} ({', '.join(self.faulty)})"

    def agreeing(self, one: str, many: str) -> str:
        """Choose the words that agree with the cards left out (a whole card file is many)."""
        return for_count(self.cards + 2 * len(self.card_files), one, many)
