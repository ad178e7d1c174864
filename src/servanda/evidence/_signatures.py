"""Signed records: who may sign what, and exactly which bytes a signature covers.

A record's ``signature`` is a C2SP signed-note signature of the note text

    servanda/record/v1 LF <canonical JSON of the record without "signature"> LF

(UTF-8; canonical JSON as ``servanda._canonical`` defines it: keys sorted, no spaces,
numbers by value). The field holds standard base64 of the 4-byte key ID followed by the
64-byte Ed25519 signature, the same blob a note's signature line carries, so any
signed-note verifier (golang.org/x/mod/sumdb/note included) checks it given the note
``text + "\\n— <key name> <signature>\\n"`` and the vkey. The first line keeps a record
signature from ever being taken for a checkpoint signed by the same key.

A ``report`` or ``event`` is signed by a key the accord lists for its ``monitor``; a
``statement`` or ``act`` by a key of its ``party`` (a party or guarantor). The signature
names its key only by key ID, looked up among every key the accord lists, so a valid
signature by the wrong entity is told apart from an unknown key and a forgery.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from servanda._canonical import canonical_json
from servanda.accord import LoadedAccord
from servanda.errors import EvidenceError, FormatError, Problem, VerificationError
from servanda.evidence._jsonl import MAX_PROBLEMS, _json_object, _LineProblem

if TYPE_CHECKING:  # the ledger (and cryptography) load when a signature is made or checked
    from servanda.ledger import SignerKey, VerifierKey

#: The first line of every signed record text: the scheme and its version.
CONTEXT = "servanda/record/v1"
#: Which field names the entity that signs each kind of record.
SIGNER_FIELD: Mapping[str, str] = {
    "report": "monitor",
    "event": "monitor",
    "statement": "party",
    "act": "party",
}
_SIGNATURE_SIZE = 4 + 64
_SIGN_HINT = "sign it with 'servanda evidence sign --key KEY FILE.jsonl'"


class SignatureProblem(Exception):
    """Why one record's signature is refused; the caller adds the file and line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def signed_text(record: Mapping[str, Any]) -> str:
    """The note text a record's signature covers (the record's own ``signature`` left out)."""
    body = {key: value for key, value in record.items() if key != "signature"}
    return f"{CONTEXT}\n{canonical_json(body).decode('utf-8')}\n"


def sign_record(record: Mapping[str, Any], key: SignerKey) -> dict[str, Any]:
    """``record`` with its ``signature`` by ``key`` (an Ed25519 note key)."""
    from servanda.ledger import SigType, sign_note

    if key.sig_type != SigType.ED25519:
        raise FormatError(
            f"{key.name} is a witness key; records are signed with note keys "
            "('servanda keys new NAME')"
        )
    signature = sign_note(signed_text(record), key)
    blob = signature.key_id.to_bytes(4, "big") + signature.signature
    return {**record, "signature": base64.b64encode(blob).decode("ascii")}


def json_objects(text: str, source: str) -> list[tuple[int, dict[str, Any]]]:
    """Each non-blank line's JSON object with its line, read as ``parse_evidence`` reads
    them (decimals exact, duplicate keys refused); ``EvidenceError`` names bad lines."""
    objects: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            objects.append((number, _json_object(line)))
        except _LineProblem as exc:
            problems.append(Problem(source, number, exc.field, exc.message))
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise EvidenceError(problems)
    return objects


def sign_evidence(text: str, source: str, key: SignerKey) -> list[bytes]:
    """Every record of a JSON Lines file signed with ``key``, as canonical JSON lines.

    Nothing is checked against an accord here (that happens when the records are added);
    a line that is not a JSON object, or a record already signed, refuses the file.
    """
    objects = json_objects(text, source)
    signed = [p for p in (_already_signed(source, n, o) for n, o in objects) if p is not None]
    if signed:
        raise EvidenceError(signed)
    return [canonical_json(sign_record(record, key)) for _, record in objects]


def _already_signed(source: str, line: int, record: Mapping[str, Any]) -> Problem | None:
    if "signature" not in record:
        return None
    return Problem(source, line, "signature", "already signed; remove the signature to sign again")


