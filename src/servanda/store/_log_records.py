"""What a log keeps beside its tree: signed checkpoints, its witnesses, large content.

A checkpoint is stored only after checking it against the tree (our origin, our
signature, a root the stored tree has at that size), so a stored checkpoint can always
be served with proofs that verify.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import sqlalchemy as sa

from servanda.errors import FormatError, StoreError, VerificationError
from servanda.ledger import (
    Checkpoint,
    Note,
    SignerKey,
    SigType,
    VerifierKey,
    open_checkpoint,
    parse_note,
    sign_note,
)
from servanda.store._database import Database
from servanda.store._schema import log_checkpoints, log_content, log_witnesses

_URL = re.compile(r"https?://[^\s]+")
_NAME = re.compile(r"[^\s#]+")


@dataclass(frozen=True, slots=True)
class LogWitness:
    """A witness the log asks to cosign: policy name, key, submission prefix URL."""

    name: str
    key: VerifierKey
    url: str
    cosigned_size: int = 0


class LogRecords:
    """Checkpoints, witness configuration and content of a ``LogStore``."""

    _db: Database
    origin: str
    signer: SignerKey

    def size(self) -> int:
        raise NotImplementedError

    def root(self, size: int | None = None) -> bytes:
        raise NotImplementedError

    # --- checkpoints ---------------------------------------------------------------

    def sign_checkpoint(self) -> Note:
        """A checkpoint of the committed tree, signed with the log's key."""
        size = self.size()
        text = Checkpoint(self.origin, size, self.root(size)).text
        return Note(text, (sign_note(text, self.signer),))

    def save_checkpoint(self, note: Note) -> Checkpoint:
        """Keep ``note`` (signed by this log, maybe cosigned) as the checkpoint of its size."""
        try:
            checkpoint = open_checkpoint(note, origin=self.origin, log_keys=[self.signer.verifier])
        except (FormatError, VerificationError) as exc:
            raise StoreError(f"refusing to store a checkpoint: {exc}") from exc
        if checkpoint.size > self.size() or checkpoint.root != self.root(checkpoint.size):
            raise StoreError(f"refusing a checkpoint of size {checkpoint.size}: not this tree")
        row = {"size": checkpoint.size, "note": note.to_bytes(), "signed": int(time.time())}
        with self._db.begin() as connection:
            connection.execute(
                log_checkpoints.delete().where(log_checkpoints.c.size == row["size"])
            )
            connection.execute(log_checkpoints.insert().values(**row))
        return checkpoint

    def latest_checkpoint(self) -> Note | None:
        """The stored checkpoint of the largest size, with its cosignatures."""
        query = sa.select(log_checkpoints.c.note).order_by(log_checkpoints.c.size.desc()).limit(1)
        with self._db.begin() as connection:
            data = connection.execute(query).scalar()
        return None if data is None else parse_note(bytes(data))

    # --- witnesses ----------------------------------------------------------------

    def add_witness(self, name: str, key: VerifierKey, url: str) -> LogWitness:
        """Ask the witness at ``url`` for cosignatures from now on."""
        if not _NAME.fullmatch(name) or name == "none":
            raise StoreError(f"witness name {name!r} must be one word, e.g. 'DE' or 'w1'")
        if key.sig_type != SigType.COSIGNATURE_V1:
            raise StoreError(
                f"{key} is not a witness key: witnesses cosign with cosignature/v1 keys "
                "(make one with 'servanda keys new NAME --witness')"
            )
        if not _URL.fullmatch(url):
            raise StoreError(
                f"witness URL {url!r} is not http(s)://..., e.g. http://127.0.0.1:8001"
            )
        witness = LogWitness(name, key, url.rstrip("/"))
        with self._db.begin() as connection:
            taken = connection.execute(
                sa.select(log_witnesses.c.name).where(
                    (log_witnesses.c.name == name) | (log_witnesses.c.vkey == str(key))
                )
            ).first()
            if taken is not None:
                raise StoreError(f"witness {taken.name!r} already has that name or key")
            connection.execute(
                log_witnesses.insert().values(
                    name=name, vkey=str(key), url=witness.url, cosigned_size=0
                )
            )
        return witness

    def witnesses(self) -> list[LogWitness]:
        query = sa.select(log_witnesses).order_by(log_witnesses.c.name)
        with self._db.begin() as connection:
            rows = connection.execute(query).all()
        return [LogWitness(r.name, VerifierKey.parse(r.vkey), r.url, r.cosigned_size) for r in rows]

    def set_cosigned_size(self, name: str, size: int) -> None:
        """Remember the size a witness last cosigned, to send it as ``old`` next time."""
        update = (
            log_witnesses.update().where(log_witnesses.c.name == name).values(cosigned_size=size)
        )
        with self._db.begin() as connection:
            connection.execute(update)

    # --- content stored beside ----------------------------------------------------------

    def content(self, digest: bytes) -> bytes | None:
        """Content stored under its SHA-256 ``digest``, if any."""
        query = sa.select(log_content.c.data).where(log_content.c.sha256 == digest)
        with self._db.begin() as connection:
            data = connection.execute(query).scalar()
        return None if data is None else bytes(data)
