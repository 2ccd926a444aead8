"""A shared course cannot escape: each way out is a located error or a refusal, nothing changed.

A card file's paths stay inside the project; outputs never replace an input, a file that is not
a regular file, or a file of another kind; inputs are regular files of bounded size. Each test
names the escape it closes, and checks that nothing outside the project was read into the
output and that no file was replaced or created.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fmflash.cli import cli
from fmflash.files.reading import MAX_INPUT_BYTES

ENV = {"SOURCE_DATE_EPOCH": "1764115200", "FMFLASH_NOW": "2026-03-01T09:00", "NO_COLOR": "1"}
CARDS = """\
deck:
  name: Course::1 Start
  notes: deck/notes.md
cards:
  - id: first
    section: Top
    front: What comes first?
    back: The first card.
"""
NOTES = "# Top\nThe first card.\n"
SECRET = "# Secret heading\npassword=hunter2\n"
CHAPTER = """\
deck:
  name: Course::2 Next
  notes: {notes}
cards: []
"""
CHECK_FAILED = "Error: 1 error found; fix it and run 'fmflash check' again.\n"
NOT_WRITTEN = "Error: 1 error found; nothing was written.\n"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course in tmp/a/course, run from its folder; outside it, tmp/x/.bashrc and a secret."""
    folder = tmp_path / "a" / "course"
    (folder / "deck").mkdir(parents=True)
    (folder / "deck" / "notes.md").write_text(NOTES)
    (folder / "cards.yaml").write_text(CARDS)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / ".bashrc").write_text("export PATH=/usr/bin\n")
    (tmp_path / "a" / "secret.conf").write_text(SECRET)
    monkeypatch.chdir(folder)
    return folder


def files_under(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Return every entry under a folder: its type and, for a regular file, its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        data = path.read_bytes() if stat.S_ISREG(mode) else b""
        found[str(path.relative_to(folder))] = (stat.S_IFMT(mode), data)
    return found


@contextmanager
def nothing_changes(folder: Path) -> Iterator[None]:
    """Check that no file under a folder (the course and around it) is changed or created."""
    before = files_under(folder)
    yield
    assert files_under(folder) == before


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=ENV)


def run_apart(*args: str) -> subprocess.CompletedProcess[str]:
    """Run fmflash in its own process: a FIFO or a device can only fail it, never hang the tests."""
    return subprocess.run(
        [sys.executable, "-m", "fmflash", *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, **ENV},
    )  # fmt: skip


def refused(folder: Path, *args: str, apart: bool = False) -> str:
    """Run a command that must fail (exit 1, no output) and change nothing; return its errors."""
    with nothing_changes(folder):
        if apart:
            process = run_apart(*args)
            code, stdout, stderr = process.returncode, process.stdout, process.stderr
        else:
            result = run(*args)
            code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    assert (code, stdout) == (1, ""), stderr
    return stderr


def with_package(package: str) -> str:
    return CARDS.replace("cards:\n", f"package: {package}\ncards:\n")


# Item 5: a card file's paths stay inside the project.


@pytest.mark.parametrize("command", ["check", "build", "show", "stats", "preview"])
def test_a_package_leading_out_of_the_project_is_a_located_error_in_every_command(
    course: Path, tmp_path: Path, command: str
) -> None:
    (course / "cards.yaml").write_text(with_package("../../x/.bashrc"))
    errors = refused(tmp_path, command, *(["first"] if command == "show" else []))
    assert errors.splitlines()[0] == (
        "cards.yaml:4:10: package '../../x/.bashrc' leads out of the project (the folder of "
        "cards.yaml); a card file's paths stay inside it"
    )


@pytest.mark.parametrize("package", ["x/.bashrc", "/dev/zero"])
def test_an_absolute_package_path_is_a_located_error(
    course: Path, tmp_path: Path, package: str
) -> None:
    absolute = str(tmp_path / package) if not package.startswith("/") else package
    (course / "cards.yaml").write_text(with_package(absolute))
    assert refused(tmp_path, "build") == (
        f"cards.yaml:4:10: package '{absolute}' is an absolute path; a card file's paths are "
        "relative to its folder and stay inside the project (the folder of cards.yaml)\n"
        + NOT_WRITTEN
    )


