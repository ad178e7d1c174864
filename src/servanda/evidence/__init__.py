"""Evidence: monitors' reports, data-set events, statements and acts, as records.

``parse_evidence(text, source, accord)`` loads DESIGN.md's JSON Lines interchange,
checked against the accord the records concern; a file with any bad record is refused
whole, with every problem's line and field.
"""

from servanda.evidence._jsonl import (
    Evidence,
    evidence_from_mappings,
    merge_evidence,
    parse_evidence,
)
from servanda.evidence._records import KINDS, SPEECH_ACTS, Record, RecordKind

__all__ = [
    "KINDS",
    "SPEECH_ACTS",
    "Evidence",
    "Record",
    "RecordKind",
    "evidence_from_mappings",
    "merge_evidence",
    "parse_evidence",
]
