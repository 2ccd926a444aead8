"""Small wording helpers shared by messages (kept light: the command line loads it at start)."""


def count_phrase(count: int, noun: str) -> str:
    """Say ``1 error`` or ``3 errors``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
