"""How the picture changed: the state of every row at a series of moments, as changes.

Each moment is evaluated on its own (as if assessed then), so the history is exactly
what someone replaying each moment would have seen, late reports included only from
when they were recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from servanda.accord import LoadedAccord
from servanda.accord._calendar import end_of_day, local_day
from servanda.engine._assessment import Assessment
from servanda.engine._evaluate import evaluate, table_for
from servanda.evidence import Evidence


@dataclass(frozen=True, slots=True)
class Change:
    """One row's state moving from ``before`` (None: first seen) to ``after`` at ``at``."""

    at: datetime
    section: str  # "result", "guarantee" or "power"
    subject: str  # provision, guarantee or power id
    party: str | None  # bearer, or the holder of a power
    against: str | None
    reading: str | None
    before: str | None
    after: str


def daily(loaded: LoadedAccord, first: datetime, last: datetime) -> list[datetime]:
    """Every local midnight after ``first`` up to and including the one after ``last``."""
    tz = loaded.calendar.timezone
    moments = []
    day = local_day(first, tz)
    while True:
        moment = end_of_day(day, tz)
        moments.append(moment)
        if moment >= last:
            return moments
        day += timedelta(days=1)


def state_changes(
    loaded: LoadedAccord, evidence: Evidence, moments: Sequence[datetime]
) -> list[Change]:
    """The changes of state between consecutive ``moments`` (the first lists every row)."""
    table = table_for(loaded, evidence)
    previous: dict[tuple[str, str, str | None, str | None, str | None], str] = {}
    changes: list[Change] = []
    for moment in moments:
        assessment = evaluate(loaded, table, moment)
        for key, state in _states(assessment):
            if previous.get(key) != state:
                section, subject, party, against, reading = key
                changes.append(
                    Change(
                        moment, section, subject, party, against, reading, previous.get(key), state
                    )
                )
                previous[key] = state
    return changes


def _states(
    assessment: Assessment,
) -> Iterator[tuple[tuple[str, str, str | None, str | None, str | None], str]]:
    rows: Iterable[tuple[tuple[str, str, str | None, str | None, str | None], str]]
    rows = (
        (("result", r.provision, r.party, None, r.reading), r.state) for r in assessment.results
    )
    yield from rows
    for g in assessment.guarantees:
        yield ("guarantee", g.guarantee, None, None, None), g.state
    for p in assessment.powers:
        yield ("power", p.power, p.holder, p.against, None), p.state
