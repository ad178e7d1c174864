"""Evidence: monitors' reports, data-set events, statements and acts, as records.

``parse_evidence(text, source, accord)`` loads DESIGN.md's JSON Lines interchange,
checked against the accord the records concern; a file with any bad record is refused
whole, with every problem's line and field. ``sign_record`` and ``AccordKeys`` sign and
verify records under the keys an accord lists (``_signatures`` says which bytes);
``servanda.evidence.events`` reads event data sets.
"""

from servanda.evidence._jsonl import (
    Evidence,
    evidence_from_mappings,
    merge_evidence,
    parse_evidence,
)
from servanda.evidence._records import KINDS, SPEECH_ACTS, Record, RecordKind
from servanda.evidence._signatures import (
    AccordKeys,
    SignatureProblem,
    json_objects,
    sign_evidence,
    sign_record,
    signed_text,
    verify_signatures,
)

__all__ = [
    "KINDS",
    "SPEECH_ACTS",
    "AccordKeys",
    "Evidence",
    "Record",
    "RecordKind",
    "SignatureProblem",
    "evidence_from_mappings",
    "json_objects",
    "merge_evidence",
    "parse_evidence",
    "sign_evidence",
    "sign_record",
    "signed_text",
    "verify_signatures",
]
