"""The review and stats commands' options: the database's default path, the clock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmflash.cli import cli

from ..conftest import CARDS, WriteProject


@pytest.mark.parametrize("command", ["review", "stats"])
def test_db_help_names_the_real_default_path(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "settings"))
    result = CliRunner().invoke(cli, [command, "--help"])
    assert "[default: ~/settings/fmflash/review.sqlite3]" in " ".join(result.output.split())


@pytest.mark.parametrize("command", ["review", "stats"])
def test_help_says_how_to_set_the_clock(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert (
        "FMFLASH_NOW sets the clock, to see a day ahead of time: an ISO 8601 time "
        "(FMFLASH_NOW=2026-03-01T09:00), or a date alone (FMFLASH_NOW=2026-03-01) for that "
        "learner day, which starts at the --day-start hour." in " ".join(result.output.split())
    )


@pytest.mark.parametrize(
    ("now", "day_start", "day"),
    [
        ("2026-03-10", "4", "2026-03-10"),  # a date alone: that learner day, not 00:00
        ("2026-03-10", "0", "2026-03-10"),
        ("2026-03-10T00:00", "4", "2026-03-09"),  # midnight is before the 4 am start
        ("2026-03-10T09:00", "4", "2026-03-10"),
    ],
)
def test_a_date_alone_means_that_learner_day(
    now: str, day_start: str, day: str, write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(CARDS)
    env = {"FMFLASH_NOW": now, "FMFLASH_DB": str(tmp_path / "r.db"), "FMFLASH_DAY_START": day_start}
    result = CliRunner().invoke(cli, ["stats", "--cards", str(cards), "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["day"] == day


def _as_another_user() -> list[str]:
    """Return the command prefix that runs a program without the right to ignore permissions."""
    import os
    import shutil
    import subprocess

    if os.geteuid() != 0:
        return []
    # Root reads and writes whatever the permissions say: run as an ordinary user instead.
    prefix = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    if shutil.which("unshare") is None or subprocess.run([*prefix, "true"]).returncode != 0:
        pytest.skip("running as root, and no user namespace to drop the right in")
    return prefix


def test_stats_and_show_read_a_database_in_a_read_only_folder(
    write_project: WriteProject, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    cards = write_project(CARDS)
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "review.sqlite3"
    env = {"FMFLASH_DB": str(db), "FMFLASH_NOW": "2026-03-01T09:00", "NO_COLOR": "1"}
    graded = CliRunner().invoke(cli, ["review", "--cards", str(cards)], input="\n5\nq\n", env=env)
    assert "Reviewed 1 card" in graded.output
    assert sorted(path.name for path in folder.iterdir()) == ["review.sqlite3"]
    env = {**os.environ, "FMFLASH_DB": str(db), "FMFLASH_NOW": "2026-03-02T09:00"}
    env["FMFLASH_CACHE_DIR"] = str(tmp_path / "cache")
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        prefix = [*_as_another_user(), sys.executable, "-m", "fmflash"]
        runs = {
            command: subprocess.run(
                [*prefix, *command.split(), "--cards", str(cards)],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            # FSRS's schedules are not cached yet: stats derives them without writing.
            for command in ("stats", "stats --scheduler fsrs", "show weights-memory")
        }
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    stats, show = runs["stats"], runs["show weights-memory"]
    assert (stats.returncode, stats.stderr) == (0, "")
    assert stats.stdout.startswith("Cards: 5 from 4 notes (new 4, learning 1, young 0, mature 0)")
    assert (show.returncode, show.stderr) == (0, "")
    fsrs = runs["stats --scheduler fsrs"]
    assert (fsrs.returncode, fsrs.stderr) == (0, "")
    assert "Scheduler: FSRS" in fsrs.stdout
    assert sorted(path.name for path in folder.iterdir()) == ["review.sqlite3"]


def study_despite_errors(
    write_project: WriteProject, tmp_path: Path, *, root: str = "", chapter: str = ""
) -> tuple[Path, dict[str, str]]:
    """Write a project of the root, ch3, and ch4 (made from ch3 with its own deck and ids).

    ``root`` and ``chapter`` replace the root's and ch4's cards text; the review env is returned.
    """
    from ..cards.test_project import CHAPTER, with_chapters, write_chapter

    write_chapter(tmp_path, "ch3")
    ch4 = (
        CHAPTER.replace("Course::3 Evaluation", "Course::4 Benchmarks")
        .replace("id: evaluation-hard", "id: benchmarks-hard")
        .replace("id: perplexity", "id: surprise")
    )
    write_chapter(tmp_path, "ch4", chapter or ch4)
    cards = write_project(root or with_chapters("ch3/cards.yaml", "ch4/cards.yaml"))
    env = {"FMFLASH_NOW": "2026-03-01", "FMFLASH_DB": str(tmp_path / "r.db"), "NO_COLOR": "1"}
    return cards, env


def as_check_shows(cards: Path) -> str:
    """Return the errors as ``fmflash check`` prints them, without its closing line."""
    checked = CliRunner().invoke(cli, ["check", "--cards", str(cards)])
    assert checked.exit_code == 1
    shown, closing = checked.stderr.rstrip("\n").rsplit("\n", 1)
    assert closing.startswith("Error: "), closing
    return shown + "\n"


def test_a_syntax_error_in_one_chapter_leaves_its_card_out_of_review_and_stats_not_build(
    write_project: WriteProject, tmp_path: Path
) -> None:
    from ..cards.test_project import CHAPTER

    broken = CHAPTER.replace("Course::3 Evaluation", "Course::4 Benchmarks").replace(
        "  - id: evaluation-hard\n", "  - id: [evaluation-hard\n").replace(
        "id: perplexity", "id: surprise")  # fmt: skip
    cards, env = study_despite_errors(write_project, tmp_path, chapter=broken)
    note = as_check_shows(cards) + (
        f"Left out 1 card for 1 error ({tmp_path / 'ch4' / 'cards.yaml'}). The other cards go on.\n"
    )
    assert note.startswith(f"{tmp_path / 'ch4' / 'cards.yaml'}:6:12: YAML syntax error: ")
    runner = CliRunner()
    reviewed = runner.invoke(
        cli, ["review", "--cards", str(cards), "--chapter", "evaluation"], input="\n5\n", env=env
    )
    assert reviewed.exit_code == 0, reviewed.output
    assert reviewed.stderr == note
    assert "Is evaluation easy?" in reviewed.stdout
    assert "Reviewed 1 card (1 new, 0 due)" in reviewed.stdout
    shown = runner.invoke(cli, ["stats", "--cards", str(cards), "--json"], env=env)
    assert shown.exit_code == 0, shown.output
    assert shown.stderr == note
    assert json.loads(shown.stdout)["notes"] == 7  # the root's 4, ch3's 2 and ch4's other one
    benchmarks = runner.invoke(
        cli, ["review", "--cards", str(cards), "--chapter", "benchmarks"], input="\n5\n", env=env
    )
    assert "Perplexity" in benchmarks.stdout
    assert "Reviewed 1 card" in benchmarks.stdout
    built = runner.invoke(cli, ["build", "--cards", str(cards)])
    assert built.exit_code == 1
    assert "ch4/cards.yaml:" in built.stderr


def test_a_bad_card_in_the_root_file_is_left_out_alone(
    write_project: WriteProject, tmp_path: Path
) -> None:
    from ..cards.test_project import with_chapters

    root = with_chapters("ch3/cards.yaml", "ch4/cards.yaml").replace(
        "  - id: weights-memory\n", "  - id: weights-memory\n    colour: red\n"
    )
    root = root.replace("cards:\n", "review:\n  scheduler: sm3\ncards:\n", 1)
    cards, env = study_despite_errors(write_project, tmp_path, root=root)
    checked = CliRunner().invoke(cli, ["check", "--cards", str(cards)])
    assert checked.exit_code == 1
    assert "2 errors found" in checked.stderr
    left_out = f"Left out 1 card for 2 errors ({cards}). The other cards go on.\n"
    note = as_check_shows(cards) + left_out
    assert note.count(f"{cards}:") == 2
    reviewed = CliRunner().invoke(cli, ["review", "--cards", str(cards), "--new", "20"],
                                  input="\n5\n" * 7, env=env)  # fmt: skip
    assert reviewed.exit_code == 0, reviewed.output
    assert reviewed.stderr == note
    assert "Reviewed 7 cards (7 new, 0 due)" in " ".join(reviewed.stdout.split())
    shown = CliRunner().invoke(cli, ["stats", "--cards", str(cards), "--json"], env=env)
    assert (shown.stderr, json.loads(shown.stdout)["notes"]) == (note, 7)


def test_a_bad_card_in_a_chapter_is_left_out_alone(
    write_project: WriteProject, tmp_path: Path
) -> None:
    from ..cards.test_project import CHAPTER

    chapter = CHAPTER.replace("Course::3 Evaluation", "Course::4 Benchmarks").replace(
        "id: perplexity", "id: surprise").replace(
        "    section: Evaluation\n", "    section: Evaluatoin\n")  # fmt: skip
    cards, env = study_despite_errors(write_project, tmp_path, chapter=chapter)
    ch4 = tmp_path / "ch4" / "cards.yaml"
    note = (
        f"{ch4}:6:14: card 'evaluation-hard': section 'Evaluatoin' is not a heading of "
        f"{tmp_path / 'ch4' / 'notes.md'}; closest: 'Evaluation', 'Metrics'\n"
        f"Left out 1 card for 1 error ({ch4}). The other cards go on.\n"
    )
    reviewed = CliRunner().invoke(
        cli, ["review", "--cards", str(cards), "--chapter", "benchmarks"], input="\n5\n", env=env
    )
    assert reviewed.exit_code == 0, reviewed.output
    assert reviewed.stderr == note
    assert "Perplexity" in reviewed.stdout
    assert "Reviewed 1 card" in reviewed.stdout
    shown = CliRunner().invoke(cli, ["stats", "--cards", str(cards), "--json"], env=env)
    assert (shown.stderr, json.loads(shown.stdout)["notes"]) == (note, 7)
    checked = CliRunner().invoke(cli, ["check", "--cards", str(cards)])
    assert f"{ch4}:6:14: card 'evaluation-hard': section 'Evaluatoin'" in checked.stderr


def test_a_syntax_error_in_the_root_file_leaves_out_its_card_and_its_chapters_stay(
    write_project: WriteProject, tmp_path: Path
) -> None:
    from ..cards.test_project import with_chapters

    root = with_chapters("ch3/cards.yaml", "ch4/cards.yaml").replace(
        "  - id: weights-memory\n", "  - id: {weights-memory\n"
    )
    cards, env = study_despite_errors(write_project, tmp_path, root=root)
    left_out = f"Left out 1 card for 1 error ({cards}). The other cards go on.\n"
    note = as_check_shows(cards) + left_out
    shown = CliRunner().invoke(cli, ["stats", "--cards", str(cards), "--json"], env=env)
    assert (shown.stderr, json.loads(shown.stdout)["notes"]) == (note, 7)
    # Without its notes, the root keeps none of its cards; the chapters it lists stay.
    (tmp_path / "notes.md").unlink()
    shown = CliRunner().invoke(cli, ["stats", "--cards", str(cards), "--json"], env=env)
    # check stops at the syntax error; study goes on past it and finds the notes missing too.
    assert shown.stderr == (
        f"{cards}:3:10: notes file 'notes.md' not found (paths are relative to the folder of "
        f"{cards})\n" + as_check_shows(cards)
        + f"Left out 4 cards for 2 errors ({cards}). The other cards go on.\n"
    )  # fmt: skip
    assert json.loads(shown.stdout)["notes"] == 4
    reviewed = CliRunner().invoke(cli, ["review", "--cards", str(cards), "--chapter", "bench"],
                                  input="\n5\n", env=env)  # fmt: skip
    assert "Reviewed 1 card" in reviewed.stdout, reviewed.output


def test_a_chapter_without_its_notes_is_left_out_whole_and_its_cards_not_counted_again(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards, env = study_despite_errors(write_project, tmp_path)
    (tmp_path / "ch4" / "notes.md").unlink()
    shown = CliRunner().invoke(cli, ["stats", "--cards", str(cards), "--json"], env=env)
    assert shown.exit_code == 0, shown.output
    chapter = tmp_path / "ch4" / "cards.yaml"
    assert shown.stderr == as_check_shows(cards) + (
        f"Left out every card of {chapter} for 1 error ({chapter}). The other cards go on.\n"
    )
    assert json.loads(shown.stdout)["notes"] == 6  # the root's 4 and ch3's 2


def test_a_start_shows_the_first_five_errors_and_says_check_shows_the_others(
    write_project: WriteProject, tmp_path: Path
) -> None:
    bad = "".join(
        f"  - id: bad-{number}\n    section: Nowhere {number}\n    front: Q{number}?\n"
        f"    back: A{number}.\n"
        for number in range(7)
    )
    cards = write_project(CARDS + bad)
    env = {"FMFLASH_NOW": "2026-03-01", "FMFLASH_DB": str(tmp_path / "r.db"), "NO_COLOR": "1"}
    shown = CliRunner().invoke(cli, ["stats", "--cards", str(cards), "--json"], env=env)
    assert shown.exit_code == 0, shown.output
    *errors, note = shown.stderr.splitlines()
    assert errors == as_check_shows(cards).splitlines()[:5]
    assert errors[0] == (
        f"{cards}:23:14: card 'bad-0': section 'Nowhere 0' is not a heading of "
        f"{tmp_path / 'notes.md'}; closest: 'Model Size', 'Mixture of Experts', 'Empty Heading'"
    )
    assert note == (
        f"Left out 7 cards for 7 errors ({cards}); 'fmflash check' shows the other 2. The other "
        "cards go on."
    )
    assert json.loads(shown.stdout)["notes"] == 4


@pytest.mark.parametrize("command", ["review", "stats"])
def test_a_card_file_with_errors_says_the_same_from_its_cache_and_edits_are_seen_at_once(
    write_project: WriteProject, tmp_path: Path, command: str
) -> None:
    broken = CARDS.replace("section: Sampling", "section: Samplin")
    cards = write_project(broken)
    env = {"FMFLASH_NOW": "2026-03-01", "FMFLASH_DB": str(tmp_path / "r.db"), "NO_COLOR": "1"}

    def started() -> tuple[int, str, str]:
        done = CliRunner().invoke(cli, [command, "--cards", str(cards)], input="q\n", env=env)
        return done.exit_code, done.stdout, done.stderr

    section = (
        f"{cards}:19:14: card 'sampling-definition': section 'Samplin' is not a heading of "
        f"{tmp_path / 'notes.md'}; closest: 'Sampling', 'Empty Heading', 'Model Size'\n"
    )
    cold = started()
    assert cold[::2] == (
        0,
        f"{section}Left out 1 card for 1 error ({cards}). The other cards go on.\n",
    )
    assert started() == cold
    cards.write_text(broken.replace("    reverse: true\n", "    reverse: maybe\n"), "utf-8")
    assert started()[::2] == (
        0,
        f"{cards}:17:14: card 'mixtral-total': 'reverse' must be true or false, found 'maybe'\n"
        f"{section}Left out 2 cards for 2 errors ({cards}). The other cards go on.\n",
    )
    assert started()[::2] == (0, as_check_shows(cards) + f"Left out 2 cards for 2 errors "
                              f"({cards}). The other cards go on.\n")  # fmt: skip
    cards.write_text(CARDS, encoding="utf-8")
    assert started()[::2] == (0, "")
