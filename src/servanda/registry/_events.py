"""Importing an event data set's CSV: two streaming passes, constant memory, idempotent.

The first pass reads every row, maps it and checks each record as evidence, storing
nothing. With ``strict`` the first bad row stops it and nothing is imported; otherwise
every bad row is reported (the first ``MAX_PROBLEMS`` with their lines) and the second
pass imports the good ones. The second pass reads the file again and stores its records
a chunk at a time: each chunk is signed with the importer's key (one the accord lists
for the data set's monitor), logged and stored in one transaction. A record whose id is
already stored is left as it is (a re-import adds nothing); if the row changed since,
that is reported and the stored record kept. An interrupted import leaves whole chunks
behind, and running it again completes it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from servanda._canonical import canonical_json
from servanda.accord import LoadedAccord
from servanda.errors import EvidenceError, InputError, Problem, VerificationError
from servanda.evidence import AccordKeys, evidence_from_mappings, sign_record
from servanda.evidence.events import (
    BadRow,
    EventFormat,
    EventMap,
    Mapped,
    Skipped,
    convert,
    load_mapping,
    read_rows,
)
from servanda.ledger import SignerKey
from servanda.registry._accords import registered_accord
from servanda.store import NewRecord, Registry
from servanda.transparency import json_record

#: Bad rows and changed rows listed (all are counted).
MAX_PROBLEMS = 100
#: Records signed, logged and stored per transaction.
CHUNK = 500

#: ``start(phase, total bytes)`` returns the callable that is given each bytes count read.
ProgressStart = Callable[[str, int], Callable[[int], None]]


@dataclass(slots=True)
class ImportReport:
    """What an import did: rows read, records added or already there, skips, problems."""

    source: str
    accord: str
    rows: int = 0
    added: int = 0
    already: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    bad: int = 0
    problems: list[Problem] = field(default_factory=list)  # bad rows, in file order
    changed: list[Problem] = field(default_factory=list)  # rows that differ from the stored
    changed_count: int = 0

    def _bad(self, problem: Problem) -> None:
        self.bad += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def import_events(
    registry: Registry,
    accord_id: str,
    path: Path,
    fmt: EventFormat,
    mapping_path: Path,
    key: SignerKey,
    *,
    strict: bool = False,
    progress: ProgressStart | None = None,
) -> ImportReport:
    """Import the rows of ``path`` that ``mapping_path`` maps; see the module docstring.

    Raises ``InputError`` for a bad mapping, ``VerificationError`` for a key the accord
    does not list for the data set, and, with ``strict``, ``EvidenceError`` naming the
    first bad row (then nothing is stored).
    """
    loaded = registered_accord(registry, accord_id)
    mapping = _mapping(mapping_path, fmt, loaded)
    _check_key(loaded, mapping.dataset, key)
    source = str(path)
    report = ImportReport(source, accord_id)
    size = _size(path)
    tick = progress("checking", size) if progress else None
    for line, outcome in _outcomes(path, fmt, mapping, loaded, tick):
        report.rows += 1
        if isinstance(outcome, BadRow):
            problem = Problem(source, line, "", outcome.message)
            if strict:
                raise EvidenceError([problem])
            report._bad(problem)
        elif isinstance(outcome, Skipped):
            report.skipped[outcome.reason] += 1
    tick = progress("importing", size) if progress else None
    chunk: list[tuple[int, dict[str, Any]]] = []
    for line, outcome in _outcomes(path, fmt, mapping, loaded, tick):
        if isinstance(outcome, Mapped):
            chunk.extend((line, record) for record in outcome.records)
            if len(chunk) >= CHUNK:
                _store(registry, report, chunk, key)
                chunk = []
    _store(registry, report, chunk, key)
    return report


def _mapping(path: Path, fmt: EventFormat, loaded: LoadedAccord) -> EventMap:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InputError([Problem(str(path), None, "", f"cannot read: {reason}")]) from None
    return load_mapping(text, str(path), fmt, loaded)


def _check_key(loaded: LoadedAccord, dataset: str, key: SignerKey) -> None:
    listed = AccordKeys(loaded).by_entity.get(dataset, [])
    if key.verifier not in listed:
        names = ", ".join(f"{k.name}+{k.key_id:08x}" for k in listed) or "none"
        raise VerificationError(
            f"the key {key.name}+{key.verifier.key_id:08x} is not one the accord "
            f"{loaded.accord.id} lists for {dataset} (it lists {names}); imported records "
            "are signed by the data set's importer"
        )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise InputError([Problem(str(path), None, "", f"cannot read: {exc.strerror}")]) from None


def _outcomes(
    path: Path,
    fmt: EventFormat,
    mapping: EventMap,
    loaded: LoadedAccord,
    tick: Callable[[int], None] | None,
) -> Iterator[tuple[int, Mapped | Skipped | BadRow]]:
    """Each row's outcome; a mapped row whose records are not valid evidence is bad."""
    try:
        rows = read_rows(path, fmt.layout, tick)
        for outcome in convert(rows, fmt, mapping, loaded.calendar.timezone):
            if isinstance(outcome, Mapped):
                problem = _invalid(outcome, str(path), loaded)
                if problem is not None:
                    yield outcome.line, BadRow(outcome.line, problem)
                    continue
            yield outcome.line, outcome
    except OSError as exc:
        raise InputError([Problem(str(path), None, "", f"cannot read: {exc.strerror}")]) from None


def _invalid(outcome: Mapped, source: str, loaded: LoadedAccord) -> str | None:
    """Why the row's records are not valid evidence about the accord (None if they are)."""
    try:
        evidence_from_mappings(((outcome.line, r) for r in outcome.records), source, loaded)
    except EvidenceError as exc:
        return "; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in exc.problems)
    return None


def _store(
    registry: Registry,
    report: ImportReport,
    chunk: list[tuple[int, dict[str, Any]]],
    key: SignerKey,
) -> None:
    stored = registry.stored(report.accord, [record["id"] for _, record in chunk])
    firsts: dict[str, tuple[bytes, str]] = {}  # id -> (unsigned canonical JSON, where)
    for record_id, prior in stored.items():
        firsts[record_id] = (_unsigned(prior.record), f"log index {prior.log_index}")
    new: list[NewRecord] = []
    signer = str(key.verifier)
    for line, record in chunk:
        body = canonical_json(record)
        first = firsts.get(record["id"])
        if first is not None:
            report.already += 1
            if first[0] != body:
                report.changed_count += 1
                if len(report.changed) < MAX_PROBLEMS:
                    message = (
                        f"{record['id']} is already stored with other content ({first[1]}); "
                        "the stored record is kept"
                    )
                    report.changed.append(Problem(report.source, line, "", message))
            continue
        firsts[record["id"]] = (body, f"line {line}")
        signed = sign_record(record, key)
        logged = json_record(f"{report.source}:{line}", signed)
        data = canonical_json(signed)
        new.append(NewRecord(record["id"], "event", data, logged.entry, signer, logged.content))
    registry.add_records(report.accord, new)
    report.added += len(new)


def _unsigned(data: bytes) -> bytes:
    value = json.loads(data, parse_float=Decimal)
    value.pop("signature", None)
    return canonical_json(value)
