"""The README cannot drift: its commands run, and the output it quotes is what fmflash prints.

Every ``fmflash ...`` command line of the README (in code blocks and in inline code) is checked:

- It names a real command and real options, read with click's own command objects: a renamed
  command or option fails here.
- Without a placeholder (an upper-case word: ``ID``, ``PATH``, ``N``), it runs in a project of
  the README's own: its card file is the README's ``deck:`` YAML block, its notes a heading and
  a sentence for each section that block names, built in tmp_path (never this repository's
  ``cards.yaml`` or ``deck/``). It must exit 0. ``fmflash chapter add`` runs in that project
  before it has the chapter; every other command after the README's ``chapter add`` and a build,
  as a learner would have it. ``fmflash review`` runs scripted: its stdin quits at once, or is
  what a ``printf '...' |`` before it gives, with ``FMFLASH_NOW`` fixed.
- Three are parsed but not run: ``build --watch`` runs until Ctrl-C
  (``tests/apkg/test_watch.py`` runs it), and ``import-anki`` needs a real Anki collection
  (``tests/cli/test_anki.py`` builds one with the official anki library); so is ``fit``, which
  needs months of reviews (``tests/cli/test_fit.py`` merges them from such a collection).
- A code block that starts with ``$ fmflash ...`` quotes output: the command's output must equal
  the rest of the block, line for line.

Numbers the README states in prose are checked against what fmflash prints or defaults to, and
the test quick-start command against what ``.ci/run`` runs.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner, Result

from fmflash.cli import cli
from fmflash.defaults import RETENTION_RANGE
from fmflash.review.session.answers import GRADE_BANDS

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
DOCS = ROOT / "docs"
PACKAGE = ROOT / "fmflash"
# The day the scripted commands live in, as the README's own FMFLASH_NOW examples do.
NOW = "2026-03-02T09:00"
# Commands that never end by themselves, or need a file the README cannot give: parsed only.
NOT_RUN = {
    ("build", "--watch"): "runs until Ctrl-C",
    ("import-anki",): "needs an Anki collection",
    ("fit",): "needs months of reviews",  # tests/cli/test_fit.py merges them from Anki
}
PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]*$")


@dataclass(frozen=True, slots=True)
class Command:
    """One fmflash command line of the README: environment, arguments, stdin, where it is."""

    line: int
    text: str
    env: dict[str, str]
    args: list[str]
    stdin: str | None


def readme() -> str:
    return README.read_text(encoding="utf-8")


def fenced_blocks(text: str) -> list[tuple[int, str, list[str]]]:
    """Return each fenced code block: its first line's number, its language and its lines."""
    blocks, lines, at = [], text.splitlines(), 0
    while at < len(lines):
        opening = re.match(r"^```(\w*)$", lines[at])
        if opening is None:
            at += 1
            continue
        end = lines.index("```", at + 1)
        blocks.append((at + 2, opening.group(1), lines[at + 1 : end]))
        at = end + 1
    return blocks


def printf_input(format_text: str) -> str:
    """Return what ``printf FORMAT`` writes, for the escapes a scripted session uses."""
    return format_text.encode().decode("unicode_escape")


def parse_command(text: str, line: int) -> Command | None:
    """Read one shell line that runs fmflash; None if it runs no fmflash."""
    stdin = None
    for part in text.split("&&"):
        if "|" in part:
            feeder, part = part.split("|", 1)
            words = shlex.split(feeder)
            assert words[0] == "printf", f"README line {line}: only printf may feed fmflash"
            stdin = printf_input(words[1])
        words = shlex.split(part, comments=True)
        env = {}
        while words and re.match(r"^[A-Z_]+=", words[0]):
            name, value = words.pop(0).split("=", 1)
            env[name] = value
        if words and words[0] == "fmflash":
            return Command(line, text.strip(), env, words[1:], stdin)
    return None


def readme_commands() -> list[Command]:
    """Return every fmflash command line of the README, in code blocks and inline code."""
    text = readme()
    commands = []
    for start, language, lines in fenced_blocks(text):
        if language in ("yaml", "python"):
            continue
        for offset, line in enumerate(lines):
            if language == "" and not line.startswith("$ "):
                continue  # quoted output, not a command
            command = parse_command(line.removeprefix("$ "), start + offset)
            if command is not None:
                commands.append(command)
    blocks = re.compile(r"^```.*?^```$", re.MULTILINE | re.DOTALL)
    prose = blocks.sub(lambda found: "\n" * found.group(0).count("\n"), text)
    for found in re.finditer(r"`((?:printf [^`|]*\| )?fmflash [^`]*)`", prose):
        number = prose.count("\n", 0, found.start()) + 1
        command = parse_command(found.group(1), number)
        assert command is not None
        commands.append(command)
    return commands


def quoted_outputs() -> list[tuple[Command, list[str]]]:
    """Return each code block that quotes a command and its output: ``$ fmflash ...``."""
    quoted = []
    for start, language, lines in fenced_blocks(readme()):
        if language == "" and lines and lines[0].startswith("$ fmflash"):
            command = parse_command(lines[0].removeprefix("$ "), start)
            assert command is not None
            quoted.append((command, lines[1:]))
    return quoted


