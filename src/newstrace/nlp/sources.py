"""newstrace_sources: characterise each attribution's source and merge repeated sources.

Sets `doc._.sources: list[SourceEntity]` (in order of first mention) and each attribution's
`source_index`. Conventions:

- `name` is the name as written, without titles, honorifics or a leading "the":
  "Vice President Delcy Rodríguez" -> "Delcy Rodríguez"; "the New York Times" -> "New York
  Times"; "A new NBC News report" -> "NBC News" (the outlet behind the report). Unnamed sources
  ("a senior official", "the ministry") have no name.
- `normalized_name` is the name lower-cased with accents folded: "delcy rodriguez".
- `role` is the appositive noun phrase without its determiner or possessor ("Ruiz, the harbor
  master" -> "harbor master"; "A ministry spokeswoman, Carla Munoz" -> "ministry spokeswoman";
  "the county's chief medical officer" -> "chief medical officer"), else the title before the
  name ("Vice President", "Defense Secretary"), else a relative clause's ("X, who was mayor of
  Y" -> "mayor"), or for unnamed people the lemma of the head noun ("official", "spokesman");
  "people"/"sources" give no role. A rank after a function is dropped ("Navy spokesman Lt.
  Cmdr. Dana Whitfield" -> "spokesman"); alone it is the role ("Adm.").
- `affiliation` is the organisation or country a person is described by, as written: a proper
  noun or institution modifier ("Navy", "Pentagon", "administration", "U.S."), a possessor
  ("Vietnam's", "the county's"), or the object of "at/from/for/with/of" when it names one ("an
  official at the Pentagon" -> "Pentagon"), cut before "in" ("at the Caribbean Policy Institute
  in Port of Spain" -> "Caribbean Policy Institute"); a place people are in is not one
  ("vendors in San Fernando"). "its"/"their" stand for the body named in the same or the
  previous sentence ("Its director, Chidi Okafor" -> "Niger Delta Watch"). A ministry domain
  inside a title ("Defense" in "Defense Secretary") is part of the role. For a body the
  affiliation is its country or parent ("China's Foreign Ministry" -> "China"), for a document
  who issued it ("a summary released by the union" -> "union", "an army assessment" ->
  "army"). A partitive ("two of the officials") takes the role and affiliation of its group.
- `includes`: "including two U.S. officials" -> text "two U.S. officials", count 2 and
  affiliation "U.S. officials" (the group's description without its number, as the record's
  SourceGroup documents it).
- `count`: the number given ("four unnamed sources" -> 4; "a senior official" and "the
  official" -> 1; "two of them" -> 2, a separate anonymous source); None when no number is given
  ("officials") and for named sources.
- `type`: person (a name: PERSON, or an untagged proper noun; a one-word ORG-tagged name that is
  the surname of a PERSON in the article, or that carries a title, counts as a person), outlet
  (outlet words or names, "the newspaper", "A new NBC News report"), government (government
  words, a country, a central bank), organization, document ("a statement", "the report" with
  no outlet, "data", "video"), anonymous (unnamed people), unknown (unresolved pronouns, other
  nouns). A noun describing a name decides: "Environmental group Niger Delta Watch" and "A
  cybersecurity firm ..., Delfgauw Security" are organizations, "Local radio station Valley 98"
  an outlet, "A spokesman for Delta Crest, Femi Adeyemi" a person.
- Merging: named sources merge on the normalized name, or a one-word name equal to the last
  word of an earlier (or later-given fuller) name ("Rodríguez" ~ "Delcy Rodríguez", "the Times"
  ~ "the New York Times"), also when the fuller name was given outside an attribution
  ("Defense Secretary Alan Brooks did not confirm the report. Brooks told reporters ..."), which
  then becomes a mention. Unnamed sources never merge, except a definite description ("the
  official", "the spokesman", "the ministry", "the report") referring back to the nearest
  earlier source with that head noun or role, or to a mention outside an attribution that
  carries the head noun ("The memo" ~ "An internal memo ...", "The senior defense official" ~
  "..., including a senior defense official"); "the company" may also take up the nearest
  company named before (as a source or a subject), unless that one was called something else
  ("... Association", "group ...") or the description brings its own clause ("The company that
  operates the dam").
- Pronouns resolve to the nearest earlier fitting mention: "he"/"she" to a person or a single
  unnamed person (gender checked when an honorific, a gendered role or an earlier pronoun
  gives it), "they" to a group or an organisation, "it" to an organisation, outlet, government
  or document. Candidates are source mentions, PERSON entities that are subjects or agents (so
  `Ortega arrived on Tuesday. "...," he said.` resolves), and for "it" singular bodies that are
  the subject of a main clause ("Volta Motors will recall ... It said"). An unresolved pronoun
  is its own source of type unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newstrace.nlp.lexicon import (
    DOCUMENT_NOUNS,
    FEMALE_MARKERS,
    GOVERNMENT_WORDS,
    HONORIFICS,
    MALE_MARKERS,
    NEUTER_PRONOUNS,
    NON_AFFILIATION_MODIFIERS,
    NOT_ROLES,
    NUMBER_WORDS,
    ORGANIZATION_NAME_HEADS,
    ORGANIZATION_WORDS,
    OUTLET_NAMES,
    OUTLET_WORDS,
    PEOPLE_NOUNS,
    PLURAL_PRONOUNS,
    SINGULAR_PERSON_PRONOUNS,
    TITLE_DOMAINS,
    TITLE_WORDS,
    fold,
    words,
)
from newstrace.nlp.types import SourceEntity, SourceGroupInfo, register_extensions

_DEFINITE = words("the this that these those")
_AFFILIATION_PREPS = words("at from for with of in")
_TITLE_TOKENS = TITLE_WORDS | TITLE_DOMAINS | HONORIFICS
# Bodies people work for, beyond the government and organisation words: "hospital officials",
# "a spokeswoman for the prosecutor's office", "a trader at a European bank".
_INSTITUTIONS = (
    GOVERNMENT_WORDS
    | ORGANIZATION_WORDS
    | words("administration intelligence defense office service hospital court university bank port")
)
# People nouns the shared lexicon lacks, so that "three nurses" or "a currency trader" is read as
# unnamed people. (Candidates for lexicon.PEOPLE_NOUNS.)
_PEOPLE_NOUNS = PEOPLE_NOUNS | words("""
    nurse physician surgeon paramedic trader dealer broker banker strategist forecaster pilot
    sailor firefighter mechanic journalist reporter editor judge manager owner founder inspector
    consultant historian professor
    """)
# Written sources the shared lexicon lacks ("video released by the military"); spaCy lemmatises
# "data" to "datum", so the word itself is looked up too.
_DOCUMENT_NOUNS = DOCUMENT_NOUNS | words("""
    datum video footage image photo photograph recording poll minutes indictment ruling affidavit
    article story
    """)
# Military ranks: between a function and a name they are not the role ("Navy spokesman Lt. Cmdr.
# Dana Whitfield" -> "spokesman"); alone they are ("Adm. Teresa Vance" -> "Adm."). "General" and
# "Major" are left out: they end titles ("Attorney General").
_RANKS = words("""
    lt. lt cmdr. cmdr gen. adm. adm col. col capt. capt sgt. sgt maj. cpl. cpl brig. brig
    commodore lieutenant colonel sergeant admiral captain corporal
    """)
# Lower-case particles inside a person's name: "Marloes van Dijk", "Ana de la Cruz".
_NAME_PARTICLES = words("van von der den de del della da dos das du la le bin ibn al el ter")
_POSSESSIVE_PRONOUNS = words("its their his her my our your")
_PLACES = frozenset(["GPE", "LOC", "FAC"])
# Heads of a description that can stand for any company named before ("the company").
_COMPANY_WORDS = words("company firm corporation conglomerate carmaker supplier operator group")
# What a body is described as, never a person: "Veska Water, the municipal utility", "pipeline
# operator Kestgas", "Aerovell, the country's largest airline".
_BODY_DESCRIPTIONS = (
    ORGANIZATION_WORDS
    | _COMPANY_WORDS - {"operator"}  # "Marcus Bell, a crane operator"
    | words("utility airline carrier maker manufacturer producer insurer lender retailer regulator watchdog")
)
_SUBJECTS = frozenset(["nsubj", "nsubjpass"])


@dataclass
class _Profile:
    """What one source mention says about its source."""

    span: Span
    type: str
    kind: str  # named | pronoun | definite | other
    name: str | None = None
    normalized_name: str | None = None
    anonymous: bool = False
    count: int | None = None
    includes: list[SourceGroupInfo] = field(default_factory=list)
    affiliation: str | None = None
    role: str | None = None
    head: str = ""  # lemma of the head noun, for definite descriptions
    plural: bool = False
    gender: str | None = None  # "f" | "m" when the text says
    descriptor: str = ""  # lemma of the noun describing a named source ("firm", "spokesman")
    affiliation_ref: str | None = None  # "its"/"their" before the role: resolved when placed
    partitive_of: str | None = None  # "them"/"official" in "two of them"/"one of the officials"
    candidate: str = ""  # for mentions that are not sources: "subject" | "other" | "include"


@dataclass(eq=False)
class _Entity:
    entity: SourceEntity
    heads: set[str]
    plural: bool
    gender: str | None


@dataclass
class _Parts:
    """A named mention taken apart."""

    name: list[Token]
    role: list[Token] = field(default_factory=list)
    affiliation: str | None = None
    affiliation_ref: str | None = None  # "its"/"their" in place of an affiliation
    descriptor: Token | None = None  # the noun describing the source: "spokesman", "firm"


def _count(tok: Token) -> int | None:
    for ch in tok.children:
        if ch.dep_ == "nummod":
            if ch.like_num and ch.text.isdigit():
                return int(ch.text)
            value = NUMBER_WORDS.get(ch.lower_)
            if value is not None:
                return value
        if ch.dep_ == "det" and ch.lower_ in ("a", "an", "another", "one") and tok.tag_ in ("NN", "NNP"):
            return 1
    return None


def _join(tokens: list[Token]) -> str | None:
    """The text of a run of tokens as written (they are contiguous in the doc)."""
    if not tokens:
        return None
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


# Offices held by one person at a time: "the commander of X", "the head of X" names someone.
UNIQUE_OFFICES = words("""
    commander chief head director president chairman chairwoman chair governor mayor ambassador
    secretary minister ceo
    """)


def _office_holder(head: Token) -> str | None:
    """The named body of a one-person office ("the head of the IMF" -> 'the IMF'), else None."""
    if head.lemma_.lower() not in UNIQUE_OFFICES:
        return None
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "at"):
            objects = [ch for ch in prep.children if ch.dep_ == "pobj"]
            if objects and any(t.pos_ == "PROPN" for t in objects[0].subtree):
                tokens = [t for t in objects[0].subtree if not (t.dep_ == "det" and t.i == t.left_edge.i)]
                return "".join(t.text_with_ws for t in tokens).strip() or None
    return None


def _affiliation(head: Token) -> str | None:
    """Institution or country modifiers of a people noun: "a senior administration official",
    "the county's chief medical officer", "an official at the Pentagon"; a place people are in
    ("vendors in San Fernando") is not one."""
    mods = [
        ch
        for ch in head.lefts
        if ch.dep_ in ("compound", "amod", "nmod", "poss")
        and ch.lower_ not in NON_AFFILIATION_MODIFIERS
        and (
            ch.pos_ == "PROPN"
            or ch.ent_type_ in ("ORG", "GPE", "NORP")
            or ch.lower_ in _INSTITUTIONS
            or (ch.dep_ == "poss" and ch.pos_ != "PRON")
        )
    ]
    if mods:
        start = min(m.left_edge.i for m in mods)
        tokens = [
            t
            for t in head.doc[start : head.i]
            if t.dep_ not in ("det", "case") and t.lower_ not in NON_AFFILIATION_MODIFIERS
        ]
        return _join(tokens) if tokens else None
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in _AFFILIATION_PREPS:
            for pobj in prep.children:
                if pobj.dep_ != "pobj" or not (pobj.pos_ == "PROPN" or pobj.lower_ in _INSTITUTIONS):
                    continue
                if prep.lower_ == "in" and pobj.ent_type_ in _PLACES:
                    continue
                return _phrase(pobj)
    return None


def _phrase(pobj: Token) -> str | None:
    """The noun phrase of a prepositional object without its determiner, up to a comma, a
    clause or a place: "the Caribbean Policy Institute in Port of Spain, which ..." ->
    "Caribbean Policy Institute"."""
    tokens = []
    for t in pobj.subtree:
        if t.i > pobj.i and (
            t.text == "," or t.dep_ in ("relcl", "acl") or (t.dep_ == "prep" and t.lower_ == "in")
        ):
            break
        if t.dep_ != "det":
            tokens.append(t)
    return _join(tokens)


def _issuer(head: Token) -> str | None:
    """Who a document comes from: "an army assessment", "data from the ministry", "a summary
    released by the union", "the ministry said in a statement"."""
    found = _affiliation(head)
    if found:
        return found
    verb = head.head.head if head.dep_ == "pobj" and head.head.lower_ in ("in", "via", "through") else None
    if verb is not None and verb.pos_ == "VERB":
        subject = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None)
        if subject is not None and subject.pos_ in ("PROPN", "NOUN"):
            return _phrase(subject)
    for acl in head.children:
        if acl.dep_ != "acl":
            continue
        for agent in acl.children:
            if agent.dep_ == "agent":
                pobj = next((ch for ch in agent.children if ch.dep_ == "pobj"), None)
                if pobj is not None:
                    return _phrase(pobj)
    return None


