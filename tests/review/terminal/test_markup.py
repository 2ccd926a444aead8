"""Card HTML as terminal text: styled on a colour terminal, plain without colour, wrapped."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fmflash.cards.markdown import render_markdown
from fmflash.review.terminal.markup import to_terminal

BOLD, ITALIC, CYAN, RESET = "\x1b[1m", "\x1b[3m", "\x1b[36m", "\x1b[0m"

CARD = render_markdown(
    "The **transformer** is *dominant*; see `attention`:\n"
    "- first [paper](https://arxiv.org/abs/1706.03762)\n"
    "- \\(QK^T\\) scores\n\n"
    "```\nsoftmax(x)\n```"
)


def test_without_colour_markdown_is_plain_text_without_markers() -> None:
    assert to_terminal(CARD, width=78, color=False) == [
        "The transformer is dominant; see attention:",
        "\u2022 first paper (https://arxiv.org/abs/1706.03762)",
        "\u2022 QK^T scores",
        "    softmax(x)",
    ]


def test_with_colour_bold_italic_and_code_are_terminal_styles() -> None:
    lines = to_terminal(CARD, width=78, color=True)
    assert f"{BOLD}transformer{RESET}" in lines[0]
    assert f"{ITALIC}dominant{RESET};" in lines[0]
    assert f"{CYAN}attention{RESET}" in lines[0]
    assert "**" not in "".join(lines)
    assert "`" not in "".join(lines)


def test_an_outer_style_stays_on_around_inner_styles() -> None:
    lines = to_terminal(render_markdown("plain **bold**"), width=78, color=True, fg="green")
    assert lines == [f"\x1b[32mplain{RESET} \x1b[32m{BOLD}bold{RESET}"]


def test_a_revealed_gap_is_highlighted_or_bracketed() -> None:
    html = "The <mark><strong>transformer</strong></mark> dominates."
    assert to_terminal(html, width=78, color=False) == ["The [transformer] dominates."]
    assert "\x1b[4m" in to_terminal(html, width=78, color=True)[0]  # underlined


def test_wrapping_counts_visible_columns_and_hangs_list_items() -> None:
    html = render_markdown("- " + "word " * 20 + "\n- short")
    plain = to_terminal(html, width=30, color=False)
    assert all(len(line) <= 30 for line in plain)
    assert plain[0].startswith("\u2022 word")
    assert plain[1].startswith("  word")
    words = " ".join(["word"] * 20)
    coloured = to_terminal(render_markdown(f"**{words}**"), width=30, color=True)
    plain_words = to_terminal(render_markdown(words), width=30, color=False)
    assert [line.replace(BOLD, "").replace(RESET, "") for line in coloured] == plain_words


def test_paragraphs_and_line_breaks() -> None:
    assert to_terminal(render_markdown("one\ntwo\n\nthree"), width=78, color=False) == [
        "one",
        "two",
        "",
        "three",
    ]


@given(st.text(alphabet="abc xyz.,'", max_size=80), st.integers(10, 60), st.booleans())
def test_plain_text_takes_a_short_cut_to_the_same_lines(text: str, width: int, color: bool) -> None:
    assert to_terminal(text, width=width, color=color, bold=True) == to_terminal(
        f"<p>{text}</p>", width=width, color=color, bold=True
    )
