"""The Minsk II demo evidence: what its verdicts are, worked by hand from the script."""

from __future__ import annotations

import importlib.util
from datetime import datetime
from zoneinfo import ZoneInfo

from servanda.accord import parse_accord
from servanda.engine import evaluate
from servanda.evidence import parse_evidence
from tests.conftest import ROOT

KYIV = ZoneInfo("Europe/Kyiv")
LOADED = parse_accord((ROOT / "examples/minsk-ii.yaml").read_text(encoding="utf-8"), "m")
EVIDENCE = parse_evidence(
    (ROOT / "examples/minsk-ii.jsonl").read_text(encoding="utf-8"), "e", LOADED
)


def test_the_committed_file_is_what_the_script_writes() -> None:
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts/minsk_ii_evidence.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "examples/minsk-ii.jsonl").read_text(encoding="utf-8") == module.render()
    assert all("synthetic" in (r.source or "") for r in EVIDENCE.records)


def row(data: dict, provision: str, party: str, reading: str | None = None) -> dict:  # type: ignore[type-arg]
    (found,) = [
        r
        for r in data["results"]
        if (r["provision"], r["party"], r["reading"]) == (provision, party, reading)
    ]
    return found  # type: ignore[no-any-return]


def test_as_of_april_the_ceasefire_shows_a_contested_and_an_unverified_fact() -> None:
    data = evaluate(LOADED, EVIDENCE, datetime(2015, 4, 1, tzinfo=KYIV)).to_json()
    ua = row(data, "ceasefire", "UA")
    # Both monitors asserted violations on 15-18 and 25 Feb and 18 Mar: 6 verified days.
    assert ua["breached_periods"] == [
        "2015-02-15",
        "2015-02-16",
        "2015-02-17",
        "2015-02-18",
        "2015-02-25",
        "2015-03-18",
    ]
    # 22 Feb: only the JCCC asserted; one monitor of the two needed: unverified.
    assert ua["periods"] == {"breached": 6, "compliant": 38, "unknown": 1}
    assert ua["final"] is False
    assert "contested on 2015-02-25" in ua["why"]
    assert "1 day(s) with a violation short of the quorum" in ua["why"]
    cadlr = row(data, "ceasefire", "CADLR")
    # 25 Feb (SMM alone) and 27 Mar (JCCC alone) are unverified.
    assert cadlr["periods"] == {"breached": 8, "compliant": 35, "unknown": 2}
    assert cadlr["breached_periods"][-1] == "2015-03-10"


def test_the_withdrawal_is_judged_under_each_reading() -> None:
    data = evaluate(LOADED, EVIDENCE, datetime(2015, 4, 1, tzinfo=KYIV)).to_json()
    states = {
        reading: row(data, "heavy-weapons-withdrawal", "CADLR", reading)["state"]
        for reading in LOADED.calendar.readings["heavy-weapons-withdrawal"]
    }
    # Verified on 3 Mar: after 2 Mar (counted from the ceasefire), before 4 or 5 Mar.
    assert states == {
        "reuters-from-ceasefire": "violated",
        "reuters-from-start": "fulfilled",
        "kyivpost-from-ceasefire": "violated",
        "kyivpost-from-start": "fulfilled",
    }
    assert {"provision": "heavy-weapons-withdrawal", "party": "CADLR", "states": states} in (
        data["disagreements"]
    )
    assert data["score"]["provisions"]["heavy-weapons-withdrawal"] == 2


def test_replaying_the_first_of_march_sees_only_what_was_recorded_by_then() -> None:
    data = evaluate(LOADED, EVIDENCE, datetime(2015, 3, 1, tzinfo=KYIV)).to_json()
    ua = row(data, "ceasefire", "UA")
    # The SMM's report for 28 Feb is recorded on 1 Mar at 12:00, after this moment.
    assert ua["periods"] == {"breached": 5, "compliant": 8, "unknown": 1}
    assert row(data, "heavy-weapons-withdrawal", "UA", "reuters-from-ceasefire")["state"] == (
        "in_effect"
    )
