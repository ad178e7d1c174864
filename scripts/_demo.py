"""What the ``make demo`` scripts share: run the real ``servanda`` command, show it, check it."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVANDA = str(Path(sys.executable).with_name("servanda"))


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def run(*args: str, expect: int = 0, show: bool = True) -> str:
    """Run ``servanda ARGS``, print it and what it printed; fail unless it exits ``expect``."""
    shown = " ".join(shlex.quote(a) for a in args)
    print(f"$ servanda {shown}", flush=True)
    done = subprocess.run([SERVANDA, *args], capture_output=True, text=True, check=False, cwd=ROOT)
    if show:
        print((done.stdout + done.stderr).rstrip(), flush=True)
    if done.returncode != expect:
        sys.exit(f"demo: expected exit {expect}, got {done.returncode}: {done.stderr.strip()}")
    return done.stdout
