"""C2SP signed-note encoding: a text, a blank line, and signature lines.

Parsing is strict in the way golang.org/x/mod/sumdb/note ``Open`` is: valid UTF-8, no
control character but newline, the text ends at the *last* blank line and includes its
final newline, every signature line is ``— <name> <base64(key ID || signature)>``. A note
that parses is still untrusted; ``verify_note`` decides that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from servanda.errors import FormatError
from servanda.ledger._codec import b64decode, b64encode, check_key_name

#: U+2014 EM DASH and a space: the start of every signature line.
SIGNATURE_PREFIX = "\u2014 "
#: More signatures than this make a note malformed (the spec requires accepting 16).
MAX_SIGNATURES = 100


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line: key name, key ID, and the signature bytes after the ID."""

    name: str
    key_id: int
    signature: bytes = field(repr=False)

    def __post_init__(self) -> None:
        check_key_name(self.name)
        if not 0 <= self.key_id < 1 << 32:
            raise FormatError(f"key ID {self.key_id} does not fit in 32 bits")
        if not self.signature:
            raise FormatError(f"signature by {self.name!r} is empty")

    @property
    def line(self) -> str:
        """``— <name> <base64>\\n``."""
        blob = b64encode(self.key_id.to_bytes(4, "big") + self.signature)
        return f"{SIGNATURE_PREFIX}{self.name} {blob}\n"


@dataclass(frozen=True, slots=True)
class Note:
    """A note text (ending in a newline) and its signatures, in order."""

    text: str
    signatures: tuple[NoteSignature, ...] = ()

    def __post_init__(self) -> None:
        check_text(self.text)

    def to_bytes(self) -> bytes:
        """The note as signed and sent: text, blank line, signature lines."""
        if not self.signatures:
            raise FormatError("a note needs at least one signature line")
        return (self.text + "\n" + "".join(s.line for s in self.signatures)).encode()

    def with_signatures(self, *signatures: NoteSignature) -> Note:
        """This note with ``signatures`` added last, replacing any by the same key."""
        keys = {(s.name, s.key_id) for s in signatures}
        kept = tuple(s for s in self.signatures if (s.name, s.key_id) not in keys)
        return Note(self.text, kept + signatures)


def check_text(text: str) -> None:
    """Raise unless ``text`` can be a note text: ends in newline, no control characters."""
    if not text.endswith("\n"):
        raise FormatError(f"note text {text[-20:]!r} does not end with a newline")
    _check_chars(text)


def _check_chars(text: str) -> None:
    for line_number, line in enumerate(text.split("\n"), 1):
        for char in line:
            if ord(char) < 0x20:
                raise FormatError(f"note line {line_number} contains control character {char!r}")


def parse_note(data: bytes) -> Note:
    """Parse a signed note without verifying it."""
    try:
        message = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"note is not valid UTF-8 at byte {exc.start}") from exc
    _check_chars(message)
    split = message.rfind("\n\n")
    if split < 0:
        raise FormatError("note has no blank line before its signatures")
    text, block = message[: split + 1], message[split + 2 :]
    if not block.endswith("\n"):
        raise FormatError("note does not end with a signature line and a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise FormatError(f"note has {len(lines)} signatures, more than {MAX_SIGNATURES}")
    return Note(text, tuple(_parse_signature(line) for line in lines))


def _parse_signature(line: str) -> NoteSignature:
    if not line.startswith(SIGNATURE_PREFIX):
        raise FormatError(f"signature line {line[:40]!r} does not start with '\u2014 ' (U+2014)")
    name, space, blob = line[len(SIGNATURE_PREFIX) :].partition(" ")
    if not space or not blob:
        raise FormatError(f"signature line {line[:40]!r} is not '\u2014 <name> <base64>'")
    check_key_name(name)
    raw = b64decode(blob, f"signature by {name!r}")
    if len(raw) < 5:
        raise FormatError(f"signature by {name!r} is {len(raw)} bytes; needs a key ID and more")
    return NoteSignature(name, int.from_bytes(raw[:4], "big"), raw[4:])
