"""The calendar against a second, naive computation that walks the clock hour by hour.

The naive walk knows nothing of ``start_of_day``: it steps through UTC, reads each
instant's local date off the zone, and stops at the first second whose date lies past
the last counted day. If both agree on every generated case, the construction of local
midnights (gaps, folds, skipped dates) is right.
"""

from __future__ import annotations

import calendar as stdcal
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from servanda.accord._calendar import CalendarError, add_months, days_after, hours_after

ZONES = [
    "UTC",
    "Europe/Kyiv",
    "Europe/London",
    "America/New_York",
    "America/Sao_Paulo",  # summer time began at midnight until 2019
    "America/Havana",  # likewise
    "Australia/Lord_Howe",  # half-hour summer time
    "Asia/Kathmandu",  # +05:45
    "Pacific/Apia",  # skipped 30 December 2011
    "Pacific/Kiritimati",  # +14:00
    "Asia/Tehran",
]

instants = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2037, 1, 1), timezones=st.just(UTC)
)


def naive_days_after(anchor: datetime, days: int, counting: str, tz: ZoneInfo) -> datetime:
    """Walk forward an hour at a time, then to the second, until past the last day."""
    last_day = anchor.astimezone(tz).date() + timedelta(days=days - (counting == "inclusive"))
    step = timedelta(hours=1)
    previous = anchor.astimezone(UTC)
    current = previous + step
    while current.astimezone(tz).date() <= last_day:
        previous, current = current, current + step
    low, high = previous, current  # the date changes in (low, high]
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0) if middle.microsecond else middle
        if middle.astimezone(tz).date() <= last_day:
            low = middle
        else:
            high = middle
    return high


@settings(max_examples=300, deadline=None)
@example("Pacific/Apia", datetime(2011, 12, 29, 0, 30, tzinfo=UTC), 1, "exclusive")
@example("Pacific/Apia", datetime(2011, 12, 28, 22, 0, tzinfo=UTC), 2, "inclusive")
@example("America/Sao_Paulo", datetime(2018, 11, 2, 12, 0, tzinfo=UTC), 1, "exclusive")
@example("America/Havana", datetime(2015, 3, 6, 12, 0, tzinfo=UTC), 1, "exclusive")
@example("Australia/Lord_Howe", datetime(2015, 10, 3, 12, 0, tzinfo=UTC), 1, "inclusive")
@example("Europe/Kyiv", datetime(2015, 3, 28, 10, 0, tzinfo=UTC), 1, "exclusive")
@example("America/New_York", datetime(2015, 11, 1, 5, 30, tzinfo=UTC), 0, "exclusive")
@given(
    zone_name=st.sampled_from(ZONES),
    anchor=instants,
    days=st.integers(min_value=0, max_value=400),
    counting=st.sampled_from(["exclusive", "inclusive"]),
)
def test_days_after_agrees_with_walking_the_clock(
    zone_name: str, anchor: datetime, days: int, counting: str
) -> None:
    tz = ZoneInfo(zone_name)
    anchor = anchor.replace(microsecond=0)
    if counting == "inclusive" and days == 0:
        days = 1
    computed = days_after(anchor.astimezone(tz), days, counting, tz)  # type: ignore[arg-type]
    assert computed.astimezone(UTC) == naive_days_after(anchor, days, counting, tz)
    assert computed.astimezone(tz).utcoffset() == computed.utcoffset()


@settings(max_examples=200, deadline=None)
@given(zone_name=st.sampled_from(ZONES), anchor=instants, hours=st.integers(0, 24 * 400))
def test_hours_after_is_an_exact_duration(zone_name: str, anchor: datetime, hours: int) -> None:
    tz = ZoneInfo(zone_name)
    later = hours_after(anchor.astimezone(tz), hours, tz)
    assert later.astimezone(UTC) - anchor == timedelta(hours=hours)


@settings(max_examples=300)
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    months=st.integers(min_value=1, max_value=240),
)
def test_months_move_the_month_and_keep_the_day_unless_it_is_missing(
    day: date, months: int
) -> None:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    length = stdcal.monthrange(year, month)[1]
    if day.day <= length:
        expected = date(year, month, day.day)
        assert add_months(day, months, None) == expected
        assert add_months(day, months, "down") == expected
        assert add_months(day, months, "up") == expected
    else:
        with pytest.raises(CalendarError, match="declare rounding"):
            add_months(day, months, None)
        assert add_months(day, months, "down") == date(year, month, length)
        assert add_months(day, months, "up") == date(year, month, length) + timedelta(days=1)
