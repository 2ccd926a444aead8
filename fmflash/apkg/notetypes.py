"""The Anki note types, as plain data: fields, templates and styling.

Anki compares a note type's field names and template names (its "schema") on import: if
they differ from the copy in the collection, it refuses to update existing notes unless the
user ticks "merge note types". So names here never change; templates and CSS may, and a test
pins all of it so every change is deliberate (see docs/note-types.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from enum import Enum
from typing import NamedTuple

from fmflash.defaults import DEFAULT_DAY_START_HOUR


class NoteKind(Enum):
    """Which note type a card uses."""

    BASIC = "basic"
    CLOZE = "cloze"
    NUMERIC = "numeric"
    PRACTICE = "practice"


class Template(NamedTuple):
    """One card template: the question side and the answer side."""

    name: str
    front: str
    back: str


class NoteType(NamedTuple):
    """A note type with a fixed id, so re-imports find the same note type in Anki."""

    id: int
    name: str
    kind: NoteKind
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    css: str


_SECTION = '<div class="fm-section">{{Section}}</div>\n'
_FOOTER = '\n<div class="fm-id">{{Section}} · {{Id}}</div>'

CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: #1d1d1f;
  background-color: #fdfdfb;
  max-width: 40em;
  margin: 0 auto;
  padding: 0 0.5em;
}
.fm-section {
  font-size: 0.7em;
  letter-spacing: 0.04em;
  text-transform: uppercase;
  color: #6e6e73;
  margin-bottom: 0.8em;
}
.fm-answer { font-weight: 600; }
.fm-working {
  font-family: "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.8em;
  margin-top: 0.8em;
  padding: 0.5em 0.7em;
  border-left: 3px solid #c7c7cc;
  background-color: #f2f2f7;
}
.fm-extra { margin-top: 0.8em; color: #3a3a3c; }
.fm-id { margin-top: 1.5em; font-size: 0.65em; color: #8e8e93; }
.cloze { font-weight: 700; color: #0a58ca; }
.card code, .card pre {
  font-family: "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.85em;
  background-color: #f2f2f7;
  border-radius: 4px;
}
.card code { padding: 0.05em 0.3em; }
.card pre { padding: 0.5em 0.7em; overflow-x: auto; }
.card pre code { padding: 0; background: none; font-size: 1em; }
.card ul, .card ol { margin: 0.3em 0; padding-left: 1.4em; }
.card p { margin: 0.4em 0; }
hr#answer { border: none; border-top: 1px solid #d1d1d6; margin: 1em 0; }
.nightMode.card, .night_mode .card, .nightMode .card {
  color: #e5e5e7;
  background-color: #1c1c1e;
}
.nightMode .fm-section, .night_mode .fm-section { color: #98989d; }
.nightMode .fm-working, .night_mode .fm-working {
  border-left-color: #48484a;
  background-color: #2c2c2e;
}
.nightMode .fm-extra, .night_mode .fm-extra { color: #c7c7cc; }
.nightMode .cloze, .night_mode .cloze { color: #6ea8fe; }
.nightMode code, .night_mode code, .nightMode pre, .night_mode pre { background-color: #2c2c2e; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #48484a; }
"""

BASIC = NoteType(
    id=1_607_392_319_101,
    name="fmflash Basic (optional reverse)",
    kind=NoteKind.BASIC,
    fields=("Front", "Back", "Section", "Id", "Reverse"),
    templates=(
        Template(
            "Forward",
            _SECTION + "{{Front}}",
            '{{FrontSide}}\n<hr id="answer">\n{{Back}}' + _FOOTER,
        ),
        Template(
            "Reverse",
            "{{#Reverse}}" + _SECTION + "{{Back}}{{/Reverse}}",
            '{{FrontSide}}\n<hr id="answer">\n{{Front}}' + _FOOTER,
        ),
    ),
    css=CSS,
)

CLOZE = NoteType(
    id=1_607_392_319_102,
    name="fmflash Cloze",
    kind=NoteKind.CLOZE,
    fields=("Text", "Extra", "Section", "Id"),
    templates=(
        Template(
            "Cloze",
            _SECTION + "{{cloze:Text}}",
            _SECTION
            + '{{cloze:Text}}\n{{#Extra}}<div class="fm-extra">{{Extra}}</div>{{/Extra}}'
            + _FOOTER,
        ),
    ),
    css=CSS,
)

