"""The documentation runs: generated blocks are current, examples are valid, commands listed."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from servanda.accord import parse_accord
from servanda.cli import app
from tests.conftest import ROOT

DOCS = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]
DOC_EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.yaml"))


def test_generated_blocks_in_the_docs_are_current() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "-I", "docs", *DOCS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, (
        "docs are stale; run `make docs`\n" + completed.stdout + completed.stderr
    )


@pytest.mark.parametrize("path", DOC_EXAMPLES, ids=[p.stem for p in DOC_EXAMPLES])
def test_every_example_in_the_language_reference_is_a_valid_accord(path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    parse_accord(text, str(path))
    reference = (ROOT / "docs" / "accord-language.md").read_text(encoding="utf-8")
    assert f"docs/examples/{path.name}" in reference  # type: ignore[attr-defined]


def command_paths(typer_app: typer.Typer = app, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every command, groups included (``"log witness add"``), as ``--help`` lists them."""
    paths: list[str] = []
    for command in typer_app.registered_commands:
        assert command.callback is not None
        paths.append(" ".join((*prefix, command.name or command.callback.__name__)))
    for group in typer_app.registered_groups:
        assert group.typer_instance is not None
        name = group.typer_instance.info.name
        assert isinstance(name, str)
        paths.append(" ".join((*prefix, name)))
        paths.extend(command_paths(group.typer_instance, (*prefix, name)))
    return paths


LEDGER_COMMANDS = [
    "verify",
    *("keys", "keys new", "keys show"),
    *("log", "log init", "log append", "log checkpoint", "log proof", "log tiles"),
    *("log policy", "log witness", "log witness add", "log witness list"),
    *("witness", "witness serve", "witness evidence"),
]


def test_every_command_is_in_the_reference() -> None:
    reference = (ROOT / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    assert names[:2] == ["check", "timeline"]
    paths = command_paths()  # groups too: "log witness add"
    assert [p for p in paths if p in LEDGER_COMMANDS] == LEDGER_COMMANDS
    for path in paths:
        assert f"## servanda {path}\n" in reference
        assert f"$ servanda {path} --help" in reference


def test_the_readme_gives_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme
    assert "docs/accord-language.md" in readme
    assert "docs/evidence.md" in readme
