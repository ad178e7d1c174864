"""Group commit: appends from many threads share one transaction and one disk flush.

Callers queue their entry and wait. When no commit is running, one waiter becomes the
leader: it takes *everything* queued, commits it in one transaction, hands each waiter
its index (or the error) and wakes them. While a leader flushes, the next batch
accumulates, so throughput grows with the number of writers, and still no append
returns before its own entry is durable.

Waiters sleep on a condition, not on the commit lock: a leader that returns and appends
again then finds the others' entries still queued and takes them along, instead of
committing its new entry alone while they wake up one by one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(slots=True)
class _Pending:
    entry: bytes
    index: int | None = None
    error: BaseException | None = None


class GroupCommitter:
    """Batches ``submit`` calls into calls of ``commit(entries) -> first index``."""

    def __init__(self, commit: Callable[[Sequence[bytes]], int], lock: threading.Lock) -> None:
        self._commit = commit
        self._lock = lock  # shared with bulk appends, so the two never interleave
        self._queue: list[_Pending] = []
        self._changed = threading.Condition()
        self._leading = False

    def submit(self, entry: bytes) -> int:
        """Append one entry; return its index once it is durable."""
        pending = _Pending(entry)
        with self._changed:
            self._queue.append(pending)
            while pending.index is None and pending.error is None:
                if self._leading:
                    self._changed.wait()
                    continue
                self._leading = True
                self._changed.release()
                try:
                    time.sleep(0)  # let writers woken by the last commit queue their entries
                    with self._changed:
                        batch, self._queue = self._queue, []
                    self._lead(batch)
                finally:
                    self._changed.acquire()
                    self._leading = False
                    self._changed.notify_all()
        if pending.error is not None:
            raise pending.error
        return pending.index  # type: ignore[return-value]  # set when error is None

    def _lead(self, batch: list[_Pending]) -> None:
        try:
            with self._lock:
                first = self._commit([item.entry for item in batch])
        except BaseException as exc:
            for item in batch:
                item.error = exc
        else:
            for offset, item in enumerate(batch):
                item.index = first + offset
