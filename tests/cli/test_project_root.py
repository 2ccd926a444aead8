"""fmflash works from any folder of a project: it finds cards.yaml as git finds its repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fmflash.cli import cli
from fmflash.cli.common import find_card_file

from ..conftest import CARDS, WriteProject

ENV = {"SOURCE_DATE_EPOCH": "1764115200", "FMFLASH_NOW": "2026-03-01T09:00", "NO_COLOR": "1"}
PACKAGE = "test-deck.apkg"


@pytest.fixture
def project(write_project: WriteProject, tmp_path: Path) -> Path:
    """A project with its notes in deck/, as this repository has them; returns its root."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "deck").mkdir()
    write_project(CARDS.replace("notes: notes.md", "notes: deck/notes.md"))
    (tmp_path / "notes.md").rename(tmp_path / "deck" / "notes.md")
    return tmp_path


def test_check_from_a_subfolder_finds_the_card_file_and_names_paths_from_here(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "deck")
    result = CliRunner().invoke(cli, ["check"], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == (
        "../cards.yaml: OK, 4 notes, 5 cards (3 question/answer, 1 cloze, 0 computed notes) "
        "from 4 sections of notes.md."
    )


def test_one_project_has_one_package_wherever_you_stand(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    first = CliRunner().invoke(cli, ["build"], env=ENV)
    assert first.stdout.startswith(f"Built deck/{PACKAGE}: 4 notes, 5 cards.\n")
    monkeypatch.chdir(project / "deck")
    for args in (["build"], ["build", "--cards", "../cards.yaml"]):
        again = CliRunner().invoke(cli, args, env=ENV)
        assert again.stdout == (
            f"{PACKAGE} is up to date: 4 notes, 5 cards, no changes since its last build.\n"
        )
    assert sorted(p.name for p in (project / "deck").iterdir()) == [
        "notes.md",
        PACKAGE,
        "test-deck.record.json",
    ]


def test_the_nearest_card_file_wins_and_cards_still_wins_over_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = project / "deck" / "cards.yaml"
    inner.write_text(CARDS, encoding="utf-8")  # a project of its own inside deck/
    monkeypatch.chdir(project / "deck")
    assert find_card_file(".") == "cards.yaml"
    monkeypatch.chdir(project)
    assert find_card_file(str(project / "deck")) == "cards.yaml"
    result = CliRunner().invoke(cli, ["check", "--cards", "cards.yaml"], env=ENV)
    assert result.stdout.splitlines()[-1].startswith("cards.yaml: OK, 4 notes")


def test_review_and_stats_from_a_subfolder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "deck")
    env = {**ENV, "FMFLASH_DB": str(project / "review.db")}
    assert CliRunner().invoke(cli, ["review"], input="\n5\nq\n", env=env).exit_code == 0
    stats = CliRunner().invoke(cli, ["stats"], env=env)
    assert stats.stdout.startswith("Cards: 5 from 4 notes (new 4, learning 1,")


def test_no_card_file_says_where_it_looked_and_how_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path / "notes")
    for command in (["check"], ["build"], ["review"], ["removed"]):
        result = CliRunner().invoke(cli, command, env=ENV)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: no cards.yaml in {tmp_path / 'notes'} or any folder above it (looked up to "
            f"{tmp_path}, the repository root). Run fmflash inside a project, or name the card "
            "file: --cards PATH\n"
        )


