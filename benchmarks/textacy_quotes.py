"""textacy's rule-based direct quotations, scored against PolNeAR like our attribution models.

    python benchmarks/textacy_quotes.py --data ../shared/data/polnear/dev [--limit N] [--no-fallback]

Each article is parsed by the plain English model (`newstrace.nlp.pipeline.find_model()`, no newstrace
components) and handed to `textacy.extract.triples.direct_quotations` (textacy 0.13.0), which yields
`DQTriple(speaker: list[Token], cue: list[Token], content: Span)`. textacy is not a dependency of
newstrace: it is imported only when this runs (`pip install textacy==0.13.0`).

Turning a triple into a `Relation` (character offsets into the article, as PolNeAR counts them):

- Content: textacy's content span, opening and closing quotation marks included (PolNeAR's Content
  spans of direct quotations include them too).
- Source and Cue: textacy gives token lists, not spans: the speaker is a noun with its conjuncts and
  compound modifiers ("Smith", "Barack", "Obama"; no determiner, so "the president" gives "president"),
  the cue a reporting verb with its auxiliaries and negation ("did", "not", "say"). A role's tokens
  become one span from its first to its last token ("Smith and Jones", "has repeatedly said"), split
  only where a token of another role of the same triple, or of the quotation, lies in between
  ("did Smith say" gives Cue spans "did" and "say"). Contiguous tokens always form one span, and the
  spans of a triple's roles never overlap. We do not widen the speaker to its full noun phrase: what
  is scored is what textacy returns.

textacy gives up on a whole document (ValueError) when it holds an odd number of quotation-mark
tokens, as news articles often do: a quotation running over several paragraphs opens each of them
but closes only the last, and a stray apostrophe ("Democrats’") counts as a quotation mark. By
default such an article is retried one paragraph (text between line breaks) at a time, each
paragraph as its own Doc; a paragraph that still holds an odd number is skipped. `--no-fallback`
scores textacy's behaviour unchanged (nothing found in such an article).

Scores (`newstrace.training.polnear.Counts`, as in benchmarks/polnear.py) are printed twice:

1. against every gold relation of PolNeAR, which annotates direct and indirect (reported) speech alike;
2. "scoring only what it can find": against the gold relations that are direct quotations, defined as
   those whose Content (its earliest span's first non-space character, or its latest span's last
   non-space character) begins or ends with a quotation mark, straight or curly, double or single:
   " ' “ ” ‘ ’. Gold spans are then those of these relations only; every textacy prediction still
   counts for precision. A single closing mark may be an apostrophe ("the Democrats’"), which lets a
   few indirect contents in; mixed quotations (reported speech ending in a quoted phrase) count as
   direct.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from newstrace.training.polnear import ROLES, Annotation, Counts, Relation, Span, load_split

QUOTE_MARKS = frozenset("\"'“”‘’")


@dataclass
class Stats:
    """How often textacy gave up on a whole document, and on a paragraph of one."""

    docs_bailed: int = 0
    paragraphs_bailed: int = 0


def token_spans(tokens, blocked: set[int], offset: int = 0) -> list[Span]:
    """Character spans of `tokens` (one Doc's): one span from first to last token, cut where a
    token index in `blocked` lies between two of them. `offset` is added to every character offset."""
    toks = sorted(tokens, key=lambda t: t.i)
    spans: list[Span] = []
    start = prev = None
    for tok in toks:
        if start is not None and any(i in blocked for i in range(prev.i + 1, tok.i)):
            spans.append((start.idx + offset, prev.idx + len(prev.text) + offset))
            start = None
        if start is None:
            start = tok
        prev = tok
    if start is not None:
        spans.append((start.idx + offset, prev.idx + len(prev.text) + offset))
    return spans


def triple_relation(triple, offset: int = 0) -> Relation:
    """A textacy DQTriple as a Relation; `offset` is where the triple's Doc starts in the article."""
    content = triple.content
    speaker_i = {t.i for t in triple.speaker}
    cue_i = {t.i for t in triple.cue}
    content_i = set(range(content.start, content.end))
    rel = Relation()
    rel.spans["Source"] = token_spans(triple.speaker, cue_i | content_i, offset)
    rel.spans["Cue"] = token_spans(triple.cue, speaker_i | content_i, offset)
    rel.spans["Content"] = [(content.start_char + offset, content.end_char + offset)]
    return rel


def paragraphs(doc):
    """The Doc's paragraphs as Spans: runs of tokens between whitespace tokens holding a line break."""
    start = None
    for tok in doc:
        if tok.is_space and ("\n" in tok.text or "\r" in tok.text):
            if start is not None:
                yield doc[start : tok.i]
            start = None
        elif start is None:
            start = tok.i
    if start is not None:
        yield doc[start:]


def textacy_relations(doc, *, paragraph_fallback: bool = True, stats: Stats | None = None) -> list[Relation]:
    """textacy's direct quotations in a parsed Doc, as Relations with character spans into `doc.text`.

    When textacy refuses the whole Doc (an odd number of quotation marks), each paragraph is tried
    on its own, unless `paragraph_fallback` is false.
    """
    from textacy.extract.triples import direct_quotations

    stats = stats if stats is not None else Stats()
    try:
        return [triple_relation(t) for t in direct_quotations(doc)]
    except ValueError:
        stats.docs_bailed += 1
        if not paragraph_fallback:
            return []
    out: list[Relation] = []
    for para in paragraphs(doc):
        try:
            triples = list(direct_quotations(para.as_doc()))
        except ValueError:
            stats.paragraphs_bailed += 1
            continue
        out.extend(triple_relation(t, para.start_char) for t in triples)
    return out


# --- scoring ----------------------------------------------------------------------------------


def is_direct(text: str, rel: Relation) -> bool:
    """Whether a relation's Content begins or ends with a quotation mark (see the module docstring)."""
    content = rel.spans["Content"]
    if not content:
        return False
    first = min(content)
    last = max(content, key=lambda s: s[1])
    head = text[first[0] : first[1]].strip()[:1]
    tail = text[last[0] : last[1]].strip()[-1:]
    return head in QUOTE_MARKS or tail in QUOTE_MARKS


def annotation(relations: list[Relation]) -> Annotation:
    """An Annotation whose spans are the union of the relations' spans."""
    ann = Annotation(relations=list(relations))
    for rel in relations:
        for role in ROLES:
            ann.spans[role].extend(s for s in rel.spans[role] if s not in ann.spans[role])
    return ann


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="split folder: text/, attributions/")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument(
        "--no-fallback", action="store_true", help="no paragraph-by-paragraph retry when textacy gives up"
    )
    args = parser.parse_args(argv)

    try:
        import textacy
    except ImportError:
        print("textacy is not installed: pip install textacy==0.13.0", file=sys.stderr)
        return 2
    import spacy

    from newstrace.nlp.pipeline import ModelNotFound, find_model

    try:
        model = find_model()
    except ModelNotFound as e:
        print(e, file=sys.stderr)
        return 2

    started = time.perf_counter()
    articles = [a for a in load_split(args.data, args.limit) if a.gold is not None]
    nlp = spacy.load(model)
    stats = Stats()
    counts, direct_counts = Counts(), Counts()
    n_direct = 0
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        assert doc.text == article.text
        pred = annotation(textacy_relations(doc, paragraph_fallback=not args.no_fallback, stats=stats))
        counts.add(article.text, article.gold, pred)
        direct = [r for r in article.gold.relations if is_direct(article.text, r)]
        n_direct += len(direct)
        direct_counts.add(article.text, annotation(direct), pred)
    elapsed = time.perf_counter() - started

    fallback = "off" if args.no_fallback else f"on, {stats.paragraphs_bailed} paragraphs skipped"
    print(
        f"textacy {textacy.__version__} direct_quotations, model {model}: {len(articles)} articles scored "
        f"in {elapsed:.1f} s; textacy gave up on {stats.docs_bailed} whole articles (paragraph fallback "
        f"{fallback})"
    )
    print("\nall gold relations")
    print(counts.table())
    print(f"\ndirect quotations only: {n_direct} gold relations, Content begins or ends with a quote mark")
    print(direct_counts.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
