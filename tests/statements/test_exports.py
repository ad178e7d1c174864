"""The statements package's public API is what ``__all__`` says."""

from __future__ import annotations

import servanda.statements
from servanda.errors import ServandaError


def test_statements_exports() -> None:
    assert servanda.statements.__all__ == [
        "Evaluation",
        "Extractor",
        "ModelError",
        "Registry",
        "Statement",
        "StatementsError",
        "accord_registry",
        "compare",
        "evaluate",
        "evidence_records",
        "load_extractor",
        "load_registry",
        "provision_keywords",
        "provisions_of",
    ]
    for name in servanda.statements.__all__:
        assert hasattr(servanda.statements, name)


def test_its_errors_are_servanda_errors() -> None:
    assert issubclass(servanda.statements.ModelError, ServandaError)
    assert issubclass(servanda.statements.StatementsError, ServandaError)
