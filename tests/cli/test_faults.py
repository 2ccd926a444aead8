"""When the file system says no: one line naming the path, exit 1, and nothing lost or half-written.

Full disks and read-only folders are real: each scenario runs in a private mount namespace
(``unshare``) on a tiny tmpfs. Where this machine cannot make one, those tests skip, and the
same promises are checked by injecting the error (here and in ``tests/files/``).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmflash.cli import cli

from ..conftest import CARDS, NOTES, WriteProject, by_item

NOW = {"FMFLASH_NOW": "2026-03-01T09:00", "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1764115200"}


@functools.cache
def tiny_filesystem_available() -> bool:
    """Tell whether a tmpfs can be mounted in a private namespace here."""
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_tiny_filesystem = pytest.mark.skipif(
    "not tiny_filesystem_available()", reason="cannot mount a tmpfs in a private namespace here"
)

# Runs inside the namespace, on the tiny file system mounted at argv[1]; prints a JSON report.
PRELUDE = """
import json, os, subprocess, sys
root, given = sys.argv[1], json.load(open(sys.argv[2]))
os.chdir(root)
open("cards.yaml", "w").write(given["cards"])
open("notes.md", "w").write(given["notes"])
env = {**os.environ, **given["env"]}

def fmflash(*args, keys=""):
    done = subprocess.run([sys.executable, "-m", "fmflash", *args], input=keys,
                          capture_output=True, text=True, env=env)
    return {"code": done.returncode, "out": done.stdout, "err": done.stderr}

