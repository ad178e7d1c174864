"""What a valid accord leaves undecided is reported, once, where it is written."""

from __future__ import annotations

from tests.conftest import accord


def warnings_of(body: str) -> list[str]:
    return [str(w) for w in accord(body).warnings]


def test_a_complete_accord_has_no_warnings() -> None:
    assert (
        warnings_of(
            """\
guarantors: {DE: Germany}
provisions:
  - id: ceasefire
    kind: prohibition
    bearers: [UA, CADLR]
    text: Cease fire.
    indicator: {kind: ceasefire_violation}
    verified_by: {monitors: [OSCE-SMM]}
  - id: withdrawal
    kind: obligation
    bearers: [UA]
    text: Withdraw within 14 days.
    deadline: {after: signed, days: 14}
    done_when: {kind: withdrawal_verified}
    verified_by: {monitors: [OSCE-SMM]}
guarantees:
  - id: consult
    guarantors: [DE]
    triggered_by: {violated: [ceasefire], persisting: 3 days}
    response: {kind: consult, within: 72 hours}
"""
        )
        == []
    )


def test_each_gap_is_named_with_its_line() -> None:
    assert warnings_of(
        """\
guarantors: {DE: Germany}
provisions:
  - id: amnesty
    kind: obligation
    bearers: [UA]
    text: Enact an amnesty law.
  - id: no-shelling
    kind: prohibition
    bearers: [CADLR]
    text: No shelling.
  - id: withdrawal
    kind: obligation
    bearers: [UA]
    text: Withdraw within 14 days, or 21.
    done_when: {kind: withdrawal_verified}
    verified_by: {monitors: [OSCE-SMM]}
    readings:
      fourteen: {deadline: {after: signed, days: 14}}
      twenty-one: {deadline: {after: signed, days: 21}}
guarantees:
  - id: consult
    guarantors: [DE]
    triggered_by: {violated: [no-shelling]}
    response: {kind: consult}
  - id: assist
    guarantors: [DE]
    triggered_by: {violated: [withdrawal]}
"""
    ) == [
        "test.yaml:10: provisions[0]: obligation 'amnesty' has no deadline: it can be "
        "fulfilled but never violated",
        "test.yaml:10: provisions[0]: obligation 'amnesty' has no done_when: nothing can show "
        "it fulfilled",
        "test.yaml:10: provisions[0]: obligation 'amnesty' names no monitor (verified_by): "
        "none of its facts can be verified",
        "test.yaml:14: provisions[1]: prohibition 'no-shelling' has no indicator: no evidence "
        "can show it breached",
        "test.yaml:14: provisions[1]: prohibition 'no-shelling' names no monitor "
        "(verified_by): none of its facts can be verified",
        "test.yaml:18: provisions[2]: obligation 'withdrawal' has 2 readings (fourteen, "
        "twenty-one); each is evaluated and disagreement is reported",
        "test.yaml:28: guarantees[0]: guarantee 'consult' has no response deadline "
        "(response.within): it can be triggered but never violated",
        "test.yaml:32: guarantees[1]: guarantee 'assist' names no response: nothing falls due",
    ]


def test_a_deadline_missing_under_one_reading_is_named() -> None:
    assert warnings_of(
        """\
provisions:
  - id: report
    kind: obligation
    bearers: [UA]
    text: Report within 30 days, or whenever.
    done_when: {kind: report_filed}
    verified_by: {monitors: [OSCE-SMM]}
    readings:
      strict: {deadline: {after: signed, days: 30}}
      lenient: {note: no deadline at all}
"""
    ) == [
        "test.yaml:9: provisions[0]: obligation 'report' has no deadline under some of its "
        "readings",
        "test.yaml:9: provisions[0]: obligation 'report' has 2 readings (strict, lenient); "
        "each is evaluated and disagreement is reported",
    ]
