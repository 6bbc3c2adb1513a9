"""newstrace_sources: characterise each attribution's source and merge repeated sources.

Sets `doc._.sources: list[SourceEntity]` (in order of first mention) and each attribution's
`source_index`. Conventions:

- `name` is the name as written, without titles, honorifics or a leading "the":
  "Vice President Delcy Rodríguez" -> "Delcy Rodríguez"; "the New York Times" -> "New York
  Times"; "A new NBC News report" -> "NBC News" (the outlet behind the report). Unnamed sources
  ("a senior official", "the ministry") have no name.
- `normalized_name` is the name lower-cased with accents folded: "delcy rodriguez".
- `role` is the appositive noun phrase without its determiner ("Ruiz, the harbor master" ->
  "harbor master"; "A ministry spokeswoman, Carla Munoz" -> "ministry spokeswoman"), else the
  title before the name ("Vice President", "Defense Secretary"), or for unnamed people the
  lemma of the head noun ("official", "spokesman"); "people"/"sources" give no role.
- `affiliation` is the organisation or country a person is described by, as written: a proper
  noun or institution modifier ("Navy", "Pentagon", "administration", "U.S."), or the object of
  "at/from/for/with" when it names one ("an official at the Pentagon" -> "Pentagon"). A
  ministry domain inside a title ("Defense" in "Defense Secretary") is part of the role.
- `includes`: "including two U.S. officials" -> text "two U.S. officials", count 2 and
  affiliation "U.S. officials" (the group's description without its number, as the record's
  SourceGroup documents it).
- `count`: the number given ("four unnamed sources" -> 4; "a senior official" -> 1; "two of
  them" -> 2, a separate anonymous source); None when no number is given ("officials") and for
  named sources.
- `type`: person (a name: PERSON, or an untagged proper noun; a one-word ORG-tagged name that is
  the surname of a PERSON in the article, or that carries a title, counts as a person), outlet
  (outlet words or names, "the newspaper", "A new NBC News report"), government (government
  words, a country), organization, document ("a statement", "the report" with no outlet),
  anonymous (unnamed people), unknown (unresolved pronouns, other nouns).
- Merging: named sources merge on the normalized name, or a one-word name equal to the last
  word of an earlier (or later-given fuller) name ("Rodríguez" ~ "Delcy Rodríguez", "the Times"
  ~ "the New York Times"). Unnamed sources never merge, except a definite description ("the
  official", "the spokesman", "the ministry", "the report") referring back to the nearest
  earlier source with that head noun or role.
- Pronouns resolve to the nearest earlier fitting mention: "he"/"she" to a person or a single
  unnamed person (gender checked when an honorific, a gendered role or an earlier pronoun
  gives it), "they" to a group or an organisation, "it" to an organisation, outlet, government
  or document. Candidates are source mentions and PERSON entities that are sentence subjects
  (so `Ortega arrived on Tuesday. "...," he said.` resolves). An unresolved pronoun is its own
  source of type unknown.
"""

from __future__ import annotations

import unicodedata
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
    ORGANIZATION_WORDS,
    OUTLET_NAMES,
    OUTLET_WORDS,
    PEOPLE_NOUNS,
    PLURAL_PRONOUNS,
    SINGULAR_PERSON_PRONOUNS,
    TITLE_DOMAINS,
    TITLE_WORDS,
    words,
)
from newstrace.nlp.types import SourceEntity, SourceGroupInfo, register_extensions

_DEFINITE = words("the this that these those")
_AFFILIATION_PREPS = words("at from for with of in")
_TITLE_TOKENS = TITLE_WORDS | TITLE_DOMAINS | HONORIFICS
_INSTITUTIONS = (
    GOVERNMENT_WORDS | ORGANIZATION_WORDS | frozenset(["administration", "intelligence", "defense"])
)


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


@dataclass(eq=False)
class _Entity:
    entity: SourceEntity
    heads: set[str]
    plural: bool
    gender: str | None


