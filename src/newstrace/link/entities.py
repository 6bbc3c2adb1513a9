"""Canonical sources across articles: which cited people and bodies are the same.

A source is reduced to a set of keys; two sources are the same when they share a key:

* a named person gives ``person:<surname>`` plus the given names it carries, and two people match
  when the surnames agree and the given names do not conflict ("President Trump" = "Donald J. Trump"
  = "Trump"; "Delcy Rodríguez" = "Delcy Rodriguez"); accents are folded, titles dropped;
* a body (a ministry, the police, a union, a company) gives ``body:<head phrase>`` from its name or
  from the words around a spokesperson ("police spokesman Tomas Hale" -> person Hale and body
  police), so a spokesperson and the body they speak for are one source;
* a person speaks for the body their role leads ("Fire commander" -> the fire service, "Justice
  Minister" -> the justice ministry, a mayor -> the city hall, "X, head of the coast guard's northern
  district" -> the coast guard), for their affiliation, and for a company or a country named alone
  that their role or possessor names ("The chief executive of Orsk Cement" -> "Orsk", "Almira's
  energy minister" -> "Almira"); a person's name read as a body's is that person ("Lawyer Ines
  Carvel");
* a body of a kind owned by what names another body of that kind is that body ("Veska's main
  hospital" = "Veska General Hospital"); some kinds are one under several names (a pilots'
  association is "their union"; a government is its ministries);
* an unnamed spokesperson for a body is that body ("a ministry spokeswoman"); any other anonymous
  source gets a key of its own (its article and id): anonymous sources are never merged across
  articles (the caller may tie them to one original report);
* within one claim, a described body is the named one ("the airline" ~ "Aerovell") when it may be:
  a public body is named with its kind ("the navy" is not "Vell Shipping", "the fire service" not
  "Saint Brannoc Hospital"), and kinds given on both sides agree; and two
  trades of a described company are one ("the carmaker" ~ "the company").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from newstrace.nlp.lexicon import fold

# words before a name that qualify a title rather than name an office ('Former', 'Foreign', 'The')
_TITLE_MODIFIERS = {
    "the",
    "former",
    "acting",
    "interim",
    "senior",
    "vice",
    "prime",
    "deputy",
    "chief",
    "chair",
    "police",
    "officer",
    "foreign",
    "finance",
    "defence",
    "defense",
    "interior",
    "health",
    "economy",
    "trade",
    "energy",
    "labour",
    "labor",
}
TITLES = {
    "president",
    "minister",
    "mr",
    "mrs",
    "ms",
    "dr",
    "doctor",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "gen",
    "general",
    "col",
    "colonel",
    "maj",
    "major",
    "capt",
    "captain",
    "lt",
    "lieutenant",
    "sgt",
    "sergeant",
    "adm",
    "admiral",
    "gov",
    "governor",
    "sen",
    "senator",
    "rep",
    "representative",
    "judge",
    "justice",
    "mayor",
    "secretary",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "rev",
    "reverend",
    "father",
    "inspector",
    "commissioner",
    "superintendent",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "ambassador",
    "chairman",
    "chairwoman",
    "ceo",
    "director",
    "coach",
} | _TITLE_MODIFIERS
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Head nouns of bodies; the word before them is kept when it is not a possessive or a determiner.
BODY_HEADS = {
    "police",
    "ministry",
    "department",
    "office",
    "government",
    "army",
    "navy",
    "military",
    "union",
    "company",
    "court",
    "agency",
    "authority",
    "council",
    "commission",
    "committee",
    "federation",
    "board",
    "bank",
    "service",
    "guard",
    "forces",
    "force",
    "party",
    "operator",
    "club",
    "league",
    "association",
    "hospital",
    "prosecutor",
    "prosecutors",
    "regulator",
    "carmaker",
    "firm",
    "group",
    "inspectorate",
    "cabinet",
    "parliament",
    "embassy",
    "administration",
    "coastguard",
    "ministry's",
    "presidency",
    "palace",
    "secretariat",
    "institute",
    "university",
    "tribunal",
    "watchdog",
}
_DETERMINERS = {
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "this",
    "that",
    "city",
    "country",
    "national",
    "state",
    "local",
    "regional",
}
_WORD = re.compile(r"[\w'’.-]+")
_CUT = re.compile(r",|\bwho\b|\bwhich\b|\bthat\b|\(")
_GENERIC_ORG_WORDS = {"of", "and", "for", "on", "in", "at", "to", "s"}


def _words(text: str) -> list[str]:
    return [w.strip(".-'") for w in _WORD.findall(fold(text)) if w.strip(".-'")]


def person_parts(name: str) -> tuple[list[str], str] | None:
    """(given names, surname) of a person's name, titles and suffixes dropped; None when nothing is left."""
    words = [w for w in _words(name) if w not in SUFFIXES]
    while words and words[0] in TITLES:
        words = words[1:]
    words = [w.removesuffix("'s") for w in words]
    if not words:
        return None
    return words[:-1], words[-1]


