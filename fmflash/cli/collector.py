"""The cycle collector, paused while a command runs and resumed before it waits on the learner.

A command builds tens of thousands of values that live until it ends and hold no cycle: the
cards' summaries, the review items, the log's rows. CPython's cycle collector traverses each of
them again at every collection that reaches it, for nothing: measured with ``gc.callbacks``,
6-7% of the CPU time of ``review`` to the first card and of ``stats`` at 10,000 cards
(docs/speed.md). Reference counting still frees every value as soon as it is unused. A command
that then waits (a review session, ``build --watch``) resumes the collector first, so that what
it makes over minutes or hours is collected as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for a command, as it was before afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:  # a resume inside (resume_collector) is undone too
        (gc.enable if was_enabled else gc.disable)()


def resume_collector() -> None:
    """Resume the cycle collector before a command waits on the learner or on files."""
    gc.enable()
