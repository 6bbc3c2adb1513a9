"""Cross-article event matching on ECB+: how newstrace's timeline rows match gold event coreference chains.

For each ECB+ sub-topic (topic number + ecb/ecbplus: the true story, as in benchmarks/stories.py) the
articles are analysed with newstrace (text as `stories.read_article` makes it, id the file name, no title,
no date) and `newstrace.link.timeline.timeline(records)` groups their event mentions into rows. Stories
are the gold ones, so the score does not depend on story clustering.

Gold: the action mentions of each file (ACTION_* and NEG_ACTION_* markables with token anchors); their
chains are the `CROSS_DOC_COREF` instance ids (the relation's `note`), else the file's `INTRA_DOC_COREF`
chain, else the mention alone. A chain is kept within its sub-topic.

A gold mention is found when a system event's trigger covers one of its tokens (the system event
overlapping it most, then the first, stands for it). The script prints how many gold mentions are found
(recall of mentions), and on the found ones MUC, B-cubed, CEAF-e (entity-based, optimal alignment) and
CoNLL F1 (their mean F1) of

* newstrace: the timeline row of the system event, all the mentions of a sub-topic scored together
  (cross-document), all sub-topics pooled into one scoring;
* lemma baseline: gold mentions with the same trigger stem (the crude stems the timeline itself uses, of
  the gold mention's words) are one event, within a sub-topic -- the literature's standard baseline;
* singletons: each mention its own event.

All three are scored on the same found mentions, so they compare with each other. Each figure is given for
all annotated mentions and for the mentions of the sentences ECB+ lists as validated for coreference
(ECBplus_coreference_sentences.csv, the usual evaluation setting), per split: topics 1-35 are the
development set, 36-45 are held out by the maintainers (scored as "test" when present). Nothing is tuned
here: the timeline runs with its default parameters.

    python benchmarks/ecb_events.py --data ../shared/data/ecbplus --records /tmp/ecb_records.jsonl
    python benchmarks/ecb_events.py --data ../shared/data/ecbplus --topics 1-5,7 --limit 4

`--topics` keeps topic numbers (ranges and commas), `--limit N` the first N sub-topics (for a quick run),
`--records FILE.jsonl` caches the analysed records (read when present, completed and rewritten when some are
missing); keep it outside the repository (ECB+ texts are not ours to ship).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
from scipy.optimize import linear_sum_assignment

from newstrace.link.metrics import Scores as Score
from newstrace.link.metrics import bcubed
from newstrace.link.timeline import _trigger_stems, timeline
from newstrace.record import Record

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ecbplus"
SENTENCES_FILE = "ECBplus_coreference_sentences.csv"
DEV_TOPICS = range(1, 36)


def _load_stories():
    """benchmarks/stories.py (its ECB+ reader), loaded once whether this file runs as a script or a module."""
    name = "stories_benchmark"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent / "stories.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_stories = _load_stories()
read_article = _stories.read_article
true_groups = _stories.true_groups


# -- coreference metrics -------------------------------------------------------------------------
# key and response map each mention to its cluster id; both hold the same mentions.


def clusters(assignment: Mapping[Hashable, Hashable]) -> list[set]:
    groups: dict[Hashable, set] = defaultdict(set)
    for mention, cluster in assignment.items():
        groups[cluster].add(mention)
    return list(groups.values())


def _muc_recall(key: Mapping, response: Mapping) -> float:
    """Vilain et al. 1995: links of the key chains kept by the response partition."""
    numerator = denominator = 0
    for chain in clusters(key):
        parts = {response.get(m, ("missing", m)) for m in chain}
        numerator += len(chain) - len(parts)
        denominator += len(chain) - 1
    return numerator / denominator if denominator else 0.0


def muc(key: Mapping, response: Mapping) -> Score:
    return Score(_muc_recall(response, key), _muc_recall(key, response))


def b_cubed(key: Mapping, response: Mapping) -> Score:
    """Bagga & Baldwin 1998, averaged over mentions (`newstrace.link.metrics.bcubed`, as the claims and
    stories benchmarks score)."""
    return bcubed(key, response) if key else Score(0.0, 0.0)


def ceaf_e(key: Mapping, response: Mapping) -> Score:
    """Luo 2005, entity-based: phi4(K, R) = 2|K & R| / (|K| + |R|), summed over the best one-to-one
    alignment of key and response clusters, over the number of response (precision) and key (recall)
    clusters."""
    key_clusters, response_clusters = clusters(key), clusters(response)
    if not key_clusters or not response_clusters:
        return Score(0.0, 0.0)
    index = {m: j for j, c in enumerate(response_clusters) for m in c}
    similarity = np.zeros((len(key_clusters), len(response_clusters)))
    for i, chain in enumerate(key_clusters):
        for j, common in Counter(index[m] for m in chain if m in index).items():
            similarity[i, j] = 2 * common / (len(chain) + len(response_clusters[j]))
    rows, columns = linear_sum_assignment(similarity, maximize=True)
    total = float(similarity[rows, columns].sum())
    return Score(total / len(response_clusters), total / len(key_clusters))


def conll(key: Mapping, response: Mapping) -> dict[str, Score | float]:
    scores: dict[str, Score | float] = {"muc": muc(key, response), "b3": b_cubed(key, response)}
    scores["ceafe"] = ceaf_e(key, response)
    scores["conll"] = (scores["muc"].f1 + scores["b3"].f1 + scores["ceafe"].f1) / 3
    return scores


# -- ECB+ gold -----------------------------------------------------------------------------------


@dataclass
class GoldMention:
    doc: str  # the file name, e.g. "1_10ecb.xml"
    m_id: str
    tag: str
    tokens: list[str]  # t_ids
    sentence: str
    text: str
    chain: str  # instance id (cross-document), "DOC/intra:M" (within the file) or "DOC/m:M" (alone)


@dataclass
class Document:
    name: str
    tokens: list[tuple[str, str, str]]  # (t_id, sentence, word) in order
    mentions: list[GoldMention] = field(default_factory=list)


def _is_action(tag: str) -> bool:
    return tag.startswith("ACTION_") or tag.startswith("NEG_ACTION_")


def read_document(path: Path) -> Document:
    """An ECB+ file's tokens and action mentions with their coreference chains."""
    root = ElementTree.parse(path).getroot()
    tokens = [(t.get("t_id"), t.get("sentence", "0"), t.text or "") for t in root.iter("token")]
    words = {t_id: (sentence, word) for t_id, sentence, word in tokens}
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else []:
        if relation.tag == "CROSS_DOC_COREF" and relation.get("note"):
            chain = relation.get("note")
        elif relation.tag == "INTRA_DOC_COREF":
            target = relation.find("target")
            chain = f"{path.name}/intra:{target.get('m_id') if target is not None else relation.get('r_id')}"
        else:
            continue
        for source in relation.iter("source"):
            # a cross-document chain wins over a within-document one (ECB+ should not give a mention both)
            if relation.tag == "CROSS_DOC_COREF" or source.get("m_id") not in chain_of:
                chain_of[source.get("m_id")] = chain
    document = Document(path.name, tokens)
    markables = root.find("Markables")
    for markable in markables if markables is not None else []:
        anchors = [a.get("t_id") for a in markable.iter("token_anchor") if a.get("t_id") in words]
        if not _is_action(markable.tag) or not anchors:
            continue  # entities, times, places; and the instance tags (no anchors) chains point to
        m_id = markable.get("m_id")
        document.mentions.append(
            GoldMention(
                doc=path.name,
                m_id=m_id,
                tag=markable.tag,
                tokens=anchors,
                sentence=words[anchors[0]][0],
                text=" ".join(words[t][1] for t in anchors),
                chain=chain_of.get(m_id, f"{path.name}/m:{m_id}"),
            )
        )
    return document


