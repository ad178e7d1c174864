"""The documentation runs: generated blocks are current, examples are valid, commands listed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from servanda.accord import parse_accord
from servanda.cli import app
from tests.conftest import ROOT

DOCS = ["README.md", "docs/accord-language.md", "docs/cli-reference.md"]
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


def test_every_command_is_in_the_reference() -> None:
    reference = (ROOT / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    assert names == ["check", "timeline"]
    for name in names:
        assert f"## servanda {name}\n" in reference
        assert f"$ servanda {name} --help" in reference


def test_the_readme_gives_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme
    assert "docs/accord-language.md" in readme