def test_chapter_notes_leading_out_are_a_located_error_and_never_read(
    course: Path, tmp_path: Path
) -> None:
    (course / "chapters" / "03").mkdir(parents=True)
    chapter = CHAPTER.format(notes="../../../secret.conf")
    (course / "chapters" / "03" / "cards.yaml").write_text(chapter)
    root = CARDS.replace("cards:\n", "chapters:\n  - chapters/03/cards.yaml\ncards:\n")
    (course / "cards.yaml").write_text(root)
    expected = (
        "chapters/03/cards.yaml:3:10: notes '../../../secret.conf' leads out of the project "
        "(the folder of cards.yaml); a card file's paths stay inside it\n"
    )
    assert refused(tmp_path, "check") == expected + CHECK_FAILED
    assert refused(tmp_path, "build") == expected + NOT_WRITTEN


@pytest.mark.parametrize("listed", ["../../x/cards.yaml", "/etc/passwd"])
def test_a_chapter_outside_the_project_is_a_located_error(
    course: Path, tmp_path: Path, listed: str
) -> None:
    root = CARDS.replace("cards:\n", f"chapters:\n  - {listed}\ncards:\n")
    (course / "cards.yaml").write_text(root)
    errors = refused(tmp_path, "check")
    assert errors.splitlines()[0].startswith(f"cards.yaml:5:5: chapter '{listed}' ")


def test_symbolic_links_leading_out_are_located_errors(course: Path, tmp_path: Path) -> None:
    (course / "elsewhere").symlink_to(tmp_path / "x")
    (course / "chapters").symlink_to(tmp_path / "x")
    (course / "secret.md").symlink_to(tmp_path / "a" / "secret.conf")
    chapter = CHAPTER.format(notes="notes.md")
    (tmp_path / "x" / "cards.yaml").write_text(chapter)
    root = with_package("elsewhere/course.apkg").replace(
        "cards:\n", "chapters:\n  - chapters/cards.yaml\ncards:\n"
    )
    (course / "cards.yaml").write_text(root.replace("notes: deck/notes.md", "notes: secret.md"))
    through = (
        "(the folder of cards.yaml) through a symbolic link; a card file's paths stay inside it"
    )
    assert refused(tmp_path, "check") == (
        f"cards.yaml:3:10: notes 'secret.md' leads out of the project {through}\n" + CHECK_FAILED
    )
    (course / "cards.yaml").write_text(root)
    assert refused(tmp_path, "build") == (
        f"cards.yaml:4:10: package 'elsewhere/course.apkg' leads out of the project {through}\n"
        f"cards.yaml:6:5: chapter 'chapters/cards.yaml' leads out of the project {through}\n"
        "Error: 2 errors found; nothing was written.\n"
    )


def test_default_outputs_in_a_folder_linked_out_of_the_project_are_refused(
    course: Path, tmp_path: Path
) -> None:
    (course / "deck" / "notes.md").rename(course / "notes.md")
    (course / "deck").rmdir()
    (course / "deck").symlink_to(tmp_path / "x")
    (course / "cards.yaml").write_text(CARDS.replace("deck/notes.md", "notes.md"))
    assert refused(tmp_path, "build") == (
        "cards.yaml: the package 'deck/start.apkg' leads out of the project (the folder of "
        "cards.yaml) through a symbolic link; a card file's paths stay inside it\n" + NOT_WRITTEN
    )
    assert refused(tmp_path, "preview") == (
        "Error: cannot write deck/preview.html: it leads out of the project (the folder of "
        "cards.yaml) through a symbolic link; nothing was written.\n"
    )


def test_notes_linked_out_after_a_build_are_refused_from_the_cache_too(
    course: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "review.sqlite3")
    assert run("check").exit_code == 0  # the cache now holds the deck
    assert run("stats", "--db", db).exit_code == 0  # and the reviewer's index
    (course / "deck" / "notes.md").unlink()
    (course / "deck" / "notes.md").symlink_to(tmp_path / "a" / "secret.conf")
    refusal = (
        "cards.yaml:3:10: notes 'deck/notes.md' leads out of the project (the folder of "
        "cards.yaml) through a symbolic link; a card file's paths stay inside it\n"
    )
    assert refused(tmp_path, "check") == refusal + CHECK_FAILED
    assert refused(tmp_path, "stats", "--db", db).startswith(refusal)


