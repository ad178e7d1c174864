"""Signed notes and keys: formats, the spec and Go examples, and tampering."""

from __future__ import annotations

import base64
import re

import pytest

from servanda.errors import FormatError, VerificationError
from servanda.ledger import (
    Note,
    NoteSignature,
    SignerKey,
    SigType,
    VerifierKey,
    parse_note,
    sign_note,
    verified_signers,
    verify_note,
)

from ._vectors import LOG_KEY, LOG_SEED, LOG_VKEY, WITNESS_KEY, WITNESS_VKEY

SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SPEC_NOTE = (
    "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfX"
    "ppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
).encode()
# golang.org/x/mod/sumdb/note documentation example: the private key format we adopt.
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZ"
    "SNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
).encode()


def test_the_signed_note_spec_example_verifies() -> None:
    key = VerifierKey.parse(SPEC_VKEY)
    note = parse_note(SPEC_NOTE)
    assert (key.key_id, key.sig_type, str(key)) == (0x530D903A, SigType.ED25519, SPEC_VKEY)
    assert note.text == "This is an example message.\n"
    verify_note(note, [key])
    assert note.to_bytes() == SPEC_NOTE


def test_the_go_reference_key_and_note_are_reproduced() -> None:
    signer = SignerKey.parse(GO_SKEY)
    assert str(signer.verifier) == GO_VKEY
    assert signer.to_skey() == GO_SKEY
    note = Note(GO_TEXT, (sign_note(GO_TEXT, signer),))
    assert note.to_bytes() == GO_NOTE
    verify_note(parse_note(GO_NOTE), [VerifierKey.parse(GO_VKEY)])


def test_the_test_keys_of_ledger_md() -> None:
    assert str(LOG_KEY.verifier) == LOG_VKEY
    assert str(WITNESS_KEY.verifier) == WITNESS_VKEY
    assert VerifierKey.parse(LOG_VKEY) == LOG_KEY.verifier
    assert LOG_KEY.to_skey() == (
        "PRIVATE+KEY+example.org/servanda-test-log+2a4c7532+"
        + base64.b64encode(b"\x01" + LOG_SEED).decode()
    )
    witness = SignerKey.parse(WITNESS_KEY.to_skey())
    assert str(witness.verifier) == WITNESS_VKEY
    assert witness.to_skey().split("+")[3] == "854369d0"


def test_a_signer_key_never_shows_its_secret() -> None:
    secret = LOG_KEY.to_skey().split("+", 4)[4]
    assert repr(LOG_KEY) == f"SignerKey({LOG_VKEY!r})"
    assert secret not in repr(LOG_KEY)
    assert secret not in str(LOG_KEY)
    with pytest.raises(FormatError) as caught:
        SignerKey.parse(LOG_KEY.to_skey()[:-4] + "!!!!")
    assert str(caught.value) == "private key is not PRIVATE+KEY+name+keyid+base64(type || seed)"
    assert caught.value.__cause__ is None


def test_generated_keys_round_trip_and_differ() -> None:
    a, b = SignerKey.generate("example.org/a"), SignerKey.generate("example.org/a")
    assert a.verifier != b.verifier
    assert str(SignerKey.parse(a.to_skey()).verifier) == str(a.verifier)
    w = SignerKey.generate("example.org/w", SigType.COSIGNATURE_V1)
    assert str(w.verifier).split("+")[2].startswith("B")  # base64 of 0x04 || key


BAD_VKEYS = [
    ("example.org/log", "is not name+keyid+base64"),
    ("example.org/log+2a4c753+AQ==", "key ID '2a4c753' is not 8 lowercase hex digits"),
    (LOG_VKEY.replace("2a4c7532", "2A4C7532"), "key ID '2A4C7532' is not 8 lowercase hex"),
    (LOG_VKEY.replace("2a4c7532", "2a4c7533"), "states key ID 2a4c7533, computed 2a4c7532"),
    ("bad name+2a4c7532+AQ==", "key name 'bad name' contains ' '"),
    ("+2a4c7532+AQ==", "key name is empty"),
    ("example.org/log+2a4c7532+AQ", "is not standard base64"),
    ("example.org/log+2a4c7532+AQE=", "key material is 2 bytes, expected 33"),
    (
        "example.org/log+2a4c7532+Avl1Og538qYKw8+hvotoYmg5TTCzV2sTHjfXaVHkUyZi",
        "has signature type 0x02; supported are 0x01",
    ),
    (LOG_VKEY + "\n", "is not standard base64"),
    (LOG_VKEY[:-1] + "j", "states key ID 2a4c7532, computed a967d1ab"),
]


@pytest.mark.parametrize(("vkey", "message"), BAD_VKEYS)
def test_bad_vkeys_are_refused(vkey: str, message: str) -> None:
    with pytest.raises(FormatError, match=message.replace("+", r"\+").replace("(", r"\(")):
        VerifierKey.parse(vkey)


def test_a_private_key_with_a_wrong_key_id_is_refused() -> None:
    skey = GO_SKEY.replace("c74f20a3", "c74f20a4")
    with pytest.raises(
        FormatError,
        match="private key for 'PeterNeumann' states key ID c74f20a4, computed c74f20a3",
    ):
        SignerKey.parse(skey)
    with pytest.raises(FormatError, match="private key does not start with 'PRIVATE\\+KEY\\+'"):
        SignerKey.parse(GO_VKEY)


def _note(text: str, *signers: SignerKey) -> Note:
    return Note(text, tuple(sign_note(text, s) for s in signers))


def test_tampered_text_fails() -> None:
    note = _note("hello\n", LOG_KEY)
    forged = Note("hellO\n", note.signatures)
    with pytest.raises(
        VerificationError,
        match=re.escape(
            "signature by known key 'example.org/servanda-test-log' (2a4c7532) does not verify"
        ),
    ):
        verify_note(forged, [LOG_KEY.verifier])


