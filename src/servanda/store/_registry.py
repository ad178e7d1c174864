"""The registry: accords and evidence records in the log's database, with their log index.

A row and the log entry it cites are written in one transaction (``LogStore.append_many``
runs the insert in the append's own transaction), so a stored record is always logged,
an entry the registry logged always has its row, and a refused or failed write leaves
neither. Rows are never updated or deleted: an accord id names one text for good, and
within an accord an evidence id names one record.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from servanda.store._database import DEFAULT_URL
from servanda.store._log import LogStore
from servanda.store._schema import REGISTRY_TABLES, accords, evidence_records, metadata

_PAGE = 1000


@dataclass(frozen=True, slots=True)
class StoredAccord:
    """A registered accord: its canonical JSON (as logged), its YAML, its log index."""

    id: str
    document: bytes
    text: str
    log_index: int


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """An evidence record as stored: its canonical JSON and its log index."""

    id: str
    record: bytes
    log_index: int


@dataclass(frozen=True, slots=True)
class NewRecord:
    """A verified record to store: its canonical JSON, the entry that logs it (the same
    bytes, or a content record with ``content`` kept beside), and the key that signed it."""

    id: str
    kind: str
    record: bytes
    entry: bytes
    signer: str
    content: bytes | None = None


class Registry:
    """Accords and evidence in the database of ``log``; writes go through its appends."""

    def __init__(self, log: LogStore) -> None:
        self.log = log
        self._db = log._db
        self.display = self._db.display  # the URL, without its password

    @classmethod
    def open(cls, url: str = DEFAULT_URL) -> Registry:
        """The registry of the log at ``url``; a database without a log is refused."""
        return cls(LogStore.open(url))

    def close(self) -> None:
        self.log.close()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def create_tables(self) -> None:
        """Create the registry's tables if they are missing (the log's already exist)."""
        with self._db.begin() as connection:
            metadata.create_all(connection, tables=REGISTRY_TABLES)

    # --- accords -------------------------------------------------------------------

    def accord(self, accord_id: str) -> StoredAccord | None:
        """The accord registered as ``accord_id``, if any."""
        query = sa.select(accords).where(accords.c.id == accord_id)
        with self._db.begin() as connection:
            if not sa.inspect(connection).has_table(accords.name):
                return None
            row = connection.execute(query).first()
        if row is None:
            return None
        return StoredAccord(row.id, bytes(row.document), row.text, row.log_index)

    def add_accord(
        self, accord_id: str, document: bytes, text: str, *, entry: bytes, content: bytes | None
    ) -> StoredAccord:
        """Log ``entry`` and register the accord in the same transaction."""
        self.create_tables()
        sql = self._db.sql(
            "INSERT INTO accords (id, document, text, log_index, added) VALUES (?, ?, ?, ?, ?)"
        )

        def insert(cursor: Any, first: int) -> None:
            cursor.execute(sql, (accord_id, document, text, first, int(time.time())))

        (index,) = self.log.append_many([entry], content=_content([content]), also=insert)
        return StoredAccord(accord_id, document, text, index)

    # --- evidence ------------------------------------------------------------------

    def stored(self, accord_id: str, ids: Sequence[str]) -> dict[str, StoredRecord]:
        """Which of ``ids`` are stored for the accord, with what they are stored as."""
        if not ids:
            return {}
        table = evidence_records
        query = sa.select(table.c.id, table.c.record, table.c.log_index).where(
            table.c.accord == accord_id, table.c.id.in_(sorted(set(ids)))
        )
        with self._db.begin() as connection:
            rows = connection.execute(query).all()
        return {r.id: StoredRecord(r.id, bytes(r.record), r.log_index) for r in rows}

    def add_records(self, accord_id: str, records: Sequence[NewRecord]) -> range:
        """Log and store ``records`` in one transaction; their log indexes, in order.

        An id already stored for the accord fails the whole transaction (nothing is
        written): callers leave out what ``stored`` reported.
        """
        if not records:
            return range(0)
        sql = self._db.sql(
            "INSERT INTO evidence_records (accord, id, kind, record, signer, log_index, added) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        now = int(time.time())

        def insert(cursor: Any, first: int) -> None:
            rows = [
                (accord_id, r.id, r.kind, r.record, r.signer, first + n, now)
                for n, r in enumerate(records)
            ]
            cursor.executemany(sql, rows)

        content = _content([r.content for r in records])
        return self.log.append_many([r.entry for r in records], content=content, also=insert)

    def records(self, accord_id: str) -> Iterator[StoredRecord]:
        """Every record stored for the accord, in log order, read a page at a time."""
        table = evidence_records
        after = -1
        while True:
            query = (
                sa.select(table.c.id, table.c.record, table.c.log_index)
                .where(table.c.accord == accord_id, table.c.log_index > after)
                .order_by(table.c.log_index)
                .limit(_PAGE)
            )
            with self._db.begin() as connection:
                rows = connection.execute(query).all()
            yield from (StoredRecord(r.id, bytes(r.record), r.log_index) for r in rows)
            if len(rows) < _PAGE:
                return
            after = rows[-1].log_index


def _content(items: Sequence[bytes | None]) -> dict[bytes, bytes]:
    return {hashlib.sha256(data).digest(): data for data in items if data is not None}
