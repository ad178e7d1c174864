"""One extractor for the whole session: loading spaCy takes a second or two."""

from __future__ import annotations

import pytest

from servanda.statements import Extractor, load_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return load_extractor()
