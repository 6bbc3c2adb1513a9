"""Attribution spans (Source / Cue / Content) against PolNeAR's BRAT annotations.

Runs the full newstrace pipeline over `SPLIT_DIR/text/*.txt`, writes one BRAT `.ann` per article
into `--pred-out`, and, when `SPLIT_DIR/attributions/` exists, scores the predictions against the
first annotator's file (sorted order) of each article.

    python benchmarks/polnear.py --data ../shared/data/polnear/dev --pred-out /tmp/polnear-dev [--limit N]

Scores are span-level micro P/R/F1 per role over all articles, each gold span matched at most once:
`exact` needs the same start and end once surrounding whitespace is trimmed; `overlap` needs one
shared non-space character. `relation` counts gold relations whose Source, Cue and Content spans
all match one predicted relation exactly (recall), and the same over predicted relations (precision).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("Source", "Cue", "Content")
# PolNeAR writes a second Content of one relation as `Content2`.
_ROLE_OF_ARG = {"Source": "Source", "Cue": "Cue", "Content": "Content", "Content2": "Content"}

Span = tuple[int, int]


@dataclass
class Relation:
    spans: dict[str, list[Span]] = field(default_factory=lambda: {r: [] for r in ROLES})


@dataclass
class Annotation:
    spans: dict[str, list[Span]] = field(default_factory=lambda: {r: [] for r in ROLES})
    relations: list[Relation] = field(default_factory=list)


# --- BRAT -----------------------------------------------------------------------------------


def parse_ann(ann: str) -> Annotation:
    """Source / Cue / Content spans and the relations of a BRAT standoff file.

    A discontinuous span (`start end;start end`) gives several spans of its role.
    """
    by_id: dict[str, tuple[str, list[Span]]] = {}
    out = Annotation()
    events: list[str] = []
    for line in ann.splitlines():
        if line.startswith("T"):
            tid, label_offsets = line.split("\t")[:2]
            label, offsets = label_offsets.split(" ", 1)
            segs = [(int(a), int(b)) for a, b in (s.split() for s in offsets.split(";"))]
            by_id[tid] = (label, segs)
            if label in ROLES:
                out.spans[label].extend(segs)
        elif line.startswith("E"):
            events.append(line.split("\t")[1])
    for event in events:
        rel = Relation()
        for arg in event.split():
            role, tid = arg.split(":")
            role = _ROLE_OF_ARG.get(role)
            if role is not None and tid in by_id:
                rel.spans[role].extend(by_id[tid][1])
        out.relations.append(rel)
    return out


def write_ann(relations: list[Relation], text: str) -> str:
    """BRAT standoff for `relations`, in PolNeAR's layout (a multi-span Content is one discontinuous T)."""
    lines: list[str] = []
    n_t = 0

    def t_line(label: str, segs: list[Span]) -> str:
        nonlocal n_t
        n_t += 1
        offsets = ";".join(f"{a} {b}" for a, b in segs)
        body = " ".join(text[a:b] for a, b in segs).replace("\n", " ").replace("\r", " ")
        lines.append(f"T{n_t}\t{label} {offsets}\t{body}")
        return f"T{n_t}"

    for n_e, rel in enumerate(relations, 1):
        args = {role: t_line(role, sorted(rel.spans[role])) for role in ROLES if rel.spans[role]}
        trigger = "Attribution" if "Source" in args else "Attribution-no-source"
        args = {trigger: t_line(trigger, sorted(rel.spans["Cue"])), **args}
        order = (trigger, "Content", "Cue", "Source")
        lines.append(f"E{n_e}\t" + " ".join(f"{r}:{args[r]}" for r in order if r in args))
    return "".join(line + "\n" for line in lines)


# --- metric ---------------------------------------------------------------------------------