def given_names_agree(a: list[str], b: list[str]) -> bool:
    """Given names are compatible when either side has none, or the first ones agree (an initial
    matches a name it begins): 'Donald J.' ~ 'Donald', 'D.' ~ 'Donald', 'Delcy' ~ ''."""
    if not a or not b:
        return True
    x, y = a[0], b[0]
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return x == y or fuzz.ratio(x, y) >= 85


def body_keys(text: str) -> set[str]:
    """Bodies named in a source phrase: 'Ostrel's defence ministry' -> {'body:defence ministry'},
    'police spokesman Tomas Hale' -> {'body:police'}, 'the city's police' -> {'body:police'}."""
    head = _CUT.split(fold(text))[0]
    words = [w.strip(".-'") for w in _WORD.findall(head)]
    keys = {"body:central bank"} if _CENTRAL_BANK.search(head) else set()  # 'the Bank of Almira'
    for i, word in enumerate(words):
        if word in BODY_HEADS:
            prev = words[i - 1] if i else ""
            if prev and not prev.endswith("'s") and prev not in _DETERMINERS and prev not in TITLES:
                keys.add(f"body:{prev} {word}")
            else:
                keys.add(f"body:{word}")
            possessor = prev.removesuffix("'s")
            if possessor != prev and possessor in BODY_HEADS:
                keys.add(f"body:{possessor}")  # "the prosecutor's office" is the prosecutor's
    return keys


# a central bank goes by its country's name: 'the Bank of Almira' is Almira's central bank
_CENTRAL_BANK = re.compile(r"\bbank\s+of\s+([A-Za-z][\w-]+)", re.IGNORECASE)
_WITNESSES = {"reporter", "reporters", "correspondent", "correspondents", "journalist", "photographer"}
_POSSESSOR = re.compile(r"\b([A-Z][\w-]+)(?:'s|’s)\s")


# the body a role's holder speaks for, when the role does not name it ('Chief Justice' -> court)
_OFFICE_OF = {
    "justice": "court",
    "judge": "court",
    "magistrate": "court",
    "detective": "police",
    "superintendent": "police",
    "constable": "police",
    "sheriff": "police",
    "prosecutor": "prosecutor",
    "rector": "university",
    "vice-chancellor": "university",
    "provost": "university",
}


def _heads(bodies: set[str]) -> set[str]:
    """The head words of body keys: 'body:supreme court' -> 'court'."""
    heads = {body.rsplit(" ", 1)[-1].removeprefix("body:") for body in bodies}
    # 'the force' alone, or a regional one, is a police force (not an air or armed force)
    qualifiers = {b.removeprefix("body:").split()[0] for b in bodies if " " in b}
    if "force" in heads and not qualifiers & _MILITARY:
        heads.add("police")
    return heads


_MILITARY = {"air", "armed", "task", "defence", "defense", "naval", "marine", "border", "security", "rapid"}


def offices(role: str) -> set[str]:
    """The bodies (by head word) a role speaks for: 'Union chairman' -> {'union'}, 'detective
    superintendent' -> {'police'}, 'Chief Justice' -> {'court'}."""
    found = _heads(body_keys(role))
    words = [w.strip(".-'") for w in _WORD.findall(fold(role))]
    if words and words[-1] in _OFFICE_OF:  # the head: a 'Justice Minister' speaks for a ministry
        found.add(_OFFICE_OF[words[-1]])
    return found


