"""Small word lists the attribution and sources components rely on.

They are plain frozensets of lower-cased lemmas or words, so a membership test is one hash
lookup per token; the factories accept extra entries through their config.
"""

from __future__ import annotations

import unicodedata


def words(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string."""
    return frozenset(text.split())


# Verbs that report speech, writing or stated belief: their subject is the source and their
# complement clause (or an adjacent quotation) the content. Lemmas, as spaCy gives them.
CUE_VERBS: frozenset[str] = words("""
    say tell add deny warn state announce claim confirm insist note report argue acknowledge
    explain suggest write declare urge estimate predict believe assert allege maintain stress
    emphasize emphasise reiterate indicate reveal disclose admit concede contend observe remark
    comment recall testify tweet reply respond vow pledge caution complain boast conclude assure
    inform dispute reject signal hint charge accuse ask find show promise agree call
    cite echo criticize criticise condemn describe repeat rule
    """)

# Cue verbs whose direct object, when there is no complement clause, is the reported content:
# "The ministry denied any involvement", "officials confirmed the strike".
OBJECT_CUE_VERBS: frozenset[str] = words(
    "deny confirm acknowledge announce report reject dispute admit reveal disclose predict estimate "
    "cite echo criticize criticise condemn describe"
)

# Quotation marks that open and close a quotation. The straight double quote does both and is
# paired by alternation within a paragraph. Single quotes are left out on purpose: they double
# as apostrophes and mark quotes nested inside quotes.
OPENING_QUOTES = "“«"
CLOSING_QUOTES = "”»"
STRAIGHT_QUOTE = '"'

# Nouns naming unnamed people who speak: "a senior official", "four people familiar with ...".
PEOPLE_NOUNS: frozenset[str] = words("""
    official source people person individual diplomat aide adviser advisor analyst expert witness
    resident spokesman spokeswoman spokesperson representative officer commander lawmaker
    legislator minister negotiator insider employee staffer worker observer investigator
    prosecutor lawyer attorney member leader executive someone vendor fisherman farmer worker
    shopkeeper driver soldier doctor teacher student parent villager survivor neighbor neighbour
    citizen voter protester activist economist scientist engineer researcher governor president
    mayor senator ambassador envoy director chairman chairwoman secretary admiral general captain
    """)

# People nouns that describe a function, so they fill SourceEntity.role ("official",
# "spokesman"); "people", "source" or "person" say nothing about the role.
NOT_ROLES: frozenset[str] = words("source people person individual someone")

# Titles that may precede a name ("Vice President Delcy Rodríguez"). Lower-cased words; a run
# of them before a name is the role. Ministry domains ("Defense", "Foreign") belong to the
# title and are listed in TITLE_DOMAINS.
TITLE_WORDS: frozenset[str] = words("""
    president vice minister secretary prime chancellor premier governor mayor senator
    representative rep. sen. gov. gen. general admiral adm. col. colonel lt. lieutenant capt.
    captain commander chief director spokesman spokeswoman spokesperson ambassador envoy
    deputy undersecretary under assistant attorney judge justice king queen prince sheikh
    mr. ms. mrs. dr. prof. professor sgt. sergeant maj. major officer
    cmdr. cmdr lt gen adm col capt sgt maj commodore
    chairman chairwoman chair ceo head leader speaker lawmaker official foreign
    """)
TITLE_DOMAINS: frozenset[str] = words("""
    defense defence foreign interior finance justice health energy trade economy home state
    treasury education labor labour agriculture transport environment information communications
    """)
HONORIFICS: frozenset[str] = words("mr. ms. mrs. dr. prof. mr ms mrs dr prof")

# Words that make a noun phrase an outlet ("NBC News", "the Harbor Dispatch"), and outlet
# names that carry no such word.
OUTLET_WORDS: frozenset[str] = words("""
    news times post journal wire dispatch ledger herald channel tribune gazette telegraph
    guardian chronicle observer courier examiner inquirer bulletin press radio television tv
    newspaper magazine broadcaster daily weekly network outlet
    """)
OUTLET_NAMES: frozenset[str] = words("""
    reuters ap afp bloomberg bbc cnn nbc cbs abc fox msnbc axios politico npr pbs upi xinhua
    tass ria interfax efe ansa dpa kyodo yonhap al-jazeera aljazeera economist semafor
    """)

# Words that make a noun phrase a government body or official institution.
GOVERNMENT_WORDS: frozenset[str] = words("""
    government ministry department administration cabinet pentagon kremlin parliament congress
    senate military army navy force forces guard police presidency embassy consulate
    council commission prosecutor prosecutors authorities authority agency white house
    """)

# Nouns for written sources that are not outlets: "a statement", "documents", "the report".
DOCUMENT_NOUNS: frozenset[str] = words("""
    statement report document documents memo letter filing release study survey assessment
    data figures records cable transcript communique communiqué post tweet notice decree
    analysis review audit paper order email message summary
    """)

# Words of an organisation that is neither an outlet nor a government body.
ORGANIZATION_WORDS: frozenset[str] = words("""
    company group organization organisation corporation corp. inc. ltd. firm bank fund union
    association coalition alliance party institute foundation charity committee un nato
    federation
    """)

# The last word of a body's name that no person's name ends in ("Velsa Regional Hospitals", "Skylark
# Networks", "Orvane Systems"): a name ending so is a body, whatever the entity recogniser says.
ORGANIZATION_NAME_HEADS: frozenset[str] = words("""
    hospitals networks systems airways airlines holdings industries technologies pharmaceuticals
    laboratories labs motors partners associates enterprises solutions services logistics
    tankers shipping chemicals minerals mining telecom communications media bank university
    hospital clinic company water energy mobility subsea cells pharma biologics cement steel rail
    railways roads lines engineering aviation aerospace cargo gas oil electric insurance foods
    """)

# Modifiers of a people noun that describe it but are not an affiliation.
NON_AFFILIATION_MODIFIERS: frozenset[str] = words("""
    senior top former current unnamed anonymous other several some many two three four
    high-ranking high ranking junior chief key regional local retired acting
    """)

# Cardinal number words (claims compare figures with them), then the article-like words that
# count one ("a senior official", "another source") for source counts.
_UNITS_AND_TEENS = (
    "one two three four five six seven eight nine ten "
    "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
_TENS = "thirty forty fifty sixty seventy eighty ninety"
CARDINAL_WORDS: dict[str, int] = {
    **{word: n for n, word in enumerate(_UNITS_AND_TEENS.split(), 1)},
    **{word: 10 * n for n, word in enumerate(_TENS.split(), 3)},
    "hundred": 100,
    "dozen": 12,
}
NUMBER_WORDS: dict[str, int] = {**CARDINAL_WORDS, "a": 1, "an": 1, "another": 1}

# Pronouns and the antecedents they accept.
SINGULAR_PERSON_PRONOUNS: frozenset[str] = words("he she him her")
PLURAL_PRONOUNS: frozenset[str] = words("they them")
NEUTER_PRONOUNS: frozenset[str] = frozenset(["it"])
# "spokesman" and "chairman" are often used for women too, so they do not mark gender.
FEMALE_MARKERS: frozenset[str] = words("ms. mrs. ms mrs spokeswoman chairwoman queen she her")
MALE_MARKERS: frozenset[str] = words("mr. mr king he him")


APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def fold(text: str) -> str:
    """Lower-case, accents stripped, curly apostrophes straightened, whitespace collapsed:
    "Delcy  Rodríguez" -> "delcy rodriguez". The one text key for names across newstrace."""
    if text.isascii():
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKD", text.translate(APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())
