"""Source characterisation benchmark: newstrace's record sources against a hand-annotated gold set.

    python benchmarks/sources.py --gold benchmarks/gold/sources/gold.jsonl [--show-errors] \
        [--attribution rules|fast|accurate]

The gold set (format and value conventions: benchmarks/gold/sources/README.md) has one line per
source mention: the article it is in, the mention as written and which occurrence of that string
it is, the characterisation of the source it refers to (type, name, anonymous, count,
affiliation, role, includes) and, for a mention that refers back to an earlier one ("he", "the
spokesman", a surname), `refers_to`: the fullest earlier mention of the same source.

Each article is read the way `newstrace analyze` reads it and analysed with `newstrace.analysis.
analyze`. A gold mention is *detected* when the source of an attribution in the record (as
written at the attribution) covers at least half of its characters (the best-overlapping one is
taken). The fields of the source it points to (`source_id`) are then compared with the gold ones
after normalisation (`normalize`); a gold value may list alternatives, any of which counts. The
link of a referring mention is right when that source also holds (among its `mentions`) an
earlier mention of the same gold source and no earlier mention of another.

Printed: the detection rate; per field, accuracy over all gold mentions (a missed mention is
wrong) and over detected mentions only; link accuracy for pronouns and descriptions ("the
official") and, apart, for re-mentions by name; detection by gold type; and the number of
attribution sources in the records that match no gold mention. `--show-errors` lists every
miss and mismatch.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT / "benchmarks" / "gold" / "sources" / "gold.jsonl"

FIELDS = ("type", "name", "anonymous", "count", "affiliation", "role", "includes")
LINK_PRONOUN = "link (pronoun/descriptive)"
LINK_NAME = "link (name re-mention)"

PRONOUNS = frozenset(["he", "she", "it", "they", "him", "her", "them", "we", "i"])
# Abbreviated titles and ranks, spelled out before roles are compared.
_ABBREVIATIONS = {
    "adm": "admiral",
    "gen": "general",
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "lt": "lieutenant",
    "cmdr": "commander",
    "col": "colonel",
    "capt": "captain",
    "sgt": "sergeant",
    "maj": "major",
    "dr": "doctor",
    "prof": "professor",
}

Value = str | None


# -- gold -----------------------------------------------------------------------------------


@dataclass
class GoldMention:
    article: str
    mention: str
    occurrence: int
    start: int
    end: int
    fields: dict[str, Any]  # FIELDS -> gold value (a list of alternatives for name/affiliation/role)
    refers_to: str | None = None
    entity: int = -1  # gold source id within the article, set by `assign_entities`
    antecedents: list[tuple[int, int]] = field(default_factory=list)  # earlier spans of that source

    @property
    def kind(self) -> str:
        """pronoun ("he"), name ("Brooks", "The Meridian Times report"), or description ("the official")."""
        low = self.mention.lower()
        if low in PRONOUNS:
            return "pronoun"
        words = self.mention.split()
        named = words[1:] if len(words) > 1 else words  # a capitalised first word may start a sentence
        return "name" if any(w[:1].isupper() for w in named) else "descriptive"


def nth_occurrence(text: str, needle: str, n: int) -> int:
    """Offset of the n-th (0-based) occurrence of `needle` as `str.find` finds them; -1 if none."""
    at = -1
    for _ in range(n + 1):
        at = text.find(needle, at + 1)
        if at < 0:
            return -1
    return at


def gold_mention(row: dict[str, Any], text: str) -> GoldMention:
    start = nth_occurrence(text, row["mention"], row["occurrence"])
    if start < 0:
        raise ValueError(f"{row['article']}: {row['mention']!r} #{row['occurrence']} is not in the text")
    return GoldMention(
        article=row["article"],
        mention=row["mention"],
        occurrence=row["occurrence"],
        start=start,
        end=start + len(row["mention"]),
        fields={f: row[f] for f in FIELDS},
        refers_to=row.get("refers_to"),
    )


def read_gold(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def assign_entities(mentions: Sequence[GoldMention], text: str) -> None:
    """Group one article's gold mentions into sources by following `refers_to`.

    A referring mention joins the source of the gold mention its antecedent (the last
    occurrence of `refers_to` before it) overlaps; an antecedent that is not itself a gold
    mention ("Defense Secretary Alan Brooks declined to comment.") becomes an anchor that later
    mentions referring to the same words share.
    """
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    next_id = 0
    for g in sorted(mentions, key=lambda m: m.start):
        entity = None
        if g.refers_to:
            a_start = text.rfind(g.refers_to, 0, g.start)
            if a_start < 0:
                raise ValueError(f"{g.article}: refers_to {g.refers_to!r} is not before {g.mention!r}")
            anchor = (a_start, a_start + len(g.refers_to))
            entity = next((e for e, ss in spans.items() if any(_overlap(anchor, s) for s in ss)), None)
            if entity is None:
                entity, next_id = next_id, next_id + 1
            if anchor not in spans[entity]:
                spans[entity].append(anchor)
        if entity is None:
            entity, next_id = next_id, next_id + 1
        g.entity = entity
        g.antecedents = [s for s in spans[entity] if s[0] < g.start]
        spans[entity].append((g.start, g.end))


# -- predictions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PredMention:
    start: int
    end: int
    source: int  # index into ArticlePrediction.sources


@dataclass
class PredSource:
    type: str
    name: str | None = None
    anonymous: bool = False
    count: int | None = None
    affiliation: str | None = None
    role: str | None = None
    includes: list[dict[str, Any]] = field(default_factory=list)  # {"text", "count"}

    def value(self, name: str) -> Any:
        return getattr(self, name)


@dataclass
class ArticlePrediction:
    text: str
    sources: list[PredSource]
    attributed: list[PredMention]  # each attribution's source as written, and the source it is
    mentions: list[PredMention]  # every mention of every source (also antecedents in passing)


def predict(path: Path) -> ArticlePrediction:
    """Read one article file as `newstrace analyze` does and analyse it."""
    from newstrace.analysis import analyze
    from newstrace.ingest.article import ArticleInput
    from newstrace.ingest.files import read_inputs

    items = [i for i in read_inputs([str(path)]) if isinstance(i, ArticleInput)]
    if len(items) != 1:
        raise ValueError(f"{path}: expected one article")
    record = analyze(items[0])
    sources, mentions = [], []
    for i, s in enumerate(record.sources):
        sources.append(
            PredSource(
                type=s.type,
                name=s.name,
                anonymous=s.anonymous,
                count=s.count,
                affiliation=s.affiliation,
                role=s.role,
                includes=[{"text": g.text, "count": g.count} for g in s.includes],
            )
        )
        mentions.extend(PredMention(m.start, m.end, i) for m in s.mentions)
    ids = {s.id: i for i, s in enumerate(record.sources)}
    attributed = [
        PredMention(a.source.start, a.source.end, ids[a.source_id])
        for a in record.attributions
        if a.source is not None and a.source_id in ids
    ]
    return ArticlePrediction(record.article.text, sources, attributed, mentions)


# -- alignment and comparison ---------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def covers(pred: tuple[int, int], gold: tuple[int, int]) -> bool:
    """Does a predicted span cover at least half of a gold span's characters?"""
    return 2 * _overlap(pred, gold) >= gold[1] - gold[0] > 0


