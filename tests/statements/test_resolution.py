"""Speakers, parties and dates on small texts written for the purpose."""

from __future__ import annotations

from datetime import date

import pytest

from servanda.statements import Extractor, Registry, load_registry
from servanda.statements._candidates import quotations
from servanda.statements._dates import document_date, resolve
from servanda.statements._speakers import DocumentSpeakers
from servanda.statements._text import body_start, unwrap


def _only(extractor: Extractor, text: str, published: date | None = None) -> tuple[str, ...]:
    statements = extractor.extract(text, "t.txt", published)
    assert len(statements) == 1, statements
    s = statements[0]
    return (s.speaker, s.party or "", s.act, s.target or "")


@pytest.mark.parametrize(
    ("text", "speaker", "party"),
    [
        (
            "Ukraine's Prosecutor General Andriy Kostin said on Monday that Russian forces "
            "had shelled the city of Kherson in violation of the ceasefire.",
            "Andriy Kostin",
            "UA",
        ),
        (
            "A Kremlin spokesman accused Ukraine of violating the energy ceasefire.",
            "A Kremlin spokesman",
            "RU",
        ),
        (
            "The Israeli military said Hezbollah had fired rockets at its positions.",
            "The Israeli military",
            "IL",
        ),
        (
            "Maria Ivanova, spokeswoman for Russia's foreign ministry, accused Kyiv of "
            "attacking power plants.",
            "Maria Ivanova",
            "RU",
        ),
        (
            '"The rebels yesterday attacked our position in Malakal but they were repulsed," '
            "media outlets quoted South Sudan information minister Michael Makuei as saying.",
            "Michael Makuei",
            "SS",
        ),
    ],
    ids=["possessive-role", "seat-role", "demonym-role", "apposition-role", "quoted-as-saying"],
)
def test_role_words_give_the_party_of_officials_the_registry_does_not_know(
    extractor: Extractor, text: str, speaker: str, party: str
) -> None:
    assert _only(extractor, text)[:2] == (speaker, party)


def test_a_surname_and_a_pronoun_resolve_to_the_full_mention(extractor: Extractor) -> None:
    text = (
        "Armenian Defence Ministry spokeswoman Anna Petrosyan accused Azerbaijan of "
        "shelling civilian areas. Petrosyan said Azerbaijani forces had attacked "
        "positions overnight. She warned that Armenia would respond to any attack."
    )
    found = extractor.extract(text, "t.txt")
    assert {s.speaker for s in found} == {"Anna Petrosyan"}
    assert {s.party for s in found} == {"AM"}


def test_joint_speakers_of_different_parties_are_not_attributed(extractor: Extractor) -> None:
    text = "Uganda and Rwanda denied the accusations of supporting the rebels."
    assert extractor.extract(text, "t.txt") == []


def test_the_registry_knows_states_organisations_groups_and_officials() -> None:
    registry = load_registry()
    assert registry.party_of("Kremlin") == "RU"
    assert registry.party_of("NATO") == "NATO"
    assert registry.party_of("Hamas") == "HAMAS"
    assert registry.party_of("Dmitry Peskov") == "RU"
    assert registry.surname("Lavrov") == "RU"
    assert registry.is_media("Reuters")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on December 11", date(2025, 12, 11)),
        ("last Thursday", date(2025, 12, 11)),
        ("on Friday", date(2025, 12, 12)),  # the publication day itself
        ("on Monday", date(2025, 12, 8)),
        ("Sunday", date(2025, 12, 7)),
        ("yesterday", date(2025, 12, 11)),
        ("today", date(2025, 12, 12)),
        ("Dec. 13", date(2024, 12, 13)),  # a date after publication is last year's
        ("October 29, 2025", date(2025, 10, 29)),
    ],
)
def test_dates_resolve_against_the_publication_date(expression: str, expected: date) -> None:
    assert resolve(expression, date(2025, 12, 12)) == expected


def test_without_a_publication_date_only_full_dates_resolve() -> None:
    assert resolve("on Monday", None) is None
    assert resolve("October 29, 2025", None) == date(2025, 10, 29)


def test_a_weekday_in_the_text_resolves_with_published(extractor: Extractor) -> None:
    text = "On Monday, Thailand accused Cambodia of violating the ceasefire."
    (statement,) = extractor.extract(text, "t.txt", date(2025, 7, 29))
    assert statement.date == "2025-07-28"


