"""The instants an accord defines, as data: what the calendar of an accord is.

An anchor without a date is *open*: instants counted from it are kept as expressions
("end of day 14 after the day of ceasefire") so a draft can be read before anyone has
fixed a date. ``_resolver`` computes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Open:
    """An instant that is not fixed yet, described by how it will be counted."""

    expression: str

    def __str__(self) -> str:
        return self.expression


Instant = datetime | Open


@dataclass(frozen=True, slots=True)
class ComputedInstant:
    """One computed instant: what it is, under which reading, when, and by which rule."""

    subject: str  # an anchor name or a provision id
    field: str  # "anchor", "start", "deadline" or "until"
    reading: str | None
    at: Instant
    rule: str
    implicit: bool = False  # a start the accord does not state: its entry into force
    note: str | None = None

    @property
    def fixed(self) -> datetime | None:
        return self.at if isinstance(self.at, datetime) else None


@dataclass(frozen=True, slots=True)
class Calendar:
    """The instants of one accord, with the readings each provision is evaluated under."""

    timezone: ZoneInfo
    anchors: tuple[ComputedInstant, ...]
    instants: tuple[ComputedInstant, ...]
    readings: Mapping[str, tuple[str | None, ...]]
    inherited: Mapping[str, str]  # provision id -> the provision its readings come from

    def instant(self, provision: str, field: str, reading: str | None = None) -> Instant | None:
        for item in self.instants:
            if (item.subject, item.field, item.reading) == (provision, field, reading):
                return item.at
        return None

    def in_order(self) -> list[ComputedInstant]:
        """Anchors and provision instants by time; open ones last, in accord order."""
        everything = [*self.anchors, *self.instants]
        # Sorted in UTC: datetimes sharing a tzinfo compare by wall clock, which misorders
        # the hour that repeats when the clocks go back.
        fixed = [(item.fixed.astimezone(UTC), item) for item in everything if item.fixed]
        fixed.sort(key=lambda pair: pair[0])
        return [item for _, item in fixed] + [item for item in everything if item.fixed is None]


class InstantProblem(Exception):
    """An instant that cannot be computed, located by the document path of its key."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