def _possessor(head: Token) -> tuple[str | None, str | None]:
    """A possessor of a noun as (affiliation, pronoun): "Vietnam's" -> ("Vietnam", None), "its"
    -> (None, "its")."""
    poss = next((ch for ch in head.children if ch.dep_ == "poss"), None)
    if poss is None:
        return None, None
    if poss.lower_ in _POSSESSIVE_PRONOUNS:
        return None, poss.lower_
    return _join([t for t in poss.subtree if t.dep_ not in ("case", "det")]), None


def _body_affiliation(root: Token, name: list[Token]) -> tuple[str | None, str | None]:
    """The country or parent of a body: "China's Foreign Ministry" -> "China", "the Mexican
    Interior Ministry" -> "Mexican"; a pronoun possessor ("its") is returned for resolution."""
    found, pronoun = _possessor(root)
    if found or pronoun:
        return found, pronoun
    in_name = {t.i for t in name}
    for ch in root.lefts:
        if ch.dep_ in ("amod", "compound") and ch.ent_type_ in ("NORP", "GPE") and ch.i not in in_name:
            return ch.text, None
    return None, None


def _without_ranks(role: list[Token]) -> list[Token]:
    """Drop ranks after a function: "spokesman Lt. Cmdr." -> "spokesman"."""
    kept: list[Token] = []
    for t in role:
        if t.lower_ in _RANKS and any(k.lower_ not in _RANKS for k in kept):
            continue
        kept.append(t)
    return kept


