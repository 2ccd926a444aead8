"""The command line, driven through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from fmflash.cli import COMMANDS, cli

from ..conftest import (
    CARDS,
    HOSTILE_EXPRESSIONS,
    PERPLEXITY_CARDS,
    PERPLEXITY_NOTES,
    WriteProject,
)

ENV = {"SOURCE_DATE_EPOCH": "1764115200"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_check_reports_ok_and_warnings(write_project: WriteProject, runner: CliRunner) -> None:
    cards = write_project(CARDS.split("  - id: sampling-definition")[0])
    result = runner.invoke(cli, ["check", "--cards", str(cards)])
    assert result.exit_code == 0
    notes = str(cards.parent / "notes.md")
    assert result.stderr == f"{notes}:12: warning: section 'Sampling' has text but no card\n"
    assert result.stdout == (
        "section                 curated  computed\n"
        "Foundation Models             1         -\n"
        "  Model Size                  1         -\n"
        "    Mixture of Experts        1         -\n"
        "  Sampling                    -         -  <- no card\n"
        f"{cards}: OK, 3 notes, 4 cards (2 question/answer, 1 cloze, 0 computed notes) from 3 "
        f"sections of {notes}.\n"
    )


def test_check_reports_every_problem_then_a_summary(
    write_project: WriteProject, runner: CliRunner
) -> None:
    cards = write_project(
        CARDS.replace("id: weights-memory", "id: Weights").replace(
            "section: Sampling", "section: Samplng"
        )
    )
    result = runner.invoke(cli, ["check", "--cards", str(cards)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{cards}:8:9: id 'Weights' is not a lowercase slug (letters a-z, digits 0-9 and "
        "single '-' between them); try 'weights'\n"
        f"{cards}:19:14: card 'sampling-definition': section 'Samplng' is not a heading of "
        f"{cards.parent / 'notes.md'}; closest: 'Sampling', 'Empty Heading', 'Model Size'\n"
        "Error: 2 errors found; fix them and run 'fmflash check' again.\n"
    )
    assert isinstance(result.exception, SystemExit)  # a handled error, not a crash


def test_missing_card_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["check", "--cards", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'nope.yaml'}: file not found\n"
        "Error: 1 error found; fix it and run 'fmflash check' again.\n"
    )


def test_usage_errors_keep_exit_code_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", "--bogus"])
    assert result.exit_code == 2
    assert "Error: No such option '--bogus'." in result.stderr


def test_build_writes_package_and_record_and_reports(
    write_project: WriteProject, runner: CliRunner
) -> None:
    cards = write_project()
    package = cards.parent / "deck" / "test-deck.apkg"
    result = runner.invoke(cli, ["build", "--cards", str(cards)], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Built {package}: 4 notes, 5 cards.\n"
        f"No earlier build of {package}: every note is new.\n"
        "Import it in Anki with File > Import; your review history is kept.\n"
    )
    assert package.exists()
    assert (cards.parent / "deck" / "test-deck.record.json").exists()

    again = runner.invoke(cli, ["build", "--cards", str(cards)], env=ENV)
    assert again.stdout == (
        f"{package} is up to date: 4 notes, 5 cards, no changes since its last build.\n"
    )


def test_build_reports_changes_and_how_to_find_removed_notes(
    write_project: WriteProject, runner: CliRunner
) -> None:
    cards = write_project()
    package = cards.parent / "deck" / "test-deck.apkg"
    runner.invoke(cli, ["build", "--cards", str(cards)], env=ENV)
    write_project(CARDS.split("  - id: sampling-definition")[0].replace("14 GB.", "14 GB!"))
    result = runner.invoke(
        cli,
        ["build", "--cards", str(cards)],
        env={"SOURCE_DATE_EPOCH": "1764201600"},
    )
    assert result.exit_code == 0, result.output
    record = json.loads((cards.parent / "deck" / "test-deck.record.json").read_text())
    note_id = record["removed"]["sampling-definition"]["note"]
    assert result.stdout == (
        f"Built {package}: 3 notes, 4 cards.\n"
        f"Since the last build of {package}: 0 new, 1 changed, 2 unchanged, 1 removed notes.\n"
        "  Changed: weights-memory\n"
        "Removed from the cards since an earlier build (Anki keeps it if you imported it): "
        "sampling-definition.\n"
        "Anki never deletes notes on import. Search for it in Anki's browser and delete:\n"
        f'  (nid:{note_id} "Id:sampling-definition")\n'
        "Then (or now, if you never imported it) run: fmflash removed --acknowledge\n"
        "Import it in Anki with File > Import; your review history is kept.\n"
    )


def test_build_check_fails_on_a_stale_package_and_writes_nothing(
    write_project: WriteProject, runner: CliRunner
) -> None:
    cards = write_project()
    package = cards.parent / "deck" / "test-deck.apkg"
    args = ["build", "--cards", str(cards)]
    missing = runner.invoke(cli, [*args, "--check"], env=ENV)
    assert missing.exit_code == 1
    assert not package.exists()
    runner.invoke(cli, args, env=ENV)
    fresh = runner.invoke(cli, [*args, "--check"])
    assert fresh.exit_code == 0
    assert fresh.stdout.startswith(f"{package} is up to date: 4 notes, 5 cards")

    before = package.read_bytes()
    write_project(CARDS.replace("14 GB.", "14 GB!"))
    stale = runner.invoke(cli, [*args, "--check"], env=ENV)
    assert stale.exit_code == 1
    assert stale.stderr == (
        f"Error: {package} is out of date (since the last build of {package}: 0 new, 1 changed, "
        "3 unchanged notes); run 'fmflash build' and commit the package and its record.\n"
    )
    assert package.read_bytes() == before


def test_bad_input_leaves_the_previous_package_untouched(
    write_project: WriteProject, runner: CliRunner
) -> None:
    cards = write_project()
    package = cards.parent / "deck" / "test-deck.apkg"
    args = ["build", "--cards", str(cards)]
    runner.invoke(cli, args, env=ENV)
    before = package.read_bytes(), (cards.parent / "deck" / "test-deck.record.json").read_bytes()
    write_project(CARDS.replace("front: What is sampling?", "frnt: What is sampling?"))
    result = runner.invoke(cli, args, env=ENV)
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: 2 errors found; nothing was written.\n")
    after = package.read_bytes(), (cards.parent / "deck" / "test-deck.record.json").read_bytes()
    assert after == before
    assert sorted(p.name for p in package.parent.iterdir()) == [
        "test-deck.apkg",
        "test-deck.record.json",
    ]


def test_damaged_record_is_an_error_not_a_traceback(
    write_project: WriteProject, runner: CliRunner
) -> None:
    cards = write_project()
    (cards.parent / "deck").mkdir()
    (cards.parent / "deck" / "test-deck.record.json").write_text("{}", encoding="utf-8")
    result = runner.invoke(cli, ["build", "--cards", str(cards)], env=ENV)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{cards.parent / 'deck' / 'test-deck.record.json'}: unsupported record format None; "
        "this fmflash reads formats 1, 2, 3\nError: 1 error found; nothing was written.\n"
    )


def test_bad_source_date_epoch_is_a_usage_error(
    write_project: WriteProject, runner: CliRunner
) -> None:
    cards = write_project()
    result = runner.invoke(
        cli,
        ["build", "--cards", str(cards), "-o", str(cards.parent / "d.apkg")],
        env={"SOURCE_DATE_EPOCH": "yesterday"},
    )
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH must be whole seconds, not 'yesterday'" in result.stderr


def test_every_command_help_has_an_example(runner: CliRunner) -> None:
    for command in COMMANDS:
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.stdout, command


def test_the_command_list_shows_each_command_s_own_summary() -> None:
    context = click.Context(cli)
    for name, (_, _, summary) in COMMANDS.items():
        command = cli.get_command(context, name)
        assert command is not None
        assert command.name == name
        assert command.get_short_help_str(limit=200) == summary
    assert cli.get_command(context, "nope") is None


def test_ctrl_c_during_build_says_nothing_was_written(
    write_project: WriteProject, tmp_path: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    cards = write_project()
    package = tmp_path / "deck" / "test-deck.apkg"
    reading = tmp_path / "reading"
    # The build stops while it reads the card file, until the test interrupts it.
    hold = (
        "import runpy, sys, time, fmflash.files.reading as reading_module\n"
        "def held(path, *args, **kwargs):\n"
        f"    open({str(reading)!r}, 'w').close()\n"
        "    time.sleep(60)\n"
        "reading_module._read_regular = held\n"
        "sys.argv[0] = 'fmflash'\n"
        "runpy.run_module('fmflash', run_name='__main__')\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", hold, "build", "--cards", str(cards)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **ENV},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 60  # bounds a hang only
    while not reading.exists():
        assert time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert (process.returncode, stdout, stderr) == (130, b"", b"\nInterrupted; nothing written.\n")
    assert not package.exists()


@pytest.mark.parametrize("expression", HOSTILE_EXPRESSIONS)
def test_check_refuses_a_hostile_formula_where_it_is_written_and_runs_nothing(
    write_project: WriteProject, runner: CliRunner, tmp_path: Path, expression: str
) -> None:
    quoted = '"' + expression.replace('"', '\\"') + '"'
    cards = write_project(PERPLEXITY_CARDS.replace('"2 ** entropy"', quoted),
                          notes=PERPLEXITY_NOTES)  # fmt: skip
    before = cards.read_text()
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1
    problem, summary = result.stderr.splitlines()
    # At the expression (line 9), or at the input it does not use (line 8).
    assert problem.startswith(("cards.yaml:9:", "cards.yaml:8:7:"))
    assert " formula 'perplexity': 'result': " in problem
    assert summary == "Error: 1 error found; fix it and run 'fmflash check' again."
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cards.yaml", "notes.md"]
    assert cards.read_text() == before


def test_ctrl_c_the_moment_the_package_changes_always_tells_the_truth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGINT sent as the package is replaced and at moments after: every message is true."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from ..files import leftovers
    from ..synthetic import cards_text, notes_text

    (tmp_path / "notes.md").write_text(notes_text(), encoding="utf-8")
    cards = tmp_path / "cards.yaml"
    deck = tmp_path / "deck"
    package = deck / "synthetic.apkg"
    record = deck / "synthetic.record.json"
    env = {**os.environ, **ENV, "FMFLASH_CACHE_DIR": str(tmp_path / "cache")}
    said: dict[str, int] = {}
    # The same moment twenty times gave the same outcome twenty times: each attempt waits a
    # little longer after the package is replaced, so the signal lands on the cleanup, the
    # messages and the exit in turn.
    delays = (0.0, 0.0, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016)
    for attempt, delay in enumerate(delays):
        cards.write_text(cards_text(400, edit=attempt + 1), encoding="utf-8")
        before = (package.read_bytes(), record.read_bytes()) if package.exists() else None
        stamp = os.stat(package).st_ino if package.exists() else None
        process = subprocess.Popen(
            [sys.executable, "-m", "fmflash", "build"], cwd=tmp_path, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )  # fmt: skip
        # The package is replaced only once its whole new copy is written beside it: until a
        # new temporary file is there, a poll every millisecond leaves the cores to the build.
        # Writing the copy (fsync and all) outlasts a poll, and the busy loop below catches the
        # moment; one that a poll missed, it catches at most a poll late.
        while process.poll() is None and not (deck.is_dir() and leftovers(deck)):
            time.sleep(0.001)
        while process.poll() is None:  # the package is replaced: a new inode at its path
            try:
                if os.stat(package).st_ino != stamp:
                    time.sleep(delay)
                    process.send_signal(signal.SIGINT)
                    break
            except FileNotFoundError:
                pass
        out, err = process.communicate(timeout=60)
        # Each write leaves its files and nothing else, wherever Ctrl-C landed.
        written = ["synthetic.apkg", "synthetic.record.json"] if package.exists() else []
        assert sorted(os.listdir(deck)) == written, err
        assert "Traceback" not in err, err
        assert "Aborted!" not in err, err
        after = (package.read_bytes(), record.read_bytes()) if package.exists() else None
        if process.returncode == 0:  # done before the signal came
            said["done"] = said.get("done", 0) + 1
            assert out.startswith("Built deck/synthetic.apkg: ")
        elif err.endswith("\nInterrupted; nothing written.\n"):
            said["nothing"] = said.get("nothing", 0) + 1
            assert (process.returncode, after) == (130, before)
            continue
        else:
            said["written"] = said.get("written", 0) + 1
            assert process.returncode == 130, err
            assert err.endswith(
                "\nInterrupted after writing deck/synthetic.apkg, deck/synthetic.record.json, "
                "each whole; the package and its record agree ('fmflash build --check' says up "
                "to date).\n"
            ), err
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("FMFLASH_CACHE_DIR", str(tmp_path / "cache"))
        check = CliRunner().invoke(cli, ["build", "--check"], env=ENV)
        assert check.exit_code == 0, (said, check.output)
    assert sum(said.values()) == len(delays), said
    print(said)


def test_a_first_build_killed_between_its_renames_leaves_no_package_without_its_record(
    write_project: WriteProject, tmp_path: Path
) -> None:
    """A kill (nothing holds it off) after the first rename: the record is out, not the package."""
    import os
    import subprocess
    import sys

    write_project()
    killed_after_one_rename = (
        "import os, sys\n"
        "rename = os.replace\n"
        "def rename_then_die(source, target):\n"
        "    rename(source, target)\n"
        "    if os.path.basename(os.path.dirname(os.path.abspath(target))) == 'deck':\n"
        "        os._exit(137)  # as SIGKILL: no handler, no cleanup\n"
        "os.replace = rename_then_die\n"
        "from fmflash.cli import main\n"
        "sys.argv = ['fmflash', 'build']\n"
        "main()\n"
    )
    env = {**os.environ, **ENV}
    killed = subprocess.run([sys.executable, "-c", killed_after_one_rename], cwd=tmp_path,
                            env=env, capture_output=True, text=True)  # fmt: skip
    assert (killed.returncode, killed.stdout, killed.stderr) == (137, "", "")
    deck = tmp_path / "deck"
    left = sorted(path.name for path in deck.iterdir() if not path.name.startswith(".fmflash-"))
    assert left == ["test-deck.record.json"]
    key = json.loads((deck / "test-deck.record.json").read_text(encoding="utf-8"))["project"]
    assert key

    rebuilt = subprocess.run([sys.executable, "-m", "fmflash", "build"], cwd=tmp_path, env=env,
                             capture_output=True, text=True)  # fmt: skip
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (
        "There was no deck/test-deck.apkg beside its record (a build stopped between writing the "
        "two, or it was removed): the counts above are against the record, not the package Anki "
        "last had.\n"
    ) in rebuilt.stdout
    # The package carries the identities of the record the killed build wrote: its key's GUIDs.
    assert (
        json.loads((deck / "test-deck.record.json").read_text(encoding="utf-8"))["project"] == key
    )
    check = subprocess.run([sys.executable, "-m", "fmflash", "build", "--check"], cwd=tmp_path,
                           env=env, capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_package_older_than_its_record_is_said_so_though_no_note_changed(
    write_project: WriteProject, runner: CliRunner
) -> None:
    """What a build stopped between its two renames leaves: a record newer than the package."""
    cards = write_project()
    package = cards.parent / "deck" / "test-deck.apkg"
    assert runner.invoke(cli, ["build", "--cards", str(cards)], env=ENV).exit_code == 0
    older = package.read_bytes()
    cards.write_text(CARDS.replace("back: 14 GB.", "back: 14 gigabytes."), encoding="utf-8")
    assert runner.invoke(cli, ["build", "--cards", str(cards)], env=ENV).exit_code == 0
    newer = package.read_bytes()
    package.write_bytes(older)

    said = runner.invoke(cli, ["build", "--cards", str(cards)], env=ENV)
    assert said.exit_code == 0, said.output
    assert said.stdout == (
        f"Built {package}: 4 notes, 5 cards.\n"
        f"Since the last build of {package}: 0 new, 0 changed, 4 unchanged notes.\n"
        f"{package} was not the package its record describes (a build stopped between writing "
        "the two, or it was replaced or written by another version of fmflash): the counts "
        "above are against the record, not the package Anki last had.\n"
        "Import it in Anki with File > Import; your review history is kept.\n"
    )
    assert package.read_bytes() == newer
    again = runner.invoke(cli, ["build", "--cards", str(cards)], env=ENV)
    assert again.stdout == (
        f"{package} is up to date: 4 notes, 5 cards, no changes since its last build.\n"
    )