def fold(text: str) -> str:
    """Lower-case and strip accents: "Delcy Rodríguez" -> "delcy rodriguez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


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


def _affiliation(head: Token) -> str | None:
    """Institution or country modifiers of a people noun: "a senior administration official"."""
    mods = [
        ch
        for ch in head.lefts
        if ch.dep_ in ("compound", "amod", "nmod", "poss")
        and ch.lower_ not in NON_AFFILIATION_MODIFIERS
        and (ch.pos_ == "PROPN" or ch.ent_type_ in ("ORG", "GPE", "NORP") or ch.lower_ in _INSTITUTIONS)
    ]
    if mods:
        start = min(m.left_edge.i for m in mods)
        tokens = [
            t
            for t in head.doc[start : head.i]
            if t.dep_ != "det" and t.lower_ not in NON_AFFILIATION_MODIFIERS
        ]
        return _join(tokens) if tokens else None
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in _AFFILIATION_PREPS:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and (pobj.pos_ == "PROPN" or pobj.lower_ in _INSTITUTIONS):
                    # Stop at a comma: what follows is a relative clause, not the name.
                    tokens = []
                    for t in pobj.subtree:
                        if t.i > pobj.i and (t.text == "," or t.dep_ in ("relcl", "acl")):
                            break
                        if t.dep_ != "det":
                            tokens.append(t)
                    return _join(tokens)
    return None


def _includes(head: Token, span: Span) -> list[SourceGroupInfo]:
    groups = []
    # "three people familiar with the talks, including ...": the parser may hang "including"
    # on the nearer noun, so look through the whole phrase.
    for prep in span:
        if prep.dep_ == "prep" and prep.lower_ == "including" and prep.i > head.i:
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                tokens = list(pobj.subtree)
                text = _join(tokens) or ""
                count = _count(pobj)
                rest = [t for t in tokens if t.dep_ not in ("nummod", "det")]
                groups.append(SourceGroupInfo(text=text, count=count, affiliation=_join(rest)))
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
        # Mentions in text order: sources, and subject PERSON entities as pronoun antecedents.
        spans = {(a.source.start, a.source.end): a.source for a in attributions if a.source is not None}
        source_tokens = {i for s, e in spans for i in range(s, e)}
        candidates = [
            e
            for e in doc.ents
            if e.label_ == "PERSON"
            and e.root.dep_ in ("nsubj", "nsubjpass")
            and not any(i in source_tokens for i in range(e.start, e.end))
        ]
        events = sorted(
            [(s, True) for s in spans.values()] + [(e, False) for e in candidates], key=lambda x: x[0].start
        )
        history: list[
            tuple[_Profile, int | None]
        ] = []  # mention profile, entity index (None: not a source yet)
        for span, is_source in events:
            if not is_source:
                # "Defense Secretary Alan Brooks declined ...": the entity's titled phrase.
                root = span.root
                lefts = [t.left_edge.i for t in root.lefts if t.dep_ == "compound"]
                span = doc[min([span.start, *lefts]) : span.end]
            profile = self.profile(span, surnames)
            if not is_source:
                history.append((profile, None))
                continue
            index = self._place(profile, entities, history)
            by_span[(span.start, span.end)] = index
            history.append((profile, index))
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
        name_tok, role_toks, affiliation = self._name_parts(span, root)
        if name_tok:
            return self._named(span, root, name_tok, role_toks, affiliation, surnames)
        return self._unnamed(span, root)

    def _partitive(self, span: Span, root: Token) -> _Profile | None:
        """ "two of them", "One of the sources": an unnamed subset of people."""
        number = int(root.text) if root.text.isdigit() else NUMBER_WORDS.get(root.lower_)
        of = next((ch for ch in root.children if ch.dep_ == "prep" and ch.lower_ == "of"), None)
        pobj = next((ch for ch in of.children if ch.dep_ == "pobj"), None) if of is not None else None
        if number is None or pobj is None:
            return None
        lemma = pobj.lemma_.lower()
        if pobj.lower_ not in PLURAL_PRONOUNS and lemma not in PEOPLE_NOUNS:
            return None
        return _Profile(
            span,
            "anonymous",
            "other",
            anonymous=True,
            count=number,
            role=lemma if lemma in PEOPLE_NOUNS and lemma not in NOT_ROLES else None,
            head=lemma,
            plural=number > 1,
        )

    def _name_parts(self, span: Span, root: Token) -> tuple[list[Token], list[Token], str | None]:
        """Split "Navy spokesman Dana Whitfield" into name, role tokens and affiliation."""
        head = root
        appos = next((ch for ch in root.children if ch.dep_ == "appos" and ch.pos_ != "NUM"), None)
        if (
            appos is not None
            and appos.pos_ == "PROPN"
            and (root.pos_ != "PROPN" or root.lower_ in _TITLE_TOKENS)
        ):
            # "A ministry spokeswoman, Carla Munoz," / "Vietnam's Deputy Minister ..., Nguyen Thi Lan"
            return self._title_first(span, root, appos)
        if head.pos_ != "PROPN":
            return [], [], None
        pre = [t for t in span.doc[head.left_edge.i : head.i + 1] if t.i >= span.start and t.dep_ != "det"]
        pre = [t for t in pre if t.dep_ in ("compound", "amod", "nmod", "poss", "case") or t.i == head.i]
        # The name is the run of proper nouns ending at the head that are not titles.
        name: list[Token] = []
        for t in reversed(pre):
            if (
                t.pos_ != "PROPN"
                or t.lower_ in TITLE_WORDS
                or t.lower_ in HONORIFICS
                or not t.text[:1].isupper()
            ):
                break
            name.insert(0, t)
        before = [t for t in pre if t.i < name[0].i] if name else []
        role, affiliation_toks = _split_title(before)
        affiliation = _join(affiliation_toks) if affiliation_toks else None
        # Honorifics give gender, not a role.
        role = [t for t in role if t.lower_ not in HONORIFICS]
        if appos is not None:
            role = [t for t in appos.subtree if t.dep_ not in ("det", "punct") and t.i <= appos.i]
            affiliation = affiliation or _affiliation(appos)
        return name, role, affiliation

    def _title_first(
        self, span: Span, title: Token, name_head: Token
    ) -> tuple[list[Token], list[Token], str | None]:
        """Title before an appositive name: the title phrase is the role, a possessor the
        affiliation ("Vietnam's")."""
        doc = span.doc
        name = [t for t in doc[name_head.left_edge.i : name_head.i + 1] if t.pos_ == "PROPN"]
        poss = next((ch for ch in title.children if ch.dep_ == "poss"), None)
        skip = {t.i for t in poss.subtree} if poss is not None else set()
        role = [
            t
            for t in doc[max(span.start, title.left_edge.i) : name_head.left_edge.i]
            if t.i not in skip and t.dep_ != "det"
        ]
        while role and role[-1].is_punct:
            role.pop()
        if poss is not None:
            affiliation = _join([t for t in poss.subtree if t.dep_ != "case"])
        else:
            affiliation = _affiliation(title)
        return name, role, affiliation

    def _named(
        self,
        span: Span,
        root: Token,
        name: list[Token],
        role: list[Token],
        affiliation: str | None,
        surnames: set[str],
    ) -> _Profile:
        doc = span.doc
        vocab = {t.lower_ for t in span if t.pos_ == "PROPN" or t.is_title}
        name_text = _join(name) or ""
        ents = {t.ent_type_ for t in name}
        head = name[-1]
        if "PERSON" in ents and not (vocab & OUTLET_WORDS or vocab & self.outlet_names):
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
            kind = "person"
        if kind == "person":
            role_text = _join(role)
        else:
            role_text, affiliation = None, None
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
        )

    def _unnamed(self, span: Span, root: Token) -> _Profile:
        lemma = root.lemma_.lower()
        vocab = {t.lower_ for t in span} | {t.lemma_.lower() for t in span}
        definite = any(ch.dep_ == "det" and ch.lower_ in _DEFINITE for ch in root.children)
        kind = "definite" if definite and _count(root) is None else "other"
        plural = root.tag_ in ("NNS", "NNPS")
        if lemma in PEOPLE_NOUNS or root.lower_ in PEOPLE_NOUNS:
            return _Profile(
                span,
                "anonymous",
                kind,
                anonymous=True,
                count=_count(root),
                includes=_includes(root, span),
                affiliation=_affiliation(root),
                role=lemma if lemma not in NOT_ROLES else None,
                head=lemma,
                plural=plural or lemma == "people",
                gender=_gender([root]),
            )
        if lemma in DOCUMENT_NOUNS:
            outlet = self._outlet_of(span, root)
            if outlet:
                # "A new NBC News report": the outlet's report stands for the outlet.
                name = _join(outlet) or ""
                return _Profile(span, "outlet", "named", name=name, normalized_name=fold(name), head=lemma)
            if any(ch.lower_ in OUTLET_WORDS for ch in root.lefts):
                # "a newspaper report": an unnamed outlet's.
                return _Profile(span, "outlet", kind, head=lemma)
            source_type = "document"
        elif lemma in OUTLET_WORDS:
            source_type = "outlet"  # "the newspaper said"
        elif vocab & self.government_words:
            source_type = "government"
        elif vocab & ORGANIZATION_WORDS:
            source_type = "organization"
        else:
            source_type = "unknown"
        return _Profile(
            span, source_type, kind, count=_count(root) if plural else None, head=lemma, plural=plural
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
        elif p.kind == "definite":
            for prev, i in reversed(history):
                if i is not None and _describes(p, prev, entities[i]):
                    _merge(entities[i], p, keep_fields=True)
                    return i
        entities.append(_new_entity(p))
        return len(entities) - 1

    def _antecedent(
        self, p: _Profile, entities: list[_Entity], history: list[tuple[_Profile, int | None]]
    ) -> int | None:
        for prev, i in reversed(history):
            if i is None:
                if not _fits(p, prev.type, prev.plural, prev.gender, prev.count):
                    continue
                # A subject PERSON that was not yet a source becomes one now (or joins the
                # source it names).
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
    """Does the definite description `p` ("the official") fit the earlier mention `prev`?"""
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
    if p.type == "outlet" and ent.entity.type == "outlet":
        return True  # "the newspaper", "the network"
    role = (ent.entity.role or "").lower().split()
    return p.head in role or (
        p.type in ("government", "organization")
        and ent.entity.type == p.type
        and p.head in fold(prev.span.text)
    )


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
    heads = {p.head} if p.head else set()
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