@pytest.fixture
def course(write_project: WriteProject, tmp_path: Path) -> Path:
    """A course of two chapters, the second in chapters/03; returns its root folder."""
    from ..cards.test_project import CHAPTER, with_chapters, write_chapter

    (tmp_path / ".git").mkdir()
    write_chapter(tmp_path, "chapters/03", CHAPTER)
    write_project(with_chapters("chapters/03/cards.yaml"))
    return tmp_path


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, env=env, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_every_command_acts_on_the_whole_course_from_a_chapter_folder(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From chapters/03 each command says what it says at the root; nothing lands in 03."""
    env = {**ENV, "FMFLASH_DB": str(course / "review.db")}
    chapter = course / "chapters" / "03"
    before = files_under(chapter)
    commands: list[tuple[list[str], str | None]] = [
        (["check"], None),
        (["build"], None),
        (["build", "--check"], None),
        (["stats", "--json"], None),
        (["show", "perplexity"], None),
        (["show", "weights-memory"], None),
        (["removed"], None),
        (["pending"], None),
        (["pending", "--json"], None),
        (["confirm", "--all-in", "Sampling"], None),
        (["review", "--new", "1"], "\n5\nq\n"),
        (["stats", "--json"], None),
    ]
    at_root = []
    monkeypatch.chdir(course)
    for args, stdin in commands:
        at_root.append(run(args, env, stdin))
    # The same again from the chapter's folder, on a fresh review database and no package.
    for name in ("review.db", "deck"):
        target = course / name
        if target.is_dir():
            for path in target.iterdir():
                path.unlink()
            target.rmdir()
        else:
            target.unlink()
    monkeypatch.chdir(chapter)
    for (args, stdin), root_said in zip(commands, at_root, strict=True):
        code, out, err = run(args, env, stdin)
        assert code == root_said[0] == 0, (args, out, err)
        # Paths are named from where the learner stands: ../../ from the chapter's folder.
        assert out.replace("../../", "") == root_said[1].replace("chapters/03/", ""), args
        assert err.replace("../../", "") == root_said[2].replace("chapters/03/", ""), args
    assert files_under(chapter) == before
    assert (course / "deck" / "test-deck.apkg").exists()


def test_preview_and_chapter_add_from_a_chapter_folder_write_at_the_root(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chapter = course / "chapters" / "03"
    before = files_under(chapter)
    monkeypatch.chdir(chapter)
    preview = CliRunner().invoke(cli, ["preview"], env=ENV)
    assert preview.exit_code == 0, preview.output
    assert preview.stdout == "Wrote ../../deck/preview.html: 6 notes, 7 cards.\n"
    added = CliRunner().invoke(
        cli, ["chapter", "add", "4 Prompts", "--notes", "../04/notes.md"], env=ENV
    )
    assert added.exit_code == 0, added.output
    assert added.stdout.splitlines()[2] == (
        "Listed it in ../../cards.yaml: chapters: - chapters/04/cards.yaml"
    )
    assert files_under(chapter) == before
    assert "chapters:" not in (chapter / "cards.yaml").read_text()
    monkeypatch.chdir(course)
    check = CliRunner().invoke(cli, ["check"], env=ENV)
    assert check.exit_code == 0, check.output
    assert check.stdout.splitlines()[-1].startswith("cards.yaml: OK, 6 notes, 7 cards")


def test_a_chapter_card_file_named_with_cards_stands_for_its_course(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--cards naming a chapter's card file acts on the course, as from its folder."""
    result = CliRunner().invoke(cli, ["check", "--cards", "chapters/03/cards.yaml"], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("cards.yaml: OK, 6 notes, 7 cards")


def test_a_broken_root_is_still_the_root_of_its_chapters(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A syntax error in the root card file is reported, never a chapter taken for a course."""
    root = course / "cards.yaml"
    root.write_text(root.read_text() + "  - id: [\n", encoding="utf-8")
    monkeypatch.chdir(course / "chapters" / "03")
    result = CliRunner().invoke(cli, ["check"], env=ENV)
    assert result.exit_code == 1
    assert result.stderr.startswith("../../cards.yaml:")
    assert "YAML syntax error" in result.stderr


def test_the_help_names_no_course_but_the_learners(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fmflash --help speaks of any course: it names no fixed title."""
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2] == (
        "  Flashcards for your study notes: notes in Markdown, cards in YAML."
    )
    assert "Foundation Models" not in result.stdout


def test_build_watch_from_a_chapter_folder_watches_the_whole_course(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from fmflash.apkg import watch

    chapter = course / "chapters" / "03"
    before = files_under(chapter)
    real = watch.watch_and_build
    edits = iter([lambda: (chapter / "cards.yaml").write_text(
        (chapter / "cards.yaml").read_text().replace("No, it is hard.", "No."))])  # fmt: skip

    def sleep(seconds: float) -> None:
        edit = next(edits, None)
        if edit is None:
            raise KeyboardInterrupt
        edit()
        os.utime(chapter / "cards.yaml", ns=(0, 10**9))  # a new time, whatever the clock

    monkeypatch.setattr(watch, "watch_and_build", lambda *a, **k: real(*a, **k, sleep=sleep))
    monkeypatch.chdir(chapter)
    result = CliRunner().invoke(cli, ["build", "--watch"], env=ENV)
    lines = result.stdout.splitlines()
    assert lines[0] == "Built ../../deck/test-deck.apkg: 6 notes, 7 cards."
    assert (
        "Watching ../../cards.yaml, ../../notes.md, cards.yaml, notes.md (Ctrl-C stops)." in lines
    )
    assert (
        "Since the last build of ../../deck/test-deck.apkg: 0 new, 1 changed, 5 unchanged notes."
        in lines
    )
    assert lines[-1] == "Stopped watching."
    assert [line for line in files_under(chapter) if line not in before] == []
