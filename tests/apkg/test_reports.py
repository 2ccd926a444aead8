"""Text reports: the stale diff marks the words that changed inside a changed line."""

from __future__ import annotations

from fmflash.apkg.reports import section_diff, word_diff

PARAGRAPH = " ".join(f"word{number}" for number in range(150))  # one long line of the notes


def test_one_word_fixed_in_a_long_paragraph_shows_only_that_word_marked() -> None:
    fixed = PARAGRAPH.replace("word70 ", "fixed70 ")
    assert section_diff(PARAGRAPH, fixed) == [
        "    ~ ... word66 word67 word68 word69 [-word70-]{+fixed70+} "
        "word71 word72 word73 word74 ..."
    ]


def test_word_diff_marks_insertions_removals_and_keeps_short_lines_whole() -> None:
    assert word_diff("needs 14 GB.", "needs at least 14 GB.") == "needs {+at least+} 14 GB."
    assert word_diff("a b c d", "a c d") == "a [-b-] c d"
    assert word_diff("one two", "three") == "[-one two-]{+three+}"


def test_added_and_removed_lines_and_spacing() -> None:
    assert section_diff("kept\nold line", "kept\nnew line\nadded line") == [
        "    ~ [-old-]{+new+} line",
        "    + added line",
    ]
    assert section_diff("gone\nkept", "kept") == ["    - gone"]
    assert section_diff("a  b", "a b") == ["    (only blank lines or spacing changed)"]
