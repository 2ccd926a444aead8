"""Card text as CommonMark: the HTML of each construct, math and cloze gaps kept intact."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmflash.cards.markdown import _parser, problems_in, render_markdown, uses_markdown


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("**bold** and *italic*", "<strong>bold</strong> and <em>italic</em>"),
        ("use `fp16`", "use <code>fp16</code>"),
        ("```\nx = 1\n```", '<pre><code>x = 1\n</code></pre>'),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("[paper](https://arxiv.org/abs/2203.15556)",
         '<a href="https://arxiv.org/abs/2203.15556">paper</a>'),
        ("one line\nand the next", "one line<br>and the next"),
        ("a paragraph\n\nand another", "<p>a paragraph</p>\n<p>and another</p>"),
    ],
)  # fmt: skip
def test_commonmark_constructs(text: str, html: str) -> None:
    assert render_markdown(text) == html


def test_raw_html_is_shown_as_typed() -> None:
    assert render_markdown("<script>alert(1)</script> & <b>") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"
    )


def test_math_reaches_mathjax_untouched() -> None:
    assert render_markdown(r"compute \(6 \cdot N_{params} \cdot D\) FLOPs") == (
        r"compute \(6 \cdot N_{params} \cdot D\) FLOPs"
    )
    assert render_markdown("**rule**: \\[C \\approx 6 N_1 D_*\\]") == (
        "<strong>rule</strong>: \\[C \\approx 6 N_1 D_*\\]"
    )
    assert render_markdown(r"\(a < b\)") == r"\(a &lt; b\)"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("{{c1::**transformer**}}", "{{c1::<strong>transformer</strong>}}"),
        ("**{{c1::transformer}}**", "<strong>{{c1::transformer}}</strong>"),
        ("{{c1::transformer::an architecture}}", "{{c1::transformer::an architecture}}"),
        ("- {{c1::drug discovery}}\n- {{c2::cancer screening}}",
         "<ul>\n<li>{{c1::drug discovery}}</li>\n<li>{{c2::cancer screening}}</li>\n</ul>"),
        (r"{{c1::\(6ND\)}} FLOPs", r"{{c1::\(6ND\)}} FLOPs"),
    ],
)  # fmt: skip
def test_cloze_gaps_inside_and_around_markdown(text: str, html: str) -> None:
    assert render_markdown(text) == html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("2 * 3 * 4 = 24", "2 * 3 * 4 = 24"),
        ("snake_case_name and __init__", "snake_case_name and <strong>init</strong>"),
        ("Mixtral 8x7B has 46.70 billion", "Mixtral 8x7B has 46.70 billion"),
        ('The "13B" in Llama-13B', "The &quot;13B&quot; in Llama-13B"),
        ("It's 90% sparse; 7B x 2 = 14 GB.", "It's 90% sparse; 7B x 2 = 14 GB."),
        ("1. is a list item", "<ol>\n<li>is a list item</li>\n</ol>"),
        ("1\\. is not", "1. is not"),
        ("# is a heading", "<h1>is a heading</h1>"),
    ],
)  # fmt: skip
def test_plain_text_keeps_its_meaning_where_markdown_would_not_surprise(
    text: str, html: str
) -> None:
    assert render_markdown(text) == html


PLAIN = st.text(alphabet=st.sampled_from(list("abcXYZ019 .,;:?()'\"%-+=/\n")), max_size=60)


@given(PLAIN)
def test_text_without_markup_renders_as_markdown_it_renders_it(text: str) -> None:
    if uses_markdown(text):
        return
    expected = _parser().render(text).replace("<br />\n", "<br>").strip("\n")
    if expected.count("<p>") == 1:
        expected = expected.removeprefix("<p>").removesuffix("</p>")
    assert render_markdown(text) == expected


def test_what_cannot_render_in_a_card_is_named() -> None:
    assert problems_in("## Sampling") == (
        "a heading ('## ...') cannot be part of a card; remove the '#', or write it as '\\#'",
    )
    assert problems_in("see ![plot](plot.png)") == (
        "the image 'plot.png' is not in the package (fmflash packages no media files); Anki "
        "would show a missing image",
    )
    assert problems_in("\\# Sampling, **bold**, `code`, \\(x_1\\)") == ()
