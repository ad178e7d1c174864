"""``servanda assess``, ``servanda test`` and ``timeline --evidence`` as users run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.cli import app
from tests.conftest import ROOT

runner = CliRunner()

ACCORD = """\
servanda: 1
id: small
title: A small accord
signed: 2015-02-12
timezone: Europe/Kyiv
parties: {UA: Ukraine, CADLR: Certain areas}
monitors: {OSCE-SMM: OSCE Special Monitoring Mission}
guarantors: {DE: Germany}
anchors:
  ceasefire: 2015-02-15T00:00
provisions:
  - id: ceasefire
    kind: prohibition
    bearers: [UA, CADLR]
    text: Cease fire.
    from: ceasefire
    indicator: {kind: ceasefire_violation}
    verified_by: {monitors: [OSCE-SMM]}
guarantees:
  - id: consult
    guarantors: [DE]
    triggered_by: {violated: [ceasefire]}
    response: {kind: consult, within: 72 hours}
reciprocity:
  material_breach: {provisions: [ceasefire]}
"""
EVIDENCE = (
    '{"id": "smm-2015-02-16-01", "kind": "report", "monitor": "OSCE-SMM", "indicator": '
    '"ceasefire_violation", "party": "UA", "occurred_at": "2015-02-16T10:40+02:00", '
    '"recorded_at": "2015-02-16T18:00+02:00"}\n'
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    accord, evidence = tmp_path / "small.yaml", tmp_path / "small.jsonl"
    accord.write_text(ACCORD, encoding="utf-8")
    evidence.write_text(EVIDENCE, encoding="utf-8")
    return accord, evidence


def test_assess_prints_the_canonical_json(files: tuple[Path, Path]) -> None:
    accord, evidence = files
    args = ["assess", str(accord), "--evidence", str(evidence), "--as-of", "2015-02-18"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert result.stdout == json.dumps(data, indent=2, sort_keys=True) + "\n"
    assert data["as_of"] == "2015-02-18T00:00:00+02:00"
    assert data["results"][0] == {
        "provision": "ceasefire",
        "party": "UA",
        "kind": "prohibition",
        "reading": None,
        "state": "breached",
        "final": True,
        "since": "2015-02-16T00:00:00+02:00",
        "breached_periods": ["2015-02-16"],
        "evidence": ["smm-2015-02-16-01"],
        "periods": {"breached": 1, "compliant": 0, "unknown": 2},
        "why": "1 verified ceasefire_violation by UA on 2015-02-16 (tolerance 0)",
        "allegations": [],
    }
    assert data["allegations"] == []
    assert data["guarantees"] == [
        {
            "guarantee": "consult",
            "state": "triggered",
            "since": "2015-02-16T00:00:00+02:00",
            "due": "2015-02-19T00:00:00+02:00",
            "evidence": ["smm-2015-02-16-01"],
            "why": "triggered by ceasefire by UA on 2015-02-16T00:00:00+02:00; response due "
            "by 2015-02-19T00:00:00+02:00",
        }
    ]
    assert [(p["holder"], p["against"], p["state"]) for p in data["powers"]] == [
        ("UA", "CADLR", "dormant"),
        ("CADLR", "UA", "available"),
    ]
    assert data["score"] == {"provisions": {"ceasefire": 1}, "percent": 33.3}


def test_the_same_moment_gives_the_same_bytes(files: tuple[Path, Path]) -> None:
    accord, evidence = files
    args = ["assess", str(accord), "-e", str(evidence), "--as-of", "2015-02-18T00:00+02:00"]
    assert runner.invoke(app, args).stdout == runner.invoke(app, args).stdout


def test_assess_as_csv_and_as_a_table(files: tuple[Path, Path]) -> None:
    accord, evidence = files
    base = ["assess", str(accord), "-e", str(evidence), "--as-of", "2015-02-18"]
    csv = runner.invoke(app, [*base, "--format", "csv"]).stdout.splitlines()
    assert csv[0] == (
        "section,subject,party,against,reading,kind,state,final,since,due,breached,"
        "compliant,unknown,breached_periods,evidence,allegations,why"
    )
    assert csv[1] == (
        "result,ceasefire,UA,,,prohibition,breached,true,2015-02-16T00:00:00+02:00,,1,0,2,"
        "2015-02-16,smm-2015-02-16-01,,1 verified ceasefire_violation by UA on 2015-02-16 "
        "(tolerance 0)"
    )
    assert csv[3].startswith("guarantee,consult,,,,,triggered,,2015-02-16T00:00:00+02:00,")
    assert csv[4] == (
        "power,suspend,UA,CADLR,,,dormant,,,,,,,,,,no material breach by CADLR of ceasefire"
    )
    assert csv[5].startswith("power,suspend,CADLR,UA,,,available,,2015-02-16T00:00:00+02:00,")
    table = runner.invoke(app, [*base, "--format", "table"], env={"COLUMNS": "120"}).stdout
    assert "small as of 2015-02-18T00:00:00+02:00" in table
    assert "score: 33.3% implemented (Peace Accords Matrix 0-3: ceasefire 1)" in table


ALLEGATION_AND_DENIAL = (
    '{"id": "st-1", "kind": "statement", "speaker": "Eduard Basurin", "party": "CADLR", '
    '"act": "allegation", "target": "UA", "provisions": ["ceasefire"], '
    '"quote": "Ukrainian forces shelled Horlivka overnight.", '
    '"occurred_at": "2015-02-16T12:00+02:00", "recorded_at": "2015-02-16T13:00+02:00"}\n'
    '{"id": "st-2", "kind": "statement", "speaker": "Andriy Lysenko", "party": "UA", '
    '"act": "denial", "denies": ["smm-2015-02-16-01"], '
    '"quote": "Our forces did not open fire.", '
    '"occurred_at": "2015-02-16T15:00+02:00", "recorded_at": "2015-02-16T16:00+02:00"}\n'
    '{"id": "st-3", "kind": "statement", "speaker": "Andriy Lysenko", "party": "UA", '
    '"act": "allegation", "target": "CADLR", "quote": "The militants keep shelling.", '
    '"occurred_at": "2015-02-19T09:00+02:00", "recorded_at": "2015-02-19T10:00+02:00"}\n'
)


def test_allegations_are_shown_beside_verdicts_and_a_denial_contests(
    files: tuple[Path, Path],
) -> None:
    accord, evidence = files
    evidence.write_text(EVIDENCE + ALLEGATION_AND_DENIAL, encoding="utf-8")
    base = ["assess", str(accord), "-e", str(evidence), "--as-of", "2015-02-18"]
    data = json.loads(runner.invoke(app, base).stdout)
    ua, cadlr = data["results"]
    # The allegation sits beside UA's row; the verdict still rests on the monitor's
    # report alone, and UA's own denial of it makes the breach provisional.
    assert (ua["state"], ua["final"], ua["evidence"]) == (
        "breached",
        False,
        ["smm-2015-02-16-01"],
    )
    assert ua["allegations"] == ["st-1"]
    assert cadlr["allegations"] == []
    # st-3 was said after the moment assessed, so it is not seen yet.
    assert data["allegations"] == [
        {
            "id": "st-1",
            "speaker": "Eduard Basurin",
            "party": "CADLR",
            "target": "UA",
            "provisions": ["ceasefire"],
            "occurred_at": "2015-02-16T12:00:00+02:00",
            "quote": "Ukrainian forces shelled Horlivka overnight.",
        }
    ]
    later = json.loads(runner.invoke(app, [*base[:-1], "2015-02-20"]).stdout)
    # An allegation naming no provision concerns no row: listed, never placed on one.
    assert [a["id"] for a in later["allegations"]] == ["st-1", "st-3"]
    assert later["results"][1]["allegations"] == []
    csv = runner.invoke(app, [*base, "--format", "csv"]).stdout.splitlines()
    assert csv[1].split(",")[14:16] == ["smm-2015-02-16-01", "st-1"]
    assert csv[-1] == (
        "allegation,ceasefire,CADLR,UA,,,,,2015-02-16T12:00:00+02:00,,,,,,st-1,,"
        "Eduard Basurin: Ukrainian forces shelled Horlivka overnight."
    )
    table = runner.invoke(app, [*base, "--format", "table"], env={"COLUMNS": "160"}).stdout
    assert "alleged by 1 statement: st-1" in table
    assert "CADLR → UA" in table
    assert "Eduard Basurin · st-1" in table


def test_bad_evidence_exits_2_and_prints_nothing_on_stdout(files: tuple[Path, Path]) -> None:
    accord, evidence = files
    evidence.write_text(EVIDENCE + EVIDENCE.replace('"UA"', '"XX"'), encoding="utf-8")
    result = runner.invoke(app, ["assess", str(accord), "-e", str(evidence)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {evidence}:2: party: unknown party 'XX' (the accord lists UA, CADLR)\n"
    )


def test_a_bad_moment_is_refused(files: tuple[Path, Path]) -> None:
    accord, evidence = files
    result = runner.invoke(app, ["assess", str(accord), "-e", str(evidence), "--as-of", "soon"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --as-of 'soon': 'soon' is not a valid date")


def test_timeline_with_evidence_lists_each_change_of_state(files: tuple[Path, Path]) -> None:
    accord, evidence = files
    result = runner.invoke(
        app,
        [
            "timeline",
            str(accord),
            "-e",
            str(evidence),
            "--every",
            "day",
            "--format",
            "json",
            "--until",
            "2015-02-19T12:00",
        ],
    )
    assert result.exit_code == 0, result.output
    changes = [
        (c["as_of"], c["section"], c["subject"], c["party"], c["from"], c["to"])
        for c in json.loads(result.stdout)["changes"]
    ]
    assert changes == [
        ("2015-02-13T00:00:00+02:00", "result", "ceasefire", "UA", None, "unknown"),
        ("2015-02-13T00:00:00+02:00", "result", "ceasefire", "CADLR", None, "unknown"),
        ("2015-02-13T00:00:00+02:00", "guarantee", "consult", None, None, "dormant"),
        ("2015-02-13T00:00:00+02:00", "power", "suspend", "UA", None, "dormant"),
        ("2015-02-13T00:00:00+02:00", "power", "suspend", "CADLR", None, "dormant"),
        ("2015-02-17T00:00:00+02:00", "result", "ceasefire", "UA", "unknown", "breached"),
        ("2015-02-17T00:00:00+02:00", "guarantee", "consult", None, "dormant", "triggered"),
        ("2015-02-17T00:00:00+02:00", "power", "suspend", "CADLR", "dormant", "available"),
        ("2015-02-20T00:00:00+02:00", "guarantee", "consult", None, "triggered", "violated"),
    ]


def test_the_test_command_runs_scenarios_and_fails_on_a_mismatch(tmp_path: Path) -> None:
    passing = ROOT / "tests" / "engine" / "scenarios" / "obligations.yaml"
    result = runner.invoke(app, ["test", str(passing)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"PASS {passing}:37 an obligation is pending before its start"
    )
    failing = tmp_path / "failing.yaml"
    failing.write_text(
        passing.read_text(encoding="utf-8").replace(
            "state: pending, final: false", "state: in_effect, final: false"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["test", str(failing)])
    assert result.exit_code == 1
    assert f"FAIL {failing}:37 an obligation is pending before its start" in result.stdout
    assert (
        "     results[provision=withdrawal, party=UA]: state is 'pending', expected 'in_effect'"
        in result.stdout
    )
