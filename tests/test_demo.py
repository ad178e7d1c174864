"""The parts of ``make demo`` that are scripts run end to end, as a new user runs them."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def _demo(script: str) -> str:
    done = subprocess.run(
        [sys.executable, f"scripts/{script}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def test_the_ledger_demo_cosigns_and_verifies_offline() -> None:
    out = _demo("demo_ledger.py")
    assert "stopped 2 witnesses" in out
    assert out.count("\nvalid: ") == 2  # the accord's proof and the evidence record's


def test_the_evidence_demo_stores_signed_and_imported_records_and_assesses_them() -> None:
    out = _demo("demo_evidence.py")
    assert "added 2 records about minsk-events (0 already stored)" in out
    assert "the record was changed after it was signed" in out
    assert "40 rows, 0 records added, 29 already stored" in out  # the second ACLED import
    assert "wrote 80 records about minsk-events" in out
    assert "score: 33.3% implemented" in out
