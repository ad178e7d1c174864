"""Writes examples/minsk-ii.jsonl: illustrative monitor reports for February and March 2015.

SYNTHETIC. The figures are invented to exercise the engine on a realistic shape of data
(daily reports by two monitors, heavy fighting around Debaltseve in the first days, a
quieter March, a withdrawal verified late, access denied to monitors); they are not the
OSCE's or the JCCC's findings, and every record says so in its ``source``. Run it from
the repository root: ``python scripts/minsk_ii_evidence.py``; the output is
deterministic, and a test checks the committed file is what this script writes.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "examples" / "minsk-ii.jsonl"
SOURCE = "illustrative record (synthetic), modelled on {what}"
FIRST, LAST = date(2015, 2, 15), date(2015, 3, 31)

# Violations each monitor attributes to each side, per day; days not listed report 0.
SMM = {
    "CADLR": {15: 24, 16: 31, 17: 40, 18: 22, 19: 9, 20: 6, 24: 3, 25: 2},
    "UA": {15: 11, 16: 14, 17: 9, 18: 5, 25: 2},
}
JCCC = {
    "CADLR": {15: 19, 16: 27, 17: 35, 18: 20, 19: 7, 20: 4, 24: 2},
    "UA": {15: 8, 16: 12, 17: 10, 18: 6, 22: 3, 25: 1},
}
MARCH = {  # day of March: (party, SMM count, JCCC count)
    10: ("CADLR", 4, 3),
    18: ("UA", 2, 2),
    27: ("CADLR", 0, 2),
}
# Days the SMM filed no report (a patrol could not reach the area): left uncovered.
SMM_SILENT = {date(2015, 3, 7), date(2015, 3, 8), date(2015, 3, 21)}


def stamp(day: date, time: str) -> str:
    return f"{day.isoformat()}T{time}"


def daily_reports() -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    day = FIRST
    while day <= LAST:
        for party in ("UA", "CADLR"):
            if day.month == 2:
                smm, jccc = SMM[party].get(day.day, 0), JCCC[party].get(day.day, 0)
            else:
                named, smm_m, jccc_m = MARCH.get(day.day, (None, 0, 0))
                smm, jccc = (smm_m, jccc_m) if named == party else (0, 0)
            if day not in SMM_SILENT:
                records.append(
                    {
                        "id": f"smm-{day.isoformat()}-{party.lower()}",
                        "kind": "report",
                        "monitor": "OSCE-SMM",
                        "indicator": "ceasefire_violation",
                        "party": party,
                        "value": smm,
                        "location": "Donetsk and Luhansk regions",
                        "occurred_at": stamp(day, "19:30"),
                        "recorded_at": stamp(day + timedelta(days=1), "12:00"),
                        "source": SOURCE.format(what="an OSCE SMM daily report"),
                    }
                )
            records.append(
                {
                    "id": f"jccc-{day.isoformat()}-{party.lower()}",
                    "kind": "report",
                    "monitor": "JCCC",
                    "indicator": "ceasefire_violation",
                    "party": party,
                    "value": jccc,
                    "occurred_at": stamp(day, "20:00"),
                    "recorded_at": stamp(day, "22:00"),
                    "source": SOURCE.format(what="a JCCC summary"),
                }
            )
        day += timedelta(days=1)
    return records


def other_records() -> list[dict[str, object]]:
    smm = SOURCE.format(what="an OSCE SMM report")
    return [
        # Access to Debaltseve denied while fighting went on.
        {
            "id": "smm-2015-02-17-access-cadlr",
            "kind": "report",
            "monitor": "OSCE-SMM",
            "indicator": "monitoring_restricted",
            "party": "CADLR",
            "value": 1,
            "location": "Debaltseve",
            "occurred_at": "2015-02-17T11:00",
            "recorded_at": "2015-02-18T12:00",
            "source": smm,
        },
        {
            "id": "smm-2015-03-12-access-ua",
            "kind": "report",
            "monitor": "OSCE-SMM",
            "indicator": "monitoring_restricted",
            "party": "UA",
            "value": 1,
            "location": "Shyrokyne",
            "occurred_at": "2015-03-12T10:00",
            "recorded_at": "2015-03-13T12:00",
            "source": smm,
        },
        # The withdrawal: verified after the deadline counted from the ceasefire (2 March)
        # but before those counted from its start (4 or 5 March) for CADLR; late for UA.
        {
            "id": "smm-2015-03-03-withdrawal-cadlr",
            "kind": "report",
            "monitor": "OSCE-SMM",
            "indicator": "withdrawal_verified",
            "party": "CADLR",
            "occurred_at": "2015-03-03T16:00",
            "recorded_at": "2015-03-04T12:00",
            "source": smm,
        },
        {
            "id": "smm-2015-03-06-withdrawal-ua",
            "kind": "report",
            "monitor": "OSCE-SMM",
            "indicator": "withdrawal_verified",
            "party": "UA",
            "occurred_at": "2015-03-06T15:00",
            "recorded_at": "2015-03-07T12:00",
            "source": smm,
        },
        # The contested fact: Ukraine denies the violations attributed to it on 25 Feb.
        {
            "id": "ua-mod-2015-02-26-denial",
            "kind": "statement",
            "speaker": "Ministry of Defence of Ukraine",
            "party": "UA",
            "act": "denial",
            "quote": "Ukrainian forces did not open fire on 25 February.",
            "denies": ["smm-2015-02-25-ua", "jccc-2015-02-25-ua"],
            "occurred_at": "2015-02-26T11:00",
            "recorded_at": "2015-02-26T13:00",
            "source": "illustrative record (synthetic)",
        },
        # Allegations each way: shown beside the verdicts, never deciding them.
        {
            "id": "cadlr-2015-02-25-allegation",
            "kind": "statement",
            "speaker": "CADLR military spokesperson",
            "party": "CADLR",
            "act": "allegation",
            "target": "UA",
            "provisions": ["ceasefire"],
            "quote": "Ukrainian forces shelled our positions overnight, violating the ceasefire.",
            "occurred_at": "2015-02-25T09:30",
            "recorded_at": "2015-02-25T10:00",
            "source": "illustrative record (synthetic)",
        },
        {
            "id": "ua-2015-03-03-allegation",
            "kind": "statement",
            "speaker": "Ukrainian military spokesperson",
            "party": "UA",
            "act": "allegation",
            "target": "CADLR",
            "provisions": ["heavy-weapons-withdrawal"],
            "quote": "The other side has not withdrawn its heavy weapons as agreed.",
            "occurred_at": "2015-03-03T12:00",
            "recorded_at": "2015-03-03T12:30",
            "source": "illustrative record (synthetic)",
        },
    ]


def render() -> str:
    """The file's exact text."""
    records = daily_reports() + other_records()
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main() -> None:
    text = render()
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} records to {OUT}")


if __name__ == "__main__":
    main()
