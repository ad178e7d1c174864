"""The ``servanda`` command as users run it: exit codes, exact lines, exact JSON."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.cli import app
from tests.conftest import EXAMPLES, INVALID, ROOT

runner = CliRunner()

SMALL = """\
servanda: 1
id: small
title: A small accord
signed: 2015-02-12
timezone: Europe/Kyiv
parties: {UA: Ukraine, CADLR: Certain areas}
monitors: {OSCE-SMM: OSCE Special Monitoring Mission}
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
  - id: withdrawal
    kind: obligation
    bearers: [UA, CADLR]
    text: Withdraw within 14 days.
    start: {after: ceasefire, days: 2}
    readings:
      from-ceasefire: {deadline: {after: ceasefire, days: 14}}
      from-start: {deadline: {after: start, days: 14}}
    done_when: {kind: withdrawal_verified}
    verified_by: {monitors: [OSCE-SMM]}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_check_prints_parties_provisions_and_every_instant(small: Path) -> None:
    result = runner.invoke(app, ["check", str(small)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"valid {small} — small: A small accord",
        "  status signed · signed 2015-02-12 · time zone Europe/Kyiv",
        "  Parties (2): UA (Ukraine), CADLR (Certain areas)",
        "  Monitors (1): OSCE-SMM (OSCE Special Monitoring Mission)",
        "  Guarantors: none named in the text",
        "  Provisions (2): 1 obligation, 1 prohibition",
        "    obligations: withdrawal",
        "    prohibitions: ceasefire",
        "  Guarantees: none",
        "  Instants (Europe/Kyiv):",
        "    2015-02-12T00:00:00+02:00  anchor signed — fixed: 2015-02-12 (start of day)",
        "    2015-02-15T00:00:00+02:00  anchor ceasefire — fixed: 2015-02-15T00:00",
        "    2015-02-15T00:00:00+02:00  ceasefire start — from ceasefire",
        "    2015-02-18T00:00:00+02:00  withdrawal start [from-ceasefire] — end of day 2 after "
        "the day of ceasefire (15 Feb 2015)",
        "    2015-03-02T00:00:00+02:00  withdrawal deadline [from-ceasefire] — end of day 14 "
        "after the day of ceasefire (15 Feb 2015)",
        "    2015-02-18T00:00:00+02:00  withdrawal start [from-start] — end of day 2 after the "
        "day of ceasefire (15 Feb 2015)",
        "    2015-03-05T00:00:00+02:00  withdrawal deadline [from-start] — end of day 14 after "
        "the day of its start (18 Feb 2015)",
        f"warning: {small}:18: provisions[1]: obligation 'withdrawal' has 2 readings "
        "(from-ceasefire, from-start); each is evaluated and disagreement is reported",
        "",
    ]


def test_check_accepts_every_example() -> None:
    result = runner.invoke(app, ["check", *map(str, EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert result.output.count("\nvalid ") + result.output.startswith("valid ") == len(EXAMPLES)


@pytest.mark.parametrize(
    "name", ["misspelt-key", "unknown-party", "broken-yaml", "alias-bomb", "yaml11-boolean"]
)
def test_check_exits_2_with_one_line_per_problem(name: str) -> None:
    case = INVALID / f"{name}.yaml"
    result = runner.invoke(app, ["check", str(case.relative_to(ROOT))], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stdout == ""
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    assert result.stderr == expected


def test_check_reports_every_file_and_fails_if_any_fails(small: Path) -> None:
    bad = INVALID / "unknown-party.yaml"
    result = runner.invoke(app, ["check", str(small), str(bad)])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"valid {small}")
    assert result.stderr.startswith(f"error: {bad}:9: provisions[0].bearers[1]: unknown party")


def test_check_names_a_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nope.yaml'}: no such file\n"


def test_check_refuses_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Türkiye\n".encode("latin-1"))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (f"error: {path}: not UTF-8 text (byte 8); save the accord as UTF-8\n")


def test_timeline_lists_instants_in_time_order_as_json(small: Path) -> None:
    result = runner.invoke(app, ["timeline", str(small), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["accord"] == "small"
    assert data["timezone"] == "Europe/Kyiv"
    rows = [(i["at"], i["subject"], i["field"], i["reading"]) for i in data["instants"]]
    assert rows == [
        ("2015-02-12T00:00:00+02:00", "signed", "anchor", None),
        ("2015-02-15T00:00:00+02:00", "ceasefire", "anchor", None),
        ("2015-02-15T00:00:00+02:00", "ceasefire", "start", None),
        ("2015-02-18T00:00:00+02:00", "withdrawal", "start", "from-ceasefire"),
        ("2015-02-18T00:00:00+02:00", "withdrawal", "start", "from-start"),
        ("2015-03-02T00:00:00+02:00", "withdrawal", "deadline", "from-ceasefire"),
        ("2015-03-05T00:00:00+02:00", "withdrawal", "deadline", "from-start"),
    ]
    assert result.stdout == json.dumps(data, indent=2, sort_keys=True) + "\n"


def test_timeline_table_fits_80_columns_and_folds_long_cells(small: Path) -> None:
    result = runner.invoke(app, ["timeline", str(small)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "small: timeline (Europe/Kyiv)",
        "",
        " when                         what             reading          rule",
        " " + "─" * 78,
        " Thu 2015-02-12 00:00+02:00   anchor signed                     fixed:",
        "                                                                2015-02-12",
        "                                                                (start of day)",
        " Sun 2015-02-15 00:00+02:00   anchor                            fixed:",
        "                              ceasefire                         2015-02-15T00:0",
        "                                                                0",
        " Sun 2015-02-15 00:00+02:00   ceasefire                         from ceasefire",
        "                              start",
        " Wed 2015-02-18 00:00+02:00   withdrawal       from-ceasefire   end of day 2",
        "                              start                             after the day",
        "                                                                of ceasefire",
        "                                                                (15 Feb 2015)",
        " Wed 2015-02-18 00:00+02:00   withdrawal       from-start       end of day 2",
        "                              start                             after the day",
        "                                                                of ceasefire",
        "                                                                (15 Feb 2015)",
        " Mon 2015-03-02 00:00+02:00   withdrawal       from-ceasefire   end of day 14",
        "                              deadline                          after the day",
        "                                                                of ceasefire",
        "                                                                (15 Feb 2015)",
        " Thu 2015-03-05 00:00+02:00   withdrawal       from-start       end of day 14",
        "                              deadline                          after the day",
        "                                                                of its start",
        "                                                                (18 Feb 2015)",
        "",
    ]
    assert max(len(line) for line in result.stdout.splitlines()) == 80


def test_timeline_shows_only_the_provisions_asked_for(small: Path) -> None:
    result = runner.invoke(
        app, ["timeline", str(small), "--format", "json", "--provision", "ceasefire"]
    )
    assert result.exit_code == 0, result.output
    rows = [(i["subject"], i["field"]) for i in json.loads(result.stdout)["instants"]]
    assert rows == [("ceasefire", "start")]
    unknown = runner.invoke(app, ["timeline", str(small), "--provision", "cease-fire"])
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        f"error: --provision 'cease-fire': no such provision in {small}; provisions are "
        "ceasefire, withdrawal\n"
    )


def test_assume_fixes_an_open_anchor(tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(
        SMALL.replace("signed: 2015-02-12\n", "status: draft\n").replace(
            "ceasefire: 2015-02-15T00:00", "ceasefire: null"
        ),
        encoding="utf-8",
    )
    draft = json.loads(runner.invoke(app, ["timeline", str(path), "--format", "json"]).stdout)
    assert {i["at"] for i in draft["instants"]} == {None}
    result = runner.invoke(
        app, ["timeline", str(path), "--format", "json", "--assume", "ceasefire=2026-01-01"]
    )
    assumed = json.loads(result.stdout)
    deadlines = [i["at"] for i in assumed["instants"] if i["field"] == "deadline"]
    # 14 days from 1 Jan; and 14 days from a start that falls on 4 Jan.
    assert deadlines == ["2026-01-16T00:00:00+02:00", "2026-01-19T00:00:00+02:00"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "ceasefire",
            "error: --assume 'ceasefire': write ANCHOR=WHEN, e.g. ceasefire=2026-01-01T00:00",
        ),
        (
            "ceasefire=tomorrow",
            "error: --assume 'ceasefire=tomorrow': 'tomorrow' is not a valid date or date-time; "
            "use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM], e.g. 2015-02-15T00:00",
        ),
    ],
)
def test_a_bad_assumption_is_refused(small: Path, value: str, message: str) -> None:
    result = runner.invoke(app, ["timeline", str(small), "--assume", value])
    assert result.exit_code == 2
    assert result.stderr == message + "\n"


def test_the_console_script_refuses_an_alias_bomb_within_a_second() -> None:
    servanda = Path(sys.executable).parent / "servanda"
    started = time.perf_counter()
    completed = subprocess.run(
        [str(servanda), "check", "tests/dsl_invalid/alias-bomb.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    assert completed.returncode == 2
    assert completed.stderr == (
        "error: tests/dsl_invalid/alias-bomb.yaml:9: aliases expand this document past "
        "100,000 nodes; refusing it (an alias bomb?)\n"
    )
    assert elapsed < 1.0


def test_help_lists_the_commands_with_examples() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "check" in result.stdout
    assert "timeline" in result.stdout
    for command in ("check", "timeline"):
        help_text = runner.invoke(app, [command, "--help"], env={"COLUMNS": "100"}).stdout
        assert "Example: servanda " + command in help_text
