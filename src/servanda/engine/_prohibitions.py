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

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import numpy.typing as npt

from servanda.accord import Instant, Open, Provision
from servanda.engine._assessment import Row
from servanda.engine._context import Context
from servanda.engine._table import Slice, positions
from servanda.engine._time import VALUE_SCALE, to_us

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]


@dataclass
class _Facts:
    """Per (bearer position, period, monitor position): what the records say."""

    first_day: int  # grid index of the first period's day
    ended: int  # periods that ended by as_of
    current: int  # index of the period holding as_of (== ended), or -1
    evidence: Slice  # the indicator's records
    rows: Ints  # positions in ``evidence`` of the selected records
    bearer: Ints  # bearer position of each selected record (records grouped by bearer)
    bounds: list[int]  # the records of bearer b are [bounds[b], bounds[b + 1])
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
    judged = _judge(facts, provision.distribution == "several")
    disputed = _disputed(ctx, provision, facts, judged)
    return [
        _bearer_row(ctx, provision, reading, facts, judged, disputed, position)
        for position in range(len(provision.bearers))
    ]


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
    as_of = ctx.as_of
    first, n, ended = _window(ctx, start, until)
    monitors = provision.verified_by.monitors if provision.verified_by else ()
    bearers = provision.bearers
    monitor_pos = positions(ctx.monitors, monitors)
    bearer_pos = positions(ctx.parties, bearers)
    evidence = ctx.slice_of(provision.indicator.kind if provision.indicator else "")
    occurred = evidence.occurred
    keep = (
        (monitor_pos[evidence.monitor] >= 0)
        & (bearer_pos[evidence.party] >= 0)
        & (evidence.recorded <= as_of)
        & (occurred <= as_of)
        & (occurred >= start)
    )
    if until is not None:
        keep &= occurred < until
    rows = np.flatnonzero(keep)
    period = ctx.grid.day_index(occurred[rows]) - first
    inside = period < n
    rows, period = rows[inside], period[inside]
    bearer = bearer_pos[evidence.party[rows]]
    by_bearer = np.argsort(bearer.astype(np.int16), kind="stable")
    rows, period, bearer = rows[by_bearer], period[by_bearer], bearer[by_bearer]
    monitor = monitor_pos[evidence.monitor[rows]]
    value = evidence.value[rows]
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
        evidence=evidence,
        bounds=np.searchsorted(bearer, np.arange(len(bearers) + 1)).tolist(),
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


@dataclass
class _Days:
    """Each row's days (one row per bearer): each day's verdict, and whether it counts."""

    counted: Bools  # (bearers, periods)
    breached: Bools  # counted and breached
    compliant: Bools
    unknown: Bools
    partial: Bools  # a violation asserted by fewer monitors than the quorum
    own: bool  # each bearer answers for its own facts (several), not the group's


def _judge(facts: _Facts, several: bool) -> _Days:
    """Judge every bearer's days at once; collectively, every bearer has the group's."""
    shape = facts.verified.shape
    if several:
        breached, partial, covered = facts.verified, facts.partial, facts.covered
    else:
        breached = np.broadcast_to(facts.verified.any(axis=0), shape)
        partial = np.broadcast_to(facts.partial.any(axis=0), shape)
        covered = np.broadcast_to(facts.covered.any(axis=0), shape)
    partial = partial & ~breached
    counted: Bools = np.broadcast_to(np.arange(shape[1]) < facts.ended, shape).copy()
    if facts.current >= 0:
        counted[:, facts.current] |= breached[:, facts.current]
    return _Days(
        counted=counted,
        breached=breached & counted,
        compliant=counted & ~breached & ~partial & covered,
        unknown=counted & ~breached & (partial | ~covered),
        partial=partial,
        own=several,
    )


def day_verdicts(
    ctx: Context, provision: Provision, start: Instant, until: Instant | None
) -> dict[str, str]:
    """Per bearer, the verdict of each counted day in order: B, C or U (for checking the
    engine against other implementations of the same rules)."""
    if isinstance(start, Open):
        return {bearer: "" for bearer in provision.bearers}
    end = to_us(until) if isinstance(until, datetime) else None
    facts = _facts(ctx, provision, to_us(start), end)
    judged = _judge(facts, provision.distribution == "several")
    letters = np.where(judged.breached, "B", np.where(judged.compliant, "C", "U"))
    return {
        bearer: "".join(letters[position][judged.counted[position]].tolist())
        for position, bearer in enumerate(provision.bearers)
    }


