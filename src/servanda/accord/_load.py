"""From YAML text to a checked accord, or every reason it is not one.

The stages run in order and each reports all it finds before the next begins: strict
YAML, the schema, cross-references, then the calendar. Nothing here reads a file or the
clock; the caller passes text and, for drafts, the dates to assume.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from servanda.accord._calendar import CalendarError, zone
from servanda.accord._instants import Calendar, InstantProblem
from servanda.accord._lint import lint
from servanda.accord._model import Accord
from servanda.accord._references import check_references
from servanda.accord._resolver import compute_calendar
from servanda.accord._schema_errors import describe
from servanda.accord._yaml import LocatedDocument, YamlProblem, load_yaml
from servanda.errors import AccordError, Problem

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class LoadedAccord:
    """A valid accord with its computed instants and the warnings it deserves."""

    source: str
    accord: Accord
    calendar: Calendar
    warnings: tuple[Problem, ...]
    lines: Mapping[Path, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, path: Path) -> int | None:
        """The line where ``path`` (or its nearest written ancestor) is in the source."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


def parse_accord(
    text: str, source: str = "<accord>", *, assume: Mapping[str, date] | None = None
) -> LoadedAccord:
    """Load an accord from YAML ``text``; raise ``AccordError`` listing every problem.

    ``source`` names the text in messages (usually its path). ``assume`` fixes anchors
    to dates, e.g. ``{"ceasefire": datetime(2026, 1, 1)}``, to see a draft's calendar.
    """
    try:
        document = load_yaml(text, source)
    except YamlProblem as exc:
        raise AccordError([Problem(source, exc.line, "", exc.message)]) from None
    if not isinstance(document.value, dict):
        raise AccordError(
            [Problem(source, 1, "", "an accord is a mapping of keys, starting 'servanda: 1'")]
        )
    try:
        accord = Accord.model_validate(document.value)
    except ValidationError as exc:
        problems = [
            _located(document, source, tuple(error["loc"]), describe(error))
            for error in exc.errors()
        ]
        raise AccordError(problems) from None
    problems = [
        _located(document, source, path, message) for path, message in check_references(accord)
    ]
    try:
        tz = zone(accord.timezone)
    except CalendarError as exc:
        problems.append(_located(document, source, ("timezone",), str(exc)))
        raise AccordError(problems) from None
    try:
        # Computed even when references failed elsewhere, so that one run reports both.
        calendar = compute_calendar(accord, tz, assume)
    except InstantProblem as exc:
        problems.append(_located(document, source, exc.path, exc.message))
    if problems:
        raise AccordError(problems)
    warnings = tuple(
        _located(document, source, path, message) for path, message in lint(accord, calendar)
    )
    return LoadedAccord(source, accord, calendar, warnings, document.lines)


def _located(document: LocatedDocument, source: str, loc: Path, message: str) -> Problem:
    path = _written(tuple(part for part in loc if part != "[key]"), document.value)
    return Problem(source, document.line_of(path), render_path(path, document.value), message)


def _written(path: Path, document: object) -> Path:
    """``path`` cut where the document holds a plain value: a scalar written for a mapping
    (``ceasefire: 2015-02-15`` for ``ceasefire: {at: ...}``) is reported where it stands."""
    node = document
    for depth, part in enumerate(path):
        if not isinstance(node, dict | list):
            return path[:depth]
        node = _child(node, part)
    return path


def render_path(path: Path, document: object = None) -> str:
    """``("provisions", 2, "bearers", 0)`` as ``provisions[2].bearers[0]``.

    With the document at hand, a number that is a mapping key (``parties: {1: x}``) is
    shown as a key, not as a list index.
    """
    text = ""
    node = document
    for part in path:
        is_index = isinstance(part, int) and not isinstance(node, dict)
        text += f"[{part}]" if is_index else (f".{part}" if text else str(part))
        node = _child(node, part)
    return text


def _child(node: object, part: str | int) -> object:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None
