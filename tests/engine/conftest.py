"""Collects the scenario tests that accords carry: one pytest item per scenario.

A scenario is facts in (evidence at ``as_of``), verdicts out; each file under
``tests/engine/scenarios/`` is an accord whose ``tests:`` work the rules by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from servanda.accord import LoadedAccord, parse_accord
from servanda.engine import run_scenario


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.File | None:
    if file_path.suffix == ".yaml" and file_path.parent.name == "scenarios":
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        loaded = parse_accord(self.path.read_text(encoding="utf-8"), str(self.path))
        for index, scenario in enumerate(loaded.accord.tests):
            yield ScenarioItem.from_parent(self, name=scenario.name, loaded=loaded, index=index)


class ScenarioFailed(Exception):
    pass


class ScenarioItem(pytest.Item):
    def __init__(self, *, loaded: LoadedAccord, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.loaded, self.index = loaded, index

    def runtest(self) -> None:
        outcome = run_scenario(self.loaded, self.index)
        if not outcome.passed:
            raise ScenarioFailed("\n".join(outcome.failures))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailed):
            return f"scenario {self.name!r} failed:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.loaded.line_of(("tests", self.index))
        return self.path, (line - 1 if line else None), f"scenario: {self.name}"
