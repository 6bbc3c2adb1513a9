"""Participants' names, countries and sectors, and places' countries (newstrace.nlp.geo)."""

from __future__ import annotations

import pytest

from newstrace.analysis import analyze
from newstrace.nlp.geo import country_code, participant_info, place_country


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("U.S.", "USA"),
        ("US", "USA"),
        ("the United States", "USA"),
        ("American", "USA"),
        ("Americans", "USA"),
        ("Washington", "USA"),  # the capital for its government
        ("the White House", "USA"),
        ("the Pentagon", "USA"),
        ("Venezuelan", "VEN"),
        ("Venezuela", "VEN"),
        ("Venezuela's", "VEN"),
        ("Caracas", "VEN"),
        ("Britain", "GBR"),
        ("British", "GBR"),
        ("U.K.", "GBR"),
        ("Downing Street", "GBR"),
        ("the Kremlin", "RUS"),
        ("Beijing", "CHN"),
        ("Chinese", "CHN"),  # shared with Hong Kong and Macau: the most populous wins
        ("Pyongyang", "PRK"),
        ("DPRK", "PRK"),
        ("UAE", "ARE"),
        ("Colombian", "COL"),
        ("Bogotá", "COL"),
        ("Côte d'Ivoire", "CIV"),
        ("Saudi", "SAU"),
    ],
)
def test_country_code(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["us", "turkey", "china", "the man", "Atlantis", "Oakland", ""])
def test_country_code_none(text: str) -> None:
    # Lower-case words are not countries; a city that is not a capital is a place, not a country.
    assert country_code(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Caracas", "VEN"),  # capital
        ("Hanoi", "VNM"),
        ("Oakland", "USA"),  # large city
        ("Villahermosa", "MEX"),
        ("Mexico City", "MEX"),
        ("the Port of Oakland", "USA"),
        ("California", "USA"),  # US state
        ("Southern California", "USA"),
        ("Texas", "USA"),
        ("Tabasco", "MEX"),  # province
        ("Sucre state", "VEN"),  # a state, not Colombia's Sucre department nor Bolivia's capital
        ("Venezuela", "VEN"),
        ("the United States", "USA"),
        ("San Jose", "USA"),  # ambiguous: the most populous bearer
        ("Oakland, Calif.", "USA"),
        ("Venezuelan waters", "VEN"),
        ("Bombay", "IND"),  # an alternative name
    ],
)
def test_place_country(text: str, code: str) -> None:
    assert place_country(text) == code


@pytest.mark.parametrize("text", ["Caribbean", "the coast", "Atlantis", "Central America", "nowhere"])
def test_place_country_none(text: str) -> None:
    assert place_country(text) is None


