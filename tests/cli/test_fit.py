"""fmflash fit on a real Anki collection whose history a simulated learner wrote, merged in."""

from __future__ import annotations

import json
import math
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from click.testing import CliRunner, Result
from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview
from fsrs_rs_python import evaluate_with_time_series_splits as fsrs_rs_time_series_splits

from fmflash.cli import cli
from fmflash.review.log.store import ReviewStore
from fmflash.review.scheduling.grades import Sm2Grade
from fmflash.review.scheduling.scheduler import SM2

from ..conftest import CARDS, WriteProject, review_keys
from ..learner import learner_history
from ..synthetic import write_deck

START = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)  # the learner's first day in Anki
ENV = {"FMFLASH_NOW": "2026-03-10T09:00", "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1764115200"}


def fmflash(cards: Path, db: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    environment = {**ENV, **(env or {}), "FMFLASH_DB": str(db)}
    return CliRunner().invoke(cli, [*args, "--cards", str(cards)], env=environment)


def write_revlog(col: Collection) -> dict[int, list[tuple[int, int]]]:
    """Write the simulated learner's history into Anki's review log, one card of 70 each."""
    card_ids = sorted(col.find_cards("deck:Synthetic"))[:70]
    assert len(card_ids) == 70
    histories = dict(zip(card_ids, learner_history(), strict=True))
    rows = []
    for number, (card_id, history) in enumerate(histories.items()):
        last = 0
        for index, (day, ease) in enumerate(history):
            at = START + timedelta(days=day, seconds=number)
            ivl = day - last
            rows.append((int(at.timestamp() * 1000), card_id, -1, ease, ivl, 0, 2500, 6000,
                         0 if index == 0 else 1))  # fmt: skip
            last = day
    col.db.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return histories


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[FSRSItem]]:
    """A 70-card project, its Anki history (1,000+ reviews over six months) merged into a log.

    Also returns fsrs-rs's own items for the same history, made from Anki's rows directly.
    """
    folder = tmp_path_factory.mktemp("learner")
    cards = write_deck(folder, 80)
    env = {"FMFLASH_CACHE_DIR": str(folder / "cache"), "FMFLASH_STATE_DIR": str(folder / "state")}
    db = folder / "review.db"
    assert fmflash(cards, db, "build", env=env).exit_code == 0
    collection = folder / "anki" / "collection.anki2"
    collection.parent.mkdir()
    col = Collection(str(collection))
    col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(folder / "deck" / "synthetic.apkg"), options=ImportAnkiPackageOptions()
    ))  # fmt: skip
    histories = write_revlog(col)
    col.close()
    imported = fmflash(cards, db, "import-anki", str(collection), "--json", env=env)
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["added"] >= 1000
    timed = []
    for number, history in enumerate(histories.values()):
        reviews = []
        for index, (day, ease) in enumerate(history):
            reviews.append(FSRSReview(ease, day - history[index - 1][0] if index else 0))
            if index:
                timed.append((START + timedelta(days=day, seconds=number), FSRSItem(reviews)))
    timed.sort(key=lambda pair: pair[0])
    return cards, db, [item for _, item in timed]


@pytest.fixture
def learner(merged: tuple[Path, Path, list[FSRSItem]], tmp_path: Path
            ) -> tuple[Path, Path, list[FSRSItem]]:  # fmt: skip
    """The merged project with its own copy of the review database."""
    cards, db, items = merged
    copy = tmp_path / "review.db"
    shutil.copy(db, copy)
    return cards, copy, items


