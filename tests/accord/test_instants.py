"""Instants an accord defines: references, readings, open anchors and assumptions."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from servanda.accord import LoadedAccord, Open
from servanda.accord._calendar import render
from servanda.errors import AccordError
from tests.conftest import accord

WITHDRAWAL = """\
anchors:
  ceasefire: 2015-02-15T00:00
provisions:
  - id: heavy-weapons-withdrawal
    kind: obligation
    bearers: [UA, CADLR]
    text: Start no later than the second day; finish within 14 days.
    start: {after: ceasefire, days: 2}
    readings:
      from-ceasefire: {deadline: {after: ceasefire, days: 14}}
      from-start: {deadline: {after: start, days: 14}}
"""


def at(loaded: LoadedAccord, provision: str, field: str, reading: str | None = None) -> str:
    """The instant as canonical text; fails the test if it is open or missing."""
    instant = loaded.calendar.instant(provision, field, reading)
    assert isinstance(instant, datetime), instant
    return render(instant)


def instants(loaded: object) -> list[tuple[str, str, str | None, str]]:
    return [
        (i.subject, i.field, i.reading, render(i.at) if isinstance(i.at, datetime) else str(i.at))
        for i in loaded.calendar.instants  # type: ignore[attr-defined]
        if not i.implicit
    ]


def test_the_design_sketch_gives_the_dates_worked_by_hand() -> None:
    loaded = accord(WITHDRAWAL)
    assert instants(loaded) == [
        ("heavy-weapons-withdrawal", "start", "from-ceasefire", "2015-02-18T00:00:00+02:00"),
        ("heavy-weapons-withdrawal", "deadline", "from-ceasefire", "2015-03-02T00:00:00+02:00"),
        ("heavy-weapons-withdrawal", "start", "from-start", "2015-02-18T00:00:00+02:00"),
        ("heavy-weapons-withdrawal", "deadline", "from-start", "2015-03-05T00:00:00+02:00"),
    ]
    assert loaded.calendar.readings == {
        "heavy-weapons-withdrawal": ("from-ceasefire", "from-start")
    }


def test_a_provision_counting_from_another_inherits_its_readings() -> None:
    loaded = accord(
        WITHDRAWAL
        + """\
  - id: hostages
    kind: obligation
    bearers: [UA, CADLR]
    text: Finished on the day 5 after the withdrawal at the latest.
    deadline: {after: heavy-weapons-withdrawal.deadline, days: 5, counting: inclusive}
"""
    )
    assert loaded.calendar.readings["hostages"] == ("from-ceasefire", "from-start")
    assert loaded.calendar.inherited == {"hostages": "heavy-weapons-withdrawal"}
    assert at(loaded, "hostages", "deadline", "from-ceasefire") == ("2015-03-07T00:00:00+02:00")
    assert at(loaded, "hostages", "deadline", "from-start") == ("2015-03-10T00:00:00+02:00")


def test_counting_from_an_instant_all_readings_share_adds_no_reading() -> None:
    loaded = accord(
        WITHDRAWAL
        + """\
  - id: monitoring
    kind: prohibition
    bearers: [UA]
    text: From day one of the withdrawal.
    from: heavy-weapons-withdrawal.start
    indicator: {kind: monitoring_restricted}
"""
    )
    assert loaded.calendar.readings["monitoring"] == (None,)
    assert at(loaded, "monitoring", "start") == "2015-02-18T00:00:00+02:00"


def test_own_readings_combine_with_inherited_ones() -> None:
    loaded = accord(
        WITHDRAWAL
        + """\
  - id: dialogue
    kind: obligation
    bearers: [UA]
    text: On the first day after the withdrawal.
    readings:
      after-start: {deadline: {after: heavy-weapons-withdrawal.start, days: 1}}
      after-end: {deadline: {after: heavy-weapons-withdrawal.deadline, days: 1}}
"""
    )
    assert loaded.calendar.readings["dialogue"] == (
        "after-start+from-ceasefire",
        "after-start+from-start",
        "after-end+from-ceasefire",
        "after-end+from-start",
    )
    deadlines = {
        reading: at(loaded, "dialogue", "deadline", reading)
        for reading in loaded.calendar.readings["dialogue"]
    }
    assert deadlines == {
        # The withdrawal starts at 18 Feb 00:00, which is on 18 Feb: day 1 after is 19 Feb.
        "after-start+from-ceasefire": "2015-02-20T00:00:00+02:00",
        "after-start+from-start": "2015-02-20T00:00:00+02:00",
        # Its deadline, 2 Mar 00:00 (or 5 Mar), is on 2 Mar: day 1 after is 3 Mar.
        "after-end+from-ceasefire": "2015-03-04T00:00:00+02:00",
        "after-end+from-start": "2015-03-07T00:00:00+02:00",
    }


def test_a_named_reading_picks_one_instant() -> None:
    loaded = accord(
        WITHDRAWAL
        + """\
  - id: report
    kind: obligation
    bearers: [UA]
    text: Report a week after the withdrawal's latest deadline.
    deadline: {after: heavy-weapons-withdrawal@from-start.deadline, days: 7}
