"""Parsing the card file (``cards.yaml``) into cards, then checking them against the notes."""

from __future__ import annotations

import yaml

from fmflash.cards.cloze import gap_numbers, has_gap
from fmflash.cards.markdown import render_markdown
from fmflash.cards.model import BasicCard, Card, ClozeCard, Deck
from fmflash.cards.notes import Notes, uncovered_sections
from fmflash.cards.parse_settings import parse_review_settings
from fmflash.cards.parse_state import ID_PATTERN, CardFile, line_of, read_entry
from fmflash.cards.parse_yaml import (
    Located,
    allow_list,
    bool_value,
    compose,
    describe,
    items,
    list_items,
    position,
    tag_list,
    text_field,
    text_value,
    unknown_key_message,
    value_node,
)
from fmflash.cards.practice import state_rules
from fmflash.errors import FmflashError, Problem
from fmflash.formulas.declarations import NOWHERE, DeclaredElsewhere

TOP_KEYS = ("deck", "cards", "formulas", "computed", "chapters", "package", "review")
DECK_KEYS = ("name", "notes")
CARD_KEYS = ("id", "section", "front", "back", "reverse", "cloze", "extra", "tags", "allow")


def parse_card_file(text: str, *, path: str, elsewhere: DeclaredElsewhere = NOWHERE) -> CardFile:
    """Parse the card file's text; collect shape problems, raise only on YAML syntax errors.

    ``elsewhere`` holds the formulas the project's other card files declare, for its
    computed entries to name.
    """
    result = CardFile(path, broken_formulas=set(elsewhere.broken), elsewhere=elsewhere.by_name())
    where = Located(path, result.problems)
    root = compose(text, path=path)
    if root is None:
        result.problems.append(
            Problem(path, "the card file is empty; it needs the keys 'deck' and 'cards'", 1, 1)
        )
        return result
    if not isinstance(root, yaml.MappingNode):
        where.error(
            root, f"expected a mapping with keys 'deck' and 'cards', found {describe(root)}"
        )
        return result
    found = {}
    for key, key_node, value in items(root, where, "the card file"):
        if key not in TOP_KEYS:
            where.error(key_node, unknown_key_message(key, "the card file", TOP_KEYS))
        found[key] = value
    if "deck" not in found:
        where.error(root, "the card file has no 'deck' (with 'name' and 'notes')")
    else:
        _parse_deck(found["deck"], result, where)
    if "cards" not in found:
        where.error(root, "the card file has no 'cards' list")
    elif isinstance(found["cards"], yaml.SequenceNode):
        parse_card_list(found["cards"], result, where)
    elif text_value(found["cards"]) != "":
        where.error(found["cards"], f"'cards' must be a list, found {describe(found['cards'])}")
    if "chapters" in found:
        _parse_chapters(found["chapters"], result, where)
    if "package" in found:
        package = text_value(found["package"])
        if package is None or not package.strip():
            where.error(
                found["package"], f"'package' must be a path, found {describe(found['package'])}"
            )
        else:
            result.package = (package.strip(), *position(found["package"]))
    if "formulas" in found and text_value(found["formulas"]) != "":
        from fmflash.cards.parse_formulas import parse_formulas  # loaded only when declared

        result.formulas, broken = parse_formulas(found["formulas"], where)
        result.broken_formulas |= broken
    if "computed" in found and text_value(found["computed"]) != "":
        from fmflash.cards.parse_computed import parse_computed  # formulas load only when used

        parse_computed(found["computed"], result, where)
    if "review" in found:
        parse_review_settings(found["review"], where)
    return result


def _parse_chapters(node: yaml.Node, result: CardFile, where: Located) -> None:
    """Read the ``chapters:`` list: chapter card file paths, relative to this file's folder."""
    for item in list_items(node, "chapters", "card file paths", where):
        path = text_value(item)
        if path is None or not path.strip():
            where.error(item, f"a chapter must be the path of a card file, found {describe(item)}")
            continue
        # A path is taken as written: YAML drops the spaces of a plain scalar already, so
        # spaces kept in quotes are part of a file's name.
        result.chapters.append((path, *position(item)))


def _parse_deck(node: yaml.Node, result: CardFile, where: Located) -> None:
    if not isinstance(node, yaml.MappingNode):
        where.error(
            node, f"'deck' must be a mapping with 'name' and 'notes', found {describe(node)}"
        )
        return
    values = {}
    for key, key_node, value in items(node, where, "'deck'"):
        if key not in DECK_KEYS:
            where.error(key_node, unknown_key_message(key, "'deck'", DECK_KEYS))
        values[key] = value
    for key in DECK_KEYS:
        if key not in values:
            where.error(node, f"'deck' has no '{key}'")
            continue
        text = text_value(values[key])
        if text is None:
            where.error(values[key], f"deck '{key}' must be text, found {describe(values[key])}")
        elif not text.strip():
            where.error(values[key], f"deck '{key}' is empty")
        elif key == "name":
            result.deck_name = text.strip()
        else:
            result.notes_path, result.notes_node = text, values[key]  # as written, as chapters


