"""The mapping file: which rows of a data set become which evidence, about which party.

A mapping is strict YAML (the accord language's loader: no ``NO``-is-false, no implicit
dates, duplicate and unknown keys refused) checked against the format it maps and the
accord it feeds; every problem names the file, line and key. For example::

    dataset: ACLED                        # the accord's monitor these records are from
    actors:                               # the data set's actor names -> party ids
      "Military Forces of Ukraine (2014-2019)": UA
      "NAF: United Armed Forces of Novorossiya": CADLR
    party_from: [actor1]                  # the actor columns a record is about
    indicators:                           # the first rule a row matches decides
      - {event_type: Battles, indicator: ceasefire_violation}
      - {sub_event_type: "Shelling/artillery/missile attack",
         indicator: ceasefire_violation, value: fatalities}
    area: {admin1: [Donetsk, Luhansk]}    # and/or bbox: {west:, south:, east:, north:}
    dates: {from: 2015-02-15, to: 2015-03-31}
    recorded_at: published                # or: occurred
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, ValidationError

from servanda.accord import LoadedAccord, YamlProblem, load_yaml
from servanda.accord._load import render_path
from servanda.accord._schema_errors import describe
from servanda.accord._values import CalendarDate, Identifier, IndicatorKind, Text
from servanda.accord._yaml import LocatedDocument
from servanda.errors import InputError, Problem
from servanda.evidence.events._formats import EventFormat

Path = tuple[str | int, ...]
Degrees = StrictInt | StrictFloat


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Rule(_Strict):
    """Rows whose columns equal every selector given become ``indicator`` records."""

    indicator: IndicatorKind
    event_type: Text | None = None
    sub_event_type: Text | None = None
    type_of_violence: Literal[1, 2, 3] | None = None
    value: Annotated[StrictInt, Field(ge=0)] | Text = 1


class BoundingBox(_Strict):
    west: Degrees
    south: Degrees
    east: Degrees
    north: Degrees


class Area(_Strict):
    admin1: Annotated[tuple[Text, ...], Field(min_length=1)] | None = None
    bbox: BoundingBox | None = None


class Dates(_Strict):
    from_: CalendarDate | None = Field(default=None, alias="from")
    to: CalendarDate | None = None


class EventMap(_Strict):
    """A whole mapping file."""

    dataset: Identifier
    actors: Annotated[dict[Text, Identifier], Field(min_length=1)]
    party_from: Annotated[tuple[Text, ...], Field(min_length=1)]
    indicators: Annotated[tuple[Rule, ...], Field(min_length=1)]
    area: Area | None = None
    dates: Dates | None = None
    recorded_at: Literal["published", "occurred"] = "published"
    note: Text | None = None

    def in_dates(self, day: date) -> bool:
        if self.dates is None:
            return True
        start, end = self.dates.from_, self.dates.to
        return (start is None or start <= day) and (end is None or day <= end)

    def in_box(self, latitude: Decimal, longitude: Decimal) -> bool:
        box = self.area.bbox if self.area is not None else None
        if box is None:
            return True
        south, north = Decimal(repr(box.south)), Decimal(repr(box.north))
        west, east = Decimal(repr(box.west)), Decimal(repr(box.east))
        return south <= latitude <= north and west <= longitude <= east


def load_mapping(text: str, source: str, fmt: EventFormat, loaded: LoadedAccord) -> EventMap:
    """The mapping in ``text`` for ``fmt`` rows and the accord; ``InputError`` otherwise."""
    try:
        document = load_yaml(text, source)
    except YamlProblem as exc:
        raise InputError([Problem(source, exc.line, "", exc.message)]) from None
    if not isinstance(document.value, dict):
        example = "a mapping of keys, starting 'dataset: ACLED'"
        raise InputError([Problem(source, 1, "", f"a mapping file is {example}")])
    try:
        mapping = EventMap.model_validate(document.value)
    except ValidationError as exc:
        raise InputError(
            [
                _problem(document, source, tuple(e["loc"]), describe(e, EventMap))
                for e in exc.errors()
            ]
        ) from None
    problems = [
        _problem(document, source, path, message) for path, message in _check(mapping, fmt, loaded)
    ]
    if problems:
        raise InputError(problems)
    return mapping


def _problem(document: LocatedDocument, source: str, loc: Path, message: str) -> Problem:
    path = tuple(part for part in loc if part != "[key]")
    # pydantic names a union's branch in the location ("value.int"); the key is enough.
    while path and isinstance(path[-1], str) and path[-1] in ("int", "str", "float"):
        path = path[:-1]
    return Problem(source, document.line_of(path), render_path(path, document.value), message)


def _check(mapping: EventMap, fmt: EventFormat, loaded: LoadedAccord) -> Iterator[tuple[Path, str]]:
    accord = loaded.accord
    title = fmt.layout.title
    if mapping.dataset not in accord.monitors:
        yield ("dataset",), _unknown("monitor", mapping.dataset, list(accord.monitors))
    for name, party in mapping.actors.items():
        if party not in accord.parties:
            yield ("actors", name), _unknown("party", party, list(accord.parties))
    for index, side in enumerate(mapping.party_from):
        if side not in fmt.sides:
            yield (
                ("party_from", index),
                f"{side!r} is not an actor column of {title}; use {' or '.join(fmt.sides)}",
            )
        elif side in mapping.party_from[:index]:
            yield ("party_from", index), f"{side!r} is listed twice"
    selectors = list(fmt.selectors)
    for index, rule in enumerate(mapping.indicators):
        given = [key for key in ("event_type", "sub_event_type", "type_of_violence")
                 if getattr(rule, key) is not None]  # fmt: skip
        for key in given:
            if key not in fmt.selectors:
                yield (
                    ("indicators", index, key),
                    f"{title} has no column {key!r}; {title} rules select rows by "
                    f"{' and '.join(selectors)}",
                )
        if not given:
            yield (
                ("indicators", index),
                f"a rule needs {' or '.join(selectors)}, e.g. "
                f"{{{selectors[0]}: ..., indicator: ceasefire_violation}}",
            )
        if isinstance(rule.value, str) and rule.value not in fmt.value_columns:
            yield (
                ("indicators", index, "value"),
                f"{rule.value!r} is not a count column of {title}; use a number (1) or "
                f"{', '.join(fmt.value_columns)}",
            )
    if mapping.area is not None:
        yield from _area(mapping.area)
    dates = mapping.dates
    if dates is not None and dates.from_ and dates.to and dates.to < dates.from_:
        yield ("dates", "to"), f"{dates.to} is before 'from' ({dates.from_})"


def _area(area: Area) -> Iterator[tuple[Path, str]]:
    if area.admin1 is None and area.bbox is None:
        yield ("area",), "give admin1 (a list of names) or bbox, or leave 'area' out"
    box = area.bbox
    if box is None:
        return
    for key, low, high in (("west", -180, 180), ("east", -180, 180), ("south", -90, 90),
                           ("north", -90, 90)):  # fmt: skip
        if not low <= getattr(box, key) <= high:
            yield ("area", "bbox", key), f"{getattr(box, key)} is not between {low} and {high}"
    if box.west >= box.east:
        yield ("area", "bbox", "east"), f"east ({box.east}) must be greater than west ({box.west})"
    if box.south >= box.north:
        yield (
            ("area", "bbox", "north"),
            f"north ({box.north}) must be greater than south ({box.south})",
        )


def _unknown(kind: str, name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown {kind} {name!r}{hint} (the accord lists {', '.join(known) or 'none'})"
