"""The tables: a log (state, tiles, entry bundles, content, checkpoints, witnesses), a
witness (latest cosigned checkpoint per log, split-view evidence), and the registry
(accords and the evidence records added about them, each with its log index).

The tree is stored as tiles in the C2SP tlog-tiles layout, one row per tile, except that
a row keeps the tile's seven inner levels after its 256 hashes (see ``_tiles``): every
perfect subtree hash is stored, so a proof is one read of a few rows and no hashing.
Rows are keyed by one integer, ``level << 56 | index``, which SQLite stores as the rowid.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

#: An integer primary key that SQLite keeps as its rowid, and PostgreSQL as a BIGINT.
_Key = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _key(name: str) -> sa.Column[int]:
    return sa.Column(name, _Key, primary_key=True, autoincrement=False)


log_state = sa.Table(
    "log_state",
    metadata,
    _key("id"),  # always 1: one log per database
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("signer", sa.Text, nullable=False),  # the log's private key (note format)
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("created", sa.BigInteger, nullable=False),  # POSIX seconds
)

log_tiles = sa.Table(
    "log_tiles",
    metadata,
    _key("id"),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

log_bundles = sa.Table(
    "log_bundles",
    metadata,
    _key("id"),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

log_content = sa.Table(
    "log_content",
    metadata,
    sa.Column("sha256", sa.LargeBinary(32), primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

log_checkpoints = sa.Table(
    "log_checkpoints",
    metadata,
    _key("size"),
    sa.Column("note", sa.LargeBinary, nullable=False),
    sa.Column("signed", sa.BigInteger, nullable=False),
)

log_witnesses = sa.Table(
    "log_witnesses",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("vkey", sa.Text, nullable=False, unique=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("cosigned_size", sa.BigInteger, nullable=False),
)

witness_checkpoints = sa.Table(
    "witness_checkpoints",
    metadata,
    sa.Column("origin", sa.Text, primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("note", sa.LargeBinary, nullable=False),  # as cosigned: log and our signatures
    sa.Column("updated", sa.BigInteger, nullable=False),
)

witness_history = sa.Table(  # every checkpoint cosigned, so an old one can be checked
    "witness_history",
    metadata,
    sa.Column("origin", sa.Text, primary_key=True),
    sa.Column("size", sa.BigInteger, primary_key=True),
    sa.Column("note", sa.LargeBinary, nullable=False),  # as cosigned: log and our signatures
)

witness_evidence = sa.Table(
    "witness_evidence",
    metadata,
    sa.Column("id", _Key, primary_key=True, autoincrement=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("cosigned", sa.LargeBinary, nullable=False),  # the checkpoint we had cosigned
    sa.Column("submitted", sa.LargeBinary, nullable=False),  # the log-signed conflicting one
    sa.Column("digest", sa.LargeBinary(32), nullable=False),  # SHA-256 of the two, for dedup
    sa.Column("received", sa.BigInteger, nullable=False),
    sa.UniqueConstraint("origin", "digest"),
)

accords = sa.Table(
    "accords",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("document", sa.LargeBinary, nullable=False),  # canonical JSON, as logged
    sa.Column("text", sa.Text, nullable=False),  # the YAML as registered, to load again
    sa.Column("log_index", sa.BigInteger, nullable=False, unique=True),
    sa.Column("added", sa.BigInteger, nullable=False),  # POSIX seconds
)

evidence_records = sa.Table(
    "evidence_records",
    metadata,
    sa.Column("accord", sa.Text, sa.ForeignKey("accords.id"), primary_key=True),
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("record", sa.LargeBinary, nullable=False),  # canonical JSON, signature included
    sa.Column("signer", sa.Text, nullable=False),  # the vkey its signature verified with
    sa.Column("log_index", sa.BigInteger, nullable=False, unique=True),
    sa.Column("added", sa.BigInteger, nullable=False),
    sa.Index("evidence_records_in_log_order", "accord", "log_index"),
)

LOG_TABLES = [log_state, log_tiles, log_bundles, log_content, log_checkpoints, log_witnesses]
WITNESS_TABLES = [witness_checkpoints, witness_history, witness_evidence]
REGISTRY_TABLES = [accords, evidence_records]
