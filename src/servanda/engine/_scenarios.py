"""Scenario tests an accord carries: evidence at a moment in, the verdicts it must give out.

Each expected row names the keys it checks (``state``, ``since``, ``evidence``, ...);
a row without ``reading`` is checked under every reading of its provision. Failures
say which row and key differ, with both values, and the line of the scenario.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from servanda.accord import LoadedAccord
from servanda.accord._calendar import localize
from servanda.accord._model import Scenario
from servanda.engine._evaluate import evaluate
from servanda.errors import EvidenceError
from servanda.evidence import evidence_from_mappings

_ROW_KEYS = {
    "results": ("provision", "party", "reading"),
    "guarantees": ("guarantee",),
    "powers": ("holder", "against"),
    "disagreements": ("provision", "party"),
}


@dataclass(frozen=True, slots=True)
class ScenarioOutcome:
    name: str
    line: int | None
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def run_scenarios(loaded: LoadedAccord) -> list[ScenarioOutcome]:
    """Run every scenario of ``loaded``; an outcome per scenario, in file order."""
    return [run_scenario(loaded, index) for index in range(len(loaded.accord.tests))]


def run_scenario(loaded: LoadedAccord, index: int) -> ScenarioOutcome:
    """Run the ``index``-th scenario of ``loaded``."""
    scenario: Scenario = loaded.accord.tests[index]
    path = ("tests", index)
    line = loaded.line_of(path)
    items = [
        (loaded.line_of((*path, "evidence", i)) or 0, record)
        for i, record in enumerate(scenario.evidence)
    ]
    try:
        evidence = evidence_from_mappings(items, loaded.source, loaded)
    except EvidenceError as exc:
        return ScenarioOutcome(scenario.name, line, tuple(str(p) for p in exc.problems))
    as_of = localize(scenario.as_of, loaded.calendar.timezone)
    actual = evaluate(loaded, evidence, as_of).to_json()
    failures: list[str] = []
    expect = scenario.expect
    for section, keys in _ROW_KEYS.items():
        wanted = getattr(expect, section)
        if wanted is not None:
            failures += _rows(section, keys, wanted, actual[section])
    if expect.score is not None:
        failures += _compare("score", expect.score, actual["score"])
    return ScenarioOutcome(scenario.name, line, tuple(failures))


def _rows(
    section: str,
    keys: tuple[str, ...],
    wanted: Sequence[Mapping[str, Any]],
    actual: list[dict[str, Any]],
) -> list[str]:
    failures = []
    for expected in wanted:
        selector = {key: expected[key] for key in keys if key in expected}
        matching = [row for row in actual if all(row.get(k) == v for k, v in selector.items())]
        label = f"{section}[{', '.join(f'{k}={v}' for k, v in selector.items())}]"
        if not matching:
            failures.append(f"{label}: no such row")
            continue
        checked = {key: value for key, value in expected.items() if key not in selector}
        for row in matching:
            where = label if len(matching) == 1 else f"{label} reading {row.get('reading')}"
            failures += _compare(where, checked, row)
    return failures


def _compare(where: str, expected: Mapping[str, Any], actual: Mapping[str, Any]) -> list[str]:
    failures = []
    for key, value in expected.items():
        if key not in actual:
            failures.append(f"{where}: has no key {key!r}; keys are {', '.join(sorted(actual))}")
        elif actual[key] != value:
            failures.append(f"{where}: {key} is {actual[key]!r}, expected {value!r}")
    return failures
