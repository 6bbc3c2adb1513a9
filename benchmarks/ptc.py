"""Loaded language and name calling against the Propaganda Techniques Corpus (PTC, SemEval-2020 Task 11).

    python benchmarks/ptc.py --data ../shared/data/ptc [--split heldout|dev] [--model fast|FOLDER]

Scores the spans the `newstrace_framing` tagger predicts on one part of the fixed split of the PTC
training articles (`newstrace.training.framing.split_of`: ids sorted as integers, position % 5 == 4
held back, == 2 dev, the rest train; the bundled model is trained on train + dev). The metric is
the partial-credit span metric of Da San Martino et al. (EMNLP 2019), technique-aware
(`newstrace.nlp.framing_metric`): P/R/F1 over all techniques together (a prediction earns
credit only from gold spans of its technique; gold spans of techniques the model does not
predict count against recall), and per technique for Loaded_Language and Name_Calling,Labeling.
The articles are parsed by the same spaCy pipeline the component runs in.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newstrace.nlp.framing import model_folder
from newstrace.nlp.framing_metric import span_scores
from newstrace.nlp.framing_model import LoadedLanguageTagger
from newstrace.training.framing import gold, load_ptc, parse, predict, split

TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc"))
    parser.add_argument("--split", choices=("heldout", "dev", "train"), default="heldout")
    parser.add_argument("--model", default="fast", help="fast (bundled) or a trained model's folder")
    parser.add_argument("--cache", type=Path, help="DocBin cache of the parsed articles (all 371)")
    args = parser.parse_args()

    articles = load_ptc(args.data)
    docs = parse(articles, args.cache, log=lambda *_: None)
    part = split(articles)[args.split]
    tagger = LoadedLanguageTagger(model_folder(args.model), args.model)
    start = time.perf_counter()
    predicted = predict(tagger, part, docs)
    elapsed = time.perf_counter() - start
    reference = gold(part)
    print(f"PTC {args.split}: {len(part)} articles, {len(reference)} gold spans, {len(predicted)} predicted")
    print(f"model {args.model} ({tagger.name}), threshold {tagger.threshold}; tagging {elapsed:.1f}s")
    if args.split != "heldout" and args.model == "fast":
        # The bundled model is refitted on train + dev: its dev score is a training-data score.
        print("note: the bundled model was trained on this part; only --split heldout is a test")
    print(f"{'techniques':<24} {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5}")
    for name, technique in (("all (technique-aware)", None), *((t, t) for t in TECHNIQUES)):
        s = span_scores(predicted, reference, technique)
        print(f"{name:<24} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.predicted:5d} {s.gold:5d}")
    untyped = span_scores(
        [(a, "any", s, e) for a, _, s, e in predicted], [(a, "any", s, e) for a, _, s, e in reference]
    )
    print(
        f"{'spans, any technique (SI)':<24} {untyped.precision:6.3f} {untyped.recall:6.3f} {untyped.f1:6.3f}"
    )


if __name__ == "__main__":
    main()
