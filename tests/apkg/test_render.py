from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fmflash.apkg.notetypes import NoteKind
from fmflash.apkg.render import note_content, render_card, to_html
from fmflash.cards.model import BasicCard, ClozeCard


def test_html_is_escaped_so_a_card_about_script_shows_it_literally() -> None:
    assert to_html("Use <script> & <b>") == "Use &lt;script&gt; &amp; &lt;b&gt;"


def test_line_breaks_are_kept() -> None:
    assert to_html("one\ntwo\r\nthree") == "one<br>two<br>three"


def test_mathjax_passes_through() -> None:
    assert to_html(r"\(6 \times N \times D\)") == r"\(6 \times N \times D\)"


def test_basic_card_fields_and_section_tag() -> None:
    card = BasicCard("a-b", "Model Size", 3, "Q <1>?", "A", True, ("moe",))
    content = render_card(card)
    assert content.kind is NoteKind.BASIC
    assert content.fields == ("Q &lt;1&gt;?", "A", "Model Size", "a-b", "y")
    assert content.tags == ("moe", "section::model-size")


def test_cloze_keeps_its_gaps_and_extra() -> None:
    card = ClozeCard("c", "Model Size", 3, "The {{c1::a<b}} gap", "more\ntext")
    content = render_card(card)
    assert content.kind is NoteKind.CLOZE
    assert content.fields == ("The {{c1::a&lt;b}} gap", "more<br>text", "Model Size", "c")


def test_content_hash_follows_visible_content_only() -> None:
    card = BasicCard("a", "S", 3, "Q", "A")
    moved = BasicCard("a", "S", 30, "Q", "A")
    edited = BasicCard("a", "S", 3, "Q", "A!")
    assert render_card(card).content_hash == render_card(moved).content_hash
    assert render_card(card).content_hash != render_card(edited).content_hash


@given(st.lists(st.text(), max_size=5), st.lists(st.text(), max_size=3))
def test_content_hash_is_the_hash_of_the_json_of_the_note(
    fields: list[str], tags: list[str]
) -> None:
    import hashlib
    import json

    content = note_content("id", NoteKind.CLOZE, tuple(fields), tuple(tags))
    payload = json.dumps(["cloze", fields, tags], ensure_ascii=False)
    assert content.content_hash == hashlib.sha256(payload.encode()).hexdigest()[:16]
