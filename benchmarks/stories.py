"""Story clustering on ECB+ (and its scaling on synthetic articles), in the incremental mode the product uses.

ECB+ mode reads every `*.xml` under --data (each file one article; its text is its `<token>` elements, a
sentence a line, no title, no date), feeds the articles one by one to `newstrace.link.stories.StoryIndex`
(in a fixed-seed shuffle by default, as articles arrive in no particular order; `--order sorted` feeds them
by file name, topic by topic) and writes `{file_name: story_id}` to --pred-out. When the files sit in topic
folders named by number, it prints B-cubed and pairwise precision, recall and F1 against the true stories
(topic number + ecb/ecbplus: two similar happenings per topic) and against the topics.

    python benchmarks/stories.py --data ../shared/data/ecbplus --pred-out /tmp/stories.json
    python benchmarks/stories.py --data ../shared/data/ecbplus --pred-out /tmp/stories.json --order sorted

`--topics odd|even` keeps only the odd- or even-numbered topics: parameters are chosen on one half and checked
on the other.

`--articles-out FILE.jsonl` also writes the articles, one JSON object a line (`id` the file name, `text`),
in the order fed, for `newstrace ingest FILE.jsonl --db ecb.db`: a store of ECB+ articles for the CLI
(`newstrace stories`, `story`, `claims`, `timeline`). It is written under /tmp or wherever you say, never
into the repository (ECB+ texts are not ours to ship).

ECB+ topics 1-35 are the development set the parameters were tuned on; topics 36-45 are held out by the
maintainers.

Scale mode (`--scale N`) generates N synthetic articles about N/8 invented happenings -- each with its own
place, people, organisation, numbers and year, of one of 40 kinds that share their vocabulary, in a shared
background of common words -- feeds them in order of publication and prints, at 1k, 3k, 10k, 30k, 100k, ...
articles, the seconds so far, articles per second and milliseconds per article over the last stretch, and
B-cubed F1 so far against the invented truth.

    python benchmarks/stories.py --scale 100000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

from newstrace.link.metrics import bcubed, pairwise
from newstrace.link.stories import Params, StoryIndex
from newstrace.synthetic import invented_word

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ecbplus"
SIZES = (1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000)

_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s|n't|'re|'ve|'ll|'d|'m|'')")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]|``) ")


# -- ECB+ ----------------------------------------------------------------------------------------


def read_article(path: Path) -> str:
    """An ECB+ file's text: its tokens joined with spaces (undone around punctuation), a sentence a line."""
    sentences: dict[str, list[str]] = {}
    for token in ElementTree.parse(path).getroot().iter("token"):
        sentences.setdefault(token.get("sentence", "0"), []).append(token.text or "")
    lines = []
    for number, words in enumerate(sentences.values()):
        if number == 0 and words and words[0].lower() in ("http", "https"):
            continue  # ECB+'s own files open with their URL: an article's text would not
        line = _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", " ".join(words)))
        lines.append(line.replace("``", '"').replace("''", '"'))
    return "\n".join(lines)


def true_groups(path: Path) -> tuple[str, str] | None:
    """(story, topic) of an ECB+ file in a numbered topic folder, e.g. ("3ecbplus", "3"); else None."""
    match = re.fullmatch(r"(\d+)_\d+(ecb|ecbplus)\.xml", path.name)
    if not match or not path.parent.name.isdigit():
        return None
    return match.group(1) + match.group(2), match.group(1)


def cluster_files(paths: list[Path], params: Params | None = None) -> dict[str, str]:
    index = StoryIndex(params)
    return {path.name: index.add(read_article(path)) for path in paths}


def _in_topics(path: Path, topics: str) -> bool:
    """Whether a file is in the chosen half of the topics ("all", or "odd"/"even" topic numbers)."""
    if topics == "all" or not path.parent.name.isdigit():
        return True
    return int(path.parent.name) % 2 == (1 if topics == "odd" else 0)


def ordered(paths: list[Path], order: str, seed: int) -> list[Path]:
    paths = sorted(paths, key=lambda p: (p.parent.name.zfill(4), p.name))
    if order == "shuffled":
        random.Random(seed).shuffle(paths)
    return paths


