"""``servanda accord add`` and ``servanda evidence``: what each prints, and the exit statuses
of success (0), an import with bad rows (1) and refusal (2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from servanda.cli import app
from tests.registry.conftest import EVENTS

KEYS = EVENTS / "keys"
ACCORD = EVENTS / "minsk-events.yaml"
MISSING = EVENTS / "nope.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def import_args(name: str, fmt: str, db: str) -> list[str | Path]:
    mapping, key = {"acled": ("acled-map.yaml", "acled"), "ucdp": ("ged-map.yaml", "ucdp")}[fmt]
    return ["evidence", "import", EVENTS / name, "--format", fmt, "--map", EVENTS / mapping,
            "--accord", "minsk-events", "--key", KEYS / f"{key}.key", "--db", db]  # fmt: skip


def test_accords_and_evidence_on_the_command_line(log_url: str, tmp_path: Path) -> None:
    added = run("accord", "add", ACCORD, "--db", log_url)
    assert (added.exit_code, added.stdout, added.stderr) == (0, "0\tminsk-events\n", "")
    again = run("accord", "add", ACCORD, "--db", log_url)
    assert (again.stdout, again.stderr) == (
        "0\tminsk-events\n",
        "minsk-events was already registered; nothing added\n",
    )
    signed = tmp_path / "smm.signed.jsonl"
    sign = run("evidence", "sign", "--key", KEYS / "smm.key", EVENTS / "smm-reports.jsonl",
               "--out", signed)  # fmt: skip
    assert (sign.exit_code, sign.stderr) == (0, "signed 2 records with smm.example/reports\n")
    add = run("evidence", "add", "--accord", "minsk-events", signed, "--db", log_url)
    assert (add.exit_code, add.stdout, add.stderr) == (
        0,
        "1\tsmm-2015-02-16-cadlr\n2\tsmm-2015-02-16-ua\n",
        "added 2 records about minsk-events (0 already stored)\n",
    )
    unsigned = run("evidence", "add", "--accord", "minsk-events", EVENTS / "de-acts.jsonl",
                   "--db", log_url)  # fmt: skip
    assert (unsigned.exit_code, unsigned.stdout, unsigned.stderr) == (
        2,
        "",
        f"error: {EVENTS}/de-acts.jsonl:1: signature: the record is not signed; sign it with "
        "'servanda evidence sign --key KEY FILE.jsonl'\n",
    )
    imported = run(*import_args("acled-ukraine-2015.csv", "acled", log_url))
    summary = (
        f"{EVENTS}/acled-ukraine-2015.csv -> minsk-events: 40 rows, {{}} added, {{}} already "
        "stored, 11 rows skipped (5 outside the dates, 3 outside the area, 2 actor not "
        "mapped, 1 type not mapped)\n"
    )
    assert (imported.exit_code, imported.stdout) == (0, "")
    assert imported.stderr == summary.format("29 records", 0)
    reimported = run(*import_args("acled-ukraine-2015.csv", "acled", log_url))
    assert (reimported.exit_code, reimported.stderr) == (0, summary.format("0 records", 29))
    out = tmp_path / "stored.jsonl"
    export = run("evidence", "export", "--accord", "minsk-events", "--db", log_url, "--out", out)
    assert export.stderr == f"wrote 31 records about minsk-events to {out}\n"
    lines = out.read_text().splitlines()
    assert lines[:2] == signed.read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines[2:4]] == ["acled-UKR2004", "acled-UKR2005"]
    assess = run("assess", ACCORD, "-e", out, "--as-of", "2015-02-20T00:00")
    assert assess.exit_code == 0, assess.output
    rows = {(r["provision"], r["party"]): r for r in json.loads(assess.stdout)["results"]}
    assert rows["ceasefire", "CADLR"]["breached_periods"] == [
        "2015-02-15",
        "2015-02-16",
        "2015-02-17",
    ]
    assert rows["ceasefire", "CADLR"]["evidence"] == [
        "acled-UKR2004", "acled-UKR2006", "acled-UKR2008", "smm-2015-02-16-cadlr"
    ]  # fmt: skip


def test_a_truncated_import_exits_1_or_with_strict_2(log_url: str, tmp_path: Path) -> None:
    assert run("accord", "add", ACCORD, "--db", log_url).exit_code == 0
    data = (EVENTS / "ged-ukraine-2015.csv").read_bytes()
    cut = tmp_path / "ged.csv"
    cut.write_bytes(data[: data.index(b"164004,") + 100])
    args = import_args("", "ucdp", log_url)
    args[2] = cut
    strict = run(*args, "--strict")
    problem = (
        f"{cut}:5: 13 columns, expected 49: the file ends in the middle of this row, so it is "
        "truncated"
    )
    assert (strict.exit_code, strict.stderr) == (2, f"error: {problem}\n")
    partial = run(*args)
    assert (partial.exit_code, partial.stderr) == (
        1,
        f"error: {problem}\n{cut} -> minsk-events: 4 rows, 4 records added, 0 already stored, "
        "1 row skipped (1 outside the dates), 1 bad row not imported\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["evidence", "add", "--accord", "minsk-ii", EVENTS / "de-acts.jsonl"],
            "error: no accord 'minsk-ii' in {db}; register it with 'servanda accord add "
            "ACCORD.yaml'\n",
        ),
        (
            ["evidence", "export", "--accord", "minsk-ii"],
            "error: no accord 'minsk-ii' in {db}; register it with 'servanda accord add "
            "ACCORD.yaml'\n",
        ),
        (
            ["accord", "add", MISSING],
            f"error: {MISSING}: cannot read: No such file or directory\n",
        ),
    ],
    ids=["add-unregistered", "export-unregistered", "no-file"],
)
def test_refusals_are_one_line_and_exit_2(log_url: str, args: list[str], message: str) -> None:
    refused = run(*args, "--db", log_url)
    display = make_url(log_url).render_as_string(hide_password=True)
    assert (refused.exit_code, refused.stdout, refused.stderr) == (
        2,
        "",
        message.format(db=display),
    )


def test_a_database_without_a_log_is_named(tmp_path: Path) -> None:
    refused = run("accord", "add", ACCORD, "--db", f"sqlite:///{tmp_path}/none.db")
    assert (refused.exit_code, refused.stderr) == (
        2,
        f"error: no database at {tmp_path}/none.db; create it with 'servanda log init'\n",
    )


def test_an_invalid_accord_is_refused_with_every_problem(log_url: str) -> None:
    invalid = EVENTS.parent.parent / "dsl_invalid" / "bad-vkey.yaml"
    refused = run("accord", "add", invalid, "--db", log_url)
    assert refused.exit_code == 2
    expected = invalid.with_suffix(".expected").read_text(encoding="utf-8")
    assert refused.stderr == expected.replace("tests/dsl_invalid/", f"{invalid.parent}/")
