"""The card file while it is being read: cards so far, ids claimed, problems found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from fmflash.cards.model import Card

if TYPE_CHECKING:
    from fmflash.formulas.declarations import Declaration
from fmflash.cards.notes import slugify
from fmflash.cards.parse_yaml import (
    Located,
    describe,
    items,
    position,
    text_value,
    unknown_key_message,
    value_node,
)
from fmflash.errors import Problem

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(slots=True)
class CardFile:
    """A parsed card file before it is checked against the notes."""

    path: str
    deck_name: str | None = None
    notes_path: str | None = None
    notes_node: yaml.Node | None = None
    # The chapter card files a root card file lists: each path as written, line and column.
    chapters: list[tuple[str, int, int]] = field(default_factory=list)
    # The package path the root card file names (``package:``), with its line and column.
    package: tuple[str, int, int] | None = None
    cards: list[Card] = field(default_factory=list)
    # The formulas this file declares (``formulas:``), by name, with their line and column.
    formulas: dict[str, tuple[Declaration, int, int]] = field(default_factory=dict)
    # The names of the formulas declared with a problem, here or elsewhere (reported there).
    broken_formulas: set[str] = field(default_factory=set)
    # The formulas the project's other card files declare, by name, for computed entries.
    elsewhere: dict[str, Declaration] = field(default_factory=dict)
    # (card label, section heading, its node) for every card that names a section, whole or not
    section_refs: list[tuple[str, str, yaml.Node]] = field(default_factory=list)
    # the line of the card that first used each id
    id_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def claim_id(self, card_id: str, id_node: yaml.Node, line: int, where: Located) -> bool:
        """Take ``card_id`` for the card on ``line``; report a duplicate and return False."""
        first = self.id_lines.get(card_id)
        if first is not None:
            where.error(id_node, f"duplicate id '{card_id}': the card on line {first} has it too")
            return False
        self.id_lines[card_id] = line
        return True

    def refer_to_section(self, label: str, node: yaml.Node) -> None:
        """Remember a section a card names, to check it against the notes later."""
        section_node = value_node(node, "section")
        section = text_value(section_node) if section_node is not None else None
        if section_node is not None and section and section.strip():
            self.section_refs.append((label, section.strip(), section_node))


def parse_id(
    node: yaml.MappingNode, nodes: dict[str, yaml.Node], label: str, where: Located
) -> str | None:
    """Return a card's id if it is a valid slug; otherwise report why and return None."""
    if "id" not in nodes:
        hint = ""
        for key in ("front", "cloze"):
            text = text_value(nodes[key]) if key in nodes else None
            if text:
                hint = f", such as 'id: {slugify(' '.join(text.split()[:4]))}'"
                break
        where.error(node, f"{label} has no 'id'; add a unique lowercase slug{hint}")
        return None
    card_id = text_value(nodes["id"])
    if card_id is None or not card_id.strip():
        where.error(
            nodes["id"], f"{label}: 'id' must be a lowercase slug, found {describe(nodes['id'])}"
        )
        return None
    if not ID_PATTERN.match(card_id):
        suggestion = slugify(card_id)
        hint = f"; try '{suggestion}'" if suggestion else ""
        where.error(
            nodes["id"],
            f"id '{card_id}' is not a lowercase slug "
            f"(letters a-z, digits 0-9 and single '-' between them){hint}",
        )
        return None
    return card_id


def line_of(node: yaml.Node) -> int:
    """Return the 1-based line a node starts on."""
    return position(node)[0]


def read_entry(
    node: yaml.MappingNode, label: str, kind: str, known: tuple[str, ...], where: Located
) -> tuple[dict[str, yaml.Node], str | None, str]:
    """Read a card-like mapping: its values by key, its id, and its label for messages.

    Unknown keys are reported against the label that names the entry by its id when it has
    one (``card 'x'``, ``computed 'x'``), else by its number.
    """
    nodes = {key: value for key, _, value in items(node, where, label)}
    entry_id = parse_id(node, nodes, label, where)
    if entry_id is not None:
        label = f"{kind} '{entry_id}'"
    for key_node, _ in node.value:
        key = getattr(key_node, "value", None)
        if isinstance(key, str) and key not in known:
            where.error(key_node, unknown_key_message(key, label, known))
    return nodes, entry_id, label
