"""The scenario runner fails when an accord's own tests do not hold, and says where."""

from __future__ import annotations

from servanda.engine import run_scenarios
from tests.conftest import accord

BODY = """\
anchors: {ceasefire: 2015-02-15T00:00}
provisions:
  - id: ceasefire
    kind: prohibition
    bearers: [UA]
    text: Cease fire.
    from: ceasefire
    indicator: {kind: ceasefire_violation}
    verified_by: {monitors: [OSCE-SMM]}
tests:
  - name: wrong on purpose
    as_of: 2015-02-17T00:00
    evidence:
      - {id: r1, kind: report, monitor: OSCE-SMM, indicator: ceasefire_violation, party: UA,
         occurred_at: 2015-02-16T10:00, recorded_at: 2015-02-16T12:00}
    expect:
      results:
        - {provision: ceasefire, party: UA, state: compliant, evidence: [r1], colour: red}
        - {provision: ceasefire, party: RU}
      guarantees:
        - {guarantee: nothing}
      score: {percent: 100.0}
  - name: bad evidence
    as_of: 2015-02-17T00:00
    evidence:
      - {id: r1, kind: report, monitor: NOBODY, indicator: ceasefire_violation, party: UA,
         occurred_at: 2015-02-16T10:00, recorded_at: 2015-02-16T12:00}
    expect: {}
"""


def test_every_mismatch_is_reported_with_both_values() -> None:
    wrong, bad = run_scenarios(accord(BODY))
    assert not wrong.passed
    assert wrong.line == 18
    assert wrong.failures == (
        "results[provision=ceasefire, party=UA]: state is 'breached', expected 'compliant'",
        "results[provision=ceasefire, party=UA]: has no key 'colour'; keys are "
        "allegations, breached_periods, evidence, final, kind, party, periods, provision, "
        "reading, since, state, why",
        "results[provision=ceasefire, party=RU]: no such row",
        "guarantees[guarantee=nothing]: no such row",
        "score: percent is 33.3, expected 100.0",
    )
    assert bad.failures == (
        "test.yaml:33: monitor: unknown monitor 'NOBODY' (the accord lists OSCE-SMM)",
    )
