"""What files become in the log, byte for byte, and what is refused before anything is logged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from servanda.errors import FormatError
from servanda.ledger import SignerKey
from servanda.store import LogStore
from servanda.transparency import (
    append_files,
    content_record,
    entry_from_file,
    file_records,
    log_values,
)

ACCORD = """\
servanda: 1
id: test            # a comment changes nothing
parties: {UA: Ukraine, NO: Norway}
signed: 2015-02-12
tolerance: 0.50
empty:
"""
ACCORD_JSON = (
    b'{"empty":null,"id":"test","parties":{"NO":"Norway","UA":"Ukraine"},'
    b'"servanda":1,"signed":"2015-02-12","tolerance":0.5}'
)


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_a_yaml_accord_is_its_canonical_json(tmp_path: Path) -> None:
    path = _write(tmp_path, "accord.yaml", ACCORD)
    reformatted = _write(
        tmp_path,
        "same.yml",
        "{tolerance: 0.5, servanda: 1, signed: '2015-02-12', "
        "parties: {NO: Norway, UA: Ukraine}, id: test, empty: null}\n",
    )
    [record] = file_records(path)
    assert (record.source, record.entry, record.content) == (str(path), ACCORD_JSON, None)
    assert file_records(reformatted)[0].entry == ACCORD_JSON


def test_a_jsonl_file_is_one_canonical_entry_per_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "evidence.jsonl",
        '{"value": 1.0, "id": "a"}\n\n  \n{"id": "b", "note": "caf\\u00e9"}\n',
    )
    records = file_records(path)
    assert [(r.source, r.entry) for r in records] == [
        (f"{path}:1", b'{"id":"a","value":1}'),
        (f"{path}:4", '{"id":"b","note":"café"}'.encode()),
    ]
    assert entry_from_file(path, line=4) == '{"id":"b","note":"café"}'.encode()
    with pytest.raises(FormatError, match=r"holds 2 records .* choose one with --line N"):
        entry_from_file(path)
    with pytest.raises(FormatError, match="has no record on line 2"):
        entry_from_file(path, line=2)


def test_any_other_file_is_its_bytes_and_a_large_one_a_record_of_its_hash(
    tmp_path: Path,
) -> None:
    small = _write(tmp_path, "note.txt", b"\x00\xffraw bytes\r\n")
    assert file_records(small)[0].entry == b"\x00\xffraw bytes\r\n"
    data = bytes(range(256)) * 300  # 76 800 bytes: more than an entry bundle holds
    large = _write(tmp_path, "scan.pdf", data)
    [record] = file_records(large)
    digest = hashlib.sha256(data).hexdigest()
    expected = f'{{"servanda":"content","sha256":"{digest}","size":76800}}'.encode()
    assert (record.entry, record.content) == (expected, data)
    assert content_record(data) == expected
    assert entry_from_file(large) == expected
    assert entry_from_file(large, raw=True) == data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.yaml", "a: 1\na: 2\n", r"a\.yaml:2: duplicate key 'a'"),
        ("a.yaml", "when: !!timestamp 2015-02-12\n", r"a\.yaml:1: YAML tag !!timestamp"),
        ("a.yaml", "{1: one}\n", r"a\.yaml: \$: key 1 is not text"),
        ("a.yaml", "x: .nan\n", r"a\.yaml: \$\.x: nan is not a finite number"),
        ("a.yml", b"x: \xff\n", r"a\.yml:1: not UTF-8 text"),
        ("a.jsonl", '{"a": 1}\n{"a": 1, "a": 2}\n', r"a\.jsonl:2: duplicate key 'a'"),
        ("a.jsonl", '{"a": NaN}\n', r"a\.jsonl:1: NaN is not a JSON number"),
        ("a.jsonl", '{"a": 1\n', r"a\.jsonl:1: Expecting ',' delimiter"),
    ],
)
def test_files_without_a_canonical_entry_are_refused(
    tmp_path: Path, name: str, data: str | bytes, message: str
) -> None:
    with pytest.raises(FormatError, match=message):
        file_records(_write(tmp_path, name, data))


def test_appending_files_is_all_or_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/log.sqlite"
    good = _write(tmp_path, "accord.yaml", ACCORD)
    bad = _write(tmp_path, "bad.jsonl", "{oops}\n")
    large = _write(tmp_path, "big.bin", bytes(70_000))
    with LogStore.create(url, SignerKey.generate("example.org/records")) as store:
        with pytest.raises(FormatError, match=r"bad\.jsonl:1"):
            append_files(store, [good, bad])
        with pytest.raises(FormatError, match=r"missing\.yaml: cannot read"):
            append_files(store, [good, tmp_path / "missing.yaml"])
        assert store.size() == 0
        appended = append_files(store, [good, large])
        assert [(a.source, a.index) for a in appended] == [(str(good), 0), (str(large), 1)]
        assert store.entries(0, 1) == [ACCORD_JSON]
        assert store.content(hashlib.sha256(bytes(70_000)).digest()) == bytes(70_000)
        assert log_values(store, [{"b": 2, "a": 1}, [1.5]]) == [2, 3]
        assert store.entries(2, 4) == [b'{"a":1,"b":2}', b"[1.5]"]
