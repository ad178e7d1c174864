"""Scalar value types of the accord language: identifiers, moments, durations, references.

Each parser raises ``ValueError`` with a message that names the bad value and shows a
valid one; the loader reports it with the file, line and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from pydantic import PlainValidator, StringConstraints

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_-]*"
INDICATOR_PATTERN = r"^[a-z][a-z0-9_]*$"
_ID = re.compile(rf"^{ID_PATTERN}$")

#: Party, monitor, guarantor, anchor, provision, guarantee and reading identifiers.
Identifier = Annotated[str, StringConstraints(pattern=rf"^{ID_PATTERN}$", max_length=64)]
#: Indicator kinds: what a report or event asserts, e.g. ``ceasefire_violation``.
IndicatorKind = Annotated[str, StringConstraints(pattern=INDICATOR_PATTERN, max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1)]


def parse_moment(value: Any) -> date:
    """A date (``2015-02-12``) or a date-time (``2015-02-15T00:00``, offset optional)."""
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str):
        raise ValueError(
            f"{value!r} is not a date or date-time; use YYYY-MM-DD or YYYY-MM-DDTHH:MM, "
            "e.g. 2015-02-15T00:00"
        )
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a valid date or date-time; use YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM[:SS][+HH:MM], e.g. 2015-02-15T00:00"
        ) from None
    return moment


def parse_date(value: Any) -> date:
    """A calendar date only: a time here would be silently dropped, so it is refused."""
    moment = parse_moment(value)
    if isinstance(moment, datetime):
        raise ValueError(f"{value!r} has a time; a date is expected here, e.g. 2015-02-12")
    return moment


Moment = Annotated[date, PlainValidator(parse_moment)]
CalendarDate = Annotated[date, PlainValidator(parse_date)]

_DURATION = re.compile(r"^\s*(\d+)\s+(hour|hours|day|days)\s*$")


@dataclass(frozen=True, slots=True)
class Duration:
    """An exact span: ``N hours`` or ``N days`` (24-hour days, whatever the clocks do)."""

    amount: int
    unit: str  # "hours" or "days"

    @property
    def delta(self) -> timedelta:
        return timedelta(hours=self.amount) if self.unit == "hours" else timedelta(days=self.amount)

    def __str__(self) -> str:
        unit = self.unit if self.amount != 1 else self.unit[:-1]
        return f"{self.amount} {unit}"


def parse_duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    match = _DURATION.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(
            f"{value!r} is not a duration; write 'N hours' or 'N days', e.g. '72 hours'"
        )
    unit = match.group(2) if match.group(2).endswith("s") else match.group(2) + "s"
    return Duration(int(match.group(1)), unit)


DurationValue = Annotated[Duration, PlainValidator(parse_duration)]


@dataclass(frozen=True, slots=True)
class Ref:
    """A name an instant is counted from.

    ``start`` is the provision's own start; ``ID.start`` and ``ID.deadline`` are another
    provision's (``ID@READING.deadline`` picks one of its readings); any other name is an
    anchor. An anchor and a provision may therefore share a name.
    """

    name: str
    field: str | None = None  # None for an anchor or the provision's own start
    reading: str | None = None

    @property
    def is_own_start(self) -> bool:
        return self.field is None and self.name == "start"

    @property
    def is_anchor(self) -> bool:
        return self.field is None and self.name != "start"

    def __str__(self) -> str:
        if self.field is None:
            return self.name
        reading = f"@{self.reading}" if self.reading else ""
        return f"{self.name}{reading}.{self.field}"


_REF = re.compile(
    rf"^(?P<name>{ID_PATTERN})(?:(?:@(?P<reading>[A-Za-z0-9][A-Za-z0-9_+-]*))?"
    r"\.(?P<field>start|deadline))?$"
)


def parse_ref(value: Any) -> Ref:
    if isinstance(value, Ref):
        return value
    match = _REF.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(
            f"{value!r} is not a reference; name an anchor (ceasefire), 'start', or another "
            "provision's start or deadline (withdrawal.start, withdrawal@from-start.deadline)"
        )
    return Ref(match.group("name"), match.group("field"), match.group("reading"))


RefValue = Annotated[Ref, PlainValidator(parse_ref)]


def is_identifier(value: str) -> bool:
    return bool(_ID.match(value))
