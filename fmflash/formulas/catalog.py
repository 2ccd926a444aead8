"""Every registered formula: importing the formula modules registers them."""

from __future__ import annotations

from fmflash.formulas import model_size, training
from fmflash.formulas.registry import FORMULAS, Formula

# Modules whose import registers formulas; listed so that adding one is one line here.
FORMULA_MODULES = (model_size, training)


def all_formulas() -> dict[str, Formula]:
    """Return the registered formulas by name, in registration order."""
    return dict(FORMULAS)
