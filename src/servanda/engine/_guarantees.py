"""Guarantees: triggered by a violation, due within the response time, kept or not.

The trigger is the earliest moment any bearer's row of a listed provision (under any
reading) became violated or breached; ``persisting: N days`` asks a prohibition for N
consecutive breached days (the moment is the start of the N-th) and delays an
obligation's by N days. A guarantor's act of the response kind between the trigger and
the due time fulfils it: every guarantor's for ``several``, any one's otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta

from servanda.accord import Guarantee
from servanda.accord._calendar import render, start_of_day
from servanda.engine._assessment import GuaranteeRow, Row
from servanda.engine._context import Context
from servanda.engine._table import Merged
from servanda.engine._time import to_us

_BREACHES = ("violated", "breached")


def guarantee_rows(ctx: Context, rows: list[Row]) -> list[GuaranteeRow]:
    breaches: dict[str, list[Row]] = {}
    for row in rows:
        if row.state in _BREACHES:
            breaches.setdefault(row.provision, []).append(row)
    return [_guarantee(ctx, guarantee, breaches) for guarantee in ctx.loaded.accord.guarantees]


def _guarantee(ctx: Context, guarantee: Guarantee, breaches: dict[str, list[Row]]) -> GuaranteeRow:
    triggers: list[tuple[int, Row]] = []
    for provision in guarantee.triggered_by.violated:
        for row in breaches.get(provision, ()):
            moment = _moment(ctx, guarantee, row)
            if moment is not None:
                triggers.append((moment, row))
    if not triggers:
        listed = ", ".join(guarantee.triggered_by.violated)
        return GuaranteeRow(guarantee.id, "dormant", None, None, (), f"no violation of {listed}")
    moment = min(at for at, _ in triggers)
    triggering = [row for at, row in triggers if at == moment]
    response = guarantee.response
    due = (
        moment + response.within.delta // timedelta(microseconds=1)
        if response is not None and response.within is not None
        else None
    )
    acts = [
        act
        for act in ctx.acts
        if response is not None
        and act.indicator == response.kind
        and act.party in guarantee.guarantors
        and moment <= to_us(act.occurred_at)
        and (due is None or to_us(act.occurred_at) <= due)
    ]
    actors = {act.party for act in acts if act.party is not None}
    if guarantee.distribution == "several":
        fulfilled = actors >= set(guarantee.guarantors)
    else:
        fulfilled = bool(actors)
    evidence = Merged(*(row.evidence for row in triggering), [act.id for act in acts])
    since = ctx.when(moment)
    due_at = ctx.when(due) if due is not None else None
    cause = ", ".join(sorted({f"{row.provision} by {row.party}" for row in triggering}))
    kind = response.kind if response is not None else "response"
    if fulfilled:
        state = "fulfilled"
        why = f"{kind} by {', '.join(sorted(actors))}, triggered by {cause}"
    elif due_at is not None and ctx.as_of > to_us(due_at):
        state = "violated"
        missing = ", ".join(sorted(set(guarantee.guarantors) - actors))
        why = f"no {kind} from {missing} by {render(due_at)}, triggered by {cause}"
    else:
        state = "triggered"
        why = f"triggered by {cause} on {render(since)}"
        if due_at is not None:
            why += f"; response due by {render(due_at)}"
    return GuaranteeRow(guarantee.id, state, since, due_at, evidence, why)


def _moment(ctx: Context, guarantee: Guarantee, row: Row) -> int | None:
    """When ``row`` triggers ``guarantee``: its breach, after any persistence asked for."""
    assert row.since is not None  # breached and violated rows have a since
    persisting = guarantee.triggered_by.persisting
    if persisting is None:
        return to_us(row.since)
    if row.kind == "prohibition":
        # The accord is refused when a prohibition's persistence is not in days.
        day = _run_day(row.breached_periods, persisting.amount)
        return to_us(start_of_day(day, ctx.tz)) if day is not None else None
    moment = to_us(row.since) + persisting.delta // timedelta(microseconds=1)
    return moment if moment <= ctx.as_of else None


def _run_day(days: tuple[date, ...], need: int) -> date | None:
    """The ``need``-th day of the first run of ``need`` consecutive days."""
    if need <= 1:
        return days[0] if days else None
    run = 1
    for index in range(1, len(days)):
        run = run + 1 if days[index] - days[index - 1] == timedelta(days=1) else 1
        if run >= need:
            return days[index]
    return None