def print_scores(name: str, true: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    b, p = bcubed(true, pred), pairwise(true, pred)
    print(
        f"{name:8s} B-cubed P {b.precision:.3f} R {b.recall:.3f} F1 {b.f1:.3f} | "
        f"pairwise P {p.precision:.3f} R {p.recall:.3f} F1 {p.f1:.3f}"
    )
    return {"bcubed_f1": b.f1, "pairwise_f1": p.f1}


def write_articles(paths: list[Path], out: Path) -> None:
    """The articles as newstrace JSONL input: `id` the file name, `text` its sentences."""
    with out.open("w", encoding="utf-8") as handle:
        for path in paths:
            handle.write(json.dumps({"id": path.name, "text": read_article(path)}, ensure_ascii=False) + "\n")


def run_ecb(
    data: Path,
    pred_out: Path,
    order: str,
    seed: int,
    params: Params | None = None,
    articles_out: Path | None = None,
    topics: str = "all",
) -> dict:
    paths = ordered([p for p in data.rglob("*.xml") if _in_topics(p, topics)], order, seed)
    if not paths:
        raise SystemExit(f"no .xml files under {data}")
    if articles_out is not None:
        write_articles(paths, articles_out)
    start = time.perf_counter()
    pred = cluster_files(paths, params)
    seconds = time.perf_counter() - start
    pred_out.write_text(json.dumps(pred, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(pred)} articles, {len(set(pred.values()))} predicted stories, {seconds:.1f} s ({order})")
    groups = {path.name: true_groups(path) for path in paths}
    if any(g is None for g in groups.values()):
        return {}
    stories = {name: g[0] for name, g in groups.items()}
    topics = {name: g[1] for name, g in groups.items()}
    print(f"true: {len(set(stories.values()))} stories in {len(set(topics.values()))} topics")
    return {"stories": print_scores("stories", stories, pred), "topics": print_scores("topics", topics, pred)}


# -- synthetic scale run -------------------------------------------------------------------------


def _word(rng: random.Random, syllables: int) -> str:
    return invented_word(rng, syllables)


def _name(rng: random.Random) -> str:
    return _word(rng, rng.randint(2, 3)).capitalize()


class Synthetic:
    """Invented happenings and articles about them (see the module docstring); seeded, reproducible."""

    KINDS = 40

    def __init__(self, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.seed = seed
        self.background = sorted({_word(rng, rng.randint(2, 3)) for _ in range(3000)})
        self.kinds = [[_word(rng, 3) for _ in range(10)] for _ in range(self.KINDS)]

    def story(self, number: int) -> dict:
        rng = random.Random(self.seed * 7_919 + number)
        return {
            "kind": rng.randrange(self.KINDS),
            "place": _name(rng),
            "region": _name(rng),
            "people": [f"{_name(rng)} {_name(rng)}" for _ in range(3)],
            "body": f"{_name(rng)} {rng.choice(['Council', 'Agency', 'Company', 'Ministry', 'Union'])}",
            "numbers": [str(rng.randint(2, 5000)) for _ in range(2)],
            "year": str(rng.randint(1995, 2026)),
            "start": date(2020, 1, 1) + timedelta(days=rng.randrange(6 * 365)),
        }

    def article(self, story: dict, index: int) -> tuple[str, date]:
        rng = random.Random(self.seed * 1_000_003 + index)
        kind = self.kinds[story["kind"]]
        sentences = []
        for _ in range(rng.randint(4, 8)):
            words = rng.sample(kind, 3) + rng.sample(self.background, 8)
            facts = [
                rng.choice(story["people"]),
                story["place"],
                rng.choice([story["body"], story["region"], rng.choice(story["numbers"]), story["year"]]),
            ]
            rng.shuffle(words)
            for fact in facts:
                words.insert(rng.randrange(1, len(words)), fact)
            sentences.append(" ".join(words).capitalize() + ".")
        published = story["start"] + timedelta(days=rng.randint(0, 9))
        return " ".join(sentences), published

    def stream(self, count: int, per_story: int = 8) -> list[tuple[str, int, date]]:
        """(text, story number, published) for `count` articles, in order of publication."""
        rng = random.Random(self.seed)
        items = []
        stories: dict[int, dict] = {}
        for index in range(count):
            number = rng.randrange(max(1, count // per_story))
            story = stories.setdefault(number, self.story(number))
            text, published = self.article(story, index)
            items.append((text, number, published))
        items.sort(key=lambda item: item[2])
        return items


def run_scale(count: int, seed: int, params: Params | None = None) -> list[dict]:
    items = Synthetic(seed).stream(count)
    sizes = [size for size in SIZES if size < count] + [count]
    index = StoryIndex(params)
    true: dict[str, int] = {}
    pred: dict[str, str] = {}
    rows = []
    start = last_time = time.perf_counter()
    last_n = 0
    print(f"{'articles':>9} {'seconds':>8} {'art/s':>7} {'ms/art':>7} {'stories':>8} {'B3 F1':>6}")
    for n, (text, number, published) in enumerate(items, 1):
        pred[str(n)] = index.add(text, published=published)
        true[str(n)] = number
        if n in sizes:
            now = time.perf_counter()
            stretch = (now - last_time) / (n - last_n)
            score = bcubed(true, pred).f1
            row = {
                "articles": n,
                "seconds": now - start,
                "articles_per_s": n / (now - start),
                "ms_per_article": 1000 * stretch,
                "stories": len(index.stories),
                "bcubed_f1": score,
            }
            rows.append(row)
            print(
                f"{n:9d} {row['seconds']:8.1f} {row['articles_per_s']:7.0f} {row['ms_per_article']:7.2f} "
                f"{row['stories']:8d} {score:6.3f}",
                flush=True,
            )
            last_time, last_n = time.perf_counter(), n
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of ECB+ XML files")
    parser.add_argument("--pred-out", type=Path, help="write {file_name: story_id} here (ECB+ mode)")
    parser.add_argument("--order", choices=["shuffled", "sorted"], default="shuffled")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--topics", choices=["all", "odd", "even"], default="all", help="only odd- or even-numbered topics"
    )
    parser.add_argument("--scale", type=int, help="time N synthetic articles instead of reading ECB+")
    parser.add_argument("--articles-out", type=Path, help="also write the ECB+ articles as newstrace JSONL")
    args = parser.parse_args(argv)
    if args.scale:
        run_scale(args.scale, args.seed)
        return 0
    if args.pred_out is None:
        parser.error("--pred-out is required in ECB+ mode")
    run_ecb(
        args.data, args.pred_out, args.order, args.seed, articles_out=args.articles_out, topics=args.topics
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
