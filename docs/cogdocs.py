"""Helpers that cog runs to write command output into the docs, so the docs stay true.

``make docs`` regenerates every block; ``tests/test_docs.py`` runs ``cog --check`` and
fails when a block is stale, so an example whose output changed cannot go unnoticed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import cog  # type: ignore[import-not-found]  # provided by cogapp while it runs
import typer
from typer.testing import CliRunner

from servanda.cli import app

ROOT = Path(__file__).resolve().parent.parent
WIDTH = "100"
_SCRATCH: dict[str, Path] = {}


def scratch(name: str, *paths: str) -> None:
    """Start the walk-through ``name`` in an empty directory holding copies of ``paths``
    (repository files or folders, at the same relative paths); ``run(..., where=name)``
    then runs there, so a walk-through's database and files never touch the tree."""
    folder = Path(tempfile.mkdtemp(prefix=f"servanda-docs-{name}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for path in paths:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / path).is_dir():
            shutil.copytree(ROOT / path, target)
        else:
            shutil.copy(ROOT / path, target)
    _SCRATCH[name] = folder


def run(
    *args: str, width: str = WIDTH, lines: tuple[int, int] | None = None, where: str | None = None
) -> None:
    """Write ``$ servanda ARGS`` and what it prints (stdout, then stderr) as a text block;
    ``lines=(first, last)`` keeps only those lines (1-based), marking the cut; ``where``
    names a ``scratch`` walk-through to run in."""
    env: dict[str, str | None] = {"COLUMNS": width, "NO_COLOR": "1"}
    here = os.getcwd()
    try:
        if where is not None:
            os.chdir(_SCRATCH[where])
            env["SERVANDA_DB"] = None  # the walk-through's own database, servanda.db there
        result = CliRunner().invoke(app, list(args), env=env)
    finally:
        os.chdir(here)
    output = (result.stdout + result.stderr).rstrip()
    lines_out = [line.rstrip() for line in output.splitlines()]
    if lines is not None:
        cut = len(lines_out) - lines[1]
        lines_out = lines_out[lines[0] - 1 : lines[1]]
        if cut > 0:
            lines_out.append(f"... ({cut} more lines)")
    cog.outl("```console")
    cog.outl(f"$ servanda {' '.join(args)}")
    for line in lines_out:
        cog.outl(line)
    if result.exit_code:
        cog.outl(f"$ echo $?\n{result.exit_code}")
    cog.outl("```")


def show(path: str) -> None:
    """Write a file of the repository as a fenced YAML block."""
    text = (ROOT / path).read_text(encoding="utf-8").rstrip()
    cog.outl(f"```yaml\n# {path}\n{text}\n```")


def command_paths(typer_app: typer.Typer = app, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every command of the program, groups included, as ``"log witness add"``, in order:
    plain commands, then each group followed by its commands (as ``--help`` lists them)."""
    paths: list[str] = []
    for command in typer_app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        paths.append(" ".join((*prefix, name)))
    for group in typer_app.registered_groups:
        sub = group.typer_instance
        assert sub is not None
        name = group.name if isinstance(group.name, str) else sub.info.name
        assert isinstance(name, str)
        paths.append(" ".join((*prefix, name)))
        paths.extend(command_paths(sub, (*prefix, name)))
    return paths


def reference() -> None:
    """The help of the program and of every command and group, in order."""
    run("--help")
    for path in command_paths():
        cog.outl(f"\n## servanda {path}\n")
        run(*path.split(), "--help")
