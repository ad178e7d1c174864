"""Ed25519 keys for signed notes: key IDs, vkeys and private key text.

Verifier keys use the C2SP signed-note vkey format ``<name>+<hex key ID>+<base64(type ||
public key)>``. Private keys use the text format of golang.org/x/mod/sumdb/note,
``PRIVATE+KEY+<name>+<hex key ID>+<base64(type || 32-byte seed)>``, so keys move between
servanda and Go tooling unchanged. The type byte says what the key signs: 0x01 plain
note signatures (a log), 0x04 ``cosignature/v1`` (a witness; the form
transparency-dev/formats ``NewSignerForCosignatureV1`` also reads). The key ID in the
text is always the one for that type, and is checked on parsing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import IntEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from servanda.errors import FormatError
from servanda.ledger._codec import b64decode, b64encode, check_key_name

_PRIVATE_PREFIX = "PRIVATE+KEY+"
_ED25519_SIZE = 32


class SigType(IntEnum):
    """Signature type bytes this ledger signs and verifies (C2SP signed-note)."""

    ED25519 = 0x01
    COSIGNATURE_V1 = 0x04


def key_id(name: str, sig_type: int, public_key: bytes) -> int:
    """SHA-256(name || 0x0A || type || public key)[:4] as a big-endian uint32."""
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([sig_type]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def _sig_type(value: int, what: str) -> SigType:
    try:
        return SigType(value)
    except ValueError:
        raise FormatError(
            f"{what} has signature type 0x{value:02x}; supported are 0x01 (Ed25519 note) "
            "and 0x04 (Ed25519 cosignature/v1)"
        ) from None


def _split_key(text: str, what: str) -> tuple[str, int, SigType, bytes]:
    """Split ``name+hex+base64(type || material)`` and check each part's shape."""
    parts = text.split("+", 2)
    if len(parts) != 3:
        raise FormatError(f"{what} is not name+keyid+base64; e.g. 'example.org/log+1a2b3c4d+AQ...'")
    name, hex_id, encoded = parts
    check_key_name(name)
    if len(hex_id) != 8 or hex_id.strip("0123456789abcdef"):
        raise FormatError(f"{what} key ID {hex_id!r} is not 8 lowercase hex digits")
    raw = b64decode(encoded, f"{what} key material")
    if len(raw) != 1 + _ED25519_SIZE:
        raise FormatError(f"{what} key material is {len(raw)} bytes, expected 33 (type + key)")
    return name, int(hex_id, 16), _sig_type(raw[0], what), raw[1:]


@dataclass(frozen=True, slots=True)
class VerifierKey:
    """A public key with its name and type; ``str()`` gives the vkey."""

    name: str
    sig_type: SigType
    public_key: bytes = field(repr=False)
    key_id: int = field(init=False)

    def __post_init__(self) -> None:
        check_key_name(self.name)
        object.__setattr__(self, "sig_type", _sig_type(self.sig_type, f"key {self.name!r}"))
        if len(self.public_key) != _ED25519_SIZE:
            raise FormatError(f"Ed25519 public key is {len(self.public_key)} bytes, not 32")
        object.__setattr__(self, "key_id", key_id(self.name, self.sig_type, self.public_key))

    @classmethod
    def parse(cls, vkey: str) -> VerifierKey:
        """Parse a vkey; its key ID must match its name, type and key."""
        name, stated, sig_type, public = _split_key(vkey, f"vkey {vkey!r}")
        key = cls(name, sig_type, public)
        if key.key_id != stated:
            raise FormatError(
                f"vkey {vkey!r} states key ID {stated:08x}, computed {key.key_id:08x}"
            )
        return key

    def __str__(self) -> str:
        material = b64encode(bytes([self.sig_type]) + self.public_key)
        return f"{self.name}+{self.key_id:08x}+{material}"

    def verify_raw(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is this key's Ed25519 signature of ``message``."""
        if len(signature) != 64:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


class SignerKey:
    """A named Ed25519 private key. ``repr()`` never shows the secret; ``to_skey()`` does."""

    __slots__ = ("_private", "verifier")

    def __init__(self, name: str, seed: bytes, sig_type: SigType = SigType.ED25519) -> None:
        if len(seed) != _ED25519_SIZE:
            raise FormatError(f"Ed25519 seed is {len(seed)} bytes, not 32")
        self._private = Ed25519PrivateKey.from_private_bytes(seed)
        self.verifier = VerifierKey(name, sig_type, self._private.public_key().public_bytes_raw())

    @classmethod
    def generate(cls, name: str, sig_type: SigType = SigType.ED25519) -> SignerKey:
        """A fresh random key (from the operating system's CSPRNG)."""
        return cls(name, Ed25519PrivateKey.generate().private_bytes_raw(), sig_type)

    @classmethod
    def parse(cls, skey: str) -> SignerKey:
        """Parse ``PRIVATE+KEY+name+keyid+base64(type || seed)``; errors never echo the key."""
        if not skey.startswith(_PRIVATE_PREFIX):
            raise FormatError("private key does not start with 'PRIVATE+KEY+'")
        try:
            name, stated, sig_type, seed = _split_key(skey[len(_PRIVATE_PREFIX) :], "private key")
        except FormatError:
            raise FormatError(
                "private key is not PRIVATE+KEY+name+keyid+base64(type || seed)"
            ) from None  # the message of the cause could quote secret material
        key = cls(name, seed, sig_type)
        if key.verifier.key_id != stated:
            raise FormatError(
                f"private key for {name!r} states key ID {stated:08x}, "
                f"computed {key.verifier.key_id:08x}"
            )
        return key

    @property
    def name(self) -> str:
        return self.verifier.name

    @property
    def sig_type(self) -> SigType:
        return self.verifier.sig_type

    def to_skey(self) -> str:
        """The private key text; keep it secret."""
        material = b64encode(bytes([self.sig_type]) + self._private.private_bytes_raw())
        return f"{_PRIVATE_PREFIX}{self.name}+{self.verifier.key_id:08x}+{material}"

    def sign_raw(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message``."""
        return self._private.sign(message)

    def __repr__(self) -> str:
        return f"SignerKey({str(self.verifier)!r})"
