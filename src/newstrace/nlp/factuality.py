"""Event factuality: how certain the text makes it that an event happened, from -3 to +3.

The scale is the one of the UW (Lee et al. 2015) and UDS-IH2 (Rudinger et al. 2018) corpora: +3
the text presents the event as certainly having happened, -3 as certainly not, 0 as uncertain.
Two models share one interface (`scores(doc, triggers, statuses) -> list[float]`):

* `LinearFactuality` (bundled as `fast`): ridge regression over named features of the trigger
  (the status the rules gave it, its tag, dependency, lemma, its auxiliaries and negation, the
  lemmas and relations up its parse path, morphology, question/conditional) and spaCy's tok2vec
  vectors (`doc.tensor`) of the trigger and its head. It reads only what the parse already holds,
  so its cost per event is a few dict lookups and one 192-wide dot product.
* `OnnxFactuality`: a fine-tuned MiniLM exported to ONNX (int8), run once per sentence holding
  events. More accurate, and several times the cost of the parse; trained with
  `newstrace train factuality --model accurate` (see the model card of a trained folder).

`load_factuality(name)` takes "fast" or a folder written by the trainer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

import numpy as np
from spacy.tokens import Doc, Token

from newstrace.nlp import bundled, modality

BUNDLED = ("fast",)
_CHILD_DEPS = frozenset({"aux", "auxpass", "neg", "mark", "advmod", "det", "prt"})
_HEAD_CHILD_DEPS = frozenset({"aux", "auxpass", "neg", "mark"})
_PATH_STEPS = 4


def feature_names(tok: Token, status: str) -> list[str]:
    """Named binary features of an event trigger; `status` is the one the status rules gave it."""
    head = tok.head
    feats = [
        f"status={status}",
        f"local={modality.local_status(tok) if tok.pos_ in ('VERB', 'AUX') else None}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"lemma={tok.lemma_.lower()}",
        f"htag={head.tag_}",
        f"hdep={head.dep_}",
        f"hlemma={head.lemma_.lower()}",
        f"dep+hlemma={tok.dep_}|{head.lemma_.lower()}",
    ]
    feats += [f"child={ch.dep_}:{ch.lower_}" for ch in tok.children if ch.dep_ in _CHILD_DEPS]
    feats += [f"hchild={ch.dep_}:{ch.lower_}" for ch in head.children if ch.dep_ in _HEAD_CHILD_DEPS]
    node = tok
    for step in range(1, _PATH_STEPS + 1):
        if node.head is node:
            break
        up = node.head
        feats += [f"anc{step}={node.dep_}>{up.lemma_.lower()}", f"ancany={up.lemma_.lower()}"]
        for ch in up.children:
            if ch.dep_ == "neg":
                feats.append("neg_anc")
            if ch.tag_ == "MD":
                feats.append(f"md_anc={ch.lower_}")
        node = up
    feats += [f"m:{key}={value}" for key, value in tok.morph.to_dict().items()]
    if modality.is_question(tok):
        feats.append("question")
    if modality.is_conditional(tok):
        feats.append("conditional")
    return feats


def dense_features(tok: Token, width: int) -> np.ndarray:
    """spaCy's tok2vec vectors of the trigger and its head (zeros when the pipeline has none)."""
    tensor = tok.doc.tensor
    if getattr(tensor, "shape", (0, 0))[1:] != (width,) or len(tensor) != len(tok.doc):
        return np.zeros(2 * width, np.float32)
    return np.concatenate([tensor[tok.i], tensor[tok.head.i]]).astype(np.float32)


class FactualityModel(Protocol):
    name: str

    def scores(self, doc: Doc, triggers: list[Token], statuses: list[str]) -> list[float]: ...


class LinearFactuality:
    """Ridge regression over `feature_names` and `dense_features` (weights.npz + meta.json)."""

    def __init__(self, folder: Path, name: str | None = None):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        weights = np.load(folder / "weights.npz")
        self.name = name or str(folder)
        self.index = {f: i for i, f in enumerate(meta["features"])}
        self.width = int(meta["tensor_width"])
        self.sparse = weights["sparse"].astype(np.float64)
        self.dense = weights["dense"].astype(np.float64)
        self.bias = float(weights["bias"])

    def score(self, tok: Token, status: str) -> float:
        index = self.index
        total = self.bias + sum(self.sparse[index[f]] for f in set(feature_names(tok, status)) if f in index)
        if self.width:
            total += float(dense_features(tok, self.width) @ self.dense)
        return float(np.clip(total, -3.0, 3.0))

    def scores(self, doc: Doc, triggers: list[Token], statuses: list[str]) -> list[float]:
        return [self.score(tok, status) for tok, status in zip(triggers, statuses, strict=True)]


class OnnxFactuality:
    """A fine-tuned transformer (model.onnx, tokenizer.json, meta.json): one run per sentence, the
    score read at the first word piece of each trigger."""

    def __init__(self, folder: Path, name: str | None = None):
        import onnxruntime
        from tokenizers import Tokenizer

        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        self.name = name or str(folder)
        self.head = int(meta.get("head", 0))
        self.max_pieces = int(meta.get("max_pieces", 256))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def sentence_scores(self, words: list[str], targets: list[int]) -> list[float]:
        """Scores of the words at `targets` (indices into `words`) in one sentence."""
        enc = self.tokenizer.encode(words, is_pretokenized=True)
        first: dict[int, int] = {}
        for piece, word in enumerate(enc.word_ids):
            if word is not None:
                first.setdefault(word, piece)
        ids = np.array([enc.ids[: self.max_pieces]], dtype=np.int64)
        out = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
        scores = []
        for t in targets:
            piece = first.get(t)
            value = out[piece, self.head] if piece is not None and piece < ids.shape[1] else 0.0
            scores.append(float(np.clip(value, -3.0, 3.0)))
        return scores

    def scores(self, doc: Doc, triggers: list[Token], statuses: list[str]) -> list[float]:
        by_sentence: dict[int, list[int]] = {}
        for k, tok in enumerate(triggers):
            by_sentence.setdefault(tok.sent.start, []).append(k)
        result = [0.0] * len(triggers)
        for members in by_sentence.values():
            sent = triggers[members[0]].sent
            words = [t.text for t in sent if not t.is_space] or [sent.text]
            positions = {t.i: n for n, t in enumerate(t for t in sent if not t.is_space)}
            targets = [positions.get(triggers[k].i, 0) for k in members]
            for k, value in zip(members, self.sentence_scores(words, targets), strict=True):
                result[k] = value
        return result


def model_folder(name: str) -> Path:
    """The folder of the bundled model ("fast") or a path to a trained one."""
    return bundled.model_folder("factuality", name, BUNDLED)


def load_factuality(name: str) -> FactualityModel:
    """A factuality model by name ("fast") or folder: an ONNX export or linear weights."""
    folder = model_folder(name)
    if (folder / "model.onnx").is_file():
        return OnnxFactuality(folder, name)
    return LinearFactuality(folder, name)