def trim(text: str, span: Span) -> Span:
    """The span without surrounding whitespace."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end)


def shared_chars(text: str, a: Span, b: Span) -> int:
    """How many non-space characters two spans share."""
    return sum(not text[i].isspace() for i in range(max(a[0], b[0]), min(a[1], b[1])))


def match_count(text: str, gold: list[Span], pred: list[Span], mode: str) -> int:
    """Matched pairs, each gold and each predicted span used at most once.

    `exact`: same trimmed start and end; `overlap`: one shared non-space character (greedy,
    gold in order, the unused prediction sharing most characters first).
    """
    used: set[int] = set()
    hits = 0
    for g in gold:
        best, best_score = None, 0
        for i, p in enumerate(pred):
            if i in used:
                continue
            score = int(trim(text, g) == trim(text, p)) if mode == "exact" else shared_chars(text, g, p)
            if score > best_score:
                best, best_score = i, score
        if best is not None:
            used.add(best)
            hits += 1
    return hits


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def relation_key(text: str, rel: Relation) -> tuple:
    return tuple(frozenset(trim(text, s) for s in rel.spans[role]) for role in ROLES)


def relation_matches(text: str, gold: list[Relation], pred: list[Relation]) -> int:
    """Gold relations whose three roles all equal (trimmed, exactly) those of one unused prediction."""
    pred_keys = [relation_key(text, r) for r in pred]
    used: set[int] = set()
    hits = 0
    for g in gold:
        key = relation_key(text, g)
        for i, k in enumerate(pred_keys):
            if i not in used and k == key:
                used.add(i)
                hits += 1
                break
    return hits


@dataclass
class Counts:
    # (role, mode) -> [tp, n_pred, n_gold]
    spans: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    relations: list[int] = field(default_factory=lambda: [0, 0, 0])  # [tp, n_pred, n_gold]

    def add(self, text: str, gold: Annotation, pred: Annotation) -> None:
        for role in ROLES:
            g = sorted(set(gold.spans[role]))
            p = sorted(set(pred.spans[role]))
            for mode in ("exact", "overlap"):
                c = self.spans.setdefault((role, mode), [0, 0, 0])
                c[0] += match_count(text, g, p, mode)
                c[1] += len(p)
                c[2] += len(g)
        self.relations[0] += relation_matches(text, gold.relations, pred.relations)
        self.relations[1] += len(pred.relations)
        self.relations[2] += len(gold.relations)

    def table(self) -> str:
        rows = [f"{'role':<9}{'match':<9}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"]
        for role in ROLES:
            for mode in ("exact", "overlap"):
                tp, n_pred, n_gold = self.spans.get((role, mode), [0, 0, 0])
                p, r, f = prf(tp, n_pred, n_gold)
                rows.append(f"{role:<9}{mode:<9}{p:7.3f}{r:7.3f}{f:7.3f}{n_gold:7d}{n_pred:7d}")
        tp, n_pred, n_gold = self.relations
        p, r, f = prf(tp, n_pred, n_gold)
        rows.append(f"{'relation':<9}{'exact':<9}{p:7.3f}{r:7.3f}{f:7.3f}{n_gold:7d}{n_pred:7d}")
        return "\n".join(rows)


# --- running newstrace ----------------------------------------------------------------------


def doc_relations(doc) -> list[Relation]:
    out = []
    for mention in doc._.attributions or []:
        rel = Relation()
        if mention.source is not None:
            rel.spans["Source"].append((mention.source.start_char, mention.source.end_char))
        rel.spans["Cue"].append((mention.cue.start_char, mention.cue.end_char))
        rel.spans["Content"].extend((s.start_char, s.end_char) for s in mention.content)
        out.append(rel)
    return out


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="split folder: text/, attributions/")
    parser.add_argument("--pred-out", type=Path, required=True, help="folder for the predicted .ann files")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args(argv)

    from newstrace.nlp.pipeline import shared_pipeline

    paths = sorted((args.data / "text").glob("*.txt"))[: args.limit]
    # newline="": offsets are into the file as it is, "\r\n" included.
    texts = [read(p) for p in paths]
    nlp = shared_pipeline()
    args.pred_out.mkdir(parents=True, exist_ok=True)
    ann_dir = args.data / "attributions"
    gold_of: dict[str, Path] = {}
    for ann_path in sorted(ann_dir.glob("*.ann")) if ann_dir.is_dir() else []:
        gold_of.setdefault(ann_path.stem.rsplit("_", 1)[0], ann_path)  # the first annotator
    counts = Counts()
    scored = 0
    for path, text, doc in zip(paths, texts, nlp.pipe(nlp.make_doc(t) for t in texts), strict=True):
        assert doc.text == text
        relations = doc_relations(doc)
        ann = write_ann(relations, text)
        (args.pred_out / f"{path.stem}.ann").write_text(ann, encoding="utf-8", newline="")
        if path.stem in gold_of:
            gold = parse_ann(read(gold_of[path.stem]))
            counts.add(text, gold, parse_ann(ann))
            scored += 1
    print(f"{len(paths)} articles, {scored} scored; predictions in {args.pred_out}")
    if scored:
        print(counts.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
