"""C2SP tlog-checkpoint: the note text that commits a log to a tree size and root.

The text is the origin line, the decimal size, the base64 root and optional extension
lines. Parsing accepts exactly one spelling of each (see ``_codec``), so the bytes a log
signed are the bytes ``Checkpoint.text`` gives back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from servanda.errors import FormatError, VerificationError
from servanda.ledger._codec import MAX_UINT64, b64encode, b64hash, check_hash, parse_decimal
from servanda.ledger._keys import VerifierKey
from servanda.ledger._note import Note, check_text
from servanda.ledger._signing import verify_note


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A log's signed statement: origin, tree size, root hash, extension lines."""

    origin: str
    size: int
    root: bytes = field(repr=False)
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin:
            raise FormatError("checkpoint origin is empty; e.g. 'example.org/log'")
        if not 0 <= self.size <= MAX_UINT64:
            raise FormatError(f"checkpoint size {self.size} is not a uint64")
        check_hash(self.root, "checkpoint root hash")
        for position, line in enumerate(self.extensions):
            if not line:
                raise FormatError(f"checkpoint extension line {position} is empty")
        for line in (self.origin, *self.extensions):
            if "\n" in line:
                raise FormatError(f"checkpoint line {line!r} contains a newline")
        check_text(self.text)

    @property
    def text(self) -> str:
        """The note text: what a log signs and a cosignature/v1 covers."""
        lines = [self.origin, str(self.size), b64encode(self.root), *self.extensions]
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Parse a checkpoint note text (not verified; see ``open_checkpoint``)."""
        check_text(text)
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise FormatError(
                f"checkpoint has {len(lines)} lines; needs origin, size and root hash, e.g. "
                "'example.org/log\\n8\\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\\n'"
            )
        origin, size, root, *extensions = lines
        return cls(
            origin,
            parse_decimal(size, "checkpoint size"),
            b64hash(root, "checkpoint root hash"),
            tuple(extensions),
        )


def open_checkpoint(note: Note, *, origin: str, log_keys: Iterable[VerifierKey]) -> Checkpoint:
    """Verify ``note`` is signed by one of ``log_keys`` and is a checkpoint of ``origin``.

    The signature is checked before the text is read, so nothing unverified is returned.
    """
    verify_note(note, log_keys)
    checkpoint = Checkpoint.parse(note.text)
    if checkpoint.origin != origin:
        raise VerificationError(
            f"checkpoint origin {checkpoint.origin!r} is not the expected {origin!r}"
        )
    return checkpoint
