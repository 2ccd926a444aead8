"""The notes-to-deck loop: coverage, stale cards, confirm, removed cards, show, schema warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fmflash.cli import cli

from ..conftest import (
    CARDS,
    NOTES,
    PERPLEXITY_CARDS,
    PERPLEXITY_NOTES,
    UTILIZATION_CARDS,
    WriteProject,
)


@pytest.fixture
def run(write_project: WriteProject):  # type: ignore[no-untyped-def]
    cards = write_project()
    package = cards.parent / "deck" / "test-deck.apkg"

    def invoke(*args: str, now: str = "1764115200") -> Result:
        options = ["--cards", str(cards)]
        if args[0] in ("check", "confirm"):
            options += ["--package", str(package)]
        elif args[0] == "removed":
            options = ["--package", str(package)]
        return CliRunner().invoke(cli, [args[0], *options, *args[1:]],
                                  env={"SOURCE_DATE_EPOCH": now})  # fmt: skip

    invoke("build")
    return invoke


def test_editing_a_section_makes_exactly_its_cards_stale(  # type: ignore[no-untyped-def]
    run, write_project: WriteProject
) -> None:
    write_project(notes=NOTES.replace("needs 14 GB.", "needs at least 14 GB."))
    result = run("check")
    assert result.exit_code == 0
    assert (
        "1 card may be outdated: its notes section changed since it was written or "
        "confirmed.\n"
        "  Model Size:\n"
        "    ~ ... bytes per parameter needs {+at least+} 14 GB.\n"
        "      weights-memory\n"
        "Edit the card, or if it is still right: fmflash confirm ID... (or --all-in SECTION).\n"
    ) in result.stdout
    built = run("build", now="1764200000")
    assert "  Model Size:\n" in built.stdout  # build lists them too
    assert "      weights-memory\n" in built.stdout
    strict = run("check", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr == "Error: --strict: 1 stale card.\n"


def test_confirming_clears_stale_cards(run, write_project: WriteProject) -> None:  # type: ignore[no-untyped-def]
    write_project(notes=NOTES.replace("needs 14 GB.", "needs at least 14 GB."))
    confirmed = run("confirm", "weights-memory")
    assert confirmed.stdout == "Confirmed 1 card.\n"
    assert "may be outdated" not in run("check").stdout
    both = NOTES.replace("needs 14 GB.", "needs at least 14 GB.")
    write_project(notes=both.replace("chooses an output", "picks an output"))
    check = run("check").stdout
    assert "1 card may be outdated" in check
    assert "  Sampling:\n" in check
    assert "      sampling-definition\n" in check
    assert run("confirm", "--all-in", "Sampling").stdout == "Confirmed 1 card.\n"
    assert "may be outdated" not in run("check").stdout


def test_confirm_all_in_ignores_case_like_section(run, write_project: WriteProject) -> None:  # type: ignore[no-untyped-def]
    write_project(notes=NOTES.replace("chooses an output", "picks an output"))
    assert run("confirm", "--all-in", "sAMPLING").stdout == "Confirmed 1 card.\n"
    assert "may be outdated" not in run("check").stdout


def test_editing_the_card_clears_it(run, write_project: WriteProject) -> None:  # type: ignore[no-untyped-def]
    write_project(
        CARDS.replace("back: 14 GB.", "back: At least 14 GB."),
        notes=NOTES.replace("needs 14 GB.", "needs at least 14 GB."),
    )
    assert "may be outdated" not in run("check").stdout
    run("build", now="1764200000")
    assert "may be outdated" not in run("check").stdout
    write_project(notes=NOTES.replace("chooses an output", "picks an output"))
    assert "      sampling-definition\n" in run("check").stdout


def test_confirm_errors(run) -> None:  # type: ignore[no-untyped-def]
    result = run("confirm", "nope", "--all-in", "Model Sise")
    assert result.exit_code == 1
    notes = Path(result.stderr.split("heading of ")[1].split(";")[0])
    assert notes.name == "notes.md"
    assert result.stderr == (
        "confirm: no card has the id 'nope'\n"
        f"confirm: 'Model Sise' is not a heading of {notes}; closest: 'Model Size', "
        "'Foundation Models', 'Empty Heading'\n"
        "Error: 2 errors found; nothing was confirmed.\n"
    )
    assert run("confirm").exit_code == 2


def test_removed_cards_are_remembered_until_acknowledged(  # type: ignore[no-untyped-def]
    run, write_project: WriteProject, tmp_path: Path
) -> None:
    write_project(CARDS.split("  - id: sampling-definition")[0])
    run("build", now="1764200000")
    again = run("build", now="1764300000")
    assert (
        "Removed from the cards since an earlier build (Anki keeps it if you imported it): "
        "sampling-definition." in again.stdout
    )
    listed = run("removed")
    record_file = tmp_path / "deck" / "test-deck.record.json"
    note_id = json.loads(record_file.read_text())["removed"]["sampling-definition"]["note"]
    assert f'  (nid:{note_id} "Id:sampling-definition")\n' in listed.stdout
    assert run("removed", "--acknowledge", "other").exit_code == 1
    assert run("removed", "--acknowledge").stdout == "Forgot 1 removed card.\n"
    assert run("removed").stdout == (
        "No removed cards.\n"
        "Not shown: 1 card removed before your first build here or acknowledged (--all lists "
        "every one).\n"
    )
    assert "sampling-definition" in run("removed", "--all").stdout
    assert json.loads(record_file.read_text())["removed"]  # no committed file changed
    assert "still in Anki" not in run("build", now="1764400000").stdout


def test_a_note_type_schema_change_warns_loudly(run, write_project: WriteProject) -> None:  # type: ignore[no-untyped-def]
    cards = write_project()
    record = cards.parent / "deck" / "test-deck.record.json"
    data = json.loads(record.read_text())
    data["note_types"]["schema"] = "0000000000000000"
    record.write_text(json.dumps(data))
    result = run("build", now="1764200000")
    assert (
        "WARNING: a note type's fields or card templates were renamed or changed in number.\n"
        "Anki will NOT update existing notes unless you tick 'Merge note types' on import.\n"
    ) in result.stdout


def test_check_lists_coverage_with_computed_cases(write_project: WriteProject) -> None:
    cards = write_project(
        CARDS + "computed:\n  - id: mem\n    section: Model Size\n    formula: weights_memory\n"
        "    cases:\n      - {params: 7B, bytes_per_param: 2}\n"
        "      - {params: 8B, bytes_per_param: 1}\n"
    )
    result = CliRunner().invoke(cli, ["check", "--cards", str(cards), "--package", "none.apkg"])
    assert "  Model Size                  1         2\n" in result.stdout


def test_show_prints_a_card_as_the_reviewer_shows_it(write_project: WriteProject) -> None:
    cards = write_project(
        CARDS + "computed:\n  - id: mem\n    section: Model Size\n    formula: weights_memory\n"
        "    cases:\n      - {params: 7B, bytes_per_param: 2}\n"
    )
    runner = CliRunner()
    basic = runner.invoke(cli, ["show", "--cards", str(cards), "mixtral-total"])
    assert basic.stdout == (
        "Question:\n  How many parameters does Mixtral 8x7B have?\n"
        "Answer:\n  46.7 billion.\n"
        "Reverse question:\n  46.7 billion.\n"
        "Reverse answer:\n  How many parameters does Mixtral 8x7B have?\n"
        "Section: Mixture of Experts\n"
        "Tags: section::mixture-of-experts\n"
    )
    cloze = runner.invoke(cli, ["show", "--cards", str(cards), "transformer-dominates"])
    assert cloze.stdout.startswith(
        "Gap 1 question:\n  The [...] architecture dominates.\n"
        "Gap 1 answer:\n  The [transformer] architecture"
    )
    computed = runner.invoke(cli, ["show", "--cards", str(cards), "mem-7b-2"])
    assert "Working:\n  7 × 10⁹ parameters × 2 bytes = 1.4 × 10¹⁰ bytes = 14 GB\n" in (
        computed.stdout
    )
    assert "Tags: section::model-size computed weights_memory\n" in computed.stdout
    missing = runner.invoke(cli, ["show", "--cards", str(cards), "mem-7b"])
    assert missing.exit_code == 2
    assert "no card has the id 'mem-7b'; did you mean mem-7b-2?" in missing.stderr


def test_show_case_n_prints_the_case_of_a_practice_cards_nth_review(
    write_project: WriteProject,
) -> None:
    cards = write_project(
        CARDS + "computed:\n  - id: mem\n    section: Model Size\n    formula: weights_memory\n"
        "    practice:\n      params: [1B, 3B, 7B, 8B, 13B, 70B, 405B]\n"
        "      bytes_per_param: [fp32, fp16, int4]\n"
        "    cases:\n      - {params: 7B, bytes_per_param: 2}\n"
    )
    runner = CliRunner()

    def show(*args: str) -> str:
        result = runner.invoke(cli, ["show", "--cards", str(cards), *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    shown = [show("mem", "--case", str(number)) for number in (1, 2, 3)]
    assert len(set(shown)) == 3
    assert show("mem") == shown[0]
    assert shown[1].startswith("Question:\n  How much memory, in GB, do the weights of a ")
    assert "Working:\n  " in shown[1]
    assert "Case: 2 (a practice card draws new numbers at each review)\n" in shown[1]
    fixed = runner.invoke(cli, ["show", "--cards", str(cards), "mem-7b-2", "--case", "2"])
    assert fixed.exit_code == 2
    assert "'mem-7b-2' is not a practice card; only practice cards have cases" in fixed.stderr
    zero = runner.invoke(cli, ["show", "--cards", str(cards), "mem", "--case", "0"])
    assert zero.exit_code == 2


def test_show_prints_a_rating_card_s_rating_as_its_answer(write_project: WriteProject) -> None:
    cards = write_project(UTILIZATION_CARDS)
    result = CliRunner().invoke(
        cli, ["show", "--cards", str(cards), "utilization-practice", "--case", "3"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Question:\n"
        "  Utilization = achieved FLOP/s / peak FLOP/s. A chip with 312 TFLOP/s peak\n"
        "  achieves 225 TFLOP/s. How do the notes rate its utilization?\n"
        "Answer:\n"
        "  Great\n"
        "Working:\n"
        "  utilization = achieved / peak = (2.25 × 10¹⁴) / (3.12 × 10¹⁴) = 72.1%\n"
        "  by the notes, 72.1% is great: okay from 50%, great above 70%\n"
        "Case: 3 (a practice card draws new numbers at each review)\n"
        "Section: Model Size\n"
        "Tags: section::model-size computed utilization\n"
    )


COMPUTED = CARDS + (
    "computed:\n  - id: mem\n    section: Model Size\n    formula: weights_memory\n"
    "    cases:\n      - {params: 7B, bytes_per_param: 2}\n"
)


def test_prose_edits_list_fixed_cases_not_practice_cards(run, write_project: WriteProject) -> None:  # type: ignore[no-untyped-def]
    cards = COMPUTED + (
        "  - id: drill\n    section: Model Size\n    formula: weights_memory\n"
        "    practice:\n      params: [1B, 3B, 8B, 13B, 34B, 70B, 405B]\n"
        "      bytes_per_param: [fp32, fp16, int4]\n"
    )
    write_project(cards)
    run("build", now="1764200000")
    write_project(cards, notes=NOTES.replace("needs 14 GB.", "needs at least 14 GB."))
    check = run("check").stdout
    assert "2 cards may be outdated" in check
    listed = [line.strip() for line in check.splitlines() if line.startswith("      ")]
    assert listed == ["weights-memory", "mem-7b-2"]  # the fixed case's answer is the notes'
    # The words that state the formula's rule change: the practice card is listed too.
    restated = NOTES.replace("at 2 bytes per parameter", "at 2 bytes for each parameter")
    write_project(cards, notes=restated)
    check = run("check").stdout
    listed = [line.strip() for line in check.splitlines() if line.startswith("      ")]
    assert listed == ["weights-memory", "mem-7b-2", "drill"]


def test_a_declared_formulas_practice_card_is_stale_only_when_its_rule_is_restated(
    write_project: WriteProject,
) -> None:
    rule = "Perplexity = 2 to the power of the entropy in bits per token."
    cards = write_project(
        PERPLEXITY_CARDS.replace("    show_rule: true\n", ""), notes=f"{PERPLEXITY_NOTES}{rule}\n"
    )

    def stale(notes: str) -> list[str]:
        write_project(PERPLEXITY_CARDS.replace("    show_rule: true\n", ""), notes=notes)
        check = CliRunner().invoke(cli, ["check", "--cards", str(cards)])
        return [line.strip() for line in check.stdout.splitlines() if line.startswith("      ")]

    assert CliRunner().invoke(cli, ["build", "--cards", str(cards)]).exit_code == 0
    prose = PERPLEXITY_NOTES.replace("how surprised", "how very surprised")
    assert stale(f"{prose}{rule}\n") == []  # the practice card's text is its formula's
    assert stale(f"{PERPLEXITY_NOTES}{rule.replace('2 to', '2 raised to')}\n") == [
        "perplexity-practice"
    ]


def test_long_stale_lists_are_cut_and_all_shows_them(run, write_project: WriteProject) -> None:  # type: ignore[no-untyped-def]
    many = "".join(
        f"  - id: size-{n:02d}\n    section: Model Size\n    front: Q{n}?\n    back: A{n}.\n"
        for n in range(13)
    )
    write_project(CARDS + many)
    run("build", now="1764200000")
    write_project(CARDS + many, notes=NOTES.replace("needs 14 GB.", "needs at least 14 GB."))
    check = run("check").stdout
    assert "14 cards may be outdated" in check
    ids = [line.strip() for line in check.splitlines() if line.startswith("      ")]
    assert ids == ["weights-memory", *(f"size-{n:02d}" for n in range(9)), "... and 4 more"]
    assert "Add --all to list every stale card.\n" in check
    every = run("check", "--all").stdout
    assert [line.strip() for line in every.splitlines() if line.startswith("      ")] == [
        "weights-memory",
        *(f"size-{n:02d}" for n in range(13)),
    ]


def test_confirm_says_when_a_card_is_not_stale_and_suggests_ids(run) -> None:  # type: ignore[no-untyped-def]
    fine = run("confirm", "weights-memory")
    assert fine.exit_code == 0
    assert fine.stdout == (
        "weights-memory is not stale: its section has not changed since it was written.\n"
    )
    none = run("confirm", "--all-in", "Sampling")
    assert none.stdout == "No stale cards in 'Sampling': nothing to confirm.\n"
    typo = run("confirm", "weights-memroy")
    assert typo.exit_code == 1
    assert typo.stderr == (
        "confirm: no card has the id 'weights-memroy'; did you mean weights-memory?\n"
        "Error: 1 error found; nothing was confirmed.\n"
    )


def test_confirm_and_show_take_the_ids_the_reviewer_prints(  # type: ignore[no-untyped-def]
    run, write_project: WriteProject
) -> None:
    write_project(notes=NOTES.replace("46.7 billion", "46.7B"))
    assert run("confirm", "mixtral-total/reverse").stdout == "Confirmed 1 card.\n"
    cards = write_project(
        CARDS.replace(
            "The {{c1::transformer}} architecture dominates.",
            "The {{c1::transformer}} architecture {{c2::dominates}}.",
        )
    )
    runner = CliRunner()
    reverse = runner.invoke(cli, ["show", "--cards", str(cards), "mixtral-total/reverse"])
    assert reverse.stdout.startswith(
        "Reverse question:\n  46.7 billion.\n"
        "Reverse answer:\n  How many parameters does Mixtral 8x7B have?\n"
        "Section: Mixture of Experts\n"
    )
    both = runner.invoke(cli, ["show", "--cards", str(cards), "transformer-dominates"])
    labels = [line for line in both.stdout.splitlines() if not line.startswith(" ")]
    assert labels[:4] == ["Gap 1 question:", "Gap 1 answer:", "Gap 2 question:", "Gap 2 answer:"]
    gap = runner.invoke(cli, ["show", "--cards", str(cards), "transformer-dominates/c2"])
    assert gap.stdout.startswith(
        "Gap 2 question:\n  The transformer architecture [...].\n"
        "Gap 2 answer:\n  The transformer architecture [dominates].\nSection:"
    )