"""
    )
    assert loaded.calendar.readings["report"] == (None,)
    # 5 Mar 00:00 is on 5 Mar; seven days later is the end of 12 Mar.
    assert at(loaded, "report", "deadline") == "2015-03-13T00:00:00+02:00"


def test_a_provision_counts_from_its_own_start() -> None:
    loaded = accord(
        """\
provisions:
  - id: elections
    kind: obligation
    bearers: [UA]
    text: Within 30 days of the start, which is 10 days after signature.
    start: {after: signed, days: 10}
    deadline: {after: start, days: 30}
"""
    )
    assert at(loaded, "elections", "start") == "2015-02-23T00:00:00+02:00"
    assert at(loaded, "elections", "deadline") == "2015-03-26T00:00:00+02:00"
    rules = [i.rule for i in loaded.calendar.instants if i.field == "deadline"]
    assert rules == ["end of day 30 after the day of its start (23 Feb 2015)"]


def test_an_anchor_and_a_provision_may_share_a_name() -> None:
    loaded = accord(
        """\
anchors:
  ceasefire: 2015-02-15T00:00
provisions:
  - id: ceasefire
    kind: prohibition
    bearers: [UA]
    text: Cease fire.
    from: ceasefire
    indicator: {kind: ceasefire_violation}
  - id: report
    kind: obligation
    bearers: [UA]
    text: Report three days after the ceasefire provision starts.
    deadline: {after: ceasefire.start, hours: 72}
"""
    )
    assert at(loaded, "report", "deadline") == "2015-02-18T00:00:00+02:00"


def test_fixed_and_end_of_day_deadlines() -> None:
    loaded = accord(
        """\
provisions:
  - id: reform
    kind: obligation
    bearers: [UA]
    text: By the end of 2015.
    deadline: {end_of: 2015-12-31}
  - id: session
    kind: obligation
    bearers: [UA]
    text: At noon Kyiv time on 1 March, or 10:00 UTC.
    deadline: {at: 2015-03-01T10:00+00:00}
"""
    )
    assert at(loaded, "reform", "deadline") == "2016-01-01T00:00:00+02:00"
    assert at(loaded, "session", "deadline") == "2015-03-01T12:00:00+02:00"


def test_provisions_without_start_take_effect_with_the_accord() -> None:
    loaded = accord(
        """\
provisions:
  - id: amnesty
    kind: obligation
    bearers: [UA]
    text: Enact an amnesty law.
"""
    )
    (start,) = loaded.calendar.instants
    assert start.implicit
    assert render(start.at) == "2015-02-12T00:00:00+02:00"
    assert start.rule == "when the accord takes effect: signed"


def test_open_anchors_give_open_instants_until_a_date_is_assumed() -> None:
    body = """\
anchors:
  local-elections: {note: no date in the text}
provisions:
  - id: border
    kind: obligation
    bearers: [UA]
    text: Starting on day 1 after the local elections, ending 90 days later.
    start: {after: local-elections, days: 0}
    deadline: {after: start, days: 90}
"""
    loaded = accord(body)
    start = loaded.calendar.instant("border", "start")
    deadline = loaded.calendar.instant("border", "deadline")
    assert start == Open("end of the day of local-elections")
    assert deadline == Open("end of day 90 after the day of its start")
    assumed = accord(body, assume={"local-elections": date(2015, 10, 25)})
    assert at(assumed, "border", "start") == "2015-10-26T00:00:00+02:00"
    # The start is on 26 Oct; 90 days later is 24 Jan, which ends at midnight into the 25th.
    assert at(assumed, "border", "deadline") == "2016-01-25T00:00:00+02:00"
    assert assumed.calendar.anchors[1].rule == "fixed (assumed): 2015-10-25 (start of day)"


def test_an_unsigned_accord_has_an_open_signature() -> None:
    loaded = accord("status: proposed\n".replace("proposed", "proposed"))
    assert loaded.calendar.anchors[0].subject == "signed"


def test_assuming_a_name_that_is_no_anchor_is_refused() -> None:
    with pytest.raises(AccordError) as caught:
        accord("anchors: {ceasefire: 2015-02-15}\n", assume={"cease-fire": date(2015, 2, 16)})
    assert [str(p) for p in caught.value.problems] == [
        "test.yaml:1: --assume names 'cease-fire', which is not an anchor; anchors are "
        "ceasefire, signed"
    ]


def test_a_provision_that_counts_from_its_own_start_in_its_start_is_a_cycle() -> None:
    with pytest.raises(AccordError) as caught:
        accord(
            """\
provisions:
  - id: loop
    kind: obligation
    bearers: [UA]
    text: Start a day after starting.
    start: {after: start, days: 1}
"""
        )
    assert [p.message for p in caught.value.problems] == [
        "instants count from each other in a cycle: loop.start → loop.start"
    ]


def test_months_from_an_open_anchor_need_a_rounding() -> None:
    with pytest.raises(AccordError) as caught:
        accord(
            """\
anchors: {elections: null}
provisions:
  - id: report
    kind: obligation
    bearers: [UA]
    text: One month after the elections.
    deadline: {after: elections, months: 1}
"""
        )
    assert [str(p) for p in caught.value.problems] == [
        "test.yaml:14: provisions[0].deadline: elections has no date yet, so 1 month after it "
        "may fall on a day that does not exist; declare rounding: down or rounding: up"
    ]
