"""From a data set's rows to ``event`` records, as a mapping says: pure and deterministic.

Each row is read as far as the mapping needs it, in this order: the id and the date
(always), the date window, the area (``admin1``, then the bounding box, whose
coordinates must then be numbers), the first matching indicator rule, the actors, the
value, the recorded time. A row that fails a filter is *skipped*, with the reason; a row
whose needed value cannot be read is *bad*, with its line. So a row outside the dates
is skipped even if its coordinates are garbage, but a row without a readable date is
bad wherever it is.

The same row always gives the same records: ids are ``<format>-<row id>`` (with
``-<party>`` appended when ``party_from`` names two columns, as one row may then give a
record about each side), times are the row's own dates at 12:00 local time in the
accord's time zone, and nothing depends on when or from which file it is imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from servanda.evidence.events._csv import BadRow, Row
from servanda.evidence.events._formats import (
    EventFormat,
    ValueProblem,
    noon,
    read_count,
    read_date,
)
from servanda.evidence.events._mapping import EventMap, Rule

_ROW_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


@dataclass(frozen=True, slots=True)
class Mapped:
    """A row that became records (one, or one per mapped side)."""

    line: int
    records: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row the mapping leaves out, and which filter left it out."""

    line: int
    reason: str


#: The reasons a row is skipped, in the order the filters apply.
SKIP_REASONS = ("outside the dates", "outside the area", "type not mapped", "actor not mapped")


def convert(
    rows: Iterable[Row | BadRow], fmt: EventFormat, mapping: EventMap, tz: ZoneInfo
) -> Iterator[Mapped | Skipped | BadRow]:
    """Each row's outcome, in file order."""
    for row in rows:
        if isinstance(row, BadRow):
            yield row
            continue
        try:
            yield _convert(row, fmt, mapping, tz)
        except ValueProblem as exc:
            yield BadRow(row.line, str(exc))


def _convert(row: Row, fmt: EventFormat, mapping: EventMap, tz: ZoneInfo) -> Mapped | Skipped:
    values = row.values
    row_id = values[fmt.id_column].strip()
    if not _ROW_ID.match(row_id):
        raise ValueProblem(
            f"{fmt.id_column} {values[fmt.id_column]!r} is not an id (letters, digits, '-' "
            "and '_'), so no stable record id can be made from it"
        )
    day = read_date(fmt.date_column, values[fmt.date_column], fmt.date_example)
    if not mapping.in_dates(day):
        return Skipped(row.line, SKIP_REASONS[0])
    area = mapping.area
    admin1 = values[fmt.admin1_column].strip()
    if area is not None and area.admin1 is not None and admin1 not in area.admin1:
        return Skipped(row.line, SKIP_REASONS[1])
    if area is not None and area.bbox is not None:
        latitude = _degrees(values, "latitude")
        longitude = _degrees(values, "longitude")
        if not mapping.in_box(latitude, longitude):
            return Skipped(row.line, SKIP_REASONS[1])
    rule = _rule(values, fmt, mapping.indicators)
    if rule is None:
        return Skipped(row.line, SKIP_REASONS[2])
    parties = list(
        dict.fromkeys(
            mapping.actors[values[side].strip()]
            for side in mapping.party_from
            if values[side].strip() in mapping.actors
        )
    )
    if not parties:
        return Skipped(row.line, SKIP_REASONS[3])
    value = rule.value
    if isinstance(value, str):
        value = read_count(value, values[value])
    occurred = noon(day, tz)
    recorded = occurred
    if mapping.recorded_at == "published":
        recorded = max(fmt.published(values, tz), occurred)
    base: dict[str, Any] = {
        "kind": "event",
        "monitor": mapping.dataset,
        "indicator": rule.indicator,
        "value": value,
        "occurred_at": occurred.isoformat(timespec="seconds"),
        "recorded_at": recorded.isoformat(timespec="seconds"),
        "source": _source(values, fmt, row_id),
        "row": row_id,
    }
    location = _location(values[fmt.place_column].strip(), admin1)
    if location:
        base["location"] = location
    prefix = f"{fmt.name}-{row_id}"
    several = len(mapping.party_from) > 1
    return Mapped(
        row.line,
        tuple(
            {"id": f"{prefix}-{party}" if several else prefix, "party": party, **base}
            for party in parties
        ),
    )


def _rule(values: Mapping[str, str], fmt: EventFormat, rules: tuple[Rule, ...]) -> Rule | None:
    for rule in rules:
        wanted = {
            column: getattr(rule, key)
            for key, column in fmt.selectors.items()
            if getattr(rule, key) is not None
        }
        if all(values[column].strip() == str(value) for column, value in wanted.items()):
            return rule
    return None


def _degrees(values: Mapping[str, str], column: str) -> Decimal:
    text = values[column].strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValueProblem(f"{column} {values[column]!r} is not a number of degrees, e.g. 48.02")
    return number


def _location(place: str, admin1: str) -> str:
    return ", ".join(dict.fromkeys(part for part in (place, admin1) if part))


def _source(values: Mapping[str, str], fmt: EventFormat, row_id: str) -> str:
    cited = values[fmt.source_column].strip()
    where = f"{fmt.layout.title} {row_id}"
    return f"{where} ({cited})" if cited else where
