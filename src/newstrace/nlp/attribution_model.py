"""Learned Source / Cue / Content span taggers, run without torch.

A tagger labels the text's pieces with three independent B/I/O tags (one per role) and turns
them back into character spans. `OnnxTagger` runs the fine-tuned MiniLM exported by
`newstrace.training.transformer` with ONNX Runtime; word pieces come from the `tokenizers`
library. Tying the spans into attributions is `newstrace.nlp.attribution_spans`' job.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from spacy.tokens import Doc

from newstrace.nlp import bundled
from newstrace.nlp.types import set_model

ROLES = ("Source", "Cue", "Content")
O, B, I = 0, 1, 2  # noqa: E741 - the usual names of the three tags
CharSpan = tuple[int, int]

# log-probability added for a forbidden move: O -> I (an inside tag must follow B or I).
_FORBID = -1e4
_TRANSITIONS = np.zeros((3, 3), dtype=np.float32)  # [previous, next]
_TRANSITIONS[O, I] = _FORBID


def piece_labels(offsets: Sequence[CharSpan], spans: dict[str, list[CharSpan]]) -> np.ndarray:
    """Gold tags, shape (pieces, roles): B on the first piece inside a span, I on the rest."""
    labels = np.zeros((len(offsets), len(ROLES)), dtype=np.int64)
    starts = np.array([s for s, _ in offsets], dtype=np.int64)
    ends = np.array([e for _, e in offsets], dtype=np.int64)
    for r, role in enumerate(ROLES):
        for a, b in spans.get(role, []):
            inside = np.nonzero((starts >= a) & (ends <= b) & (ends > starts))[0]
            if len(inside) == 0:
                continue
            labels[inside, r] = np.maximum(labels[inside, r], I)
            labels[inside[0], r] = B
    return labels


def viterbi(log_probs: np.ndarray) -> np.ndarray:
    """Best tag path per role with O -> I forbidden; log_probs (pieces, roles, 3) -> (pieces, roles)."""
    n, roles, _ = log_probs.shape
    if n == 0:
        return np.zeros((0, roles), dtype=np.int64)
    score = log_probs[0].copy()
    score[:, I] += _FORBID  # nothing to continue at the start
    back = np.zeros((n, roles, 3), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, :, None] + _TRANSITIONS[None, :, :]  # roles, prev, next
        back[t] = cand.argmax(axis=1)
        score = cand.max(axis=1) + log_probs[t]
    path = np.zeros((n, roles), dtype=np.int64)
    path[-1] = score.argmax(axis=1)
    rows = np.arange(roles)
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, rows, path[t]]
    return path


def tags_to_spans(tags: np.ndarray, offsets: Sequence[CharSpan], text: str) -> dict[str, list[CharSpan]]:
    """Character spans of each role from (pieces, roles) tags, widened to whole words."""
    out: dict[str, list[CharSpan]] = {role: [] for role in ROLES}
    for r, role in enumerate(ROLES):
        start = None
        end = 0
        for k, tag in enumerate(tags[:, r]):
            if tag == B or (tag == O and start is not None):
                if start is not None:
                    out[role].append(_whole_words(text, start, end))
                start = offsets[k][0] if tag == B else None
            if tag != O:
                end = offsets[k][1]
        if start is not None:
            out[role].append(_whole_words(text, start, end))
        out[role] = merge_adjacent(text, out[role])
    return out


def merge_adjacent(text: str, spans: list[CharSpan]) -> list[CharSpan]:
    """Join spans of one role with only whitespace between them: the tagger sometimes restarts
    a span (B B) inside what annotators mark as one ("City | Attorney Brad Holm")."""
    out: list[CharSpan] = []
    for a, b in sorted(spans):
        if out and not text[out[-1][1] : a].strip():
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def snap_to_noun_chunks(doc: Doc, spans: list[CharSpan]) -> list[CharSpan]:
    """Widen each span to the noun chunks it touches ("The" -> "The FBI"); needs the parse."""
    chunks = [(c.start_char, c.end_char) for c in doc.noun_chunks]
    out = []
    for a, b in spans:
        for ca, cb in chunks:
            if ca < b and a < cb:
                a, b = min(a, ca), max(b, cb)
        out.append((a, b))
    return out


def _whole_words(text: str, start: int, end: int) -> CharSpan:
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return (start, end)


def log_softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))


class SpanTagger:
    """Word pieces in, character spans out; the scoring function is supplied by the caller."""

    def __init__(self, tokenizer, window: int = 256, margin: int = 32):
        self.tokenizer = tokenizer
        self.window = window
        self.margin = margin
        self.cls_id = tokenizer.token_to_id("[CLS]")
        self.sep_id = tokenizer.token_to_id("[SEP]")

    @classmethod
    def from_tokenizer_file(cls, path: Path, **kwargs) -> SpanTagger:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(path))
        tok.no_truncation()
        tok.no_padding()
        return cls(tok, **kwargs)

    def encode(self, text: str) -> tuple[list[int], list[CharSpan]]:
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        return enc.ids, enc.offsets

    def layout(self, n: int) -> list[tuple[int, int, int, int]]:
        """Windows over n pieces as (start, end, keep_from, keep_to): every piece is kept from
        exactly one window, the one where it has at least `margin` pieces of context each side."""
        body = self.window - 2
        if n <= body:
            return [(0, n, 0, n)]
        step = body - 2 * self.margin
        out = []
        start = 0
        while True:
            end = min(n, start + body)
            keep_from = 0 if start == 0 else start + self.margin
            if end == n:
                out.append((start, end, keep_from, n))
                return out
            out.append((start, end, keep_from, start + self.margin + step))
            start += step

    def predict(
        self, text: str, score: Callable[[list[list[int]]], list[np.ndarray]]
    ) -> dict[str, list[CharSpan]]:
        """`score` maps windows of ids (with [CLS]/[SEP]) to logits (len, roles, 3) each."""
        ids, offsets = self.encode(text)
        if not ids:
            return {role: [] for role in ROLES}
        plan = self.layout(len(ids))
        windows = [[self.cls_id, *ids[s:e], self.sep_id] for s, e, _, _ in plan]
        logits = np.zeros((len(ids), len(ROLES), 3), dtype=np.float32)
        for (s, _e, a, b), out in zip(plan, score(windows), strict=True):
            logits[a:b] = out[1 + a - s : 1 + b - s]
        return tags_to_spans(viterbi(log_softmax(logits)), offsets, text)


class OnnxTagger:
    """The exported MiniLM tagger (a folder with model.onnx, tokenizer.json, meta.json)."""

    def __init__(self, folder: Path, threads: int = 0):
        import onnxruntime as ort

        meta = json.loads((folder / "meta.json").read_text())
        self.tagger = SpanTagger.from_tokenizer_file(folder / "tokenizer.json", window=meta["window"])
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        # Idle threads sleep instead of spinning: with `--jobs N` processes, or spaCy sharing the
        # cores, spinning threads steal the CPU the others need.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def _score(self, windows: list[list[int]]) -> list[np.ndarray]:
        # One window a call: int8 activations are quantised per call over the whole input, so
        # padding a batch would change a window's logits (and make results depend on batching).
        out = []
        for w in windows:
            ids = np.array([w], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            out.append(self.session.run(["logits"], feed)[0][0])
        return out

    def spans(self, doc: Doc | str) -> dict[str, list[CharSpan]]:
        if isinstance(doc, str):
            return self.tagger.predict(doc, self._score)
        out = self.tagger.predict(doc.text, self._score)
        if doc.has_annotation("DEP"):
            # Sources are noun phrases: a cut-short prediction takes its whole chunk (+1.4 F1 on dev).
            out["Source"] = merge_adjacent(doc.text, snap_to_noun_chunks(doc, out["Source"]))
        return out


class SpanModel(Protocol):
    def spans(self, doc: Doc) -> dict[str, list[CharSpan]]: ...


MODEL_NAMES = ("fast", "accurate")


def model_folder(name: str) -> Path:
    """The folder of a bundled model ("fast", "accurate") or a path to a trained one."""
    return bundled.model_folder("attribution", name, MODEL_NAMES)


def load_model(name: str) -> SpanModel:
    """A tagger by name or folder: an ONNX export (model.onnx) or a CRF (newstrace.nlp.attribution_crf)."""
    folder = model_folder(name)
    if (folder / "model.onnx").is_file():
        return OnnxTagger(folder)
    from newstrace.nlp.attribution_crf import CrfTagger

    return CrfTagger(folder)


class ModelAttribution:
    """The attribution component backed by a learned tagger: spans, then `assemble`."""

    def __init__(self, model: SpanModel, name: str):
        self.model = model
        self.model_name = name  # not `name`: spaCy sets that to the pipe name

    def __call__(self, doc: Doc) -> Doc:
        from newstrace.nlp.attribution_spans import assemble

        doc._.attributions = assemble(doc, self.model.spans(doc))
        set_model(doc, "attribution", self.model_name)
        return doc
