"""Adding signed evidence records about a registered accord: all of a file, or none of it.

Every record is checked as ``servanda assess`` checks it, then its signature against the
keys the accord lists for the entity that must sign it (``servanda.evidence``'s
``AccordKeys``). Any refusal (a malformed record, no signature, an unknown key, a bad
signature, a key of the wrong entity, an id stored with other content) refuses the
whole file, each problem with its line, and nothing is stored or logged. Otherwise the
new records are logged (each as the canonical JSON of the record as signed) and stored
in one transaction; a record already stored exactly so is left as it is, so adding a
file again adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from servanda._canonical import canonical_json
from servanda.errors import EvidenceError, Problem
from servanda.evidence import json_objects, parse_evidence, verify_signatures
from servanda.registry._accords import registered_accord
from servanda.store import NewRecord, Registry, StoredRecord
from servanda.transparency import json_record


@dataclass(frozen=True, slots=True)
class Added:
    """A record of the file, its log index, and whether this call stored it."""

    id: str
    line: int
    log_index: int
    added: bool


def add_evidence(registry: Registry, accord_id: str, text: str, source: str) -> list[Added]:
    """Verify and store the JSON Lines ``text``; raise ``EvidenceError`` listing refusals."""
    loaded = registered_accord(registry, accord_id)
    evidence = parse_evidence(text, source, loaded)
    objects = dict(json_objects(text, source))
    records = evidence.records
    signers = verify_signatures(((r.line, objects[r.line]) for r in records), source, loaded)
    stored = registry.stored(accord_id, [r.id for r in records])
    problems: list[Problem] = []
    new: list[tuple[int, NewRecord]] = []
    kept: dict[int, Added] = {}
    for record in records:
        data = canonical_json(objects[record.line])
        prior = stored.get(record.id)
        if prior is None:
            logged = json_record(f"{source}:{record.line}", objects[record.line])
            signer = str(signers[record.line])
            row = NewRecord(record.id, record.kind, data, logged.entry, signer, logged.content)
            new.append((record.line, row))
        elif prior.record == data:
            kept[record.line] = Added(record.id, record.line, prior.log_index, added=False)
        else:
            problems.append(
                Problem(
                    source,
                    record.line,
                    "id",
                    f"{record.id!r} is already stored for {accord_id} with other content (log "
                    f"index {prior.log_index}); an id names one record, so give this one "
                    "its own",
                )
            )
    if problems:
        raise EvidenceError(problems)
    indexes = registry.add_records(accord_id, [row for _, row in new])
    for (line, row), index in zip(new, indexes, strict=True):
        kept[line] = Added(row.id, line, index, added=True)
    return [kept[line] for line in sorted(kept)]


def stored_evidence(registry: Registry, accord_id: str) -> Iterator[StoredRecord]:
    """The records stored for a registered accord, in log order."""
    registered_accord(registry, accord_id)  # refuse an id that is not registered
    return registry.records(accord_id)