NUMERIC = NoteType(
    id=1_607_392_319_103,
    name="fmflash Numeric",
    kind=NoteKind.NUMERIC,
    fields=("Question", "Answer", "Working", "Section", "Id"),
    templates=(
        Template(
            "Numeric",
            _SECTION + "{{Question}}",
            '{{FrontSide}}\n<hr id="answer">\n<div class="fm-answer">{{Answer}}</div>\n'
            '<div class="fm-working">{{Working}}</div>' + _FOOTER,
        ),
    ),
    css=CSS,
)

# A practice note carries 20 cases (Cases, JSON) and shows the first as a plain card (Question,
# Answer, Working). The script picks another case each day (the learner's local day, from 4 am
# as Anki's, not from midnight UTC), the same on the front and the back: it runs on both sides
# (the back holds the front), and the back, marked by fm-back, reuses the front's choice when
# the page keeps it (Anki's desktop reviewer does). It is plain ES5 (the mobile apps' webviews),
# reads no storage and fetches nothing; the case texts are fmflash's own escaped HTML, in JSON
# that cannot close its script element (no "<" in it).
PRACTICE_SCRIPT = """<script>
(function () {
  var data = document.querySelectorAll("script.fm-cases");
  if (!data.length) { return; }
  var text = data[data.length - 1].textContent, cases;
  try { cases = JSON.parse(text); } catch (error) { return; }
  if (!cases.length) { return; }
  var seed = 0;
  for (var i = 0; i < text.length; i++) { seed = (seed * 31 + text.charCodeAt(i)) % 1000003; }
  var now = new Date();
  var local = now.getTime() - now.getTimezoneOffset() * 60000 - DAY_START_HOUR * 3600000;
  var day = Math.floor(local / 86400000);
  var chosen = window.fmflashPractice;
  if (!document.querySelector(".fm-back") || !chosen || chosen.seed !== seed) {
    chosen = { seed: seed, index: (seed + day) % cases.length };
    window.fmflashPractice = chosen;
  }
  var parts = document.querySelectorAll("[data-fm-part]");
  for (var j = 0; j < parts.length; j++) {
    parts[j].innerHTML = cases[chosen.index][Number(parts[j].getAttribute("data-fm-part"))];
  }
})();
</script>""".replace("DAY_START_HOUR", str(DEFAULT_DAY_START_HOUR))

PRACTICE = NoteType(
    id=1_607_392_319_104,
    name="fmflash Practice",
    kind=NoteKind.PRACTICE,
    fields=("Question", "Answer", "Working", "Cases", "Section", "Id"),
    templates=(
        Template(
            "Practice",
            _SECTION + '<div data-fm-part="0">{{Question}}</div>\n'
            '<script type="application/json" class="fm-cases">{{Cases}}</script>\n'
            + PRACTICE_SCRIPT,
            '<div class="fm-back" hidden></div>\n{{FrontSide}}\n<hr id="answer">\n'
            '<div class="fm-answer" data-fm-part="1">{{Answer}}</div>\n'
            '<div class="fm-working" data-fm-part="2">{{Working}}</div>\n'
            + PRACTICE_SCRIPT
            + _FOOTER,
        ),
    ),
    css=CSS,
)

NOTE_TYPES = {note_type.kind: note_type for note_type in (BASIC, CLOZE, NUMERIC, PRACTICE)}
# Every package carries these; the practice type only when it has practice notes, so a deck
# without them builds the package it always did.
ALWAYS_WRITTEN = (BASIC, CLOZE, NUMERIC)

DECK_ID = 1_607_392_319_100


def package_note_types(kinds: Iterable[NoteKind]) -> tuple[NoteType, ...]:
    """Return the note types a package with notes of ``kinds`` carries."""
    return ALWAYS_WRITTEN + ((PRACTICE,) if NoteKind.PRACTICE in set(kinds) else ())


def schema_of(note_type: NoteType) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return what Anki compares on import: the field names and the template names."""
    return note_type.fields, tuple(template.name for template in note_type.templates)


def note_schema_hash(types: Iterable[NoteType] = ALWAYS_WRITTEN) -> str:
    """Hash what Anki compares on import (field and template names) of note types.

    A note type added later (practice) is left out: adding one renames nothing.
    """
    payload = json.dumps([schema_of(t) for t in types])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def note_types_hash(types: Iterable[NoteType] = ALWAYS_WRITTEN) -> str:
    """Hash note types' full definitions, so a template change bumps their time."""
    definitions = [{**t._asdict(), "templates": [template._asdict() for template in t.templates]}
                   for t in types]  # fmt: skip
    payload = json.dumps(definitions, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
