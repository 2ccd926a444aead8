"""Two checkouts' test suites side by side: the whole suite, and the tests both have.

Usage: python bench/suite.py BASE NEW [--rounds 2]

Each round runs, one after another (the next round in the opposite order): BASE's whole
suite, NEW's whole suite, and NEW's suite with only the tests whose function name BASE has too
(a test moved to another file keeps its name; one new, renamed or removed is left out). Each
runs as the README says (``pytest``, with the project's own options: two workers here), in its
own checkout with its own ``.venv``. The table gives each run's wall time, its CPU time (user
and system of pytest and everything it started, from ``os.times``) and how many tests ran. The
tests both have tell what a change of shape did to the same tests; the whole suite, how long a
user of each checkout waits.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# pytest loads this from the temporary folder put on PYTHONPATH: the names file is in the env.
DESELECT_PLUGIN = """\
import os
NAMES = set(open(os.environ["FMFLASH_SUITE_NAMES"], encoding="utf-8").read().split())

def pytest_collection_modifyitems(config, items):
    kept = [item for item in items if getattr(item, "originalname", item.name) in NAMES]
    dropped = [item for item in items if item not in kept]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
"""


def python_of(checkout: Path) -> str:
    """Return the checkout's own Python (its ``.venv``), else this one."""
    own = checkout / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def test_names(checkout: Path) -> set[str]:
    """Return the function name of every test the checkout's suite collects."""
    listed = subprocess.run(
        [python_of(checkout), "-m", "pytest", "--collect-only", "-q", "-n", "0",
         "-p", "no:cacheprovider"],
        cwd=checkout, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {
        line.split("::")[-1].split("[")[0] for line in listed.stdout.splitlines() if "::" in line
    }


def run_suite(checkout: Path, env: dict[str, str], extra: list[str]) -> tuple[float, str]:
    """Run a checkout's suite to the end; return its wall seconds and pytest's summary line."""
    argv = [python_of(checkout), "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra]
    started = time.monotonic()
    done = subprocess.run(argv, cwd=checkout, env=env, capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: the suite failed:\n{done.stdout[-2000:]}")
    lines = done.stdout.splitlines()
    return wall, next((line for line in reversed(lines) if " passed" in line), "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args()
    base, new = arguments.base.resolve(), arguments.new.resolve()
    with tempfile.TemporaryDirectory(prefix="fmflash-suite-") as folder:
        names = Path(folder) / "names.txt"
        names.write_text("\n".join(sorted(test_names(base))), encoding="utf-8")
        (Path(folder) / "fmflash_suite_names.py").write_text(DESELECT_PLUGIN, encoding="utf-8")
        plain = dict(os.environ)
        both = {**plain, "FMFLASH_SUITE_NAMES": str(names), "PYTHONPATH": folder}
        runs = [
            ("BASE, whole suite", base, plain, []),
            ("NEW, whole suite", new, plain, []),
            ("NEW, the tests BASE has", new, both, ["-p", "fmflash_suite_names"]),
        ]
        print("| round | suite | wall | CPU | tests |")
        print("|---|---|---|---|---|")
        for round_number in range(1, arguments.rounds + 1):
            before = os.times()
            # The order swapped every round: neither side always runs on a warmer machine.
            for label, checkout, env, extra in runs if round_number % 2 else runs[::-1]:
                wall, summary = run_suite(checkout, env, extra)
                after = os.times()
                cpu = (after.children_user - before.children_user) + (
                    after.children_system - before.children_system
                )
                before = after
                tests = re.sub(r" in [\d.]+s.*", "", summary.strip("= "))
                print(f"| {round_number} | {label} | {wall:.1f} s | {cpu:.1f} s | {tests} |")


if __name__ == "__main__":
    main()
