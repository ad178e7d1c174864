"""Allegations beside verdicts: what parties say about each other, never what decides.

Statements verify nothing (DESIGN.md); an allegation is shown on the row of the
provision it names for the party it accuses, so a reader sees the accusation next to
what the monitors found. Statements without ``provisions`` or ``target`` concern no
row and are listed in the assessment only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from servanda.engine._assessment import Allegation, Row
from servanda.evidence import Record


def allegations_of(statements: Iterable[Record], tz: ZoneInfo) -> tuple[Allegation, ...]:
    """The visible allegations, in time order then id, with times in the accord's zone."""
    found = [
        Allegation(
            id=record.id,
            speaker=record.speaker or "",
            party=record.party,
            target=record.target,
            provisions=record.provisions,
            occurred_at=record.occurred_at.astimezone(tz),
            quote=record.quote or "",
        )
        for record in statements
        if record.act == "allegation"
    ]
    return tuple(sorted(found, key=lambda a: (a.occurred_at, a.id)))


def beside(rows: Sequence[Row], allegations: Sequence[Allegation]) -> list[Row]:
    """``rows`` with each one's allegations: those naming its provision and its bearer."""
    named: dict[tuple[str, str], set[str]] = {}
    for allegation in allegations:
        if allegation.target is None:
            continue
        for provision in allegation.provisions:
            named.setdefault((provision, allegation.target), set()).add(allegation.id)
    if not named:
        return list(rows)
    return [
        replace(row, allegations=tuple(sorted(named[(row.provision, row.party)])))
        if (row.provision, row.party) in named
        else row
        for row in rows
    ]
