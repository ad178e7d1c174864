"""Scoring: exact figures on small cases, and the frozen test set as a regression floor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.cli import app
from servanda.evidence import SPEECH_ACTS
from servanda.statements import Extractor, evaluate
from servanda.statements._eval import score_by_act, score_document
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "statements"


def _s(start: int, end: int, party: str, act: str, target: str | None = None) -> dict[str, object]:
    return {"start": start, "end": end, "party": party, "act": act, "target": target}


def test_scores_count_one_to_one_overlaps_that_agree_on_party_and_act() -> None:
    gold = [
        _s(0, 10, "RU", "allegation", "UA"),
        _s(20, 30, "UA", "denial", "RU"),
        _s(40, 50, "US", "demand"),
    ]
    predicted = [
        _s(2, 8, "RU", "allegation", "UA"),  # match, target right
        _s(5, 12, "RU", "allegation", "UA"),  # overlaps the same gold: one to one, no match
        _s(25, 35, "UA", "denial", None),  # match, target wrong
        _s(41, 45, "US", "warning"),  # overlaps, wrong act
        _s(60, 70, "IL", "statement"),  # nothing there
    ]
    scores = score_document(gold, predicted)
    assert (scores.gold, scores.predicted, scores.matched) == (3, 5, 2)
    assert (scores.precision, scores.recall) == (0.4, 2 / 3)
    assert scores.f1 == pytest.approx(0.5)
    assert scores.target_accuracy == 0.5
    assert scores.overlapping == 3


def test_scores_by_act_count_each_acts_gold_predictions_and_matches() -> None:
    gold = [_s(0, 10, "RU", "allegation", "UA"), _s(20, 30, "UA", "denial", "RU")]
    predicted = [
        _s(2, 8, "RU", "allegation", "UA"),  # match
        _s(25, 35, "UA", "allegation", "RU"),  # overlaps the denial with another act
        _s(60, 70, "IL", "statement"),
    ]
    by_act = score_by_act(gold, predicted)
    assert {act: (s.gold, s.predicted, s.matched) for act, s in by_act.items()} == {
        "allegation": (1, 2, 1),
        "denial": (1, 0, 0),
        "statement": (0, 1, 0),
    }
    assert by_act["allegation"].precision == 0.5
    assert by_act["allegation"].target_accuracy == 1.0


def _gold_file(tmp_path: Path, lines: list[dict[str, object]]) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "seed.txt").write_text((DATA / "docs" / "seed-article.txt").read_text("utf-8"), "utf-8")
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_eval_prints_exact_figures_on_a_small_gold_file(tmp_path: Path) -> None:
    seed = [
        json.loads(line)
        for line in (DATA / "labels" / "seed-article.jsonl").read_text("utf-8").splitlines()
    ]
    wanted = [s for s in seed if s["act"] in ("offer", "demand", "allegation")]
    for item in wanted:
        item["document"] = "docs/seed.txt"
    path = _gold_file(tmp_path, wanted)
    result = CliRunner().invoke(app, ["statements", "eval", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{path}: 1 documents, 7 gold statements",
        # most other predictions are acts this small gold file leaves out
        "predicted 15, matched 6 on (party, act), 7 overlapping a gold span",
        "precision 0.400  recall 0.857  F1 0.545",
        "target accuracy 0.833 (5/6 matched)",
    ]
    assert "words/s" in result.stderr


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "invalid JSON"),
        ('{"document": "docs/seed.txt", "act": "claim", "start": 0, "end": 5}', "act 'claim'"),
        ('{"document": "docs/seed.txt", "act": "offer", "start": 5, "end": 2}', "not a span"),
        ('{"document": "docs/none.txt", "act": "offer", "start": 0, "end": 2}', "docs/none.txt"),
        (
            '{"document": "docs/seed.txt", "act": "offer", "start": 0, "end": 3, "quote": "xyz"}',
            "quote",
        ),
    ],
    ids=["json", "act", "span", "document", "quote"],
)
def test_a_bad_gold_line_is_one_error_line_naming_file_and_line(
    tmp_path: Path, line: str, message: str
) -> None:
    path = _gold_file(tmp_path, [])
    path.write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["statements", "eval", str(path)])
    assert result.exit_code == 2
    (error,) = result.stderr.strip().splitlines()
    assert error.startswith(f"error: {path}:1: ")
    assert message in error


#: The figures on the frozen test set when this test was written; a change that lowers
#: them fails here. (The issue's target, F1 0.8, is not reached: see docs/statements.md.)
FLOOR_F1 = 0.50
FLOOR_PRECISION = 0.54


def test_the_frozen_test_set_does_not_regress(extractor: Extractor) -> None:
    result = evaluate(DATA / "test.jsonl", extractor)
    assert result.scores.gold == 210
    assert result.scores.f1 >= FLOOR_F1
    assert result.scores.precision >= FLOOR_PRECISION
    assert result.words_per_second >= 1000


AGREEMENT = DATA / "agreement"


def test_a_second_reader_is_scored_against_the_gold_labels() -> None:
    gold, reader = AGREEMENT / "gold.jsonl", AGREEMENT / "reader-a.jsonl"
    result = CliRunner().invoke(app, ["statements", "eval", str(gold), "--against", str(reader)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{gold}: 14 documents, 116 gold statements",
        "labelled 112, matched 103 on (party, act), 107 overlapping a gold span",
        "precision 0.920  recall 0.888  F1 0.904",
        "target accuracy 0.990 (102/103 matched)",
    ]
    assert result.stderr == ""  # no extraction, so no speed


def test_by_act_prints_each_acts_figures_after_the_totals() -> None:
    gold, reader = AGREEMENT / "gold.jsonl", AGREEMENT / "reader-b.jsonl"
    result = CliRunner().invoke(
        app, ["statements", "eval", str(gold), "--against", str(reader), "--by-act"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[4].split() == ["act", "gold", "found", "match", "precision", "recall", "F1"]
    rows = {line.split()[0]: line.split()[1:4] for line in lines[5:]}
    assert list(rows) == list(SPEECH_ACTS)  # every act, in the evidence model's order
    assert sum(int(row[0]) for row in rows.values()) == 116  # every gold statement once
    assert sum(int(row[2]) for row in rows.values()) == 104  # every match once


def test_a_second_reader_who_labels_nothing_in_a_document_misses_all_of_it(
    tmp_path: Path,
) -> None:
    seed = (DATA / "labels" / "seed-article.jsonl").read_text("utf-8").splitlines()
    lines = [{**json.loads(line), "document": "docs/seed.txt"} for line in seed]
    gold = _gold_file(tmp_path, lines)
    reader = tmp_path / "reader.jsonl"
    reader.write_text("".join(json.dumps(line) + "\n" for line in lines[:3]), encoding="utf-8")
    result = CliRunner().invoke(app, ["statements", "eval", str(gold), "--against", str(reader)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:3] == [
        "labelled 3, matched 3 on (party, act), 3 overlapping a gold span",
        f"precision 1.000  recall {3 / len(lines):.3f}  F1 {6 / (3 + len(lines)):.3f}",
    ]


def test_a_second_reading_of_a_document_the_gold_lacks_is_refused(tmp_path: Path) -> None:
    gold = AGREEMENT / "gold.jsonl"
    other = tmp_path / "other.jsonl"
    _gold_file(tmp_path, [])
    other.write_text(
        json.dumps({"document": "docs/seed.txt", "act": "offer", "start": 0, "end": 5}) + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["statements", "eval", str(gold), "--against", str(other)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {other}: document docs/seed.txt is not in {gold}; "
        "both files must label the same documents"
    )


def test_the_gold_files_are_current_and_consistent_with_the_labels() -> None:
    checked = subprocess.run(
        [sys.executable, str(DATA / "check_gold.py")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout
