"""Reading YAML as located nodes, so every problem can name its ``file:line:column``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from fmflash.cards.model import LINT_RULES
from fmflash.cards.yaml_mistakes import excerpt, explain
from fmflash.errors import FmflashError, Problem
from fmflash.suggestions import did_you_mean, nearest

# The C loader composes the same nodes with the same marks, several times faster.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STR = "tag:yaml.org,2002:str"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"


def compose(text: str, *, path: str) -> yaml.Node | None:
    """Parse YAML text into a node tree with a safe loader; raise located syntax errors."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        detail = error.problem or error.context or "invalid YAML"
        if error.context and error.problem:
            detail = f"{error.problem} ({error.context})"
        if mark is None:
            raise FmflashError.at(path, f"YAML syntax error: {detail}") from None

        context = error.context_mark
        opened = (context.line + 1, context.column + 1) if context is not None else None
        line, column, message = explain(
            text,
            line=mark.line + 1,
            column=mark.column + 1,
            detail=detail,
            quote_opened=opened if error.context == "while scanning a quoted scalar" else None,
            bracket_opened=opened
            if (error.context or "").startswith("while parsing a flow")
            else None,
        )
        shown = excerpt(text, line, column)
        message = f"YAML syntax error: {message}" + (f"\n{shown}" if shown else "")
        raise FmflashError.at(path, message, line, column) from None
    except yaml.YAMLError as error:
        raise FmflashError.at(path, f"YAML syntax error: {error}") from None


@dataclass(slots=True)
class Located:
    """Collects problems against one file, at the positions of YAML nodes."""

    path: str
    problems: list[Problem]

    def error(self, node: yaml.Node, message: str) -> None:
        """Record an error at ``node``."""
        self.problems.append(Problem(self.path, message, *position(node)))


def position(node: yaml.Node) -> tuple[int, int]:
    """Return the 1-based line and column where ``node`` starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def describe(node: yaml.Node) -> str:
    """Name a node's kind the way a user thinks of it."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "nothing"
    return f"'{node.value}'"


def items(
    mapping: yaml.MappingNode, where: Located, owner: str
) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """Yield (key, key node, value node), reporting non-text and repeated keys."""
    seen: dict[str, int] = {}
    for key_node, value_node in mapping.value:
        if not isinstance(key_node, yaml.ScalarNode):
            where.error(
                key_node, f"keys in {owner} must be plain words, found {describe(key_node)}"
            )
            continue
        key = str(key_node.value)
        if key in seen:
            where.error(key_node, f"duplicate key '{key}' in {owner} (first on line {seen[key]})")
            continue
        seen[key] = position(key_node)[0]
        yield key, key_node, value_node


def unknown_key_message(key: str, owner: str, known: tuple[str, ...]) -> str:
    """Say that ``key`` is unknown, suggesting the nearest known key."""
    hint = did_you_mean(nearest(key, known)) or f"known keys: {', '.join(known)}"
    return f"unknown key '{key}' in {owner}; {hint}"


def text_value(node: yaml.Node) -> str | None:
    """Return a scalar exactly as written (so ``46.70`` stays ``46.70``), or None if not text."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag == NULL and node.value in ("", "~", "null", "Null", "NULL"):
        return ""
    return str(node.value)


def list_items(node: yaml.Node, key: str, what: str, where: Located) -> list[yaml.Node]:
    """Return the items of a top-level list (none if left empty); a non-list is a located error."""
    if text_value(node) == "":
        return []
    if not isinstance(node, yaml.SequenceNode):
        where.error(node, f"'{key}' must be a list of {what}, found {describe(node)}")
        return []
    return list(node.value)


def bool_value(node: yaml.Node) -> bool | None:
    """Return the boolean a scalar node spells, or None if it is not a boolean."""
    if isinstance(node, yaml.ScalarNode) and node.tag == BOOL:
        return str(node.value).lower() in ("true", "yes", "on", "y")
    return None


TAG_PATTERN = re.compile(r"^[^\s\"]+$")


def value_node(mapping: yaml.Node, wanted: str) -> yaml.Node | None:
    """Return the value node of key ``wanted`` in a mapping node, if present."""
    if isinstance(mapping, yaml.MappingNode):
        for key_node, found in mapping.value:
            if getattr(key_node, "value", None) == wanted:
                return found  # type: ignore[no-any-return]
    return None


def text_field(node: yaml.Node, key: str, label: str, where: Located) -> str:
    """Return a field's text, stripped; report it if it is not text or is empty."""
    text = text_value(node)
    if text is None:
        where.error(node, f"{label}: '{key}' must be text, found {describe(node)}")
        return ""
    if not text.strip():
        where.error(node, f"{label}: '{key}' is empty")
    return text.strip()


def tag_list(node: yaml.Node | None, label: str, where: Located) -> tuple[str, ...]:
    """Return a list of single-word tags; report anything else."""
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        where.error(
            node,
            f"{label}: 'tags' must be a list of single words like [moe, memory], "
            f"found {describe(node)}",
        )
        return ()
    tags = []
    for tag_node in node.value:
        tag = text_value(tag_node)
        if not tag or not TAG_PATTERN.match(tag):
            where.error(
                tag_node,
                f"{label}: tag {describe(tag_node)} is not a single word; "
                "use '-' or '_' instead of spaces",
            )
        else:
            tags.append(tag)
    return tuple(tags)


def allow_list(node: yaml.Node | None, label: str, where: Located) -> tuple[str, ...]:
    """Return the lint rules a card allows itself to break; report unknown rule names."""
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        where.error(
            node,
            f"{label}: 'allow' must be a list of rule names like [set], found {describe(node)}",
        )
        return ()
    names = []
    for rule_node in node.value:
        name = text_value(rule_node)
        if name in LINT_RULES:
            names.append(name)
            continue
        close = nearest(str(name), LINT_RULES)
        hint = did_you_mean(close) or f"rules: {', '.join(LINT_RULES)}"
        where.error(rule_node, f"{label}: unknown lint rule {describe(rule_node)}; {hint}")
    return tuple(names)
