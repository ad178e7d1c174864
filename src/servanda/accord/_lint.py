"""Warnings: what a valid accord leaves undecided, so that nobody discovers it too late.

An obligation without a deadline can never be violated; a prohibition without an
indicator can never be shown breached; a provision with two readings will be judged
twice. None of these is an error (real texts are like that), but each is worth seeing
before signature.
"""

from __future__ import annotations

from collections.abc import Iterator

from servanda.accord._instants import Calendar
from servanda.accord._model import Accord

Path = tuple[str | int, ...]


def lint(accord: Accord, calendar: Calendar) -> Iterator[tuple[Path, str]]:
    for index, provision in enumerate(accord.provisions):
        path: Path = ("provisions", index)
        name = f"{provision.kind} {provision.id!r}"
        if provision.kind == "obligation":
            deadlines = [
                calendar.instant(provision.id, "deadline", r)
                for r in calendar.readings[provision.id]
            ]
            if all(d is None for d in deadlines):
                yield path, f"{name} has no deadline: it can be fulfilled but never violated"
            elif any(d is None for d in deadlines):
                yield path, f"{name} has no deadline under some of its readings"
            if provision.done_when is None:
                yield path, f"{name} has no done_when: nothing can show it fulfilled"
        if provision.kind == "prohibition" and provision.indicator is None:
            yield path, f"{name} has no indicator: no evidence can show it breached"
        if provision.kind != "power" and provision.verified_by is None:
            yield (
                path,
                f"{name} names no monitor (verified_by): none of its facts can be verified",
            )
        readings = calendar.readings[provision.id]
        if len(readings) > 1:
            origin = calendar.inherited.get(provision.id)
            via = f", inherited from {origin!r}" if origin else ""
            yield (
                path,
                f"{name} has {len(readings)} readings ({', '.join(map(str, readings))}{via}); "
                "each is evaluated and disagreement is reported",
            )
    for index, guarantee in enumerate(accord.guarantees):
        path = ("guarantees", index)
        if guarantee.response is None:
            yield path, f"guarantee {guarantee.id!r} names no response: nothing falls due"
        elif guarantee.response.within is None:
            yield (
                path,
                f"guarantee {guarantee.id!r} has no response deadline (response.within): it can "
                "be triggered but never violated",
            )
