"""The engine against an independent implementation, and the properties users rely on."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC
from typing import Any

from hypothesis import HealthCheck, given, settings

from servanda.engine import EvidenceTable, evaluate
from servanda.evidence import Evidence
from tests.engine.generators import Case, cases
from tests.engine.reference import reference

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def without_why(data: dict[str, Any]) -> dict[str, Any]:
    def strip(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in row.items() if k != "why"} for row in rows]

    return {
        **data,
        "results": strip(data["results"]),
        "guarantees": strip(data["guarantees"]),
        "powers": strip(data["powers"]),
    }


def assess(case: Case, records: list[Any] | None = None) -> dict[str, Any]:
    evidence = Evidence("generated.jsonl", tuple(case.records if records is None else records))
    return evaluate(case.loaded, evidence, case.as_of).to_json()


@SETTINGS
@given(cases())
def test_the_engine_agrees_with_the_reference_implementation(case: Case) -> None:
    assert without_why(assess(case)) == reference(case.loaded, case.records, case.as_of)


@SETTINGS
@given(cases())
def test_the_order_of_the_evidence_changes_nothing(case: Case) -> None:
    shuffled = list(case.records)
    random.Random(len(shuffled)).shuffle(shuffled)
    assert assess(case, shuffled) == assess(case)


@SETTINGS
@given(cases())
def test_records_recorded_after_as_of_change_nothing(case: Case) -> None:
    known = [r for r in case.records if r.recorded_at.astimezone(UTC) <= case.as_of.astimezone(UTC)]
    assert assess(case, known) == assess(case)


@SETTINGS
@given(cases())
def test_a_verified_violation_never_turns_a_breach_into_compliance(case: Case) -> None:
    before = assess(case)
    extra = []
    for provision in case.loaded.accord.provisions:
        if provision.kind != "prohibition" or provision.indicator is None:
            continue
        assert provision.verified_by is not None
        for number, monitor in enumerate(provision.verified_by.monitors):
            extra.append(
                replace(
                    case.records[0] if case.records else _blank(case),
                    id=f"extra-{provision.id}-{number}",
                    kind="report",
                    monitor=monitor,
                    indicator=provision.indicator.kind,
                    party=provision.bearers[0],
                    value=provision.indicator.tolerance + 1,
                    occurred_at=case.as_of,
                    recorded_at=case.as_of,
                )
            )
    after = assess(case, [*case.records, *extra])
    for old, new in zip(before["results"], after["results"], strict=True):
        if old["state"] == "breached":
            assert new["state"] != "compliant"


@SETTINGS
@given(cases())
def test_the_output_is_byte_identical_across_runs(case: Case) -> None:
    evidence = Evidence("generated.jsonl", tuple(case.records))
    first = evaluate(case.loaded, evidence, case.as_of).dumps()
    table = EvidenceTable.from_records(
        case.records, list(case.loaded.accord.parties), list(case.loaded.accord.monitors)
    )
    assert evaluate(case.loaded, table, case.as_of).dumps() == first
    assert evaluate(case.loaded, table, case.as_of).dumps() == first


def _blank(case: Case) -> Any:
    from servanda.evidence import Record

    return Record(id="x", kind="report", occurred_at=case.as_of, recorded_at=case.as_of)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_day_verdicts_agree_with_the_duckdb_query(case: Case) -> None:
    from benchmarks.duckdb_verdicts import DuckDBVerdicts
    from servanda.engine._evaluate import _grid, day_verdicts
    from servanda.engine._time import to_us

    accord = case.loaded.accord
    table = EvidenceTable.from_records(case.records, list(accord.parties), list(accord.monitors))
    grid = _grid(case.loaded, table, to_us(case.as_of))
    expected = DuckDBVerdicts(case.loaded, table, grid).verdicts(case.as_of)
    assert day_verdicts(case.loaded, table, case.as_of) == expected


@SETTINGS
@given(cases())
def test_adding_records_one_by_one_gives_the_full_evaluation(case: Case) -> None:
    from servanda.engine import Evaluator

    half = len(case.records) // 2
    evaluator = Evaluator(case.loaded, Evidence("first half", tuple(case.records[:half])))
    evaluator.assess(case.as_of)
    for record in case.records[half:]:
        evaluator.add(record)
        evaluator.assess(case.as_of)
    assert evaluator.assess(case.as_of).dumps() == assess_dumps(case)


def assess_dumps(case: Case) -> str:
    return evaluate(case.loaded, Evidence("all", tuple(case.records)), case.as_of).dumps()