# the head of a role that leads or speaks for a body: the words before it name that body ('Fire
# commander' -> the fire service, 'Justice Minister' -> the justice ministry)
_LEADER_HEADS = {
    "minister",
    "commander",
    "chief",
    "director",
    "head",
    "leader",
    "chairman",
    "chairwoman",
    "chair",
    "president",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
}
# members of a public service who, named as a body of people, are the service speaking
_SERVICES = {"prosecutor": "prosecutor", "firefighter": "fire", "paramedic": "ambulance"}
# a bare plural, maybe placed: 'prosecutors', 'Prosecutors in Torrin', 'the firefighters'; not a count
# or a description of who they are ('two prosecutors who asked not to be named')
_COLLECTIVE = re.compile(
    r"^(?:the\s+)?[A-Za-z-]+s(?:\s+(?:in|at|of)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?\s*$", re.I
)
_SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson", "spokespeople"}
# a company described by its trade
_FIRM_WORDS = {
    "company",
    "carmaker",
    "firm",
    "operator",
    "insurer",
    "airline",
    "maker",
    "manufacturer",
    "lender",
    "carrier",
    "retailer",
    "developer",
    "miner",
    "drugmaker",
    "shipper",
    "utility",
}


# kinds of body that are one kind under several names: a pilots' 'association' is 'their union'
_KIN_GROUPS = [
    {"union", "association", "guild", "federation", "syndicate"},
    {"government", "ministry", "cabinet", "presidency"},
]
_KIN = {kind: group for group in _KIN_GROUPS for kind in group}


def _kin(words: set[str]) -> set[str]:
    """Words with the other names of the kinds among them: {'guild'} -> {'guild', 'union', ...}."""
    return words.union(*(_KIN[word] for word in words & _KIN.keys()))


# kinds of body often named without the kind in the name ('Aerovell', 'Harbeck Athletic', 'the Almiran
# Guild of Air Traffic Controllers'); a navy, a ministry or a hospital is named with it
_NAMED_WITHOUT_KIND = _FIRM_WORDS | {"club", "group", "league", "association", "party", "union"}
# kinds that say little of what a body does: a prosecutor's 'office', a 'department', an 'authority'
_LIGHT_KINDS = {"office", "department", "authority", "agency", "administration", "board", "service"}


# roles that name no body but lead one: a mayor speaks for the city hall, a governor for the province
_ROLE_BODIES = {
    "mayor": frozenset({"city", "town", "municipal", "municipality", "council", "hall"}),
    "governor": frozenset({"province", "provincial", "region", "regional", "state"}),
}


def role_words(role: str) -> set[str]:
    """The words naming the body a role leads or speaks for: 'Fire commander' -> {'fire'}, 'Justice
    Minister' -> {'justice'}, 'Mayor' -> {'city', 'town', ...}; none for 'deckhand'."""
    words = [w.strip(".-'") for w in _WORD.findall(fold(role))]
    words = [w for w in words if w not in _DETERMINERS]
    if words and words[-1] in _ROLE_BODIES:
        return set(_ROLE_BODIES[words[-1]])  # a copy: a key adds its affiliation's words to it
    if len(words) < 2 or words[-1] not in _LEADER_HEADS:
        return set()
    return {w for w in words[:-1] if w not in _LEADER_HEADS and w not in _GENERIC_ORG_WORDS and len(w) > 2}


# titles that precede a name on their own ('Governor Selma Ruhn'; not 'The', 'Former', 'Foreign')
_OFFICE_TITLES = TITLES - _TITLE_MODIFIERS
_TITLED_NAME = re.compile(r"\b(?:[A-Z][a-z]+\s+)?([A-Z][a-z]+(?:\s+[A-Z][\w'’-]+){1,2})")
_PLACE = re.compile(r"\s(?:at|in|of|from|near|on)\s")


def _body_words(text: str) -> set[str]:
    """The words of a body's name before any place or clause: "Tavoria's justice ministry" -> {'justice',
    'ministry'}; 'A guard at Kelm prison' -> {'guard'}."""
    head = _PLACE.split(_CUT.split(text)[0] + " ")[0]
    return {w for w in _words(head) if not w.endswith("'s")} - _DETERMINERS - _GENERIC_ORG_WORDS


_LEADER_OF = re.compile(rf"\b(?:{'|'.join(sorted(_LEADER_HEADS))})\s+of\s+(?P<body>.+)", re.I)


def _led_body_words(text: str) -> set[str]:
    """The words of the body an unnamed leader heads: "The director of Lysmar's National Gallery" ->
    {'gallery'}, so 'Gallery director Paulo Serk' is the same source."""
    match = _LEADER_OF.search(_CUT.split(text)[0])
    return _body_words(match.group("body")) if match else set()


