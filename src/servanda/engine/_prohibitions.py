"""Prohibitions: a verdict per local day, then a state per bearer (DESIGN.md, normative).

A fact is (indicator, party, day). A listed monitor *asserts* it when the sum of its
values that day exceeds the tolerance; it *covers* the day when it reported at all. A day
is breached when at least ``quorum`` monitors assert the fact, compliant when a monitor
covers it and none asserts, and unknown otherwise (no coverage, or an assertion short of
the quorum, which also makes the row provisional). Days count from the local day of
``from`` until ``as_of``: those that ended, and the current one once a breach in it is
verified. The per-day arithmetic is vectorised: one pass of ``bincount`` per provision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import numpy.typing as npt

from servanda.accord import Instant, Open, Provision
from servanda.engine._assessment import Row
from servanda.engine._context import Context
from servanda.engine._time import VALUE_SCALE, to_us

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]


@dataclass
class _Facts:
    """Per (bearer position, period, monitor position): what the records say."""

    first_day: int  # grid index of the first period's day
    ended: int  # periods that ended by as_of
    current: int  # index of the period holding as_of (== ended), or -1
    rows: Ints  # table rows of the selected records
    bearer: Ints  # bearer position of each selected record
    period: Ints
    monitor: Ints
    value: Ints
    asserts: npt.NDArray[np.bool_]  # (bearers, periods, monitors)
    covers: npt.NDArray[np.bool_]
    verified: Bools  # (bearers, periods)
    partial: Bools
    covered: Bools
    dissent: Bools  # a monitor covered a verified fact without asserting it


def prohibition_rows(
    ctx: Context,
    provision: Provision,
    reading: str | None,
    start: Instant,
    until: Instant | None,
) -> list[Row]:
    """One row per bearer for ``provision`` under ``reading``."""
    if isinstance(start, Open):
        why = f"not in force yet: it starts at {start}"
        return [_not_started(provision, bearer, reading, why) for bearer in provision.bearers]
    end = to_us(until) if isinstance(until, datetime) else None
    facts = _facts(ctx, provision, to_us(start), end)
    return [_bearer_row(ctx, provision, reading, facts, bearer) for bearer in provision.bearers]


def _window(ctx: Context, start: int, until: int | None) -> tuple[int, int, int]:
    """(grid day of the first period, periods to look at, periods that ended by as_of).

    Period k runs through local day ``first + k``; every period before the one holding
    ``as_of`` has ended, and ``until`` cuts the list short (a period it cuts ends there).
    """
    grid, as_of = ctx.grid, ctx.as_of
    first = grid.index_of(start)
    if as_of < start:
        return first, 0, 0
    ended = grid.index_of(as_of) - first
    looked = ended + 1
    if until is not None:
        before_until = grid.index_of(until - 1) - first + 1 if until > start else 0
        looked = min(looked, before_until)
        ended = looked if until <= as_of else min(ended, looked)
    return first, looked, ended


def _facts(ctx: Context, provision: Provision, start: int, until: int | None) -> _Facts:
    table, as_of = ctx.table, ctx.as_of
    first, n, ended = _window(ctx, start, until)
    monitors = provision.verified_by.monitors if provision.verified_by else ()
    bearers = provision.bearers
    monitor_pos = _positions(table.monitors, monitors)
    bearer_pos = _positions(table.parties, bearers)
    rows = table.rows_of(provision.indicator.kind if provision.indicator else "")
    occurred = table.occurred[rows]
    keep = (
        (monitor_pos[table.monitor[rows]] >= 0)
        & (bearer_pos[table.party[rows]] >= 0)
        & (table.recorded[rows] <= as_of)
        & (occurred <= as_of)
        & (occurred >= start)
    )
    if until is not None:
        keep &= occurred < until
    rows = rows[keep]
    period = ctx.grid.day_index(table.occurred[rows]) - first
    inside = period < n
    rows, period = rows[inside], period[inside]
    bearer = bearer_pos[table.party[rows]]
    monitor = monitor_pos[table.monitor[rows]]
    value = table.value[rows]
    shape = (len(bearers), n, max(len(monitors), 1))
    key = (bearer * n + period) * shape[2] + monitor
    size = shape[0] * shape[1] * shape[2]
    # Exact: values are integers far below 2**53, so float sums of them are exact too.
    sums = np.bincount(key, weights=value.astype(np.float64), minlength=size).reshape(shape)
    counts = np.bincount(key, minlength=size).reshape(shape)
    tolerance = (provision.indicator.tolerance if provision.indicator else 0) * VALUE_SCALE
    asserts = sums > tolerance
    covers = counts > 0
    n_assert = asserts.sum(axis=2)
    n_cover = covers.sum(axis=2)
    quorum = provision.verified_by.quorum if provision.verified_by else 1
    verified = n_assert >= quorum
    return _Facts(
        first_day=first,
        ended=ended,
        current=n - 1 if n > ended else -1,
        rows=rows,
        bearer=bearer,
        period=period,
        monitor=monitor,
        value=value,
        asserts=asserts,
        covers=covers,
        verified=verified,
        partial=(n_assert > 0) & ~verified,
        covered=n_cover > 0,
        dissent=verified & (n_cover > n_assert),
    )


def _positions(codes: list[str], names: Sequence[str]) -> Ints:
    """A lookup from table code to position in ``names`` (-1 when absent)."""
    lookup = np.full(len(codes) + 1, -1, dtype=np.int64)
    for position, name in enumerate(names):
        lookup[codes.index(name)] = position
    return lookup


def _bearer_row(
    ctx: Context, provision: Provision, reading: str | None, facts: _Facts, bearer: str
) -> Row:
    members = [provision.bearers.index(m) for m in ctx.members(provision, bearer)]
    n = facts.verified.shape[1]
    breached = _any_member(facts.verified, members)
    partial = _any_member(facts.partial, members) & ~breached
    covered = _any_member(facts.covered, members)
    counted: Bools = np.arange(n) < facts.ended
    if facts.current >= 0 and breached[facts.current]:
        counted[facts.current] = True
    is_breached = breached & counted
    is_unknown = counted & ~breached & (partial | ~covered)
    is_compliant = counted & ~breached & ~partial & covered
    periods = {
        "breached": int(is_breached.sum()),
        "compliant": int(is_compliant.sum()),
        "unknown": int(is_unknown.sum()),
    }
    days = [ctx.grid.day(facts.first_day + k) for k in range(n)]
    in_member = np.isin(facts.bearer, members)
    if periods["breached"]:
        state = "breached"
        first = int(np.argmax(is_breached))
        selected = (
            in_member
            & is_breached[facts.period]
            & facts.verified[facts.bearer, facts.period]
            & facts.asserts[facts.bearer, facts.period, facts.monitor]
            & (facts.value > 0)
        )
    elif periods["unknown"] or not counted.any():
        state = "unknown"
        first = int(np.argmax(is_unknown)) if periods["unknown"] else -1
        selected = in_member & counted[facts.period]
    else:
        state = "compliant"
        first = int(np.argmax(counted))
        selected = in_member & counted[facts.period]
    evidence = ctx.table.sorted_ids(facts.rows[selected])
    contested = _contested_days(ctx, provision, facts, members, is_breached)
    provisional = bool((partial & counted).any())
    since = ctx.when(ctx.grid.start(facts.first_day + first)) if first >= 0 else None
    final = state == "compliant" or (state == "breached" and not contested and not provisional)
    breached_days = tuple(day for day, hit in zip(days, is_breached.tolist(), strict=True) if hit)
    why = _why(
        provision, bearer, members, state, periods, breached_days, contested, partial & counted
    )
    score = None if not counted.any() else {"compliant": 3, "unknown": 2, "breached": 1}[state]
    starts = tuple(
        ctx.when(ctx.grid.start(facts.first_day + k)) for k in range(n) if is_breached[k]
    )
    return Row(
        provision=provision.id,
        party=bearer,
        kind="prohibition",
        reading=reading,
        state=state,
        final=final,
        since=since,
        evidence=evidence,
        why=why,
        periods=periods,
        breached_periods=breached_days,
        score=score,
        breach_starts=starts,
    )


def _any_member(per_bearer: Bools, members: list[int]) -> Bools:
    """Per period: whether any member's fact has the property."""
    return np.asarray(per_bearer[members].any(axis=0), dtype=np.bool_)