def align(gold: tuple[int, int], mentions: Iterable[PredMention]) -> PredMention | None:
    """The predicted mention overlapping the gold span most (the shorter one on a tie), if it
    covers half of it."""
    best = max(mentions, key=lambda m: (_overlap((m.start, m.end), gold), m.start - m.end), default=None)
    if best is None or not covers((best.start, best.end), gold):
        return None
    return best


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("’", "'").casefold().split())


def normalize(value: Value, role: bool = False) -> Value:
    """Compare values case- and accent-insensitively, without a leading "the", a trailing
    possessive or punctuation; roles also with abbreviated titles spelled out and the last
    word singular ("Sen." = "senator", "officials" = "official")."""
    if value is None:
        return None
    text = fold(value).strip(" .,;:")
    if text.startswith("the "):
        text = text[4:]
    text = re.sub(r"'s?$", "", text)
    if role:
        words = [_ABBREVIATIONS.get(w.rstrip("."), w) for w in text.split()]
        if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
            words[-1] = words[-1][:-1]
        text = " ".join(words)
    return text or None


def field_matches(name: str, gold: Any, pred: Any) -> bool:
    if name in ("name", "affiliation", "role"):
        options = gold if isinstance(gold, list) else [gold]
        role = name == "role"
        return normalize(pred, role) in {normalize(o, role) for o in options}
    if name == "includes":
        return sorted(_group_key(g) for g in gold) == sorted(_group_key(g) for g in pred)
    return gold == pred


