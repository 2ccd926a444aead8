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


def test_a_syntax_error_in_one_chapter_leaves_it_out_of_review_and_stats_not_build(
    write_project: WriteProject, tmp_path: Path
) -> None:
    from ..cards.test_project import CHAPTER, with_chapters, write_chapter

    write_chapter(tmp_path, "ch3")
    broken = CHAPTER.replace("Course::3", "Course::4").replace("    front: Is", "    front: [Is")
    write_chapter(tmp_path, "ch4", broken)
    cards = write_project(with_chapters("ch3/cards.yaml", "ch4/cards.yaml"))
    env = {"FMFLASH_NOW": "2026-03-01", "FMFLASH_DB": str(tmp_path / "r.db"), "NO_COLOR": "1"}
    note = (
        f"Left out 1 chapter for 1 error ({tmp_path / 'ch4' / 'cards.yaml'}): run 'fmflash check' "
        "to see it. The other chapters go on.\n"
    )
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
    assert json.loads(shown.stdout)["notes"] == 6  # the root's 4 and the chapter's 2
    built = runner.invoke(cli, ["build", "--cards", str(cards)])
    assert built.exit_code == 1
    assert "ch4/cards.yaml:" in built.stderr