# Item 6: outputs never destroy.


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["build", "-o", "cards.yaml"], "a card file"),
        (["build", "-o", "deck/notes.md"], "a notes file"),
        (["build", "-o", "./deck/../deck/notes.md"], "a notes file"),
        (["preview", "-o", "cards.yaml"], "a card file"),
        (["preview", "-o", "deck/notes.md"], "a notes file"),
    ],
)
def test_an_output_never_replaces_an_input(
    course: Path, tmp_path: Path, args: list[str], what: str
) -> None:
    assert refused(tmp_path, *args) == (
        f"Error: cannot write {args[-1]}: it is {what} of this project; nothing was written.\n"
    )


def test_a_package_named_as_the_notes_or_a_chapter_is_a_located_error(
    course: Path, tmp_path: Path
) -> None:
    (course / "chapters").mkdir()
    (course / "chapters" / "notes.md").write_text("# Next\n")
    (course / "chapters" / "cards.yaml").write_text(CHAPTER.format(notes="notes.md"))
    chapters = "chapters:\n  - chapters/cards.yaml\ncards:\n"
    for package, what in [
        ("deck/notes.md", "a notes file"),
        ("chapters/cards.yaml", "a card file"),
        ("cards.yaml", "a card file"),
    ]:
        (course / "cards.yaml").write_text(with_package(package).replace("cards:\n", chapters))
        error = (
            f"cards.yaml:4:10: package '{package}' is {what} of this project; name an .apkg file\n"
        )
        assert refused(tmp_path, "check") == error + CHECK_FAILED
        assert refused(tmp_path, "build") == error + NOT_WRITTEN


def test_a_hard_link_to_an_input_is_the_input(course: Path, tmp_path: Path) -> None:
    os.link(course / "cards.yaml", course / "copy.apkg")
    assert refused(tmp_path, "build", "-o", "copy.apkg") == (
        "Error: cannot write copy.apkg: it is a card file of this project; nothing was written.\n"
    )


def make_fifo(path: Path) -> str:
    os.mkfifo(path)
    return "a FIFO (named pipe), not a regular file"


def make_device(path: Path) -> str:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")  # /dev/null's test covers this case
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null
    return "a character device, not a regular file"


def make_socket(path: Path) -> str:
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path.name)  # relative: a socket's path must be short
    listener.close()
    return "a socket, not a regular file"


def make_folder(path: Path) -> str:
    path.mkdir()
    return "a folder, not a file"


@pytest.mark.parametrize("make", [make_fifo, make_device, make_socket])
@pytest.mark.parametrize("command", ["build", "preview"])
def test_an_output_is_never_a_fifo_a_device_or_a_socket(
    course: Path, tmp_path: Path, make: object, command: str
) -> None:
    words = make(course / "target")  # type: ignore[operator]
    assert (
        refused(tmp_path, command, "-o", "target", apart=True)
        == f"Error: cannot write target: it is {words}; nothing was written.\n"
    )


def test_a_package_is_never_a_folder(course: Path, tmp_path: Path) -> None:
    (course / "cards.yaml").write_text(with_package("deck"))
    assert refused(tmp_path, "build") == (
        "Error: cannot write deck: it is a folder, not a file; nothing was written.\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root could replace /dev/null: a device in tmp")
def test_dev_null_is_never_replaced(course: Path, tmp_path: Path) -> None:
    assert refused(tmp_path, "build", "-o", "/dev/null", apart=True) == (
        "Error: cannot write /dev/null: it is a character device, not a regular file; "
        "nothing was written.\n"
    )
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize(
    ("command", "content", "kind"),
    [
        ("build", b"My essay.\n", "an Anki package"),
        ("preview", b"My essay.\n", "an HTML page"),
        ("preview", b"PK\x03\x04 a zip file", "an HTML page"),
    ],
)
def test_an_output_never_replaces_a_file_of_another_kind(
    course: Path, tmp_path: Path, command: str, content: bytes, kind: str
) -> None:
    (course / "essay.txt").write_bytes(content)
    assert refused(tmp_path, command, "-o", "essay.txt") == (
        f"Error: cannot write essay.txt: it is not {kind}; fmflash replaces no other kind of "
        "file; nothing was written.\n"
    )


