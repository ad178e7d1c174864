"""Evidence as columns: what the engine scans, built once per evidence set.

Reports and events (the bulk: up to millions of rows) become NumPy columns of integer
codes, and are cut into one ``Slice`` per indicator, so that a provision reads only its
own indicator's rows and an added record extends one small slice, not the whole table.
Statements and acts are few and stay records. Ids become text again only in the lists a
verdict cites.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np
import numpy.typing as npt

from servanda.engine._time import VALUE_SCALE, DayGrid, to_us
from servanda.evidence import Record

Ints = npt.NDArray[np.int64]


class Cited(Sequence[str]):
    """The ids a verdict cites, turned into sorted text only when first read.

    A million records make a million citations; most rows are never printed one by one,
    so the text is built and sorted on demand, once.
    """

    __slots__ = ("_names", "_picked", "_sorted")

    def __init__(self, names: Sequence[str], picked: Ints) -> None:
        self._names, self._picked = names, picked
        self._sorted: tuple[str, ...] | None = None

    def _ids(self) -> tuple[str, ...]:
        if self._sorted is None:
            self._sorted = tuple(sorted(self._names[i] for i in self._picked.tolist()))
        return self._sorted

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._ids()[index]

    def __len__(self) -> int:
        return len(self._picked)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._ids() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._ids())

    def __repr__(self) -> str:
        return repr(self._ids())


class Merged(Sequence[str]):
    """Several lists of ids as one sorted list without repeats, built when first read."""

    __slots__ = ("_parts", "_sorted")

    def __init__(self, *parts: Sequence[str]) -> None:
        self._parts = parts
        self._sorted: tuple[str, ...] | None = None

    def _ids(self) -> tuple[str, ...]:
        if self._sorted is None:
            self._sorted = tuple(sorted({rid for part in self._parts for rid in part}))
        return self._sorted

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._ids()[index]

    def __len__(self) -> int:
        return len(self._ids())

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._ids() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._ids())

    def __repr__(self) -> str:
        return repr(self._ids())


class _Taken(Sequence[str]):
    """The names at ``rows`` of a larger list, without copying them."""

    __slots__ = ("_names", "_rows")

    def __init__(self, names: Sequence[str], rows: Ints) -> None:
        self._names, self._rows = names, rows

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self._names[int(self._rows[index])]

    def __len__(self) -> int:
        return len(self._rows)


class _Range(Sequence[str]):
    """Names ``lo`` to ``hi`` of a larger list, without copying them."""

    __slots__ = ("_hi", "_lo", "_names")

    def __init__(self, names: Sequence[str], lo: int, hi: int) -> None:
        self._names, self._lo, self._hi = names, lo, hi

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self._names[self._lo + index]

    def __len__(self) -> int:
        return self._hi - self._lo


class _Joined(Sequence[str]):
    __slots__ = ("_first", "_second")

    def __init__(self, first: Sequence[str], second: Sequence[str]) -> None:
        self._first, self._second = first, second

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return (
            self._first[index]
            if index < len(self._first)
            else self._second[index - len(self._first)]
        )

    def __len__(self) -> int:
        return len(self._first) + len(self._second)


@dataclass
class Slice:
    """The reports and events of one indicator, as columns."""

    ids: Sequence[str]
    monitor: Ints
    party: Ints
    value: Ints
    occurred: Ints
    recorded: Ints

    def __len__(self) -> int:
        return len(self.ids)

    def cited(self, positions: Ints) -> Cited:
        """The ids at ``positions``, to be sorted as text when read."""
        return Cited(self.ids, positions)

    def extended(self, other: Slice) -> Slice:
        """This slice followed by ``other``: a new slice, the two left as they are."""
        return Slice(
            ids=_Joined(self.ids, other.ids),
            monitor=np.concatenate((self.monitor, other.monitor)),
            party=np.concatenate((self.party, other.party)),
            value=np.concatenate((self.value, other.value)),
            occurred=np.concatenate((self.occurred, other.occurred)),
            recorded=np.concatenate((self.recorded, other.recorded)),
        )


def empty_slice() -> Slice:
    nothing = np.empty(0, dtype=np.int64)
    return Slice([], nothing, nothing, nothing, nothing, nothing)


@dataclass
class EvidenceTable:
    """Reports and events as columns; statements and acts as records.

    Codes are positions in ``parties``, ``monitors`` and ``indicators``; values are in
    millionths and instants in microseconds since the epoch, all exact integers.
    """

    parties: list[str]
    monitors: list[str]
    indicators: list[str]
    ids: Sequence[str]
    monitor: Ints
    indicator: Ints
    party: Ints
    value: Ints
    occurred: Ints
    recorded: Ints
    statements: list[Record] = field(default_factory=list)
    acts: list[Record] = field(default_factory=list)
    grids: dict[str, DayGrid] = field(default_factory=dict)  # day grids by zone, reused
    _slices: dict[str, Slice] = field(default_factory=dict)
    _bounds: list[int] | None = None  # rows of indicator i: [_bounds[i], _bounds[i + 1])

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

    def slice(self, indicator: str) -> Slice:
        """The reports and events of ``indicator``: a view once the table is indexed."""
        if indicator not in self._slices:
            self._slices[indicator] = self._cut(indicator)
        return self._slices[indicator]

    def index(self) -> EvidenceTable:
        """Reorder the rows by indicator, once, so that each slice is a contiguous view.

        Part of loading evidence, like building an index in a database: evaluations
        of an indexed table read each provision's rows without gathering them.
        """
        if self._bounds is None:
            # A stable sort on a narrow integer is a radix sort: one pass over the table.
            narrow = np.int16 if len(self.indicators) < 2**15 else np.int64
            order = np.argsort(self.indicator.astype(narrow), kind="stable")
            for name in ("monitor", "indicator", "party", "value", "occurred", "recorded"):
                setattr(self, name, getattr(self, name)[order])
            self.ids = _Taken(self.ids, order) if len(order) else self.ids
            self._bounds = np.searchsorted(
                self.indicator, np.arange(len(self.indicators) + 1)
            ).tolist()
            self._slices.clear()
        return self

    def forget(self) -> None:
        """Drop the slices and day grids built from this table (the index stays)."""
        self._slices.clear()
        self.grids.clear()

    def _cut(self, indicator: str) -> Slice:
        if indicator not in self.indicators:
            return empty_slice()
        self.index()
        assert self._bounds is not None
        code = self.indicators.index(indicator)
        lo, hi = self._bounds[code], self._bounds[code + 1]
        return Slice(
            ids=_Range(self.ids, lo, hi),
            monitor=self.monitor[lo:hi],
            party=self.party[lo:hi],
            value=self.value[lo:hi],
            occurred=self.occurred[lo:hi],
            recorded=self.recorded[lo:hi],
        )


def positions(codes: list[str], names: Sequence[str]) -> Ints:
    """A lookup from code to position in ``names``; -1 for codes not among them."""
    lookup = np.full(len(codes) + 1, -1, dtype=np.int64)
    for position, name in enumerate(names):
        lookup[codes.index(name)] = position
    return lookup


def record_slice(record: Record, parties: Sequence[str], monitors: Sequence[str]) -> Slice:
    """One report or event as a slice of one row."""

    def one(value: int) -> Ints:
        return np.array([value], dtype=np.int64)

    return Slice(
        ids=[record.id],
        monitor=one(list(monitors).index(record.monitor or "")),
        party=one(list(parties).index(record.party or "")),
        value=one(int(record.value * VALUE_SCALE)),
        occurred=one(to_us(record.occurred_at)),
        recorded=one(to_us(record.recorded_at)),
    )
