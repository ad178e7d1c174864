"""The example accords are real texts: each loads, cites its sources, and dates as worked."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from servanda.accord import LoadedAccord, parse_accord
from servanda.accord._calendar import render
from tests.conftest import EXAMPLES, ROOT

NAMES = [path.stem for path in EXAMPLES]


def load(name: str) -> LoadedAccord:
    path = ROOT / "examples" / f"{name}.yaml"
    return parse_accord(path.read_text(encoding="utf-8"), f"examples/{name}.yaml")


def dated(loaded: LoadedAccord) -> dict[tuple[str, str, str | None], str]:
    return {
        (item.subject, item.field, item.reading): render(item.at)
        for item in [*loaded.calendar.anchors, *loaded.calendar.instants]
        if isinstance(item.at, datetime) and not item.implicit
    }


def test_the_five_required_examples_exist() -> None:
    assert set(NAMES) >= {
        "minsk-protocol",
        "minsk-ii",
        "budapest-memorandum",
        "black-sea-grain-initiative",
        "reciprocal-non-aggression",
    }


@pytest.mark.parametrize("path", EXAMPLES, ids=NAMES)
def test_every_provision_and_guarantee_quotes_and_cites_its_source(path: Path) -> None:
    loaded = load(path.stem)
    for item in [*loaded.accord.provisions, *loaded.accord.guarantees]:
        assert item.text, item.id
        assert item.provenance is not None, item.id
        assert item.cite, item.id


def test_minsk_ii_dates_match_the_text_under_each_reading() -> None:
    assert dated(load("minsk-ii")) == {
        ("signed", "anchor", None): "2015-02-12T00:00:00+02:00",
        ("ceasefire", "anchor", None): "2015-02-15T00:00:00+02:00",
        ("ceasefire", "start", None): "2015-02-15T00:00:00+02:00",
        # "no later than on the second day of the cease-fire": 16 Feb is day 2.
        ("heavy-weapons-withdrawal", "start", "reuters-from-ceasefire"): (
            "2015-02-17T00:00:00+02:00"
        ),
        ("heavy-weapons-withdrawal", "start", "reuters-from-start"): "2015-02-17T00:00:00+02:00",
        # "no later than the second day after the start of the ceasefire": 17 Feb.
        ("heavy-weapons-withdrawal", "start", "kyivpost-from-ceasefire"): (
            "2015-02-18T00:00:00+02:00"
        ),
        ("heavy-weapons-withdrawal", "start", "kyivpost-from-start"): "2015-02-18T00:00:00+02:00",
        # 14 days after 15 Feb is 1 Mar; 14 days after a start on 17 or 18 Feb.
        ("heavy-weapons-withdrawal", "deadline", "reuters-from-ceasefire"): (
            "2015-03-02T00:00:00+02:00"
        ),
        ("heavy-weapons-withdrawal", "deadline", "reuters-from-start"): (
            "2015-03-04T00:00:00+02:00"
        ),
        ("heavy-weapons-withdrawal", "deadline", "kyivpost-from-ceasefire"): (
            "2015-03-02T00:00:00+02:00"
        ),
        ("heavy-weapons-withdrawal", "deadline", "kyivpost-from-start"): (
            "2015-03-05T00:00:00+02:00"
        ),
        **{
            ("monitoring-access", "start", reading): start
            for reading, start in [
                ("reuters-from-ceasefire", "2015-02-17T00:00:00+02:00"),
                ("reuters-from-start", "2015-02-17T00:00:00+02:00"),
                ("kyivpost-from-ceasefire", "2015-02-18T00:00:00+02:00"),
                ("kyivpost-from-start", "2015-02-18T00:00:00+02:00"),
            ]
        },
        **{
            ("elections-dialogue", "deadline", reading): deadline
            for reading, deadline in [
                ("after-start+reuters-from-ceasefire", "2015-02-19T00:00:00+02:00"),
                ("after-start+reuters-from-start", "2015-02-19T00:00:00+02:00"),
                ("after-start+kyivpost-from-ceasefire", "2015-02-20T00:00:00+02:00"),
                ("after-start+kyivpost-from-start", "2015-02-20T00:00:00+02:00"),
                ("after-end+reuters-from-ceasefire", "2015-03-04T00:00:00+02:00"),
                ("after-end+reuters-from-start", "2015-03-06T00:00:00+02:00"),
                ("after-end+kyivpost-from-ceasefire", "2015-03-04T00:00:00+02:00"),
                ("after-end+kyivpost-from-start", "2015-03-07T00:00:00+02:00"),
            ]
        },
        # "no later than 30 days from the date of signing": by the end of 14 March.
        ("special-regime-resolution", "deadline", None): "2015-03-15T00:00:00+02:00",
        # "day 5 after the withdrawal": 19 days after the ceasefire in the first reading.
        ("hostages-release", "deadline", "reuters-from-ceasefire"): "2015-03-07T00:00:00+02:00",
        ("hostages-release", "deadline", "reuters-from-start"): "2015-03-09T00:00:00+02:00",
        ("hostages-release", "deadline", "kyivpost-from-ceasefire"): "2015-03-07T00:00:00+02:00",
        ("hostages-release", "deadline", "kyivpost-from-start"): "2015-03-10T00:00:00+02:00",
        ("border-control", "deadline", None): "2016-01-01T00:00:00+02:00",
        ("constitutional-reform", "deadline", None): "2016-01-01T00:00:00+02:00",
    }


def test_minsk_ii_border_control_waits_for_the_local_elections() -> None:
    loaded = load("minsk-ii")
    start = loaded.calendar.instant("border-control", "start")
    assert str(start) == "end of the day of local-elections"


def test_the_minsk_protocol_ceasefire_starts_at_18_00_local_time() -> None:
    assert dated(load("minsk-protocol"))[("ceasefire", "start", None)] == (
        "2014-09-05T18:00:00+03:00"
    )


def test_the_grain_initiative_runs_120_days_under_both_counts() -> None:
    dates = dated(load("black-sea-grain-initiative"))
    assert dates[("no-attacks", "until", "signature-day-excluded")] == ("2022-11-20T00:00:00+03:00")
    assert dates[("no-attacks", "until", "signature-day-included")] == ("2022-11-19T00:00:00+03:00")


def test_the_budapest_memorandum_holds_assurances_not_guarantees() -> None:
    loaded = load("budapest-memorandum")
    assert {g.id: g.strength for g in loaded.accord.guarantees} == {
        "security-council-action": "assurance",
        "consultation": "assurance",
    }
    assert loaded.accord.monitors == {}
    assert all(g.response and g.response.within is None for g in loaded.accord.guarantees)


def test_the_reciprocal_offer_binds_every_state_to_every_other() -> None:
    loaded = load("reciprocal-non-aggression")
    accord = loaded.accord
    assert len(accord.parties) == 37
    assert accord.parties["NO"].name == "Norway"
    (provision,) = accord.provisions
    assert provision.bearers == provision.beneficiaries == tuple(accord.parties)
    (guarantee,) = accord.guarantees
    assert guarantee.guarantors == tuple(accord.parties)
    assert guarantee.distribution == "collective"
    assert accord.reciprocity is not None
    assert accord.reciprocity.material_breach.provisions == ("no-aggression",)
    assert str(loaded.calendar.instant("no-aggression", "start")) == "entry-into-force"