class AccordKeys:
    """The keys an accord lists, by entity id and by key ID."""

    def __init__(self, loaded: LoadedAccord) -> None:
        from servanda.ledger import VerifierKey

        accord = loaded.accord
        self.by_entity: dict[str, list[VerifierKey]] = {}
        self.by_id: dict[int, list[tuple[str, VerifierKey]]] = {}
        for role in (accord.parties, accord.monitors, accord.guarantors):
            for eid, entity in role.items():
                keys = self.by_entity.setdefault(eid, [])
                for text in entity.keys:  # the accord loader has checked every vkey
                    key = VerifierKey.parse(text)
                    if key not in keys:
                        keys.append(key)
                        self.by_id.setdefault(key.key_id, []).append((eid, key))

    def verify(self, record: Mapping[str, Any]) -> VerifierKey:
        """The key that signed ``record`` for the entity it names; else ``SignatureProblem``."""
        given = record.get("kind")
        field = SIGNER_FIELD.get(given) if isinstance(given, str) else None
        if field is None:
            raise SignatureProblem(f"{given!r} is not a record kind that can be signed")
        kind = str(given)
        signer = record.get(field)
        if not isinstance(signer, str):
            raise SignatureProblem(f"{_a(kind)} is signed by its {field}, and this one names none")
        text = record.get("signature")
        if text is None:
            raise SignatureProblem(f"the record is not signed; {_SIGN_HINT}")
        key_id, signature = _decode(text)
        own = self.by_entity.get(signer, [])
        if not own:
            raise SignatureProblem(
                f"the accord lists no key for {signer!r}, so no {kind} by it can be verified"
            )
        candidates = self.by_id.get(key_id, [])
        if not candidates:
            listed = ", ".join(f"{k.name}+{k.key_id:08x}" for k in own)
            raise SignatureProblem(
                f"signed by key {key_id:08x}, which the accord lists for nobody; "
                f"{signer}'s keys are {listed}"
            )
        try:
            message = signed_text(record)
        except FormatError as exc:  # e.g. text that is not valid Unicode: nothing to verify
            raise SignatureProblem(f"the record has no canonical form to verify: {exc}") from None
        for eid, key in candidates:
            if _valid(message, key, signature):
                if eid != signer:
                    raise SignatureProblem(
                        f"signed by {eid}'s key {key.name}+{key.key_id:08x}, but "
                        f"{_a(kind)} is signed by its {field}, {signer}"
                    )
                return key
        names = ", ".join(f"{key.name}+{key.key_id:08x}" for _, key in candidates)
        raise SignatureProblem(
            f"the signature does not verify with {names}: the record was changed after it "
            "was signed, or signed over other bytes"
        )


def verify_signatures(
    objects: Iterable[tuple[int, Mapping[str, Any]]], source: str, loaded: LoadedAccord
) -> dict[int, VerifierKey]:
    """The key of every record (by line); ``EvidenceError`` lists each one refused."""
    keys = AccordKeys(loaded)
    signers: dict[int, VerifierKey] = {}
    problems: list[Problem] = []
    for line, record in objects:
        try:
            signers[line] = keys.verify(record)
        except SignatureProblem as exc:
            problems.append(Problem(source, line, "signature", exc.message))
    if problems:
        raise EvidenceError(problems)
    return signers


def _decode(text: object) -> tuple[int, bytes]:
    example = "base64 of a 4-byte key ID and a 64-byte Ed25519 signature"
    if not isinstance(text, str):
        raise SignatureProblem(f"{text!r} is not a signature: {example}")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise SignatureProblem(f"{text[:24]!r}... is not standard base64: {example}") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise SignatureProblem(f"{text[:24]!r}... is not canonical base64: {example}")
    if len(raw) != _SIGNATURE_SIZE:
        raise SignatureProblem(
            f"the signature is {len(raw)} bytes, expected {_SIGNATURE_SIZE}: {example}"
        )
    return int.from_bytes(raw[:4], "big"), raw[4:]


def _valid(text: str, key: VerifierKey, signature: bytes) -> bool:
    from servanda.ledger import Note, NoteSignature, verify_note

    note = Note(text, (NoteSignature(key.name, key.key_id, signature),))
    try:
        verify_note(note, [key])
    except VerificationError:
        return False
    return True


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