def test_the_document_date_comes_from_its_front_matter() -> None:
    assert document_date("Headline\nOctober 29, 2025\n") == date(2025, 10, 29)
    assert document_date("Sadik Kedir  |13.08.2024") == date(2024, 8, 13)
    assert document_date("No date here") is None


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Title Of A Story\n\nThe body starts here.", "The body"),
        ("Title Of A Story\nThe deck says something.\n\nThe body.", "The body"),
        ("By Someone\nBOGOTA (Reuters) - The body.", "BOGOTA"),
        ("A body that starts at once.\nAnd goes on.", "A body"),
        (
            "Tshisekedi accuses Rwanda of violating the deal.\nIn an address on Monday.\nBody.",
            "Body",
        ),
    ],
    ids=["headline", "deck", "byline", "no-front-matter", "headline-with-full-stop"],
)
def test_the_body_starts_after_headline_deck_and_byline(text: str, body: str) -> None:
    assert text[body_start(text) :].startswith(body)


def test_hard_wrapped_lines_are_joined_without_moving_offsets() -> None:
    text = "He said the deal\nwas broken, and\nthen left.\nNext paragraph."
    joined = unwrap(text)
    assert len(joined) == len(text)
    assert joined == "He said the deal was broken, and then left.\nNext paragraph."


def _speaker_of(extractor: Extractor, text: str, subject: str) -> tuple[str, str | None]:
    """The speaker the last token ``subject`` (a verb's subject) resolves to, with every
    earlier subject of the text resolved first, as the extractor reads a document."""
    doc = extractor.parse(text)
    speakers = DocumentSpeakers(doc, extractor.registry)
    heads = [t for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "VERB"]
    resolved = None
    for token in heads:
        found = speakers.resolve(token)
        if token.text == subject:
            resolved = found
    assert resolved is not None, f"{subject!r} did not resolve"
    return resolved.name, resolved.party


@pytest.mark.parametrize(
    ("text", "subject", "party"),
    [
        (
            "“Pakistani troops resorted to unprovoked firing on our posts,” said S N Acharaya, "
            "the Indian army spokesman based in Jammu. Acharaya said the firing went on "
            "for two hours.",
            "Acharaya",
            "IN",
        ),
        (
            "“Fighting continues despite the cease-fire,” said Farhan Haq, deputy spokesman "
            "for the United Nations, on Tuesday. Haq said the mission was watching closely.",
            "Haq",
            "UN",
        ),
        (
            "A spokesman for Somalia's al Shabaab said the group rejected the talks.",
            "spokesman",
            "AL-SHABAAB",
        ),
        (
            "In an official statement, Tigray People's Liberation Front chairman Debretsion "
            "Gebremichael said federal forces had attacked. The statement further alleged "
            "that a drone strike had killed civilians.",
            "statement",
            "TPLF",
        ),
    ],
    ids=["name-the-tagger-missed", "role-after-name", "state-owns-group", "the-statement"],
)
def test_later_mentions_resolve_to_the_party_of_the_first(
    extractor: Extractor, text: str, subject: str, party: str
) -> None:
    assert _speaker_of(extractor, text, subject)[1] == party


def test_a_role_resolves_to_the_person_introduced_with_it(extractor: Extractor) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov said the talks had stalled. The spokesman said Kyiv "
        "had broken the truce."
    )
    assert _speaker_of(extractor, text, "spokesman") == ("Dmitry Peskov", "RU")


def test_the_one_quoted_as_saying_is_not_the_target(extractor: Extractor) -> None:
    text = (
        '"The rebels attacked our position in Malakal," state media quoted South Sudan '
        "information minister Michael Makuei as saying."
    )
    speaker, party, _, target = _only(extractor, text)
    assert (speaker, party) == ("Michael Makuei", "SS")
    assert target != "SS"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("“We will respond,” he said.", ["We will respond,"]),
        ('"We will respond," he said.', ["We will respond,"]),
        ('“We will respond." Then he left.', ["We will respond."]),  # marks mixed
        ("“One paragraph.\nAnd the next.” he said", ["One paragraph.\nAnd the next."]),
        ('“Yes,” he said, and she said "no".', ["Yes,", "no"]),
    ],
    ids=["curly", "straight", "curly-closed-straight", "across-paragraphs", "both"],
)
def test_quotations_are_read_whatever_their_marks(text: str, quoted: list[str]) -> None:
    assert [text[start:end] for start, end in quotations(text)] == quoted


def _registry_of(officials: dict[str, str]) -> Registry:
    registry = Registry()
    for name, party in officials.items():
        registry.add(name, party, "official")
    return registry


