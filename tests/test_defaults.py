"""Tests for the user's folders (fmflash/defaults.py): where they were before platformdirs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import pytest

from fmflash.defaults import cache_folder, review_database, state_folder

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the folders of Linux")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "FMFLASH_CACHE_DIR",
                 "FMFLASH_STATE_DIR"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_the_folders_are_where_earlier_versions_kept_them(home: Path) -> None:
    assert cache_folder() == str(home / ".cache" / "fmflash")
    assert state_folder() == str(home / ".local" / "share" / "fmflash" / "projects")
    assert review_database() == str(home / ".config" / "fmflash" / "review.sqlite3")


def test_the_review_database_stays_where_click_put_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert review_database() == os.path.join(click.get_app_dir("fmflash"), "review.sqlite3")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "settings"))
    assert review_database() == os.path.join(click.get_app_dir("fmflash"), "review.sqlite3")
    assert review_database() == str(home / "settings" / "fmflash" / "review.sqlite3")


def test_the_platform_folders_follow_the_xdg_variables(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "c"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "d"))
    assert cache_folder() == str(home / "c" / "fmflash")
    assert state_folder() == str(home / "d" / "fmflash" / "projects")


def test_fmflash_variables_move_the_cache_and_the_state(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FMFLASH_CACHE_DIR", str(home / "my-cache"))
    monkeypatch.setenv("FMFLASH_STATE_DIR", str(home / "my-state"))
    assert cache_folder() == str(home / "my-cache")
    assert state_folder() == str(home / "my-state")
