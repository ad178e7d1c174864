"""The registry on a real database: accords and evidence stored in the transaction that
logs them, all or nothing, and imports that can be run again."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from servanda._canonical import canonical_json
from servanda.errors import AccordError, EvidenceError, StoreError, VerificationError
from servanda.evidence import AccordKeys, sign_record
from servanda.evidence.events import ACLED, UCDP
from servanda.registry import _events as events_module
from servanda.registry import (
    add_evidence,
    import_events,
    register_accord,
    registered_accord,
    stored_evidence,
)
from servanda.store import NewRecord, Registry
from tests.registry.conftest import EVENTS, sample_key

ACCORD = (EVENTS / "minsk-events.yaml").read_text(encoding="utf-8")


@pytest.fixture
def registry(log_url: str) -> Iterator[Registry]:
    with Registry.open(log_url) as opened:
        register_accord(opened, ACCORD, "minsk-events.yaml")
        yield opened


def signed_lines(name: str, key: str) -> str:
    records = [json.loads(line) for line in (EVENTS / name).read_text().splitlines()]
    return "".join(canonical_json(sign_record(r, sample_key(key))).decode() + "\n" for r in records)


def unsigned(data: bytes) -> bytes:
    value = json.loads(data, parse_float=Decimal)
    del value["signature"]
    return canonical_json(value)


def test_an_accord_is_logged_once_and_its_id_names_one_text(log_url: str) -> None:
    with Registry.open(log_url) as registry:
        first = register_accord(registry, ACCORD, "minsk-events.yaml")
        assert (first.id, first.log_index, first.added) == ("minsk-events", 0, True)
        reformatted = "# the same document\n" + ACCORD.replace("status: signed\n", "")
        reformatted = reformatted.replace(
            "timezone: Europe/Kyiv", "timezone: Europe/Kyiv\nstatus: signed"
        )
        again = register_accord(registry, reformatted, "copy.yaml")
        assert (again.log_index, again.added) == (0, False)
        assert registry.log.size() == 1
        logged = registry.log.entries(0, 1)[0]
        assert logged == registry.accord("minsk-events").document  # type: ignore[union-attr]
        assert json.loads(logged)["id"] == "minsk-events"
        with pytest.raises(AccordError) as caught:
            register_accord(registry, ACCORD.replace("quorum: 1", "quorum: 2"), "v2.yaml")
        assert str(caught.value) == (
            "v2.yaml:6: id: 'minsk-events' is already registered (log index 0) with another "
            "text; an id names one text, so give this one its own, e.g. minsk-events-v2"
        )
        assert registry.log.size() == 1
        assert registered_accord(registry, "minsk-events").accord.id == "minsk-events"
        with pytest.raises(StoreError, match=r"no accord 'minsk-ii' in .*; register it with"):
            registered_accord(registry, "minsk-ii")


def test_a_database_without_a_log_is_refused(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        message = "no database at .*; create it with 'servanda log init'"
    else:
        message = "no log in .*; create one with 'servanda log init'"
    with pytest.raises(StoreError, match=message):
        Registry.open(db_url)


def test_signed_records_are_logged_and_stored_and_adding_them_again_adds_nothing(
    registry: Registry,
) -> None:
    text = signed_lines("smm-reports.jsonl", "smm")
    added = add_evidence(registry, "minsk-events", text, "smm.jsonl")
    assert [(a.id, a.line, a.log_index, a.added) for a in added] == [
        ("smm-2015-02-16-cadlr", 1, 1, True),
        ("smm-2015-02-16-ua", 2, 2, True),
    ]
    assert registry.log.entries(1, 3) == [line.encode() for line in text.splitlines()]
    again = add_evidence(registry, "minsk-events", text, "smm.jsonl")
    assert [(a.log_index, a.added) for a in again] == [(1, False), (2, False)]
    assert registry.log.size() == 3
    stored = list(stored_evidence(registry, "minsk-events"))
    assert [(s.id, s.log_index) for s in stored] == [
        ("smm-2015-02-16-cadlr", 1),
        ("smm-2015-02-16-ua", 2),
    ]


def test_one_refused_record_refuses_the_file_and_nothing_changes(registry: Registry) -> None:
    smm = signed_lines("smm-reports.jsonl", "smm").splitlines()
    wrong_role = signed_lines("de-acts.jsonl", "ua").strip()
    tampered = smm[1].replace('"value":0', '"value":3')
    unsigned_line = (EVENTS / "de-acts.jsonl").read_text().strip().replace("de-consult", "de-2")
    text = "\n".join([smm[0], tampered, wrong_role, unsigned_line]) + "\n"
    with pytest.raises(EvidenceError) as caught:
        add_evidence(registry, "minsk-events", text, "batch.jsonl")
    assert [str(p) for p in caught.value.problems] == [
        "batch.jsonl:2: signature: the signature does not verify with "
        "smm.example/reports+a2738a47: the record was changed after it was signed, or signed "
        "over other bytes",
        "batch.jsonl:3: signature: signed by UA's key ua.example/mfa+87706c10, but an act is "
        "signed by its party, DE",
        "batch.jsonl:4: signature: the record is not signed; sign it with 'servanda evidence "
        "sign --key KEY FILE.jsonl'",
    ]
    malformed = smm[0].replace('"party":"CADLR"', '"party":"DPR"')
    with pytest.raises(EvidenceError) as caught:
        add_evidence(registry, "minsk-events", malformed + "\n", "bad.jsonl")
    assert [str(p) for p in caught.value.problems] == [
        "bad.jsonl:1: party: unknown party 'DPR' (the accord lists UA, RU, CADLR)"
    ]
    assert registry.log.size() == 1  # the accord alone
    assert list(stored_evidence(registry, "minsk-events")) == []


def test_an_id_stored_with_other_content_is_refused(registry: Registry) -> None:
    smm = signed_lines("smm-reports.jsonl", "smm")
    add_evidence(registry, "minsk-events", smm, "smm.jsonl")
    # Signed again with the mission's other key: the same report, other bytes.
    other = signed_lines("smm-reports.jsonl", "smm-2016").splitlines()[0]
    new = signed_lines("de-acts.jsonl", "de")
    with pytest.raises(EvidenceError) as caught:
        add_evidence(registry, "minsk-events", other + "\n" + new, "again.jsonl")
    assert [str(p) for p in caught.value.problems] == [
        "again.jsonl:1: id: 'smm-2015-02-16-cadlr' is already stored for minsk-events with "
        "other content (log index 1); an id names one record, so give this one its own"
    ]
    assert registry.log.size() == 3


def test_a_row_that_cannot_be_stored_takes_its_log_entries_with_it(registry: Registry) -> None:
    row = NewRecord("x", "report", b"{}", b"{}", "k")
    with pytest.raises(StoreError):
        registry.add_records("minsk-events", [row, row])  # the second insert fails
    assert registry.log.size() == 1
    assert registry.log.entries(0, 1) == [registry.accord("minsk-events").document]  # type: ignore[union-attr]
    assert registry.add_records("minsk-events", [row]) == range(1, 2)


def run_import(
    registry: Registry, name: str, fmt_name: str, **options: object
) -> events_module.ImportReport:
    fmt, mapping, key = {
        "acled": (ACLED, "acled-map.yaml", "acled"),
        "ucdp": (UCDP, "ged-map.yaml", "ucdp"),
    }[fmt_name]
    path = options.pop("path", EVENTS / name)
    assert isinstance(path, Path)
    return import_events(
        registry,
        "minsk-events",
        path,
        fmt,
        EVENTS / mapping,
        sample_key(key),
        **options,  # type: ignore[arg-type]
    )


def test_acled_and_ged_imports_store_the_mapped_records_signed_and_logged(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(events_module, "CHUNK", 7)  # several transactions per file
    report = run_import(registry, "acled-ukraine-2015.csv", "acled")
    assert (report.rows, report.added, report.already, report.bad) == (40, 29, 0, 0)
    report = run_import(registry, "ged-ukraine-2015.csv", "ucdp")
    assert (report.rows, report.added, report.already, report.bad) == (32, 49, 0, 0)
    stored = list(stored_evidence(registry, "minsk-events"))
    expected = [
        *(EVENTS / "acled-expected.jsonl").read_bytes().splitlines(),
        *(EVENTS / "ged-expected.jsonl").read_bytes().splitlines(),
    ]
    assert [unsigned(s.record) for s in stored] == expected
    assert [s.log_index for s in stored] == list(range(1, 79))
    assert registry.log.entries(1, 79) == [s.record for s in stored]
    keys = AccordKeys(registered_accord(registry, "minsk-events"))
    signers = {keys.verify(json.loads(s.record, parse_float=Decimal)).name for s in stored}
    assert signers == {"import.example/acled", "import.example/ucdp-ged"}


def test_an_import_reports_progress_through_the_whole_file_in_both_passes(
    registry: Registry,
) -> None:
    phases: dict[str, list[int]] = {}

    def start(phase: str, total: int) -> Callable[[int], None]:
        phases[phase] = [total]
        return phases[phase].append

    path = EVENTS / "acled-ukraine-2015.csv"
    run_import(registry, path.name, "acled", progress=start)
    size = path.stat().st_size
    assert list(phases) == ["checking", "importing"]
    for ticks in phases.values():
        assert ticks[0] == size  # the bar's total is the file's size in bytes
        assert all(tick > 0 for tick in ticks[1:])
        assert sum(ticks[1:]) == size  # and the ticks add up to it, no more, no less


def test_a_re_import_adds_nothing_and_reports_rows_that_changed(
    registry: Registry, tmp_path: Path
) -> None:
    run_import(registry, "ged-ukraine-2015.csv", "ucdp")
    again = run_import(registry, "ged-ukraine-2015-noheader.csv", "ucdp")
    assert (again.added, again.already, again.changed_count) == (0, 49, 0)
    changed = tmp_path / "ged.csv"
    text = (EVENTS / "ged-ukraine-2015.csv").read_text()
    changed.write_text(text.replace(",2015-02-16;2015-02-17,", ",2015-02-16;2015-02-19,"))
    report = run_import(registry, "", "ucdp", path=changed)
    assert (report.added, report.already, report.changed_count) == (0, 49, 2)
    assert [str(p) for p in report.changed] == [
        f"{changed}:3: ucdp-164002-UA is already stored with other content (log index 1); "
        "the stored record is kept",
        f"{changed}:3: ucdp-164002-CADLR is already stored with other content (log index 2); "
        "the stored record is kept",
    ]
    assert registry.log.size() == 50


def test_bad_rows_are_reported_and_the_good_ones_imported_unless_strict(
    registry: Registry, tmp_path: Path
) -> None:
    data = (EVENTS / "acled-ukraine-2015.csv").read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[: data.index(b"UKR2007") + 60])
    with pytest.raises(EvidenceError) as caught:
        run_import(registry, "", "acled", path=cut, strict=True)
    assert str(caught.value) == (
        f"{cut}:8: 7 columns, expected 31: the file ends in the middle of this row, so it "
        "is truncated"
    )
    assert registry.log.size() == 1
    report = run_import(registry, "", "acled", path=cut)
    assert (report.rows, report.added, report.bad) == (7, 3, 1)
    assert [str(p) for p in report.problems] == [str(caught.value)]
    assert registry.log.size() == 4


def test_only_a_key_of_the_data_set_signs_its_import(registry: Registry) -> None:
    with pytest.raises(VerificationError) as caught:
        import_events(
            registry, "minsk-events", EVENTS / "ged-ukraine-2015.csv", UCDP,
            EVENTS / "ged-map.yaml", sample_key("acled"),
        )  # fmt: skip
    assert str(caught.value) == (
        "the key import.example/acled+35e06543 is not one the accord minsk-events lists for "
        "UCDP-GED (it lists import.example/ucdp-ged+1dca0532); imported records are signed "
        "by the data set's importer"
    )
    assert registry.log.size() == 1
