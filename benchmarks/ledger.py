"""How fast servanda's transparency log is, against pymerkle 7 and raw SHA-256, in one run.

Measured on the same entries (64 bytes each) and the same machine:

- durable bulk append (servanda: every perfect-subtree hash stored as C2SP tiles,
  100 000 entries per transaction; pymerkle SqliteTree: its one-transaction bulk append,
  leaf hashes only; pymerkle InmemoryTree: nothing durable);
- single appends from 8 concurrent writer threads, each returning once durable
  (servanda: group commit; pymerkle SqliteTree: one transaction per append);
- inclusion and consistency proofs at the full size, read from storage (servanda: one
  query of a few tile rows per proof, nothing of the tree held in memory), and their
  verification;
- raw ``hashlib.sha256`` of each leaf (``0x00 || entry``): no log can append faster than
  it hashes, so that is the limit an append rate is compared with; for a verification
  the limit is the time of its hashes alone.

Run ``make bench-ledger`` or ``python benchmarks/ledger.py [--entries N]``; it prints a
table and the machine it ran on.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pymerkle
from rich.console import Console
from rich.table import Table

from servanda.ledger import SignerKey, leaf_hash, verify_consistency, verify_inclusion
from servanda.store import LogStore

WRITERS = 8


def per_second(count: int, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return count / (time.perf_counter() - started)


def micros(samples: list[Callable[[], object]]) -> float:
    """Median time of one call, in microseconds (after one warm-up call)."""
    samples[0]()
    times = []
    for sample in samples:
        started = time.perf_counter()
        sample()
        times.append((time.perf_counter() - started) * 1e6)
    return statistics.median(times)


def concurrent(writers: int, each: int, append: Callable[[bytes], object]) -> float:
    """Appends per second from ``writers`` threads, each appending ``each`` entries."""
    start = threading.Barrier(writers + 1)

    def write(writer: int) -> None:
        start.wait()
        for n in range(each):
            append(b"writer %d single %d" % (writer, n))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    return writers * each / (time.perf_counter() - started)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, pymerkle {pymerkle.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000, help="tree size")
    parser.add_argument("--singles", type=int, default=16_000, help="single appends (ours)")
    parser.add_argument("--proofs", type=int, default=2000, help="proofs sampled (ours)")
    parser.add_argument("--dir", type=Path, default=None, help="where the databases go")
    args = parser.parse_args()
    n = args.entries
    rng = random.Random(2015)
    entries = [hashlib.sha256(i.to_bytes(8, "big")).digest() * 2 for i in range(n)]
    console = Console(width=130)
    console.print(f"[bold]transparency log, {n:,} entries of 64 bytes[/]; {machine()}")

    sha = hashlib.sha256
    raw_rate = per_second(n, lambda: [sha(b"\x00" + e).digest() for e in entries])
    pair = sha(b"pair").digest()
    node_us = micros([lambda: sha(b"\x01" + pair + pair).digest()] * 20_000)

    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        ours = LogStore.create(f"sqlite:///{folder}/ours.sqlite", SignerKey.generate("bench/log"))
        chunk = 100_000
        ours_bulk = per_second(
            n, lambda: [ours.append_many(entries[i : i + chunk]) for i in range(0, n, chunk)]
        )
        pm_sqlite = pymerkle.SqliteTree(f"{folder}/pymerkle.sqlite")
        pm_bulk = per_second(n, lambda: pm_sqlite.append_entries(entries))
        pm_memory = pymerkle.InmemoryTree()
        pm_memory_bulk = per_second(n, lambda: pm_memory.append_entries(entries))

        size = n
        indexes = [rng.randrange(size) for _ in range(args.proofs)]
        olds = [rng.randrange(1, size) for _ in range(args.proofs)]
        ours_incl = micros([lambda i=i: ours.inclusion_proof(i, size) for i in indexes])
        ours_cons = micros([lambda s=s: ours.consistency_proof(s, size) for s in olds])
        few = indexes[:20]
        pm_incl = micros([lambda i=i: pm_sqlite.prove_inclusion(i + 1, size) for i in few])
        pm_cons = micros([lambda s=s: pm_sqlite.prove_consistency(s, size) for s in olds[:20]])
        pm_mem_incl = micros([lambda i=i: pm_memory.prove_inclusion(i + 1, size) for i in indexes])
        pm_mem_cons = micros([lambda s=s: pm_memory.prove_consistency(s, size) for s in olds])

        root = ours.root()
        cases = [(i, leaf_hash(entries[i]), ours.inclusion_proof(i, size)) for i in indexes[:500]]
        ours_vi = micros(
            [lambda c=c: verify_inclusion(c[0], size, c[1], c[2], root) for c in cases]
        )
        old_cases = [(s, ours.root(s), ours.consistency_proof(s, size)) for s in olds[:500]]
        ours_vc = micros(
            [lambda c=c: verify_consistency(c[0], size, c[1], root, c[2]) for c in old_cases]
        )
        pm_root = pm_memory.get_root(size)
        pm_cases = [
            (pm_memory.get_leaf(i + 1), pm_memory.prove_inclusion(i + 1, size))
            for i in indexes[:500]
        ]
        pm_vi = micros(
            [lambda c=c: pymerkle.verify_inclusion(c[0], pm_root, c[1]) for c in pm_cases]
        )
        pm_old = [(pm_memory.get_root(s), pm_memory.prove_consistency(s, size)) for s in olds[:500]]
        pm_vc = micros(
            [lambda c=c: pymerkle.verify_consistency(c[0], pm_root, c[1]) for c in pm_old]
        )
        incl_hashes = statistics.mean(len(c[2]) for c in cases)
        cons_hashes = statistics.mean(len(c[2]) + 1 for c in old_cases)

        ours_single = concurrent(WRITERS, args.singles // WRITERS, ours.append)
        pm_single = concurrent(WRITERS, 250, pm_sqlite.append_entry)
        stored = Path(f"{folder}/ours.sqlite").stat().st_size
        ours.close()
        pm_sqlite.close()

    table = Table(title=f"transparency log at {n:,} entries (higher rate / lower time is better)")
    for column in (
        "operation",
        "ours",
        "pymerkle SQLite",
        "pymerkle memory",
        "raw SHA-256 limit",
        "ours ÷ pymerkle SQLite",
        "ours ÷ limit",
    ):
        table.add_column(column, justify="left" if column == "operation" else "right")

    def rate_row(name: str, us: float, pm: float | None, mem: float | None, limit: float) -> None:
        table.add_row(
            name,
            f"{us:,.0f}/s",
            "—" if pm is None else f"{pm:,.0f}/s",
            "—" if mem is None else f"{mem:,.0f}/s",
            f"{limit:,.0f}/s",
            "—" if pm is None else f"{us / pm:.2f}x",
            f"{us / limit:.2f}x",
        )

    def time_row(name: str, us: float, pm: float, mem: float, limit: float | None) -> None:
        table.add_row(
            name,
            f"{us:,.1f} µs",
            f"{pm:,.1f} µs",
            f"{mem:,.1f} µs",
            "—" if limit is None else f"{limit:,.1f} µs",
            f"{pm / us:.1f}x faster" if us < pm else f"{us / pm:.1f}x slower",
            "—" if limit is None else f"{us / limit:.1f}x",
        )

    rate_row("bulk append, durable", ours_bulk, pm_bulk, pm_memory_bulk, raw_rate)
    rate_row(f"single appends, {WRITERS} writers", ours_single, pm_single, None, raw_rate)
    time_row("inclusion proof", ours_incl, pm_incl, pm_mem_incl, None)
    time_row("consistency proof", ours_cons, pm_cons, pm_mem_cons, None)
    time_row("verify inclusion", ours_vi, pm_vi, pm_vi, incl_hashes * node_us)
    time_row("verify consistency", ours_vc, pm_vc, pm_vc, cons_hashes * node_us)
    console.print(table)
    console.print(
        f"ours: {stored / n:.0f} bytes per entry on disk (entries and every subtree hash); "
        "bulk in transactions of 100,000, fsync'd (WAL, synchronous=FULL); proofs at size "
        f"{n:,} from SQLite, median of {args.proofs:,} (pymerkle SQLite: 20); pymerkle "
        "verifies in memory in both columns; single appends: ours "
        f"{args.singles:,}, pymerkle {WRITERS * 250:,}."
    )


if __name__ == "__main__":
    main()
