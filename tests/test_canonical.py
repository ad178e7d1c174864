"""Canonical JSON: one byte string per value, and refusals for values with none."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from enum import IntEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servanda._canonical import canonical_json
from servanda.errors import FormatError


class Level(IntEnum):
    HIGH = 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"b": 1, "a": [True, False, None]}, b'{"a":[true,false,null],"b":1}'),
        ({"\u00e9": "\u00e9\u2014\U0001f600"}, '{"é":"é—\U0001f600"}'.encode()),
        (
            'quote " backslash \\ tab \t nl \n nul \x00',
            b'"quote \\" backslash \\\\ tab \\t nl \\n nul \\u0000"',
        ),
        ({"B": 0, "a": 0, "\u00e0": 0, "_": 0}, '{"B":0,"_":0,"a":0,"à":0}'.encode()),
        (2.0, b"2"),
        (Decimal("2.00"), b"2"),
        (Decimal("0.50"), b"0.5"),
        (-0.0, b"0"),
        (0.1, b"0.1"),
        (1e-7, b"0.0000001"),
        (1e16, b"10000000000000000"),
        (Decimal("-1.5E+3"), b"-1500"),
        (123456789012345678901234567890, b"123456789012345678901234567890"),
        (Level.HIGH, b"3"),
        ((1, "two"), b'[1,"two"]'),
        ([], b"[]"),
        ({}, b"{}"),
    ],
)
def test_exact_bytes(value: object, expected: bytes) -> None:
    assert canonical_json(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (math.nan, r"\$: nan is not a finite number"),
        ({"x": [math.inf]}, r"\$\.x\[0\]: inf is not a finite number"),
        (Decimal("NaN"), r"\$: NaN is not a finite number"),
        (Decimal("1E+401"), r"beyond 10\*\*±400"),
        ({1: "one"}, "key 1 is not text; JSON keys are text, e.g. quote it: '1'"),
        ({"when": object()}, r"\$\.when: object has no JSON form"),
        (b"bytes", "bytes has no JSON form"),
        ("\ud800", "text contains '\\\\ud800', which is not valid Unicode"),
    ],
)
def test_values_without_canonical_json_are_refused(value: object, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        canonical_json(value)


def test_deep_nesting_is_refused_not_crashed() -> None:
    value: object = []
    for _ in range(5000):
        value = [value]
    with pytest.raises(FormatError, match="nested too deeply"):
        canonical_json(value)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(json_values)
def test_the_encoding_is_json_and_a_fixed_point(value: object) -> None:
    encoded = canonical_json(value)
    decoded = json.loads(encoded, parse_float=Decimal)
    assert canonical_json(decoded) == encoded
    assert encoded == canonical_json(json.loads(json.dumps(value)))
