"""Calendar arithmetic in an accord's time zone: local days, their ends, and counting.

The rules (DESIGN.md, normative): a local day runs from one local midnight to the next;
an instant at local midnight belongs to the day that starts there. ``N days`` after an
instant A ends at the end of local day ``day(A) + N`` (exclusive counting: A's day is day
0) or ``day(A) + N - 1`` (inclusive: A's day is day 1). ``N hours`` is an exact duration.
Months keep the day of the month; a day that does not exist is an error unless a
rounding is declared. Days that a zone skipped (Samoa lost 30 December 2011) still count,
because calendar days are dates, not clock readings.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Counting = Literal["exclusive", "inclusive"]
Rounding = Literal["down", "up"]


class CalendarError(ValueError):
    """A date computation the accord leaves ambiguous or impossible."""


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; refuse abbreviations and unknown names clearly."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarError(
            f"{name!r} is not an IANA time zone; use a name such as Europe/Kyiv or UTC"
        ) from None


def normal(instant: datetime, tz: ZoneInfo) -> datetime:
    """The same instant, expressed in ``tz`` with the offset in force there and then."""
    return instant.astimezone(UTC).astimezone(tz)


def start_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of local ``day``: midnight, or the end of a gap that swallowed it."""
    # In a gap, fold=0 reads the wall time with the offset before the transition, which
    # lands exactly on the transition: the first instant that the day has.
    return normal(datetime.combine(day, time(0), tzinfo=tz), tz)


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The next local midnight after ``day`` starts: the first instant of the next day."""
    return start_of_day(day + timedelta(days=1), tz)


def local_day(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()


def localize(moment: date, tz: ZoneInfo) -> datetime:
    """A written moment as an instant: a date is its day's start; a bare time is local.

    A local time that the clocks skip or repeat is refused, because either reading could
    be the intended one; an explicit offset settles it.
    """
    if not isinstance(moment, datetime):
        return start_of_day(moment, tz)
    if moment.tzinfo is not None:
        return normal(moment, tz)
    first = moment.replace(tzinfo=tz, fold=0)
    second = moment.replace(tzinfo=tz, fold=1)
    shown = moment.isoformat(timespec="minutes")
    if normal(first, tz).replace(tzinfo=None) != moment:
        raise CalendarError(
            f"{shown} does not exist in {tz.key} (the clocks skip it); give an offset, "
            f"e.g. {shown}{_offset(first)}"
        )
    if first.utcoffset() != second.utcoffset():
        raise CalendarError(
            f"{shown} happens twice in {tz.key} (the clocks go back); give an offset: "
            f"{shown}{_offset(first)} or {shown}{_offset(second)}"
        )
    return normal(first, tz)


def _offset(instant: datetime) -> str:
    text = instant.strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def days_after(instant: datetime, days: int, counting: Counting, tz: ZoneInfo) -> datetime:
    """The end of the ``days``-th local day after ``instant``'s day, as DESIGN.md counts."""
    if counting == "inclusive":
        if days < 1:
            raise CalendarError("inclusive counting starts at day 1")
        last = local_day(instant, tz) + timedelta(days=days - 1)
    else:
        if days < 0:
            raise CalendarError("days must not be negative")
        last = local_day(instant, tz) + timedelta(days=days)
    return end_of_day(last, tz)


def hours_after(instant: datetime, hours: int, tz: ZoneInfo) -> datetime:
    """Exactly ``hours`` hours later, whatever the clocks do meanwhile."""
    return normal(instant.astimezone(UTC) + timedelta(hours=hours), tz)


def add_months(day: date, months: int, rounding: Rounding | None) -> date:
    """``day`` moved by whole months, keeping the day of the month.

    When that day does not exist (31 January + 1 month), ``rounding`` says whether to take
    the month's last day (``down``) or the next month's first (``up``); without it the
    date is ambiguous and refused.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if day.day <= last:
        return date(year, month, day.day)
    if rounding == "down":
        return date(year, month, last)
    if rounding == "up":
        return date(year, month, last) + timedelta(days=1)
    month_name = date(year, month, 1).strftime("%B %Y")
    count = f"{months} month{'s' if months != 1 else ''}"
    raise CalendarError(
        f"{day:%d %B %Y} + {count} falls on day {day.day} of {month_name}, which "
        f"has {last} days; declare rounding: down (to {date(year, month, last):%d %b}) or "
        "rounding: up (to the 1st of the next month)"
    )


def months_after(
    instant: datetime,
    months: int,
    counting: Counting,
    rounding: Rounding | None,
    tz: ZoneInfo,
) -> datetime:
    """The end of the day ``months`` months after ``instant``'s day (one day earlier when
    counting inclusively, as with days)."""
    target = add_months(local_day(instant, tz), months, rounding)
    if counting == "inclusive":
        target -= timedelta(days=1)
    return end_of_day(target, tz)


def render(instant: datetime) -> str:
    """The canonical text of an instant: local time with seconds and offset."""
    return instant.isoformat(timespec="seconds")
