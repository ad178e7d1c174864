"""C2SP tlog-policy: which logs and witnesses to trust, and how many witnesses suffice.

A policy without a quorum line is an error, never "no witnesses needed": a truncated or
empty policy file must not turn verification into a pass. Accepting checkpoints without
cosignatures is possible only by writing ``quorum none``. Files are read as octets, as
the spec says: tab, newline and printable bytes only; names are opaque.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from servanda.errors import FormatError, VerificationError
from servanda.ledger._checkpoint import Checkpoint, open_checkpoint
from servanda.ledger._keys import SigType, VerifierKey
from servanda.ledger._note import Note
from servanda.ledger._signing import verified_signers

NONE = "none"
_FIELDS = re.compile(r"[ \t]+")
_THRESHOLD = re.compile(r"[1-9][0-9]*", re.ASCII)


@dataclass(frozen=True, slots=True)
class Group:
    """A group witnesses a checkpoint when at least ``threshold`` of its members do."""

    threshold: int
    members: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Policy:
    """Trusted logs, named witnesses and groups, and the quorum (a name or ``"none"``).

    Groups may only name witnesses and groups that come before them, as in the file, so
    a policy cannot be circular. Every constructor validates; ``parse`` adds line numbers.
    """

    quorum: str
    logs: tuple[VerifierKey, ...] = ()
    witnesses: Mapping[str, VerifierKey] = field(default_factory=dict)
    groups: Mapping[str, Group] = field(default_factory=dict)
    urls: Mapping[VerifierKey, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("witnesses", "groups", "urls"):  # frozen all the way down
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        check = _Builder()
        for log in self.logs:
            check.log(log)
        for name, key in self.witnesses.items():
            check.witness(name, key)
        for name, group in self.groups.items():
            check.group(name, group.threshold, group.members)
        check.set_quorum(self.quorum)

    @classmethod
    def parse(cls, data: bytes) -> Policy:
        """Parse a policy file; errors name the line and show a valid example."""
        return _parse(data)

    @classmethod
    def threshold(
        cls, logs: Iterable[VerifierKey], witnesses: Iterable[VerifierKey], k: int
    ) -> Policy:
        """Any of ``logs``, and ``k`` of ``witnesses`` (named by their key names)."""
        keys = list(witnesses)
        named = {key.name: key for key in keys}
        if len(named) != len(keys):
            raise ValueError("two witness keys share a name; name them in a policy file instead")
        if not 1 <= k <= len(named):
            raise ValueError(
                f"k={k} is not between 1 and {len(named)} witnesses; for no witnesses at all "
                "build Policy(quorum='none', ...) explicitly"
            )
        # '+' never occurs in a key name, so this group name cannot clash with a witness.
        group = {"+quorum": Group(k, tuple(named))}
        return cls(quorum="+quorum", logs=tuple(logs), witnesses=named, groups=group)

    def check_quorum(self, cosigners: Collection[str]) -> None:
        """Raise unless the witnesses named in ``cosigners`` satisfy the quorum."""
        if self.quorum == NONE:
            return  # the policy says, in so many words, that no cosignature is needed
        if not self._witnessed(self.quorum, cosigners):
            got = ", ".join(sorted(set(cosigners) & set(self.witnesses))) or "none"
            raise VerificationError(
                f"witness quorum {self.describe(self.quorum)} is not met; cosigned by: {got}"
            )

    def describe(self, name: str) -> str:
        """A witness or group as a reader can check it: ``2 of (DE, FR, UA)``."""
        if name not in self.groups:
            return repr(name)
        group = self.groups[name]
        members = ", ".join(self.describe(m) for m in group.members)
        rule = f"{group.threshold} of ({members})"
        return rule if name.startswith("+") else f"{name!r}: {rule}"

    def _witnessed(self, name: str, cosigners: Collection[str]) -> bool:
        if name in self.witnesses:
            return name in cosigners
        group = self.groups[name]
        return sum(self._witnessed(m, cosigners) for m in group.members) >= group.threshold

    def open_checkpoint(self, note: Note) -> Checkpoint:
        """Verify a cosigned checkpoint: signed by a log of its origin, quorum cosigned."""
        origin = Checkpoint.parse(note.text).origin
        logs = [key for key in self.logs if key.name == origin]
        if not logs:
            raise VerificationError(f"the policy has no log for origin {origin!r}")
        checkpoint = open_checkpoint(note, origin=origin, log_keys=logs)
        signed = verified_signers(note, self.witnesses.values())
        self.check_quorum({name for name, key in self.witnesses.items() if key in signed})
        return checkpoint


class _Builder:
    """The rules of the policy file, applied one definition at a time."""

    def __init__(self) -> None:
        self.logs: list[VerifierKey] = []
        self.witnesses: dict[str, VerifierKey] = {}
        self.groups: dict[str, Group] = {}
        self.quorum: str | None = None

    def log(self, key: VerifierKey) -> None:
        if key.sig_type != SigType.ED25519:
            raise FormatError(
                f"log key {key.name!r} has type 0x{key.sig_type:02x}; "
                "a log signs checkpoints with an Ed25519 note key (0x01)"
            )
        if any(log.public_key == key.public_key for log in self.logs):
            raise FormatError(f"log key {key.name!r} repeats the public key of an earlier log")
        self.logs.append(key)

    def witness(self, name: str, key: VerifierKey) -> None:
        self._new_name(name)
        if key.sig_type != SigType.COSIGNATURE_V1:
            raise FormatError(
                f"witness {name!r} has a key of type 0x{key.sig_type:02x}; "
                "witnesses cosign with cosignature/v1 keys (0x04)"
            )
        if any(w.public_key == key.public_key for w in self.witnesses.values()):
            raise FormatError(f"witness {name!r} repeats the public key of an earlier witness")
        self.witnesses[name] = key

    def group(self, name: str, threshold: int, members: tuple[str, ...]) -> None:
        self._new_name(name)
        if not members:
            raise FormatError(f"group {name!r} has no members; e.g. 'group G 2 W1 W2 W3'")
        for position, member in enumerate(members):
            if member not in self.witnesses and member not in self.groups:
                raise FormatError(
                    f"unknown name {member!r}; define a witness or group on an earlier line"
                )
            if member in members[:position]:
                raise FormatError(f"{member!r} is listed twice in group {name!r}")
        if not 1 <= threshold <= len(members):
            raise FormatError(
                f"group {name!r} threshold {threshold} is not between 1 and {len(members)}"
            )
        self.groups[name] = Group(threshold, members)

    def set_quorum(self, name: str) -> None:
        if self.quorum is not None:
            raise FormatError("a policy has exactly one quorum line; this is the second")
        if name != NONE and name not in self.witnesses and name not in self.groups:
            raise FormatError(f"quorum names {name!r}, which no earlier line defines")
        self.quorum = name

    def _new_name(self, name: str) -> None:
        if not name or _FIELDS.search(name) or "\n" in name:
            raise FormatError(f"name {name!r} is empty or contains whitespace")
        if name == NONE:
            raise FormatError("'none' is reserved for 'quorum none'; choose another name")
        if name in self.witnesses or name in self.groups:
            raise FormatError(f"name {name!r} is already defined")


def _parse(data: bytes) -> Policy:
    bad = next((b for b in data if (b < 0x20 and b not in (0x09, 0x0A)) or b == 0x7F), None)
    if bad is not None:
        line = data[: data.index(bad)].count(b"\n") + 1
        raise FormatError(
            f"policy line {line}: byte 0x{bad:02x} is not allowed; use tab, newline, printable"
        )
    if data and not data.endswith(b"\n"):
        raise FormatError("policy does not end with a newline; its last line may be cut short")
    builder = _Builder()
    urls: dict[VerifierKey, str] = {}
    for number, raw in enumerate(data.split(b"\n")[:-1], 1):
        fields = _FIELDS.split(raw.decode("utf-8", "surrogateescape").strip(" \t"))
        if fields == [""] or fields[0].startswith("#"):
            continue
        try:
            _apply(builder, urls, fields)
        except FormatError as exc:
            raise FormatError(f"policy line {number}: {exc}") from None
    if builder.quorum is None:
        raise FormatError(
            "policy has no quorum line; add 'quorum <witness or group>', or 'quorum none' "
            "to accept checkpoints that no witness cosigned"
        )
    return Policy(
        quorum=builder.quorum,
        logs=tuple(builder.logs),
        witnesses=builder.witnesses,
        groups=builder.groups,
        urls=urls,
    )


def _apply(builder: _Builder, urls: dict[VerifierKey, str], fields: list[str]) -> None:
    keyword, args = fields[0], fields[1:]
    if keyword == "log":
        if len(args) not in (1, 2):
            raise FormatError("'log' takes a vkey and an optional URL: 'log <vkey> [<url>]'")
        key = VerifierKey.parse(args[0])
        builder.log(key)
        urls.update({key: args[1]} if len(args) == 2 else {})
    elif keyword == "witness":
        if len(args) not in (2, 3):
            raise FormatError(
                "'witness' takes a name, a vkey and an optional URL: 'witness W1 <vkey> [<url>]'"
            )
        key = VerifierKey.parse(args[1])
        builder.witness(args[0], key)
        urls.update({key: args[2]} if len(args) == 3 else {})
    elif keyword == "group":
        if len(args) < 3:
            raise FormatError("'group' takes a name, a threshold and members: 'group G 2 W1 W2 W3'")
        name, threshold, members = args[0], args[1], tuple(args[2:])
        if threshold in ("all", "any"):
            k = len(members) if threshold == "all" else 1
        elif _THRESHOLD.fullmatch(threshold):
            k = int(threshold)
        else:
            raise FormatError(f"threshold {threshold!r} is not 'all', 'any' or a number like 2")
        builder.group(name, k, members)
    elif keyword == "quorum":
        if len(args) != 1:
            raise FormatError("'quorum' takes one name: 'quorum <name>' or 'quorum none'")
        builder.set_quorum(args[0])
    else:
        raise FormatError(f"unknown keyword {keyword!r}; use log, witness, group or quorum")
