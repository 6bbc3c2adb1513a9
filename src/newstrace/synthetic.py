"""Synthetic news-like articles, for load tests and benchmarks that need thousands of them.

Each article is a few sentences assembled from templates with random people, places, numbers
and events, seeded so a run is reproducible. Two articles share few 5-word shingles, so they
are neither exact nor near duplicates of each other; the texts are English so language
detection keeps them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

_FIRST = [
    "Ana",
    "Marco",
    "Lucia",
    "Peter",
    "Grace",
    "Omar",
    "Ivan",
    "Nadia",
    "Tomas",
    "Rosa",
    "Daniel",
    "Keiko",
    "Samuel",
    "Irene",
    "Victor",
    "Leila",
]
_LAST = [
    "Ruiz",
    "Brandt",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Haddad",
    "Novak",
    "Ferraz",
    "Whitfield",
    "Osei",
    "Castro",
    "Meyer",
]
_ROLES = ["spokesman", "minister", "commander", "mayor", "senator", "analyst", "governor", "director"]
_BODIES = [
    "the coast guard",
    "the interior ministry",
    "the port authority",
    "the navy",
    "police",
    "the health ministry",
    "the city council",
    "the electoral board",
    "the central bank",
]
_PLACES = [
    "Lisbon",
    "Accra",
    "Manila",
    "Oslo",
    "Quito",
    "Dakar",
    "Hanoi",
    "Tunis",
    "Lima",
    "Riga",
    "Cebu",
    "Durban",
    "Porto",
    "Bergen",
    "Cusco",
    "Kumasi",
    "Split",
    "Tartu",
    "Recife",
    "Davao",
]
_EVENTS = [
    "{n} fishing boats were inspected near {place}",
    "troops were deployed to the northern border of the province",
    "talks on a new fisheries agreement resumed in {place}",
    "a warehouse holding {n} tons of grain was damaged by fire",
    "the agency plans to build {n} new clinics before the rainy season",
    "protesters blocked the main road into {place} for {n} hours",
    "the ministry could raise the fuel subsidy within weeks",
    "{n} people were evacuated after the river burst its banks",
    "the council has not yet approved the budget for the new harbor",
    "inspectors found {n} containers with mislabeled cargo",
]
_FILLER = [
    "residents",
    "traders",
    "farmers",
    "drivers",
    "teachers",
    "nurses",
    "engineers",
    "students",
    "families",
    "workers",
    "morning",
    "evening",
    "weekend",
    "season",
    "market",
    "harbor",
    "bridge",
    "station",
    "valley",
    "district",
    "coast",
    "island",
    "quickly",
    "slowly",
    "again",
    "later",
    "earlier",
    "openly",
    "quietly",
    "formally",
    "briefly",
    "locally",
    "nationally",
]


# Invented words for names that collide with nothing real: syllables of an onset and a vowel.
_ONSET_LETTERS = "b c d f g h j k l m n p r s t v z br dr gr kr pl st tr sh ch"
ONSETS = _ONSET_LETTERS.split()
_VOWEL_LETTERS = "a e i o u ai ea io ou"
VOWELS = _VOWEL_LETTERS.split()


def invented_word(rng: random.Random, syllables: int) -> str:
    """A lower-case invented word of this many syllables ('brouka')."""
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))


def invented_name(rng: random.Random, length: int) -> str:
    """A capitalised invented word of exactly `length` letters."""
    while True:
        word = ""
        while len(word) < length:
            word += rng.choice(ONSETS) + rng.choice(VOWELS)
        if len(word) == length:
            return word.capitalize()


def _sentence(rng: random.Random) -> str:
    event = rng.choice(_EVENTS).format(n=rng.randint(2, 900), place=rng.choice(_PLACES))
    who = rng.choice(
        [
            f"{rng.choice(_FIRST)} {rng.choice(_LAST)}, the {rng.choice(_ROLES)},",
            rng.choice(_BODIES).capitalize(),
            f"{rng.randint(2, 6)} officials in {rng.choice(_PLACES)}",
        ]
    )
    filler = " ".join(rng.sample(_FILLER, 4))
    return f"{who} said {event}, and {filler} were mentioned in the statement number {rng.randint(1, 10**6)}."


def article(index: int, seed: int = 7) -> dict:
    """The article object number `index`: the same index and seed always give the same article."""
    rng = random.Random(seed * 1_000_003 + index)
    published = date(2026, 1, 1) + timedelta(days=index % 330)
    return {
        "id": f"synthetic-{seed}-{index}",
        "outlet": f"Outlet {index % 40}",
        "url": f"https://example.org/synthetic/{seed}/{index}",
        "title": f"Report {index} from {rng.choice(_PLACES)}",
        "published": published.isoformat(),
        "text": "\n\n".join(_sentence(rng) for _ in range(rng.randint(3, 6))),
    }


def articles(count: int, seed: int = 7, start: int = 0) -> Iterator[dict]:
    for index in range(start, start + count):
        yield article(index, seed)


def write_jsonl(path: Path, count: int, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for obj in articles(count, seed):
            handle.write(json.dumps(obj) + "\n")
    return path
