"""The built package, imported into a real Anki collection with the official library."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from fmflash.apkg.build import build
from fmflash.cards.record import record_path

from ..conftest import CARDS, WriteProject

DAY = 86_400
T0 = 1_764_115_200


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def import_package(col: Collection, package: Path):  # type: ignore[no-untyped-def]
    """Import with Anki's default options, as File > Import does."""
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions()
    )
    return col.import_anki_package(request).log


def note_by_id(col: Collection, card_id: str):  # type: ignore[no-untyped-def]
    found = col.find_notes(f"Id:{card_id}")
    assert len(found) == 1, f"expected one note for {card_id}, found {len(found)}"
    return col.get_note(found[0])


def test_fresh_import_has_every_note_card_field_tag_and_deck(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    cards = write_project()
    package = tmp_path / "out.apkg"
    build(str(cards), str(package), now=T0)
    log = import_package(collection, package)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (4, 0, 0)
    assert collection.note_count() == 4
    # the cloze card has one gap, the reversed basic card two cards, the others one each
    assert collection.card_count() == 5
    assert "Test Deck" in [d.name for d in collection.decks.all_names_and_ids()]
    assert all(
        collection.decks.name(collection.get_card(cid).did) == "Test Deck"
        for cid in collection.find_cards("")
    )

    memory = note_by_id(collection, "weights-memory")
    assert memory.note_type()["name"] == "fmflash Basic (optional reverse)"  # type: ignore[index]
    assert dict(memory.items()) == {
        "Front": "How much memory do 7B parameters at 2 bytes need?",
        "Back": "14 GB.",
        "Section": "Model Size",
        "Id": "weights-memory",
        "Reverse": "",
    }
    assert sorted(memory.tags) == ["memory", "section::model-size"]
    answer = memory.cards()[0].answer()
    assert '<hr id="answer">\n14 GB.' in answer
    assert '<div class="fm-id">Model Size · weights-memory</div>' in answer

    mixtral = note_by_id(collection, "mixtral-total")
    assert len(mixtral.cards()) == 2
    assert "46.7 billion." in mixtral.cards()[1].question()

    cloze = note_by_id(collection, "transformer-dominates")
    assert cloze.note_type()["name"] == "fmflash Cloze"  # type: ignore[index]
    assert "[...]" in cloze.cards()[0].question()
    assert "transformer" in cloze.cards()[0].answer()


def test_new_cards_come_in_notes_order(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    reordered = CARDS.replace("  - id: transformer-dominates", "  - id: zz-placeholder")
    cards = write_project(reordered.replace("zz-placeholder", "transformer-dominates"))
    build(str(cards), str(tmp_path / "o.apkg"), now=T0)
    import_package(collection, tmp_path / "o.apkg")
    ordered = sorted(collection.find_cards(""), key=lambda c: collection.get_card(c).due)
    ids = list(dict.fromkeys(collection.get_card(c).note()["Id"] for c in ordered))
    assert ids == [
        "transformer-dominates",
        "weights-memory",
        "mixtral-total",
        "sampling-definition",
    ]


def test_text_is_shown_literally(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    cards = write_project(
        CARDS.replace("What is sampling?", "What does <script> do?\n      Second line")
    )
    build(str(cards), str(tmp_path / "o.apkg"), now=T0)
    import_package(collection, tmp_path / "o.apkg")
    question = note_by_id(collection, "sampling-definition").cards()[0].question()
    assert "What does &lt;script&gt; do? Second line" in question


def test_rebuild_after_edit_updates_in_place_and_keeps_review_history(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    cards = write_project()
    package = tmp_path / "deck.apkg"
    build(str(cards), str(package), now=T0)
    import_package(collection, package)

    # Review one card in Anki, so it has history to lose.
    reviewed = note_by_id(collection, "sampling-definition").cards()[0]
    reviewed.start_timer()
    collection.sched.answerCard(reviewed, 3)
    reviewed = collection.get_card(reviewed.id)
    history = collection.db.scalar("select count() from revlog where cid = ?", reviewed.id)
    assert history == 1
    assert reviewed.type != 0
    untouched_mod = note_by_id(collection, "mixtral-total").mod

    edited = CARDS.replace("back: 14 GB.", "back: At least 14 GB.").replace(
        "back: How a model chooses an output.", "back: How a model picks its output."
    )
    edited += (
        "  - id: new-card\n    section: Sampling\n    front: Why sample?\n"
        "    back: For creativity.\n"
    )
    write_project(edited)
    result = build(str(cards), str(package), now=T0 + DAY)
    assert result.changes.changed == ("weights-memory", "sampling-definition")
    assert result.changes.added == ("new-card",)

    log = import_package(collection, package)
    assert (len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting)) == (
        1,
        2,
        2,
        0,
    )
    assert collection.note_count() == 5
    assert note_by_id(collection, "weights-memory")["Back"] == "At least 14 GB."
    assert note_by_id(collection, "mixtral-total").mod == untouched_mod
    after = collection.get_card(reviewed.id)
    assert note_by_id(collection, "sampling-definition")["Back"] == "How a model picks its output."
    assert (after.type, after.ivl, after.due, after.reps) == (
        reviewed.type,
        reviewed.ivl,
        reviewed.due,
        reviewed.reps,
    )
    assert collection.db.scalar("select count() from revlog where cid = ?", reviewed.id) == 1

    # Importing the same package again changes nothing.
    log = import_package(collection, package)
    assert (len(log.new), len(log.updated)) == (0, 0)
    assert collection.note_count() == 5


def test_removed_cards_search_finds_exactly_the_removed_notes(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    from fmflash.apkg.reports import removed_search

    cards = write_project()
    package = tmp_path / "deck.apkg"
    build(str(cards), str(package), now=T0)
    import_package(collection, package)
    kept = CARDS.split("  - id: mixtral-total")[0] + CARDS.split("    reverse: true\n")[1]
    write_project(kept.replace("  - id: weights-memory", "  - id: weights-memory-gb"))
    result = build(str(cards), str(package), now=T0 + DAY)
    assert result.changes.removed == ("mixtral-total", "weights-memory")
    import_package(collection, package)
    exact, wide = removed_search(result.changes.removed, result.record)
    assert wide == ""
    found = collection.find_notes(exact)
    assert sorted(collection.get_note(n)["Id"] for n in found) == [
        "mixtral-total",
        "weights-memory",
    ]


def test_same_input_gives_a_byte_identical_package(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project()
    first, second = tmp_path / "a" / "deck.apkg", tmp_path / "b" / "deck.apkg"
    # The same project: the same key (drawn at random once, then kept in the record).
    build(str(cards), str(first), now=T0, random_bytes=b"projectk")
    shutil.copy(record_path(str(first)), tmp_path / "saved.json")
    build(str(cards), str(second), now=T0, random_bytes=b"projectk")
    assert first.read_bytes() == second.read_bytes()
    # A rebuild later, with no edit, changes nothing at all.
    result = build(str(cards), str(first), now=T0 + 5 * DAY)
    assert not result.written
    assert first.read_bytes() == second.read_bytes()
    assert Path(record_path(str(first))).read_bytes() == (tmp_path / "saved.json").read_bytes()


COMPUTED = CARDS + (
    "computed:\n"
    "  - id: weights-memory\n"
    "    section: Model Size\n"
    "    formula: weights_memory\n"
    "    cases:\n"
    "      - {params: 7B, bytes_per_param: 2}\n"
    "      - {params: 70B, bytes_per_param: 0.5}\n"
).replace(
    "  - id: weights-memory\n    section: Model Size\n    front",
    "  - id: memory-q\n    section: Model Size\n    front",
)


def test_computed_notes_hold_answer_and_working_and_update_alone(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    cards = write_project(COMPUTED)
    package = tmp_path / "deck.apkg"
    build(str(cards), str(package), now=T0)
    import_package(collection, package)
    note = note_by_id(collection, "weights-memory-7b-2")
    assert note.note_type()["name"] == "fmflash Numeric"  # type: ignore[index]
    assert dict(note.items()) == {
        "Question": "How much memory, in GB, do the weights of a 7B-parameter model need at 2 "
        "bytes (fp16/bf16) per parameter?",
        "Answer": "14 GB",
        "Working": "7 \u00d7 10<sup>9</sup> parameters \u00d7 2 bytes = 1.4 \u00d7 "
        "10<sup>10</sup> bytes = 14 GB<br>(GB here is 10<sup>9</sup> bytes; that is 13 GiB of "
        "2<sup>30</sup> bytes)",
        "Section": "Model Size",
        "Id": "weights-memory-7b-2",
    }
    assert sorted(note.tags) == ["computed", "section::model-size", "weights_memory"]
    assert '<div class="fm-working">7 \u00d7 10<sup>9</sup> parameters' in note.cards()[0].answer()
    kept_mod = note.mod

    write_project(
        COMPUTED.replace("{params: 70B, bytes_per_param: 0.5}", "{params: 70B, bytes_per_param: 1}")
    )
    result = build(str(cards), str(package), now=T0 + DAY)
    assert result.changes.added == ("weights-memory-70b-1",)
    assert result.changes.removed == ("weights-memory-70b-0-5",)
    log = import_package(collection, package)
    assert (len(log.new), len(log.updated)) == (1, 0)
    assert note_by_id(collection, "weights-memory-7b-2").mod == kept_mod
    assert note_by_id(collection, "weights-memory-70b-1")["Answer"] == "70 GB"


def test_note_guid_is_genankis() -> None:
    import genanki

    from fmflash.cards.identity import note_guid

    for deck in ("AI Engineering::2 Understanding Foundation Models", "Test Deck", "é ü 中"):
        for card_id in ("a", "mixtral-total-params", "x" * 60, "weights-memory-7b-2"):
            assert note_guid(deck, card_id) == genanki.guid_for(deck, card_id)


# One cloze card with every kind of Markdown a learner uses: bold, code, a list, inline and
# display math, and a gap inside bold. Single quotes keep YAML from reading the backslashes.
MARKDOWN_CLOZE = CARDS.replace(
    "    cloze: The {{c1::transformer}} architecture dominates.\n",
    "    cloze: |\n"
    "      The **{{c1::transformer}}** architecture dominates; see `attention`:\n"
    "      - \\(QK^T / \\sqrt{d_k}\\) scores\n"
    "      - softmax_over_keys\n"
    "\n"
    "      \\[C \\approx 6 N_{params} D\\]\n",
)
MARKDOWN_HTML = (
    "<p>The <strong>{{c1::transformer}}</strong> architecture dominates; see "
    "<code>attention</code>:</p>\n"
    "<ul>\n<li>\\(QK^T / \\sqrt{d_k}\\) scores</li>\n<li>softmax_over_keys</li>\n</ul>\n"
    "<p>\\[C \\approx 6 N_{params} D\\]</p>"
)


def test_a_markdown_card_imports_with_its_html_and_updates_the_plain_note(
    write_project: WriteProject, tmp_path: Path, collection: Collection
) -> None:
    cards = write_project()
    package = tmp_path / "deck.apkg"
    build(str(cards), str(package), now=T0)
    import_package(collection, package)
    plain = note_by_id(collection, "transformer-dominates")
    assert plain["Text"] == "The {{c1::transformer}} architecture dominates."

    write_project(MARKDOWN_CLOZE)
    result = build(str(cards), str(package), now=T0 + DAY)
    assert result.changes.changed == ("transformer-dominates",)
    log = import_package(collection, package)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 1, 0)
    note = note_by_id(collection, "transformer-dominates")
    assert note.id == plain.id  # the same note, updated in place
    assert note["Text"] == MARKDOWN_HTML
    question = note.cards()[0].question()
    assert '<strong><span class="cloze" data-cloze="transformer" data-ordinal="1">[...]</span>' in (
        question
    )
    assert "\\(QK^T / \\sqrt{d_k}\\)" in question  # MathJax gets the TeX as typed


def test_the_package_zip_has_fixed_times_and_modes_and_is_compressed(
    write_project: WriteProject, tmp_path: Path
) -> None:
    import zipfile

    cards = write_project(CARDS)
    package = tmp_path / "deck" / "x.apkg"
    build(str(cards), str(package), now=T0)
    with zipfile.ZipFile(package) as packed:
        members = [(i.filename, i.date_time, i.external_attr >> 16, i.compress_type)
                   for i in packed.infolist()]  # fmt: skip
        assert packed.testzip() is None
    assert members == [
        ("collection.anki2", (1980, 1, 1, 0, 0, 0), 0o644, zipfile.ZIP_DEFLATED),
        ("media", (1980, 1, 1, 0, 0, 0), 0o644, zipfile.ZIP_DEFLATED),
    ]


def test_a_build_leaves_nothing_in_the_temp_folder(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # genanki makes its collection with mkstemp() and never removes it: every build used to
    # leave a copy of the collection in the system's temp folder.
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    build(str(write_project()), str(tmp_path / "deck.apkg"), now=T0, random_bytes=b"projectk")
    assert (tmp_path / "deck.apkg").exists()
    assert list(temp.iterdir()) == []
    assert tempfile.tempdir == str(temp)
