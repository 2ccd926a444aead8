"""Tests of the user's files, one module each; what they share."""

from __future__ import annotations

from pathlib import Path

from fmflash.files.atomic import SCRATCH_PREFIX


def leftovers(folder: Path) -> list[str]:
    """Name the temporary files a write left in ``folder``: none, whatever happened."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(SCRATCH_PREFIX))
