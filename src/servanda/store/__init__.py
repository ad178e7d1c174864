"""Persistence: the only package that talks to a database (SQLAlchemy; SQLite or PostgreSQL).

``LogStore`` keeps a transparency log as C2SP tiles, appends durably (group commit for
concurrent callers) and reads any proof in one query; ``WitnessStore`` keeps a
witness's latest cosigned checkpoint per log, updated by compare-and-swap, and the
split-view evidence it saw; ``Registry`` keeps accords and evidence records beside the
log, each row written in the transaction that logs it. Database errors surface as
``StoreError``.
"""

from servanda.store._database import DEFAULT_URL, Database
from servanda.store._log import LogStore
from servanda.store._log_records import LogWitness
from servanda.store._registry import NewRecord, Registry, StoredAccord, StoredRecord
from servanda.store._witness import Evidence, WitnessStore

__all__ = [
    "DEFAULT_URL",
    "Database",
    "Evidence",
    "LogStore",
    "LogWitness",
    "NewRecord",
    "Registry",
    "StoredAccord",
    "StoredRecord",
    "WitnessStore",
]
