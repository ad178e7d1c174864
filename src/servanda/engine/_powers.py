"""Powers: those a provision grants, and the power to suspend after a material breach.

Reciprocity (VCLT art. 60) never suspends anything by itself: a material breach by X
makes a power to suspend *available* to every other party against X; only a logged
act exercises it. An exercised suspension then suspends the holder's obligations owed
to X that were neither fulfilled nor violated by the act's time, except humanitarian
ones (art. 60(5)); prohibitions are not suspended.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from servanda.accord import Instant, Provision
from servanda.accord._calendar import render
from servanda.engine._assessment import PowerRow, Row
from servanda.engine._context import Context
from servanda.engine._table import Merged
from servanda.engine._time import to_us
from servanda.evidence import Record

BREACHES = ("violated", "breached")


def power_provision_rows(
    ctx: Context,
    provision: Provision,
    reading: str | None,
    start: Instant,
    until: Instant | None,
) -> list[Row]:
    """Rows of a ``kind: power`` provision: dormant, available, exercised or expired."""
    rows = []
    begins = to_us(start) if isinstance(start, datetime) else None
    ends = to_us(until) if isinstance(until, datetime) else None
    for holder in provision.bearers:
        evidence: tuple[str, ...]
        acts = _earliest(
            act
            for act in ctx.acts
            if act.indicator == provision.id
            and act.party == holder
            and begins is not None
            and to_us(act.occurred_at) >= begins
            and (ends is None or to_us(act.occurred_at) < ends)
        )
        if acts is not None:
            state, since, evidence = "exercised", acts.occurred_at, (acts.id,)
            why = f"exercised by {holder} in act {acts.id} on {render(acts.occurred_at)}"
        elif ends is not None and ctx.as_of >= ends:
            state, since, evidence = "expired", ctx.when(ends), ()
            why = f"expired on {render(ctx.when(ends))} without being exercised"
        elif begins is not None and ctx.as_of >= begins:
            state, since, evidence = "available", ctx.when(begins), ()
            why = f"available to {holder} since {render(ctx.when(begins))}"
        else:
            state, since, evidence = "dormant", None, ()
            when = render(start) if isinstance(start, datetime) else f"at {start}"
            why = f"becomes available {when}"
        rows.append(
            Row(
                provision=provision.id,
                party=holder,
                kind="power",
                reading=reading,
                state=state,
                final=state in ("exercised", "expired"),
                since=since,
                evidence=evidence,
                why=why,
            )
        )
    return rows


def reciprocity_rows(ctx: Context, rows: list[Row]) -> list[PowerRow]:
    """One row per (holder, against) pair, holders then targets in the parties' order."""
    accord = ctx.loaded.accord
    if accord.reciprocity is None:
        return []
    listed = accord.reciprocity.material_breach.provisions
    bearing = {b for p in accord.provisions if p.id in listed for b in p.bearers}
    breaches: dict[str, list[Row]] = {}
    for row in rows:
        if row.provision in listed and row.state in BREACHES:
            breaches.setdefault(row.party, []).append(row)
    first_breach = {party: _first_breach(found) for party, found in breaches.items()}
    out = []
    for holder in accord.parties:
        for against in accord.parties:
            if against != holder and against in bearing:
                out.append(_power(ctx, listed, first_breach.get(against), holder, against))
    return out


def _first_breach(breaches: list[Row]) -> tuple[int, str, datetime, Merged]:
    """When a party first breached, what, and on which evidence."""
    moment = min(_utc(row.since) for row in breaches)
    first = [row for row in breaches if _utc(row.since) == moment]
    what = ", ".join(sorted({row.provision for row in first}))
    since = first[0].since
    assert since is not None
    return moment, what, since, Merged(*(row.evidence for row in first))


def _power(
    ctx: Context,
    listed: tuple[str, ...],
    breach: tuple[int, str, datetime, Merged] | None,
    holder: str,
    against: str,
) -> PowerRow:
    if breach is None:
        why = f"no material breach by {against} of {', '.join(listed)}"
        return PowerRow(holder, "suspend", against, "dormant", None, (), why)
    moment, what, since, breach_evidence = breach
    act = _earliest(
        act
        for act in ctx.acts
        if act.indicator == "suspend"
        and act.party == holder
        and act.against == against
        and to_us(act.occurred_at) >= moment
    )
    if act is None:
        why = f"material breach of {what} by {against} since {render(ctx.when(moment))}"
        return PowerRow(holder, "suspend", against, "available", since, breach_evidence, why)
    why = f"{holder} suspended its obligations towards {against} in act {act.id}"
    evidence = Merged(breach_evidence, [act.id])
    return PowerRow(
        holder, "suspend", against, "exercised", act.occurred_at, evidence, why, act=act.id
    )


def apply_suspensions(ctx: Context, rows: list[Row], powers: list[PowerRow]) -> list[Row]:
    """The rows after exercised suspensions: guarantees and scores use the rows before."""
    exercised: dict[str, list[tuple[int, str, str]]] = {}
    for power in powers:
        if power.state == "exercised" and power.since is not None and power.act is not None:
            exercised.setdefault(power.holder, []).append(
                (to_us(power.since), power.act, power.against)
            )
    if not exercised:
        return rows
    provisions = {p.id: p for p in ctx.loaded.accord.provisions}
    out = []
    for row in rows:
        suspended = _suspended(ctx, row, provisions[row.provision], exercised.get(row.party, []))
        out.append(suspended or row)
    return out


def _suspended(
    ctx: Context, row: Row, provision: Provision, acts: list[tuple[int, str, str]]
) -> Row | None:
    """``row`` suspended by the earliest act that applies to it, or None."""
    if row.kind != "obligation" or provision.humanitarian:
        return None
    for moment, act_id, against in sorted(acts):
        if provision.beneficiaries and against not in provision.beneficiaries:
            continue  # not owed to the party that breached
        if row.state in ("fulfilled", "violated") and _utc(row.since) <= moment:
            return None  # settled before the suspension
        why = f"suspended by {row.party}'s act {act_id} towards {against} (otherwise {row.state})"
        return replace(
            row, state="suspended", since=ctx.when(moment), final=False, evidence=(act_id,), why=why
        )
    return None


def _earliest(acts: Iterable[Record]) -> Record | None:
    found = sorted(acts, key=lambda act: (to_us(act.occurred_at), act.id))
    return found[0] if found else None


def _utc(when: datetime | None) -> int:
    assert when is not None  # settled rows always have a since
    return to_us(when)
