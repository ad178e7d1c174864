"""Helpers that cog runs to write command output into the docs, so the docs stay true.

``make docs`` regenerates every block; ``tests/test_docs.py`` runs ``cog --check`` and
fails when a block is stale, so an example whose output changed cannot go unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import cog  # type: ignore[import-not-found]  # provided by cogapp while it runs
from typer.testing import CliRunner

from servanda.cli import app

ROOT = Path(__file__).resolve().parent.parent
WIDTH = "100"


def run(*args: str, width: str = WIDTH) -> None:
    """Write ``$ servanda ARGS`` and what it prints (stdout, then stderr) as a text block."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": width, "NO_COLOR": "1"})
    output = (result.stdout + result.stderr).rstrip()
    lines = [line.rstrip() for line in output.splitlines()]
    cog.outl("```console")
    cog.outl(f"$ servanda {' '.join(args)}")
    for line in lines:
        cog.outl(line)
    if result.exit_code:
        cog.outl(f"$ echo $?\n{result.exit_code}")
    cog.outl("```")


def show(path: str) -> None:
    """Write a file of the repository as a fenced YAML block."""
    text = (ROOT / path).read_text(encoding="utf-8").rstrip()
    cog.outl(f"```yaml\n# {path}\n{text}\n```")


def reference() -> None:
    """The help of the program and of every command, in order."""
    run("--help")
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        cog.outl(f"\n## servanda {name}\n")
        run(name, "--help")
