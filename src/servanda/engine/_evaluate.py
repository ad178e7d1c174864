"""``evaluate(accord, evidence, as_of)``: the whole assessment, purely from its inputs.

Order matters and is fixed: provision rows first; guarantees, powers and scores from
those rows; suspensions applied last, so that suspending an obligation never hides the
breach that made the suspension possible (DESIGN.md).
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from servanda.accord import LoadedAccord, Provision
from servanda.engine._allegations import allegations_of, beside
from servanda.engine._assessment import Assessment, Disagreement, Row
from servanda.engine._context import Context
from servanda.engine._guarantees import guarantee_rows
from servanda.engine._obligations import obligation_rows
from servanda.engine._powers import apply_suspensions, power_provision_rows, reciprocity_rows
from servanda.engine._prohibitions import day_verdicts as day_verdicts_of
from servanda.engine._prohibitions import prohibition_rows
from servanda.engine._table import EvidenceTable, Slice, empty_slice, record_slice
from servanda.engine._time import DayGrid, to_us
from servanda.evidence import Evidence, Record


def evaluate(
    loaded: LoadedAccord, evidence: Evidence | EvidenceTable, as_of: datetime
) -> Assessment:
    """Who kept which promise of ``loaded`` as of ``as_of``, on the evidence known by then.

    ``as_of`` must be an aware datetime; evidence recorded or occurring after it is not
    seen, so assessing a past moment replays exactly what was known then.
    """
    return Evaluator(loaded, evidence).assess(as_of)


def table_for(loaded: LoadedAccord, evidence: Evidence) -> EvidenceTable:
    accord = loaded.accord
    return EvidenceTable.from_records(evidence.records, list(accord.parties), list(accord.monitors))


class Evaluator:
    """An evaluation kept warm: add a record, assess again, and only the provisions the
    record concerns are judged again (the rest is reused as long as ``as_of`` is the same).

    The caller is trusted to add records that passed the evidence checks, ids included.
    """

    def __init__(self, loaded: LoadedAccord, evidence: Evidence | EvidenceTable) -> None:
        self.loaded = loaded
        self.table = (
            evidence if isinstance(evidence, EvidenceTable) else table_for(loaded, evidence)
        )
        self._added: dict[str, Slice] = {}  # reports and events added, per indicator
        self._merged: dict[str, Slice] = {}
        self._records: list[Record] = []  # statements and acts added
        self._rows: dict[str, list[list[Row]]] = {}  # per provision, per reading
        self._as_of: int | None = None
        self._readers: dict[str, list[str]] = {}
        for provision in loaded.accord.provisions:
            for kind in (provision.indicator, provision.done_when):
                if kind is not None:
                    self._readers.setdefault(kind.kind, []).append(provision.id)

    def add(self, record: Record) -> None:
        """Take ``record`` into account from the next ``assess`` on."""
        if record.kind in ("report", "event"):
            kind = record.indicator or ""
            one = record_slice(record, self.table.parties, self.table.monitors)
            self._added[kind] = self._added.get(kind, empty_slice()).extended(one)
            self._merged.pop(kind, None)
            for provision_id in self._readers.get(kind, []):
                self._rows.pop(provision_id, None)
            return
        self._records.append(record)
        for provision in self.loaded.accord.provisions:
            denial = record.kind == "statement" and record.act == "denial"
            if (
                denial and provision.kind == "prohibition" and record.party in provision.bearers
            ) or (record.kind == "act" and provision.id == record.indicator):
                self._rows.pop(provision.id, None)

    def slice_of(self, kind: str) -> Slice:
        if kind not in self._added:
            return self.table.slice(kind)
        if kind not in self._merged:
            self._merged[kind] = self.table.slice(kind).extended(self._added[kind])
        return self._merged[kind]

    def assess(self, as_of: datetime) -> Assessment:
        if as_of.tzinfo is None:
            raise ValueError("as_of must carry a time zone or offset")
        at = to_us(as_of)
        if at != self._as_of:
            self._rows.clear()
            self._as_of = at
        grid = _grid(self.loaded, self.table, at)
        ctx = Context.build(self.loaded, self.table, grid, at, self.slice_of, self._records)
        rows: list[Row] = []
        for provision in self.loaded.accord.provisions:
            if provision.id not in self._rows:
                self._rows[provision.id] = _provision_rows(ctx, provision)
            per_reading = self._rows[provision.id]
            for index in range(len(provision.bearers)):
                rows.extend(reading_rows[index] for reading_rows in per_reading)
        guarantees = guarantee_rows(ctx, rows)
        powers = reciprocity_rows(ctx, rows)
        scores = _scores(self.loaded, rows)
        allegations = allegations_of(ctx.statements, ctx.tz)
        final = beside(apply_suspensions(ctx, rows, powers), allegations)
        return Assessment(
            accord=self.loaded.accord.id,
            as_of=ctx.when(at),
            results=tuple(final),
            guarantees=tuple(guarantees),
            powers=tuple(powers),
            scores=scores,
            percent=_percent(scores),
            disagreements=tuple(_disagreements(final)),
            allegations=allegations,
        )


def day_verdicts(
    loaded: LoadedAccord, evidence: Evidence | EvidenceTable, as_of: datetime
) -> dict[tuple[str, str | None, str], str]:
    """Every prohibition's day verdicts per (provision, reading, bearer), as letters."""
    evaluator = Evaluator(loaded, evidence)
    at = to_us(as_of)
    ctx = Context.build(loaded, evaluator.table, _grid(loaded, evaluator.table, at), at)
    calendar = loaded.calendar
    out: dict[tuple[str, str | None, str], str] = {}
    for provision in loaded.accord.provisions:
        if provision.kind != "prohibition":
            continue
        for reading in calendar.readings[provision.id]:
            start = calendar.instant(provision.id, "start", reading)
            until = calendar.instant(provision.id, "until", reading)
            assert start is not None
            for bearer, letters in day_verdicts_of(ctx, provision, start, until).items():
                out[(provision.id, reading, bearer)] = letters
    return out


def _provision_rows(ctx: Context, provision: Provision) -> list[list[Row]]:
    """The rows of one provision: per reading, one per bearer."""
    calendar = ctx.loaded.calendar
    per_reading = []
    for reading in calendar.readings[provision.id]:
        start = calendar.instant(provision.id, "start", reading)
        assert start is not None  # every provision has a start, if only its entry into force
        if provision.kind == "prohibition":
            until = calendar.instant(provision.id, "until", reading)
            per_reading.append(prohibition_rows(ctx, provision, reading, start, until))
        elif provision.kind == "obligation":
            deadline = calendar.instant(provision.id, "deadline", reading)
            per_reading.append(obligation_rows(ctx, provision, reading, start, deadline))
        else:
            until = calendar.instant(provision.id, "until", reading)
            per_reading.append(power_provision_rows(ctx, provision, reading, start, until))
    return per_reading


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
    least: dict[str, int] = {}
    for row in rows:
        if row.score is not None:
            least[row.provision] = min(row.score, least.get(row.provision, row.score))
    return {p.id: least[p.id] for p in loaded.accord.provisions if p.id in least}


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
