"""Evidence files: every record checked, every problem named by line and field."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from servanda.errors import EvidenceError
from servanda.evidence import Evidence, merge_evidence, parse_evidence
from tests.conftest import accord

LOADED = accord(
    """\
guarantors: {DE: Germany}
provisions:
  - id: ceasefire
    kind: prohibition
    bearers: [UA, CADLR]
    text: Cease fire.
    indicator: {kind: ceasefire_violation}
    verified_by: {monitors: [OSCE-SMM]}
"""
)
REPORT = (
    '{"id": "smm-1", "kind": "report", "monitor": "OSCE-SMM", "indicator": '
    '"ceasefire_violation", "party": "CADLR", "value": 2.5, "location": "Debaltseve", '
    '"occurred_at": "2015-02-16T10:40+02:00", "recorded_at": "2015-02-16T18:00", '
    '"source": "daily report"}'
)


def problems(text: str) -> list[str]:
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(text, "ev.jsonl", LOADED)
    return [str(p) for p in caught.value.problems]


def test_a_valid_record_is_loaded_exactly() -> None:
    evidence = parse_evidence(REPORT + "\n\n", "ev.jsonl", LOADED)
    (record,) = evidence.records
    assert record.id == "smm-1"
    assert record.value == Decimal("2.5")
    assert record.occurred_at.astimezone(UTC) == datetime(2015, 2, 16, 8, 40, tzinfo=UTC)
    # Without an offset the time is read in the accord's zone (Kyiv, +02:00).
    assert record.recorded_at.isoformat() == "2015-02-16T18:00:00+02:00"
    assert record.line == 1


def test_statements_and_acts_are_loaded() -> None:
    text = (
        '{"id": "d1", "kind": "statement", "speaker": "Spokesman", "party": "UA", '
        '"act": "denial", "quote": "We did not fire.", "denies": ["smm-1"], '
        '"occurred_at": "2015-02-17T09:00", "recorded_at": "2015-02-17T09:30"}\n'
        '{"id": "a1", "kind": "act", "indicator": "consult", "party": "DE", '
        '"occurred_at": "2015-02-18T09:00", "recorded_at": "2015-02-18T09:30"}\n'
    )
    statement, act = parse_evidence(text, "ev.jsonl", LOADED).records
    assert (statement.act, statement.denies, statement.party) == ("denial", ("smm-1",), "UA")
    assert (act.indicator, act.party, act.against) == ("consult", "DE", None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "{not json",
            "ev.jsonl:1: invalid JSON: Expecting property name enclosed in double "
            "quotes (column 2)",
        ),
        ("[1, 2]", 'ev.jsonl:1: a record is a JSON object, e.g. {"id": ..., "kind": ...}'),
        (
            REPORT.replace('"report"', '"rumour"'),
            "ev.jsonl:1: kind: 'rumour' is not a record kind; use one of report, event, "
            "statement, act",
        ),
        (
            REPORT.replace('"occurred_at"', '"occured_at"'),
            "ev.jsonl:1: occured_at: unknown key 'occured_at' for a report; did you mean "
            "'occurred_at'?",
        ),
        (
            REPORT.replace('"monitor": "OSCE-SMM", ', ""),
            "ev.jsonl:1: monitor: a report needs 'monitor'",
        ),
        (
            REPORT.replace('"CADLR"', '"DPR"'),
            "ev.jsonl:1: party: unknown party 'DPR' (the accord lists UA, RU, CADLR)",
        ),
        (
            REPORT.replace('"OSCE-SMM"', '"OSCE SMM"'),
            "ev.jsonl:1: monitor: unknown monitor 'OSCE SMM'; did you mean 'OSCE-SMM'? (the "
            "accord lists OSCE-SMM)",
        ),
        (
            REPORT.replace('"2015-02-16T18:00"', '"2015-02-16T08:00"'),
            "ev.jsonl:1: recorded_at: recorded at 2015-02-16T08:00, before it occurred at "
            "2015-02-16T10:40+02:00",
        ),
        (
            REPORT.replace('"2015-02-16T18:00"', '"16/02/2015"'),
            "ev.jsonl:1: recorded_at: '16/02/2015' is not an ISO 8601 date-time, e.g. "
            "2015-02-16T10:40+02:00",
        ),
        (
            REPORT.replace('"2015-02-16T18:00"', '"2015-02-16"'),
            "ev.jsonl:1: recorded_at: '2015-02-16' has no time of day, e.g. 2015-02-16T10:40+02:00",
        ),
        (
            REPORT.replace('"2015-02-16T18:00"', '"2015-03-29T03:30"'),
            "ev.jsonl:1: recorded_at: 2015-03-29T03:30 does not exist in Europe/Kyiv (the "
            "clocks skip it); give an offset, e.g. 2015-03-29T03:30+02:00",
        ),
        (
            REPORT.replace("2.5", "-1"),
            "ev.jsonl:1: value: -1 is not a number of 0 or more, e.g. 1 or 2.5",
        ),
        (
            REPORT.replace("2.5", "true"),
            "ev.jsonl:1: value: True is not a number of 0 or more, e.g. 1 or 2.5",
        ),
        (REPORT.replace("2.5", "NaN"), "ev.jsonl:1: NaN is not a number JSON allows"),
        (
            REPORT.replace("2.5", "0.0000001"),
            "ev.jsonl:1: value: 0.0000001 has more than 6 decimal places",
        ),
        (
            REPORT.replace('"value": 2.5', '"value": 1, "value": 2'),
            "ev.jsonl:1: value: key 'value' is given twice",
        ),
        (
            REPORT.replace('"ceasefire_violation"', '"Ceasefire"'),
            "ev.jsonl:1: indicator: 'Ceasefire' is not an indicator kind; use lower_snake_case",
        ),
        (
            '{"id": "s", "kind": "statement", "speaker": "X", "act": "gossip", "quote": "q", '
            '"occurred_at": "2015-02-16T10:00", "recorded_at": "2015-02-16T10:00"}',
            "ev.jsonl:1: act: 'gossip' is not a speech act; use one of commitment, allegation, "
            "denial, demand, rejection, offer, warning, statement",
        ),
        (
            '{"id": "s", "kind": "statement", "speaker": "X", "act": "offer", "quote": "q", '
            '"denies": ["smm-1"], "occurred_at": "2015-02-16T10:00", '
            '"recorded_at": "2015-02-16T10:00"}',
            "ev.jsonl:1: denies: only a denial can deny records; act is 'offer'",
        ),
        (
            '{"id": "a", "kind": "act", "indicator": "suspend", "party": "FR", '
            '"occurred_at": "2015-02-16T10:00", "recorded_at": "2015-02-16T10:00"}',
            "ev.jsonl:1: party: unknown party or guarantor 'FR' (the accord lists UA, RU, "
            "CADLR, DE)",
        ),
    ],
)
def test_each_bad_record_is_named_by_line_and_field(line: str, expected: str) -> None:
    assert problems(line + "\n") == [expected]


def test_every_bad_line_is_reported_and_duplicates_name_the_first() -> None:
    text = "\n".join([REPORT, REPORT, "{}", REPORT.replace("smm-1", "smm-2")]) + "\n"
    assert problems(text) == [
        "ev.jsonl:2: id: duplicate id 'smm-1' (first on line 1)",
        "ev.jsonl:3: kind: None is not a record kind; use one of report, event, statement, act",
    ]


def test_a_file_too_broken_to_list_stops_after_a_hundred_problems() -> None:
    found = problems("{oops\n" * 150)
    assert len(found) == 101
    assert found[-1] == "ev.jsonl: stopped after 100 problems"


def test_ids_must_be_unique_across_files() -> None:
    first = parse_evidence(REPORT + "\n", "a.jsonl", LOADED)
    second = parse_evidence("\n" + REPORT + "\n", "b.jsonl", LOADED)
    assert len(merge_evidence([first])) == 1
    with pytest.raises(EvidenceError) as caught:
        merge_evidence([first, second])
    assert [str(p) for p in caught.value.problems] == [
        "b.jsonl:2: id: duplicate id 'smm-1' (also a.jsonl:1)"
    ]
    assert isinstance(merge_evidence([]), Evidence)