@pytest.mark.parametrize(
    ("name", "party"),
    [
        ("Lavrov", "RU"),
        ("Sergei V. Lavrov", "RU"),  # the registry's name, with a middle initial
        ("Ferdinand Marcos", "PH"),  # the registry writes "Jr."; a suffix is no name
        ("Elham Ahmad", None),  # another first name: another person
        ("Hussein Sheikh Ali", None),  # same first and last name, another middle one
        ("Arturo Ortiz Jr.", None),  # shares only the suffix
        ("Ali", None),  # a surname of officials of two parties
        ("Rashad Al-Alimi", "YE"),  # the article, however written, is not a name
        ("Al Mismari", "LNA"),
        ("UN", None),  # case counts: not Kim Jong Un
    ],
)
def test_an_official_is_known_by_surname_but_not_by_a_strangers_full_name(
    name: str, party: str | None
) -> None:
    registry = _registry_of(
        {
            "Sergei Lavrov": "RU",
            "Ferdinand Marcos Jr.": "PH",
            "Asim Iftikhar Ahmad": "PK",
            "Hussein Awad Ali": "SD",
            "Mohammed Ali": "EG",
            "Rashad al-Alimi": "YE",
            "Ahmed al-Mismari": "LNA",
            "Kim Jong Un": "KP",
        }
    )
    assert registry.surname(name) == party


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        (
            "Foreign Minister Shah Mahmood Qureshi welcomed the agreement. Qureshi said "
            "India must show sincerity.",
            "Qureshi",
        ),
        (
            "Koo Byoung-sam rejected the claims on Friday. Koo said the broadcasts had stopped.",
            "Koo",
        ),
    ],
    ids=["title-and-full-name", "surname-first"],
)
def test_a_surname_is_read_as_the_full_name_the_document_gives(
    extractor: Extractor, text: str, subject: str
) -> None:
    # The registry's Qureshi and Koo are other people: the document's are not theirs.
    registry = _registry_of({"Sofiya Qureshi": "IN", "Wellington Koo": "TW"})
    doc = extractor.parse(text)
    speakers = DocumentSpeakers(doc, registry)
    subjects = [t for t in doc if t.dep_ == "nsubj"]
    last = [t for t in subjects if t.text == subject][-1]
    for token in subjects[: subjects.index(last)]:
        speakers.resolve(token)  # as the extractor reads a document, first to last
    found = speakers.resolve(last)
    assert found is None or found.party is None, found


def test_a_dateline_is_not_part_of_the_speaker(extractor: Extractor) -> None:
    text = (
        "ADEN, Yemen, June 28 (Xinhua) -- The Houthi group in Yemen on Tuesday accused the "
        "pro-government forces of attacking the port city of Hodeidah."
    )
    assert unwrap(text).startswith("ADEN, Yemen, June 28 (Xinhua) \n  The Houthi group")
    assert _only(extractor, text)[:3] == ("The Houthi group in Yemen", "HOUTHIS", "allegation")


@pytest.mark.parametrize(
    "line",
    [
        "Hamas \u2013 the militant group \u2013 said it would respond.",  # no comma: no dateline
        "The minister, who spoke late \u2013 said the truce held.",  # lower-case words
    ],
)
def test_a_dash_in_a_sentence_is_not_taken_for_a_dateline(line: str) -> None:
    assert unwrap(line) == line


@pytest.mark.parametrize(
    ("text", "party"),
    [
        (
            "A spokesman for South Sudan's main rebel group accused government troops of "
            "violating the ceasefire.",
            None,
        ),
        (
            "An alliance of Myanmar ethnic armed groups accused the junta of violating the truce.",
            None,
        ),
        ("Myanmar's military accused the rebels of violating the truce.", "MM"),
        ("Iranian media said a civilian was killed in the attack.", None),
        ("Two Palestinian eyewitnesses said troops fired on the crowd.", None),
        ("Syria's presidential media office said the army had stopped firing.", "SY"),
    ],
    ids=[
        "rebel-group",
        "armed-groups",
        "the-state-itself",
        "media",
        "eyewitnesses",
        "media-office",
    ],
)
def test_a_states_opponents_and_bystanders_do_not_speak_for_it(
    extractor: Extractor, text: str, party: str | None
) -> None:
    parties = {s.party for s in extractor.extract(text, "t.txt")}
    assert parties <= {party}
    if party is not None:
        assert parties == {party}


def test_a_definite_description_resolves_to_an_earlier_mention_that_was_not_a_speaker(
    extractor: Extractor,
) -> None:
    text = (
        "The Thai army closed the border crossing on Monday. The army said Cambodian troops "
        "had fired first."
    )
    assert _only(extractor, text)[:3] == ("The Thai army", "TH", "allegation")


@pytest.mark.parametrize(
    ("text", "party"),
    [
        (
            "The Iranian Supreme National Security Council said Israel had violated the ceasefire.",
            "IR",
        ),
        ("The Security Council called on the parties to respect the ceasefire.", "UN"),
    ],
    ids=["national-body", "the-un-body"],
)
def test_a_name_inside_a_longer_name_is_not_that_name(
    extractor: Extractor, text: str, party: str
) -> None:
    assert _only(extractor, text)[1] == party
