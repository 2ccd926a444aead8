"""Mutation scores of fmflash's pure core: how many deliberate bugs its tests catch.

Usage: nice -n 19 python scripts/mutation.py [--keep] [MODULE...]   (see docs/mutation.md)

Each module (or group, such as the linter's files) is mutated by mutmut alone, and run
against the test files that import it, in a scratch copy of the project: the worktree gets no
``mutants/`` folder. The score is caught / all, where caught is killed or timed out and all
counts every mutant mutmut made, survivors and mutants no test reaches included.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = {
    "sm2": ["fmflash/sm2.py"],
    "answers": ["fmflash/review/session/answers.py"],
    "quantities": ["fmflash/formulas/quantities.py"],
    "linter": [
        "fmflash/lint/linter.py",
        "fmflash/lint/card_text.py",
        "fmflash/lint/cloze_rules.py",
        "fmflash/lint/question_rules.py",
        "fmflash/lint/wording_rules.py",
    ],
    "notes": ["fmflash/cards/notes.py"],
}


def dotted(path: str) -> str:
    """Name a module file as it is imported: fmflash/lint/linter.py -> fmflash.lint.linter."""
    return path.removesuffix(".py").replace("/", ".")


def test_files_importing(paths: list[str]) -> list[str]:
    """Return the test files that import any of the given modules, directly by name."""
    wanted = {dotted(path) for path in paths}
    found = []
    for test_file in sorted((ROOT / "tests").rglob("test_*.py")):
        tree = ast.parse(test_file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: set[str] = set()
            if isinstance(node, ast.Import):
                names = {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
            if names & wanted:
                found.append(str(test_file.relative_to(ROOT)))
                break
    return found


def score(name: str, paths: list[str], *, keep: bool) -> dict[str, object]:
    """Run mutmut on one module group in a scratch copy; return its counts and score."""
    tests = test_files_importing(paths)
    scratch = tempfile.mkdtemp(prefix=f"fmflash-mutation-{name}-")
    try:
        work = Path(scratch)
        for part in ("fmflash", "tests"):
            shutil.copytree(ROOT / part, work / part, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
        lines = ["[mutmut]", "source_paths = fmflash", "only_mutate ="]
        lines += [f"    {path}" for path in paths]
        lines += ["pytest_add_cli_args_test_selection ="] + [f"    {test}" for test in tests]
        # One argument a line. mutmut runs the tests in its own processes: no xdist workers.
        lines += ["pytest_add_cli_args =", "    -p", "    no:cacheprovider", "    -n", "    0"]
        lines += ["use_git_change_detection = false"]
        (work / "setup.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")
        mutmut = [sys.executable, "-m", "mutmut"]
        # The copy's own code, never the one PYTHONPATH names: mutmut imports its mutants.
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        with open(work / "mutmut.log", "w", encoding="utf-8") as log:
            done = subprocess.run(
                [*mutmut, "run", "--max-children", "1"], cwd=work, env=env, stdout=log, check=False
            )
        if done.returncode != 0:
            keep = True  # its log says why
            raise SystemExit(f"mutmut failed on {name} (exit {done.returncode}); see {work}")
        subprocess.run(
            [*mutmut, "export-cicd-stats"], cwd=work, env=env, check=True, stdout=subprocess.DEVNULL
        )
        counts = json.loads((work / "mutants" / "mutmut-cicd-stats.json").read_text())
        survivors = subprocess.run(
            [*mutmut, "results"], cwd=work, env=env, check=True, capture_output=True, text=True
        ).stdout
    finally:
        if keep:
            print(
                f"{name}: kept {scratch} (mutmut show NAME there shows a mutant)", file=sys.stderr
            )
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    caught = counts["killed"] + counts["timeout"]
    return {
        "module": name,
        "tests": tests,
        "caught": caught,
        "total": counts["total"],
        "score": round(caught / counts["total"], 3) if counts["total"] else None,
        "not caught": survivors.split("\n"),
    }


def main() -> None:
    keep = "--keep" in sys.argv
    chosen = [argument for argument in sys.argv[1:] if argument != "--keep"] or list(MODULES)
    unknown = sorted(set(chosen) - set(MODULES))
    if unknown:
        raise SystemExit(f"unknown module {', '.join(unknown)}; known: {', '.join(MODULES)}")
    results = [score(name, MODULES[name], keep=keep) for name in chosen]
    for result in results:
        print("\n".join(str(line) for line in result["not caught"] if line))  # type: ignore[attr-defined]
    print("| module | test files | caught | mutants | score |")
    print("|---|---|---|---|---|")
    for result in results:
        tests = ", ".join(result["tests"])  # type: ignore[arg-type]
        print(
            f"| {result['module']} | {tests} | {result['caught']} | {result['total']} "
            f"| {result['score']} |"
        )


if __name__ == "__main__":
    main()
