"""Event data sets to records: the samples mapped exactly, and every bad row or mapping
named by its line."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from servanda._canonical import canonical_json
from servanda.accord import parse_accord
from servanda.errors import InputError
from servanda.evidence.events import (
    ACLED,
    ACLED_COLUMNS,
    GED_COLUMNS,
    UCDP,
    BadRow,
    EventFormat,
    EventMap,
    Mapped,
    Skipped,
    convert,
    load_mapping,
    read_rows,
)
from tests.conftest import ROOT

EVENTS = ROOT / "tests" / "data" / "events"
LOADED = parse_accord((EVENTS / "minsk-events.yaml").read_text(encoding="utf-8"), "minsk.yaml")
TZ = LOADED.calendar.timezone


def mapping(name: str, fmt: EventFormat) -> EventMap:
    return load_mapping((EVENTS / name).read_text(encoding="utf-8"), name, fmt, LOADED)


ACLED_MAP = mapping("acled-map.yaml", ACLED)
GED_MAP = mapping("ged-map.yaml", UCDP)


def outcomes(path: Path, fmt: EventFormat, event_map: EventMap) -> list[Mapped | Skipped | BadRow]:
    return list(convert(read_rows(path, fmt.layout), fmt, event_map, TZ))


def records(found: list[Mapped | Skipped | BadRow]) -> list[bytes]:
    return [canonical_json(r) for o in found if isinstance(o, Mapped) for r in o.records]


def expected(name: str) -> list[bytes]:
    return [line.encode() for line in (EVENTS / name).read_text(encoding="utf-8").splitlines()]


def bad(found: list[Mapped | Skipped | BadRow]) -> list[tuple[int, str]]:
    return [(o.line, o.message) for o in found if isinstance(o, BadRow)]


def test_the_samples_have_the_documented_columns() -> None:
    assert len(ACLED_COLUMNS) == 31
    assert len(GED_COLUMNS) == 49
    header = (EVENTS / "acled-ukraine-2015.csv").read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == ACLED_COLUMNS
    header = (EVENTS / "ged-ukraine-2015.csv").read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == GED_COLUMNS


def test_the_acled_sample_maps_exactly() -> None:
    found = outcomes(EVENTS / "acled-ukraine-2015.csv", ACLED, ACLED_MAP)
    assert records(found) == expected("acled-expected.jsonl")
    assert Counter(o.reason for o in found if isinstance(o, Skipped)) == {
        "outside the dates": 5,
        "outside the area": 3,
        "actor not mapped": 2,
        "type not mapped": 1,
    }
    assert bad(found) == []
    # Rows keep the line they start on: row 10's notes span lines 11 and 12.
    lines = {o.records[0]["id"]: o.line for o in found if isinstance(o, Mapped)}
    assert (lines["acled-UKR2010"], lines["acled-UKR2011"]) == (11, 13)
    first = json.loads(expected("acled-expected.jsonl")[0])
    assert first == {
        "id": "acled-UKR2004",
        "kind": "event",
        "monitor": "ACLED",
        "indicator": "ceasefire_violation",
        "party": "CADLR",
        "value": 1,
        "location": "Debaltseve, Donetsk",
        # A date without a time is noon in the accord's zone; recorded_at is the row's
        # timestamp (1424163600 = 2015-02-17T09:00Z), never before it occurred.
        "occurred_at": "2015-02-15T12:00:00+02:00",
        "recorded_at": "2015-02-17T11:00:00+02:00",
        "source": "ACLED UKR2004 (SYNTHETIC; Kyiv Post; Ukrinform)",
        "row": "UKR2004",
    }


def test_an_acled_row_updated_before_noon_is_recorded_when_it_occurred() -> None:
    by_id = {json.loads(r)["id"]: json.loads(r) for r in expected("acled-expected.jsonl")}
    assert by_id["acled-UKR2005"]["recorded_at"] == by_id["acled-UKR2005"]["occurred_at"]
    # After the switch to summer time the offset follows the zone.
    assert by_id["acled-UKR2038"]["recorded_at"] == "2015-03-30T12:00:00+03:00"


def test_the_ged_sample_maps_exactly_with_or_without_its_header() -> None:
    found = outcomes(EVENTS / "ged-ukraine-2015.csv", UCDP, GED_MAP)
    assert records(found) == expected("ged-expected.jsonl")
    assert Counter(o.reason for o in found if isinstance(o, Skipped)) == {
        "outside the dates": 2,
        "type not mapped": 2,
        "outside the area": 1,
    }
    headerless = outcomes(EVENTS / "ged-ukraine-2015-noheader.csv", UCDP, GED_MAP)
    assert records(headerless) == records(found)
    assert [o.line for o in headerless] == [o.line - 1 for o in found]


def test_a_ged_state_based_event_gives_a_record_per_side() -> None:
    got = [json.loads(r) for r in expected("ged-expected.jsonl")]
    both = [r for r in got if r["row"] == "164005"]
    assert [(r["id"], r["party"], r["value"]) for r in both] == [
        ("ucdp-164005-UA", "UA", 9),
        ("ucdp-164005-CADLR", "CADLR", 9),
    ]
    # The latest source date says when GED could have had it.
    assert both[0]["recorded_at"] == "2015-02-20T12:00:00+02:00"
    one_sided = [r for r in got if r["row"] == "164004"]
    assert [(r["id"], r["indicator"]) for r in one_sided] == [
        ("ucdp-164004-CADLR", "attack_on_civilians")
    ]
    no_source_date = next(r for r in got if r["row"] == "164007")
    assert no_source_date["recorded_at"] == no_source_date["occurred_at"]  # date_end, noon


def copy_with(tmp_path: Path, name: str, edit: dict[str, str] | None = None) -> Path:
    text = (EVENTS / name).read_text(encoding="utf-8")
    for old, new in (edit or {}).items():
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_truncated_file_is_reported_with_the_line_it_stops_in(tmp_path: Path) -> None:
    data = (EVENTS / "acled-ukraine-2015.csv").read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[: data.index(b"UKR2007") + 60])
    assert bad(outcomes(cut, ACLED, ACLED_MAP)) == [
        (8, "7 columns, expected 31: the file ends in the middle of this row, so it is truncated")
    ]
    # Cut inside the quoted notes that span lines 11 and 12.
    cut.write_bytes(data[: data.index(b"A second line of notes")])
    found = outcomes(cut, ACLED, ACLED_MAP)
    assert bad(found) == [(11, "the file ends inside a quoted field: it is truncated")]
    assert len(records(found)) == 6  # the rows before it are read


def test_bad_values_are_bad_rows_and_the_rest_are_read(tmp_path: Path) -> None:
    path = copy_with(
        tmp_path,
        "acled-ukraine-2015.csv",
        {
            "UKR2006,2015-02-16": "UKR2006,16 Febtember 2015",
            "UKR2007,2015-02-16": "UKR2007,16 February 2015",  # ACLED's other spelling
            "mortars.,0,,1424941200": "mortars.,0,,yesterday",  # UKR2019's timestamp
            ",2,,1424509200": ",two,,1424509200",  # UKR2009's fatalities
            "UKR2016,": "UKR 2016,",
            "UKR2020,2015-02-24,2015,1,": "UKR2020,2015-02-24,2015,",
        },
    )
    found = outcomes(path, ACLED, ACLED_MAP)
    assert bad(found) == [
        (7, "event_date '16 Febtember 2015' is not a date; write e.g. 2015-02-16 or "
            "16 February 2015"),
        (10, "fatalities 'two' is not a whole number of 0 or more, e.g. 3"),
        (18, "event_id_cnty 'UKR 2016' is not an id (letters, digits, '-' and '_'), so no "
             "stable record id can be made from it"),
        (21, "timestamp 'yesterday' is not a Unix time in seconds, e.g. 1424131200"),
        (22, "30 columns, expected 31"),
    ]  # fmt: skip
    assert "acled-UKR2007" in {r["id"] for o in found if isinstance(o, Mapped) for r in o.records}
    assert len(records(found)) == 29 - 5


def test_bytes_that_are_not_utf8_stop_the_reading(tmp_path: Path) -> None:
    data = (EVENTS / "acled-ukraine-2015.csv").read_bytes()
    path = tmp_path / "latin1.csv"
    path.write_bytes(data.replace(b"Avdiivka", b"Avdi\xefvka", 1))
    found = outcomes(path, ACLED, ACLED_MAP)
    assert bad(found) == [(18, "not UTF-8 text (byte 248 of the line); save the file as UTF-8")]
    assert len(records(found)) == 10


def test_a_bounding_box_needs_numbers_and_a_row_outside_it_is_skipped(tmp_path: Path) -> None:
    path = copy_with(tmp_path, "ged-ukraine-2015.csv", {"48.739700,39.231100": "north,39.2311"})
    assert bad(outcomes(path, UCDP, GED_MAP)) == [
        (8, "latitude 'north' is not a number of degrees, e.g. 48.02")
    ]


@pytest.mark.parametrize(
    ("first_line", "fmt", "message"),
    [
        (
            "id,name\n",
            ACLED,
            "f.csv:1: not the ACLED header; ACLED exports start with the header line "
            "event_id_cnty, event_date, year, ... (31 columns)",
        ),
        (
            "event_id_cnty,event_date\n",
            ACLED,
            "f.csv:1: the header lacks year, time_precision, disorder_type, event_type, "
            "sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, "
            "interaction, civilian_targeting, iso, region, country, admin1, admin2, admin3, "
            "location, latitude, longitude, geo_precision, source, source_scale, notes, "
            "fatalities, tags, timestamp; ACLED exports have 31 columns: event_id_cnty, "
            "event_date, year, ...",
        ),
        (
            "1,2,3\n",
            UCDP,
            "f.csv:1: neither the UCDP GED header nor a row of its 49 columns (3 columns); the "
            "header starts id, relid, year, ...",
        ),
    ],
    ids=["not-acled", "acled-header-short", "ged-neither"],
)
def test_a_file_of_another_layout_is_refused_whole(
    tmp_path: Path, first_line: str, fmt: EventFormat, message: str
) -> None:
    path = tmp_path / "f.csv"
    path.write_text(first_line + "a,b\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_rows(path, fmt.layout))
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [message]


def test_recorded_at_occurred_replays_a_data_set_as_if_it_had_been_live() -> None:
    text = (EVENTS / "ged-map.yaml").read_text(encoding="utf-8") + "recorded_at: occurred\n"
    event_map = load_mapping(text, "m.yaml", UCDP, LOADED)
    got = records(outcomes(EVENTS / "ged-ukraine-2015.csv", UCDP, event_map))
    assert all(json.loads(r)["recorded_at"] == json.loads(r)["occurred_at"] for r in got)


ACLED_MAP_TEXT = (EVENTS / "acled-map.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "messages"),
    [
        (
            ("area:", "aera:"),
            ["m.yaml:16: aera: unknown key 'aera'; did you mean 'area'?"],
        ),
        (
            ("dataset: ACLED", "dataset: ACLEDD"),
            ["m.yaml:4: dataset: unknown monitor 'ACLEDD'; did you mean 'ACLED'? (the accord "
             "lists OSCE-SMM, ACLED, UCDP-GED)"],
        ),
        (
            (": RU", ": RUS"),
            ["m.yaml:8: actors.Military Forces of Russia (2000-): unknown party 'RUS'; did you "
             "mean 'RU'? (the accord lists UA, RU, CADLR)"],
        ),
        (
            ("[actor1]", "[actor1, side_a, actor1]"),
            ["m.yaml:9: party_from[1]: 'side_a' is not an actor column of ACLED; use actor1 or "
             "actor2",
             "m.yaml:9: party_from[2]: 'actor1' is listed twice"],
        ),
        (
            ("{event_type: Battles,", "{type_of_violence: 1,"),
            ["m.yaml:11: indicators[0].type_of_violence: ACLED has no column "
             "'type_of_violence'; ACLED rules select rows by event_type and sub_event_type"],
        ),
        (
            ("value: fatalities", "value: best"),
            ["m.yaml:15: indicators[2].value: 'best' is not a count column of ACLED; use a "
             "number (1) or fatalities"],
        ),
        (
            ("{event_type: Battles, indicator", "{indicator"),
            ["m.yaml:11: indicators[0]: a rule needs event_type or sub_event_type, e.g. "
             "{event_type: ..., indicator: ceasefire_violation}"],
        ),
        (
            ("to: 2015-03-31", "to: 2015-01-31"),
            ["m.yaml:18: dates.to: 2015-01-31 is before 'from' (2015-02-15)"],
        ),
        (
            ("indicator: ceasefire_violation}", "indicator: Ceasefire}"),
            ["m.yaml:11: indicators[0].indicator: 'Ceasefire' is not a valid indicator kind; "
             "use lower_snake_case, e.g. shelling"],
        ),
        (
            ("recorded_at: published", "recorded_at: yes"),
            ["m.yaml:19: recorded_at: 'yes' is not one of 'published' or 'occurred'"],
        ),
    ],
    ids=["unknown-key", "monitor", "party", "party-from", "selector", "value", "no-selector",
         "dates", "indicator", "recorded-at"],
)  # fmt: skip
def test_a_bad_mapping_is_refused_with_its_line(edit: tuple[str, str], messages: list[str]) -> None:
    old, new = edit
    assert old in ACLED_MAP_TEXT
    with pytest.raises(InputError) as caught:
        load_mapping(ACLED_MAP_TEXT.replace(old, new, 1), "m.yaml", ACLED, LOADED)
    assert [str(p) for p in caught.value.problems] == messages


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        ("", ["m.yaml:1: the file is empty; an accord starts with 'servanda: 1'"]),
        ("- a\n", ["m.yaml:1: a mapping file is a mapping of keys, starting 'dataset: ACLED'"]),
        (
            "dataset: UCDP-GED\nactors: {DPR: CADLR}\nparty_from: [side_a]\nindicators:\n"
            "  - {type_of_violence: 1, indicator: x}\n"
            "area: {bbox: {west: 40, south: 46.8, east: 36.5, north: 95}}\n",
            ["m.yaml:6: area.bbox.east: east (36.5) must be greater than west (40)",
             "m.yaml:6: area.bbox.north: 95 is not between -90 and 90"],
        ),
    ],
    ids=["empty", "not-a-mapping", "bbox"],
)  # fmt: skip
def test_a_mapping_that_is_no_mapping_is_refused(text: str, messages: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        load_mapping(text, "m.yaml", UCDP, LOADED)
    assert [str(p) for p in caught.value.problems] == messages