def resolve(args: list[str]) -> tuple[click.Command, list[str]]:
    """Return the command the arguments name and the arguments left for it; fail if unknown."""
    command: click.Command = cli
    rest = list(args)
    while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
        name = rest.pop(0)
        found = command.get_command(click.Context(command), name)
        assert found is not None, f"no command {name!r}"
        command = found
    return command, rest


def options_of(command: click.Command) -> dict[str, bool]:
    """Return each option name of a command, and whether it takes a value."""
    names = {"-h": False, "--help": False}
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            for name in [*parameter.opts, *parameter.secondary_opts]:
                names[name] = not parameter.is_flag
    return names


def unknown_words(args: list[str]) -> list[str]:
    """Return the options the named command does not have, or a missing value's option."""
    command, rest = resolve(args)
    options = options_of(command)
    wrong, words = [], iter(rest)
    for word in words:
        if word.startswith("-"):
            if word not in options:
                wrong.append(word)
            elif options[word] and next(words, None) is None:
                wrong.append(f"{word} without its value")
    return wrong


def has_placeholder(command: Command) -> bool:
    return any(PLACEHOLDER.match(word.split("=")[-1]) for word in command.args)


def not_run(command: Command) -> str | None:
    """Return why a command is only parsed, or None if it runs."""
    for words, reason in NOT_RUN.items():
        if all(word in command.args for word in words):
            return reason
    return None


def readme_card_file() -> str:
    """Return the README's card file: its YAML block with a deck."""
    for _, language, lines in fenced_blocks(readme()):
        if language == "yaml" and lines and lines[0] == "deck:":
            return "\n".join(lines) + "\n"
    raise AssertionError("the README shows no card file (a yaml block starting with 'deck:')")


def write_readme_project(folder: Path) -> None:
    """Write the README's card file and notes that give each of its sections a sentence."""
    cards = readme_card_file()
    data = yaml.safe_load(cards)
    sections = dict.fromkeys(
        entry["section"] for entry in [*data.get("cards", []), *data.get("computed", [])]
    )
    notes = folder / data["deck"]["notes"]
    notes.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"\n## {name}\nWhat the learner wrote about {name}.\n" for name in sections)
    notes.write_text("# Foundation Models\n" + body, encoding="utf-8")
    (folder / "cards.yaml").write_text(cards, encoding="utf-8")


def write_chapter_formulas(notes: Path) -> None:
    """Add the README's chapter formulas (its yaml block of formulas:) to the added chapter.

    The block goes below the chapter card file's ``cards:``; its computed entries' sections
    get a heading and a sentence in the chapter's notes.
    """
    blocks = [lines for _, language, lines in fenced_blocks(readme())
              if language == "yaml" and lines and lines[0] == "formulas:"]  # fmt: skip
    assert len(blocks) == 1, "the README shows a chapter's formulas: once"
    text = "\n".join(blocks[0]) + "\n"
    cards = notes.parent / "cards.yaml"
    cards.write_text(cards.read_text(encoding="utf-8") + text, encoding="utf-8")
    sections = dict.fromkeys(entry["section"] for entry in yaml.safe_load(text)["computed"])
    body = "".join(f"\n## {name}\nWhat the learner wrote about {name}.\n" for name in sections)
    notes.write_text(notes.read_text(encoding="utf-8") + body, encoding="utf-8")


