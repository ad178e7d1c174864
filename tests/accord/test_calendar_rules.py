"""Each calendar rule of DESIGN.md, with the instant worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from servanda.accord._calendar import (
    CalendarError,
    add_months,
    days_after,
    end_of_day,
    hours_after,
    local_day,
    localize,
    months_after,
    render,
    start_of_day,
    zone,
)

KYIV = ZoneInfo("Europe/Kyiv")
NEW_YORK = ZoneInfo("America/New_York")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
APIA = ZoneInfo("Pacific/Apia")


def at(text: str, tz: ZoneInfo = KYIV) -> datetime:
    return localize(datetime.fromisoformat(text), tz)


def test_exclusive_counting_makes_the_anchor_day_day_zero() -> None:
    # Minsk II: ceasefire 15 Feb 2015 00:00; 14 days -> end of 1 March.
    assert render(days_after(at("2015-02-15T00:00"), 14, "exclusive", KYIV)) == (
        "2015-03-02T00:00:00+02:00"
    )


def test_inclusive_counting_makes_the_anchor_day_day_one() -> None:
    # "no later than on the second day of the cease-fire": 15 Feb is day 1, 16 Feb day 2.
    assert render(days_after(at("2015-02-15T00:00"), 2, "inclusive", KYIV)) == (
        "2015-02-17T00:00:00+02:00"
    )


def test_the_time_of_day_of_the_anchor_does_not_shorten_the_count() -> None:
    # Minsk Protocol: ceasefire at 18:00; one day later ends at the second midnight.
    assert render(days_after(at("2014-09-05T18:00"), 1, "exclusive", KYIV)) == (
        "2014-09-07T00:00:00+03:00"
    )


def test_an_instant_at_midnight_belongs_to_the_day_that_starts_there() -> None:
    # DESIGN.md: a deadline counted from a start of 18 Feb 00:00 counts 18 Feb as day 0.
    start = at("2015-02-18T00:00")
    assert local_day(start, KYIV) == date(2015, 2, 18)
    assert render(days_after(start, 14, "exclusive", KYIV)) == "2015-03-05T00:00:00+02:00"


def test_zero_days_exclusive_is_the_end_of_the_anchor_day() -> None:
    assert render(days_after(at("2015-10-25T13:00"), 0, "exclusive", KYIV)) == (
        "2015-10-26T00:00:00+02:00"
    )


def test_inclusive_counting_has_no_day_zero() -> None:
    with pytest.raises(CalendarError, match="inclusive counting starts at day 1"):
        days_after(at("2015-02-15T00:00"), 0, "inclusive", KYIV)


def test_a_day_that_loses_an_hour_to_summer_time_still_counts_as_one_day() -> None:
    # Kyiv moved from +02:00 to +03:00 at 03:00 on 29 March 2015: that day had 23 hours.
    anchor = at("2015-03-28T12:00")
    end = days_after(anchor, 1, "exclusive", KYIV)
    assert render(end) == "2015-03-30T00:00:00+03:00"
    assert end.astimezone(UTC) - anchor.astimezone(UTC) == timedelta(hours=35)


def test_a_day_that_gains_an_hour_still_counts_as_one_day() -> None:
    # Kyiv moved back from +03:00 to +02:00 at 04:00 on 25 October 2015: 25 hours.
    anchor = at("2015-10-24T12:00")
    end = days_after(anchor, 1, "exclusive", KYIV)
    assert render(end) == "2015-10-26T00:00:00+02:00"
    assert end.astimezone(UTC) - anchor.astimezone(UTC) == timedelta(hours=37)


def test_hours_are_exact_durations_across_a_clock_change() -> None:
    # 24 hours from noon before the spring change ends at 13:00 local time, not noon.
    anchor = at("2015-03-28T12:00")
    assert render(hours_after(anchor, 24, KYIV)) == "2015-03-29T13:00:00+03:00"
    assert render(hours_after(anchor, 72, KYIV)) == "2015-03-31T13:00:00+03:00"


def test_hours_and_days_differ_when_the_clocks_change() -> None:
    anchor = at("2015-03-28T00:00")
    assert render(days_after(anchor, 1, "inclusive", KYIV)) == "2015-03-29T00:00:00+02:00"
    assert render(hours_after(anchor, 24, KYIV)) == "2015-03-29T00:00:00+02:00"
    assert render(days_after(anchor, 2, "inclusive", KYIV)) == "2015-03-30T00:00:00+03:00"
    assert render(hours_after(anchor, 48, KYIV)) == "2015-03-30T01:00:00+03:00"


def test_a_day_whose_midnight_the_clocks_skip_starts_when_the_clocks_resume() -> None:
    # Sao Paulo jumped from 00:00 to 01:00 on 4 November 2018: that day began at 01:00.
    assert render(start_of_day(date(2018, 11, 4), SAO_PAULO)) == "2018-11-04T01:00:00-02:00"
    assert render(end_of_day(date(2018, 11, 3), SAO_PAULO)) == "2018-11-04T01:00:00-02:00"
    anchor = localize(datetime(2018, 11, 2, 9), SAO_PAULO)
    assert render(days_after(anchor, 1, "exclusive", SAO_PAULO)) == "2018-11-04T01:00:00-02:00"


def test_a_date_the_zone_skipped_still_counts_as_a_day() -> None:
    # Samoa skipped 30 December 2011. Day 1 after 29 December is that missing day, and
    # its end is the first instant of 31 December; day 2 ends a day later.
    anchor = localize(datetime(2011, 12, 29, 12), APIA)
    assert render(days_after(anchor, 1, "exclusive", APIA)) == "2011-12-31T00:00:00+14:00"
    assert render(days_after(anchor, 2, "exclusive", APIA)) == "2012-01-01T00:00:00+14:00"


def test_instants_with_an_offset_are_moved_into_the_accord_zone() -> None:
    # 00:00 in Moscow (+03:00) is still 14 February in Kyiv (+02:00).
    instant = localize(datetime.fromisoformat("2015-02-15T00:00+03:00"), KYIV)
    assert render(instant) == "2015-02-14T23:00:00+02:00"
    assert local_day(instant, KYIV) == date(2015, 2, 14)


def test_a_date_alone_means_the_start_of_that_day() -> None:
    assert render(localize(date(2015, 2, 12), KYIV)) == "2015-02-12T00:00:00+02:00"


def test_a_local_time_the_clocks_skip_is_refused() -> None:
    with pytest.raises(CalendarError) as caught:
        localize(datetime(2015, 3, 29, 3, 30), KYIV)
    assert str(caught.value) == (
        "2015-03-29T03:30 does not exist in Europe/Kyiv (the clocks skip it); give an "
        "offset, e.g. 2015-03-29T03:30+02:00"
    )


def test_a_local_time_that_happens_twice_is_refused() -> None:
    with pytest.raises(CalendarError) as caught:
        localize(datetime(2015, 11, 1, 1, 30), NEW_YORK)
    assert str(caught.value) == (
        "2015-11-01T01:30 happens twice in America/New_York (the clocks go back); give an "
        "offset: 2015-11-01T01:30-04:00 or 2015-11-01T01:30-05:00"
    )


@pytest.mark.parametrize(
    ("day", "months", "rounding", "expected"),
    [
        (date(2015, 1, 15), 1, None, date(2015, 2, 15)),
        (date(2015, 11, 30), 3, "up", date(2016, 3, 1)),
        (date(2015, 1, 31), 1, "down", date(2015, 2, 28)),
        (date(2015, 1, 31), 1, "up", date(2015, 3, 1)),
        (date(2016, 1, 31), 1, "down", date(2016, 2, 29)),
        (date(2015, 12, 31), 2, "down", date(2016, 2, 29)),
        (date(2015, 3, 31), 12, None, date(2016, 3, 31)),
    ],
)
def test_months_keep_the_day_of_the_month_or_round_as_declared(
    day: date, months: int, rounding: str | None, expected: date
) -> None:
    assert add_months(day, months, rounding) == expected  # type: ignore[arg-type]


def test_a_month_that_lacks_the_day_is_refused_without_a_rounding() -> None:
    with pytest.raises(CalendarError) as caught:
        add_months(date(2015, 1, 31), 1, None)
    assert str(caught.value) == (
        "31 January 2015 + 1 month falls on day 31 of February 2015, which has 28 days; "
        "declare rounding: down (to 28 Feb) or rounding: up (to the 1st of the next month)"
    )


def test_months_count_like_days_exclusive_or_inclusive() -> None:
    anchor = at("2015-02-12T00:00")
    assert render(months_after(anchor, 1, "exclusive", None, KYIV)) == ("2015-03-13T00:00:00+02:00")
    assert render(months_after(anchor, 1, "inclusive", None, KYIV)) == ("2015-03-12T00:00:00+02:00")


@pytest.mark.parametrize("name", ["Kyiv", "EEST", "Europe/Atlantis", "", "../etc/passwd"])
def test_a_name_that_is_no_iana_zone_is_refused(name: str) -> None:
    with pytest.raises(CalendarError, match="is not an IANA time zone"):
        zone(name)