def _strip_titles(name: list[Token]) -> list[Token]:
    """Drop titles and honorifics before a name: "Dr. Pieter Claes" -> "Pieter Claes"."""
    while len(name) > 1 and (name[0].lower_ in _TITLE_TOKENS or name[0].lower_ in _NAME_PARTICLES):
        name = name[1:]
    return name


def _includes(head: Token, span: Span) -> list[SourceGroupInfo]:
    groups = []
    for group in _include_spans(head, span):
        rest = [t for t in group if t.dep_ not in ("nummod", "det")]
        groups.append(SourceGroupInfo(text=group.text, count=_count(group.root), affiliation=_join(rest)))
    return groups


def _split_title(before: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split the words before a name into role and affiliation.

    A capitalised title takes the capitalised words before it ("National Security Minister",
    "Defense Secretary"); a lower-case one leaves proper nouns to the affiliation ("Navy
    spokesman", "White House press secretary"). A nationality or country is an affiliation
    ("Venezuelan Vice President").
    """
    titles = [t for t in before if t.lower_ in _TITLE_TOKENS]
    capital_title = titles[0] if titles and titles[0].is_title else None
    role, affiliation = [], []
    for t in before:
        if t.dep_ == "case":
            continue
        if t.lower_ in _TITLE_TOKENS:
            role.append(t)
        elif t.ent_type_ in ("NORP", "GPE"):
            affiliation.append(t)
        elif capital_title is not None and t.i < capital_title.i and t.is_title:
            role.append(t)
        elif t.pos_ == "PROPN" or t.ent_type_ == "ORG":
            affiliation.append(t)
        else:
            role.append(t)
    return role, affiliation


def _trailing_name(span: Span, root: Token) -> Token | None:
    """A name closing a description, hung by the parser on a noun inside it: "A spokesman for the
    wildfire service, Devin Charlie", "The railway company that operates the line, Pacific
    Interior Rail"."""
    last = next((t for t in reversed(span) if not t.is_punct), None)
    if last is None or last.dep_ != "appos" or last.pos_ != "PROPN" or root not in last.ancestors:
        return None
    comma = last.left_edge.i - 1
    if comma < span.start or span.doc[comma].text != ",":
        return None
    lemma = root.lemma_.lower()
    if lemma in _PEOPLE_NOUNS or lemma in TITLE_WORDS:
        # The tagger often takes unfamiliar names for places: accept a first and last name
        # that is not tagged as an organisation.
        name = list(span.doc[last.left_edge.i : last.i + 1])
        full_name = len(name) >= 2 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name)
        return last if last.ent_type_ == "PERSON" or (full_name and last.ent_type_ != "ORG") else None
    if lemma in ORGANIZATION_WORDS or lemma in GOVERNMENT_WORDS or lemma in OUTLET_WORDS:
        return last if last.ent_type_ not in ("PERSON", *_PLACES) else None
    return None


def _relative_role(head: Token) -> tuple[list[Token], str | None]:
    """The role given by a relative clause: "Eduardo Nogueira, who was mayor of Porto Verde" ->
    ("mayor", "Porto Verde")."""
    for relcl in head.children:
        if relcl.dep_ == "relcl" and relcl.lemma_ == "be":
            attr = next((ch for ch in relcl.children if ch.dep_ == "attr" and ch.pos_ == "NOUN"), None)
            if attr is not None and (attr.lemma_ in _PEOPLE_NOUNS or attr.lower_ in TITLE_WORDS):
                role = [t for t in attr.lefts if t.dep_ in ("amod", "compound")] + [attr]
                return role, _affiliation(attr)
    return [], None


def _compound_name(root: Token) -> _Parts | None:
    """A body named by proper nouns before a common noun: "The Civic Renewal party" -> name
    "Civic Renewal", described as a party. A country before it is not a name ("the Tabasco state
    government")."""
    if root.pos_ != "NOUN" or root.lemma_ not in ORGANIZATION_WORDS | GOVERNMENT_WORDS | OUTLET_WORDS:
        return None
    name: list[Token] = []
    for t in reversed(list(root.lefts)):
        if t.i != (name[0].i if name else root.i) - 1:
            break
        if t.dep_ != "compound" or t.pos_ != "PROPN" or t.ent_type_ in ("GPE", "NORP"):
            break
        name.insert(0, t)
    if not name:
        return None
    # With the compounds' own modifiers: "Civic" hangs on "Renewal".
    start = name[0].left_edge.i
    name = [t for t in root.doc[start : root.i] if t.dep_ not in ("det", "case", "punct")]
    return _Parts(name, descriptor=root) if name and all(t.pos_ == "PROPN" for t in name) else None


def _which_follows(name: list[Token]) -> bool:
    """The name is followed by ', which ...': a thing or a body, not a person ('who')."""
    doc, end = name[-1].doc, name[-1].i + 1
    return end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ == "which"


def _describes_body(role: list[Token]) -> bool:
    """Whether a name's title or apposition says it is a body: its last noun is a body's."""
    nouns = [t for t in role if t.pos_ == "NOUN"]
    return bool(nouns) and nouns[-1].lemma_.lower() in _BODY_DESCRIPTIONS


def _body_name(span: Span, name: list[Token]) -> list[Token]:
    """A body's name takes the title words a person's would not: "China's Foreign Ministry" ->
    "Foreign Ministry" (not "Ministry"), and a capitalised "of"/"for" phrase: "the Leiden
    Institute for Public Opinion"."""
    doc = span.doc
    end = name[-1].i + 1
    prep = next(iter(name[-1].rights), None)
    if prep is not None and prep.dep_ == "prep" and prep.lower_ in ("of", "for") and prep.i == end:
        rest = [t for t in prep.subtree if t.i > prep.i and t.dep_ != "det"]
        if (
            rest
            and prep.right_edge.i < span.end
            and all(t.text[:1].isupper() or t.dep_ == "cc" for t in rest)
        ):
            end = prep.right_edge.i + 1
    name = list(doc[name[0].i : end])
    start = name[0].i
    while start > span.start:
        t = doc[start - 1]
        if (
            t.pos_ != "PROPN"
            or not t.text[:1].isupper()
            or t.dep_ in ("poss", "case")
            or t.lower_ in HONORIFICS
        ):
            break
        start -= 1
    return list(doc[start : name[-1].i + 1])


def _gender(tokens: list[Token]) -> str | None:
    for t in tokens:
        if t.lower_ in FEMALE_MARKERS:
            return "f"
        if t.lower_ in MALE_MARKERS:
            return "m"
    return None


class SourceFinder:
    def __init__(self, outlet_names: frozenset[str], government_words: frozenset[str]):
        self.outlet_names = outlet_names
        self.government_words = government_words

    def __call__(self, doc: Doc) -> Doc:
        attributions = doc._.attributions or []
        entities: list[_Entity] = []
        by_span: dict[tuple[int, int], int] = {}
        surnames = {e[-1].lower_ for e in doc.ents if e.label_ == "PERSON"}
        spans = {(a.source.start, a.source.end): a.source for a in attributions if a.source is not None}
        source_tokens = {i for s, e in spans for i in range(s, e)}
        # Mentions in text order: the sources, and as candidate antecedents the people and bodies
        # the text names or describes elsewhere (see `_candidates`).
        events: list[tuple[Span, str]] = [(s, "") for s in spans.values()]
        events += [(c, kind) for c, kind in _candidates(doc, source_tokens)]
        events.sort(key=lambda x: x[0].start)
        history: list[tuple[_Profile, int | None]] = []  # profile, entity index (None: not a source)
        for span, candidate in events:
            profile = self.profile(span, surnames)
            if candidate:
                profile.candidate = candidate
                history.append((profile, None))
                continue
            index = self._place(profile, entities, history)
            by_span[(span.start, span.end)] = index
            history.append((profile, index))
            # "four people familiar with the matter, including a senior defense official": the
            # sub-group may be referred back to ("The senior defense official said").
            for group in _include_spans(span.root, span):
                included = self.profile(group, surnames)
                included.candidate = "include"
                history.append((included, None))
        for a in attributions:
            if a.source is not None:
                a.source_index = by_span.get((a.source.start, a.source.end))
        for e in entities:
            e.entity.mentions.sort(key=lambda s: s.start)
        doc._.sources = [e.entity for e in entities]
        return doc

    # -- characterising one mention -------------------------------------------------------

    def profile(self, span: Span, surnames: set[str]) -> _Profile:
        root = span.root
        low = root.lower_
        if root.pos_ == "PRON" or low in SINGULAR_PERSON_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS:
            gender = "f" if low in ("she", "her") else "m" if low in ("he", "him") else None
            return _Profile(
                span, "unknown", "pronoun", head=low, plural=low in PLURAL_PRONOUNS, gender=gender
            )
        if root.pos_ == "NUM" or root.lower_ in NUMBER_WORDS:
            part = self._partitive(span, root)
            if part is not None:
                return part
        parts = self._name_parts(span, root)
        if parts is not None:
            return self._named(span, root, parts, surnames)
        return self._unnamed(span, root)

    def _partitive(self, span: Span, root: Token) -> _Profile | None:
        """ "two of them", "One of the sources": an unnamed subset of people. Its role and
        affiliation are the group's, filled in when it is placed."""
        number = int(root.text) if root.text.isdigit() else NUMBER_WORDS.get(root.lower_)
        of = next((ch for ch in root.children if ch.dep_ == "prep" and ch.lower_ == "of"), None)
        pobj = next((ch for ch in of.children if ch.dep_ == "pobj"), None) if of is not None else None
        if number is None or pobj is None:
            return None
        lemma = pobj.lemma_.lower()
        if pobj.lower_ not in PLURAL_PRONOUNS and lemma not in _PEOPLE_NOUNS:
            return None
        return _Profile(
            span,
            "anonymous",
            "other",
            anonymous=True,
            count=number,
            role=lemma if lemma in _PEOPLE_NOUNS and lemma not in NOT_ROLES else None,
            head=lemma,
            plural=number > 1,
            partitive_of=pobj.lower_ if pobj.lower_ in PLURAL_PRONOUNS else lemma,
        )

    def _name_parts(self, span: Span, root: Token) -> _Parts | None:
        """Split "Navy spokesman Dana Whitfield" into name, role tokens and affiliation; None when
        the mention has no name."""
        head = root
        appos = next((ch for ch in root.children if ch.dep_ == "appos" and ch.pos_ != "NUM"), None)
        if appos is None and root.pos_ == "NOUN":
            appos = _trailing_name(span, root)
        if (
            appos is not None
            and appos.pos_ == "PROPN"
            and (root.pos_ != "PROPN" or root.lower_ in _TITLE_TOKENS)
        ):
            # "A ministry spokeswoman, Carla Munoz," / "Vietnam's Deputy Minister ..., Nguyen Thi Lan"
            return self._title_first(span, root, appos)
        if head.pos_ != "PROPN":
            return _compound_name(root)
        pre = [t for t in span.doc[head.left_edge.i : head.i + 1] if t.i >= span.start and t.dep_ != "det"]
        pre = [t for t in pre if t.dep_ in ("compound", "amod", "nmod", "poss", "case") or t.i == head.i]
        # The name is the run of proper nouns ending at the head that are not titles (with
        # lower-case particles inside it: "Marloes van Dijk").
        name: list[Token] = []
        for t in reversed(pre):
            particle = t.lower_ in _NAME_PARTICLES and bool(name)
            if (
                t.pos_ != "PROPN"
                or t.lower_ in TITLE_WORDS
                or t.lower_ in HONORIFICS
                or not (t.text[:1].isupper() or particle)
            ):
                break
            name.insert(0, t)
        while name and name[0].lower_ in _NAME_PARTICLES and not name[0].text[:1].isupper():
            name.pop(0)
        if not name:
            return None
        after = head.i + 1
        if after < span.end and span.doc[after].dep_ == "nummod" and span.doc[after].head == head:
            name.append(span.doc[after])  # "Valley 98"
        before = [t for t in pre if t.i < name[0].i]
        role, affiliation_toks = _split_title(before)
        parts = _Parts(name, affiliation=_join(affiliation_toks) if affiliation_toks else None)
        # Honorifics give gender, not a role.
        role = _without_ranks([t for t in role if t.lower_ not in HONORIFICS])
        parts.descriptor = role[-1] if role and role[-1].pos_ == "NOUN" else None
        if appos is not None:
            # "Ruiz, the harbor master" / "Dr. Halima Mwanzia, the county's chief medical officer"
            possessor, pronoun = _possessor(appos)
            skip = {t.i for ch in appos.children if ch.dep_ == "poss" for t in ch.subtree}
            role = [
                t
                for t in appos.subtree
                if t.dep_ not in ("det", "punct", "case") and t.i <= appos.i and t.i not in skip
            ]
            role = _without_ranks(role)
            parts.affiliation = parts.affiliation or possessor or _affiliation(appos)
            parts.affiliation_ref = pronoun if not parts.affiliation else None
        if not role and appos is None:
            role, found = _relative_role(head)
            parts.affiliation = parts.affiliation or found
        parts.role = role
        return parts

    def _title_first(self, span: Span, title: Token, name_head: Token) -> _Parts:
        """Title before an appositive name: the title phrase is the role, a possessor or the
        object of "for/at/with/of" the affiliation ("Vietnam's", "A spokesman for the navy")."""
        doc = span.doc
        name = [t for t in doc[name_head.left_edge.i : name_head.i + 1] if t.pos_ == "PROPN"]
        name = _strip_titles(name)
        possessor, pronoun = _possessor(title)
        skip = {t.i for ch in title.children if ch.dep_ == "poss" for t in ch.subtree}
        role = [
            t
            for t in doc[max(span.start, title.left_edge.i) : title.i + 1]
            if t.i not in skip and t.dep_ not in ("det", "punct", "case")
        ]
        # A capitalised "of" phrase is part of the title: "Deputy Minister of Industry and Trade".
        for prep in title.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i < name_head.left_edge.i:
                rest = [t for t in prep.subtree if t.i > prep.i]
                if rest and all(t.is_title or t.dep_ == "cc" for t in rest):
                    role.extend([prep, *rest])
                break
        affiliation = possessor or (None if pronoun else _affiliation(title))
        return _Parts(
            name,
            role=_without_ranks(role),
            affiliation=affiliation,
            affiliation_ref=pronoun if not affiliation else None,
            descriptor=title,
        )

    def _named(self, span: Span, root: Token, parts: _Parts, surnames: set[str]) -> _Profile:
        doc = span.doc
        name, role = parts.name, parts.role
        vocab = {t.lower_ for t in span if t.pos_ == "PROPN" or t.is_title}
        ents = {t.ent_type_ for t in name}
        head = name[-1]
        described = parts.descriptor.lemma_.lower() if parts.descriptor is not None else ""
        role_words = {t.lower_ for t in role}
        thing = _which_follows(name)  # 'Railnet Kestland, which manages the rail network' tagged PERSON
        if described and described not in _PEOPLE_NOUNS and described not in TITLE_WORDS:
            # "Local radio station Valley 98", "Environmental group Niger Delta Watch", "A
            # cybersecurity firm hired by the hospital, Delfgauw Security"
            kind = (
                "outlet"
                if role_words & OUTLET_WORDS or described in OUTLET_WORDS
                else "government"
                if described in self.government_words
                else "organization"
                if described in ORGANIZATION_WORDS
                else ""
            )
        else:
            kind = ""
        if kind:
            pass
        elif head.is_title and head.lower_ in ORGANIZATION_NAME_HEADS and (len(name) > 1 or role):
            kind = "organization"  # 'Skylark Networks' tagged PERSON, 'Veska General Hospital'
        elif described and len(name) > 1 and not vocab & self.outlet_names:
            kind = "person"  # "A spokesman for Delta Crest, Femi Adeyemi" (tagged GPE)
        elif "PERSON" in ents and not (vocab & OUTLET_WORDS or vocab & self.outlet_names or thing):
            kind = "person"
        elif vocab & self.outlet_names or {t.lower_ for t in name} & OUTLET_WORDS:
            kind = "outlet"
        elif vocab & self.government_words or "GPE" in ents:
            kind = "government"
        elif vocab & ORGANIZATION_WORDS or (
            "ORG" in ents and not (role or (len(name) == 1 and head.lower_ in surnames))
        ):
            kind = "organization"
        elif "NORP" in ents:
            kind = "anonymous"
        else:
            kind = "organization" if thing else "person"
        if kind == "person" and _describes_body(role):
            kind = "organization"
        affiliation, affiliation_ref = parts.affiliation, parts.affiliation_ref
        if kind == "person":
            role_text = _join(role)
        else:
            # A body's name runs over title words ("Foreign Ministry"); its affiliation is the
            # country or parent it belongs to.
            name = _body_name(span, name)
            role_text = None
            affiliation, affiliation_ref = _body_affiliation(root, name)
        name_text = _join(name) or ""
        return _Profile(
            span,
            kind,
            "named",
            name=name_text,
            normalized_name=fold(name_text) if name_text else None,
            anonymous=kind == "anonymous",
            affiliation=affiliation,
            role=role_text,
            head=root.lemma_.lower(),
            plural=root.tag_ in ("NNS", "NNPS"),
            gender=_gender(list(doc[span.start : root.i + 1])),
            descriptor=described,
            affiliation_ref=affiliation_ref,
        )

    def _unnamed(self, span: Span, root: Token) -> _Profile:
        lemma = root.lemma_.lower()
        vocab = {t.lower_ for t in span} | {t.lemma_.lower() for t in span}
        definite = any(ch.dep_ == "det" and ch.lower_ in _DEFINITE for ch in root.children)
        count = _count(root)
        kind = "definite" if definite and count is None else "other"
        plural = root.tag_ in ("NNS", "NNPS")
        office = _office_holder(root) if definite and not plural and count is None else None
        if office is not None:
            # "The commander of U.S. Southern Command": one identifiable person, not an anonymous source
            return _Profile(
                span, "person", kind, role=lemma, affiliation=office, head=lemma, gender=_gender([root])
            )
        if lemma in _PEOPLE_NOUNS or root.lower_ in _PEOPLE_NOUNS:
            plural = plural or lemma == "people"
            possessor, pronoun = _possessor(root)
            return _Profile(
                span,
                "anonymous",
                kind,
                anonymous=True,
                # "the official" is one person, as "an official" is.
                count=count if count is not None or plural or not definite else 1,
                includes=_includes(root, span),
                affiliation=_affiliation(root),
                role=lemma if lemma not in NOT_ROLES else None,
                head=lemma,
                plural=plural,
                gender=_gender([root]),
                affiliation_ref=pronoun if possessor is None else None,
            )
        if lemma in _DOCUMENT_NOUNS or root.lower_ in _DOCUMENT_NOUNS:
            outlet = self._outlet_of(span, root)
            if outlet:
                # "A new NBC News report": the outlet's report stands for the outlet.
                name = _join(outlet) or ""
                return _Profile(span, "outlet", "named", name=name, normalized_name=fold(name), head=lemma)
            if any(ch.lower_ in OUTLET_WORDS for ch in root.lefts):
                # "a newspaper report": an unnamed outlet's.
                return _Profile(span, "outlet", kind, head=lemma)
            # "a summary released by the union", "data from the finance ministry"
            return _Profile(span, "document", kind, affiliation=_issuer(root), head=lemma)
        if lemma in OUTLET_WORDS:
            source_type = "outlet"  # "the newspaper said"
        elif vocab & self.government_words or (
            lemma == "bank" and any(ch.lower_ == "central" for ch in root.lefts)
        ):
            source_type = "government"  # a central bank is a state body
        elif vocab & ORGANIZATION_WORDS:
            source_type = "organization"
        else:
            source_type = "unknown"
        affiliation, affiliation_ref = (
            _body_affiliation(root, []) if source_type != "unknown" else (None, None)
        )
        return _Profile(
            span,
            source_type,
            kind,
            count=count if plural else None,
            head=lemma,
            plural=plural,
            affiliation=affiliation,
            affiliation_ref=affiliation_ref,
        )

    def _outlet_of(self, span: Span, root: Token) -> list[Token]:
        """The proper-noun run naming an outlet before a document noun, if any."""
        names = [t for t in span.doc[span.start : root.i] if t.pos_ == "PROPN"]
        vocab = {t.lower_ for t in names}
        if vocab & OUTLET_WORDS or vocab & self.outlet_names:
            return names
        return []

    # -- merging --------------------------------------------------------------------------

    def _place(self, p: _Profile, entities: list[_Entity], history: list[tuple[_Profile, int | None]]) -> int:
        """The index of the entity this mention refers to, creating it when new."""
        if p.affiliation_ref in ("its", "their"):
            p.affiliation = _owner(p, entities, history)
        if p.partitive_of:
            _inherit_from_group(p, entities)
        if p.kind == "pronoun":
            found = self._antecedent(p, entities, history)
            if found is not None:
                ent = entities[found]
                ent.entity.mentions.append(p.span)
                ent.gender = ent.gender or p.gender
                return found
        elif p.kind == "named":
            for i, ent in enumerate(entities):
                if _same_name(p, ent.entity):
                    _merge(ent, p)
                    return i
            # "Brooks told reporters" after "Defense Secretary Alan Brooks did not confirm ...".
            for prev, i in reversed(history):
                if i is None and prev.type == "person" and prev.kind == "named":
                    ent = _new_entity(prev)
                    if _same_name(p, ent.entity):
                        entities.append(ent)
                        _merge(ent, p)
                        return len(entities) - 1
        elif p.kind == "definite":
            for prev, i in reversed(history):
                if i is not None:
                    if _describes(p, prev, entities[i]):
                        _merge(entities[i], p, keep_fields=True)
                        return i
                    continue
                # "the company" after "Volta Motors will recall ...", "The senior defense
                # official" after "..., including a senior defense official".
                ent = _new_entity(prev)
                if _describes(p, prev, ent):
                    entities.append(ent)
                    _merge(ent, p, keep_fields=True)
                    return len(entities) - 1
        entities.append(_new_entity(p))
        return len(entities) - 1

    def _antecedent(
        self, p: _Profile, entities: list[_Entity], history: list[tuple[_Profile, int | None]]
    ) -> int | None:
        for prev, i in reversed(history):
            if i is None:
                # Pronouns take subjects: people, and for "it" bodies ("Volta Motors will
                # recall ... It said"); not sub-groups or names in passing.
                if prev.candidate != "subject":
                    continue
                if prev.type not in ("person", "anonymous") and p.head not in NEUTER_PRONOUNS:
                    continue
                if not _fits(p, prev.type, prev.plural, prev.gender, prev.count):
                    continue
                # A subject that was not yet a source becomes one now (or joins the source it
                # names).
                for k, ent in enumerate(entities):
                    if _same_name(prev, ent.entity):
                        _merge(ent, prev)
                        return k
                entities.append(_new_entity(prev))
                return len(entities) - 1
            ent = entities[i]
            if _fits(p, ent.entity.type, ent.plural, ent.gender, ent.entity.count):
                return i
        return None


def _candidates(doc: Doc, source_tokens: set[int]) -> list[tuple[Span, str]]:
    """Mentions that are not sources but may be referred back to, with "subject" or "other":

    - PERSON entities, with their title ("Defense Secretary Alan Brooks declined ...") or the
      description they close ("The company's former finance director, Rogerio Almeida,");
      pronouns resolve only to subjects and agents ("led by Marloes van Dijk. ... she said");
    - ORG entities, and subjects headed by an organisation or government noun ("Indonesia's
      central bank left rates unchanged. The bank said ..."): singular subjects of a main clause;
    - documents and outlets' reports ("An internal memo sent to staff ... The memo said").
    """
    found: list[tuple[Span, str]] = []
    taken: set[int] = set(source_tokens)

    def add(span: Span, subject: bool) -> None:
        if any(i in taken for i in range(span.start, span.end)):
            return
        taken.update(range(span.start, span.end))
        found.append((span, "subject" if subject else "other"))

    # People first ("Defense" in "Defense Secretary Alan Brooks" may be tagged ORG), then
    # documents (which may hold an outlet's name: "a Meridian Times article"), then bodies.
    for e in doc.ents:
        if e.label_ != "PERSON":
            continue
        root, head = e.root, e.root.head
        if (
            root.dep_ == "appos"
            and head.pos_ == "NOUN"
            and (head.lemma_ in _PEOPLE_NOUNS or head.lower_ in TITLE_WORDS)
        ):
            start = max(head.left_edge.i, root.sent.start)
            add(doc[start : e.end], head.dep_ in _SUBJECTS)
            continue
        subject = root.dep_ in _SUBJECTS or (root.dep_ == "pobj" and head.dep_ == "agent")
        lefts = [t.left_edge.i for t in root.lefts if t.dep_ == "compound"]
        add(doc[min([e.start, *lefts]) : e.end], subject)
    chunks = list(doc.noun_chunks)
    for chunk in chunks:
        root = chunk.root
        if root.pos_ == "NOUN" and root.tag_ == "NN" and root.lower_ in _DOCUMENT_NOUNS:
            add(chunk, False)
    for e in doc.ents:
        if e.label_ != "ORG":
            continue
        root = e.root
        subject = root.dep_ in _SUBJECTS or (root.dep_ == "compound" and root.head.dep_ in _SUBJECTS)
        end = e.end
        # "the Leiden Institute" + "for Public Opinion"
        if end < len(doc) and doc[end].dep_ == "prep" and doc[end].head == root:
            rest = [t for t in doc[end].subtree if t.i > end and t.dep_ != "det"]
            if doc[end].lower_ in ("of", "for") and rest and all(t.is_title or t.dep_ == "cc" for t in rest):
                end = doc[end].right_edge.i + 1
        add(doc[e.start : end], subject)
    institutions = ORGANIZATION_WORDS | GOVERNMENT_WORDS
    for chunk in chunks:
        root = chunk.root
        if (
            root.dep_ in _SUBJECTS
            and root.head.dep_ == "ROOT"
            and root.pos_ == "NOUN"
            and root.tag_ == "NN"
            and root.lemma_ in institutions
        ):
            add(chunk, True)
    return found


def _include_spans(head: Token, span: Span) -> list[Span]:
    """The sub-groups after "including" in a source's phrase. ("three people familiar with the
    talks, including ...": the parser may hang "including" on the nearer noun, so the whole
    phrase is searched.)"""
    doc = span.doc
    groups = []
    for prep in span:
        if prep.dep_ == "prep" and prep.lower_ == "including" and prep.i > head.i:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    groups.append(doc[pobj.left_edge.i : pobj.right_edge.i + 1])
    return groups


def _owner(p: _Profile, entities: list[_Entity], history: list[tuple[_Profile, int | None]]) -> str | None:
    """The body "its"/"their" stands for: in the same or the previous sentence, the subject of
    the main clause if it is a named body, else the last body named ("Environmental group Niger
    Delta Watch said ..., a day before the company said .... Its director, ...")."""
    by_sentence: dict[int, list[tuple[_Profile, str]]] = {}
    for prev, i in history:
        if prev.candidate == "include" or prev.span.start >= p.span.start:
            continue
        source_type = entities[i].entity.type if i is not None else prev.type
        name = entities[i].entity.name if i is not None else prev.name
        if source_type in ("organization", "government", "outlet") and name:
            by_sentence.setdefault(prev.span.sent.start, []).append((prev, name))
    sentences = list(p.span.doc.sents)
    here = next(k for k, sent in enumerate(sentences) if sent.start <= p.span.start < sent.end)
    near = {sentences[k].start for k in (here, here - 1) if k >= 0}
    for sent_start in sorted(by_sentence, reverse=True):
        if sent_start not in near:
            break
        named = by_sentence[sent_start]
        main = [
            n for prev, n in named if prev.span.root.dep_ in _SUBJECTS and prev.span.root.head.dep_ == "ROOT"
        ]
        return main[0] if main else named[-1][1]
    return None


def _inherit_from_group(p: _Profile, entities: list[_Entity]) -> None:
    """ "Two of the officials" are officials of the group named before: its role and
    affiliation."""
    generic = p.partitive_of in PLURAL_PRONOUNS or p.partitive_of in NOT_ROLES
    for ent in reversed(entities):
        e = ent.entity
        if e.type != "anonymous" or not ent.plural:
            continue
        if generic or p.partitive_of in ent.heads:
            p.role = p.role or e.role
            p.affiliation = p.affiliation or e.affiliation
            return


def _fits(p: _Profile, source_type: str, plural: bool, gender: str | None, count: int | None) -> bool:
    if p.head in SINGULAR_PERSON_PRONOUNS:
        singular_person = source_type == "person" or (
            source_type == "anonymous" and not plural and count in (None, 1)
        )
        return singular_person and (gender is None or p.gender is None or gender == p.gender)
    if p.head in PLURAL_PRONOUNS:
        return plural or source_type in ("organization", "government", "outlet")
    if p.head in NEUTER_PRONOUNS:
        return source_type in ("organization", "government", "outlet", "document")
    return False


def _same_name(p: _Profile, e: SourceEntity) -> bool:
    if not p.normalized_name or not e.normalized_name:
        return False
    a, b = p.normalized_name, e.normalized_name
    if a == b:
        return True
    a_words, b_words = a.split(), b.split()
    if len(a_words) == 1 and b_words[-1] == a:
        return p.type == e.type or e.type == "person"
    if len(b_words) == 1 and a_words[-1] == b:
        return p.type == e.type or p.type == "person"
    return False


def _describes(p: _Profile, prev: _Profile, ent: _Entity) -> bool:
    """Does the definite description `p` ("the official") fit the earlier mention `prev`?

    A mention that was not a source (`prev.candidate`) must carry the description's head noun
    ("The institute" ~ "the Leiden Institute for Public Opinion"), except that "the company"
    may take up a company named as a subject ("Volta Motors will recall ...")."""
    if p.plural != ent.plural and ent.entity.type in ("anonymous", "person"):
        return False
    # "The senior administration official" refers back to "a senior administration official",
    # not to the nearer "One U.S. official": its modifiers must appear in the antecedent.
    root = p.span.root
    modifiers = {fold(t.text) for t in p.span if t.i < root.i and t.dep_ != "det" and not t.is_punct}
    if modifiers and not modifiers <= set(fold(prev.span.text).split()):
        return False
    if p.head in ent.heads:
        return True
    if (
        p.type == "outlet"
        and ent.entity.type == "outlet"
        and (not prev.candidate or prev.head in _DOCUMENT_NOUNS)
    ):
        return True  # "the newspaper", "the network"; not an outlet named in passing
    role = (ent.entity.role or "").lower().split()
    if p.head in role or (
        p.type in ("government", "organization")
        and ent.entity.type == p.type
        and p.head in fold(prev.span.text)
    ):
        return True
    # "the company" after "Delta Crest Petroleum", unless that was called something else
    # ("Environmental group Niger Delta Watch", "the Pacific Terminal Operators Association").
    if (
        p.type == "organization"
        and ent.entity.type == "organization"
        and ent.entity.name
        and p.head in _COMPANY_WORDS
        and prev.candidate in ("", "subject")
        # "The company that operates the dam" introduces a company; it does not refer back.
        and not any(ch.dep_ in ("relcl", "acl") for ch in p.span.root.children)
    ):
        called = set(fold(ent.entity.name).split()) | ent.heads
        return not (called & (ORGANIZATION_WORDS | _COMPANY_WORDS)) - {p.head}
    return False


def _new_entity(p: _Profile) -> _Entity:
    e = SourceEntity(
        type=p.type,
        mentions=[p.span],
        name=p.name,
        normalized_name=p.normalized_name,
        anonymous=p.anonymous,
        count=p.count,
        includes=list(p.includes),
        affiliation=p.affiliation,
        role=p.role,
    )
    heads = {h for h in (p.head, p.descriptor) if h}
    if p.role:
        heads |= set(p.role.lower().split())
    return _Entity(e, heads, p.plural, p.gender)


def _merge(ent: _Entity, p: _Profile, keep_fields: bool = False) -> None:
    e = ent.entity
    e.mentions.append(p.span)
    if p.head:
        ent.heads.add(p.head)
    ent.gender = ent.gender or p.gender
    if keep_fields:
        return
    if p.name and (not e.name or len(p.name.split()) > len(e.name.split())):
        e.name, e.normalized_name = p.name, p.normalized_name
        if e.type != p.type and p.type == "person":
            e.type = "person"
    e.role = e.role or p.role
    if e.role:
        ent.heads |= set(e.role.lower().split())
    e.affiliation = e.affiliation or p.affiliation


@Language.factory(
    "newstrace_sources",
    default_config={"extra_outlet_names": [], "extra_government_words": []},
)
def make_sources(
    nlp: Language, name: str, extra_outlet_names: list[str], extra_government_words: list[str]
) -> SourceFinder:
    """`extra_outlet_names`: more one-word outlet names (lower-case); `extra_government_words`:
    more words marking a government body."""
    register_extensions()
    return SourceFinder(
        OUTLET_NAMES | frozenset(w.lower() for w in extra_outlet_names),
        GOVERNMENT_WORDS | frozenset(w.lower() for w in extra_government_words),
    )
