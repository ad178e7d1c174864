"""Evidence as columns: what the engine scans, built once per evidence set.

Reports and events (the bulk: up to millions of rows) become NumPy columns of integer
codes, grouped by indicator and then party so that one provision reads one contiguous
slice. Statements and acts are few and stay records. Ids are only turned back into
text for the lists a verdict cites.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from servanda.engine._time import VALUE_SCALE, DayGrid, to_us
from servanda.evidence import Record

Ints = npt.NDArray[np.int64]


@dataclass
class EvidenceTable:
    """Reports and events as columns; statements and acts as records."""

    parties: list[str]
    monitors: list[str]
    indicators: list[str]
    ids: list[str]
    monitor: Ints
    indicator: Ints
    party: Ints
    value: Ints  # millionths
    occurred: Ints  # microseconds since the epoch
    recorded: Ints
    statements: list[Record] = field(default_factory=list)
    acts: list[Record] = field(default_factory=list)
    grids: dict[str, DayGrid] = field(default_factory=dict)  # day grids by zone, reused
    _groups: dict[int, Ints] | None = None
    _rank: Ints | None = None

    @classmethod
    def from_records(
        cls, records: Sequence[Record], parties: Sequence[str], monitors: Sequence[str]
    ) -> EvidenceTable:
        observed = [r for r in records if r.kind in ("report", "event")]
        indicators = sorted({r.indicator for r in observed if r.indicator})
        party_code = {name: i for i, name in enumerate(parties)}
        monitor_code = {name: i for i, name in enumerate(monitors)}
        indicator_code = {name: i for i, name in enumerate(indicators)}

        def column(values: list[int]) -> Ints:
            return np.array(values, dtype=np.int64)

        return cls(
            parties=list(parties),
            monitors=list(monitors),
            indicators=indicators,
            ids=[r.id for r in observed],
            monitor=column([monitor_code[r.monitor or ""] for r in observed]),
            indicator=column([indicator_code[r.indicator or ""] for r in observed]),
            party=column([party_code[r.party or ""] for r in observed]),
            value=column([int(r.value * VALUE_SCALE) for r in observed]),
            occurred=column([to_us(r.occurred_at) for r in observed]),
            recorded=column([to_us(r.recorded_at) for r in observed]),
            statements=[r for r in records if r.kind == "statement"],
            acts=[r for r in records if r.kind == "act"],
        )

    def __len__(self) -> int:
        return len(self.ids)

    def rows_of(self, indicator: str) -> Ints:
        """Row numbers of the reports and events of ``indicator``, by party then time."""
        if self._groups is None:
            order = np.lexsort((self.occurred, self.party, self.indicator))
            bounds = np.searchsorted(self.indicator[order], np.arange(len(self.indicators) + 1))
            self._groups = {
                code: order[bounds[code] : bounds[code + 1]] for code in range(len(self.indicators))
            }
        try:
            code = self.indicators.index(indicator)
        except ValueError:
            return np.empty(0, dtype=np.int64)
        return self._groups[code]

    def sorted_ids(self, rows: Ints) -> tuple[str, ...]:
        """The ids of ``rows``, sorted as text, without sorting text for large lists."""
        if len(rows) < 64:
            return tuple(sorted(self.ids[i] for i in rows.tolist()))
        if self._rank is None:
            order = np.argsort(np.array(self.ids), kind="stable")
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            self._rank = rank
        ranked = rows[np.argsort(self._rank[rows], kind="stable")]
        return tuple(self.ids[i] for i in ranked.tolist())
