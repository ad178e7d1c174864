"""The compliance engine at scale, against a hand-written DuckDB query in the same run.

A synthetic accord of 100 provisions (50 prohibitions, 50 obligations) binding 10
parties, watched by 3 monitors, and 1,000,000 reports over 90 days. Measured:

- a full evaluation (every row, guarantee, power and score), cold: no slice or day grid
  is built yet; the columns were indexed by indicator when loaded, as DuckDB's table was
  loaded, and both loads are reported apart;
- the baseline: the same per-day verdicts of every prohibition computed by DuckDB
  (``duckdb_verdicts.py``), with the data already loaded, and a check that both agree;
- re-evaluation after one more record (``Evaluator.add`` then ``assess``);
- peak memory of the evaluation (tracemalloc: NumPy's buffers included) and of the
  whole process.

Run: ``make bench-engine`` or ``python -m benchmarks.engine [--records N]``.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import yaml
from rich.console import Console
from rich.table import Table

from benchmarks.duckdb_verdicts import DuckDBVerdicts
from servanda.accord import LoadedAccord, parse_accord
from servanda.engine import Evaluator, EvidenceTable, evaluate
from servanda.engine._evaluate import _grid, day_verdicts
from servanda.engine._time import VALUE_SCALE, to_us
from servanda.evidence import Record

PARTIES = [f"P{i}" for i in range(10)]
MONITORS = ["M0", "M1", "M2"]
START = datetime(2026, 1, 1, tzinfo=UTC)
DAYS = 90


def synthetic_accord() -> LoadedAccord:
    provisions: list[dict[str, Any]] = []
    for i in range(50):
        provisions.append(
            {
                "id": f"no-{i}",
                "kind": "prohibition",
                "bearers": PARTIES,
                "text": f"Prohibition {i}.",
                "from": "begin",
                "indicator": {"kind": f"violation_{i}", "tolerance": i % 3},
                "verified_by": {"monitors": MONITORS, "quorum": 1 + i % 2},
            }
        )
    for i in range(50):
        provisions.append(
            {
                "id": f"do-{i}",
                "kind": "obligation",
                "bearers": PARTIES,
                "text": f"Obligation {i}.",
                "deadline": {"after": "begin", "days": 30 + i},
                "done_when": {"kind": f"done_{i}"},
                "verified_by": {"monitors": MONITORS, "quorum": 1 + i % 2},
            }
        )
    document = {
        "servanda": 1,
        "id": "synthetic",
        "title": "100 provisions, 10 parties",
        "signed": "2025-12-31",
        "timezone": "Europe/Kyiv",
        "parties": {p: f"Party {p}" for p in PARTIES},
        "monitors": {m: f"Monitor {m}" for m in MONITORS},
        "guarantors": {"G": "Guarantor"},
        "anchors": {"begin": START.isoformat()},
        "provisions": provisions,
        "guarantees": [
            {
                "id": f"g{i}",
                "guarantors": ["G"],
                "triggered_by": {"violated": [f"no-{i}"], "persisting": "2 days"},
                "response": {"kind": "consult", "within": "72 hours"},
            }
            for i in range(10)
        ],
        "reciprocity": {"material_breach": {"provisions": [f"no-{i}" for i in range(10)]}},
    }
    return parse_accord(yaml.safe_dump(document, sort_keys=False), "synthetic.yaml")


def synthetic_evidence(loaded: LoadedAccord, count: int) -> EvidenceTable:
    """``count`` reports, as columns directly (parsing a million JSON lines is not what
    is measured here)."""
    rng = np.random.default_rng(2026)
    indicator = rng.integers(0, 100, count)
    occurred = to_us(START) + rng.integers(0, DAYS * 86_400_000_000, count)
    delay = rng.integers(0, 2 * 86_400_000_000, count)
    # Violations: mostly reports of nothing; obligations' reports: presence is what counts.
    value = np.where(rng.random(count) < 0.85, 0, rng.integers(1, 4, count)) * VALUE_SCALE
    names = [f"violation_{i}" for i in range(50)] + [f"done_{i}" for i in range(50)]
    order = sorted(range(100), key=lambda i: names[i])
    code = np.empty(100, dtype=np.int64)
    code[order] = np.arange(100)
    return EvidenceTable(
        parties=list(PARTIES),
        monitors=list(MONITORS),
        indicators=sorted(names),
        ids=[f"r{i:07d}" for i in range(count)],
        monitor=rng.integers(0, 3, count).astype(np.int64),
        indicator=code[indicator],
        party=rng.integers(0, 10, count).astype(np.int64),
        value=value.astype(np.int64),
        occurred=occurred.astype(np.int64),
        recorded=(occurred + delay).astype(np.int64),
    )


def fresh(table: EvidenceTable) -> EvidenceTable:
    """The same indexed table with no slices or day grids built: a cold evaluation."""
    table.forget()
    return table


def best(action: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        gc.collect()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    console = Console(width=110)
    loaded = synthetic_accord()
    base = synthetic_evidence(loaded, args.records)
    started = time.perf_counter()
    base.index()
    index_s = time.perf_counter() - started
    as_of = START + timedelta(days=DAYS, hours=12)

    engine_s = best(lambda: evaluate(loaded, fresh(base), as_of), args.rounds)
    tracemalloc.start()
    evaluate(loaded, fresh(base), as_of)
    _, engine_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    table = fresh(base)
    grid = _grid(loaded, table, to_us(as_of))
    started = time.perf_counter()
    duck = DuckDBVerdicts(loaded, table, grid)
    load_s = time.perf_counter() - started
    duck_s = best(lambda: duck.verdicts(as_of), args.rounds)
    engine_days_s = best(lambda: day_verdicts(loaded, fresh(base), as_of), args.rounds)
    ours = day_verdicts(loaded, table, as_of)
    theirs = duck.verdicts(as_of)
    agree = ours == theirs
    days_judged = sum(len(letters) for letters in ours.values())

    evaluator = Evaluator(loaded, fresh(base))
    evaluator.assess(as_of)
    timings = []
    for i in range(25):
        record = Record(
            id=f"extra-{i:02d}",
            kind="report",
            occurred_at=START + timedelta(days=40, minutes=i),
            recorded_at=START + timedelta(days=41),
            monitor=MONITORS[i % 3],
            indicator=f"violation_{i}" if i % 2 else f"done_{i}",
            party=PARTIES[i % 10],
            value=Decimal(3),
        )
        started = time.perf_counter()
        evaluator.add(record)
        evaluator.assess(as_of)
        timings.append(time.perf_counter() - started)
    incremental_s = statistics.median(timings)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    out = Table(title=f"compliance engine, {args.records:,} records, best of {args.rounds}")
    for column in ("what", "records", "seconds", "vs DuckDB", "memory"):
        out.add_column(column, justify="left" if column == "what" else "right")
    out.add_row(
        "full evaluation (every row, cold)",
        f"{args.records:,}",
        f"{engine_s:.3f}",
        f"{engine_s / duck_s:.2f}x",
        f"{engine_peak / 2**20:,.0f} MiB peak",
    )
    out.add_row(
        "day verdicts only (engine)",
        f"{args.records:,}",
        f"{engine_days_s:.3f}",
        f"{engine_days_s / duck_s:.2f}x",
        "",
    )
    out.add_row(
        "day verdicts (DuckDB SQL, baseline)", f"{args.records:,}", f"{duck_s:.3f}", "1.00x", ""
    )
    out.add_row("  DuckDB load (not in its time)", f"{args.records:,}", f"{load_s:.3f}", "", "")
    out.add_row(
        "  engine load: index by indicator (not in its time)",
        f"{args.records:,}",
        f"{index_s:.3f}",
        "",
        "",
    )
    out.add_row(
        "re-evaluation after one record (median of 25)",
        f"{args.records + 1:,}",
        f"{incremental_s * 1000:.2f} ms",
        "",
        "",
    )
    out.add_row("whole process", "", "", "", f"{rss / 2**20:,.0f} MiB peak RSS")
    console.print(out)
    console.print(
        f"{days_judged:,} day verdicts over {len(ours)} prohibition rows; engine and DuckDB "
        f"{'agree' if agree else 'DISAGREE'}."
    )
    if not agree:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
