"""Canonical JSON: one byte string per value, so that a logged record can be rebuilt.

A record in the transparency log is checked by hashing it again, so the same value must
always give the same bytes, whoever encodes it and however it was written:

- objects with keys sorted by Unicode code point, separators ``,`` and ``:``, no spaces;
- strings in UTF-8, not ASCII-escaped (``json`` escapes only ``"``, ``\\`` and control
  characters, always the same way); a lone surrogate cannot be UTF-8 and is refused;
- ``true``, ``false``, ``null``; integers as integers;
- every other number (``float`` or ``Decimal``) by its *value*: shortest round-trip
  digits (``repr`` for floats), trailing zeros dropped, never an exponent. So ``2.0``,
  ``Decimal("2.00")`` and ``2`` all give ``2``, and ``1e-7`` gives ``0.0000001``. This
  keeps decimals from YAML and JSON exact instead of refusing them; NaN and infinities
  have no JSON spelling and are refused, and so are exponents beyond ±400 (``1e999999``
  would otherwise expand to a million digits).

Only ``dict`` (string keys), ``list``/``tuple``, ``str``, ``int``, ``bool``, ``None``,
``float`` and ``Decimal`` are accepted; anything else is refused rather than guessed at.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal

from servanda.errors import FormatError

#: Numbers further from 1 than 10**±MAX_EXPONENT are refused.
MAX_EXPONENT = 400
_string = json.JSONEncoder(ensure_ascii=False).encode


def canonical_json(value: object) -> bytes:
    """The canonical UTF-8 JSON encoding of ``value``; raises ``FormatError`` if it has none."""
    parts: list[str] = []
    try:
        _encode(value, parts, "$")
        return "".join(parts).encode("utf-8")
    except RecursionError:
        raise FormatError("value is nested too deeply to encode") from None
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        raise FormatError(f"text contains {bad!r}, which is not valid Unicode") from None


def _encode(value: object, out: list[str], where: str) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, int):
        out.append(_integer(value, where))
    elif isinstance(value, float | Decimal):
        out.append(_number(value, where))
    elif isinstance(value, dict):
        _object(value, out, where)
    elif isinstance(value, list | tuple):
        out.append("[")
        for position, item in enumerate(value):
            if position:
                out.append(",")
            _encode(item, out, f"{where}[{position}]")
        out.append("]")
    else:
        raise FormatError(
            f"{where}: {type(value).__name__} has no JSON form; use text, a number, "
            "true/false, null, a list or a mapping"
        )


def _object(value: dict[object, object], out: list[str], where: str) -> None:
    for key in value:
        if not isinstance(key, str):
            raise FormatError(
                f"{where}: key {key!r} is not text; JSON keys are text, e.g. quote it: '{key}'"
            )
    out.append("{")
    for position, key in enumerate(sorted(value)):  # type: ignore[type-var]
        if position:
            out.append(",")
        out.append(_string(key))
        out.append(":")
        _encode(value[key], out, f"{where}.{key}")
    out.append("}")


def _integer(value: int, where: str) -> str:
    try:
        return str(int(value))  # int() also turns an IntEnum into its plain value
    except ValueError as exc:  # more digits than Python's int-to-text limit
        raise FormatError(f"{where}: integer is too long to encode: {exc}") from None


def _number(value: float | Decimal, where: str) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FormatError(f"{where}: {value!r} is not a finite number; JSON has no {value}")
        value = Decimal(repr(value))
    if not value.is_finite():
        raise FormatError(f"{where}: {value} is not a finite number; JSON has none")
    if value.is_zero():
        return "0"
    exponent = value.adjusted()
    if not -MAX_EXPONENT <= exponent <= MAX_EXPONENT:
        raise FormatError(f"{where}: {value} is beyond 10**±{MAX_EXPONENT}; log it as text instead")
    return format(value.normalize(), "f")
