"""What a lint rule finds in a card: the rule, the field it is in, and what to do (pure)."""

from __future__ import annotations

from typing import NamedTuple

# Every rule's name and principle: fmflash.cards.model.LINT_RULES (a card's allow: names them).


class Finding(NamedTuple):
    """One flaw in one card: the rule, the card field it is in, and what to do."""

    rule: str
    field: str
    message: str