def _span(nlp, sentence: str, phrase: str):
    doc = nlp(sentence)
    start = sentence.index(phrase)
    span = doc.char_span(start, start + len(phrase))
    assert span is not None, phrase
    return span


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        (
            "The Venezuelan navy seized the boat.",
            "The Venezuelan navy",
            ("Venezuelan navy", "VEN", "military"),
        ),
        (
            "U.S. officials said the port was closed.",
            "U.S. officials",
            ("U.S. officials", "USA", "government"),
        ),
        ("Colombian police arrested two men.", "Colombian police", ("Colombian police", "COL", "police")),
        ("The navy stopped a fishing crew at dawn.", "a fishing crew", ("fishing crew", None, "civilian")),
        ("Guerrillas attacked the town.", "Guerrillas", ("Guerrillas", None, "rebel")),
        ("Rebels attacked the town.", "Rebels", ("Rebels", None, "rebel")),
        ("FARC dissidents attacked the town.", "FARC dissidents", ("FARC dissidents", None, "rebel")),
        (
            "The Tren de Aragua gang threatened the town.",
            "The Tren de Aragua gang",
            ("Tren de Aragua gang", None, "criminal"),
        ),
        ("The cartel threatened the town.", "The cartel", ("cartel", None, "criminal")),
        ("Traffickers attacked the town.", "Traffickers", ("Traffickers", None, "criminal")),
        ("Police detained reporters in the square.", "reporters", ("reporters", None, "media")),
        ("Journalists were detained in the square.", "Journalists", ("Journalists", None, "media")),
        ("The newspaper published the memo.", "The newspaper", ("newspaper", None, "media")),
        ("The company closed the plant.", "The company", ("company", None, "business")),
        ("The oil firm closed the plant.", "The oil firm", ("oil firm", None, "business")),
        ("President Trump threatened Venezuela.", "President Trump", ("Trump", None, "government")),
        ("The Pentagon announced the strikes.", "The Pentagon", ("Pentagon", "USA", "military")),
        ("The White House announced the strikes.", "The White House", ("White House", "USA", "government")),
        ("Venezuela denied the reports.", "Venezuela", ("Venezuela", "VEN", None)),
        ("Washington imposed sanctions.", "Washington", ("Washington", "USA", None)),
        (
            "Defense Secretary Alan Brooks spoke.",
            "Defense Secretary Alan Brooks",
            ("Alan Brooks", None, "military"),  # a defence title, as in CAMEO
        ),
        (
            "Trade Minister Tomas Ibarra signed the deal.",
            "Trade Minister Tomas Ibarra",
            ("Tomas Ibarra", None, "government"),
        ),
        ("U.S. forces struck three boats.", "U.S. forces", ("U.S. forces", "USA", "military")),
        (
            "Members of the Venezuelan navy fired on the boat.",
            "Members of the Venezuelan navy",
            ("Members of the Venezuelan navy", "VEN", "military"),
        ),
        (
            "Chile's national federation of fishermen protested.",
            "Chile's national federation of fishermen",
            ("Chile's national federation of fishermen", "CHL", "civilian"),
        ),
        (
            "Its Defense Ministry denied the report.",
            "Its Defense Ministry",
            ("Defense Ministry", None, "military"),
        ),
        ("Security forces fired on protesters.", "Security forces", ("Security forces", None, "police")),
        ("Cuban fishermen were rescued.", "Cuban fishermen", ("Cuban fishermen", "CUB", "civilian")),
        (
            "The U.S. Coast Guard seized the boat.",
            "The U.S. Coast Guard",
            ("U.S. Coast Guard", "USA", "military"),
        ),
        (
            "The oil company Chevron closed the plant.",
            "The oil company Chevron",
            ("oil company Chevron", None, "business"),
        ),
        ("Chevron closed the plant.", "Chevron", ("Chevron", None, None)),  # no sector word
        ("Oakland police arrested him.", "Oakland police", ("Oakland police", "USA", "police")),
        (
            "The Latin American leaders met.",
            "The Latin American leaders",
            ("Latin American leaders", None, None),
        ),
    ],
)
def test_participant_info(nlp, sentence: str, phrase: str, expected: tuple) -> None:
    assert tuple(participant_info(_span(nlp, sentence, phrase))) == expected


@pytest.mark.parametrize(
    ("sentence", "phrase", "name"),
    [
        ("The man struck the woman.", "The man", "man"),
        ("The boat was seen near the coast.", "the coast", "coast"),
        ("Navy ships   patrolled.", "Navy ships", "Navy ships"),
    ],
)
def test_participant_without_country_or_sector(nlp, sentence: str, phrase: str, name: str) -> None:
    info = participant_info(_span(nlp, sentence, phrase))
    assert info.name == name
    assert info.country is None
    if phrase != "Navy ships":
        assert info.sector is None


def test_clause_inside_the_phrase_gives_no_country(nlp) -> None:
    sentence = "They seized the assets of companies operating in Venezuela."
    span = _span(nlp, sentence, "the assets of companies operating in Venezuela")
    assert participant_info(span).country is None


def test_span_extensions(nlp) -> None:
    span = _span(nlp, "The Venezuelan navy seized the boat near Caracas.", "The Venezuelan navy")
    assert (span._.normalized_name, span._.country, span._.sector) == ("Venezuelan navy", "VEN", "military")
    place = _span(nlp, "The Venezuelan navy seized the boat near Caracas.", "Caracas")
    assert place._.country == "VEN"
    assert place._.sector is None


def test_record_carries_countries_sectors_and_times(nlp) -> None:
    record = analyze(
        {
            "text": "The U.S. military struck a Venezuelan boat near Caracas on Tuesday.",
            "published": "2026-11-12",
        },
        nlp,
    )
    [event] = [e for e in record.events if e.trigger.text == "struck"]
    [actor] = event.actors
    assert (actor.span.text, actor.name, actor.country, actor.sector) == (
        "The U.S. military",
        "U.S. military",
        "USA",
        "military",
    )
    [target] = event.targets
    assert (target.name, target.country, target.sector) == ("Venezuelan boat", "VEN", None)
    assert (event.location.name, event.location.country) == ("Caracas", "VEN")
    assert (event.time.span.text, event.time.value, event.time.end) == ("Tuesday", "2026-11-10", None)


def test_record_participant_with_title(nlp) -> None:
    record = analyze(
        {"text": "President Trump threatened Venezuela on Monday.", "published": "2026-11-12"}, nlp
    )
    [event] = record.events
    assert [(a.name, a.country, a.sector) for a in event.actors] == [("Trump", None, "government")]
    assert [(t.name, t.country, t.sector) for t in event.targets] == [("Venezuela", "VEN", None)]
