"""Event data sets as evidence: ACLED and UCDP GED CSV rows, mapped to ``event`` records.

Pure and streaming: ``read_rows`` yields a file's rows (or why a row is bad) with their
line numbers in constant memory, and ``convert`` turns each into records as a mapping
file (``load_mapping``) says, or says why it is skipped. Storing and logging the records
is ``servanda.registry.import_events``'s job.
"""

from servanda.evidence.events._convert import SKIP_REASONS, Mapped, Skipped, convert
from servanda.evidence.events._csv import BadRow, Layout, Row, read_rows
from servanda.evidence.events._formats import (
    ACLED,
    ACLED_COLUMNS,
    FORMATS,
    GED_COLUMNS,
    UCDP,
    EventFormat,
)
from servanda.evidence.events._mapping import EventMap, load_mapping

__all__ = [
    "ACLED",
    "ACLED_COLUMNS",
    "FORMATS",
    "GED_COLUMNS",
    "SKIP_REASONS",
    "UCDP",
    "BadRow",
    "EventFormat",
    "EventMap",
    "Layout",
    "Mapped",
    "Row",
    "Skipped",
    "convert",
    "load_mapping",
    "read_rows",
]
