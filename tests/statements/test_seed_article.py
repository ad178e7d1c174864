"""The acceptance case: the seed article's statements, with the right parties."""

from __future__ import annotations

from datetime import date

import pytest

from servanda.statements import Extractor, Statement
from tests.conftest import ROOT

SEED = ROOT / "tests" / "data" / "statements" / "docs" / "seed-article.txt"


@pytest.fixture(scope="module")
def seed(extractor: Extractor) -> list[Statement]:
    text = SEED.read_text(encoding="utf-8")
    return extractor.extract(text, "seed-article.txt", date(2025, 12, 12))


def _find(statements: list[Statement], words: str) -> Statement:
    found = [s for s in statements if words in s.quote]
    assert len(found) == 1, [s.quote for s in statements]
    return found[0]


@pytest.mark.parametrize(
    ("words", "speaker", "party", "act", "target"),
    [
        ("he continued violating Minsk agreements", "Dmitry Peskov", "RU", "allegation", "UA"),
        ("a specific system of guarantees", "Dmitry Peskov", "RU", "demand", "UA"),
        ("written, legally binding guarantees", "Sergey Lavrov", "RU", "offer", "NATO"),
        ("NATO member states to increase defense spending", "Mark Rutte", "NATO", "demand", "NATO"),
    ],
    ids=["peskov-minsk", "peskov-guarantees", "lavrov-offer", "rutte-call"],
)
def test_the_four_statements_the_issue_names(
    seed: list[Statement], words: str, speaker: str, party: str, act: str, target: str
) -> None:
    statement = _find(seed, words)
    assert (statement.speaker, statement.party, statement.act, statement.target) == (
        speaker,
        party,
        act,
        target,
    )


def test_every_quote_is_the_text_at_its_offsets(seed: list[Statement]) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert seed
    for statement in seed:
        assert text[statement.start : statement.end] == statement.quote
        assert statement.quote == statement.quote.strip()


def test_quotes_are_taken_without_their_quotation_marks(seed: list[Statement]) -> None:
    minsk = _find(seed, "he continued violating Minsk agreements")
    assert minsk.quote.startswith("When Zelensky won elections")
    assert minsk.quote.endswith("edging closer to war")


def test_dates_resolve_against_the_publication_date(seed: list[Statement]) -> None:
    # "Speaking on December 11 ..., Lavrov said": published 2025-12-12.
    assert _find(seed, "written, legally binding guarantees").date == "2025-12-11"
    # "... last Thursday, calling on NATO member states": the Thursday before Friday 12th.
    assert _find(seed, "NATO member states to increase").date == "2025-12-11"


def test_the_headline_is_not_a_statement(seed: list[Statement]) -> None:
    assert all(
        s.start > SEED.read_text(encoding="utf-8").index("The Kremlin has") - 1 for s in seed
    )


def test_an_owner_named_in_the_object_is_not_the_target(seed: list[Statement]) -> None:
    # "The Kremlin's response reiterated Moscow's position that NATO's expansion ..."
    response = _find(seed, "longstanding position that NATO")
    assert (response.party, response.target) == ("RU", "NATO")