def test_tampered_signature_fails() -> None:
    sig = _note("hello\n", LOG_KEY).signatures[0]
    for bit in (0, 100, 511):
        raw = bytearray(sig.signature)
        raw[bit // 8] ^= 1 << (bit % 8)
        bad = Note("hello\n", (NoteSignature(sig.name, sig.key_id, bytes(raw)),))
        with pytest.raises(VerificationError, match="does not verify"):
            verify_note(bad, [LOG_KEY.verifier])


def test_a_note_signed_only_by_unknown_keys_is_rejected() -> None:
    other = SignerKey.generate("example.org/other")
    note = _note("hello\n", other)
    assert verified_signers(note, [LOG_KEY.verifier]) == []
    with pytest.raises(
        VerificationError,
        match=r"note has no signature by a known key \(example.org/servanda-test-log\+2a4c7532\); "
        r"signed: example.org/other\+",
    ):
        verify_note(note, [LOG_KEY.verifier])
    with pytest.raises(VerificationError, match=r"known key \(none\)"):
        verify_note(note, [])


def test_a_signature_under_another_key_name_is_ignored_not_trusted() -> None:
    # Same key material, another name: the key ID differs, so it is an unknown key.
    renamed = SignerKey("example.org/renamed", LOG_SEED)
    note = _note("hello\n", renamed)
    assert note.signatures[0].key_id != LOG_KEY.verifier.key_id
    with pytest.raises(VerificationError, match="note has no signature by a known key"):
        verify_note(note, [LOG_KEY.verifier])
    # The right ID under a wrong name is also unknown, not a failed known signature.
    sig = _note("hello\n", LOG_KEY).signatures[0]
    moved = Note("hello\n", (NoteSignature("example.org/renamed", sig.key_id, sig.signature),))
    with pytest.raises(VerificationError, match="note has no signature by a known key"):
        verify_note(moved, [LOG_KEY.verifier])


def test_unknown_signatures_are_ignored_next_to_a_known_one() -> None:
    other = SignerKey.generate("example.org/other")
    note = _note("hello\n", other, LOG_KEY)
    assert verified_signers(note, [LOG_KEY.verifier]) == [LOG_KEY.verifier]
    verify_note(note, [LOG_KEY.verifier])


def test_a_failing_known_signature_rejects_even_if_another_verifies() -> None:
    second = SignerKey.generate("example.org/second")
    good = _note("hello\n", LOG_KEY).signatures[0]
    bad = NoteSignature(second.name, second.verifier.key_id, b"\x00" * 64)
    with pytest.raises(VerificationError, match=re.escape("'example.org/second'")):
        verify_note(Note("hello\n", (good, bad)), [LOG_KEY.verifier, second.verifier])


def test_two_known_keys_with_one_name_and_id_are_ambiguous() -> None:
    fake = VerifierKey.__new__(VerifierKey)
    for attr, value in [
        ("name", LOG_KEY.name),
        ("sig_type", SigType.ED25519),
        ("public_key", b"\x01" * 32),
        ("key_id", LOG_KEY.verifier.key_id),
    ]:
        object.__setattr__(fake, attr, value)
    with pytest.raises(VerificationError, match="two known keys are named"):
        verify_note(_note("hello\n", LOG_KEY), [LOG_KEY.verifier, fake])


def test_sixteen_signatures_are_accepted_and_a_hundred_and_one_refused() -> None:
    signers = [SignerKey.generate(f"example.org/k{i}") for i in range(16)]
    note = parse_note(_note("many\n", *signers).to_bytes())
    assert verified_signers(note, [s.verifier for s in signers]) == [s.verifier for s in signers]
    line = note.signatures[0].line
    with pytest.raises(FormatError, match="note has 101 signatures, more than 100"):
        parse_note(b"many\n\n" + line.encode() * 101)


def test_with_signatures_replaces_a_signature_by_the_same_key() -> None:
    first, second = sign_note("a\n", LOG_KEY), sign_note("a\n", WITNESS_KEY, timestamp=5)
    renewed = sign_note("a\n", WITNESS_KEY, timestamp=6)
    note = Note("a\n", (first,)).with_signatures(second).with_signatures(renewed)
    assert note.signatures == (first, renewed)


MALFORMED = [
    (b"no blank line\n\xe2\x80\x94 a AAAAAAA=\n", "note has no blank line before its signatures"),
    (b"text\n\n", "note does not end with a signature line and a newline"),
    (b"text\n\n\xe2\x80\x94 a AAAAAAA=", "note does not end with a signature line and a newline"),
    (b"text\n\n- a AAAAAAA=\n", "does not start with '\u2014 ' \\(U\\+2014\\)"),
    (b"text\n\n\xe2\x80\x94 a\n", "is not '\u2014 <name> <base64>'"),
    (b"text\n\n\xe2\x80\x94 a+b AAAAAAA=\n", "key name 'a\\+b' contains '\\+'"),
    (b"text\n\n\xe2\x80\x94 a AAAA\n", "signature by 'a' is 3 bytes; needs a key ID and more"),
    (b"text\n\n\xe2\x80\x94 a AAAAAAA\n", "signature by 'a' 'AAAAAAA' is not standard base64"),
    (b"text\n\n\xe2\x80\x94 a AAAAAAA= \n", "is not standard base64"),
    (b"text\r\n\n\xe2\x80\x94 a AAAAAAA=\n", "note line 1 contains control character '\\\\r'"),
    (b"t\xffext\n\n\xe2\x80\x94 a AAAAAAA=\n", "note is not valid UTF-8 at byte 1"),
    (b"text\n\n\xe2\x80\x94 a AAAAAAB=\n", "is not canonical base64; expected 'AAAAAAA='"),
]


@pytest.mark.parametrize(("data", "message"), MALFORMED)
def test_malformed_notes_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        parse_note(data)


def test_the_text_ends_at_the_last_blank_line() -> None:
    sig = sign_note("a\n\nb\n", LOG_KEY)
    data = b"a\n\nb\n\n" + sig.line.encode()
    note = parse_note(data)
    assert note.text == "a\n\nb\n"
    verify_note(note, [LOG_KEY.verifier])
    assert note.to_bytes() == data


def test_signing_refuses_bad_text_and_misused_timestamps() -> None:
    with pytest.raises(FormatError, match="does not end with a newline"):
        sign_note("no newline", LOG_KEY)
    with pytest.raises(ValueError, match="carries no timestamp"):
        sign_note("a\n", LOG_KEY, timestamp=1)
    with pytest.raises(ValueError, match="needs a positive POSIX timestamp, got None"):
        sign_note("a\n", WITNESS_KEY)
    with pytest.raises(ValueError, match="needs a positive POSIX timestamp, got 0"):
        sign_note("a\n", WITNESS_KEY, timestamp=0)
    with pytest.raises(FormatError, match="a note needs at least one signature line"):
        Note("a\n").to_bytes()