def test_fit_recovers_a_memory_unlike_the_defaults_and_scores_as_fsrs_rs_does(
    learner: tuple[Path, Path, list[FSRSItem]],
) -> None:
    cards, db, items = learner
    result = fmflash(cards, db, "fit", "--json")
    assert result.exit_code == 0, result.output
    fit = json.loads(result.stdout)
    assert fit["cards"] == 70
    assert fit["reviews"] == len(items) + 70
    assert len(fit["parameters"]) == 21
    assert fit["parameters"] != pytest.approx(list(DEFAULT_PARAMETERS), abs=1e-3)
    scores = fit["evaluation"]
    assert scores["fsrs_fitted"]["log_loss"] < scores["fsrs_default"]["log_loss"]
    assert scores["fsrs_default"]["log_loss"] < scores["sm2"]["log_loss"]
    # The fitted figures are fsrs-rs's own time-series splits on the same items.
    theirs = fsrs_rs_time_series_splits(items)
    assert scores["fsrs_fitted"]["log_loss"] == pytest.approx(theirs.log_loss, abs=0.01)
    assert scores["fsrs_fitted"]["rmse_bins"] == pytest.approx(theirs.rmse_bins, abs=0.01)
    # The defaults are scored on the items those splits test (all but the oldest sixth), each
    # weighing 1: fsrs-rs's evaluate of one item alone is that item's log loss.
    held_out = items[len(items) // 6 :]
    default = FSRS(list(DEFAULT_PARAMETERS))
    per_item = [default.evaluate([item]).log_loss for item in held_out]
    assert scores["fsrs_default"]["log_loss"] == pytest.approx(
        math.fsum(per_item) / len(per_item), abs=0.01
    )
    # fsrs-rs's evaluate of them all weighs recent items more; its bins are the same.
    assert scores["fsrs_default"]["rmse_bins"] == pytest.approx(
        default.evaluate(held_out).rmse_bins, abs=0.01
    )


def forecast(cards: Path, db: Path) -> tuple[str, list[int]]:
    result = fmflash(cards, db, "stats", "--scheduler", "fsrs", "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    return stats["scheduler"], stats["forecast"]


def test_saved_parameters_move_fsrs_due_dates_and_reset_restores_them(
    learner: tuple[Path, Path, list[FSRSItem]],
) -> None:
    cards, db, _ = learner
    title, defaults = forecast(cards, db)
    assert title == "FSRS (desired retention 90%)"
    saved = fmflash(cards, db, "fit", "--save")
    assert saved.exit_code == 0, saved.output
    reviews = f"{json.loads(fmflash(cards, db, 'fit', '--json').stdout)['reviews']:,}"
    assert saved.stdout.endswith(
        f"Saved: FSRS now schedules with your parameters (fitted on {reviews} reviews on "
        "2026-03-10), in review and stats, and stats --compare measures with them; fmflash fit "
        "--reset goes back to the defaults.\n"
    )
    title, yours = forecast(cards, db)
    assert title == (
        f"FSRS, your parameters (fitted on {reviews} reviews on 2026-03-10), desired retention 90%"
    )
    assert yours != defaults
    # This learner forgets faster than the defaults assume: more cards fall due within 30 days.
    assert sum(yours) > sum(defaults)
    # Replays are pure: the same log and parameters give the same schedule, cached or not.
    assert forecast(cards, db)[1] == yours
    session = CliRunner().invoke(cli, ["review", "--scheduler", "fsrs", "--cards", str(cards)],
                                 input="q\n", env={**ENV, "FMFLASH_DB": str(db)})  # fmt: skip
    assert session.exit_code == 0, session.output
    assert session.stdout.replace("\n  ", " ").endswith(f"Scheduled by {title}.\n")
    reset = fmflash(cards, db, "fit", "--reset")
    assert reset.stdout == (
        f"FSRS uses its default parameters again (your parameters (fitted on {reviews} reviews "
        "on 2026-03-10) forgotten).\n"
    )
    assert forecast(cards, db) == ("FSRS (desired retention 90%)", defaults)


def test_too_few_reviews_to_fit_is_said_and_nothing_is_saved(
    write_project: WriteProject, tmp_path: Path
) -> None:
    cards = write_project(CARDS)
    db = tmp_path / "review.db"
    keys = review_keys(cards)
    store = ReviewStore.open(str(db))
    day = datetime(2026, 3, 1, 9, tzinfo=UTC)
    for number, key in enumerate(sorted(keys.values())):
        for offset in (0, 1, 3):
            when = day + timedelta(days=offset, minutes=number)
            store.record(key, Sm2Grade(4), now=when, day=when.date(), scheduler=SM2)
    store.close()
    result = fmflash(cards, db, "fit", "--save")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot fit {db}: it takes at least 64 reviews of cards already reviewed on an "
        "earlier day; this project's log has 10 (of 15 reviews of 5 cards). Review for a few "
        "more days, then fit again; nothing was saved.\n"
    )
    assert ReviewStore.open(str(db), read_only=True).fsrs_parameters() is None
    assert fmflash(cards, db, "fit", "--reset").stdout == (
        "FSRS uses its default parameters: none of yours were saved.\n"
    )


def scores(data: dict[str, dict[str, dict[str, float]]]) -> list[float]:
    """Every model's scores, in order (fsrs-rs sums its bins in no fixed order: 1e-8 apart)."""
    return [value for model in data["evaluation"].values() for value in model.values()]


def test_stats_compare_starts_with_the_scores_then_simulates_with_your_parameters(
    learner: tuple[Path, Path, list[FSRSItem]],
) -> None:
    cards, db, _ = learner
    fitted = json.loads(fmflash(cards, db, "fit", "--json").stdout)
    before = json.loads(fmflash(cards, db, "stats", "--compare", "--json").stdout)
    assert scores(before) == pytest.approx(scores(fitted), abs=1e-6)  # the same log, the same
    assert before["memory_model"]["title"] == "FSRS-6 with its default parameters"
    text = fmflash(cards, db, "stats", "--compare").stdout.replace("\n  ", " ")
    assert text.startswith("How well each model predicted your answers (")
    best = text.index("Best for you: FSRS-6, your parameters, log loss ")
    assert best < text.index("The next 30 days under SM-2 and FSRS (desired retention 90%)")
    assert fmflash(cards, db, "fit", "--save").exit_code == 0
    after = json.loads(fmflash(cards, db, "stats", "--compare", "--json").stdout)
    assert after["memory_model"]["parameters"] == fitted["parameters"]
    fsrs = after["schedulers"]["fsrs"]
    assert fsrs["title"].startswith("FSRS, your parameters (fitted on ")
    assert fsrs["daily"] != before["schedulers"]["fsrs"]["daily"]
    assert scores(after) == pytest.approx(scores(fitted), abs=1e-6)
