"""The log's operations, each the one library call behind a ``servanda log`` command."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from servanda.errors import StoreError
from servanda.ledger import Checkpoint, Note, NoteSignature, SignerKey, TlogProof
from servanda.store import LogStore, LogWitness
from servanda.transparency._cosign import CosignFailed, request_cosignature
from servanda.transparency._records import Record, file_records, json_record


@dataclass(frozen=True, slots=True)
class Appended:
    """Where a record came from and the index it was logged at."""

    source: str
    index: int


@dataclass(frozen=True, slots=True)
class CheckpointResult:
    """A signed checkpoint, the witnesses that cosigned it and why others did not."""

    note: Note
    cosigners: tuple[str, ...]
    failures: tuple[str, ...]


def init_log(url: str, origin: str, key: SignerKey | None = None) -> LogStore:
    """Create a log named ``origin`` in a new database, with a new key unless one is given."""
    if key is None:
        key = SignerKey.generate(origin)
    elif key.name != origin:
        raise StoreError(f"the key is named {key.name!r}; a log's key is named as its origin")
    return LogStore.create(url, key)


def append_records(store: LogStore, records: Sequence[Record]) -> list[Appended]:
    """Append records in one transaction: all are logged, or none."""
    content = {
        hashlib.sha256(r.content).digest(): r.content for r in records if r.content is not None
    }
    indexes = store.append_many([r.entry for r in records], content=content)
    return [Appended(r.source, i) for r, i in zip(records, indexes, strict=True)]


def append_files(store: LogStore, paths: Sequence[Path]) -> list[Appended]:
    """Log files (see ``_records`` for what each kind becomes), all in one transaction."""
    return append_records(store, [r for path in paths for r in file_records(path)])


def log_values(store: LogStore, values: Iterable[object], source: str = "value") -> list[int]:
    """Log JSON-able values (accords, evidence records, assessments) as canonical JSON.

    The call for code that produces records itself; one transaction for all.
    """
    records = [json_record(f"{source}[{n}]", value) for n, value in enumerate(values)]
    return [appended.index for appended in append_records(store, records)]


def make_checkpoint(
    store: LogStore, witnesses: Sequence[LogWitness] | None = None
) -> CheckpointResult:
    """Sign the tree head, gather cosignatures from ``witnesses`` (default: the log's
    configured ones), store and return the cosigned checkpoint."""
    configured = {w.name: w for w in store.witnesses()}
    asked = list(configured.values()) if witnesses is None else list(witnesses)
    note = store.sign_checkpoint()
    earlier = store.latest_checkpoint()
    signatures: list[NoteSignature] = []
    if earlier is not None and earlier.text == note.text:
        signatures.extend(earlier.signatures[1:])  # cosignatures already gathered at this size
    cosigners: list[str] = []
    failures: list[str] = []
    with httpx.Client() as client:
        for witness in asked:
            mine = configured.get(witness.name)
            old = mine.cosigned_size if mine is not None and mine.key == witness.key else 0
            try:
                got = request_cosignature(
                    client, witness.url, witness.key, note, old, store.consistency_proof
                )
            except CosignFailed as exc:
                failures.append(f"{witness.name}: {exc}")
                continue
            signatures.extend(got.signatures)
            cosigners.append(witness.name)
            if mine is not None and mine.key == witness.key:
                store.set_cosigned_size(witness.name, got.size)
    latest = {(s.name, s.key_id): s for s in signatures}  # a new cosignature replaces an old
    cosigned = note.with_signatures(*latest.values())
    store.save_checkpoint(cosigned)
    return CheckpointResult(cosigned, tuple(cosigners), tuple(failures))


def make_proof(store: LogStore, index: int) -> TlogProof:
    """A tlog-proof of entry ``index`` against the latest stored checkpoint."""
    note = store.latest_checkpoint()
    if note is None:
        raise StoreError("the log has no checkpoint yet; run 'servanda log checkpoint'")
    size = Checkpoint.parse(note.text).size
    if not 0 <= index < size:
        raise StoreError(
            f"entry {index} is not in the latest checkpoint (size {size}); "
            "run 'servanda log checkpoint' after appending"
        )
    return TlogProof.build(index, note, store.read_nodes)