# a person's post given after the name: "Piet Alsing, head of the coast guard's northern district",
# "Tomas Aldin, a spokesman for the monitoring mission", "Dren Aval, who heads the village's fishing
# cooperative and said ..."
_APPOSITIVE_LEADER = re.compile(
    rf",\s+(?:(?:the\s+|an?\s+)?(?:{'|'.join(sorted(_LEADER_HEADS))})\s+(?:of|for)|who\s+(?:heads|leads|runs|chairs))\s+"
    r"(?P<body>[^,(]+?)(?=\s+(?:and|who|which|that)\s|[,(]|$)",
    re.IGNORECASE,
)


def _appositive_body_words(text: str) -> set[str]:
    """The words of the body a person's appositive says they lead, possessors kept: {'coast', 'guard',
    'northern', 'district'}."""
    match = _APPOSITIVE_LEADER.search(text)
    if not match:
        return set()
    words = {w.removesuffix("'s") for w in _words(match.group("body"))}
    return words - _DETERMINERS - _GENERIC_ORG_WORDS


def titled_person(text: str) -> tuple[list[str], str] | None:
    """A person named after a title inside a phrase typed as no person: 'Governor Selma Ruhn of Vantes
    province' -> (['selma'], 'ruhn')."""
    for match in _TITLED_NAME.finditer(_CUT.split(text)[0]):
        words = match.group(0).split()
        if fold(words[0]) in _OFFICE_TITLES and len(words) >= 3:
            return person_parts(" ".join(words))
    return None


def _owner_form(name: str) -> str:
    """A name as owners are compared: cut to six letters, so 'Kestlandi' agrees with 'Kestland'."""
    return name[:6]


def owners(text: str) -> set[str]:
    """The named owners of a body (`_owner_form`): "Kestland's foreign ministry" -> {'kestla'}; the
    country a central bank is named for ('the Bank of Almira' -> {'almira'})."""
    head = _CUT.split(text)[0]
    named = {_owner_form(fold(m.group(1))) for m in _POSSESSOR.finditer(head + " ")}
    return named | {_owner_form(fold(m.group(1))) for m in _CENTRAL_BANK.finditer(head)}


def is_described(text: str) -> bool:
    """A body given by description rather than name: no capital letter after a leading determiner
    ('the union', "the mine's operator"; not 'Redstone', "the Aerovell Pilots' Association")."""
    words = _CUT.split(text)[0].split()
    while words and fold(words[0]) in _DETERMINERS:
        words = words[1:]
    return bool(words) and not any(ch.isupper() for ch in " ".join(words))


