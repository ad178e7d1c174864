"""Signed records: the exact bytes a signature covers, and every reason one is refused."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from servanda.accord import parse_accord
from servanda.errors import EvidenceError, FormatError
from servanda.evidence import (
    AccordKeys,
    SignatureProblem,
    sign_evidence,
    sign_record,
    signed_text,
    verify_signatures,
)
from servanda.ledger import SignerKey, SigType, parse_note, verify_note
from tests.conftest import ROOT

EVENTS = ROOT / "tests" / "data" / "events"
LOADED = parse_accord((EVENTS / "minsk-events.yaml").read_text(encoding="utf-8"), "minsk.yaml")
KEYS = AccordKeys(LOADED)


def key(name: str) -> SignerKey:
    return SignerKey.parse((EVENTS / "keys" / f"{name}.key").read_text(encoding="utf-8").strip())


REPORT: dict[str, Any] = {
    "id": "smm-1",
    "kind": "report",
    "monitor": "OSCE-SMM",
    "indicator": "ceasefire_violation",
    "party": "CADLR",
    "value": 12,
    "location": "Debaltseve",
    "occurred_at": "2015-02-16T19:30",
    "recorded_at": "2015-02-17T12:00",
}
ACT: dict[str, Any] = {
    "id": "de-1",
    "kind": "act",
    "indicator": "consult",
    "party": "DE",
    "occurred_at": "2015-02-17T10:00",
    "recorded_at": "2015-02-17T10:30",
}
#: Ed25519 is deterministic: this is REPORT signed with tests/data/events/keys/smm.key.
REPORT_SIGNATURE = (
    "onOKR+OlJo5nhI1K0JPuCDQjnSSs8thIzQ9EVLuMunFe1YIuhTjgYx6/ER+dpMdO8XlJqZyCsIPQzJwJ6QJJzF2htQw="
)
#: The same bytes with the unused low bits of the last character set: not canonical.
NON_CANONICAL = REPORT_SIGNATURE[:-2] + "z="


def refusal(record: dict[str, Any]) -> str:
    with pytest.raises(SignatureProblem) as caught:
        KEYS.verify(record)
    return caught.value.message


def test_the_signature_covers_the_documented_bytes_and_nothing_else() -> None:
    signed = sign_record(REPORT, key("smm"))
    assert signed == {**REPORT, "signature": REPORT_SIGNATURE}
    # Rebuilt without servanda: the context line, sorted compact JSON, a newline.
    body = json.dumps(REPORT, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    message = f"servanda/record/v1\n{body}\n".encode()
    assert signed_text(signed).encode() == message
    raw = base64.b64decode(signed["signature"])
    assert raw[:4] == bytes.fromhex("a2738a47")  # the key ID in smm.example/reports+a2738a47
    Ed25519PublicKey.from_public_bytes(key("smm").verifier.public_key).verify(raw[4:], message)


def test_a_record_signature_is_a_signed_note_signature() -> None:
    signed = sign_record(REPORT, key("smm"))
    note = signed_text(signed) + f"\n\u2014 smm.example/reports {signed['signature']}\n"
    verify_note(parse_note(note.encode()), [key("smm").verifier])


def test_records_signed_by_their_own_entity_verify() -> None:
    assert KEYS.verify(sign_record(REPORT, key("smm"))) == key("smm").verifier
    # A monitor may list several keys (one it rotated to): each verifies.
    assert KEYS.verify(sign_record(REPORT, key("smm-2016"))) == key("smm-2016").verifier
    assert KEYS.verify(sign_record(ACT, key("de"))) == key("de").verifier
    statement = {"id": "s1", "kind": "statement", "speaker": "Spokesman", "party": "UA",
                 "act": "denial", "quote": "We did not fire.", "denies": ["smm-1"],
                 "occurred_at": "2015-02-17T09:00", "recorded_at": "2015-02-17T09:30"}  # fmt: skip
    assert KEYS.verify(sign_record(statement, key("ua"))) == key("ua").verifier


def test_an_unsigned_record_is_refused() -> None:
    assert refusal(REPORT) == (
        "the record is not signed; sign it with 'servanda evidence sign --key KEY FILE.jsonl'"
    )


def test_a_key_the_accord_does_not_list_is_refused() -> None:
    stranger = SignerKey("smm.example/reports", bytes(range(32)))  # the right name, another key
    assert refusal(sign_record(REPORT, stranger)) == (
        f"signed by key {stranger.verifier.key_id:08x}, which the accord lists for nobody; "
        "OSCE-SMM's keys are smm.example/reports+a2738a47, smm.example/reports-2016+1a1e257b"
    )


def test_a_changed_record_fails_its_signature() -> None:
    signed = sign_record(REPORT, key("smm"))
    assert refusal({**signed, "value": 2}) == (
        "the signature does not verify with smm.example/reports+a2738a47: the record was "
        "changed after it was signed, or signed over other bytes"
    )
    # Numbers are signed by value: writing 12 as 12.0 changes nothing.
    from decimal import Decimal

    assert KEYS.verify({**signed, "value": Decimal("12.0")}) == key("smm").verifier


def test_a_valid_signature_by_the_wrong_entity_is_refused() -> None:
    assert refusal(sign_record(REPORT, key("ua"))) == (
        "signed by UA's key ua.example/mfa+87706c10, but a report is signed by its monitor, "
        "OSCE-SMM"
    )
    assert refusal(sign_record(ACT, key("smm"))) == (
        "signed by OSCE-SMM's key smm.example/reports+a2738a47, but an act is signed by its "
        "party, DE"
    )
    event = {**REPORT, "kind": "event", "monitor": "ACLED"}
    assert refusal(sign_record(event, key("ucdp"))) == (
        "signed by UCDP-GED's key import.example/ucdp-ged+1dca0532, but an event is signed by "
        "its monitor, ACLED"
    )


def test_an_entity_without_keys_cannot_sign() -> None:
    act = {**ACT, "party": "RU"}
    assert refusal(sign_record(act, key("de"))) == (
        "the accord lists no key for 'RU', so no act by it can be verified"
    )
    statement = {"id": "s1", "kind": "statement", "speaker": "Spokesman", "act": "warning",
                 "quote": "...", "occurred_at": "2015-02-17T09:00",
                 "recorded_at": "2015-02-17T09:30"}  # fmt: skip
    assert refusal(sign_record(statement, key("ua"))) == (
        "a statement is signed by its party, and this one names none"
    )


@pytest.mark.parametrize(
    ("signature", "message"),
    [
        (
            "not base64!",
            "'not base64!'... is not standard base64: base64 of a 4-byte key ID and a 64-byte "
            "Ed25519 signature",
        ),
        (
            "AQID",
            "the signature is 3 bytes, expected 68: base64 of a 4-byte key ID and a 64-byte "
            "Ed25519 signature",
        ),
        (
            NON_CANONICAL,
            f"{REPORT_SIGNATURE[:24]!r}... is not canonical base64: base64 of a 4-byte key ID "
            "and a 64-byte Ed25519 signature",
        ),
        (12, "12 is not a signature: base64 of a 4-byte key ID and a 64-byte Ed25519 signature"),
    ],
    ids=["not-base64", "too-short", "not-canonical", "not-text"],
)
def test_a_malformed_signature_is_refused(signature: object, message: str) -> None:
    assert refusal({**REPORT, "signature": signature}) == message


def test_verify_signatures_names_every_refused_line() -> None:
    good = sign_record(REPORT, key("smm"))
    with pytest.raises(EvidenceError) as caught:
        verify_signatures(
            [(1, good), (2, ACT), (4, sign_record(ACT, key("ua")))], "ev.jsonl", LOADED
        )
    assert [str(p) for p in caught.value.problems] == [
        "ev.jsonl:2: signature: the record is not signed; sign it with 'servanda evidence "
        "sign --key KEY FILE.jsonl'",
        "ev.jsonl:4: signature: signed by UA's key ua.example/mfa+87706c10, but an act is "
        "signed by its party, DE",
    ]
    assert verify_signatures([(1, good)], "ev.jsonl", LOADED) == {1: key("smm").verifier}


def test_sign_evidence_writes_canonical_lines_and_refuses_signed_or_broken_ones() -> None:
    text = json.dumps(REPORT) + "\n\n" + json.dumps(ACT) + "\n"
    lines = sign_evidence(text, "ev.jsonl", key("smm"))
    assert (
        lines[0]
        == json.dumps(
            {**REPORT, "signature": REPORT_SIGNATURE}, sort_keys=True, separators=(",", ":")
        ).encode()
    )
    assert len(lines) == 2
    with pytest.raises(EvidenceError) as caught:
        sign_evidence(lines[0].decode() + "\n[1]\n{\n", "ev.jsonl", key("smm"))
    assert [str(p) for p in caught.value.problems] == [
        'ev.jsonl:2: a record is a JSON object, e.g. {"id": ..., "kind": ...}',
        "ev.jsonl:3: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
    ]
    with pytest.raises(EvidenceError) as caught:
        sign_evidence(lines[0].decode() + "\n", "ev.jsonl", key("smm"))
    assert [str(p) for p in caught.value.problems] == [
        "ev.jsonl:1: signature: already signed; remove the signature to sign again"
    ]


def test_a_witness_key_does_not_sign_records() -> None:
    witness = SignerKey("de.example/witness", bytes(32), SigType.COSIGNATURE_V1)
    with pytest.raises(FormatError, match=r"de\.example/witness is a witness key"):
        sign_record(REPORT, witness)


def test_a_record_without_a_canonical_form_is_refused() -> None:
    signed = sign_record(REPORT, key("smm"))
    assert refusal({**signed, "location": "\ud800"}) == (
        "the record has no canonical form to verify: text contains '\\ud800', which is not "
        "valid Unicode"
    )
