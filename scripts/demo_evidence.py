"""``make demo``, the evidence part: signed reports and event data into a store.

Every step runs the real ``servanda`` command on the synthetic files of
``tests/data/events`` (a cut-down Minsk II whose ceasefire the OSCE SMM, ACLED and UCDP
monitor; their test keys are published on purpose): a log and its registry in a
temporary SQLite database, the accord registered, the mission's reports signed and
added, a record altered after signing refused with nothing stored, ACLED and UCDP GED
exports imported (and ACLED again, which adds nothing), then what the store holds
exported and assessed. Exits non-zero if any step does not do what it should.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from _demo import run, step

DATA = "tests/data/events"
ACCORD = "minsk-events"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="servanda-evidence-") as folder:
        tmp = Path(folder)
        db = ("--db", f"sqlite:///{tmp}/store.sqlite")

        step("A store: a log, and the accord registered in it (and logged)")
        run("log", "init", "--origin", "demo.servanda.example/evidence", *db)
        run("accord", "add", f"{DATA}/{ACCORD}.yaml", *db)

        step("The monitoring mission signs its reports and adds them")
        signed = tmp / "smm.jsonl"
        run(
            "evidence",
            "sign",
            "--key",
            f"{DATA}/keys/smm.key",
            f"{DATA}/smm-reports.jsonl",
            "--out",
            str(signed),
        )
        run("evidence", "add", "--accord", ACCORD, str(signed), *db)

        step("A report changed after it was signed is refused, and nothing is stored")
        records = [json.loads(line) for line in signed.read_text().splitlines()]
        records[0]["value"] = 0
        records[0]["id"] += "-altered"
        altered = tmp / "altered.jsonl"
        altered.write_text("".join(json.dumps(r) + "\n" for r in records[:1]))
        run("evidence", "add", "--accord", ACCORD, str(altered), *db, expect=2)

        step("Event data: an ACLED export and a UCDP GED file, mapped to the accord")
        for name, fmt, mapping, key in (
            ("acled-ukraine-2015.csv", "acled", "acled-map.yaml", "acled.key"),
            ("ged-ukraine-2015.csv", "ucdp", "ged-map.yaml", "ucdp.key"),
        ):
            run(
                "evidence",
                "import",
                f"{DATA}/{name}",
                "--format",
                fmt,
                "--map",
                f"{DATA}/{mapping}",
                "--accord",
                ACCORD,
                "--key",
                f"{DATA}/keys/{key}",
                *db,
            )
        print("... and the ACLED file again: the same rows are the same records", flush=True)
        run(
            "evidence",
            "import",
            f"{DATA}/acled-ukraine-2015.csv",
            "--format",
            "acled",
            "--map",
            f"{DATA}/acled-map.yaml",
            "--accord",
            ACCORD,
            "--key",
            f"{DATA}/keys/acled.key",
            *db,
        )

        step("What the store holds, assessed")
        exported = tmp / f"{ACCORD}.jsonl"
        run("evidence", "export", "--accord", ACCORD, "--out", str(exported), *db)
        run(
            "assess",
            f"{DATA}/{ACCORD}.yaml",
            "-e",
            str(exported),
            "--as-of",
            "2015-03-01",
            "--format",
            "table",
        )


if __name__ == "__main__":
    main()
