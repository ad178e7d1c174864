"""Instants as integers, and the grid of local days the engine counts periods on.

The engine compares instants as microseconds since the epoch (UTC): integers compare
the same way in every zone, which aware datetimes sharing a tzinfo do not (they compare
by wall clock and ignore which of a repeated hour is meant). Local days come from the
accord's calendar, so a day that lost an hour to summer time is still one period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from servanda.accord._calendar import local_day, start_of_day

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)
#: Values are kept exactly as integers in millionths.
VALUE_SCALE = 1_000_000


def to_us(instant: datetime) -> int:
    """Microseconds since the epoch, exactly."""
    return (instant - EPOCH) // _MICRO


def from_us(micros: int, tz: ZoneInfo) -> datetime:
    return (EPOCH + timedelta(microseconds=micros)).astimezone(tz)


@dataclass(frozen=True)
class DayGrid:
    """Local days from ``first`` on: ``starts[i]`` is when day ``first + i`` begins."""

    tz: ZoneInfo
    first: date
    starts: npt.NDArray[np.int64]  # one more than the days covered: the last is an end
    _start_datetimes: dict[int, datetime] = field(default_factory=dict, compare=False)

    @classmethod
    def covering(cls, tz: ZoneInfo, low_us: int, high_us: int) -> DayGrid:
        """The days from the one holding ``low_us`` to the one after ``high_us``."""
        first = local_day(from_us(low_us, tz), tz) - timedelta(days=1)
        last = local_day(from_us(high_us, tz), tz) + timedelta(days=2)
        count = (last - first).days + 1
        starts = np.fromiter(
            (to_us(start_of_day(first + timedelta(days=i), tz)) for i in range(count)),
            dtype=np.int64,
            count=count,
        )
        return cls(tz, first, starts)

    def day_index(self, micros: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """For each instant, the index of the local day that holds it."""
        return np.searchsorted(self.starts, micros, side="right").astype(np.int64) - 1

    def index_of(self, micros: int) -> int:
        return int(np.searchsorted(self.starts, micros, side="right")) - 1

    @cached_property
    def dates(self) -> list[date]:
        """The local date of each day of the grid."""
        return [self.first + timedelta(days=i) for i in range(len(self.starts))]

    def day(self, index: int) -> date:
        return self.dates[index]

    def start(self, index: int) -> int:
        return int(self.starts[index])

    def start_in(self, index: int, tz: ZoneInfo) -> datetime:
        """When day ``index`` begins, as an aware datetime in ``tz``."""
        cached = self._start_datetimes.get(index)
        if cached is None:
            cached = self._start_datetimes[index] = from_us(int(self.starts[index]), tz)
        return cached

    def covers(self, low_us: int, high_us: int) -> bool:
        return bool(self.starts[1] <= low_us and high_us < self.starts[-2])