def parse_card_list(node: yaml.SequenceNode, result: CardFile, where: Located) -> None:
    """Check every card of a ``cards:`` list; add the whole ones to ``result``."""
    for number, card_node in enumerate(node.value, start=1):
        card, label = _parse_card(card_node, number, where)
        result.refer_to_section(label, card_node)
        id_node = value_node(card_node, "id")
        card_id = text_value(id_node) if id_node is not None else None
        if id_node is None or not card_id or not ID_PATTERN.match(card_id):
            continue
        if result.claim_id(card_id, id_node, line_of(card_node), where) and card is not None:
            result.cards.append(card)


def _parse_card(node: yaml.Node, number: int, where: Located) -> tuple[Card | None, str]:
    """Check one card; return it (None if it has problems) and how to name it in messages."""
    label = f"card #{number}"
    if not isinstance(node, yaml.MappingNode):
        where.error(
            node,
            f"{label} must be a mapping with keys such as id, section, "
            f"front, back; found {describe(node)}",
        )
        return None, label
    before = len(where.problems)
    nodes, card_id, label = read_entry(node, label, "card", CARD_KEYS, where)
    texts = {}
    for key in ("section", "front", "back", "cloze", "extra"):
        if key in nodes:
            texts[key] = text_field(nodes[key], key, label, where)
    if "section" not in nodes:
        where.error(node, f"{label} has no 'section'; add the notes heading it comes from")
    is_cloze = "cloze" in nodes
    if is_cloze and ("front" in nodes or "back" in nodes):
        where.error(
            node,
            f"{label} has both 'cloze' and 'front'/'back'; "
            "a card is either a question/answer card or a cloze card",
        )
    elif is_cloze:
        cloze = texts.get("cloze")
        if cloze and not has_gap(cloze):
            where.error(
                nodes["cloze"],
                f"{label}: the cloze text has no gap; mark the hidden words as {{{{c1::words}}}}",
            )
        if "reverse" in nodes:
            where.error(nodes["reverse"], f"{label}: 'reverse' applies to front/back cards only")
    else:
        if "extra" in nodes:
            where.error(nodes["extra"], f"{label}: 'extra' applies to cloze cards only")
        if "front" not in nodes and "back" not in nodes:
            where.error(node, f"{label} needs 'front' and 'back', or 'cloze'")
        for present, missing in (("front", "back"), ("back", "front")):
            if present in nodes and missing not in nodes:
                where.error(node, f"{label} has '{present}' but no '{missing}'")
    reverse = False
    if "reverse" in nodes:
        parsed = bool_value(nodes["reverse"])
        if parsed is None:
            where.error(
                nodes["reverse"],
                f"{label}: 'reverse' must be true or false, found {describe(nodes['reverse'])}",
            )
        reverse = bool(parsed)
    tags = tag_list(nodes.get("tags"), label, where)
    allow = allow_list(nodes.get("allow"), label, where)
    if len(where.problems) > before or card_id is None:
        return None, label
    line = line_of(node)
    if is_cloze:
        text, extra = texts["cloze"], texts.get("extra", "")
        html = (render_markdown(text), render_markdown(extra))
        gaps = gap_numbers(text)
        cloze_card = ClozeCard(
            card_id, texts["section"], line, text, extra, tags, allow, html, gaps
        )
        return cloze_card, label
    front, back = texts["front"], texts["back"]
    html = (render_markdown(front), render_markdown(back))
    basic = BasicCard(card_id, texts["section"], line, front, back, reverse, tags, allow, html)
    return basic, label


def build_deck(card_file: CardFile, notes: Notes | None) -> Deck:
    """Check the parsed cards against the notes; return the deck or raise every problem."""
    problems = list(card_file.problems)
    where = Located(card_file.path, problems)
    if notes is None and card_file.notes_node is not None:
        where.error(
            card_file.notes_node,
            f"notes file '{card_file.notes_path}' not found "
            f"(paths are relative to the folder of {card_file.path})",
        )
    covered = {card.section for card in card_file.cards}
    for label, section, section_node in card_file.section_refs:
        covered.add(section)
        if notes is None or notes.find(section) is not None:
            continue
        where.error(section_node, f"{label}: section {notes.not_a_heading(section)}")
    if problems or notes is None or card_file.deck_name is None:
        raise FmflashError(problems or [Problem(card_file.path, "the card file is incomplete")])
    warnings = uncovered_sections(notes, covered)
    deck = Deck(
        card_file.deck_name,
        notes,
        tuple(card_file.cards),
        warnings,
        chapters=tuple(card_file.chapters),
        package=card_file.package,
        formulas=declared_formulas(card_file),
    )
    return state_rules(deck) if card_file.formulas or card_file.elsewhere else deck


def declared_formulas(card_file: CardFile) -> tuple[tuple[str, int, int], ...]:
    """Return the formulas a card file declares, as the deck keeps them (JSON, line, column)."""
    return tuple(
        (declaration.to_json(), line, column)
        for declaration, line, column in card_file.formulas.values()
    )
