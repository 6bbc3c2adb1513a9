"""The loaded-language tagger: a linear-chain CRF over spaCy's analysis, run on numpy.

Each token of a sentence gets one tag, B-/I- per technique or O (PTC techniques; the bundled model
knows Loaded_Language and Name_Calling,Labeling). Where two techniques cover one token in the
training data the shorter span wins, since a short loaded word inside a long claim is what the
tagger can learn.

Features are strings built from per-token columns (word, lemma, shape, suffix, POS, tag,
dependency, head, the rate at which the lemma sits inside a technique's spans in the training
part, quotation and sentence context), each at an offset: a template is a tuple of (column,
offset), a feature is `template=value`.

Even-handedness: no feature may tell one side of a dispute from another. Named entities,
proper nouns and the words that name political camps (`SIDE_WORDS`) are replaced in every
column by a placeholder of their kind (`<PERSON>`, `<GROUP>`, `<SIDE>`), so "Democrats" and
"Republicans", "Israel" and "the Palestinians", "left-wing" and "right-wing" read the same to
the model. No word vectors are used: they encode the identity of names.

The CRF is trained with python-crfsuite (`newstrace.training.framing`) and exported to plain
arrays (one weight row per feature, float16); tagging is a dictionary lookup per feature, a
sum and Viterbi (shared with the attribution CRF); the score of a span is the mean marginal
probability of its tags (forward-backward over its sentence).
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_SPACE, LEMMA, ORTH, POS, SENT_START, SHAPE, TAG
from spacy.tokens import Doc, Token

from newstrace.nlp.attribution_crf import viterbi
from newstrace.nlp.framing_lexicon import EVALUATIVE
from newstrace.nlp.geo import country_code, place_country
from newstrace.nlp.lexicon import words

CharSpan = tuple[int, int]
META_FILE = "meta.json"
WEIGHTS_FILE = "weights.npz"

# Entity types whose members are people, groups, places or organisations: the parties to a
# dispute. Their words never reach a feature (see module docstring).
PERSON_TYPES = frozenset({"PERSON"})
GROUP_TYPES = frozenset({"NORP", "GPE", "ORG", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
# Words naming political camps; masked like names so the camps are interchangeable.
SIDE_WORDS = words("""
    left right leftist leftists rightist rightists liberal liberals conservative conservatives
    progressive progressives democrat democrats democratic republican republicans gop tory tories
    labour socialist socialists left-wing right-wing far-left far-right center-left center-right
    centre-left centre-right hard-left hard-right left-leaning right-leaning
    """)
_RATE_EDGES = (0.02, 0.08, 0.2, 0.4, 0.6)
_QUOTES = '"“”«»'


def mask_of(text: str, pos: str, ent_type: str, mid_sentence: bool) -> str | None:
    """The placeholder that stands for a word in every feature, or None for an ordinary word.

    spaCy's small model misses some names ("Kyiv" tagged an adjective, no entity) where it knows
    their counterparts, so the tagger also masks capitalised words the project's gazetteer knows
    as a place, country or demonym, and any capitalised word inside a sentence."""
    if ent_type in PERSON_TYPES:
        return "<PERSON>"
    if ent_type in GROUP_TYPES:
        return "<GROUP>"
    lower = text.lower()
    if lower in SIDE_WORDS or lower.strip("-") in SIDE_WORDS:
        return "<SIDE>"
    if text[:1].isupper():
        if place_country(text) is not None or country_code(text) is not None:
            return "<GROUP>"
        if mid_sentence and len(text) > 1:
            return "<NAME>"
    if pos == "PROPN":
        return "<NAME>"
    return None


_OPENERS = frozenset(("“", '"', "‘", "'", "(", "[", ":", "—", "–", "-", "«"))


def _mid_sentence(tok: Token) -> bool:
    return not tok.is_sent_start and tok.i > 0 and tok.nbor(-1).text not in _OPENERS


def mask(tok: Token) -> str | None:
    return mask_of(tok.text, tok.pos_, tok.ent_type_, _mid_sentence(tok))


def _bucket(rate: float) -> str:
    return str(int(np.searchsorted(np.asarray(_RATE_EDGES), rate, side="right")))


@dataclass(frozen=True)
class Lexicon:
    """Per technique, the share of a (masked) lemma's occurrences inside that technique's spans
    in the training part; lemmas seen fewer than `min_count` times are left out."""

    rates: dict[str, dict[str, float]]

    def buckets(self, lemma: str) -> list[str]:
        out = []
        for technique, table in self.rates.items():
            rate = table.get(lemma)
            if rate is not None:
                out.append(f"{technique[:4]}:{_bucket(rate)}")
        return out


def _quote_flags(texts: list[str]) -> list[bool]:
    """Whether each token sits between an opening and a closing double quotation mark in its
    paragraph (straight quotes paired by alternation)."""
    inside = [False] * len(texts)
    open_ = False
    for i, text in enumerate(texts):
        if "\n" in text:
            open_ = False
        elif text in ("“", "«"):
            open_ = True
        elif text in ("”", "»"):
            open_ = False
        elif text == '"':
            open_ = not open_
        else:
            inside[i] = open_
    return inside


_ARRAY_ATTRS = [ORTH, LEMMA, SHAPE, POS, TAG, DEP, ENT_TYPE, HEAD, SENT_START, IS_SPACE]
_OFFSETS = (-2, -1, 1, 2)
_FIRST_PERSON = frozenset(("i", "we", "my", "our", "us", "me"))
Columns = tuple[str, str, str, str, str, str, str, str, str, bool]  # see Featurizer._columns


def _own(c: Columns) -> tuple:
    """The columns a token's own features read (not its dependency, which has its own group)."""
    return c[:6] + c[7:9]