def fill_disk(leave=0):
    handle = os.open("filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(handle, b"\\0" * 4096)
    except OSError:
        pass
    os.close(handle)
    os.truncate("filler", max(0, os.path.getsize("filler") - leave))

OURS = ("deck/test-deck.apkg", "deck/test-deck.record.json")  # the package and its record

def snapshot(*paths):
    return {path: open(path, "rb").read().hex() for path in paths}

def leftovers():
    return sorted(name for folder in (".", "deck") for name in os.listdir(folder)
                  if name.startswith(".fmflash-"))
"""


def in_tiny_filesystem(tmp_path: Path, scenario: str, *, size_kb: int = 512) -> dict[str, object]:
    """Run a scenario on a fresh tmpfs of ``size_kb`` in a private namespace; return its report."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    script = tmp_path / "scenario.py"
    script.write_text(PRELUDE + textwrap.dedent(scenario), encoding="utf-8")
    given = tmp_path / "given.json"
    env = {**NOW, "FMFLASH_CACHE_DIR": str(tmp_path / "cache")}
    given.write_text(json.dumps({"cards": CARDS, "notes": NOTES, "env": env}), encoding="utf-8")
    done = subprocess.run(
        ["unshare", "-Urm", "sh", "-c",
         f'mount -t tmpfs -o size={size_kb}k tmpfs "$1" && shift && exec "$@"',
         "sh", str(mount), sys.executable, str(script), str(mount), str(given)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return report


@needs_tiny_filesystem
def test_a_full_disk_keeps_the_previous_package_and_record(tmp_path: Path) -> None:
    report = in_tiny_filesystem(
        tmp_path,
        """
        first = fmflash("build")
        open("cards.yaml", "w").write(given["cards"].replace("14 GB.", "At least 14 GB."))
        before = snapshot(*OURS)
        fill_disk()
        second = fmflash("build")
        print(json.dumps({"first": first["code"], "second": second, "leftovers": leftovers(),
                          "same": snapshot(*OURS) == before}))
        """,
    )
    assert report["first"] == 0
    assert report["second"] == {
        "code": 1,
        "out": "",
        "err": "Error: cannot write deck/test-deck.record.json: no space left on device; nothing "
        "was written.\n",
    }
    assert report["same"] is True
    assert report["leftovers"] == []


@needs_tiny_filesystem
def test_a_read_only_deck_folder_refuses_every_write_and_changes_nothing(tmp_path: Path) -> None:
    report = in_tiny_filesystem(
        tmp_path,
        """
        fmflash("build")
        open("notes.md", "w").write(given["notes"].replace("needs 14 GB.", "needs 15 GB."))
        open("cards.yaml", "w").write(given["cards"].split("  - id: sampling-definition")[0])
        fmflash("build")  # one stale card, one removed card
        open("cards.yaml", "w").write(given["cards"].replace("46.7 billion.", "46.7B."))
        before = snapshot(*OURS)
        subprocess.run(["mount", "-o", "remount,ro", root], check=True)
        results = {
            "build": fmflash("build"),
            "confirm": fmflash("confirm", "--package", "deck/test-deck.apkg", "weights-memory"),
            "removed": fmflash("removed", "--package", "deck/test-deck.apkg", "--acknowledge"),
            "preview": fmflash("preview", "-o", "deck/preview.html"),
            "review": fmflash("review", "--package", OURS[0], "--db", "deck/review.db",
                              keys="q\\n"),
        }
        print(json.dumps({"results": results, "leftovers": leftovers(),
                          "same": snapshot(*OURS) == before}))
        """,
    )
    results = report["results"]
    assert isinstance(results, dict)
    read_only = "read-only file system"
    assert {command: (r["code"], r["err"]) for command, r in results.items()} == {
        "build": (
            1,
            f"Error: cannot write deck/test-deck.record.json: {read_only}; nothing was written.\n",
        ),
        "confirm": (
            1,
            f"Error: cannot write deck/test-deck.record.json: {read_only}; nothing was "
            "confirmed.\n",
        ),
        "removed": (0, ""),  # acknowledging writes this machine's state, outside the project
        "preview": (
            1,
            f"Error: cannot write deck/preview.html: {read_only}; nothing was written.\n",
        ),
        "review": (1, f"Error: cannot write deck/review.db: {read_only}; nothing was reviewed.\n"),
    }
    assert report["same"] is True
    assert report["leftovers"] == []


@needs_tiny_filesystem
def test_a_disk_that_fills_up_mid_review_keeps_every_acknowledged_grade(tmp_path: Path) -> None:
    report = in_tiny_filesystem(
        tmp_path,
        """
        import sqlite3
        fmflash("review", "--db", "r.db", keys="\\n5\\nq\\n")  # the database exists
        fill_disk(leave=96 * 1024)  # room for a few grades, not for the session
        session = fmflash("review", "--db", "r.db", "--new", "20", keys="\\n4\\n" * 20)
        os.unlink("filler")
        db = sqlite3.connect("r.db")
        print(json.dumps({
            "session": session,
            "shown": session["out"].count("re-drill 0") + session["out"].count("re-drill 1"),
            "logged": db.execute("SELECT count(*) FROM review_log").fetchone()[0],
            "integrity": db.execute("PRAGMA integrity_check").fetchone()[0],
        }))
        """,
    )
    session = report["session"]
    assert isinstance(session, dict)
    assert session["code"] == 1
    assert session["err"] == (
        "Error: cannot write r.db: no space left on device (database or disk is full); "
        "every grade before this card is saved.\n"
    )
    shown = report["shown"]
    assert isinstance(shown, int)
    assert shown >= 2  # some grades were saved before the disk filled up
    # Every card shown before the last one was graded and acknowledged by the next card.
    assert report["logged"] == 1 + (shown - 1)
    assert report["integrity"] == "ok"


def test_a_full_disk_mid_review_injected(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fmflash.review.log.schedule_cache import ScheduleCache

    cards = write_project()
    db = tmp_path / "r.db"
    original = ScheduleCache.write
    calls: list[str] = []

    def write_until_full(self: ScheduleCache, scheduler, card_key: str, schedule):  # type: ignore[no-untyped-def]
        # Inside the grade's transaction, as SQLite itself reports a full disk.
        calls.append(card_key)
        if len(calls) > 2:
            full = sqlite3.OperationalError("database or disk is full")
            full.sqlite_errorcode = 13  # type: ignore[attr-defined]
            raise full
        original(self, scheduler, card_key, schedule)

    monkeypatch.setattr(ScheduleCache, "write", write_until_full)
    env = {**NOW, "FMFLASH_DB": str(db)}
    result = CliRunner().invoke(cli, ["review", "--cards", str(cards)], input="\n5\n" * 5, env=env)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {db}: no space left on device (database or disk is full); "
        "every grade before this card is saved.\n"
    )
    connection = sqlite3.connect(db)
    assert by_item(
        cards, connection.execute("SELECT card_key FROM review_log ORDER BY id").fetchall()
    ) == [
        ("transformer-dominates",),
        ("weights-memory",),
    ]
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize(
    ("command", "action"),
    [
        (["build", "-o", "README.md/x.apkg"], "nothing was written"),
        (["preview", "-o", "README.md/x.html"], "nothing was written"),
        (["review", "--db", "README.md/x.db"], "nothing was reviewed"),
        (["stats", "--db", "README.md/x.db"], "no statistics"),
    ],
)
def test_a_file_where_a_folder_should_be_is_an_error_not_a_traceback(
    write_project: WriteProject,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    action: str,
) -> None:
    write_project()
    (tmp_path / "README.md").write_text("# a file, not a folder\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, command, input="q\n", env=NOW)
    verb = "cannot read" if command[0] == "stats" else "cannot write"
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {verb} {command[-1]}: README.md is a file, not a folder; {action}.\n"
    )
    assert (tmp_path / "README.md").read_text() == "# a file, not a folder\n"


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_a_folder_that_refuses_new_files(write_project: WriteProject) -> None:
    cards = write_project()
    result = CliRunner().invoke(cli, ["preview", "--cards", str(cards), "-o", "/proc/x.html"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write /proc/x.html: ")
    assert result.stderr.endswith("; nothing was written.\n")


@needs_tiny_filesystem
def test_a_full_temporary_folder_is_named_and_the_package_kept(tmp_path: Path) -> None:
    report = in_tiny_filesystem(
        tmp_path,
        """
        first = fmflash("build")
        open("cards.yaml", "w").write(given["cards"].replace("14 GB.", "At least 14 GB."))
        os.mkdir("tmp")  # a second tiny file system, full: only the temporary folder is
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", "tmp"], check=True)
        env["TMPDIR"] = os.path.join(root, "tmp")
        before = snapshot(*OURS)
        os.chdir("tmp")
        fill_disk(leave=8192)  # room for Python's probe of the folder, not for a collection
        os.chdir(root)
        second = fmflash("build")
        print(json.dumps({"first": first["code"], "second": second, "leftovers": leftovers(),
                          "same": snapshot(*OURS) == before, "root": root,
                          "tmp": sorted(set(os.listdir("tmp")) - {"filler"})}))
        """,
    )
    assert report["first"] == 0
    assert report["second"] == {
        "code": 1,
        "out": "",
        "err": f"Error: cannot write {report['root']}/tmp: no space left on device; nothing was "
        "written.\n",
    }
    assert report["same"] is True
    assert report["leftovers"] == []
    assert report["tmp"] == []


@pytest.mark.parametrize(
    ("step", "failing"),
    [
        ("writing", "test-deck.apkg"),
        ("writing", "test-deck.record.json"),
        ("keeping", "test-deck.apkg"),
        ("keeping", "test-deck.record.json"),
        ("renaming", "test-deck.apkg"),
        ("renaming", "test-deck.record.json"),
    ],
)
def test_a_full_disk_at_any_step_of_a_build_changes_nothing_and_says_so(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    step: str, failing: str,
) -> None:  # fmt: skip
    """ENOSPC at each step of writing the package and its record: both stay as they were."""
    import errno

    from click.testing import CliRunner

    from fmflash.cli import cli
    from fmflash.files import together
    from fmflash.files.reasons import file_error

    cards = write_project()
    runner = CliRunner()
    assert runner.invoke(cli, ["build"], env=NOW).exit_code == 0
    deck = tmp_path / "deck"
    before = {path.name: path.read_bytes() for path in deck.iterdir()}
    cards.write_text(CARDS.replace("14 GB.", "At least 14 GB."), encoding="utf-8")
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    real_scratch, real_replace, real_link = together.scratch_beside, os.replace, os.link

    def scratch(path: str, data: bytes, *, made: list[str]) -> None:
        if step == "writing" and path.endswith(failing):
            raise file_error("cannot write", path, full)
        real_scratch(path, data, made=made)

    def replace(source: str, target: str) -> None:
        if step == "renaming" and str(target).endswith(failing):
            raise full
        real_replace(source, target)

    def link(source: str, target: str) -> None:
        if step == "keeping" and str(source).endswith(failing):
            raise full
        real_link(source, target)

    def copy(source: str, target: str) -> None:
        raise full  # no room for a copy either

    with monkeypatch.context() as patched:
        patched.setattr(together, "scratch_beside", scratch)
        patched.setattr(together.os, "replace", replace)
        patched.setattr(together.os, "link", link)
        patched.setattr(together.shutil, "copyfile", copy)
        result = runner.invoke(cli, ["build"], env=NOW)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: cannot write deck/{failing}: no space left on device; nothing was written.\n"
    )
    assert {path.name: path.read_bytes() for path in deck.iterdir()} == before
    check = runner.invoke(cli, ["build", "--check"], env=NOW)
    assert check.exit_code == 1
    assert "is out of date (since the last build of deck/test-deck.apkg: 0 new, 1 changed" in (
        check.stderr
    )
