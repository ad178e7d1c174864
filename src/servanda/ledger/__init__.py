"""servanda's transparency log, pure: Merkle proofs, tiles, notes, checkpoints, witnesses.

It logs opaque byte entries and knows nothing about accords; no database, no HTTP, no
clock. Storage and serving build on three seams: a ``NodeReader`` (read stored perfect
subtree hashes by ``(level, index)``), ``CompactRange.append`` (what to store after an
append) and ``TileRef`` paths. Wire formats follow RFC 9162 and the C2SP specs
(signed-note, tlog-checkpoint, tlog-cosignature, tlog-tiles, tlog-witness, tlog-policy,
tlog-proof) byte for byte.

Verifiers return ``None`` or the verified value and raise ``VerificationError``;
malformed encodings raise ``FormatError``; impossible requests (a proof for a leaf past
the tree) raise ``ValueError``.
"""

from servanda.ledger._bundles import MAX_ENTRY_SIZE, decode_entry_bundle, encode_entry_bundle
from servanda.ledger._checkpoint import Checkpoint, open_checkpoint
from servanda.ledger._compact import CompactRange, MemoryTree, root_from_leaf_hashes
from servanda.ledger._keys import SignerKey, SigType, VerifierKey
from servanda.ledger._merkle import (
    EMPTY_ROOT,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)
from servanda.ledger._note import Note, NoteSignature, parse_note
from servanda.ledger._policy import Group, Policy
from servanda.ledger._proofs import (
    Node,
    NodeID,
    NodeReader,
    consistency_proof,
    inclusion_proof,
    tree_root,
)
from servanda.ledger._signing import (
    cosignature_message,
    cosignature_timestamp,
    sign_note,
    verified_signers,
    verify_note,
)
from servanda.ledger._tiles import (
    TILE_WIDTH,
    TileReader,
    TileRef,
    changed_tiles,
    parse_tile_path,
    split_tile,
    tile_contents,
    tile_for_node,
    tile_node_reader,
)
from servanda.ledger._tlog_proof import TlogProof, verify_tlog_proof
from servanda.ledger._witness import AddCheckpointRequest, WitnessResponse, witness_add_checkpoint

__all__ = [
    "EMPTY_ROOT",
    "MAX_ENTRY_SIZE",
    "TILE_WIDTH",
    "AddCheckpointRequest",
    "Checkpoint",
    "CompactRange",
    "Group",
    "MemoryTree",
    "Node",
    "NodeID",
    "NodeReader",
    "Note",
    "NoteSignature",
    "Policy",
    "SigType",
    "SignerKey",
    "TileReader",
    "TileRef",
    "TlogProof",
    "VerifierKey",
    "WitnessResponse",
    "changed_tiles",
    "consistency_proof",
    "cosignature_message",
    "cosignature_timestamp",
    "decode_entry_bundle",
    "encode_entry_bundle",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "open_checkpoint",
    "parse_note",
    "parse_tile_path",
    "root_from_leaf_hashes",
    "sign_note",
    "split_tile",
    "tile_contents",
    "tile_for_node",
    "tile_node_reader",
    "tree_root",
    "verified_signers",
    "verify_consistency",
    "verify_inclusion",
    "verify_note",
    "verify_tlog_proof",
    "witness_add_checkpoint",
]