@dataclass
class SourceKey:
    """What a mention rests on, reduced for matching across articles."""

    anonymous: bool = False
    persons: list[tuple[list[str], str]] = field(default_factory=list)
    bodies: set[str] = field(default_factory=set)
    unique: str | None = None  # set for anonymous sources: never equal to another
    owners: set[str] = field(default_factory=set)  # 'Kestland's ministry' -> {'kestla'}
    generic: bool = False  # a body described, not named: 'the union', 'the mine's operator'
    offices: set[str] = field(default_factory=set)  # bodies a person speaks for by role: {'court'}
    role_words: set[str] = field(default_factory=set)  # 'Fire commander' -> {'fire'}: the fire service
    words: set[str] = field(default_factory=set)  # a body's words as written: {'fire', 'service'}

    def same_as(self, other: SourceKey) -> bool:
        if self.unique or other.unique:
            return self.unique is not None and self.unique == other.unique
        for given, surname in self.persons:
            for other_given, other_surname in other.persons:
                if surname == other_surname and given_names_agree(given, other_given):
                    return True
        if self._names_as_bodies() & other.bodies or other._names_as_bodies() & self.bodies:
            return True  # 'Corvane' (read as a surname) and 'Corvane Subsea'
        if self._owned_by_name(other) or other._owned_by_name(self):
            return True  # "Veska's main hospital" and 'Veska General Hospital'
        if self._speaks_for(other) or other._speaks_for(self):
            return True  # 'Orsk' and the chief executive of Orsk Cement; 'Almira' and Almira's minister
        if self.owners and other.owners and not self.owners & other.owners:
            return False  # Kestland's foreign ministry is not Ostrel's
        # the chief justice speaks for the court, a detective superintendent for the police
        if (self.offices and not other.persons and self.offices & other._body_heads()) or (
            other.offices and not self.persons and other.offices & self._body_heads()
        ):
            return True
        if self.bodies & other.bodies:
            return True
        # the fire commander speaks for the fire service, the justice minister for the justice ministry
        if (self.role_words and not other.persons and _kin(self.role_words) & other.words) or (
            other.role_words and not self.persons and _kin(other.role_words) & self.words
        ):
            return True
        if self.generic and other.generic and self.words & _FIRM_WORDS and other.words & _FIRM_WORDS:
            return True  # 'the carmaker' and 'the company' in one claim: the story's company
        if (
            self.generic
            and other.generic
            and (self._bare() & other._body_heads() or other._bare() & self._body_heads())
        ):
            return True  # 'the board' and 'the maritime safety board' in one claim
        # 'the airline' after 'Aerovell': within one claim a described body is the named one (but an
        # outlet's reporter is no body)
        return (
            self.generic != other.generic
            and self._body_like()
            and other._body_like()
            and not (self.witness() or other.witness())
            and self._may_be(other)
        )

    def _speaks_for(self, other: SourceKey) -> bool:
        """Other is a bare name (a company, a country) self's role or possessor names: 'The chief
        executive of Orsk Cement' speaks for 'Orsk', "Almira's energy minister" for 'Almira'."""
        bare = {surname for given, surname in other.persons if not given}
        return bool(bare & self.role_words or {_owner_form(name) for name in bare} & self.owners)

    def _owned_by_name(self, other: SourceKey) -> bool:
        """A body of self's kind whose name begins with self's owner: "Veska's main hospital" is 'Veska
        General Hospital'."""
        names = {_owner_form(body.removeprefix("body:")) for body in other.bodies if " " not in body}
        return bool(self.owners & names and not other.owners and self._kinds() & other._kinds())

    def _kinds(self) -> set[str]:
        """The kinds of body the key names ('ministry', 'navy', 'airline'), not its other words; a kind
        brings its kin ('union' ~ 'association')."""
        return _kin(self._body_heads() & (BODY_HEADS | _FIRM_WORDS | _KIN.keys()))

    def _may_be(self, other: SourceKey) -> bool:
        """A described body (self or other, the generic one) may be the named one: kinds that agree,
        or a name without a kind ('Aerovell') for a trade or a club ('the airline'), not for a public
        body ('the navy' is not 'Vell Shipping', 'the fire service' not 'Saint Brannoc Hospital')."""
        described, named = (self, other) if self.generic else (other, self)
        kinds, names = described._kinds(), named._kinds()
        if not kinds:
            return True
        if not names:
            return bool(kinds & _NAMED_WITHOUT_KIND)
        return bool(kinds & names) or described._light() or named._light()

    def _light(self) -> bool:
        """A body named only by a word that says little of what it does ('the office' of "the prosecutor's
        office", 'the authority'); 'the fire service' says what it does."""
        return any(b.removeprefix("body:") in _LIGHT_KINDS for b in self.bodies)

    def _names_as_bodies(self) -> set[str]:
        """Names given alone, without a given name or title ('Corvane'), as body keys; and full names, as
        a person's name read as a body's would be ('Lawyer Ines Carvel' -> 'body:ines carvel')."""
        return {f"body:{' '.join([*given[-1:], surname])}" for given, surname in self.persons}

    def _body_heads(self) -> set[str]:
        return _heads(self.bodies)

    def _bare(self) -> set[str]:
        """A body named by its head word alone ('the board'), when that is all the key holds."""
        return (
            {b.removeprefix("body:") for b in self.bodies if " " not in b} if len(self.bodies) == 1 else set()
        )

    def witness(self) -> bool:
        """An outlet's reporter ('A Riverside Gazette reporter'): their eyes, not a body's word."""
        return bool(self._body_heads() & _WITNESSES)

    def _body_like(self) -> bool:
        """Names a body, or is a bare name ('Aerovell') that may be one."""
        return bool(self.bodies) or any(not given for given, _ in self.persons)

    def label(self) -> str:
        if self.unique:
            return self.unique
        parts = [" ".join([*g, s]) for g, s in self.persons] + sorted(self.bodies)
        return "; ".join(parts) or "?"


