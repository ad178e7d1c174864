"""The verifier keys an accord lists for its parties, monitors and guarantors.

A signed record is accepted only under a key the accord lists for the entity it speaks
for, so a key that cannot be parsed, or one listed for two entities, is an accord error
found when the accord loads, not when the first record arrives. Keys are C2SP signed-note
vkeys (``name+hex8+base64``) of type 0x01, Ed25519 note keys, as ``servanda keys new``
makes them; witness (cosignature/v1) keys sign checkpoints, never records.

The ledger parses the vkeys; it is imported only when an accord lists keys, so that
checking an accord without any does not load the cryptography library.
"""

from __future__ import annotations

from collections.abc import Iterator

from servanda.accord._model import Accord

Path = tuple[str | int, ...]
Finding = tuple[Path, str]

_ROLES = ("parties", "monitors", "guarantors")
_NOTE_KEY = 0x01


def check_keys(accord: Accord) -> Iterator[Finding]:
    """Every unreadable, misplaced or shared vkey in ``accord``."""
    if not any(e.keys for role in _ROLES for e in getattr(accord, role).values()):
        return
    from servanda.errors import FormatError
    from servanda.ledger import VerifierKey

    owner: dict[str, str] = {}  # vkey text -> entity id
    for role in _ROLES:
        for eid, entity in getattr(accord, role).items():
            seen: set[str] = set()
            for index, text in enumerate(entity.keys):
                path: Path = (role, eid, "keys", index)
                try:
                    key = VerifierKey.parse(text)
                except FormatError as exc:
                    yield path, f"{exc}; copy the vkey as 'servanda keys show FILE' prints it"
                    continue
                if key.sig_type != _NOTE_KEY:
                    yield (
                        path,
                        f"{key.name}+{key.key_id:08x} is a witness (cosignature/v1) key; "
                        "records are signed with note keys, made by 'servanda keys new NAME'",
                    )
                elif text in seen:
                    yield path, f"{key.name}+{key.key_id:08x} is listed twice"
                elif owner.setdefault(text, eid) != eid:
                    yield (
                        path,
                        f"{key.name}+{key.key_id:08x} is also listed for {owner[text]!r}; "
                        "one key speaks for one entity",
                    )
                seen.add(text)
