"""PolNeAR: its BRAT standoff annotations, the article texts, and the span metric.

Shared by `benchmarks/polnear.py` (scoring) and the attribution trainers (gold spans).
Offsets index the `.txt` file read with `newline=""`, as the corpus counts them.
"""

from __future__ import annotations

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
        fields = line.split("\t")
        # A span's text may hold a line break: its second line is no T or E line.
        if len(fields) < 2 or not fields[0][1:].isdigit():
            continue
        if line.startswith("T"):
            tid, label_offsets = fields[:2]
            label, offsets = label_offsets.split(" ", 1)
            segs = [(int(a), int(b)) for a, b in (s.split() for s in offsets.split(";"))]
            by_id[tid] = (label, segs)
            if label in ROLES:
                out.spans[label].extend(segs)
        elif line.startswith("E"):
            events.append(fields[1])
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


# --- the corpus -------------------------------------------------------------------------


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


def first_annotations(split_dir: Path) -> dict[str, Path]:
    """Article name -> its first annotator's `.ann` (sorted order), for a split with `attributions/`."""
    ann_dir = split_dir / "attributions"
    gold_of: dict[str, Path] = {}
    for ann_path in sorted(ann_dir.glob("*.ann")) if ann_dir.is_dir() else []:
        gold_of.setdefault(ann_path.stem.rsplit("_", 1)[0], ann_path)
    return gold_of


@dataclass
class Article:
    name: str
    text: str
    gold: Annotation | None


def load_split(split_dir: Path, limit: int | None = None) -> list[Article]:
    """Every `text/*.txt` of a split (sorted), with its gold annotation when there is one."""
    gold_of = first_annotations(split_dir)
    out = []
    for path in sorted((split_dir / "text").glob("*.txt"))[:limit]:
        ann = gold_of.get(path.stem)
        out.append(Article(path.stem, read(path), parse_ann(read(ann)) if ann else None))
    return out
