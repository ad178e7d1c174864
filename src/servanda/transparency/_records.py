"""What a file becomes in the log: the exact entry bytes, rebuilt the same way to verify.

- ``.yaml``/``.yml``: one entry, the canonical JSON of the YAML document (read with the
  accord language's strict YAML 1.2 loader: no ``NO``-is-false, no implicit dates, no
  duplicate keys), so reformatting the file does not change the entry;
- ``.jsonl``: one entry per non-empty line, each line's JSON canonicalised (duplicate
  keys, NaN and Infinity refused);
- anything else: the file's bytes as they are.

An entry larger than a tlog-tiles entry bundle holds (65535 bytes) is logged as a
*content record*, the canonical JSON ``{"servanda":"content","sha256":…,"size":…}``,
and the content itself is stored beside the log under its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from servanda._canonical import canonical_json
from servanda.accord import YamlProblem, load_yaml
from servanda.errors import FormatError
from servanda.ledger import MAX_ENTRY_SIZE


@dataclass(frozen=True, slots=True)
class Record:
    """One entry to log, where it came from, and content to keep beside it (if any)."""

    source: str
    entry: bytes
    content: bytes | None = None


def content_record(data: bytes) -> bytes:
    """The entry that stands for ``data`` when it is too large to log itself."""
    digest = hashlib.sha256(data).hexdigest()
    return canonical_json({"servanda": "content", "sha256": digest, "size": len(data)})


def record(source: str, entry: bytes) -> Record:
    """``entry`` as logged: itself, or a content record if it is too large."""
    if len(entry) <= MAX_ENTRY_SIZE:
        return Record(source, entry)
    return Record(source, content_record(entry), entry)


def json_record(source: str, value: object) -> Record:
    """A JSON-able value logged as its canonical JSON; errors name ``source``."""
    try:
        return record(source, canonical_json(value))
    except FormatError as exc:
        raise FormatError(f"{source}: {exc}") from None


def file_records(path: Path) -> list[Record]:
    """The records a file is logged as; ``FormatError`` names the file (and line)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{path}: cannot read: {exc.strerror}") from exc
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return [json_record(str(path), _yaml_value(path, data))]
    if suffix == ".jsonl":
        return list(_jsonl_records(path, data))
    return [record(str(path), data)]


def _text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(f"{path}:{line}: not UTF-8 text") from exc


def _yaml_value(path: Path, data: bytes) -> object:
    try:
        return load_yaml(_text(path, data), str(path)).value
    except YamlProblem as exc:
        where = f"{path}:{exc.line}" if exc.line else str(path)
        raise FormatError(f"{where}: {exc.message}") from exc


def _jsonl_records(path: Path, data: bytes) -> Iterable[Record]:
    for number, line in enumerate(_text(path, data).split("\n"), 1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            value = json.loads(
                line,
                parse_float=Decimal,
                parse_constant=_refuse_constant,
                object_pairs_hook=_no_duplicates,
            )
        except (ValueError, RecursionError) as exc:
            raise FormatError(f"{source}: {exc}") from None
        yield json_record(source, value)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    value: dict[str, object] = {}
    for key, item in pairs:
        if key in value:
            raise ValueError(f"duplicate key {key!r}")
        value[key] = item
    return value