def _contested_days(
    ctx: Context, provision: Provision, facts: _Facts, members: list[int], is_breached: Bools
) -> list[date]:
    """Breached days that a listed monitor saw otherwise, or that the bearer denied."""
    days: list[date] = []
    denied: dict[int, set[str]] = {}
    for statement in ctx.statements:
        if statement.act == "denial" and statement.party in provision.bearers:
            denied.setdefault(provision.bearers.index(statement.party), set()).update(
                statement.denies
            )
    for k in np.flatnonzero(is_breached).tolist():
        for m in members:
            if not facts.verified[m, k]:
                continue
            if facts.dissent[m, k]:
                days.append(ctx.grid.day(facts.first_day + k))
                break
            if m in denied:
                asserting = (
                    (facts.bearer == m)
                    & (facts.period == k)
                    & facts.asserts[m, k][facts.monitor]
                    & (facts.value > 0)
                )
                ids = {ctx.table.ids[i] for i in facts.rows[asserting].tolist()}
                if ids & denied[m]:
                    days.append(ctx.grid.day(facts.first_day + k))
                    break
    return days


def _not_started(provision: Provision, bearer: str, reading: str | None, why: str) -> Row:
    return Row(
        provision=provision.id,
        party=bearer,
        kind="prohibition",
        reading=reading,
        state="unknown",
        final=False,
        since=None,
        evidence=(),
        why=why,
        periods={"breached": 0, "compliant": 0, "unknown": 0},
    )


def _why(
    provision: Provision,
    bearer: str,
    members: list[int],
    state: str,
    periods: dict[str, int],
    breached_days: tuple[date, ...],
    contested: list[date],
    provisional: Bools,
) -> str:
    kind = provision.indicator.kind if provision.indicator else "violation"
    tolerance = provision.indicator.tolerance if provision.indicator else 0
    who = (
        bearer
        if len(members) == 1
        else "/".join(provision.bearers[m] for m in members) + " (collectively)"
    )
    if state == "breached":
        text = (
            f"{len(breached_days)} verified {kind} by {who} on {_days(breached_days)} "
            f"(tolerance {tolerance})"
        )
        if contested:
            text += f"; contested on {_days(tuple(contested))}"
        if provisional.any():
            text += f"; {int(provisional.sum())} day(s) with a violation short of the quorum"
        return text
    total = sum(periods.values())
    if not total:
        return "no day has ended since it took effect"
    if state == "compliant":
        return f"no {kind} above tolerance {tolerance} by {who} in {total} covered day(s)"
    short = int(provisional.sum())
    uncovered = periods["unknown"] - short
    parts = []
    if uncovered:
        parts.append(f"{uncovered} not covered by a listed monitor")
    if short:
        parts.append(f"{short} with a {kind} reported by fewer monitors than the quorum")
    return f"{periods['unknown']} of {total} day(s) unknown: " + ", ".join(parts)


def _days(days: tuple[date, ...]) -> str:
    shown = [day.isoformat() for day in days[:3]]
    more = len(days) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
