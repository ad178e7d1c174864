"""Shared paths and builders for servanda's tests."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from servanda.accord import LoadedAccord, parse_accord

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
INVALID = ROOT / "tests" / "dsl_invalid"


def accord(
    body: str, *, timezone: str = "Europe/Kyiv", assume: dict[str, date] | None = None
) -> LoadedAccord:
    """Parse a small accord: a fixed header (parties UA, RU and CADLR) plus ``body``."""
    header = textwrap.dedent(
        f"""\
        servanda: 1
        id: test
        title: Test accord
        signed: 2015-02-12
        timezone: {timezone}
        parties: {{UA: Ukraine, RU: Russian Federation, CADLR: Certain areas}}
        monitors: {{OSCE-SMM: OSCE Special Monitoring Mission}}
        """
    )
    return parse_accord(header + textwrap.dedent(body), "test.yaml", assume=assume)
