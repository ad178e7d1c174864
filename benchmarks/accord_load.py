"""How long loading an accord takes, against the plain YAML parse it is built on.

Baseline, in the same process: ``yaml.safe_load`` (PyYAML's pure-Python SafeLoader) of
the same text, which builds values but checks nothing. servanda's load adds the strict
composer, the schema, cross-references, the calendar and the warnings. Run with
``make bench`` or ``python benchmarks/accord_load.py``; it prints a table.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

from servanda.accord import parse_accord

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 30


def best_ms(action: Callable[[], object]) -> float:
    """Median of ROUNDS runs, in milliseconds (after one warm-up run)."""
    action()
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    table = Table(title=f"accord load, median of {ROUNDS} runs")
    for column in ("accord", "lines", "instants", "yaml.safe_load ms", "parse_accord ms", "ratio"):
        table.add_column(column, justify="right" if column != "accord" else "left")
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        loaded = parse_accord(text, str(path))
        baseline = best_ms(lambda text=text: yaml.load(text, Loader=yaml.SafeLoader))
        ours = best_ms(lambda text=text, path=path: parse_accord(text, str(path)))
        table.add_row(
            path.stem,
            str(text.count("\n")),
            str(len(loaded.calendar.instants) + len(loaded.calendar.anchors)),
            f"{baseline:.2f}",
            f"{ours:.2f}",
            f"{ours / baseline:.2f}x",
        )
    Console(width=110).print(table)


if __name__ == "__main__":
    main()
