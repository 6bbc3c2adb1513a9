"""Web latency: `newstrace serve` over a store of 100,000 articles, under 1 and 20 concurrent clients.

    python benchmarks/web.py                                  # build /tmp/newstrace-web-100k.db, then measure
    python benchmarks/web.py --db /tmp/newstrace-web-100k.db  # reuse a store built before
    python benchmarks/web.py --articles 2000 --db /tmp/small.db --duration 5   # a quick look

Prints, for each target (the story, article and search pages and the JSON endpoints behind them) and
each number of clients, the requests made in `--duration` seconds, the median and 95th-percentile
latency and the errors (connection errors, timeouts, and any status but 2xx/3xx), and writes them as
JSON with `--json-out FILE`. A page route that answers 404 for every probed URL is reported as
"not served" (the HTML pages may not exist yet) and not loaded.

**The store.** Analysing 100,000 articles with the full pipeline would take over an hour here
(about 24 articles/s, BENCHMARKS.md "Ingest"), so the store is assembled from a pool of real
analyses: `--pool` synthetic articles (default 480) are analysed by the real pipeline once (and
cached next to the store); each stored article is a pool record re-used for an invented story.
Every story has its own people, place, body and figures; a pool article was written with its own,
of the same lengths, so swapping them in text, names and spans keeps every offset valid (a span
still indexes the text). Articles of a story take pool records of the story's kind (12 kinds, each
with three kinds of happening), so a story's articles repeat, paraphrase and deny the same claims
and events as real coverage does, and the claims, timeline and article views do their real work.
Story sizes are heavy-tailed (Pareto, mean about 8 articles, at most 400): the big running stories
are the expensive ones to view. Articles are written with the store's own insert code in large
transactions, without the MinHash/LSH near-duplicate rows (nothing the web app reads; computing them
would dominate the build), then linked by `newstrace.link.runner.link_store`: the real story index
and canonical entities, in date order.

**The server.** `python -m newstrace serve --db DB --port PORT` as a subprocess on 127.0.0.1, as a
user starts it (one uvicorn process; docs/web.md, "Serving", says which requests it answers on its
event loop and which on worker threads), started afresh for every target and client count and left
to finish loading its spaCy pipeline first, so the slow requests one run abandons (a big story's
claims take seconds) cannot slow the next run.

**The load tool: wrk** (Debian's `wrk`, `apt-get install -y wrk`). Chosen over locust because the
machine has two cores shared by the server and the load generator: wrk is event-driven C and uses a
few percent of a core for 20 connections, where locust's Python workers would compete with the
server for the CPU and inflate the latencies it reports. A Lua script (written to a temp dir) walks
a list of URLs drawn from the store, each thread from its own offset, and prints wrk's own latency
percentiles and error counts as JSON. Each connection is one client issuing requests back to back
(`-c 1 -t 1` and `-c 20 -t 2`), with a 30 s timeout so slow answers count as latency, not errors.
Requests still running when the time is up are not counted: a row where fewer than 10 requests per
client finished is marked "(few)", its percentiles understate.

**The URLs.** Beyond the story, article and search pages and endpoints, the stories page and the
two list endpoints (a quarter the first page, the rest deeper) are measured too. Stories: half drawn
uniformly over stories, half as the story of a uniformly drawn
article (so big stories are visited in proportion to their size, as popular stories are). Articles:
uniform over articles. Search: half a story's own place or surname (a few hits), half a common
word of the coverage (thousands of hits, ranked). Many different URLs per target, never one cached
URL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from newstrace.synthetic import invented_name

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path("/tmp/newstrace-web-100k.db")
CLIENTS = (1, 20)
POOL_PUBLISHED = date(2026, 3, 4)  # the date every pool article is analysed against

# -- the synthetic coverage ----------------------------------------------------------------------

# Story-specific tokens and their fixed lengths: a pool article's own tokens are swapped for a
# story's, letter for letter, so every span offset stays valid.
SLOT_LENGTHS = {"F1": 5, "L1": 7, "F2": 5, "L2": 7, "PLACE": 8, "BODY": 6, "N1": 3, "N2": 2}

HAPPENINGS = [
    "{N1} people were evacuated from {PLACE} after the river burst its banks",
    "troops were deployed to the outskirts of {PLACE} overnight",
    "a warehouse holding {N1} tons of grain was damaged by fire in {PLACE}",
    "protesters blocked the main road into {PLACE} for {N2} hours",
    "the {BODY} Council plans to build {N2} new clinics in {PLACE}",
    "{N2} people were killed when a bridge collapsed near {PLACE}",
    "police arrested {N2} people after clashes in {PLACE}",
    "the ministry could raise the fuel subsidy in {PLACE} within weeks",
    "inspectors found {N1} containers with mislabeled cargo at the {PLACE} port",
    "talks on a ceasefire resumed in {PLACE}",
    "the {BODY} Council approved a budget of {N1} million for the harbor",
    "rebels attacked an army post near {PLACE}, killing {N2} soldiers",
]
KINDS = len(HAPPENINGS)

SENTENCES = [
    "{F1} {L1}, the {ROLE}, said {EV} on {DAY}.",
    "{EVC}, {F2} {L2} told reporters.",
    "{COUNT} officials in {PLACE}, speaking on condition of anonymity, said {EV}.",
    "According to the {BODY} Council, {EV}.",
    "{L1} denied that {EV}.",
    "The {OUTLET} reported that {EV}, citing {COUNT} security officials.",
    "{F2} {L2}, a spokeswoman for the {BODY} Council, said it was not clear whether {EV}.",
    "Residents said {EV} last week.",
    '"We will not allow this to happen again," {L1} said.',
    "{EVC} on {DAY}, the {BODY} Council said in a statement.",
    "Witnesses in {PLACE} described long queues at the market and shuttered shops near the harbor.",
    "The {BODY} Council will hold an emergency meeting in {PLACE} on {DAY}.",
    "Officials have not confirmed whether {EV}.",
    "{F1} {L1} said on {DAY} that {EV}, and that more help was on its way.",
]
ROLES = ["interior minister", "mayor", "police commander", "governor", "army spokesman", "health minister"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
COUNTS = ["Two", "Three", "Four", "Several"]
OUTLETS = [
    f"{a} {b}"
    for a in ("Coastal", "Harbor", "Meridian", "Northern", "Capital", "Valley", "Evening", "Island")
    for b in ("Wire", "Ledger", "News", "Post", "Times", "Herald", "Courier", "Tribune")
]
# Words common across the coverage: searching them ranks thousands of hits.
COMMON_WORDS = [
    "evacuated",
    "troops",
    "warehouse",
    "protesters",
    "clinics",
    "bridge",
    "arrested",
    "subsidy",
    "containers",
    "ceasefire",
    "budget",
    "rebels",
    "officials",
    "council",
    "harbor",
]


def slot_values(rng: random.Random) -> dict[str, str]:
    """A story's (or pool article's) own people, place, body and figures, at the slot lengths."""
    values: dict[str, str] = {}
    for slot, length in SLOT_LENGTHS.items():
        while True:
            if slot.startswith("N"):
                value = str(rng.randint(10 ** (length - 1), 10**length - 1))
            else:
                value = invented_name(rng, length)
            if value not in values.values():
                values[slot] = value
                break
    return values


def pool_article(number: int, seed: int) -> tuple[dict, dict[str, str], int]:
    """Pool article `number`: (the article object, its slot values, its kind)."""
    rng = random.Random(seed * 1_000_003 + number)
    kind = number % KINDS
    slots = slot_values(rng)
    happenings = [HAPPENINGS[(kind + step) % KINDS] for step in (0, 3, 7)]
    fill = {**slots, "OUTLET": rng.choice(OUTLETS)}
    paragraphs, sentences = [], rng.sample(SENTENCES, rng.randint(6, 10))
    while sentences:
        cut = rng.randint(1, 2)
        chunk, sentences = sentences[:cut], sentences[cut:]
        text = []
        for template in chunk:
            event = rng.choice(happenings).format(**fill)
            text.append(
                template.format(
                    **fill,
                    EV=event,
                    EVC=event[0].upper() + event[1:],
                    ROLE=rng.choice(ROLES),
                    DAY=rng.choice(DAYS),
                    COUNT=rng.choice(COUNTS),
                )
            )
        paragraphs.append(" ".join(text))
    title = happenings[0].format(**fill)
    article = {
        "id": f"pool-{number}",
        "title": title[0].upper() + title[1:],
        "outlet": fill["OUTLET"],
        "published": POOL_PUBLISHED.isoformat(),
        "text": "\n\n".join(paragraphs),
    }
    return article, slots, kind


def analyse_pool(size: int, seed: int, cache: Path) -> list[tuple[dict, dict[str, str], int]]:
    """(record as a dict, its slot values, its kind) for each pool article, analysed by the real
    pipeline once and cached as JSON lines."""
    if cache.exists():
        return [tuple(json.loads(line)) for line in cache.read_text(encoding="utf-8").splitlines()]
    from newstrace.analysis import analyze_batch
    from newstrace.ingest.files import article_from_object
    from newstrace.nlp.pipeline import shared_pipeline
    from newstrace.record import Record

    items = [pool_article(number, seed) for number in range(size)]
    inputs = [article_from_object(f"pool:{a['id']}", a) for a, _, _ in items]
    pool = []
    for (_, slots, kind), result in zip(items, analyze_batch(inputs, shared_pipeline()), strict=True):
        if isinstance(result, Record):
            pool.append((result.model_dump(mode="json"), slots, kind))
    cache.write_text("".join(json.dumps(item) + "\n" for item in pool), encoding="utf-8")
    return pool


def _swapper(old: dict[str, str], new: dict[str, str]) -> tuple[re.Pattern[str], dict[str, str]]:
    """A whole-word pattern over the old tokens (any case) and the replacement for each spelling."""
    table: dict[str, str] = {}
    for slot, value in old.items():
        for change in (str, str.lower, str.upper):
            table[change(value)] = change(new[slot])
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(table, key=len, reverse=True))) + r")\b")
    return pattern, table


# Values that are ids, dates or versions, never article wording: left alone by the swap.
_NOT_WORDING = {
    "id",
    "source_id",
    "via",
    "attributed_to",
    "value",
    "end",
    "published",
    "url",
    "newstrace_version",
    "outlet",
}


def _swap(value: Any, pattern: re.Pattern[str], table: dict[str, str], key: str = "") -> Any:
    if isinstance(value, str):
        return value if key in _NOT_WORDING else pattern.sub(lambda m: table[m.group(0)], value)
    if isinstance(value, list):
        return [_swap(item, pattern, table, key) for item in value]
    if isinstance(value, dict):
        return {k: _swap(v, pattern, table, k) for k, v in value.items()}
    return value


def _shift_date(value: str | None, days: int) -> str | None:
    """An ISO date moved by `days`; anything else (a month, a week, None) unchanged."""
    if value is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    return (date.fromisoformat(value) + timedelta(days=days)).isoformat()


def story_sizes(count: int, rng: random.Random, cap: int = 400) -> list[int]:
    """Story sizes summing to `count`: Pareto (alpha 1.6, scale 3: mean 8), at most `cap`."""
    sizes: list[int] = []
    left = count
    while left > 0:
        size = min(cap, left, max(1, int(3 * rng.paretovariate(1.6))))
        sizes.append(size)
        left -= size
    return sizes


@dataclass
class Planned:
    """One article to store: its pool record, its story and its place in the stream."""

    story: int
    pool_index: int
    published: date
    outlet: str


def plan(count: int, pool_kinds: list[int], seed: int) -> tuple[list[Planned], list[dict[str, str]]]:
    """The articles to store, in publication order, and each story's slot values."""
    rng = random.Random(seed)
    by_kind: dict[int, list[int]] = {}
    for index, kind in enumerate(pool_kinds):
        by_kind.setdefault(kind, []).append(index)
    kinds = sorted(by_kind)
    planned: list[Planned] = []
    stories: list[dict[str, str]] = []
    for story, size in enumerate(story_sizes(count, rng)):
        stories.append(slot_values(rng))
        kind = rng.choice(kinds)
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(540))
        span = min(60, 6 + size // 4)  # a running story keeps being covered
        for _ in range(size):
            planned.append(
                Planned(
                    story,
                    rng.choice(by_kind[kind]),
                    start + timedelta(rng.randrange(span)),
                    rng.choice(OUTLETS),
                )
            )
    planned.sort(key=lambda p: (p.published, p.story))
    return planned, stories


def materialise(
    number: int, item: Planned, pool: list[tuple[dict, dict[str, str], int]], stories: list[dict[str, str]]
) -> dict:
    """Stored article `number`: its pool record with the story's tokens, date, outlet and id."""
    record, old, _ = pool[item.pool_index]
    pattern, table = _swapper(old, stories[item.story])
    out = _swap(record, pattern, table)
    days = (item.published - POOL_PUBLISHED).days
    for event in out["events"]:
        if event.get("time"):
            for key in ("value", "end"):
                event["time"][key] = _shift_date(event["time"].get(key), days)
    article = out["article"]
    # A last line makes every text distinct (texts are stored once); spans before it are untouched.
    article["text"] += f"\n\nFiled by the {item.outlet} desk, item {number}."
    article.update(
        id=f"web-{number}",
        url=f"https://example.org/web/{number}",
        outlet=item.outlet,
        published=item.published.isoformat(),
    )
    return out


def build_store(db: Path, count: int, pool_size: int, seed: int, batch: int = 2000) -> None:
    """Write `count` articles into a new store at `db` and link them into stories."""
    from newstrace.link.runner import link_store
    from newstrace.record import Record
    from newstrace.store import CopyMeta, Store
    from newstrace.store.dedup import text_key
    from newstrace.store.store import _insert_article, _insert_children

    if db.exists():
        raise SystemExit(f"{db} exists: pass it with --db to reuse it, or remove it")
    start = time.perf_counter()
    pool = analyse_pool(pool_size, seed, db.with_name(f"{db.stem}-pool-{pool_size}-{seed}.jsonl"))
    print(f"pool: {len(pool)} analysed articles ({time.perf_counter() - start:.0f} s)", flush=True)
    planned, stories = plan(count, [kind for _, _, kind in pool], seed)
    with Store(db) as store:
        for first in range(0, count, batch):
            records = [
                Record.model_validate(materialise(n, planned[n], pool, stories))
                for n in range(first, min(count, first + batch))
            ]
            # The store's own row writers, many articles a transaction; no MinHash rows (see the docstring).
            with store._write("add synthetic records") as conn:
                for record in records:
                    _insert_article(conn, record.article.id, text_key(record.article.text), record)
                    store._insert_copy(conn, record.article.id, CopyMeta.from_record(record, "benchmark"))
                    _insert_children(conn, record.article.id, record)
            print(f"stored {first + len(records)} ({time.perf_counter() - start:.0f} s)", flush=True)
        linked = time.perf_counter()
        summary = link_store(store, batch=2000)
        print(
            f"linked: {summary.stories} stories, {summary.new_entities} entities "
            f"({time.perf_counter() - linked:.0f} s)",
            flush=True,
        )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("ANALYZE")


# -- URLs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    kind: str  # "page" or "api"
    pattern: str  # e.g. /api/stories/{story}/claims


TARGETS = [
    Target("story page", "page", "/stories/{story}"),
    Target("article page", "page", "/articles/{article}"),
    Target("search page", "page", "/?q={word}"),
    Target("stories page", "page", "/?offset={offset}"),
    Target("api stories list", "api", "/api/stories?offset={offset}"),
    Target("api articles list", "api", "/api/articles?offset={article_offset}"),
    Target("api story", "api", "/api/stories/{story}"),
    Target("api claims", "api", "/api/stories/{story}/claims"),
    Target("api timeline", "api", "/api/stories/{story}/timeline"),
    Target("api article record", "api", "/api/articles/{article}"),
    Target("api search", "api", "/api/search?q={word}"),
]


def draw_ids(conn: sqlite3.Connection, n: int, rng: random.Random) -> dict[str, list[str]]:
    """`n` story ids, article ids, search words and list offsets drawn from the store (see the docstring)."""
    stories = [sid for (sid,) in conn.execute("SELECT id FROM stories ORDER BY id")]
    members = conn.execute("SELECT story_id FROM story_articles ORDER BY article_id").fetchall()
    n_articles = conn.execute("SELECT max(seq) FROM articles").fetchone()[0] or 0
    if not stories or not n_articles:
        raise SystemExit("the store has no stories or no articles: build it first")
    story_ids = [rng.choice(stories) if i % 2 == 0 else rng.choice(members)[0] for i in range(n)]
    article_ids = []
    for _ in range(n):
        row = conn.execute(
            "SELECT id FROM articles WHERE seq >= ? ORDER BY seq LIMIT 1", (rng.randint(1, n_articles),)
        ).fetchone()
        article_ids.append(row[0])
    words = []
    for i in range(n):
        if i % 2:
            words.append(rng.choice(COMMON_WORDS))
            continue
        title = conn.execute(
            "SELECT title FROM articles WHERE id = ?", (rng.choice(article_ids),)
        ).fetchone()[0]
        names = re.findall(r"\b[A-Z][a-z]{4,}\b", title or "") or [rng.choice(COMMON_WORDS)]
        words.append(rng.choice(names))
    n_stories = len(stories)
    # Lists: a quarter the first page, the rest anywhere in the stories or the first 100 pages of articles.
    offsets = [str(rng.randrange(0, max(1, n_stories - 50), 50) if i % 4 else 0) for i in range(n)]
    article_offsets = [str(rng.randrange(0, min(5000, n_articles), 50) if i % 4 else 0) for i in range(n)]
    return {
        "story": story_ids,
        "article": article_ids,
        "word": words,
        "offset": offsets,
        "article_offset": article_offsets,
    }


def target_urls(target: Target, ids: dict[str, list[str]]) -> list[str]:
    """The target's paths, one per drawn id (URL-quoted)."""
    from urllib.parse import quote

    field_name = re.search(r"\{(\w+)\}", target.pattern).group(1)
    return [
        target.pattern.replace("{" + field_name + "}", quote(value, safe="")) for value in ids[field_name]
    ]


# -- summaries -----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Result:
    target: str
    clients: int
    requests: int = 0
    median_ms: float | None = None
    p95_ms: float | None = None
    errors: int = 0
    seconds: float = 0.0
    note: str = ""  # "not served", ...
    error_kinds: dict[str, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def result_from_wrk(target: str, clients: int, report: dict) -> Result:
    """A Result from the JSON the Lua script prints (latencies in microseconds)."""
    kinds = {k: int(report[k]) for k in ("connect", "read", "write", "status", "timeout")}
    done = int(report["requests"])
    return Result(
        target=target,
        clients=clients,
        requests=done,
        median_ms=report["p50_us"] / 1000 if done else None,
        p95_ms=report["p95_us"] / 1000 if done else None,
        errors=sum(kinds.values()),
        seconds=report["duration_us"] / 1e6,
        error_kinds={k: v for k, v in kinds.items() if v},
    )


def format_table(results: list[Result]) -> str:
    """A Markdown table: target, clients, requests, req/s, median ms, p95 ms, errors."""
    lines = [
        "| target | clients | requests | req/s | median ms | p95 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r.note:
            lines.append(f"| {r.target} | {r.clients} | {r.note} | | | | |")
            continue
        errors = str(r.errors) + (
            f" ({', '.join(f'{k} {v}' for k, v in r.error_kinds.items())})" if r.errors else ""
        )
        median, p95 = (f"{v:.1f}" if v is not None else "-" for v in (r.median_ms, r.p95_ms))
        # Requests still running when the run ends are not counted: few completed means the slow
        # ones were cut off, and the percentiles understate.
        few = " (few)" if r.requests < 10 * r.clients else ""
        cells = [r.target, r.clients, f"{r.requests}{few}", f"{r.per_second:.1f}", median, p95, errors]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


# -- the server and the load ---------------------------------------------------------------------

WRK_SCRIPT = r"""
-- Walks the URLs in URLS_FILE, each thread from its own offset; prints wrk's figures as JSON.
local paths = {}
for line in io.lines(os.getenv("URLS_FILE")) do paths[#paths + 1] = line end
local counter = 0
local thread_number = 0
function setup(thread)
  thread:set("offset", thread_number * 7919)
  thread_number = thread_number + 1
end
function init(args)
  counter = offset or 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, log: Path, extra: list[str] = ()) -> subprocess.Popen:
    """`newstrace serve` as a user runs it (with `extra` options, e.g. `--workers 2`); returns once it
    answers."""
    cmd = [sys.executable, "-m", "newstrace", "serve", "--db", str(db), "--port", str(port), *extra]
    handle = log.open("w")
    # its own process group, so stopping it stops its worker processes too
    proc = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"newstrace serve exited ({proc.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories?limit=1", timeout=5):
                return proc
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit(f"newstrace serve did not answer within 120 s; see {log}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (`--workers`) so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:  # it ended meanwhile
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) for child in children)


def settle(pid: int, limit: float = 30.0) -> None:
    """Wait until the server is idle: `serve` loads the spaCy pipeline in the background after it
    starts answering, which would otherwise compete with the first second of load."""
    deadline = time.monotonic() + limit
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - before < 0.05:  # under 10% of a core over the last half second
            return
        before = now


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL, to the server's process group (its workers): uvicorn's graceful stop would
    wait for requests wrk gave up on."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        proc.wait()


def probe(base: str, paths: list[str], budget: float = 10.0) -> tuple[dict[str, int], list[float]]:
    """Status counts and latencies (ms) of sequential GETs of `paths`, for at most `budget` seconds."""
    statuses: dict[str, int] = {}
    latencies: list[float] = []
    deadline = time.monotonic() + budget
    for path in paths:
        if time.monotonic() > deadline:
            break
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(base + path, timeout=budget) as response:
                response.read()
                status = str(response.status)
        except urllib.error.HTTPError as exc:
            status = str(exc.code)
        except (urllib.error.URLError, TimeoutError):
            status = "timeout"
        latencies.append(1000 * (time.perf_counter() - start))
        statuses[status] = statuses.get(status, 0) + 1
    return statuses, latencies


def run_wrk(base: str, urls_file: Path, script: Path, clients: int, duration: float) -> dict:
    threads = min(clients, 2)
    cmd = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(clients),
        "-d",
        f"{duration:g}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
        base,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "URLS_FILE": str(urls_file)})
    for line in out.stdout.splitlines():
        if line.startswith("WRKJSON "):
            return json.loads(line[len("WRKJSON ") :])
    raise SystemExit(f"wrk gave no figures:\n{out.stdout}\n{out.stderr}")


def not_served(statuses: dict[str, int]) -> bool:
    """Every probed URL answered 404: the route does not exist (yet)."""
    return bool(statuses) and statuses.get("404", 0) == sum(statuses.values())


def measure(
    db: Path,
    ids: dict[str, list[str]],
    duration: float,
    work: Path,
    targets: list[Target],
    serve_args: list[str] = (),
) -> Iterator[Result]:
    """Each target under each client count, each run on a freshly started server, so requests
    abandoned by one run (a story view can take minutes) cannot slow the next."""
    script = work / "rotate.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    for target in targets:
        urls = target_urls(target, ids)
        urls_file = work / f"{target.name.replace(' ', '_')}.txt"
        # The probe's URLs come last in the rotation, so they are not served warm to wrk first.
        urls_file.write_text("\n".join(urls[10:] + urls[:10]) + "\n", encoding="utf-8")
        for clients in CLIENTS:
            port = free_port()
            server = start_server(db, port, work / "serve.log", serve_args)
            settle(server.pid)
            base = f"http://127.0.0.1:{port}"
            try:
                statuses, latencies = probe(base, urls[:10])
                if not_served(statuses):
                    yield Result(target.name, clients, note="not served (404)")
                    continue
                print(
                    f"  {target.name}: probe statuses {statuses}, sequential median "
                    f"{percentile(latencies, 50):.1f} ms",
                    flush=True,
                )
                result = result_from_wrk(
                    target.name, clients, run_wrk(base, urls_file, script, clients, duration)
                )
            finally:
                stop_server(server)
            print("  " + format_table([result]).splitlines()[-1], flush=True)
            yield result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help=f"reuse this store (default: build {DEFAULT_DB})")
    parser.add_argument("--articles", type=int, default=100_000, help="articles to store when building")
    parser.add_argument("--pool", type=int, default=480, help="analysed pool articles to build from")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per target and client count")
    parser.add_argument("--urls", type=int, default=2000, help="URLs drawn per target")
    parser.add_argument("--only", help="comma-separated target names to measure (default: all)")
    parser.add_argument("--serve-args", default="", help="options for `newstrace serve`, e.g. '--workers 2'")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    db = args.db or DEFAULT_DB
    if not db.exists():
        build_store(db, args.articles, args.pool, args.seed)
    with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as conn:
        ids = draw_ids(conn, args.urls, random.Random(args.seed))
        n_articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        n_stories = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    targets = [t for t in TARGETS if not args.only or t.name in args.only.split(",")]
    print(
        f"store {db}: {n_articles} articles, {n_stories} stories; serve {args.serve_args or '(defaults)'}; "
        f"load before: {os.getloadavg()}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="newstrace-web-bench-") as tmp:
        results = list(measure(db, ids, args.duration, Path(tmp), targets, args.serve_args.split()))
    load = os.getloadavg()
    print(f"\n{n_articles} articles, {n_stories} stories; {args.duration:g} s per row; load after: {load}\n")
    print(format_table(results))
    if args.json_out:
        payload = {
            "db": str(db),
            "articles": n_articles,
            "stories": n_stories,
            "duration_s": args.duration,
            "serve_args": args.serve_args,
            "loadavg_after": load,
            "results": [asdict(r) for r in results],
        }
        args.json_out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
