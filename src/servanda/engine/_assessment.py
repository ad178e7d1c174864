"""What an evaluation returns: one row per provision, bearer and reading, the guarantees,
the powers and the scores, each with the evidence that decided it and why.

The JSON form is DESIGN.md's: keys sorted, rows in accord order, instants in the
accord's zone with seconds, so that the same inputs give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from servanda.accord._calendar import render


@dataclass(frozen=True, slots=True)
class Row:
    """The state of one provision for one bearer under one reading."""

    provision: str
    party: str
    kind: str
    reading: str | None
    state: str
    final: bool
    since: datetime | None
    evidence: Sequence[str]  # sorted ids; built lazily for large evidence sets
    why: str
    periods: Mapping[str, int] | None = None
    breached_periods: tuple[date, ...] = ()
    score: int | None = None  # Peace Accords Matrix 0-3; None when not scored
    allegations: tuple[str, ...] = ()  # statements alleging this row's bearer broke it

    def to_json(self) -> dict[str, Any]:
        return {
            "provision": self.provision,
            "party": self.party,
            "kind": self.kind,
            "reading": self.reading,
            "state": self.state,
            "final": self.final,
            "since": _instant(self.since),
            "breached_periods": [day.isoformat() for day in self.breached_periods],
            "evidence": list(self.evidence),
            "periods": dict(self.periods) if self.periods is not None else None,
            "why": self.why,
            "allegations": list(self.allegations),
        }


@dataclass(frozen=True, slots=True)
class Allegation:
    """A statement accusing a party: shown beside verdicts, never deciding one."""

    id: str
    speaker: str
    party: str | None
    target: str | None
    provisions: tuple[str, ...]
    occurred_at: datetime
    quote: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker,
            "party": self.party,
            "target": self.target,
            "provisions": list(self.provisions),
            "occurred_at": render(self.occurred_at),
            "quote": self.quote,
        }


@dataclass(frozen=True, slots=True)
class GuaranteeRow:
    guarantee: str
    state: str  # dormant, triggered, fulfilled, violated
    since: datetime | None
    due: datetime | None
    evidence: Sequence[str]
    why: str

    def to_json(self) -> dict[str, Any]:
        return {
            "guarantee": self.guarantee,
            "state": self.state,
            "since": _instant(self.since),
            "due": _instant(self.due),
            "evidence": list(self.evidence),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class PowerRow:
    """A reciprocity power: ``holder`` may suspend its obligations towards ``against``."""

    holder: str
    power: str
    against: str
    state: str  # dormant, available, exercised
    since: datetime | None
    evidence: Sequence[str]
    why: str
    act: str | None = field(default=None, compare=False)  # the act that exercised it

    def to_json(self) -> dict[str, Any]:
        return {
            "holder": self.holder,
            "power": self.power,
            "against": self.against,
            "state": self.state,
            "since": _instant(self.since),
            "evidence": list(self.evidence),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A provision whose readings give one bearer different states."""

    provision: str
    party: str
    states: Mapping[str, str]

    def to_json(self) -> dict[str, Any]:
        return {"provision": self.provision, "party": self.party, "states": dict(self.states)}


@dataclass(frozen=True, slots=True)
class Assessment:
    accord: str
    as_of: datetime
    results: tuple[Row, ...]
    guarantees: tuple[GuaranteeRow, ...]
    powers: tuple[PowerRow, ...]
    scores: Mapping[str, int]
    percent: float | None
    disagreements: tuple[Disagreement, ...]
    allegations: tuple[Allegation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "accord": self.accord,
            "as_of": render(self.as_of),
            "results": [row.to_json() for row in self.results],
            "guarantees": [row.to_json() for row in self.guarantees],
            "powers": [row.to_json() for row in self.powers],
            "score": {"provisions": dict(self.scores), "percent": self.percent},
            "disagreements": [d.to_json() for d in self.disagreements],
            "allegations": [a.to_json() for a in self.allegations],
        }

    def dumps(self) -> str:
        """The canonical text: the same inputs give the same bytes."""
        return json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def _instant(value: datetime | None) -> str | None:
    return render(value) if value is not None else None
