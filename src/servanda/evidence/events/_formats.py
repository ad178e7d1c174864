"""ACLED's and UCDP GED's CSV exports: their columns, and how a row's values are read.

Column names and meanings follow the ACLED export (31 columns) and the UCDP
Georeferenced Event Dataset (49 columns, v22.1 to v25.1; some releases have no header
row). Both give dates without a time of day; ``published`` is when the data set had
the row: ACLED's ``timestamp`` (the Unix time of the row's last update), and for GED the
latest of its ``source_date`` entries (or ``date_end`` when it has none).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from servanda.accord._calendar import CalendarError, localize
from servanda.evidence.events._csv import Layout

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
GED_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
    "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "best", "high", "low", "gwnoa", "gwnob",
)  # fmt: skip

GED_COUNTS = ("best", "low", "high", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_LONG_DATE = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d{4})$")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"),
        start=1,
    )
}  # fmt: skip


class ValueProblem(ValueError):
    """A value of a row that cannot be read; the message names the column and the value."""


def noon(day: date, tz: ZoneInfo) -> datetime:
    """12:00 local time on ``day``: the instant given to a date without a time of day."""
    try:
        return localize(datetime(day.year, day.month, day.day, 12), tz)
    except CalendarError as exc:  # a zone whose clocks change at noon (none does today)
        raise ValueProblem(str(exc)) from None


@dataclass(frozen=True, slots=True)
class EventFormat:
    """What servanda reads from one data set's rows."""

    name: str  # as given to --format, and the prefix of record ids
    layout: Layout
    id_column: str
    date_column: str
    sides: tuple[str, ...]  # the columns naming the actors a record may concern
    selectors: Mapping[str, str]  # rule key -> column it compares
    value_columns: tuple[str, ...]
    admin1_column: str
    place_column: str
    source_column: str
    published: Callable[[Mapping[str, str], ZoneInfo], datetime]
    date_example: str


def read_date(column: str, text: str, example: str) -> date:
    """``2015-02-16`` (a time after it is ignored) or ``16 February 2015``."""
    value = text.strip()
    iso = _ISO_DATE.match(value)
    long = _LONG_DATE.match(value)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if long and long[2].lower() in _MONTHS:
            return date(int(long[3]), _MONTHS[long[2].lower()], int(long[1]))
    except ValueError:
        pass
    raise ValueProblem(f"{column} {text!r} is not a date; write e.g. {example}")


def read_count(column: str, text: str) -> int:
    """A whole number of 0 or more, as fatality counts are written."""
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        raise ValueProblem(f"{column} {text!r} is not a whole number of 0 or more, e.g. 3")
    return int(value)


def _acled_published(values: Mapping[str, str], tz: ZoneInfo) -> datetime:
    text = values["timestamp"].strip()
    if not text.isascii() or not text.isdigit():
        raise ValueProblem(
            f"timestamp {values['timestamp']!r} is not a Unix time in seconds, e.g. 1424131200"
        )
    return datetime.fromtimestamp(int(text), UTC).astimezone(tz)


def _ged_published(values: Mapping[str, str], tz: ZoneInfo) -> datetime:
    dates = [
        read_date("source_date", part, "2015-02-17")
        for part in values["source_date"].split(";")
        if part.strip()
    ]
    latest = max(dates) if dates else read_date("date_end", values["date_end"], "2015-02-17")
    return noon(latest, tz)


ACLED = EventFormat(
    name="acled",
    layout=Layout("ACLED", ACLED_COLUMNS),
    id_column="event_id_cnty",
    date_column="event_date",
    sides=("actor1", "actor2"),
    selectors={"event_type": "event_type", "sub_event_type": "sub_event_type"},
    value_columns=("fatalities",),
    admin1_column="admin1",
    place_column="location",
    source_column="source",
    published=_acled_published,
    date_example="2015-02-16 or 16 February 2015",
)

UCDP = EventFormat(
    name="ucdp",
    layout=Layout("UCDP GED", GED_COLUMNS, header_optional=True),
    id_column="id",
    date_column="date_start",
    sides=("side_a", "side_b"),
    selectors={"type_of_violence": "type_of_violence"},
    value_columns=GED_COUNTS,
    admin1_column="adm_1",
    place_column="where_coordinates",
    source_column="source_office",
    published=_ged_published,
    date_example="2015-02-16",
)

FORMATS: Mapping[str, EventFormat] = {"acled": ACLED, "ucdp": UCDP}