def validated_sentences(data: Path) -> set[tuple[str, str]] | None:
    """{(file name, sentence number)} from ECBplus_coreference_sentences.csv, when the file is there."""
    path = data / SENTENCES_FILE
    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (f"{row['Topic'].strip()}_{row['File'].strip()}.xml", row["Sentence Number"].strip())
            for row in csv.DictReader(handle)
        }


def token_offsets(document: Document, text: str) -> dict[str, tuple[int, int]]:
    """Where each token of the file stands in the article text (as `read_article` wrote it and newstrace
    kept it): tokens are found in order, each close after the previous one; a token not found there (the
    URL line `read_article` drops, a character the analysis changed) is left out."""
    offsets: dict[str, tuple[int, int]] = {}
    tokens = document.tokens
    first = [word for _, sentence, word in tokens if sentence == tokens[0][1]] if tokens else []
    if first and first[0].lower() in ("http", "https"):
        tokens = [t for t in tokens if t[1] != tokens[0][1]]  # as read_article does
    cursor = 0
    for t_id, _, word in tokens:
        word = word.replace("``", '"').replace("''", '"')
        if not word:
            continue
        at = text.find(word, cursor, cursor + len(word) + 8)
        if at >= 0:
            offsets[t_id] = (at, at + len(word))
            cursor = at + len(word)
    return offsets