def invoke(command: Command, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    """Run a README command in a project folder, as the learner types it there."""
    monkeypatch.chdir(folder)
    env = {"FMFLASH_DB": str(folder / "review.sqlite3"), "FMFLASH_NOW": NOW, **command.env}
    stdin = command.stdin if command.stdin is not None else "q\n"
    return CliRunner().invoke(cli, command.args, env=env, input=stdin)


def chapter_adds() -> list[Command]:
    commands = readme_commands()
    return [c for c in commands if c.args[:2] == ["chapter", "add"] and not has_placeholder(c)]


@pytest.fixture
def projects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Return the README's project built before and after the README's chapter add."""
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    write_readme_project(before)
    build = Command(0, "fmflash build", {}, ["build"], None)
    assert invoke(build, before, monkeypatch).exit_code == 0
    shutil.copytree(before, after)
    for command in chapter_adds():
        assert invoke(command, after, monkeypatch).exit_code == 0
        write_chapter_formulas(after / command.args[command.args.index("--notes") + 1])
    result = invoke(build, after, monkeypatch)
    assert result.exit_code == 0, result.output
    return before, after


def run_in_copy(command: Command, projects: tuple[Path, Path], tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    """Run a command in a fresh copy of the project it needs: nothing one leaves behind counts."""
    before, after = projects
    source = before if command.args[:2] == ["chapter", "add"] else after
    copy = tmp_path / f"run-{len(list(tmp_path.glob('run-*')))}"
    shutil.copytree(source, copy)
    return invoke(command, copy, monkeypatch)


def test_the_readme_names_commands_the_tests_can_find() -> None:
    commands = readme_commands()
    assert len(commands) >= 20
    assert {"check", "build", "review", "stats", "chapter", "import-anki"} <= {
        command.args[0] for command in commands
    }
    assert len(quoted_outputs()) >= 3


def test_every_readme_command_names_real_commands_and_options() -> None:
    wrong = {
        f"line {command.line}: {command.text}": unknown_words(command.args)
        for command in readme_commands()
    }
    assert {line: words for line, words in wrong.items() if words} == {}


def test_every_readme_command_runs_in_the_readmes_own_project(  # type: ignore[no-untyped-def]
    projects, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = {}
    ran = 0
    for command in readme_commands():
        if has_placeholder(command) or not_run(command):
            continue
        result = run_in_copy(command, projects, tmp_path, monkeypatch)
        ran += 1
        if result.exit_code != 0:
            failed[f"line {command.line}: {command.text}"] = result.output[-600:]
    assert failed == {}
    assert ran >= 15


def test_the_output_the_readme_quotes_is_what_fmflash_prints(  # type: ignore[no-untyped-def]
    projects, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for command, quoted in quoted_outputs():
        result = run_in_copy(command, projects, tmp_path, monkeypatch)
        assert result.exit_code == 0, result.output
        printed = [line.rstrip() for line in result.output.rstrip("\n").splitlines()]
        assert printed == quoted, f"README line {command.line}: {command.text}"


def test_the_readmes_numbers_are_fmflashs(  # type: ignore[no-untyped-def]
    projects, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = " ".join(readme().split())
    check = Command(0, "fmflash check", {}, ["check"], None)
    root_only = tmp_path / "root-only"  # the README's card file, before its chapter
    shutil.copytree(projects[0], root_only)
    counts = re.search(r"\d+ notes, \d+ cards", invoke(check, root_only, monkeypatch).output)
    assert counts is not None
    assert f"the card file below makes `{counts.group(0)}`" in text  # the README's own card file
    review, _ = resolve(["review"])
    defaults = {p.name: p.default for p in review.params}
    new, limit = defaults["new_per_day"], defaults["reviews_per_day"]
    assert f"up to {new} new cards a day (`--new N`) and {limit} reviews" in text
    assert f"A day starts at {defaults['day_start']} am" in text
    low, high = RETENTION_RANGE
    assert f"desired retention, {low:.2f} to {high:.2f}" in text
    bands = ", ".join(f"{grade} within {error:.0%}" for error, grade, _ in GRADE_BANDS[1:])
    assert f"(5 within the rounding, {bands}, else 1)" in text
    stats, _ = resolve(["stats"])
    days = {p.name: p.default for p in stats.params}["days"]
    assert (
        f"`fmflash stats --compare` shows those scores, then simulates the next {days} days" in text
    )


def test_the_test_command_is_what_ci_runs_and_the_build_command_builds() -> None:
    blocks = [lines for _, language, lines in fenced_blocks(readme()) if language == "sh"]
    test_command, build_command = blocks[1], blocks[0]
    assert test_command[0] in CI_RUN.read_text(encoding="utf-8").splitlines()
    assert test_command[0].endswith("pip install -e '.[test]' && pytest")
    assert build_command[0].endswith("pip install -e . && fmflash build")


def test_the_readme_points_at_no_folder_outside_the_project() -> None:
    assert "../" not in readme()


def test_every_document_the_readme_links_exists() -> None:
    links = re.findall(r"\]\(docs/([^)]+)\)", readme())
    assert links
    assert [link for link in links if not (DOCS / link).is_file()] == []


def test_the_readme_is_for_learners_at_most_300_lines() -> None:
    assert len(readme().splitlines()) <= 300


def test_the_module_map_lists_every_module() -> None:
    module_map = (DOCS / "modules.md").read_text(encoding="utf-8")
    listed, folders = set(), {0: ""}  # each folder by its depth (two spaces a level)
    for line in module_map.split("```")[1].splitlines():
        found = re.match(r"^(\s*)(\S+\.py|\S+/)\s", line + " ")
        if found is None:
            continue
        depth, name = len(found.group(1)) // 2, found.group(2)
        within = "".join(folders[level] for level in range(1, depth))
        if name.endswith("/"):
            folders[depth] = name if depth else ""
        else:
            listed.add(within + name)
    modules = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")}
    assert modules == listed


def every_option() -> set[str]:
    """Return every option of every fmflash command and subcommand."""
    found: set[str] = set()
    commands: list[click.Command] = [cli]
    while commands:
        command = commands.pop()
        found |= set(options_of(command))
        if isinstance(command, click.Group):
            context = click.Context(command)
            for name in command.list_commands(context):
                subcommand = command.get_command(context, name)
                assert subcommand is not None
                commands.append(subcommand)
    return found


def test_every_option_the_readme_names_is_an_option_of_fmflash() -> None:
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", readme()))
    assert named - every_option() == set()
