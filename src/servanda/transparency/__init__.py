"""servanda's transparency log as a service: files in, signed and witnessed proofs out.

Built from the pure ``ledger`` (formats, proofs) and ``store`` (SQL): logging files and
JSON values as entries (``append_files``, ``log_values``), signing checkpoints and
gathering witness cosignatures over C2SP tlog-witness (``make_checkpoint``), tlog-proofs
(``make_proof``), the log as static C2SP tiles (``write_static``) and offline
verification of a record (``verify_proof``).
"""

from servanda.transparency._operations import (
    Appended,
    CheckpointResult,
    append_files,
    append_records,
    init_log,
    log_values,
    make_checkpoint,
    make_proof,
)
from servanda.transparency._records import Record, content_record, file_records, json_record
from servanda.transparency._static import StaticLog, static_tiles, write_static
from servanda.transparency._verify import Verified, entry_from_file, key_policy, verify_proof

__all__ = [
    "Appended",
    "CheckpointResult",
    "Record",
    "StaticLog",
    "Verified",
    "append_files",
    "append_records",
    "content_record",
    "entry_from_file",
    "file_records",
    "init_log",
    "json_record",
    "key_policy",
    "log_values",
    "make_checkpoint",
    "make_proof",
    "static_tiles",
    "verify_proof",
    "write_static",
]
