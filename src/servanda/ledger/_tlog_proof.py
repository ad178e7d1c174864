"""C2SP tlog-proof@v1: an offline proof that an entry is in a witnessed log.

The proof carries the entry's index, its inclusion proof and the cosigned checkpoint
verbatim; the verifier brings the entry and a policy. Everything needed is in the file,
so a receipt can be checked years later with no access to the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from servanda.errors import FormatError
from servanda.ledger._checkpoint import Checkpoint
from servanda.ledger._codec import b64decode, b64encode, b64hash, check_hash, parse_decimal
from servanda.ledger._merkle import leaf_hash, verify_inclusion
from servanda.ledger._note import Note, parse_note
from servanda.ledger._policy import Policy
from servanda.ledger._proofs import NodeReader, inclusion_proof

#: The first line of every proof.
PROOF_HEADER = "c2sp.org/tlog-proof@v1"


@dataclass(frozen=True, slots=True)
class TlogProof:
    """Index, inclusion proof, cosigned checkpoint, and optional unauthenticated extra data."""

    index: int
    inclusion: tuple[bytes, ...] = field(repr=False)
    checkpoint: Note
    extra: bytes | None = None

    def __post_init__(self) -> None:
        if self.index < 0:
            raise FormatError(f"entry index {self.index} is negative")
        for position, value in enumerate(self.inclusion):
            check_hash(value, f"inclusion proof hash {position}")
        if self.extra == b"":
            raise FormatError("extra data is empty; omit it instead")

    @classmethod
    def build(
        cls, index: int, checkpoint: Note, read_nodes: NodeReader, extra: bytes | None = None
    ) -> TlogProof:
        """The proof of entry ``index`` against the tree size ``checkpoint`` states."""
        size = Checkpoint.parse(checkpoint.text).size
        return cls(index, tuple(inclusion_proof(index, size, read_nodes)), checkpoint, extra)

    def to_bytes(self) -> bytes:
        lines = [PROOF_HEADER]
        if self.extra is not None:
            lines.append(f"extra {b64encode(self.extra)}")
        lines.append(f"index {self.index}")
        lines.extend(b64encode(value) for value in self.inclusion)
        return ("\n".join(lines) + "\n\n").encode() + self.checkpoint.to_bytes()

    @classmethod
    def parse(cls, data: bytes) -> TlogProof:
        """Parse a ``.tlog-proof`` file strictly; the checkpoint is not verified here."""
        try:
            head, blank, rest = data.decode("utf-8").partition("\n\n")
        except UnicodeDecodeError as exc:
            raise FormatError(f"tlog-proof is not valid UTF-8 at byte {exc.start}") from exc
        if not blank:
            raise FormatError("tlog-proof has no blank line before its checkpoint")
        lines = head.split("\n")
        if lines[0] != PROOF_HEADER:
            raise FormatError(f"tlog-proof starts with {lines[0][:40]!r}, not {PROOF_HEADER!r}")
        extra = None
        position = 1
        if position < len(lines) and lines[position].startswith("extra "):
            extra = b64decode(lines[position][len("extra ") :], "tlog-proof extra data")
            position += 1
        if position >= len(lines) or not lines[position].startswith("index "):
            raise FormatError("tlog-proof has no 'index <n>' line after its header")
        index = parse_decimal(lines[position][len("index ") :], "tlog-proof index")
        hashes = _hashes(lines[position + 1 :])
        return cls(index, hashes, parse_note(rest.encode()), extra)


def _hashes(lines: Sequence[str]) -> tuple[bytes, ...]:
    return tuple(b64hash(line, f"inclusion proof line {n}") for n, line in enumerate(lines, 1))


def verify_tlog_proof(proof: TlogProof, entry: bytes, policy: Policy) -> None:
    """Raise unless ``entry`` is at ``proof.index`` of a checkpoint ``policy`` accepts.

    The steps of tlog-proof: the leaf hash is RFC 9162's hash of ``entry``; the
    checkpoint must be signed by a policy log for its origin and cosigned by a quorum;
    the inclusion proof must lead from the leaf to the checkpoint's root.
    """
    checkpoint = policy.open_checkpoint(proof.checkpoint)
    verify_inclusion(
        proof.index, checkpoint.size, leaf_hash(entry), proof.inclusion, checkpoint.root
    )
