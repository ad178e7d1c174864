"""``evaluate(accord, evidence, as_of)``: the whole assessment, purely from its inputs.

Order matters and is fixed: provision rows first; guarantees, powers and scores from
those rows; suspensions applied last, so that suspending an obligation never hides the
breach that made the suspension possible (DESIGN.md).
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from servanda.accord import LoadedAccord
from servanda.engine._assessment import Assessment, Disagreement, Row
from servanda.engine._context import Context
from servanda.engine._guarantees import guarantee_rows
from servanda.engine._obligations import obligation_rows
from servanda.engine._powers import apply_suspensions, power_provision_rows, reciprocity_rows
from servanda.engine._prohibitions import prohibition_rows
from servanda.engine._table import EvidenceTable
from servanda.engine._time import DayGrid, to_us
from servanda.evidence import Evidence


def evaluate(
    loaded: LoadedAccord, evidence: Evidence | EvidenceTable, as_of: datetime
) -> Assessment:
    """Who kept which promise of ``loaded`` as of ``as_of``, on the evidence known by then.

    ``as_of`` must be an aware datetime; evidence recorded or occurring after it is not
    seen, so assessing a past moment replays exactly what was known then.
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of must carry a time zone or offset")
    table = evidence if isinstance(evidence, EvidenceTable) else table_for(loaded, evidence)
    at = to_us(as_of)
    ctx = Context.build(loaded, table, _grid(loaded, table, at), at)
    rows = provision_rows(ctx)
    guarantees = guarantee_rows(ctx, rows)
    powers = reciprocity_rows(ctx, rows)
    scores = _scores(loaded, rows)
    final = apply_suspensions(ctx, rows, powers)
    return Assessment(
        accord=loaded.accord.id,
        as_of=ctx.when(at),
        results=tuple(final),
        guarantees=tuple(guarantees),
        powers=tuple(powers),
        scores=scores,
        percent=_percent(scores),
        disagreements=tuple(_disagreements(final)),
    )


def table_for(loaded: LoadedAccord, evidence: Evidence) -> EvidenceTable:
    accord = loaded.accord
    return EvidenceTable.from_records(evidence.records, list(accord.parties), list(accord.monitors))


def provision_rows(ctx: Context) -> list[Row]:
    """Rows in accord order of provisions, then bearers, then readings."""
    calendar = ctx.loaded.calendar
    rows: list[Row] = []
    for provision in ctx.loaded.accord.provisions:
        per_reading = []
        for reading in calendar.readings[provision.id]:
            start = calendar.instant(provision.id, "start", reading)
            assert start is not None  # every provision has a start, if only in force
            if provision.kind == "prohibition":
                until = calendar.instant(provision.id, "until", reading)
                per_reading.append(prohibition_rows(ctx, provision, reading, start, until))
            elif provision.kind == "obligation":
                deadline = calendar.instant(provision.id, "deadline", reading)
                per_reading.append(obligation_rows(ctx, provision, reading, start, deadline))
            else:
                until = calendar.instant(provision.id, "until", reading)
                per_reading.append(power_provision_rows(ctx, provision, reading, start, until))
        for index in range(len(provision.bearers)):
            rows.extend(reading_rows[index] for reading_rows in per_reading)
    return rows


def _grid(loaded: LoadedAccord, table: EvidenceTable, as_of: int) -> DayGrid:
    """Local days from the earliest period start to ``as_of``, cached on the table."""
    starts = [
        to_us(item.at)
        for item in loaded.calendar.instants
        if item.field == "start" and isinstance(item.at, datetime)
    ]
    low = min([as_of, *starts])
    cached = table.grids.get(loaded.calendar.timezone.key)
    if cached is not None and cached.covers(low, as_of):
        return cached
    grid = DayGrid.covering(loaded.calendar.timezone, low, as_of)
    table.grids[loaded.calendar.timezone.key] = grid
    return grid


def _scores(loaded: LoadedAccord, rows: list[Row]) -> dict[str, int]:
    """Each scored provision's Peace Accords Matrix score: the least of its rows."""
    scores: dict[str, int] = {}
    for provision in loaded.accord.provisions:
        scored = [r.score for r in rows if r.provision == provision.id and r.score is not None]
        if scored:
            scores[provision.id] = min(scored)
    return scores


def _percent(scores: dict[str, int]) -> float | None:
    if not scores:
        return None
    exact = Decimal(100 * sum(scores.values())) / Decimal(3 * len(scores))
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _disagreements(rows: list[Row]) -> list[Disagreement]:
    grouped: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        if row.reading is not None:
            grouped.setdefault((row.provision, row.party), {})[row.reading] = row.state
    return [
        Disagreement(provision, party, states)
        for (provision, party), states in grouped.items()
        if len(set(states.values())) > 1
    ]
