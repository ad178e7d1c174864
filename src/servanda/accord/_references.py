"""Cross-reference checks: every name an accord uses must be one it defines.

The schema knows shapes; this module knows meaning: a bearer must be a party, a monitor
in ``verified_by`` must be listed, a guarantee can only be triggered by a provision that
can be violated, and each kind of provision takes only the keys that mean something for
it. Every finding carries the document path of the offending key.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping

from servanda.accord._keys import check_keys
from servanda.accord._model import Accord, Entity, Provision

Path = tuple[str | int, ...]
Finding = tuple[Path, str]

#: Keys that mean nothing for a kind of provision; a mediator who writes one is misled.
_NOT_FOR_KIND: Mapping[str, tuple[str, ...]] = {
    "obligation": ("until", "indicator"),
    "prohibition": ("deadline", "done_when"),
    "power": ("deadline", "done_when", "indicator", "verified_by"),
}


def check_references(accord: Accord) -> list[Finding]:
    """Every dangling or misplaced name in ``accord``; empty when all resolve."""
    return [
        *_entities(accord),
        *check_keys(accord),
        *_unique_ids(accord),
        *(finding for i, p in enumerate(accord.provisions) for finding in _provision(accord, i, p)),
        *_guarantees(accord),
        *_reciprocity(accord),
    ]


_PLURAL = {"party": "parties"}
#: Codes people write for states whose ISO 3166-1 code differs.
_ISO_CODES = {"UK": "GB", "EL": "GR"}


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    names = list(known)
    plural = _PLURAL.get(kind, f"{kind}s")
    if not names:
        return f"unknown {kind} {name!r}; the accord lists no {plural}"
    if _ISO_CODES.get(name) in names:
        close = [_ISO_CODES[name]]
    else:
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown {kind} {name!r}{hint} ({plural}: {', '.join(names)})"


def _members(
    path: Path, kind: str, names: tuple[str, ...], known: Mapping[str, Entity]
) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name not in known:
            yield (*path, index), _unknown(kind, name, known)
        elif name in seen:
            yield (*path, index), f"{name!r} is listed twice"
        seen.add(name)


def _entities(accord: Accord) -> Iterator[Finding]:
    """One id is one entity: a party that is also a guarantor keeps the same name."""
    first: dict[str, tuple[str, str]] = {}
    for role in ("parties", "monitors", "guarantors"):
        for eid, entity in getattr(accord, role).items():
            if eid in first and first[eid][1] != entity.name:
                other_role, other_name = first[eid]
                yield (
                    (role, eid),
                    f"{eid!r} is {entity.name!r} here but {other_name!r} in {other_role}; "
                    "one id names one entity",
                )
            first.setdefault(eid, (role, entity.name))
    if "start" in accord.anchors:
        yield ("anchors", "start"), "'start' is reserved for a provision's own start"


def _unique_ids(accord: Accord) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, provision in enumerate(accord.provisions):
        if provision.id in seen:
            yield (
                ("provisions", index, "id"),
                f"provision id {provision.id!r} is already used by "
                f"provisions[{seen[provision.id]}]",
            )
        seen.setdefault(provision.id, index)
    guarantees: dict[str, int] = {}
    for index, guarantee in enumerate(accord.guarantees):
        if guarantee.id in guarantees:
            yield (
                ("guarantees", index, "id"),
                f"guarantee id {guarantee.id!r} is already used by "
                f"guarantees[{guarantees[guarantee.id]}]",
            )
        guarantees.setdefault(guarantee.id, index)


def _provision(accord: Accord, index: int, provision: Provision) -> Iterator[Finding]:
    path: Path = ("provisions", index)
    yield from _members((*path, "bearers"), "party", provision.bearers, accord.parties)
    yield from _members((*path, "beneficiaries"), "party", provision.beneficiaries, accord.parties)
    if provision.verified_by is not None:
        monitors = provision.verified_by.monitors
        yield from _members(
            (*path, "verified_by", "monitors"), "monitor", monitors, accord.monitors
        )
        if provision.verified_by.quorum > len(monitors):
            yield (
                (*path, "verified_by", "quorum"),
                f"quorum {provision.verified_by.quorum} needs at least that many monitors; "
                f"{len(monitors)} listed",
            )
    for key in _NOT_FOR_KIND[provision.kind]:
        if getattr(provision, key) is not None:
            yield (*path, key), f"'{key}' does not apply to a {provision.kind}"
        for name, reading in provision.readings.items():
            if getattr(reading, key, None) is not None:
                yield (
                    (*path, "readings", name, key),
                    f"'{key}' does not apply to a {provision.kind}",
                )
    if provision.start is not None and provision.from_ is not None:
        yield (*path, "from"), "give 'start' or 'from', not both"
    for name, reading in provision.readings.items():
        if reading.start is not None and reading.from_ is not None:
            yield (*path, "readings", name, "from"), "give 'start' or 'from', not both"
    if len(provision.readings) == 1:
        yield (
            (*path, "readings"),
            "a single reading is no alternative; move its keys to the provision or add another",
        )


def _guarantees(accord: Accord) -> Iterator[Finding]:
    kinds = {p.id: p.kind for p in accord.provisions}
    for index, guarantee in enumerate(accord.guarantees):
        path: Path = ("guarantees", index)
        yield from _members(
            (*path, "guarantors"), "guarantor", guarantee.guarantors, accord.guarantors
        )
        yield from _members(
            (*path, "beneficiaries"), "party", guarantee.beneficiaries, accord.parties
        )
        trigger = guarantee.triggered_by
        yield from _violable((*path, "triggered_by", "violated"), trigger.violated, kinds)
        persisting = trigger.persisting
        judged_by_day = any(kinds.get(name) == "prohibition" for name in trigger.violated)
        if persisting is not None and persisting.unit != "days" and judged_by_day:
            yield (
                (*path, "triggered_by", "persisting"),
                "a prohibition is judged by the day, so its persistence is counted in "
                f"days; write e.g. '{max(persisting.amount // 24, 1)} days'",
            )


def _reciprocity(accord: Accord) -> Iterator[Finding]:
    if accord.reciprocity is None:
        return
    kinds = {p.id: p.kind for p in accord.provisions}
    path: Path = ("reciprocity", "material_breach", "provisions")
    yield from _violable(path, accord.reciprocity.material_breach.provisions, kinds)


def _violable(path: Path, names: tuple[str, ...], kinds: Mapping[str, str]) -> Iterator[Finding]:
    for index, name in enumerate(names):
        if name not in kinds:
            yield (*path, index), _unknown("provision", name, kinds)
        elif kinds[name] == "power":
            yield (
                (*path, index),
                f"{name!r} is a power; only obligations and prohibitions are violated",
            )
