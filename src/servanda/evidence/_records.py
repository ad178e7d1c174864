"""One evidence record: a monitor's report, a data set's event, a statement, or an act.

A single flat type serves all four kinds, because the engine filters columns, not
classes; which fields each kind carries (and requires) is written once, in
``FIELDS``, and enforced by the loader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

RecordKind = Literal["report", "event", "statement", "act"]
SpeechAct = Literal[
    "commitment", "allegation", "denial", "demand", "rejection", "offer", "warning", "statement"
]
KINDS: tuple[RecordKind, ...] = ("report", "event", "statement", "act")
SPEECH_ACTS: tuple[str, ...] = (
    "commitment",
    "allegation",
    "denial",
    "demand",
    "rejection",
    "offer",
    "warning",
    "statement",
)

_COMMON = {"id": True, "kind": True, "occurred_at": True, "recorded_at": True}
_OPTIONAL = {"source": False, "signature": False, "note": False}

#: For each kind, its keys and whether each is required (unknown keys are refused).
FIELDS: Mapping[str, Mapping[str, bool]] = {
    "report": {
        **_COMMON,
        **_OPTIONAL,
        "monitor": True,
        "indicator": True,
        "party": True,
        "value": False,
        "location": False,
    },
    "event": {
        **_COMMON,
        **_OPTIONAL,
        "monitor": True,
        "indicator": True,
        "party": True,
        "value": False,
        "location": False,
        "row": False,
    },
    "statement": {
        **_COMMON,
        **_OPTIONAL,
        "speaker": True,
        "party": False,
        "act": True,
        "target": False,
        "quote": True,
        "denies": False,
        "provisions": False,
        "document": False,
        "start": False,
        "end": False,
    },
    "act": {
        **_COMMON,
        **_OPTIONAL,
        "indicator": True,
        "party": True,
        "against": False,
        "notice": False,
    },
}


@dataclass(frozen=True, slots=True)
class Record:
    """An evidence record as loaded: times are aware instants in the accord's zone."""

    id: str
    kind: RecordKind
    occurred_at: datetime
    recorded_at: datetime
    monitor: str | None = None
    indicator: str | None = None
    party: str | None = None
    value: Decimal = Decimal(1)
    against: str | None = None
    act: str | None = None
    speaker: str | None = None
    target: str | None = None
    quote: str | None = None
    denies: tuple[str, ...] = ()
    provisions: tuple[str, ...] = ()
    source: str | None = None
    signature: str | None = None
    line: int = 0  # 1-based line in the file it came from; 0 when built in code
