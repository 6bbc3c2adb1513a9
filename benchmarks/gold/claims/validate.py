"""Check the claims-and-corroboration gold set and print its counts.

    python benchmarks/gold/claims/validate.py

Exits with status 1 and lists the problems if any check fails.
"""

import collections
import difflib
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
KINDS = {"original", "independent", "echo", "wire_copy", "same_source", "denial"}
STATUSES = {"occurred", "ongoing", "planned", "possible", "threatened", "denied", "negated", "unknown"}
ARTICLE_KEYS = {"id", "story", "outlet", "published", "title", "text"}
CLAIM_KEYS = {"claim", "story", "statement", "mentions", "independent_sources", "first_reported_by", "status"}


def load(name, errors):
    rows = []
    for i, line in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            errors.append(f"{name}:{i}: invalid JSON: {e}")
    return rows


def main():
    errors = []
    articles = load("articles.jsonl", errors)
    claims = load("claims.jsonl", errors)
    err = errors.append

    by_id = {}
    for a in articles:
        if set(a) != ARTICLE_KEYS:
            err(f"article {a.get('id')}: keys {sorted(a)}")
        if a["id"] in by_id:
            err(f"duplicate article id {a['id']}")
        by_id[a["id"]] = a
        if not a["id"].startswith(a["story"] + "-a"):
            err(f"article {a['id']}: id does not start with its story {a['story']}")
        n = len(a["text"].split())
        if not 120 <= n <= 350:
            err(f"article {a['id']}: {n} words (want 120-350)")
    stories = collections.defaultdict(list)
    for a in articles:
        stories[a["story"]].append(a)
    for s, arts in stories.items():
        if len(arts) < 3:
            err(f"story {s}: only {len(arts)} articles")
        outlets = [a["outlet"] for a in arts]
        if len(set(outlets)) != len(outlets):
            err(f"story {s}: an outlet tells it twice")

    seen = set()
    kinds = collections.Counter()
    indep = collections.Counter()
    statuses = collections.Counter()
    claimed_stories = collections.Counter()
    for c in claims:
        cid = c.get("claim")
        if not set(c) >= CLAIM_KEYS:
            err(f"claim {cid}: missing keys {sorted(CLAIM_KEYS - set(c))}")
            continue
        if cid in seen:
            err(f"duplicate claim id {cid}")
        seen.add(cid)
        if c["story"] not in stories:
            err(f"claim {cid}: unknown story {c['story']}")
        claimed_stories[c["story"]] += 1
        if c["status"] not in STATUSES:
            err(f"claim {cid}: status {c['status']}")
        statuses[c["status"]] += 1
        ms = c["mentions"]
        if not ms:
            err(f"claim {cid}: no mentions")
            continue
        for m in ms:
            art = by_id.get(m["article"])
            kinds[m["kind"]] += 1
            if art is None:
                err(f"claim {cid}: unknown article {m['article']}")
                continue
            if art["story"] != c["story"]:
                err(f"claim {cid}: mention in article {m['article']} of another story")
            if m["text"] not in art["text"]:
                err(f"claim {cid}: text not in {m['article']}: {m['text']!r}")
            if m["kind"] not in KINDS:
                err(f"claim {cid}: kind {m['kind']}")
            ref = m.get("echo_of")
            if m["kind"] in ("echo", "wire_copy") and not ref:
                err(f"claim {cid}: {m['kind']} in {m['article']} without echo_of")
            if m["kind"] in ("original", "denial", "same_source") and ref:
                err(f"claim {cid}: {m['kind']} in {m['article']} has echo_of")
            if ref:
                target = by_id.get(ref)
                if target is None or target["story"] != c["story"]:
                    err(f"claim {cid}: echo_of {ref} is not an article of story {c['story']}")
                elif not target["published"] < art["published"]:
                    err(f"claim {cid}: {m['article']} echoes {ref}, which is not earlier")
                elif not any(o["article"] == ref and o["kind"] != "denial" for o in ms):
                    err(f"claim {cid}: echo_of {ref} carries no supporting mention of the claim")
                if m["kind"] == "wire_copy" and target is not None:
                    r = difflib.SequenceMatcher(None, art["text"], target["text"], autojunk=False).ratio()
                    if r < 0.8:
                        err(f"claim {cid}: wire copy {m['article']} only {r:.2f} similar to {ref}")
            if m["kind"] == "same_source":
                same = m.get("same_source_as")
                if not any(o["article"] == same and o["kind"] in ("original", "independent") for o in ms):
                    err(f"claim {cid}: same_source_as {same} is not a counted mention of the claim")
        counted = sum(1 for m in ms if m["kind"] in ("original", "independent"))
        if counted != c["independent_sources"]:
            err(f"claim {cid}: independent_sources {c['independent_sources']} but {counted} counted mentions")
        origs = [m for m in ms if m["kind"] == "original"]
        if len(origs) != 1:
            err(f"claim {cid}: {len(origs)} original mentions")
        elif origs[0]["article"] != c["first_reported_by"]:
            err(f"claim {cid}: first_reported_by is not the original mention")
        else:
            first = by_id[c["first_reported_by"]]["published"]
            for m in ms:
                if (
                    m["kind"] != "denial"
                    and m["article"] in by_id
                    and by_id[m["article"]]["published"] < first
                ):
                    err(f"claim {cid}: {m['article']} supports it before first_reported_by")
        if (c["status"] == "denied") != any(m["kind"] == "denial" for m in ms):
            err(f"claim {cid}: status denied iff a denial mention")
        indep[c["independent_sources"]] += 1
    for s in stories:
        if claimed_stories[s] == 0:
            err(f"story {s}: no claims")

    outlets = collections.Counter(a["outlet"] for a in articles)
    words = [len(a["text"].split()) for a in articles]
    print(f"stories   {len(stories)}")
    print(f"articles  {len(articles)}  ({min(words)}-{max(words)} words, mean {sum(words) / len(words):.0f})")
    print(f"outlets   {len(outlets)}: " + ", ".join(f"{o} {n}" for o, n in sorted(outlets.items())))
    print(f"claims    {len(claims)}")
    print(f"mentions  {sum(kinds.values())}: " + ", ".join(f"{k} {kinds[k]}" for k in sorted(KINDS)))
    print("independent_sources: " + ", ".join(f"{k}: {v}" for k, v in sorted(indep.items())))
    print("status: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    print(
        "single-article claims: "
        + str(sum(1 for c in claims if len({m["article"] for m in c["mentions"]}) == 1))
    )
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("\nOK")


if __name__ == "__main__":
    main()
