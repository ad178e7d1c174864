"""Every refusal of the accord language, one file each, with the exact message it must give.

Each ``tests/dsl_invalid/NAME.yaml`` is paired with ``NAME.expected``: the lines
``servanda check`` prints for it, each naming the file, line, field and what is wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from servanda.accord import parse_accord
from servanda.errors import AccordError
from tests.conftest import INVALID, ROOT

CASES = sorted(INVALID.glob("*.yaml"))


def expected_lines(case: Path) -> list[str]:
    text = case.with_suffix(".expected").read_text(encoding="utf-8")
    return [line.removeprefix("error: ") for line in text.splitlines()]


def test_every_invalid_accord_has_its_expected_messages() -> None:
    assert len(CASES) >= 30
    missing = [c.name for c in CASES if not c.with_suffix(".expected").exists()]
    assert missing == []


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_accord_is_refused_with_its_messages(case: Path) -> None:
    source = str(case.relative_to(ROOT))
    with pytest.raises(AccordError) as caught:
        parse_accord(case.read_text(encoding="utf-8"), source)
    assert [str(problem) for problem in caught.value.problems] == expected_lines(case)
