"""Obligations: pending, in effect, then fulfilled or violated (DESIGN.md, normative).

The fact is (``done_when`` kind, party). It is verified when reports from at least
``quorum`` listed monitors assert it, and its time is the earliest of those reports.
Performance counts only before the deadline (and before the start is fine); a deadline
has passed when ``as_of >= deadline``; late performance does not cure a violation,
though it raises the score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from servanda.accord import Instant, Provision
from servanda.accord._calendar import render
from servanda.engine._assessment import Row
from servanda.engine._context import Context
from servanda.engine._table import Slice, positions
from servanda.engine._time import to_us

Ints = npt.NDArray[np.int64]
_NEVER = np.iinfo(np.int64).max


@dataclass
class _Done:
    """Per bearer position: who reported performance, when, and whether it is verified."""

    evidence: Slice
    rows: Ints  # positions in ``evidence``, grouped by bearer
    bounds: list[int]  # the rows of bearer b are [bounds[b], bounds[b + 1])
    bearer: Ints
    occurred: Ints
    reporters: Ints  # number of listed monitors that reported, per bearer
    earliest: Ints  # earliest report, per bearer (_NEVER when none)
    quorum: int


def obligation_rows(
    ctx: Context,
    provision: Provision,
    reading: str | None,
    start: Instant,
    deadline: Instant | None,
) -> list[Row]:
    done = _done(ctx, provision)
    return [
        _bearer_row(ctx, provision, reading, done, bearer, start, deadline)
        for bearer in provision.bearers
    ]


def _done(ctx: Context, provision: Provision) -> _Done:
    as_of = ctx.as_of
    monitors = provision.verified_by.monitors if provision.verified_by else ()
    monitor_pos = positions(ctx.monitors, monitors)
    bearer_pos = positions(ctx.parties, provision.bearers)
    evidence = ctx.slice_of(provision.done_when.kind if provision.done_when else "")
    keep = (
        (monitor_pos[evidence.monitor] >= 0)
        & (bearer_pos[evidence.party] >= 0)
        & (evidence.recorded <= as_of)
        & (evidence.occurred <= as_of)
    )
    rows = np.flatnonzero(keep)
    bearer = bearer_pos[evidence.party[rows]]
    by_bearer = np.argsort(bearer.astype(np.int16), kind="stable")
    rows, bearer = rows[by_bearer], bearer[by_bearer]
    monitor = monitor_pos[evidence.monitor[rows]]
    occurred = evidence.occurred[rows]
    n_monitors = max(len(monitors), 1)
    flat = np.full(len(provision.bearers) * n_monitors, _NEVER, dtype=np.int64)
    np.minimum.at(flat, bearer * n_monitors + monitor, occurred)
    first = flat.reshape(len(provision.bearers), n_monitors)  # earliest per bearer, monitor
    return _Done(
        evidence=evidence,
        bounds=np.searchsorted(bearer, np.arange(len(provision.bearers) + 1)).tolist(),
        rows=rows,
        bearer=bearer,
        occurred=occurred,
        reporters=(first != _NEVER).sum(axis=1),
        earliest=first.min(axis=1),
        quorum=provision.verified_by.quorum if provision.verified_by else 1,
    )


def _bearer_row(
    ctx: Context,
    provision: Provision,
    reading: str | None,
    done: _Done,
    bearer: str,
    start: Instant,
    deadline: Instant | None,
) -> Row:
    members = [provision.bearers.index(m) for m in ctx.members(provision, bearer)]
    verified = [m for m in members if done.reporters[m] >= done.quorum]
    unverified = [m for m in members if 0 < done.reporters[m] < done.quorum]
    performed = min((int(done.earliest[m]) for m in verified), default=None)
    due = to_us(deadline) if isinstance(deadline, datetime) else None
    begins = to_us(start) if isinstance(start, datetime) else None
    several = provision.distribution == "several"
    lo, hi = (done.bounds[members[0]], done.bounds[members[0] + 1]) if several else (0, None)
    records: Sequence[str] = done.evidence.cited(done.rows[lo:hi])
    kind = provision.done_when.kind if provision.done_when else "performance"
    late = performed is not None and due is not None and performed >= due
    if performed is not None and not late:
        state, since, final, evidence = "fulfilled", ctx.when(performed), True, records
        why = f"{kind} verified on {render(ctx.when(performed))}"
        if due is not None:
            why += f", before the deadline {render(ctx.when(due))}"
    elif due is not None and ctx.as_of >= due:
        early_unverified = any(int(done.earliest[m]) < due for m in unverified)
        state, since, final, evidence = "violated", ctx.when(due), not early_unverified, records
        why = f"deadline {render(ctx.when(due))} passed without a verified {kind}"
        if late and performed is not None:
            why += f"; verified late, on {render(ctx.when(performed))}"
        elif early_unverified:
            why += f"; a report of {kind} before it lacks the quorum of {done.quorum}"
    elif begins is None or ctx.as_of < begins:
        state, since, final, evidence = "pending", None, False, ()
        why = f"starts {render(start) if isinstance(start, datetime) else f'at {start}'}"
    else:
        state, since, final, evidence = "in_effect", ctx.when(begins), False, ()
        ends = f"deadline {render(deadline)}" if isinstance(deadline, datetime) else "no deadline"
        why = f"in effect since {render(ctx.when(begins))}; {ends}"
        if unverified:
            why += f"; a report of {kind} lacks the quorum of {done.quorum}"
    if state == "fulfilled":
        score = 3
    elif state == "violated":
        score = 2 if late else 0
    else:
        score = 1 if unverified else 0
    return Row(
        provision=provision.id,
        party=bearer,
        kind="obligation",
        reading=reading,
        state=state,
        final=final,
        since=since,
        evidence=evidence,
        why=why,
        score=score,
    )
