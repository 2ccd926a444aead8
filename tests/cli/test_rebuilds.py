"""build and build --watch show the linter's warnings: a count, then only what changed."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from fmflash.apkg.build import build
from fmflash.cli import cli
from fmflash.cli.rebuilds import Rebuilds

from ..conftest import CARDS, NOTES, WriteProject

# One card that asks for a set: the linter's 'set' rule warns on its front and its back.
A_SET = CARDS.replace(
    "    front: What is sampling?\n    back: How a model chooses an output.",
    "    front: List the steps of sampling?\n    back: Scores, softmax, a draw and a token.",
)
COUNT = "2 linter warnings on the cards this build changed: 'fmflash check' shows every warning."


def test_build_counts_the_warnings_of_the_cards_it_changed(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(A_SET)
    package = tmp_path / "deck.apkg"
    runner = CliRunner()
    first = runner.invoke(cli, ["build", "--cards", str(cards), "-o", str(package)])
    assert first.exit_code == 0, first.output
    assert COUNT + "\n" in first.stdout
    check = runner.invoke(cli, ["check", "--cards", str(cards), "--package", str(package)])
    assert check.stderr.count("warning[set]") == 2  # what the count points to
    again = runner.invoke(cli, ["build", "--cards", str(cards), "-o", str(package)])
    assert "linter warning" not in again.stdout  # nothing changed: nothing to say


def test_watch_reports_only_what_changed_since_the_last_rebuild(
    write_project: WriteProject, tmp_path: Path
) -> None:
    stale_notes = NOTES.replace("has 46.7 billion", "has about 46.7 billion")
    cards = str(write_project(CARDS))
    package = str(tmp_path / "deck.apkg")
    build(cards, package, now=1764115200)
    write_project(CARDS, notes=stale_notes)  # mixtral-total is stale from here on
    rebuilds = Rebuilds(cards, package, limit=10)

    def rebuild(text: str, now: int) -> list[str]:
        write_project(text, notes=stale_notes)
        return rebuilds.report(build(cards, package, now=now))

    first = rebuild(CARDS.replace("14 GB.", "14 GB!"), 1764115300)
    assert "1 card may be outdated: its notes section changed since it was written or " \
        "confirmed." in first  # the first report is whole  # fmt: skip
    flawed = rebuild(A_SET.replace("14 GB.", "14 GB!"), 1764115400)
    assert flawed[0].startswith("Built ")
    assert not any("may be outdated" in line for line in flawed)  # not said again
    assert [line.split(": warning")[1][:6] for line in flawed if ": warning" in line] == [
        "[set]:", "[set]:"
    ]  # fmt: skip
    assert not any("linter warnings on the cards" in line for line in flawed)
    fixed = rebuild(CARDS.replace("14 GB.", "14 GB!"), 1764115500)
    assert fixed[-1] == "Fixed: 2 linter warnings."
    assert not any("may be outdated" in line for line in fixed)
