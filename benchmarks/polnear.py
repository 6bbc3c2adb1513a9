"""Attribution spans (Source / Cue / Content) against PolNeAR's BRAT annotations.

Runs newstrace over `SPLIT_DIR/text/*.txt`, writes one BRAT `.ann` per article into `--pred-out`
and, when `SPLIT_DIR/attributions/` exists, scores the predictions against the first annotator's
file (sorted order) of each article.

    python benchmarks/polnear.py --data ../shared/data/polnear/dev --pred-out /tmp/polnear-dev \
        [--model rules,fast,accurate,textacy] [--limit N]

`--model` takes one system or several, comma-separated, run side by side on the same parsed
texts: `rules` (the rule-based component), `fast` and `accurate` (the bundled learned taggers),
a folder holding a trained tagger, or `textacy` (textacy's `direct_quotations`, which only finds
direct quotations; see benchmarks/textacy_quotes.py). With several systems each one writes into
`--pred-out/NAME/`. Each system's seconds are its own work beyond the shared spaCy parse.

Scores are span-level micro P/R/F1 per role over all articles, each gold span matched at most once:
`exact` needs the same start and end once surrounding whitespace is trimmed; `overlap` needs one
shared non-space character. `relation` counts gold relations whose Source, Cue and Content spans
all match one predicted relation exactly (recall), and the same over predicted relations (precision).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc

from newstrace.training.polnear import Counts, Relation, load_split, parse_ann, write_ann


def doc_relations(doc: Doc) -> list[Relation]:
    out = []
    for mention in doc._.attributions or []:
        rel = Relation()
        if mention.source is not None:
            rel.spans["Source"].append((mention.source.start_char, mention.source.end_char))
        rel.spans["Cue"].append((mention.cue.start_char, mention.cue.end_char))
        rel.spans["Content"].extend((s.start_char, s.end_char) for s in mention.content)
        out.append(rel)
    return out


def newstrace_system(name: str) -> Callable[[Doc], list[Relation]]:
    """Relations from newstrace's attribution component with model `name`, run on a parsed Doc."""
    from newstrace.nlp.attribution import make_attribution

    component = make_attribution(None, "newstrace_attribution", name, [], False, 12)

    def run(doc: Doc) -> list[Relation]:
        return doc_relations(component(doc))

    return run


def _textacy_module():
    """benchmarks/textacy_quotes.py (textacy itself is imported only when it runs)."""
    path = Path(__file__).resolve().parent / "textacy_quotes.py"
    spec = importlib.util.spec_from_file_location("textacy_quotes", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def textacy_system() -> Callable[[Doc], list[Relation]]:
    import textacy  # noqa: F401 - fail here, before the run, when it is not installed

    return _textacy_module().textacy_relations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="split folder: text/, attributions/")
    parser.add_argument("--pred-out", type=Path, required=True, help="folder for the predicted .ann files")
    parser.add_argument(
        "--model", default="rules", help="rules, fast, accurate, textacy, a folder; or a comma list"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args(argv)

    from newstrace.nlp.pipeline import build_pipeline

    names = [n.strip() for n in args.model.split(",") if n.strip()]
    try:
        systems = {n: textacy_system() if n == "textacy" else newstrace_system(n) for n in names}
    except (FileNotFoundError, ImportError) as exc:
        print(f"polnear: {exc}", file=sys.stderr)
        return 2
    articles = load_split(args.data, args.limit)
    nlp = build_pipeline(components=())  # the parse every system shares
    counts = {n: Counts() for n in names}
    # The same scores over direct quotations only (what textacy can find), for a fair comparison.
    tq = _textacy_module()
    direct_counts = {n: Counts() for n in names}
    seconds = dict.fromkeys(names, 0.0)
    # A system given as a folder writes under that folder's last name.
    outs = {n: args.pred_out / Path(n).name if len(names) > 1 else args.pred_out for n in names}
    for out in outs.values():
        out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    docs = list(nlp.pipe(a.text for a in articles))
    parse_seconds = time.perf_counter() - t0
    for art, doc in zip(articles, docs, strict=True):
        for name, system in systems.items():
            t = time.perf_counter()
            relations = system(doc)
            seconds[name] += time.perf_counter() - t
            ann = write_ann(relations, art.text)
            (outs[name] / f"{art.name}.ann").write_text(ann, encoding="utf-8", newline="")
            if art.gold is not None:
                pred = parse_ann(ann)
                counts[name].add(art.text, art.gold, pred)
                direct = [r for r in art.gold.relations if tq.is_direct(art.text, r)]
                direct_counts[name].add(art.text, tq.annotation(direct), pred)
    scored = sum(a.gold is not None for a in articles)
    print(f"{len(articles)} articles, {scored} scored; spaCy parse {parse_seconds:.1f} s")
    for name in names:
        print(f"\n== {name}: {seconds[name]:.1f} s beyond the parse; predictions in {outs[name]}")
        if scored:
            print(counts[name].table())
            print("  direct quotations only (gold Content begins or ends with a quotation mark):")
            print(direct_counts[name].table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
