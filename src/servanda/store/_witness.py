"""``WitnessStore``: a witness's memory, the latest checkpoint it cosigned per log, every
one it cosigned before (so an old checkpoint shown later can be checked against it), and
the conflicting checkpoints it was shown (split-view evidence).

The latest checkpoint changes only by compare-and-swap on its size, in one statement,
so two requests racing from the same old size cannot both win and a slower one can
never roll the witness back (tlog-witness, "add-checkpoint").
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from servanda.errors import StoreError
from servanda.ledger import Checkpoint, Note, parse_note
from servanda.store._database import Database
from servanda.store._schema import (
    WITNESS_TABLES,
    metadata,
    witness_checkpoints,
    witness_evidence,
    witness_history,
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Two checkpoints signed by one log that this witness could not reconcile."""

    origin: str
    kind: str
    reason: str
    cosigned: bytes
    submitted: bytes
    received: int


class WitnessStore:
    """The state of one witness, in its own database (created on first use)."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self._db = Database(url, create=create)
        try:
            with self._db.begin() as connection:
                metadata.create_all(connection, tables=WITNESS_TABLES)
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def latest(self, origin: str) -> Note | None:
        """The checkpoint of ``origin`` last cosigned (with the log's and our signatures)."""
        query = sa.select(witness_checkpoints.c.note).where(witness_checkpoints.c.origin == origin)
        with self._db.begin() as connection:
            data = connection.execute(query).scalar()
        return None if data is None else parse_note(bytes(data))

    def cosigned_at(self, origin: str, size: int) -> Note | None:
        """The checkpoint of ``origin`` at ``size`` this witness cosigned, if it did."""
        table = witness_history
        query = sa.select(table.c.note).where(table.c.origin == origin, table.c.size == size)
        with self._db.begin() as connection:
            data = connection.execute(query).scalar()
        return None if data is None else parse_note(bytes(data))

    def latest_checkpoint(self, origin: str) -> Checkpoint | None:
        note = self.latest(origin)
        return None if note is None else Checkpoint.parse(note.text)

    def compare_and_swap(self, old_size: int, note: Note) -> int | None:
        """Store ``note`` as the latest of its origin if the stored size is still
        ``old_size`` (0: none stored). Return None on success, else the size now stored."""
        checkpoint = Checkpoint.parse(note.text)
        table = witness_checkpoints
        data = note.to_bytes()
        values = {"size": checkpoint.size, "note": data, "updated": int(time.time())}
        with self._db.begin() as connection:
            updated = connection.execute(
                table.update()
                .where(table.c.origin == checkpoint.origin, table.c.size == old_size)
                .values(**values)
            )
            if updated.rowcount == 1:
                self._remember(connection, checkpoint, data)
                return None
            current = connection.execute(
                sa.select(table.c.size).where(table.c.origin == checkpoint.origin)
            ).scalar()
            if current is not None or old_size != 0:
                return int(current or 0)
            inserted = connection.execute(
                self._insert(table)
                .values(origin=checkpoint.origin, **values)
                .on_conflict_do_nothing(index_elements=["origin"])
                .returning(table.c.origin)
            )
            if inserted.first() is not None:
                self._remember(connection, checkpoint, data)
                return None
        # A concurrent first cosignature for this origin won the race.
        return self._size(checkpoint.origin)

    def _remember(self, connection: sa.Connection, checkpoint: Checkpoint, note: bytes) -> None:
        """Keep ``note`` in the history, in the transaction that made it the latest. A size
        cosigned again keeps its first note: a consistent tree has one root per size."""
        connection.execute(
            self._insert(witness_history)
            .values(origin=checkpoint.origin, size=checkpoint.size, note=note)
            .on_conflict_do_nothing(index_elements=["origin", "size"])
        )

    def _size(self, origin: str) -> int:
        table = witness_checkpoints
        with self._db.begin() as connection:
            size = connection.execute(sa.select(table.c.size).where(table.c.origin == origin))
            return int(size.scalar() or 0)

    def record_evidence(
        self, origin: str, kind: str, reason: str, cosigned: bytes, submitted: bytes
    ) -> bool:
        """Keep two conflicting checkpoints; False if this pair was already kept."""
        if not cosigned or not submitted:
            raise StoreError("evidence needs both checkpoints")
        digest = hashlib.sha256(len(cosigned).to_bytes(8, "big") + cosigned + submitted).digest()
        row = {
            "origin": origin,
            "kind": kind,
            "reason": reason,
            "cosigned": cosigned,
            "submitted": submitted,
            "digest": digest,
            "received": int(time.time()),
        }
        with self._db.begin() as connection:
            inserted = connection.execute(
                self._insert(witness_evidence)
                .values(**row)
                .on_conflict_do_nothing(index_elements=["origin", "digest"])
                .returning(witness_evidence.c.id)
            ).first()
        return inserted is not None

    def evidence(self, origin: str | None = None) -> list[Evidence]:
        """Kept evidence, oldest first (all logs, or one)."""
        table = witness_evidence
        query = sa.select(table).order_by(table.c.id)
        if origin is not None:
            query = query.where(table.c.origin == origin)
        with self._db.begin() as connection:
            rows = connection.execute(query).all()
        return [
            Evidence(r.origin, r.kind, r.reason, bytes(r.cosigned), bytes(r.submitted), r.received)
            for r in rows
        ]

    def _insert(self, table: sa.Table) -> sqlite.Insert | postgresql.Insert:
        return sqlite.insert(table) if self._db.is_sqlite else postgresql.insert(table)
