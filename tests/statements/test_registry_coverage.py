"""The registry knows every state and speaks for one party per name."""

from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources
from typing import Any

import pytest

from servanda.statements import load_registry
from servanda.statements._registry import normalise

#: ISO 3166-1 alpha-2 codes of the 193 member states of the United Nations.
_UN_MEMBERS = """
AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ
CA CD CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI
FJ FM FR GA GB GD GE GH GM GN GQ GR GT GW GY HN HR HT HU ID IE IL IN IQ IR IS IT JM
JO JP KE KG KH KI KM KN KP KR KW KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG
MH MK ML MM MN MR MT MU MV MW MX MY MZ NA NE NG NI NL NO NP NR NZ OM PA PE PG PH PK
PL PT PW PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS ST SV SY SZ TD
TG TH TJ TL TM TN TO TR TT TV TZ UA UG US UY UZ VC VE VN VU WS YE ZA ZM ZW
"""
UN_MEMBERS = _UN_MEMBERS.split()

#: The UN's observer states (the Holy See, Palestine), Taiwan, Kosovo and Western Sahara.
OTHERS = ["VA", "PS", "TW", "XK", "EH"]


def _data() -> dict[str, Any]:
    text = resources.files("servanda.statements").joinpath("registry.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _names(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (name, code) pair of the registry, across all its sections."""
    pairs: list[tuple[str, str]] = []
    for code, entry in data["states"].items():
        for field in ("names", "adjectives", "seats"):
            pairs.extend((name, code) for name in entry[field])
    for section in ("organisations", "groups"):
        for code, names in data[section].items():
            pairs.extend((name, code) for name in names)
    pairs.extend((name, code) for name, code in data["officials"].items())
    return pairs


#: Australia's ISO code is the African Union's usual acronym, which the labelling rules use
#: for the Union: an Australian speaker would read as the Union, so Australia is left out.
CLASHING = {"AU"}


def test_every_un_member_state_and_observer_is_a_state_of_the_registry() -> None:
    assert len(set(UN_MEMBERS)) == 193
    data = _data()
    states = data["states"]
    expected = [code for code in UN_MEMBERS + OTHERS if code not in CLASHING]
    assert [code for code in expected if code not in states] == []
    assert all(states[code]["names"] for code in expected)
    assert "AU" in data["organisations"]
    assert "AU" not in states


def test_no_name_maps_to_two_codes_across_sections() -> None:
    codes: dict[str, set[str]] = defaultdict(set)
    for name, code in _names(_data()):
        codes[normalise(name)].add(code)
    assert {name: found for name, found in codes.items() if len(found) > 1} == {}


@pytest.mark.parametrize(
    ("phrase", "party"),
    [
        ("South Ossetia's interior minister", "SOUTH-OSSETIA"),
        ("the Kurdistan Workers' Party (PKK)", "PKK"),
        ("Nigeria's defence headquarters", "NG"),
        ("the Philippine military", "PH"),
        ("Guyana's foreign ministry", "GY"),
        ("a Renamo spokesman", "RENAMO"),
        ("an Inter-Services Public Relations (ISPR) statement", "PK"),
    ],
)
def test_registry_names_in_a_phrase_give_its_party(phrase: str, party: str) -> None:
    matches = load_registry().find(phrase)
    assert matches
    assert {m.party for m in matches} == {party}