Group = tuple  # a hashable key: the features of a token come in groups that repeat across tokens


class Featurizer:
    """Doc -> per token, feature groups -> feature strings.

    A token's features are split into groups whose keys repeat across tokens and documents (the
    token's own columns, its dependency, each neighbour at an offset, the two bigrams, the
    sentence context); training expands every group into strings, tagging caches the weight rows
    of each group key, so a token costs a handful of dictionary lookups.
    """

    def __init__(self, lexicon: Lexicon, tree: bool = True):
        self.lexicon = lexicon
        # Dependency features (relation, head lemma, head POS). The parser reads word identity,
        # so two mirrored sentences may be parsed differently; without them the tagger depends
        # on the masked words and POS tags only.
        self.tree = tree
        self._cache: dict[tuple, Columns] = {}

    def _columns(self, key: tuple, strings) -> Columns:
        """(word, lemma, shape, suffix, pos, tag, dep, lexicon buckets, first-person flag,
        masked) of a token, from its array row (cached on the row)."""
        cols = self._cache.get(key)
        if cols is not None:
            return cols
        orth, lemma_h, shape_h, pos_h, tag_h, dep_h, ent_h, is_space, mid = key
        text = strings[orth]
        if is_space:
            cols = ("<nl>" if "\n" in text else "<sp>", "<sp>", "<sp>", "", "SPACE", "_SP", "", "", "", False)
        else:
            lower = text.lower()
            pos, ent = strings[pos_h], strings[ent_h] if ent_h else ""
            placeholder = mask_of(text, pos, ent, bool(mid))
            lemma = placeholder or strings[lemma_h].lower()
            flags = []
            if placeholder is None:
                if text[:1].isupper() and text[1:].islower():
                    flags.append("midcap")
                if text.isupper() and len(text) > 2:
                    flags.append("caps")
            if "-" in text[1:-1]:
                flags.append("hyphen")
            if placeholder is None and (lemma in EVALUATIVE or lower in EVALUATIVE):
                flags.append("evalex")  # a judgement word from the hand list, beyond PTC's vocabulary
            cols = (
                placeholder or lower,
                lemma,
                placeholder or strings[shape_h],
                "" if placeholder else lower[-3:],
                "NAME" if placeholder else pos,
                "NAME" if placeholder else strings[tag_h],
                strings[dep_h],
                " ".join(self.lexicon.buckets(lemma)),
                " ".join(flags),
                lower in _FIRST_PERSON,
            )
        self._cache[key] = cols
        return cols

    def prepare(
        self, doc: Doc
    ) -> tuple[list[Columns], list[int], list[str], list[bool], list[tuple[int, int]]]:
        """Per token its columns, head index, text and quotation flag; the sentence ranges."""
        n = len(doc)
        arr = doc.to_array(_ARRAY_ATTRS).reshape(n, len(_ARRAY_ATTRS))
        heads = (np.arange(n) + arr[:, 7].view(np.int64)).tolist()
        sent_start = arr[:, 8].view(np.int64) == 1
        sent_start[0] = True
        rows = arr[:, [0, 1, 2, 3, 4, 5, 6, 9]].tolist()
        strings = doc.vocab.strings
        texts = [strings[r[0]] for r in rows]
        starts_flags = sent_start.tolist()
        mid = [not starts_flags[i] and i > 0 and texts[i - 1] not in _OPENERS for i in range(n)]
        cols = [self._columns((*r, m), strings) for r, m in zip(rows, mid, strict=True)]
        quoted = _quote_flags(texts)
        starts = np.flatnonzero(sent_start).tolist()
        bounds = list(zip(starts, [*starts[1:], n], strict=True))
        return cols, heads, texts, quoted, bounds

    @staticmethod
    def sentence_context(cols: list[Columns], texts: list[str], a: int, b: int) -> tuple[bool, bool, bool]:
        """Whether the sentence [a, b) has an exclamation mark, ends in a question, has a first person."""
        exclaim = "!" in texts[a:b]
        question = texts[b - 1] == "?" or (b - 2 >= a and texts[b - 2] == "?" and cols[b - 1][4] == "SPACE")
        return exclaim, question, any(c[9] for c in cols[a:b])

    def groups(self, doc: Doc) -> tuple[list[list[Group]], list[tuple[int, int]]]:
        """The feature groups of every token, and the token ranges of the sentences."""
        if not len(doc):
            return [], []
        cols, heads, texts, quoted, bounds = self.prepare(doc)
        out: list[list[Group]] = []
        for a, b in bounds:
            exclaim, question, first_person = self.sentence_context(cols, texts, a, b)
            for i in range(a, b):
                c = cols[i]
                h = cols[heads[i]]
                prev = cols[i - 1] if i > a else None
                nxt = cols[i + 1] if i + 1 < b else None
                g: list[Group] = [("self", _own(c)), ("dep", c[6], h[1], c[4], h[4]) if self.tree else ("-",)]
                for off in _OFFSETS:
                    j = i + off
                    if a <= j < b:
                        o = cols[j]
                        g.append(("nb", off, o[0], o[4], o[7] if abs(off) == 1 else ""))
                    else:
                        edge = "<s>" if j < a else "</s>"
                        g.append(("nb", off, edge, edge, ""))
                g.append(
                    ("bi", "<s>" if prev is None else prev[0], c[0], "<s>" if prev is None else prev[4], c[4])
                )
                g.append(
                    ("bi+", c[0], "</s>" if nxt is None else nxt[0], c[4], "</s>" if nxt is None else nxt[4])
                )
                g.append(
                    (
                        "ctx",
                        quoted[i],
                        quoted[i] and i > 0 and not quoted[i - 1],
                        exclaim,
                        question,
                        first_person,
                    )
                )
                out.append(g)
        return out, bounds

    @staticmethod
    def expand(group: Group) -> list[str]:
        """The feature strings of one group."""
        kind = group[0]
        if kind == "self":
            w, lemma, shape, suffix, pos, tag, lex, flags = group[1]
            f = ["b", f"w={w}", f"l={lemma}", f"s={shape}", f"x={suffix}", f"p={pos}", f"t={tag}"]
            for k in lex.split():
                f += [f"k={k}", f"k|p={k}|{pos}"]
            return f + flags.split()
        if kind == "-":
            return []
        if kind == "dep":
            _, dep, head_lemma, pos, head_pos = group
            return [f"d={dep}", f"hl={head_lemma}", f"d|hp={dep}|{head_pos}", f"p|hp={pos}|{head_pos}"]
        if kind == "nb":
            _, off, w, pos, lex = group
            return [f"w{off:+d}={w}", f"p{off:+d}={pos}"] + [f"k{off:+d}={k}" for k in lex.split()]
        if kind == "bi":
            _, w0, w1, p0, p1 = group
            return [f"w-1|w={w0}|{w1}", f"p-1|p={p0}|{p1}"]
        if kind == "bi+":
            _, w0, w1, p0, p1 = group
            return [f"w|w+1={w0}|{w1}", f"p|p+1={p0}|{p1}"]
        names = ("quoted", "quote_first", "sent!", "sent?", "sent_1p")
        return [n for n, on in zip(names, group[1:], strict=True) if on]

    def features(self, doc: Doc) -> list[list[str]]:
        """The feature strings of every token of `doc` (training)."""
        groups, _ = self.groups(doc)
        return [[f for g in gs for f in self.expand(g)] for gs in groups]


