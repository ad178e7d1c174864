"""When a statement was made, from the words around its verb and the publication date.

Weekday names are counted back from the publication date (a "Monday" in an article
published on a Monday is that day: news reports the latest one); "today" and
"yesterday" likewise. Calendar dates ("on December 11", "Dec. 13", "October 29, 2025")
go through ``dateparser`` with the publication date as its reference, preferring the
past. The publication date is the one given, else a date line in the document's front
matter ("January 08, 2013", "13.08.2024"); without either, only dates that carry their
year resolve.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_CALENDAR = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}(?:\s+\d{{4}})?)\b"
)
_RELATIVE = re.compile(
    r"\b(?:(last|this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(today|yesterday|tonight)\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


def _dateparser(text: str, published: date | None) -> date | None:
    import dateparser  # type: ignore[import-untyped]  # no stubs published

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day, 12)
    with warnings.catch_warnings():
        # dateparser's locale data still calls a deprecated pytz/regex API on some Pythons.
        warnings.simplefilter("ignore", DeprecationWarning)
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def resolve(expression: str, published: date | None) -> date | None:
    """One date expression ("on Thursday", "December 11") as a date, or None."""
    relative = _RELATIVE.search(expression)
    if relative is not None:
        if published is None:
            return None
        if relative.group(3):
            word = relative.group(3).lower()
            return published - timedelta(days=1) if word == "yesterday" else published
        weekday = _WEEKDAYS.index(relative.group(2).lower())
        back = (published.weekday() - weekday) % 7
        if relative.group(1) and relative.group(1).lower() == "last" and back == 0:
            back = 7
        return published - timedelta(days=back)
    calendar = _CALENDAR.search(expression)
    if calendar is not None:
        if published is None and not re.search(r"\d{4}", calendar.group(0)):
            return None
        return _dateparser(calendar.group(0), published)
    return None


def expressions(text: str) -> list[tuple[int, int]]:
    """Where date expressions lie in ``text`` (character spans)."""
    spans = [(m.start(), m.end()) for m in _RELATIVE.finditer(text)]
    spans += [(m.start(), m.end()) for m in _CALENDAR.finditer(text)]
    return sorted(spans)


def document_date(front_matter: str) -> date | None:
    """A publication date written in the front matter, if there is one."""
    numeric = _NUMERIC.search(front_matter)
    if numeric is not None:
        try:
            if numeric.group(1):
                return date(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
            return date(int(numeric.group(4)), int(numeric.group(5)), int(numeric.group(6)))
        except ValueError:
            return None
    for line in front_matter.splitlines():
        calendar = _CALENDAR.search(line)
        if calendar is not None and re.search(r"\d{4}", calendar.group(0)):
            return _dateparser(calendar.group(0), None)
    return None
