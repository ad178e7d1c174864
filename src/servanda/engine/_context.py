"""What every part of one evaluation shares: the accord, the evidence, and the moment.

Visibility is decided here, once: a record is seen at ``as_of`` when it was recorded
and had occurred by then, so replaying a past moment sees exactly what was known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from servanda.accord import LoadedAccord, Provision
from servanda.engine._table import EvidenceTable
from servanda.engine._time import DayGrid, from_us, to_us
from servanda.evidence import Record


@dataclass
class Context:
    loaded: LoadedAccord
    table: EvidenceTable
    grid: DayGrid
    as_of: int
    statements: list[Record] = field(default_factory=list)
    acts: list[Record] = field(default_factory=list)

    @classmethod
    def build(
        cls, loaded: LoadedAccord, table: EvidenceTable, grid: DayGrid, as_of: int
    ) -> Context:
        return cls(
            loaded,
            table,
            grid,
            as_of,
            statements=[r for r in table.statements if _seen(r, as_of)],
            acts=[r for r in table.acts if _seen(r, as_of)],
        )

    @property
    def tz(self) -> ZoneInfo:
        return self.loaded.calendar.timezone

    def when(self, micros: int) -> datetime:
        return from_us(micros, self.tz)

    def members(self, provision: Provision, bearer: str) -> Sequence[str]:
        """Whose facts count for ``bearer``'s row: its own, or every member's when the
        provision binds its bearers collectively."""
        return provision.bearers if provision.distribution != "several" else (bearer,)


def _seen(record: Record, as_of: int) -> bool:
    return to_us(record.recorded_at) <= as_of and to_us(record.occurred_at) <= as_of
