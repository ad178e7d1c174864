"""``servanda statements extract``: the formats, the accord, and one-line errors."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.accord import parse_accord
from servanda.cli import app
from servanda.evidence import parse_evidence
from servanda.statements import accord_registry, load_registry, provision_keywords, provisions_of
from tests.conftest import ROOT

SEED = ROOT / "tests" / "data" / "statements" / "docs" / "seed-article.txt"
MINSK = ROOT / "examples" / "minsk-ii.yaml"
TEXT = (
    "Kyiv, 16 February 2015\n\n"
    "The OSCE Special Monitoring Mission said on Monday that it had recorded shelling "
    "near Debaltseve. Ukraine's military spokesman accused the Donetsk People's Republic "
    "of shelling positions near Debaltseve in violation of the ceasefire. Russia called on "
    "Ukraine to start the withdrawal of heavy weapons."
)


def _run(*args: str, width: str = "200") -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": width})
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_gives_one_record_per_statement_with_the_path_as_given() -> None:
    code, out, _ = _run("statements", "extract", str(SEED), "--published", "2025-12-12")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    assert all(r["document"] == str(SEED) for r in records)
    assert set(records[0]) == {
        "document",
        "speaker",
        "party",
        "act",
        "target",
        "quote",
        "start",
        "end",
        "date",
        "provisions",
    }


@pytest.mark.parametrize("width", ["200", "60"])
def test_the_table_names_speaker_party_act_and_target(width: str) -> None:
    code, out, _ = _run("statements", "extract", str(SEED), "--format", "table", width=width)
    assert code == 0
    assert out.splitlines()[0].split() == ["speaker", "party", "act", "target", "date", "quote"]
    assert any(line.split()[:4] == ["Sergey", "Lavrov", "RU", "offer"] for line in out.splitlines())


def test_evidence_records_load_as_evidence_of_the_accord(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    code, out, err = _run(
        "statements",
        "extract",
        str(article),
        "--accord",
        str(MINSK),
        "--format",
        "evidence",
        "--recorded-at",
        "2015-02-17T12:00+02:00",
    )
    assert code == 0, err
    loaded = parse_accord(MINSK.read_text(encoding="utf-8"), str(MINSK))
    evidence = parse_evidence(out, "statements.jsonl", loaded)
    by_party = {(r.party, r.act): r for r in evidence.records}
    assert "OSCE-SMM" in {party for party, _ in by_party}  # a monitor speaks as its id
    alleged = by_party[("UA", "allegation")]
    assert alleged.target == "CADLR"
    assert alleged.provisions == ("ceasefire",)
    assert alleged.occurred_at.date().isoformat() == "2015-02-16"
    demand = by_party[("RU", "demand")]
    assert demand.target == "UA"
    assert "heavy-weapons-withdrawal" in demand.provisions


def test_an_accord_maps_registry_codes_to_its_own_ids() -> None:
    loaded = parse_accord(MINSK.read_text(encoding="utf-8"), str(MINSK))
    registry = accord_registry(load_registry(), loaded)
    assert registry.party_of("OSCE") == "OSCE-SMM"
    assert registry.party_of("Donetsk People's Republic") == "CADLR"
    assert registry.party_of("Russian Federation") == "RU"
    keywords = provision_keywords(loaded)
    assert provisions_of("shelling in violation of the truce", keywords)[0] == "ceasefire"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "error: missing.txt: no such file"),
        ([str(SEED), "--published", "12/12/2025"], "is not a date; use YYYY-MM-DD"),
        ([str(SEED), "--format", "evidence"], "--format evidence needs --accord"),
    ],
    ids=["no-file", "bad-date", "evidence-without-accord"],
)
def test_errors_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = _run("statements", "extract", *args)
    assert code == 2
    assert out == ""
    (line,) = err.strip().splitlines()
    assert message in line


def test_records_of_several_files_come_out_file_by_file(tmp_path: Path) -> None:
    second = tmp_path / "second.txt"
    second.write_text(TEXT, encoding="utf-8")
    code, out, err = _run("statements", "extract", str(SEED), str(second))
    assert code == 0
    documents = [json.loads(line)["document"] for line in out.splitlines()]
    assert documents == sorted(documents, key=[str(SEED), str(second)].index)
    assert set(documents) == {str(SEED), str(second)}
    assert err == ""  # no progress bar when standard error is not a terminal


def test_a_terminal_sees_a_progress_bar_and_standard_output_only_records(tmp_path: Path) -> None:
    main, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"COLUMNS": "100"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "servanda"), "statements", "extract", str(SEED)],
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    out, _ = process.communicate(timeout=120)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert process.returncode == 0
    assert b"extracting" in shown
    assert all(json.loads(line)["document"] == str(SEED) for line in out.splitlines())
