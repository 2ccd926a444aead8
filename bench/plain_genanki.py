"""Baseline: a plain genanki script writing the given notes, with nothing else around it.

Usage: python plain_genanki.py NOTES.json OUTPUT.apkg
NOTES.json is a list of [kind, fields, tags, guid] (kind: basic, cloze, numeric or practice).
"""

import json
import sys

import genanki

FIELDS = {
    "basic": ["Front", "Back", "Section", "Id", "Reverse"],
    "cloze": ["Text", "Extra", "Section", "Id"],
    "numeric": ["Question", "Answer", "Working", "Section", "Id"],
    "practice": ["Question", "Answer", "Working", "Cases", "Section", "Id"],
}
MODELS = {
    "basic": genanki.Model(
        1,
        "Basic",
        fields=[{"name": f} for f in FIELDS["basic"]],
        templates=[
            {"name": "Forward", "qfmt": "{{Front}}", "afmt": "{{Back}}"},
            {"name": "Reverse", "qfmt": "{{#Reverse}}{{Back}}{{/Reverse}}", "afmt": "{{Front}}"},
        ],
    ),
    "cloze": genanki.Model(
        2,
        "Cloze",
        fields=[{"name": f} for f in FIELDS["cloze"]],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
        model_type=genanki.Model.CLOZE,
    ),
    "numeric": genanki.Model(
        3,
        "Numeric",
        fields=[{"name": f} for f in FIELDS["numeric"]],
        templates=[{"name": "Numeric", "qfmt": "{{Question}}", "afmt": "{{Answer}}"}],
    ),
    "practice": genanki.Model(
        4,
        "Practice",
        fields=[{"name": f} for f in FIELDS["practice"]],
        templates=[{"name": "Practice", "qfmt": "{{Question}}", "afmt": "{{Answer}}"}],
    ),
}


def main() -> None:
    notes_file, output = sys.argv[1], sys.argv[2]
    with open(notes_file, encoding="utf-8") as stream:
        notes = json.load(stream)
    deck = genanki.Deck(3, "Baseline")
    for kind, fields, tags, guid in notes:
        deck.add_note(genanki.Note(model=MODELS[kind], fields=fields, tags=tags, guid=guid))
    genanki.Package(deck).write_to_file(output, timestamp=1_700_000_000)


if __name__ == "__main__":
    main()
