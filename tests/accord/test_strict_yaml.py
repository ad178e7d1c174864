"""The YAML layer refuses what it cannot read without guessing, and locates what it reads."""

from __future__ import annotations

import time

import pytest

from servanda.accord._yaml import MAX_EXPANDED_NODES, YamlProblem, load_yaml


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("Off", "Off"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("~", None),
        ("null", None),
        ("14", 14),
        ("-3", -3),
        ("0o17", 15),
        ("0x1f", 31),
        ("010", 10),
        ("1.5", 1.5),
        ("2015-02-12", "2015-02-12"),
        ("2015-02-15T00:00", "2015-02-15T00:00"),
        ("1:30", "1:30"),
        ("'14'", "14"),
    ],
)
def test_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert load_yaml(f"key: {text}\n", "t").value == {"key": value}


def test_norway_stays_a_country_code_as_key_and_value() -> None:
    document = load_yaml("parties: {NO: Norway, SE: Sweden}\nbearers: [NO, SE]\n", "t")
    assert document.value == {"parties": {"NO": "Norway", "SE": "Sweden"}, "bearers": ["NO", "SE"]}


def test_every_key_and_item_has_its_line() -> None:
    document = load_yaml("a: 1\nb:\n  - x\n  - y: 2\n    z: 3\n", "t")
    assert document.lines == {
        (): 1,
        ("a",): 1,
        ("b",): 2,
        ("b", 0): 3,
        ("b", 1): 4,
        ("b", 1, "y"): 4,
        ("b", 1, "z"): 5,
    }
    assert document.line_of(("b", 1, "missing", 7)) == 4


def test_a_small_alias_is_expanded_into_each_place() -> None:
    document = load_yaml("a: &x [UA, RU]\nb: *x\n", "t")
    assert document.value == {"a": ["UA", "RU"], "b": ["UA", "RU"]}
    assert document.value["a"] is not document.value["b"]


def test_an_alias_bomb_is_refused_within_a_second() -> None:
    levels = ["a: &a [" + ", ".join(['"lol"'] * 10) + "]"]
    for level in range(1, 12):  # 10**12 strings once expanded
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    started = time.perf_counter()
    with pytest.raises(YamlProblem, match=f"past {MAX_EXPANDED_NODES:,} nodes"):
        load_yaml("\n".join(levels) + "\n", "t")
    assert time.perf_counter() - started < 1.0


def test_too_many_aliases_are_refused_even_when_small() -> None:
    text = "a: &a x\nb: [" + ", ".join(["*a"] * 201) + "]\n"
    with pytest.raises(YamlProblem, match="more than 200 aliases"):
        load_yaml(text, "t")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\na: 2\n", 2, "duplicate key 'a' (first at line 1)"),
        ("a: &x [*x]\n", 1, "recursive alias: a node contains itself"),
        ("a: !!binary aGk=\n", 1, "YAML tag !!binary is not allowed; only plain values are"),
        ("a: !!set {x}\n", 1, "YAML tag !!set is not allowed here"),
        ("? [a, b]\n: c\n", 1, "a key must be plain text, not a list or map"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, "merge keys (<<) are not supported"),
        ("a: 1\n---\nb: 2\n", 2, "invalid YAML: expected a single document in the stream"),
        ("a: [1, 2\n", 2, "invalid YAML: while parsing a flow sequence"),
        ("", 1, "the file is empty"),
        ("a: *nowhere\n", 1, "invalid YAML: found undefined alias 'nowhere'"),
    ],
)
def test_refusals_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text, "t")
    assert caught.value.line == line
    assert message in caught.value.message
