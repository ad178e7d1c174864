"""Prohibitions' day verdicts as one hand-written DuckDB SQL query.

A third implementation of DESIGN.md's per-day rules (visibility, the window from
``from`` to ``until``, per-monitor sums against the tolerance, the quorum, coverage,
counted days), used as the benchmark's baseline and checked against the engine by the
tests. Python only lays out the accord's parameters as tables; the rules are SQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb
import numpy as np

from servanda.accord import LoadedAccord
from servanda.engine import EvidenceTable
from servanda.engine._time import VALUE_SCALE, DayGrid, to_us

QUERY = """
WITH r AS (
    SELECT r.*, d.idx AS day
    FROM records r ASOF JOIN days d ON r.occurred >= d.start_us
    WHERE r.recorded <= $as_of AND r.occurred <= $as_of
),
now AS (SELECT max(idx) AS day FROM days WHERE start_us <= $as_of),
w AS (
    SELECT w.*, d.idx AS first_day,
           (SELECT max(idx) FROM days WHERE start_us < w.until_us) AS until_day
    FROM windows w ASOF JOIN days d ON w.start_us >= d.start_us
),
span AS (  -- how many days each window looks at, and how many of them have ended
    SELECT w.*,
        CASE WHEN $as_of < w.start_us THEN 0
             WHEN w.until_us IS NULL THEN now.day - w.first_day + 1
             WHEN w.until_us <= w.start_us THEN 0
             ELSE least(now.day - w.first_day + 1, w.until_day - w.first_day + 1) END AS looked,
        CASE WHEN $as_of < w.start_us THEN 0
             WHEN w.until_us IS NULL THEN now.day - w.first_day
             WHEN w.until_us <= w.start_us THEN 0
             WHEN w.until_us <= $as_of THEN
                  least(now.day - w.first_day + 1, w.until_day - w.first_day + 1)
             ELSE least(now.day - w.first_day, w.until_day - w.first_day + 1) END AS ended
    FROM w, now
),
per_monitor AS (
    SELECT s.key, s.member, r.day - s.first_day AS k, r.monitor, sum(r.value) AS total
    FROM span s
    JOIN r ON r.indicator = s.indicator AND r.party = s.member
    JOIN window_monitors m ON m.key = s.key AND m.monitor = r.monitor
    WHERE r.occurred >= s.start_us AND (s.until_us IS NULL OR r.occurred < s.until_us)
      AND r.day - s.first_day < s.looked
    GROUP BY ALL
),
per_member AS (
    SELECT p.key, p.member, p.k,
           count(*) FILTER (WHERE p.total > s.tolerance) AS asserting,
           count(*) AS covering, any_value(s.quorum) AS quorum
    FROM per_monitor p JOIN span s ON s.key = p.key AND s.member = p.member
    GROUP BY ALL
),
per_day AS (
    SELECT key, k,
           bool_or(asserting >= quorum) AS breached,
           bool_or(asserting > 0 AND asserting < quorum) AS partial,
           bool_or(covering > 0) AS covered
    FROM per_member GROUP BY ALL
),
days_of AS (
    SELECT DISTINCT key, looked, ended, unnest(range(looked)) AS k FROM span
)
SELECT d.key, d.k,
       CASE WHEN coalesce(p.breached, false) THEN 'B'
            WHEN coalesce(p.partial, false) THEN 'U'
            WHEN coalesce(p.covered, false) THEN 'C'
            ELSE 'U' END AS verdict
FROM days_of d LEFT JOIN per_day p ON p.key = d.key AND p.k = d.k
WHERE d.k < d.ended OR coalesce(p.breached, false)
ORDER BY d.key, d.k
"""


class DuckDBVerdicts:
    """The accord and evidence loaded into DuckDB once; ``verdicts(as_of)`` queries them."""

    def __init__(self, loaded: LoadedAccord, table: EvidenceTable, grid: DayGrid) -> None:
        self.con = duckdb.connect()
        self.keys: list[tuple[str, str | None, str]] = []
        windows: dict[str, list[Any]] = {
            k: []
            for k in ("key", "member", "indicator", "tolerance", "quorum", "start_us", "until_us")
        }
        window_monitors: dict[str, list[int]] = {"key": [], "monitor": []}
        calendar = loaded.calendar
        indicator_code = {name: i for i, name in enumerate(table.indicators)}
        for provision in loaded.accord.provisions:
            if provision.kind != "prohibition" or provision.indicator is None:
                continue
            assert provision.verified_by is not None
            for reading in calendar.readings[provision.id]:
                start = calendar.instant(provision.id, "start", reading)
                until = calendar.instant(provision.id, "until", reading)
                if not isinstance(start, datetime):
                    continue
                for bearer in provision.bearers:
                    key = len(self.keys)
                    self.keys.append((provision.id, reading, bearer))
                    members = (
                        provision.bearers if provision.distribution != "several" else (bearer,)
                    )
                    for member in members:
                        windows["key"].append(key)
                        windows["member"].append(table.parties.index(member))
                        windows["indicator"].append(
                            indicator_code.get(provision.indicator.kind, -1)
                        )
                        windows["tolerance"].append(provision.indicator.tolerance * VALUE_SCALE)
                        windows["quorum"].append(provision.verified_by.quorum)
                        windows["start_us"].append(to_us(start))
                        windows["until_us"].append(
                            to_us(until) if isinstance(until, datetime) else None
                        )
                    for monitor in provision.verified_by.monitors:
                        window_monitors["key"].append(key)
                        window_monitors["monitor"].append(table.monitors.index(monitor))
        records = {  # noqa: F841  (scanned by DuckDB by name)
            "monitor": table.monitor,
            "indicator": table.indicator,
            "party": table.party,
            "value": table.value,
            "occurred": table.occurred,
            "recorded": table.recorded,
        }
        days = {"idx": np.arange(len(grid.starts), dtype=np.int64), "start_us": grid.starts}  # noqa: F841
        self.con.execute("CREATE TABLE records AS SELECT * FROM records")
        self.con.execute("CREATE TABLE days AS SELECT * FROM days")
        self.con.execute(
            "CREATE TABLE windows (key BIGINT, member BIGINT, indicator BIGINT, tolerance BIGINT,"
            " quorum BIGINT, start_us BIGINT, until_us BIGINT)"
        )
        if windows["key"]:
            self.con.executemany(
                "INSERT INTO windows VALUES (?, ?, ?, ?, ?, ?, ?)",
                list(zip(*windows.values(), strict=True)),
            )
        self.con.execute("CREATE TABLE window_monitors (key BIGINT, monitor BIGINT)")
        if window_monitors["key"]:
            self.con.executemany(
                "INSERT INTO window_monitors VALUES (?, ?)",
                list(zip(*window_monitors.values(), strict=True)),
            )

    def verdicts(self, as_of: datetime) -> dict[tuple[str, str | None, str], str]:
        """Per (provision, reading, bearer), the letters of the counted days, in order."""
        rows = self.con.execute(QUERY, {"as_of": to_us(as_of)}).fetchall()
        out = {key: "" for key in self.keys}
        letters: dict[int, list[str]] = {}
        for key, _, verdict in rows:
            letters.setdefault(key, []).append(verdict)
        for key, found in letters.items():
            out[self.keys[key]] = "".join(found)
        return out