# -- system --------------------------------------------------------------------------------------


def analyse(documents: dict[str, Path], cache: Path | None = None) -> dict[str, Record]:
    """newstrace records of the files (by file name), from the cache when it has them all."""
    records: dict[str, Record] = {}
    if cache is not None and cache.exists():
        for line in cache.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = Record.model_validate_json(line)
                records[record.article.id] = record
    missing = [name for name in documents if name not in records]
    if missing:
        from newstrace.analysis import _as_input, analyze_batch
        from newstrace.nlp.pipeline import shared_pipeline

        start = time.perf_counter()
        items = [_as_input({"id": name, "text": read_article(documents[name])}) for name in missing]
        for record in analyze_batch(items, shared_pipeline()):
            if isinstance(record, Record):
                records[record.article.id] = record
        print(f"analysed {len(missing)} articles in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        if cache is not None:
            cache.write_text("".join(r.to_json() + "\n" for r in records.values()), encoding="utf-8")
    return {name: records[name] for name in documents if name in records}


@dataclass
class SystemMention:
    doc: str
    event_id: str
    row: str
    category: str
    tokens: set[str]
    trigger: str = ""


def system_mentions(story: str, records: list[Record], documents: dict[str, Document]) -> list[SystemMention]:
    """The story's events, each with its timeline row and the file tokens its trigger covers."""
    row_of = {
        (m.article_id, m.event_id): row.id for row in timeline(records, story_id=story) for m in row.mentions
    }
    mentions = []
    for record in records:
        offsets = token_offsets(documents[record.article.id], record.article.text)
        for event in record.events:
            start, end = event.trigger.start, event.trigger.end
            covered = {t for t, (a, b) in offsets.items() if a < end and start < b}
            mentions.append(
                SystemMention(
                    record.article.id,
                    event.id,
                    row_of[(record.article.id, event.id)],
                    event.category,
                    covered,
                    event.trigger.text,
                )
            )
    return mentions


def match(gold: list[GoldMention], system: list[SystemMention]) -> dict[int, SystemMention]:
    """{index of a gold mention: the system mention overlapping its tokens most (the first on ties)}."""
    by_doc: dict[str, list[SystemMention]] = defaultdict(list)
    for mention in system:
        by_doc[mention.doc].append(mention)
    found = {}
    for i, mention in enumerate(gold):
        tokens = set(mention.tokens)
        best = max(by_doc[mention.doc], key=lambda s: len(s.tokens & tokens), default=None)
        if best is not None and best.tokens & tokens:
            found[i] = best
    return found


def lemma_key(mention: GoldMention) -> str:
    """The lemma baseline's event: the crude stems of the mention's words (the timeline's own stemmer)."""
    stems = sorted(_trigger_stems(mention.text))
    return " ".join(stems) if stems else mention.text.lower()


# -- scoring -------------------------------------------------------------------------------------


@dataclass
class Tally:
    gold: int = 0
    gold_chains: set = field(default_factory=set)
    found: int = 0
    system: int = 0
    system_on_gold: int = 0
    key: dict = field(default_factory=dict)
    systems: dict[str, dict] = field(default_factory=lambda: {"newstrace": {}, "lemma": {}, "singletons": {}})
    split_pairs: int = 0  # gold-coreferent found pairs the rows put apart
    split_other_category: int = 0  # ... of which the system gave the two different categories
    merged_pairs: int = 0  # found pairs in one row that are not coreferent in gold
    merged_same_stem: int = 0  # ... of which the two system triggers share a stem
    coreferent_pairs: int = 0


def score_story(story: str, gold: list[GoldMention], system: list[SystemMention], tally: Tally) -> None:
    found = match(gold, system)
    tally.gold += len(gold)
    tally.gold_chains.update((story, m.chain) for m in gold)
    tally.found += len(found)
    tally.system += len(system)
    gold_tokens = {(m.doc, t) for m in gold for t in m.tokens}
    tally.system_on_gold += sum(any((s.doc, t) in gold_tokens for t in s.tokens) for s in system)
    items = sorted(found.items())
    for i, sys_mention in items:
        mention = (gold[i].doc, gold[i].m_id)
        tally.key[mention] = (story, gold[i].chain)
        tally.systems["newstrace"][mention] = sys_mention.row
        tally.systems["lemma"][mention] = (story, lemma_key(gold[i]))
        tally.systems["singletons"][mention] = mention
    for x, (i, a) in enumerate(items):
        for j, b in items[x + 1 :]:
            same_gold, same_row = gold[i].chain == gold[j].chain, a.row == b.row
            tally.coreferent_pairs += same_gold
            if same_gold and not same_row:
                tally.split_pairs += 1
                tally.split_other_category += a.category != b.category
            if same_row and not same_gold:
                tally.merged_pairs += 1
                tally.merged_same_stem += bool(_trigger_stems(a.trigger) & _trigger_stems(b.trigger))


def _fmt(score: Score) -> str:
    return f"{score.precision:5.3f} {score.recall:5.3f} {score.f1:5.3f}"


def print_tally(name: str, tally: Tally) -> dict:
    recall = tally.found / tally.gold if tally.gold else 0.0
    print(f"\n{name}: {tally.gold} gold action mentions in {len(tally.gold_chains)} chains")
    print(
        f"  gold mentions found (mention recall): {tally.found}/{tally.gold} = {recall:.3f}; "
        f"system event mentions {tally.system}, of which on a gold action token {tally.system_on_gold}"
    )
    chains = Counter(tally.key.values())
    print(
        f"  found mentions: {len(tally.key)} in {len(chains)} gold chains "
        f"({sum(1 for c in chains.values() if c > 1)} with 2+ found mentions)"
    )
    print(
        f"  {'':12s} {'MUC P  R     F1':17s}   {'B3 P   R     F1':17s}   {'CEAF-e P R   F1':17s}   CoNLL F1"
    )
    out = {"gold": tally.gold, "found": tally.found, "mention_recall": recall}
    for system, response in tally.systems.items():
        scores = conll(tally.key, response)
        out[system] = {k: (v.f1 if isinstance(v, Score) else v) for k, v in scores.items()}
        print(
            f"  {system:12s} {_fmt(scores['muc'])}   {_fmt(scores['b3'])}   {_fmt(scores['ceafe'])}   "
            f"{scores['conll']:.3f}"
        )
    if tally.coreferent_pairs:
        print(
            f"  pairs of found mentions: {tally.coreferent_pairs} coreferent in gold, "
            f"{tally.split_pairs} of them in different rows ({tally.split_other_category} of those "
            f"with different PLOVER categories); {tally.merged_pairs} non-coreferent pairs in one row "
            f"({tally.merged_same_stem} of those with triggers of one stem)"
        )
    return out


# -- main ----------------------------------------------------------------------------------------


def parse_topics(text: str | None) -> set[int] | None:
    """'1-5,7' -> {1, 2, 3, 4, 5, 7}; None keeps all."""
    if not text:
        return None
    topics: set[int] = set()
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        topics.update(range(int(low), int(high or low) + 1))
    return topics


def sub_topics(data: Path, topics: set[int] | None, limit: int | None) -> dict[str, list[Path]]:
    """{story (e.g. "3ecbplus"): its files}, in topic order."""
    stories: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(data.rglob("*.xml"), key=lambda p: (p.parent.name.zfill(4), p.name)):
        groups = true_groups(path)
        if groups is None or (topics is not None and int(groups[1]) not in topics):
            continue
        stories[groups[0]].append(path)
    ordered = sorted(stories, key=lambda s: (int(re.match(r"\d+", s).group()), s))
    return {s: stories[s] for s in ordered[:limit]}


def split_of(story: str) -> str:
    return "dev" if int(re.match(r"\d+", story).group()) in DEV_TOPICS else "test"


def run(
    data: Path, topics: set[int] | None = None, limit: int | None = None, cache: Path | None = None
) -> dict:
    stories = sub_topics(data, topics, limit)
    if not stories:
        raise SystemExit(f"no ECB+ topic folders with .xml files under {data}")
    paths = {p.name: p for files in stories.values() for p in files}
    records = analyse(paths, cache)
    validated = validated_sentences(data)
    scopes = {"all annotated mentions": None}
    if validated is not None:
        scopes["validated sentences"] = validated
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    rows: Counter = Counter()
    sizes: Counter = Counter()
    spanning = Counter()  # gold chains with found mentions in more than one sub-topic, by split
    chain_stories: dict[tuple[str, str], set] = defaultdict(set)
    for story, files in stories.items():
        split = split_of(story)
        documents = {p.name: read_document(p) for p in files}
        story_records = [records[p.name] for p in files if p.name in records]
        system = system_mentions(story, story_records, documents)
        row_sizes = Counter(s.row for s in system)
        rows[split] += len(row_sizes)
        sizes.update((split, min(n, 3)) for n in row_sizes.values())
        gold = [m for d in documents.values() for m in d.mentions]
        for m in gold:
            chain_stories[(split, m.chain)].add(story)
        for scope, sentences in scopes.items():
            kept = gold if sentences is None else [m for m in gold if (m.doc, m.sentence) in sentences]
            score_story(story, kept, system, tallies[(split, scope)])
    for (split, _), owners in chain_stories.items():
        spanning[split] += len(owners) > 1
    results: dict = {}
    for split in ("dev", "test"):
        if not any(s == split for s, _ in tallies):
            continue
        n_stories = sum(split_of(s) == split for s in stories)
        n_files = sum(len(f) for s, f in stories.items() if split_of(s) == split)
        n_analysed = sum(
            len([p for p in f if p.name in records]) for s, f in stories.items() if split_of(s) == split
        )
        print(
            f"\n== {split} ({'topics 1-35' if split == 'dev' else 'held-out topics 36-45'}): "
            f"{n_stories} sub-topics, {n_files} articles ({n_analysed} analysed); "
            f"timeline rows {rows[split]} (1 mention {sizes[(split, 1)]}, 2 {sizes[(split, 2)]}, "
            f"3+ {sizes[(split, 3)]}); {spanning[split]} gold chains span both sub-topics of a topic "
            "(kept apart here)"
        )
        results[split] = {
            scope: print_tally(f"{split}, {scope}", tallies[(split, scope)]) for scope in scopes
        }
    print(
        "\nPublished figures: ../shared/README.md gives none for ECB+ event coreference. Results in the "
        "literature score all gold mentions (or a system's own mention detection over them), not the subset "
        "newstrace finds, so they do not compare one to one with the figures above."
    )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ECB+ folder (topic folders)")
    parser.add_argument("--topics", default=None, help="topic numbers to keep, e.g. 1-5,7 (default all)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sub-topics")
    parser.add_argument("--records", type=Path, default=None, help="cache of the analysed records (JSONL)")
    args = parser.parse_args(argv)
    run(args.data, parse_topics(args.topics), args.limit, args.records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
