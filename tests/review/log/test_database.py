"""Opening the review database: new files made safely together, SQLite's errors explained."""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fmflash.errors import FmflashError
from fmflash.review.log.database import APPLICATION_ID, connect

from ...files.test_atomic import ctrl_c_once_made


def open_together(path: str, start: Any, results: Any) -> None:
    """Open the database once every session is ready, and say how it went."""
    start.wait()
    try:
        connect(path).close()
        results.put("ok")
    except FmflashError as error:
        results.put(str(error))


def test_sessions_starting_together_on_a_new_file_all_open_it(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    refused = []
    for trial in range(4):
        path = str(tmp_path / f"review-{trial}.db")
        start, results = context.Barrier(8), context.Queue()
        sessions = [context.Process(target=open_together, args=(path, start, results))
                    for _ in range(8)]  # fmt: skip
        for session in sessions:
            session.start()
        for session in sessions:
            session.join()
        refused += [said for said in (results.get() for _ in sessions) if said != "ok"]
        with connect(path) as db:
            assert db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    assert refused == []
    assert sorted(path.name for path in tmp_path.iterdir() if "review" not in path.name) == []


@functools.cache
def private_mounts_available() -> bool:
    """Tell whether a file can be bind-mounted read-only in a private namespace here."""
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-Urm", "true"], capture_output=True, check=False)
    return probe.returncode == 0


# Runs in a private mount namespace: a stale -shm left read-only (bind-mounted read-only, so
# that even root cannot write it), then a write to the database.
STALE_SHM = """
set -e
"$PYTHON" -c "
import shutil, sqlite3
from fmflash.review.log.database import connect
connect('review.db').close()
reader = sqlite3.connect('review.db')
reader.execute('SELECT count(*) FROM review_log').fetchone()
shutil.copy('review.db-shm', 'kept-shm')
reader.close()
"
cp kept-shm review.db-shm
mount --bind -o ro review.db-shm review.db-shm
"$PYTHON" -c "
import json
from fmflash.errors import FmflashError
from fmflash.review.log.store import ReviewStore
try:
    store = ReviewStore.open('review.db')
    store.save_fsrs_parameters(None)
    print(json.dumps('written'))
except FmflashError as error:
    print(json.dumps(str(error)))
"
"""


@pytest.mark.skipif("not private_mounts_available()", reason="no private mount namespace here")
def test_a_stale_read_only_shm_is_named_with_what_to_delete(tmp_path: Path) -> None:
    # The interpreter running the tests, whether or not its virtual environment is active.
    done = subprocess.run(["unshare", "-Urm", "sh", "-c", STALE_SHM], cwd=tmp_path,
                          env={**os.environ, "PYTHON": sys.executable},
                          capture_output=True, text=True, check=True)  # fmt: skip
    shm = tmp_path / "review.db-shm"
    assert done.stderr == ""
    assert json.loads(done.stdout) == (
        "cannot write review.db: its shared-memory file review.db-shm is read-only, left by "
        "an earlier session; delete it (it holds no review, only an index SQLite rebuilds) "
        "and try again"
    )
    assert shm.exists()  # explained, not deleted: fmflash cannot know who else has it open


def test_ctrl_c_while_a_new_database_is_made_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state" / "review.sqlite3"
    with monkeypatch.context() as patched:
        ctrl_c_once_made(patched, "open")
        with pytest.raises(KeyboardInterrupt):
            connect(str(path)).close()
    assert list(path.parent.iterdir()) == []
    connect(str(path)).close()  # the next start makes it
    assert [child.name for child in path.parent.iterdir()] == ["review.sqlite3"]