def _group_key(group: dict[str, Any]) -> tuple[str, int]:
    return (normalize(group["text"]) or "", group["count"] if group["count"] is not None else -1)


@dataclass
class Outcome:
    """How one gold mention fared: per field True/False, None when the field does not apply."""

    gold: GoldMention
    pred: PredMention | None
    source: PredSource | None
    results: dict[str, bool | None]


def link_correct(
    g: GoldMention, m: PredMention, pred: ArticlePrediction, gold: Sequence[GoldMention]
) -> bool:
    """The predicted source holds an earlier mention of g's gold source and none of another's."""
    others = [(o.start, o.end) for o in gold if o.entity != g.entity and o.start < g.start]
    held = [
        (p.start, p.end)
        for p in pred.mentions
        if p.source == m.source and (p.start, p.end) != (m.start, m.end) and p.start < g.start
    ]
    same = any(_same_mention(p, a) for p in held for a in g.antecedents)
    wrong = any(_same_mention(p, o) for p in held for o in others)
    return same and not wrong


def _same_mention(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two spans of one mention: they share at least half of the shorter one ("An internal memo"
    and "An internal memo sent to staff on Monday")."""
    return 2 * _overlap(a, b) >= min(a[1] - a[0], b[1] - b[0]) > 0


def score_article(gold: Sequence[GoldMention], pred: ArticlePrediction) -> list[Outcome]:
    outcomes = []
    for g in gold:
        m = align((g.start, g.end), pred.attributed)
        source = pred.sources[m.source] if m is not None else None
        results: dict[str, bool | None] = {
            f: source is not None and field_matches(f, g.fields[f], source.value(f)) for f in FIELDS
        }
        link = LINK_NAME if g.kind == "name" else LINK_PRONOUN
        results[LINK_PRONOUN] = results[LINK_NAME] = None
        if g.refers_to:
            results[link] = m is not None and link_correct(g, m, pred, gold)
        outcomes.append(Outcome(g, m, source, results))
    return outcomes


def unmatched_attribution_sources(
    gold: Sequence[GoldMention], pred: ArticlePrediction
) -> list[tuple[int, int]]:
    """Attribution sources in the record that overlap no gold mention at all."""
    spans = [(m.start, m.end) for m in pred.attributed]
    return [s for s in spans if not any(_overlap(s, (g.start, g.end)) for g in gold)]


# -- report ---------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    right_all: int
    total_all: int
    right_detected: int
    total_detected: int


INCLUDES_GIVEN = "includes (gold has groups)"


def summarize(outcomes: Sequence[Outcome]) -> list[Row]:
    """One row per field: (right, scored) over all gold mentions and over detected ones."""
    rows = []
    for label in (*FIELDS, INCLUDES_GIVEN, LINK_PRONOUN, LINK_NAME):
        if label == INCLUDES_GIVEN:
            key = "includes"
            scored = [o for o in outcomes if o.gold.fields["includes"]]
        else:
            key = label
            scored = [o for o in outcomes if o.results[key] is not None]
        detected = [o for o in scored if o.pred is not None]
        rows.append(
            Row(
                label,
                sum(bool(o.results[key]) for o in scored),
                len(scored),
                sum(bool(o.results[key]) for o in detected),
                len(detected),
            )
        )
    return rows


def _pct(right: int, total: int) -> str:
    return f"{right:>4}/{total:<4} {100 * right / total:5.1f}%" if total else f"{'-':>16}"


def print_table(
    outcomes: Sequence[Outcome], n_articles: int, n_unmatched: int, out: TextIO | None = None
) -> None:
    out = out or sys.stdout  # looked up per call: a test may have swapped it
    n = len(outcomes)
    detected = sum(o.pred is not None for o in outcomes)
    print(f"gold: {n} source mentions in {n_articles} articles", file=out)
    print(f"detected: {_pct(detected, n)}", file=out)
    print(file=out)
    print(f"{'field':<28} {'all gold mentions':>17}   {'detected only':>16}", file=out)
    print("-" * 66, file=out)
    for row in summarize(outcomes):
        print(
            f"{row.label:<28} {_pct(row.right_all, row.total_all):>17}   "
            f"{_pct(row.right_detected, row.total_detected):>16}",
            file=out,
        )
    print(file=out)
    by_type = Counter(o.gold.fields["type"] for o in outcomes)
    found = Counter(o.gold.fields["type"] for o in outcomes if o.pred is not None)
    typed = Counter(o.gold.fields["type"] for o in outcomes if o.results["type"])
    print(f"{'gold type':<28} {'detected':>17}   {'type right':>16}", file=out)
    print("-" * 66, file=out)
    for t, total in by_type.most_common():
        print(f"{t:<28} {_pct(found[t], total):>17}   {_pct(typed[t], total):>16}", file=out)
    print(file=out)
    print(f"attribution sources in the records matching no gold mention: {n_unmatched}", file=out)


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def print_errors(outcomes: Sequence[Outcome], texts: dict[str, str], out: TextIO | None = None) -> None:
    out = out or sys.stdout  # looked up per call: a test may have swapped it
    for o in outcomes:
        g = o.gold
        where = f"{g.article}:{g.start} {g.mention!r}"
        if o.pred is None:
            print(f"MISSED   {where} ({g.fields['type']})", file=out)
            continue
        predicted = texts[g.article][o.pred.start : o.pred.end]
        for label, ok in o.results.items():
            if ok is not False:
                continue
            if label in FIELDS:
                got = o.source.value(label) if o.source else None
                print(
                    f"{label.upper():<8} {where} gold {_show(g.fields[label])} got {_show(got)}"
                    f" [{predicted!r}]",
                    file=out,
                )
            else:
                print(f"LINK     {where} should refer to {g.refers_to!r} [{predicted!r}]", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSONL (default: %(default)s)")
    parser.add_argument("--show-errors", action="store_true", help="list every miss and mismatch")
    parser.add_argument("--attribution", default="rules", help="attribution model: rules, fast, accurate")
    args = parser.parse_args(argv)

    from newstrace.nlp.settings import use_attribution

    use_attribution(args.attribution)
    print(f"attribution model: {args.attribution}")

    rows = read_gold(args.gold)
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_article[row["article"]].append(row)

    outcomes: list[Outcome] = []
    texts: dict[str, str] = {}
    unmatched: list[tuple[str, tuple[int, int]]] = []
    for article, article_rows in by_article.items():
        pred = predict(ROOT / article)
        texts[article] = pred.text
        gold = [gold_mention(r, pred.text) for r in article_rows]
        assign_entities(gold, pred.text)
        outcomes.extend(score_article(gold, pred))
        unmatched.extend((article, s) for s in unmatched_attribution_sources(gold, pred))

    print_table(outcomes, len(by_article), len(unmatched))
    if args.show_errors:
        print("\nerrors:")
        print_errors(outcomes, texts)
        for article, (start, end) in unmatched:
            print(f"EXTRA    {article}:{start} {texts[article][start:end]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