@dataclass
class CrfWeights:
    labels: list[str]
    features: list[str]
    state: np.ndarray  # (features, labels)
    transitions: np.ndarray  # (labels, labels) [previous, next]
    meta: dict

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        meta = {**self.meta, "labels": self.labels, "features": self.features}
        (folder / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        np.savez_compressed(
            folder / WEIGHTS_FILE,
            state=self.state.astype(np.float16),
            transitions=self.transitions.astype(np.float32),
        )

    @classmethod
    def load(cls, folder: Path) -> CrfWeights:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        arrays = np.load(folder / WEIGHTS_FILE)
        labels, features = meta.pop("labels"), meta.pop("features")
        return cls(labels, features, arrays["state"].astype(np.float32), arrays["transitions"], meta)


@dataclass(frozen=True)
class TaggedSpan:
    start: int  # token index
    end: int  # token index, exclusive
    technique: str
    score: float
    triggers: list[str]


def _logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    m = a.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(a - m).sum(axis=axis, keepdims=True))).squeeze(axis)


def marginals(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Per-token label probabilities of one sequence (forward-backward in log space)."""
    return batch_marginals(emissions, transitions, [(0, len(emissions))])[0]


def batch_marginals(
    emissions: np.ndarray, transitions: np.ndarray, bounds: list[tuple[int, int]]
) -> list[np.ndarray]:
    """Forward-backward for the sequences `bounds` of `emissions`, all side by side (padded), so
    the cost is a few numpy calls per position of the longest sequence, not per token."""
    if not bounds:
        return []
    lengths = np.array([b - a for a, b in bounds])
    steps, k = int(lengths.max()), emissions.shape[1]
    index = np.array([a for a, _ in bounds])[:, None] + np.arange(steps)[None, :]
    valid = np.arange(steps)[None, :] < lengths[:, None]
    em = np.where(valid[:, :, None], emissions[np.minimum(index, len(emissions) - 1)], 0.0)
    alpha = np.empty((len(bounds), steps, k))
    beta = np.zeros((len(bounds), steps, k))
    alpha[:, 0] = em[:, 0]
    for t in range(1, steps):
        alpha[:, t] = em[:, t] + _logsumexp(alpha[:, t - 1, :, None] + transitions, axis=1)
    for t in range(steps - 2, -1, -1):
        nxt = _logsumexp(transitions[None] + (em[:, t + 1] + beta[:, t + 1])[:, None, :], axis=2)
        beta[:, t] = np.where((t + 1 < lengths)[:, None], nxt, 0.0)
    last = alpha[np.arange(len(bounds)), lengths - 1]
    log_z = _logsumexp(last, axis=1)
    probs = np.exp(alpha + beta - log_z[:, None, None])
    return [probs[s, : lengths[s]] for s in range(len(bounds))]


class LoadedLanguageTagger:
    """Tags technique spans with exported CRF weights (`weights.npz` + `meta.json`)."""

    def __init__(self, folder: Path | CrfWeights, name: str | None = None):
        weights = folder if isinstance(folder, CrfWeights) else CrfWeights.load(folder)
        self.name = name or str(weights.meta.get("name", "framing"))
        self.labels = weights.labels
        self.index = {f: k for k, f in enumerate(weights.features)}
        self.state = weights.state
        self.transitions = np.asarray(weights.transitions, dtype=np.float64)
        rates = weights.meta.get("lexicon", {})
        self.featurizer = Featurizer(Lexicon(rates), tree=bool(weights.meta.get("tree", True)))
        self.outside = self.labels.index("O")
        # Lowering O's emission trades precision for recall; chosen on dev (meta "o_bias").
        self.o_bias = float(weights.meta.get("o_bias", 0.0))
        # Span edges whose tag probability is below `trim` are cut off (meta "trim", chosen on dev).
        self.trim = float(weights.meta.get("trim", 0.0))
        # When set, spans are runs of tokens whose probability for a technique reaches it (meta
        # "threshold", chosen on dev), in the sentences the O-biased Viterbi path marks.
        self.threshold = float(weights.meta.get("threshold", 0.0))
        self._techniques = sorted({label[2:] for label in self.labels if label != "O"})
        # labels -> techniques: P(technique) = P(B-technique) + P(I-technique)
        self._technique_matrix = np.array(
            [[float(label != "O" and label[2:] == t) for t in self._techniques] for label in self.labels]
        )
        self._rows: dict[Group, list[int]] = {}
        self._vecs: dict[Group, np.ndarray] = {}
        self._entries: dict[tuple, np.ndarray] = {}

    def _group_rows(self, group: Group) -> list[int]:
        rows = self._rows.get(group)
        if rows is None:
            index = self.index
            rows = [index[f] for f in self.featurizer.expand(group) if f in index]
            if len(self._rows) > 500_000:  # bound the cache in long-running processes
                self._rows.clear()
            self._rows[group] = rows
        return rows

    def emissions(self, groups: list[list[Group]]) -> np.ndarray:
        rows: list[int] = []
        counts: list[int] = []
        cache, lookup = self._rows, self._group_rows
        for gs in groups:
            before = len(rows)
            for g in gs:
                r = cache.get(g)
                rows.extend(lookup(g) if r is None else r)
            counts.append(len(rows) - before)
        return self._run_sums(rows, counts)

    def _vec(self, group: Group) -> np.ndarray:
        """The summed weight rows of one feature group (cached)."""
        vec = self._vecs.get(group)
        if vec is None:
            rows = self._group_rows(group)
            vec = self.state[rows].sum(axis=0) if rows else np.zeros(len(self.labels), np.float32)
            if len(self._vecs) > 500_000:
                self._vecs.clear()
            self._vecs[group] = vec
        return vec

    def _entries_of(self, cols: list[Columns]) -> np.ndarray:
        """Per token, its own group and its group as a neighbour at -2, -1, +1, +2, side by side;
        one cached entry per distinct token, the new ones summed in one numpy call."""
        keys = [_own(c) for c in cols]
        cache = self._entries
        new = [k for k in dict.fromkeys(keys) if k not in cache]
        if new:
            if len(cache) > 200_000:  # bound the cache in long-running processes
                cache.clear()
            rows: list[int] = []
            counts: list[int] = []
            for k in new:
                groups = [("self", k)]
                groups += [("nb", off, k[0], k[4], k[6] if abs(off) == 1 else "") for off in _OFFSETS]
                for g in groups:
                    r = self._group_rows(g)
                    rows.extend(r)
                    counts.append(len(r))
            sums = self._run_sums(rows, counts).reshape(len(new), -1)
            cache.update(zip(new, sums, strict=True))
        return np.stack([cache[k] for k in keys])

    def _run_sums(self, rows: list[int], counts: list[int]) -> np.ndarray:
        """Sums of consecutive runs of weight rows, one run per count (empty runs sum to zero)."""
        out = np.zeros((len(counts), len(self.labels)))
        if rows:
            counts_arr = np.asarray(counts)
            filled = np.flatnonzero(counts_arr)
            starts = np.concatenate(([0], np.cumsum(counts_arr)[:-1]))[filled]
            out[filled] = np.add.reduceat(self.state[np.asarray(rows)], starts, axis=0)
        return out

    def fast_emissions(self, doc: Doc) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """The same emissions as `emissions(featurizer.groups(doc))`, summed per group key with
        numpy: a token's own and neighbour groups come from one cached entry per distinct token."""
        feat = self.featurizer
        cols, heads, texts, quoted, bounds = feat.prepare(doc)
        n, width = len(cols), len(self.labels)
        entries = self._entries_of(cols)
        em = entries[:, :width].copy()
        sent_of = np.zeros(n, np.int64)
        first = np.zeros(n, np.int64)
        last = np.zeros(n, np.int64)
        for k, (a, b) in enumerate(bounds):
            sent_of[a:b], first[a:b], last[a:b] = k, a, b - 1
        idx = np.arange(n)
        for slot, off in enumerate(_OFFSETS, start=1):
            j = idx + off
            inside = (j >= first) & (j <= last)
            em[inside] += entries[j[inside], slot * width : (slot + 1) * width]
            for edge, where in (("<s>", j < first), ("</s>", j > last)):
                if where.any():
                    em[where] += self._vec(("nb", off, edge, edge, ""))
        # The remaining groups (dependency, bigrams, context) rarely repeat: gather their weight
        # rows token by token and sum each token's run at once.
        groups: list[list[Group]] = []
        for a, b in bounds:
            exclaim, question, first_person = feat.sentence_context(cols, texts, a, b)
            for i in range(a, b):
                c = cols[i]
                h = cols[heads[i]]
                prev_w, prev_p = (cols[i - 1][0], cols[i - 1][4]) if i > a else ("<s>", "<s>")
                next_w, next_p = (cols[i + 1][0], cols[i + 1][4]) if i + 1 < b else ("</s>", "</s>")
                q = quoted[i]
                groups.append(
                    [
                        ("dep", c[6], h[1], c[4], h[4]) if feat.tree else ("-",),
                        ("bi", prev_w, c[0], prev_p, c[4]),
                        ("bi+", c[0], next_w, c[4], next_p),
                        ("ctx", q, q and i > 0 and not quoted[i - 1], exclaim, question, first_person),
                    ]
                )
        em += self.emissions(groups)
        return em, bounds

    def spans(self, doc: Doc) -> list[TaggedSpan]:
        if not len(doc):
            return []
        em, bounds = self.fast_emissions(doc)
        biased = em.copy()
        biased[:, self.outside] -= self.o_bias
        tags = viterbi(biased, self.transitions, np.array([a for a, _ in bounds]))
        marked = [(a, b) for a, b in bounds if (tags[a:b] != self.outside).any()]
        out: list[TaggedSpan] = []
        if self.threshold:
            space = (doc.to_array(IS_SPACE) == 1).tolist()  # one array read, not a Token per token
            # The biased path only picks the sentences worth a closer look; the spans are the
            # runs of tokens whose unbiased probability for a technique reaches the threshold.
            for (a, _), probs in zip(marked, batch_marginals(em, self.transitions, marked), strict=True):
                out.extend(self._threshold_decode(doc, em, a, probs, space))
        else:
            for (a, b), probs in zip(marked, batch_marginals(biased, self.transitions, marked), strict=True):
                out.extend(self._decode(doc, biased, a, tags[a:b], probs))
        return out

    def _threshold_decode(
        self, doc: Doc, em: np.ndarray, offset: int, probs: np.ndarray, space: list[bool]
    ) -> list[TaggedSpan]:
        per_technique = probs @ self._technique_matrix  # (tokens, techniques)
        best = per_technique.argmax(axis=1).tolist()
        p_best = per_technique.max(axis=1).tolist()
        found: list[TaggedSpan] = []
        run: list[float] = []
        start, technique = None, None
        for j, (k, p) in enumerate(zip(best, p_best, strict=True)):
            i = offset + j
            tech = self._techniques[k]
            keep = p >= self.threshold and not space[i]
            if keep and tech == technique and start is not None:
                run.append(p)
                continue
            if start is not None:
                found.append(self._span(doc, em, start, i, technique, run))
            start, technique, run = (i, tech, [p]) if keep else (None, None, [])
        if start is not None:
            found.append(self._span(doc, em, start, offset + len(probs), technique, run))
        return [s for s in found if not all(doc[t].is_punct for t in range(s.start, s.end))]

    def _span(
        self, doc: Doc, em: np.ndarray, start: int, end: int, technique, run: list[float]
    ) -> TaggedSpan:
        while end - start > 1 and doc[end - 1].is_punct:
            end -= 1
        return TaggedSpan(
            start, end, technique, round(float(np.mean(run)), 3), self._triggers(doc, em, start, end)
        )

    def _decode(
        self, doc: Doc, em: np.ndarray, offset: int, seq: np.ndarray, probs: np.ndarray
    ) -> list[TaggedSpan]:
        found: list[TaggedSpan] = []
        start, technique = None, None

        def close(end: int) -> None:
            if start is None or technique is None:
                return
            ks = [self.labels.index(f"{p}-{technique}") for p in ("B", "I")]
            p_tok = [float(probs[t - offset, ks].sum()) for t in range(start, end)]
            # Trim the edges the tagger is unsure of: partial credit punishes long spans.
            a, b = start, end
            while b - a > 1 and p_tok[a - start] < self.trim:
                a += 1
            while b - a > 1 and p_tok[b - 1 - start] < self.trim:
                b -= 1
            score = float(np.mean(p_tok[a - start : b - start]))
            found.append(TaggedSpan(a, b, technique, round(score, 3), self._triggers(doc, em, a, b)))

        for j, code in enumerate(seq.tolist()):
            i = offset + j
            label = self.labels[code]
            if label == "O":
                close(i)
                start, technique = None, None
                continue
            prefix, tech = label.split("-", 1)
            if prefix == "B" or tech != technique or start is None:
                close(i)
                start, technique = i, tech
        close(offset + len(seq))
        return [
            s for s in found if not all(doc[t].is_punct or doc[t].is_space for t in range(s.start, s.end))
        ]

    def _triggers(self, doc: Doc, em: np.ndarray, start: int, end: int) -> list[str]:
        """The words of the span that pull hardest away from O: the evidence shown to readers."""
        margin = [(em[t].max() - em[t, self.outside], t) for t in range(start, end)]
        words = [doc[t] for m, t in sorted(margin, reverse=True) if m > 0]
        out = [t.text for t in words if not (t.is_punct or t.is_space or t.is_stop)][:3]
        return out or [doc[start].text]


def tags_for(doc: Doc, spans: list[tuple[int, int, str]]) -> list[str]:
    """Gold BIO tags of the tokens of `doc` from character spans (start, end, technique); where
    spans overlap the shorter one wins (written last)."""
    tags = ["O"] * len(doc)
    starts = [t.idx for t in doc]
    for start, end, technique in sorted(spans, key=lambda s: s[1] - s[0], reverse=True):
        first = True
        for i in range(max(bisect_right(starts, start) - 1, 0), bisect_left(starts, end)):
            tok = doc[i]
            if tok.is_space or tok.idx + len(tok) <= start:
                continue
            tags[i] = ("B-" if first else "I-") + technique
            first = False
    return tags