def test_a_package_never_replaces_a_zip_that_is_not_an_anki_package(
    course: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(course / "thesis.docx", "w") as document:
        document.writestr("word/document.xml", "<w:document/>")
    assert refused(tmp_path, "build", "-o", "thesis.docx") == (
        "Error: cannot write thesis.docx: it is not an Anki package; fmflash replaces no other "
        "kind of file; nothing was written.\n"
    )


def test_outputs_replace_their_own_kind_and_go_anywhere_the_learner_names(
    course: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    for _ in range(2):  # the second time over the package and page the first wrote
        built = run("build", "-o", str(elsewhere / "course.apkg"))
        assert built.exit_code == 0, built.output
        previewed = run("preview", "-o", str(elsewhere / "page.html"))
        assert previewed.exit_code == 0, previewed.output
    assert zipfile.is_zipfile(elsewhere / "course.apkg")
    (elsewhere / "empty.apkg").touch()  # an empty file holds nothing to lose
    assert run("build", "-o", str(elsewhere / "empty.apkg")).exit_code == 0


# Item 7: inputs are regular files of bounded size.


def test_dev_zero_as_the_card_file_is_refused_without_reading_it(
    course: Path, tmp_path: Path
) -> None:
    assert refused(tmp_path, "check", "--cards", "/dev/zero", apart=True) == (
        "/dev/zero: is a character device, not a regular file\n" + CHECK_FAILED
    )


@pytest.mark.parametrize("make", [make_fifo, make_folder])
def test_notes_that_are_a_fifo_or_a_folder_are_refused(
    course: Path, make: object, tmp_path: Path
) -> None:
    (course / "deck" / "notes.md").unlink()
    words = make(course / "deck" / "notes.md")  # type: ignore[operator]
    assert refused(tmp_path, "check", apart=True) == f"deck/notes.md: is {words}\n" + CHECK_FAILED


def test_a_card_file_that_is_a_fifo_is_refused(course: Path, tmp_path: Path) -> None:
    os.mkfifo(course / "pipe.yaml")
    assert (
        refused(tmp_path, "build", "--cards", "pipe.yaml", apart=True)
        == "pipe.yaml: is a FIFO (named pipe), not a regular file\n" + NOT_WRITTEN
    )


@pytest.mark.parametrize("name", ["cards.yaml", "deck/notes.md"])
def test_inputs_larger_than_the_limit_are_refused(course: Path, tmp_path: Path, name: str) -> None:
    with open(course / name, "r+b") as stream:
        stream.truncate(MAX_INPUT_BYTES + 1)  # sparse: no 20 MB written
    assert (
        refused(tmp_path, "check")
        == f"{name}: is larger than 20 MB, the most fmflash reads\n" + CHECK_FAILED
    )


# chapter add writes only inside the project, and never over anything.


def test_chapter_add_keeps_its_notes_and_card_file_inside_the_project(
    course: Path, tmp_path: Path
) -> None:
    assert refused(tmp_path, "chapter", "add", "2 Next", "--notes", "../../x/notes.md") == (
        "../../x/notes.md: leads out of the project (the folder of cards.yaml); a chapter's "
        "notes and card file go inside it, where the root card file can list them\n" + NOT_WRITTEN
    )


def test_chapter_add_refuses_notes_that_are_not_a_regular_file(
    course: Path, tmp_path: Path
) -> None:
    (course / "chapters").mkdir()
    os.mkfifo(course / "chapters" / "notes.md")
    assert refused(
        tmp_path, "chapter", "add", "2 Next", "--notes", "chapters/notes.md", apart=True
    ) == ("chapters/notes.md: is a FIFO (named pipe), not a regular file\n" + NOT_WRITTEN)


def test_a_build_record_linked_out_of_the_project_is_never_read(
    course: Path, tmp_path: Path
) -> None:
    (course / "deck" / "start.record.json").symlink_to(tmp_path / "a" / "secret.conf")
    assert refused(tmp_path, "check") == (
        "cards.yaml: the package's build record 'deck/start.record.json' leads out of the "
        "project (the folder of cards.yaml) through a symbolic link; a card file's paths stay "
        "inside it\n" + CHECK_FAILED
    )
    (course / "cards.yaml").write_text(with_package("deck/course.apkg"))
    (course / "deck" / "course.record.json").symlink_to(tmp_path / "a" / "secret.conf")
    assert refused(tmp_path, "build") == (
        "cards.yaml:4:10: package's build record 'deck/course.record.json' leads out of the "
        "project (the folder of cards.yaml) through a symbolic link; a card file's paths stay "
        "inside it\n" + NOT_WRITTEN
    )
