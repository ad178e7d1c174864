"""Strict scalar codecs shared by every ledger text format.

The C2SP formats are byte-exact, so each value has exactly one accepted spelling: base64
must be canonical (re-encoding gives back the same text), decimals have no sign, spaces,
underscores, non-ASCII digits or leading zeros, and key names follow signed-note rules.
A second spelling of the same value would let two different byte strings carry one
signature, which is what a transparency log exists to rule out.
"""

from __future__ import annotations

import base64
import binascii
import re

from servanda.errors import FormatError

#: Every ledger hash is SHA-256.
HASH_SIZE = 32
#: Sizes and indexes are uint64 on the wire (Go implementations parse them so).
MAX_UINT64 = (1 << 64) - 1

_DECIMAL = re.compile(r"0|[1-9][0-9]*", re.ASCII)


def b64encode(data: bytes) -> str:
    """Standard, padded base64 (RFC 4648 section 4)."""
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str, what: str) -> bytes:
    """Decode canonical standard base64; ``what`` names the field in the error."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error) as exc:
        raise FormatError(
            f"{what} {text!r} is not standard base64; e.g. 'AAECAw==' encodes 00010203"
        ) from exc
    if b64encode(raw) != text:
        raise FormatError(f"{what} {text!r} is not canonical base64; expected {b64encode(raw)!r}")
    return raw


def b64hash(text: str, what: str) -> bytes:
    """Decode a base64 SHA-256 hash, which must be exactly 32 bytes."""
    raw = b64decode(text, what)
    if len(raw) != HASH_SIZE:
        raise FormatError(f"{what} {text!r} decodes to {len(raw)} bytes, not {HASH_SIZE}")
    return raw


def parse_decimal(text: str, what: str) -> int:
    """An ASCII decimal uint64 with no leading zeros ("0" for zero)."""
    if not _DECIMAL.fullmatch(text):
        raise FormatError(
            f"{what} {text!r} is not a decimal without leading zeros; e.g. '0' or '42'"
        )
    value = int(text)
    if value > MAX_UINT64:
        raise FormatError(f"{what} {text} does not fit in 64 bits")
    return value


def check_key_name(name: str) -> None:
    """Raise unless ``name`` is a valid signed-note key name.

    Names are non-empty, contain no Unicode space, no '+' (the vkey separator) and no
    control character (a note may contain none but newline).
    """
    if not name:
        raise FormatError("key name is empty; use a schema-less URL, e.g. 'example.org/log'")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FormatError(f"key name {name!r} is not valid UTF-8") from exc
    for char in name:
        if char.isspace() or char == "+" or ord(char) < 0x20:
            raise FormatError(
                f"key name {name!r} contains {char!r}; names have no spaces, '+' or control "
                "characters, e.g. 'example.org/log'"
            )


def check_hash(value: bytes, what: str) -> None:
    """Raise unless ``value`` is a 32-byte hash."""
    if len(value) != HASH_SIZE:
        raise FormatError(f"{what} is {len(value)} bytes, not {HASH_SIZE}")