def _bearer_row(
    ctx: Context,
    provision: Provision,
    reading: str | None,
    facts: _Facts,
    judged: _Days,
    disputed: Bools,
    position: int,
) -> Row:
    bearer = provision.bearers[position]
    members = [position] if judged.own else list(range(len(provision.bearers)))
    counted, partial = judged.counted[position], judged.partial[position]
    breached, unknown = judged.breached[position], judged.unknown[position]
    periods = {
        "breached": int(breached.sum()),
        "compliant": int(judged.compliant[position].sum()),
        "unknown": int(unknown.sum()),
    }
    # The records that may be cited: the bearer's own, contiguous; or every member's.
    lo, hi = (facts.bounds[position], facts.bounds[position + 1]) if judged.own else (0, None)
    period, record_bearer = facts.period[lo:hi], facts.bearer[lo:hi]
    if periods["breached"]:
        state = "breached"
        first = int(np.argmax(breached))
        monitor = facts.monitor[lo:hi]
        selected = (
            breached[period]
            & facts.verified[record_bearer, period]
            & facts.asserts[record_bearer, period, monitor]
            & (facts.value[lo:hi] > 0)
        )
    elif periods["unknown"] or not counted.any():
        state = "unknown"
        first = int(np.argmax(unknown)) if periods["unknown"] else -1
        selected = counted[period]
    else:
        state = "compliant"
        first = int(np.argmax(counted))
        selected = counted[period]
    evidence = facts.evidence.cited(facts.rows[lo:hi][selected])
    breached_at = (np.flatnonzero(breached) + facts.first_day).tolist()
    dates = ctx.grid.dates
    contested = [dates[facts.first_day + k] for k in np.flatnonzero(disputed[position]).tolist()]
    provisional = bool((partial & counted).any())
    final = state == "compliant" or (state == "breached" and not contested and not provisional)
    breached_days = tuple(dates[i] for i in breached_at)
    why = _why(
        provision, bearer, members, state, periods, breached_days, contested, partial & counted
    )
    return Row(
        provision=provision.id,
        party=bearer,
        kind="prohibition",
        reading=reading,
        state=state,
        final=final,
        since=ctx.grid.start_in(facts.first_day + first, ctx.tz) if first >= 0 else None,
        evidence=evidence,
        why=why,
        periods=periods,
        breached_periods=breached_days,
        score=None if not counted.any() else {"compliant": 3, "unknown": 2, "breached": 1}[state],
    )


def _any_member(per_bearer: Bools, members: list[int]) -> Bools:
    """Per period: whether any member's fact has the property."""
    return np.asarray(per_bearer[members].any(axis=0), dtype=np.bool_)


def _disputed(ctx: Context, provision: Provision, facts: _Facts, judged: _Days) -> Bools:
    """Per row and day: a breach that a listed monitor saw otherwise, or that the bearer
    of the fact denied."""
    dissent = facts.verified & facts.dissent
    if not judged.own:
        dissent = np.broadcast_to(dissent.any(axis=0), dissent.shape)
    disputed = dissent & judged.breached
    denied: dict[int, set[str]] = {}
    for statement in ctx.statements:
        if statement.act == "denial" and statement.party in provision.bearers:
            party = provision.bearers.index(statement.party)
            denied.setdefault(party, set()).update(statement.denies)
    for member, ids in denied.items():
        lo, hi = facts.bounds[member], facts.bounds[member + 1]
        period, monitor = facts.period[lo:hi], facts.monitor[lo:hi]
        asserting = (
            facts.verified[member, period]
            & facts.asserts[member, period, monitor]
            & (facts.value[lo:hi] > 0)
        )
        rows = facts.rows[lo:hi][asserting].tolist()
        for k, row in zip(period[asserting].tolist(), rows, strict=True):
            if facts.evidence.ids[row] in ids:
                # The denying bearer's own row, or every row when they answer together.
                targets = [member] if judged.own else list(range(len(provision.bearers)))
                for target in targets:
                    disputed[target, k] |= bool(judged.breached[target, k])
    return disputed


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
