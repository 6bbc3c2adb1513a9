"""The `fast` Source / Cue / Content tagger: a linear-chain CRF over spaCy's own analysis.

It reads what the pipeline has already computed (words, lemmas, tags, the dependency tree,
entities) and adds only a linear-chain CRF, so it costs a small fraction of the parse. Each
token gets one tag (B/I, or BILOU, per role, or O): in PolNeAR the roles of the first annotator
never overlap, a Source or Cue inside another attribution's Content splitting that Content
into segments, so one tag per token suffices.

Features are made of per-token columns built with numpy from `Doc.to_array`. The tree
features say how a token hangs from the nearest "cue" above it (a word whose lemma often
reports speech or thought in the training data, or one of `lexicon.CUE_VERBS`): as its
subject, inside its complement clause, the cue itself... A feature template is a column (or a
pair of columns) at an offset; a feature is a template's value, written `name=value`.

The CRF is trained with python-crfsuite (`newstrace.training.crf`) and exported to plain
arrays, one weight row per feature, so tagging needs numpy only: each column is factorised
(its distinct values and one code per token), a template looks up the weight row of each
distinct value once, and the emission scores are gathered and summed; Viterbi decodes.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from itertools import pairwise, repeat
from pathlib import Path

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_SPACE,
    LEMMA,
    LENGTH,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SHAPE,
    SPACY,
    TAG,
)
from spacy.tokens import Doc

from newstrace.nlp.attribution_model import ROLES
from newstrace.nlp.lexicon import CUE_VERBS
from newstrace.nlp.quotes import find_quotes

CharSpan = tuple[int, int]
META_FILE = "meta.json"
WEIGHTS_FILE = "weights.npz"
PAD = "<pad>"

_ATTRS = [LOWER, LEMMA, SHAPE, POS, TAG, DEP, ENT_TYPE, HEAD, SENT_START, IS_SPACE, IDX, LENGTH, ORTH, SPACY]
_STRING_ATTRS = 7  # the first seven are string hashes of feature columns
_HEAD, _SSTART, _SPACE, _IDX, _LEN, _ORTH, _TRAILING = range(_STRING_ATTRS, len(_ATTRS))
_CUE_POS = frozenset(("VERB", "NOUN", "ADJ", "ADV", "ADP"))
_MAX_DEPTH = 12  # how far up the tree a token looks for a cue
_DIST_EDGES = (1, 2, 3, 5, 8, 13, 98)  # token distances to the nearest cue, 99 = none in the sentence
_WHITESPACE = re.compile(r"\s")


@dataclass
class FeatureConfig:
    """Which templates the featurizer emits, and the tag scheme; stored with the model."""

    word_window: int = 2  # word and POS of neighbours +-N
    tree_window: int = 1  # dep, cue relation, quote and cue flags of neighbours +-N
    edge_window: int = 0  # first/last-of-clause flags of neighbours +-N
    bigrams: bool = True  # word bigrams w-1|w and w|w+1
    paragraphs: bool = False  # paragraph-start flag
    cue_threshold: float = 0.3  # a lemma whose tokens are in a Cue this often is a cue word
    cue_min_count: int = 8  # ... when seen in a Cue at least this often in train
    scheme: str = "BIO"  # BIO or BILOU


@dataclass
class Column:
    """A factorised column: its distinct values and, per token, the index of its value."""

    values: list[str]
    codes: np.ndarray


@dataclass(frozen=True)
class Template:
    name: str
    parts: tuple[tuple[str, int], ...]  # (column, offset) pairs
    skip: str | None = None  # a value that is no feature (an empty entity type, a false flag)


def templates(config: FeatureConfig) -> list[Template]:
    singles = ["w", "l", "s", "t", "d", "hl", "hd", "cp", "r", "dl", "dr", "sc", "q", "sq", "lh", "p"]
    out = [Template(c, ((c, 0),)) for c in singles]
    out.append(Template("e", (("e", 0),), skip=""))
    out += [Template(c, ((c, 0),), skip="0") for c in ["vf", "vl", "ss", "se", "sp"]]
    if config.paragraphs:
        out.append(Template("ps", (("ps", 0),), skip="0"))
    pairs = (
        ("d", "hl"),
        ("hc", "d"),
        ("r", "dp"),
        ("r", "rl"),
        ("vf", "r"),
        ("vl", "r"),
        ("dl", "dr"),
        ("q", "sc"),
    )
    out += [Template(f"{a}|{b}", ((a, 0), (b, 0))) for a, b in pairs]
    if config.bigrams:
        out.append(Template("w-1|w", (("w", -1), ("w", 0))))
        out.append(Template("w|w+1", (("w", 0), ("w", 1))))

    def shifted(cols: str, window: int, skip: str | None = None) -> None:
        for k in range(1, window + 1):
            for o in (-k, k):
                out.extend(Template(f"{c}{o:+d}", ((c, o),), skip) for c in cols.split())

    shifted("w p", config.word_window)
    shifted("d r q c ss", config.tree_window)
    shifted("vf vl", config.edge_window, skip="0")
    return out


def _bucket(values: np.ndarray, edges: tuple[float, ...]) -> np.ndarray:
    """Index of the first edge >= value (len(edges) when none), for distances and depths."""
    return np.searchsorted(np.asarray(edges), values, side="left")


def _ints(values: np.ndarray) -> Column:
    uniq, inverse = np.unique(values.astype(np.int64), return_inverse=True)
    return Column([str(v) for v in uniq.tolist()], inverse.reshape(-1))


def _at(column: Column, index: np.ndarray, extra: list[str] | None = None) -> Column:
    """The column read at other positions (a token's head, say); index -k picks extra[-k]."""
    values = column.values + (extra or [])
    codes = np.where(index >= 0, column.codes[np.maximum(index, 0)], len(values) + index)
    return Column(values, codes)


class Featurizer:
    """Doc -> factorised columns -> feature strings (training) or weight rows (tagging)."""

    def __init__(self, cue_rates: dict[str, float], config: FeatureConfig | None = None):
        self.config = config or FeatureConfig()
        self.cue_rates = cue_rates
        self.cue_words = (
            frozenset(w for w, r in cue_rates.items() if r >= self.config.cue_threshold) | CUE_VERBS
        )
        self.templates = templates(self.config)
        self._strings: dict[int, str] = {}
        self._raw: dict[int, str] = {}

    def _factor(self, doc: Doc, hashes: np.ndarray, raw: bool = False) -> Column:
        """A string-hash column, factorised; one vocabulary lookup per distinct hash. Unless
        `raw`, whitespace becomes <nl> or <sp>: feature names hold none."""
        uniq, inverse = np.unique(hashes, return_inverse=True)
        cache = self._raw if raw else self._strings
        values = []
        for h in uniq.tolist():
            s = cache.get(h)
            if s is None:
                s = doc.vocab.strings[h] if h else ""
                if not raw and _WHITESPACE.search(s):
                    s = "<nl>" if "\n" in s else "<sp>"
                cache[h] = s
            values.append(s)
        return Column(values, inverse.reshape(-1))

    def _text(self, doc: Doc, arr: np.ndarray) -> str:
        """doc.text, from the arrays (Doc.text makes a Token object per token)."""
        orth = self._factor(doc, arr[:, _ORTH].view(np.uint64), raw=True)
        words = np.array(orth.values, dtype=object)[orth.codes]
        return "".join((words + np.where(arr[:, _TRAILING] == 1, " ", "").astype(object)).tolist())

    def columns(self, doc: Doc) -> dict[str, Column]:
        """The per-token columns the templates read."""
        n = len(doc)
        hashes = doc.to_array(_ATTRS).reshape(n, len(_ATTRS))
        arr = hashes.view(np.int64)  # HEAD is a signed offset stored as uint64
        idx = np.arange(n)
        heads = idx + arr[:, _HEAD]
        space = arr[:, _SPACE] == 1
        starts = arr[:, _IDX]
        ends = starts + arr[:, _LEN]
        w, lem, s, p, t, d, e = (self._factor(doc, hashes[:, k]) for k in range(_STRING_ATTRS))
        lem = Column([v.lower() for v in lem.values], lem.codes)

        # cue words: a lemma the training data reports with, in a content-word position
        cue_pos = np.array([v in _CUE_POS for v in p.values], dtype=bool)[p.codes]
        is_cue = cue_pos & np.array([v in self.cue_words for v in lem.values], dtype=bool)[lem.codes]
        rate = np.array([self.cue_rates.get(v, 0.0) for v in lem.values])[lem.codes]
        cue_prior = np.where(cue_pos, _bucket(rate, (0.05, 0.2, 0.4, 0.6)), 0)

        # sentences
        sent_start = arr[:, _SSTART] == 1
        sent_start[:1] = True
        sent_end = np.append(sent_start[1:], True)[:n]
        sent_id = np.cumsum(sent_start) - 1
        n_sent = int(sent_id[-1]) + 1 if n else 0

        # nearest cue ancestor: climb the tree, remembering the child the path enters it through
        anc = np.where(is_cue, idx, -1)
        via = anc.copy()
        depth = np.zeros(n, np.int64)
        cur = idx
        for step in range(1, _MAX_DEPTH + 1):
            nxt = heads[cur]
            moving = nxt != cur
            if not moving.any():
                break
            new = (anc < 0) & moving & is_cue[nxt]
            anc[new] = nxt[new]
            via[new] = cur[new]
            depth[new] = step
            cur = nxt
        has_anc = anc >= 0
        rel = _at(d, np.where(is_cue, -1, np.where(has_anc, via, -2)), ["none", "self"])

        # first and last token of the subtree through which a token hangs from its cue
        left, right = idx.copy(), idx.copy()
        for _ in range(64):
            new_left, new_right = left.copy(), right.copy()
            np.minimum.at(new_left, heads, left)
            np.maximum.at(new_right, heads, right)
            if (new_left == left).all() and (new_right == right).all():
                break
            left, right = new_left, new_right
        below = has_anc & ~is_cue
        v = np.maximum(via, 0)
        via_first = below & (left[v] == idx)
        via_last = below & (right[v] == idx)

        # distance to the nearest cue word in the same sentence, each side
        cue_idx = np.flatnonzero(is_cue)
        dist_l = np.full(n, 99)
        dist_r = np.full(n, 99)
        if len(cue_idx):
            k = np.searchsorted(cue_idx, idx, side="right")  # the first cue after i
            after = cue_idx[np.minimum(k, len(cue_idx) - 1)]
            ok = (k < len(cue_idx)) & (sent_id[after] == sent_id)
            dist_r[ok] = (after - idx)[ok]
            k = np.searchsorted(cue_idx, idx, side="left") - 1  # the last cue before i
            before = cue_idx[np.maximum(k, 0)]
            ok = (k >= 0) & (sent_id[before] == sent_id)
            dist_l[ok] = (idx - before)[ok]
        sent_has_cue = np.bincount(sent_id[is_cue], minlength=n_sent)[sent_id] > 0

        # quotations (from the opening to the closing mark): 1 inside, 2 opening, 3 closing mark
        text = self._text(doc, arr)
        quote = np.zeros(n, np.int64)
        if n:
            # Two apostrophes serve as a double quotation mark in some copy (''like this''):
            # read them as a straight mark, keeping the offsets.
            for q in find_quotes(text.replace("''", "\"'")):
                a = int(np.searchsorted(starts, q.open_char, side="left"))
                b = int(np.searchsorted(ends, q.close_char + 1, side="left"))
                quote[a : b + 1] = np.maximum(quote[a : b + 1], 1)
                quote[a : a + 1] = 2
                quote[b : b + 1] = 3
        sent_has_quote = np.bincount(sent_id[quote > 0], minlength=n_sent)[sent_id] > 0

        # a paragraph starts at the first word after a line break
        para_start = np.zeros(n, bool)
        if n:
            last_word = np.maximum.accumulate(np.where(space, -1, idx))  # last word at or before i
            prev_word = np.concatenate(([-1], last_word[:-1]))
            for j in np.flatnonzero(sent_start & ~space).tolist():
                k = prev_word[j]
                para_start[j] = k < 0 or "\n" in text[ends[k] : starts[j]]

        return {
            "w": w,
            "l": lem,
            "s": s,
            "p": p,
            "t": t,
            "d": d,
            "e": e,
            "hl": _at(lem, heads),
            "hd": _at(d, heads),
            "hc": _ints(is_cue[heads]),
            "c": _ints(is_cue),
            "cp": _ints(cue_prior),
            "r": rel,
            "rl": _at(lem, np.where(has_anc, anc, -1), [""]),
            "dp": _ints(_bucket(depth, (0, 1, 2, 3, 5))),
            "vf": _ints(via_first),
            "vl": _ints(via_last),
            "dl": _ints(_bucket(dist_l, _DIST_EDGES)),
            "dr": _ints(_bucket(dist_r, _DIST_EDGES)),
            "sc": _ints(sent_has_cue),
            "q": _ints(quote),
            "sq": _ints(sent_has_quote),
            "ss": _ints(sent_start),
            "se": _ints(sent_end),
            "ps": _ints(para_start),
            "sp": _ints(space),
            "lh": _ints(np.sign(heads - idx)),
        }

    @staticmethod
    def _template(cols: dict[str, Column], template: Template) -> Column:
        """The template's values (PAD past the ends) and each token's value index."""
        out = None
        for name, offset in template.parts:
            col = cols[name]
            values = [*col.values, PAD]
            codes = col.codes
            if offset:
                pad = np.full(min(abs(offset), len(codes)), len(col.values))
                codes = np.concatenate((codes[offset:], pad) if offset > 0 else (pad, codes[:offset]))
            if out is None:
                out = Column(values, codes)
            else:  # a pair of columns: factorise the combined code
                joint, codes = np.unique(out.codes * len(values) + codes, return_inverse=True)
                nv = len(values)
                out = Column([f"{out.values[j // nv]}|{values[j % nv]}" for j in joint.tolist()], codes)
        assert out is not None
        return out

    def __call__(self, doc: Doc) -> list[list[str]]:
        """Feature strings per token, `template=value` (for training the CRF)."""
        if not len(doc):
            return []
        cols = self.columns(doc)
        per_template = []
        for template in self.templates:
            col = self._template(cols, template)
            names = [f"{template.name}={v}" if v != template.skip else "" for v in col.values]
            per_template.append(np.array(names, dtype=object)[col.codes].tolist())
        return [[f for f in feats if f] for feats in zip(*per_template, strict=True)]

    def sequences(self, doc: Doc) -> list[list[list[str]]]:
        """Feature strings per token, cut into the CRF's sequences (paragraphs)."""
        if not len(doc):
            return []
        feats = self(doc)
        cuts = [*paragraph_bounds(self.columns(doc)).tolist(), len(doc)]
        return [feats[a:b] for a, b in pairwise(cuts)]

    def rows(self, doc: Doc, tables: list[dict[str, int]], missing: int) -> tuple[np.ndarray, np.ndarray]:
        """Weight-row index per (template, token), `missing` for a feature the model lacks;
        and the sequence starts."""
        cols = self.columns(doc)
        out = np.empty((len(self.templates), len(doc)), dtype=np.int64)
        for k, (template, table) in enumerate(zip(self.templates, tables, strict=True)):
            col = self._template(cols, template)
            known = np.fromiter(map(table.get, col.values, repeat(missing)), np.int64, len(col.values))
            out[k] = known[col.codes]
        return out, paragraph_bounds(cols)


# --- tags <-> spans ---------------------------------------------------------------------------


def spans_to_tags(doc: Doc, spans: dict[str, list[CharSpan]], scheme: str = "BIO") -> list[str]:
    """Gold tags of a parsed doc, whitespace trimmed. BIO: B on a span's first token, I on the
    rest; BILOU also marks the last token L and a one-token span U. Content is written first so
    a (rare) Source or Cue inside it wins."""
    tags = ["O"] * len(doc)
    for role in ("Content", "Source", "Cue"):
        for start, end in sorted(spans.get(role, [])):
            span = doc.char_span(start, end, alignment_mode="expand")
            toks = [t.i for t in span if not t.is_space] if span is not None else []
            if not toks:
                continue
            first, last = toks[0], toks[-1]
            tags[first] = f"B-{role}"
            for i in range(first + 1, last + 1):
                tags[i] = f"I-{role}"
            if scheme == "BILOU":
                if first == last:
                    tags[first] = f"U-{role}"
                else:
                    tags[last] = f"L-{role}"
    return tags


def tags_to_spans(doc: Doc, tags: list[str]) -> dict[str, list[CharSpan]]:
    """Character spans per role from BIO or BILOU token tags. B or U starts a span, and so does
    an I or L after O or another role; L and U end it. Whitespace tokens at the edges are dropped."""
    arr = doc.to_array([IDX, LENGTH, IS_SPACE]).reshape(len(doc), 3).astype(np.int64)
    return _spans(tags, arr[:, 0].tolist(), (arr[:, 0] + arr[:, 1]).tolist(), arr[:, 2].tolist())


def _spans(
    tags: list[str], starts: list[int], ends: list[int], space: list[int]
) -> dict[str, list[CharSpan]]:
    out: dict[str, list[CharSpan]] = {role: [] for role in ROLES}
    role = None
    first = last = -1
    for i, tag in enumerate(tags):
        if tag == "O":
            if role is not None and last >= first:
                out[role].append((starts[first], ends[last]))
            role = None
            continue
        prefix, r = tag[0], tag[2:]
        if prefix in "BU" or r != role:
            if role is not None and last >= first:
                out[role].append((starts[first], ends[last]))
            role, first, last = r, i, i - 1
            if space[i]:
                first = i + 1
        if not space[i]:
            last = i
        if prefix in "LU":
            if last >= first:
                out[role].append((starts[first], ends[last]))
            role = None
    if role is not None and last >= first:
        out[role].append((starts[first], ends[last]))
    return out


def paragraph_bounds(cols: dict[str, Column]) -> np.ndarray:
    """Token offsets where the CRF's sequences start: the doc's start and every paragraph start.
    Gold spans (all but 3 of 60,000 in PolNeAR train) stay within a paragraph."""
    ps = cols["ps"]
    flag = np.array([v == "1" for v in ps.values], dtype=bool)[ps.codes]
    flag[:1] = True
    return np.flatnonzero(flag)


def viterbi(emissions: np.ndarray, transitions: np.ndarray, starts: np.ndarray | None = None) -> np.ndarray:
    """Best label path of each sequence, all decoded side by side; emissions (tokens, labels),
    transitions [previous, next], `starts` the first token of each sequence (default: one)."""
    n, n_labels = emissions.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.array([0]) if starts is None else np.asarray(starts)
    lengths = np.diff(np.append(starts, n))
    order = np.argsort(-lengths, kind="stable")  # longest first: the live ones are a prefix
    starts, lengths = starts[order], lengths[order]
    steps = int(lengths[0])
    live = np.searchsorted(-lengths, -np.arange(steps), side="left")  # sequences longer than t
    em = emissions[np.minimum(starts[:, None] + np.arange(steps)[None, :], n - 1)]
    back = np.empty((len(starts), steps, n_labels), dtype=np.int64)
    score = em[:, 0].copy()
    for t in range(1, steps):
        k = live[t]
        cand = score[:k, :, None] + transitions
        back[:k, t] = cand.argmax(axis=1)
        score[:k] = cand.max(axis=1) + em[:k, t]
    path = np.empty((len(starts), steps), dtype=np.int64)
    path[np.arange(len(starts)), lengths - 1] = score.argmax(axis=1)
    for t in range(steps - 1, 0, -1):
        k = live[t]
        path[:k, t - 1] = back[np.arange(k), t, path[:k, t]]
    valid = np.arange(steps)[None, :] < lengths[:, None]
    out = np.empty(n, dtype=np.int64)
    out[(starts[:, None] + np.arange(steps)[None, :])[valid]] = path[valid]
    return out


# --- the tagger -------------------------------------------------------------------------------


@dataclass
class CrfWeights:
    """A trained linear-chain CRF as arrays: one weight row per `template=value` feature."""

    labels: list[str]
    features: list[str]
    state: np.ndarray  # (features, labels)
    transitions: np.ndarray  # (labels, labels), [previous, next]
    meta: dict = field(default_factory=dict)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            folder / WEIGHTS_FILE,
            labels=np.array(self.labels),
            features=np.array(self.features),
            state=self.state.astype(np.float32),
            transitions=self.transitions.astype(np.float32),
        )
        text = json.dumps(self.meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (folder / META_FILE).write_text(text, encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> CrfWeights:
        with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as z:
            return cls(
                labels=z["labels"].tolist(),
                features=z["features"].tolist(),
                state=z["state"],
                transitions=z["transitions"],
                meta=json.loads((folder / META_FILE).read_text(encoding="utf-8")),
            )


class CrfTagger:
    """The trained tagger: a folder with weights.npz and meta.json (features, cue-word rates)."""

    def __init__(self, folder: Path | CrfWeights):
        weights = folder if isinstance(folder, CrfWeights) else CrfWeights.load(Path(folder))
        self.meta = weights.meta
        self.labels = weights.labels
        self.featurizer = Featurizer(self.meta["cue_rates"], FeatureConfig(**self.meta["features"]))
        by_name: dict[str, dict[str, int]] = {}
        for row, feature in enumerate(weights.features):
            name, value = feature.split("=", 1)
            by_name.setdefault(name, {})[value] = row
        self.tables = [by_name.get(t.name, {}) for t in self.featurizer.templates]
        # one extra row of zeros for the features the model has no weight for
        self.missing = len(weights.features)
        self.state = np.vstack([weights.state, np.zeros((1, len(self.labels)), np.float32)])
        self.transitions = weights.transitions.astype(np.float64)

    def tags(self, doc: Doc) -> list[str]:
        if not len(doc):
            return []
        rows, starts = self.featurizer.rows(doc, self.tables, self.missing)
        emissions = self.state[rows].sum(axis=0, dtype=np.float64)
        path = viterbi(emissions, self.transitions, starts)
        return [self.labels[k] for k in path.tolist()]

    def spans(self, doc: Doc) -> dict[str, list[CharSpan]]:
        """Character spans per role of a Doc the newstrace pipeline has parsed."""
        return tags_to_spans(doc, self.tags(doc))


def meta_for(cue_rates: dict[str, float], config: FeatureConfig, **extra) -> dict:
    return {"features": asdict(config), "cue_rates": cue_rates, **extra}
