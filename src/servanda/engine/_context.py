"""What every part of one evaluation shares: the accord, the evidence, and the moment.

Visibility is decided here, once: a record is seen at ``as_of`` when it was recorded
and had occurred by then, so replaying a past moment sees exactly what was known.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from servanda.accord import LoadedAccord, Provision
from servanda.engine._table import EvidenceTable, Slice
from servanda.engine._time import DayGrid, from_us, to_us
from servanda.evidence import Record


@dataclass
class Context:
    loaded: LoadedAccord
    slice_of: Callable[[str], Slice]  # an indicator's reports and events
    parties: list[str]  # the codes the slices use
    monitors: list[str]
    grid: DayGrid
    as_of: int
    statements: list[Record] = field(default_factory=list)
    acts: list[Record] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        loaded: LoadedAccord,
        table: EvidenceTable,
        grid: DayGrid,
        as_of: int,
        slice_of: Callable[[str], Slice] | None = None,
        records: Sequence[Record] = (),
    ) -> Context:
        """The context of one evaluation; ``records`` are statements and acts added to
        the table's own, and ``slice_of`` replaces its slices (both for adding records
        without rebuilding the table)."""
        return cls(
            loaded,
            slice_of or table.slice,
            table.parties,
            table.monitors,
            grid,
            as_of,
            statements=[r for r in (*table.statements, *records) if _seen(r, as_of, "statement")],
            acts=[r for r in (*table.acts, *records) if _seen(r, as_of, "act")],
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


def _seen(record: Record, as_of: int, kind: str) -> bool:
    return (
        record.kind == kind
        and to_us(record.recorded_at) <= as_of
        and to_us(record.occurred_at) <= as_of
    )