def source_key(
    *,
    type: str | None,
    name: str | None,
    text: str | None,
    anonymous: bool,
    affiliation: str | None = None,
    unique: str,
    role: str | None = None,
) -> SourceKey:
    """The key of one source: `type`, `name`, `anonymous`, `affiliation`, `role` as in the record's
    Source, `text` the source as written at the attribution, `unique` an id for anonymous sources."""
    written = text or name or ""
    if anonymous or type == "anonymous":
        title = fold(role) if role else ""
        if title in _SERVICES and _COLLECTIVE.match(written):
            # 'prosecutors said', 'Firefighters said': the service speaking, not unnamed people
            service = _SERVICES[title]
            return SourceKey(bodies={f"body:{service}"}, generic=True, words={service})
        if title in _SPOKESPEOPLE and not affiliation:
            affiliation = _spokesperson_of(written, title)  # 'a board spokesman': the board's
        bodies = (body_keys(affiliation) or name_bodies(affiliation)) if affiliation else set()
        if title in _SPOKESPEOPLE and bodies:
            # an unnamed spokesperson's words are their body's ('a ministry spokeswoman', 'a Railnet
            # spokesman'); other unnamed officials are sources of their own
            return SourceKey(
                bodies=bodies,
                owners=owners(written),
                generic=is_described(affiliation),
                words=_body_words(affiliation),
            )
        return SourceKey(anonymous=True, unique=unique)
    key = SourceKey()
    if type == "person" and name:
        parts = person_parts(name)
        if parts:
            key.persons.append(parts)
        if role:
            key.offices = offices(role)
            key.role_words = role_words(role)
        if affiliation:  # 'Syndicate leader', affiliation 'Syndicate': speaks for the syndicate
            key.role_words |= _body_words(affiliation)
        key.role_words |= _appositive_body_words(written)
    elif parts := titled_person(written):
        key.persons.append(parts)
    elif name:
        key.bodies |= name_bodies(name)
    key.bodies |= body_keys(written)
    if affiliation:
        key.bodies |= body_keys(affiliation)
    key.owners = owners(written)
    key.generic = not key.persons and is_described(written)
    if not key.persons:
        key.words = _body_words(written) | _led_body_words(written)
        if name and type != "person" and key.generic:
            # 'The company', linked to 'Railnet Kestland': its spokesman speaks for the named body
            key.words |= _body_words(name)
    if not key.persons and not key.bodies:
        words = [w for w in _words(written) if w not in _DETERMINERS]
        if words:
            key.bodies.add("body:" + " ".join(words[-2:]))
        else:
            key.unique = unique
    return key


def name_bodies(name: str) -> set[str]:
    """The keys of a body's name: 'Redstone Mining' -> {'body:redstone mining', 'body:redstone'}."""
    words = [w for w in _words(name) if w not in _DETERMINERS and w not in _GENERIC_ORG_WORDS]
    if not words:
        return set()
    bodies = {"body:" + " ".join(words[-2:])}
    if len(words) > 1 and words[0] not in BODY_HEADS and words[0] not in TITLES:
        # 'Redstone Mining' ~ 'Redstone'; not 'Defense Ministry' ~ 'Defense Department'
        bodies.add("body:" + words[0])
    return bodies


def _spokesperson_of(written: str, role: str) -> str | None:
    """The body named before a spokesperson's title: 'a board spokesman' -> 'board'."""
    words = _words(written)
    if role not in words:
        return None
    before = [w for w in words[: words.index(role)] if w not in _DETERMINERS]
    return " ".join(before) or None


def same_person(a: str, b: str) -> bool:
    """Whether two written names are one person: 'President Trump' / 'Donald J. Trump' -> True."""
    pa, pb = person_parts(a), person_parts(b)
    return bool(pa and pb and pa[1] == pb[1] and given_names_agree(pa[0], pb[0]))


def canonical_names(names: list[str]) -> dict[str, str]:
    """Map each person name to the fullest name of its group (most given names, then longest): a
    store-wide canonical form ('President Trump', 'Trump' -> 'Donald J. Trump')."""

    def fullness(name: str) -> tuple[int, int, str]:
        parts = person_parts(name)
        return (-len(parts[0]) if parts else 0, -len(name), name)

    groups: list[list[str]] = []
    for name in sorted(set(names), key=fullness):
        for group in groups:
            if same_person(group[0], name):
                group.append(name)
                break
        else:
            groups.append([name])
    return {name: group[0] for group in groups for name in group}
