"""newstrace_attribution: who is reported as saying what, found by rules over spaCy's parse.

Sets `doc._.attributions: list[AttributionMention]`, ordered by the position of the cue.

Conventions (the record's reading of an attribution):

- `cue` is the reporting word: the speech verb ("said", "told", "warned", "adding"), the two
  words "according to", or "citing".
- `source` is the full noun phrase of the speaker as written (PolNeAR style): determiners,
  titles, appositions, prepositional modifiers and relative clauses included ("Ruiz, the harbor
  master"; "four people familiar with the matter, including two U.S. officials"). The recipient
  of "told" is never the source. A pronoun source stays the pronoun ("he"): resolving it is
  newstrace_sources' job. Passive cues take the `by` agent, else no source ("It was reported
  that ..." keeps the content with `source=None`).
- `content` is one or more spans. A direct quotation gives the quoted text without the marks
  (and without the comma placed inside the closing mark), one span per quoted part: a quote
  split by its cue ("X," she said, "and Y.") or running over paragraphs gives several spans, and
  a quote that follows its attributed quote in the same paragraph with no cue of its own
  (`"X," Ruiz said. "Y."`) is added to it. Reported speech gives the complement clause without
  its leading "that" (or, for deny/confirm/announce-type verbs without a clause, the object:
  "denied any involvement"). "according to" without a reporting verb gives its host clause.
  A leading dateline ("WASHINGTON —") is never content. Spans stay inside the cue's sentence
  and paragraph, even where the parser ran a sentence across a paragraph break.
- `kind`: direct (content is a quotation), mixed (a clause with an embedded partial quote, or
  `said that "..."`: the reporter's syntax framing quoted words), indirect (a clause),
  according_to, other ("citing", "which cited").
- `via` nests attributions: "A report, citing four sources, says X" -> the citing attribution
  (source "four sources") is reported inside the report's one; "Ortega said X, according to the
  Times" -> Ortega's attribution is reported inside the Times' one. The outer attribution's
  content is the same as the inner one's.
- No attribution without content and a speaker-like source: "the said vessel" (adjective),
  "he was told to leave" (no reported clause), "Asked about X, he ..." (the subject did not
  ask), "declined to say" / "did not say" (nothing said), "citing security concerns" (a
  reason, not a source) and "the air tells you that ..." produce nothing. Cue verbs inside a
  quotation are the speaker's own words and are skipped (configurable), so `"I believe we will
  win," she said` gives one attribution.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newstrace.nlp.lexicon import (
    CUE_VERBS,
    DOCUMENT_NOUNS,
    GOVERNMENT_WORDS,
    OBJECT_CUE_VERBS,
    ORGANIZATION_WORDS,
    OUTLET_WORDS,
    PEOPLE_NOUNS,
    TITLE_WORDS,
    words,
)
from newstrace.nlp.quotes import Quote, find_quotes
from newstrace.nlp.timex import MONTHS
from newstrace.nlp.types import AttributionMention, register_extensions, set_model

# Dependents of a cue that may stand between it and an adjacent quotation: the speaker, the
# recipient ("told reporters:"), time and place ("on Tuesday"), adverbs ("later").
_GAP_DEPS = words("nsubj nsubjpass dobj dative iobj prep pobj npadvmod advmod aux auxpass neg agent prt expl")
_SENTENCE_END = frozenset(".?!")
_RELATIVE_PRONOUNS = words("who which that whom")
_QUOTE_CHARS = frozenset('"“”«»')
_SOURCE_LIKE_ENTS = words("PERSON ORG NORP GPE")
_SOURCE_LIKE_NOUNS = (
    PEOPLE_NOUNS
    | TITLE_WORDS
    | DOCUMENT_NOUNS
    | GOVERNMENT_WORDS
    | ORGANIZATION_WORDS
    | OUTLET_WORDS
    | frozenset(["reports", "sources"])
)
# Cues only a speaker can be the subject of ("the air tells me ..." is why `tell` is not one).
_SPEECH_VERBS = words(
    "say announce confirm deny state add claim insist warn acknowledge admit reveal declare allege "
    "explain testify write report call rule"
)
# Cues whose infinitive is what they report: a promise, a threat, a call ("vowed to retaliate").
_COMMISSIVES = words("pledge vow promise urge call")
# What a participle cue may confirm or cite without reporting it: "confirming a report in the Times".
_REPORT_NOUNS = words("report reports account story article memo document finding claim")
# Whom a source tells: "told reporters", "told the newspaper".
_RECIPIENTS = PEOPLE_NOUNS | words(
    "reporter journalist correspondent newspaper broadcaster interviewer audience"
)
# Quantifiers standing for people: "Some asked why ...", "Others said ...".
_QUANTIFIERS = words("some many others few several both all most each")


@dataclass(eq=False)
class _Draft:
    """An attribution being built; `via` points to another draft until the final indexing."""

    cue: Span
    source: Span | None
    content: list[Span]
    kind: str
    via: _Draft | None = None
    tail_char: int = -1  # end of the text this attribution covers, for quote continuations
    ranges: list[tuple[int, int]] = field(default_factory=list)  # content token ranges


class _QuoteIndex:
    """Quotations located on the doc's tokens, searchable by token position."""

    def __init__(
        self, doc: Doc, text: str, quotes: list[Quote], starts: list[int], paragraph_starts: list[int]
    ):
        self.doc = doc
        self.text = text  # Doc.text rebuilds the string on each access: keep one copy
        self.quotes = quotes
        self.open_tok = [bisect.bisect_right(starts, q.open_char) - 1 for q in quotes]
        self.close_tok = [bisect.bisect_right(starts, q.close_char) - 1 for q in quotes]
        self.used = [False] * len(quotes)
        # Token indices where a paragraph starts: spans never cross a paragraph break.
        self.paragraph_starts = paragraph_starts
        # Token -> quote index, for tokens from the opening to the closing mark.
        self.inside = [-1] * len(doc)
        for qi, (a, b) in enumerate(zip(self.open_tok, self.close_tok, strict=True)):
            for i in range(a, b + 1):
                self.inside[i] = qi

    def paragraph(self, i: int) -> tuple[int, int]:
        """The token range of the paragraph holding token i."""
        k = bisect.bisect_right(self.paragraph_starts, i)
        start = self.paragraph_starts[k - 1]
        end = self.paragraph_starts[k] if k < len(self.paragraph_starts) else len(self.doc)
        return start, end

    def clip(self, i: int, lo: int, hi: int) -> tuple[int, int]:
        """Clip the range lo..hi to the sentence and paragraph of token i."""
        start, end = self.paragraph(i)
        sent = self.doc[i].sent
        return max(lo, start, sent.start), min(hi, end, sent.end)

    def tail(self, i: int) -> int:
        """Where the sentence of token i ends, not past its paragraph (a char offset)."""
        end = self.clip(i, 0, len(self.doc))[1]
        return self.doc[end - 1].idx + len(self.doc[end - 1].text)

    def spans(self, qi: int) -> list[Span]:
        out = []
        for start, end in self.quotes[qi].parts:
            span = self.doc.char_span(start, end, alignment_mode="contract")
            if span is None or len(span) == 0:
                span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span) > 0:
                out.append(span)
        return out

    def ends_sentence(self, qi: int) -> bool:
        text = self.text
        end = self.quotes[qi].last_text_end
        return end > 0 and text[end - 1] in _SENTENCE_END

    def ends_with_period(self, qi: int) -> bool:
        text = self.text
        end = self.quotes[qi].last_text_end
        # "..." trails off rather than ending the sentence.
        return text[end - 1] == "." and text[max(0, end - 3) : end] != "..."

    def opens_clause(self, qi: int) -> bool:
        """A direct quote starts its sentence or follows punctuation; otherwise it is partial."""
        i = self.open_tok[qi]
        if i == 0 or self.doc[i].is_sent_start:
            return True
        prev = self.doc[i - 1]
        return prev.is_punct or prev.is_space or "\n" in prev.whitespace_


def _passive_modifier(t: Token) -> bool:
    """ "the said vessel", "Asked about the strikes, he said ...": the subject did not speak."""
    if t.dep_ in ("amod", "compound"):
        return True
    return (
        t.tag_ == "VBN"
        and t.dep_ in ("advcl", "acl", "xcomp")
        and not any(ch.dep_ in ("aux", "agent") for ch in t.children)
    )


_WITHHELD = words("decline refuse fail")


def _unsaid(t: Token) -> bool:
    """ "did not say", "declined to confirm or deny": nothing is reported as said."""
    for tok in (t, t.head if t.dep_ == "conj" else t):
        if any(ch.dep_ == "neg" for ch in tok.children):
            return True
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _WITHHELD:
            return True
    return False


def _path_dep(tok: Token, cue: Token, max_steps: int = 8) -> str | None:
    """The dependency label of the cue's child on the path from `tok` up to the cue, if any."""
    for _ in range(max_steps):
        if tok.head is cue or tok.head.i == cue.i:
            return tok.dep_
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


class AttributionFinder:
    def __init__(self, cues: frozenset[str], cues_inside_quotes: bool, max_gap: int):
        self.cues = cues
        self.object_cues = OBJECT_CUE_VERBS & cues
        self.cues_inside_quotes = cues_inside_quotes
        self.max_gap = max_gap

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = self.find(doc)
        set_model(doc, "attribution", "rules")
        return doc

    # -- the pass over the document -------------------------------------------------------

    def find(self, doc: Doc) -> list[AttributionMention]:
        # The one pass over the tokens: offsets, paragraph starts and candidate cues.
        cues: list[Token] = []
        accordings: list[Token] = []
        citings: list[Token] = []
        starts: list[int] = []
        paragraph_starts = [0]
        n = len(doc)
        for t in doc:
            starts.append(t.idx)
            if "\n" in t.whitespace_:
                paragraph_starts.append(t.i + 1)
            elif t.is_space and "\n" in t.text:
                paragraph_starts += [t.i, t.i + 1]
            low = t.lower_
            if low == "according":
                if t.i + 1 < n and doc[t.i + 1].lower_ == "to":
                    accordings.append(t)
            elif low == "citing" or (t.lemma_ == "cite" and t.dep_ == "relcl"):
                # "citing officials", and "the Times, which cited four unnamed sources"
                citings.append(t)
            elif (
                t.pos_ in ("VERB", "AUX")
                and (t.lemma_.lower() in self.cues or _figure_put(t))
                and not _passive_modifier(t)
                and not _unsaid(t)
            ):
                cues.append(t)
        text = doc.text
        qx = _QuoteIndex(doc, text, find_quotes(text), starts, paragraph_starts)
        if not self.cues_inside_quotes:
            cues, accordings, citings = (
                [t for t in group if qx.inside[t.i] < 0] for group in (cues, accordings, citings)
            )
        nested = accordings + citings
        cue_set = {c.i for c in cues}
        drafts: dict[int, _Draft] = {}
        # Quotes before their cue are claimed first, so that in `"X," she said. "Y," he added.`
        # the second quote goes to "added", not to "said".
        left = {c.i: self._left_quote(doc, qx, c) for c in cues}
        for c in cues:
            draft = self._direct(doc, qx, c, left[c.i])
            if draft is None:
                draft = self._reported(doc, qx, c, nested, cue_set)
            if draft is not None:
                drafts[c.i] = draft
        self._continuations(doc, qx, drafts)
        for t in accordings:
            if (d := self._according(doc, qx, t, drafts)) is not None:
                drafts[t.i] = d
        for t in citings:
            if (d := self._citing(doc, qx, t, drafts)) is not None:
                drafts[t.i] = d
        return _finalise(list(drafts.values()))

    # -- direct quotes --------------------------------------------------------------------

    def _gap_ok(self, doc: Doc, qx: _QuoteIndex, lo: int, hi: int, cue: Token) -> bool:
        """Tokens lo..hi-1 are only punctuation and the cue's speaker/recipient/adverbials."""
        if hi - lo > self.max_gap or lo > hi:
            return False
        for i in range(lo, hi):
            tok = doc[i]
            if tok.lower_ == "that":  # said that "..." introduces a clause: mixed, not direct
                return False
            if tok.is_punct or tok.is_space or qx.inside[i] >= 0:
                if qx.inside[i] >= 0 and not tok.is_punct:
                    return False
                continue
            if _path_dep(tok, cue) not in _GAP_DEPS:
                return False
        return "\n" not in qx.text[doc[lo - 1].idx if lo > 0 else 0 : doc[hi].idx if hi < len(doc) else None]

    def _left_quote(self, doc: Doc, qx: _QuoteIndex, cue: Token) -> int | None:
        qi = bisect.bisect_left(qx.close_tok, cue.i) - 1
        if qi < 0 or qx.ends_with_period(qi) or not qx.opens_clause(qi):
            return None
        if self._gap_ok(doc, qx, qx.close_tok[qi] + 1, cue.i, cue):
            return qi
        return None

    def _right_quote(self, doc: Doc, qx: _QuoteIndex, cue: Token, after_left: bool) -> int | None:
        qi = bisect.bisect_right(qx.open_tok, cue.i)
        if qi >= len(qx.quotes) or qx.used[qi]:
            return None
        lo, hi = cue.i + 1, qx.open_tok[qi]
        gap = doc[lo:hi]
        if any(t.text in _SENTENCE_END for t in gap):
            return None
        # A quote resumed after its cue ("X," she said, "and Y.") follows a comma.
        if after_left and not any(t.text == "," for t in gap):
            return None
        return qi if self._gap_ok(doc, qx, lo, hi, cue) else None

    def _direct(self, doc: Doc, qx: _QuoteIndex, cue: Token, left: int | None) -> _Draft | None:
        found = []
        if left is not None and not qx.used[left]:
            qx.used[left] = True
            found.append(left)
        right = self._right_quote(doc, qx, cue, after_left=bool(found))
        if right is not None:
            qx.used[right] = True
            found.append(right)
        if not found:
            return None
        content = [s for qi in found for s in qx.spans(qi)]
        if not content:
            return None
        last = max(qx.close_tok[qi] for qi in found)
        tail = max(qx.tail(cue.i), doc[last].idx + 1)
        return _Draft(
            doc[cue.i : cue.i + 1],
            _source_span(doc, qx, cue, self.cues),
            content,
            "direct",
            tail_char=tail,
            ranges=[(s.start, s.end) for s in content],
        )

    def _continuations(self, doc: Doc, qx: _QuoteIndex, drafts: dict[int, _Draft]) -> None:
        """A full-sentence quote right after a direct attribution, with no cue, continues it."""
        direct = sorted((d for d in drafts.values() if d.kind == "direct"), key=lambda d: d.tail_char)
        if not direct:
            return
        text = qx.text
        tails = [d.tail_char for d in direct]
        for qi, quote in enumerate(qx.quotes):
            if qx.used[qi] or not qx.ends_sentence(qi):
                continue
            pos = bisect.bisect_right(tails, quote.open_char) - 1
            if pos < 0:
                continue
            draft = direct[pos]
            gap = text[draft.tail_char : quote.open_char]
            if gap.strip() or "\n" in gap:
                continue
            spans = qx.spans(qi)
            if spans:
                qx.used[qi] = True
                draft.content.extend(spans)
                draft.ranges.extend((s.start, s.end) for s in spans)
                draft.tail_char = max(quote.close_char + 1, qx.tail(qx.close_tok[qi]))
                tails[pos] = draft.tail_char

    # -- reported speech ------------------------------------------------------------------

    def _reported(
        self, doc: Doc, qx: _QuoteIndex, cue: Token, nested: list[Token], cue_set: set[int]
    ) -> _Draft | None:
        # The parser sometimes runs a sentence across a paragraph break; a clause in another
        # paragraph is not this cue's content.
        para = qx.paragraph(cue.i)
        clauses = self._complements(doc, qx, cue, para)
        if not clauses:
            if _is_interposed(cue) and qx.paragraph(cue.head.i) == para:
                return self._interposed(doc, qx, cue, nested, cue_set)
            return None
        clause = clauses[0]
        # "said X were ... and that Y": coordinated complements on the cue's side are one content.
        same_side = [c for c in clauses if (c.i > cue.i) == (clause.i > cue.i)]
        lo, hi = min(c.left_edge.i for c in same_side), max(c.right_edge.i for c in same_side) + 1
        that = next((ch for ch in clause.children if ch.dep_ == "mark" and ch.lower_ == "that"), None)
        if that is not None and that.i < clause.i:
            lo = max(lo, that.i + 1)
        lo, hi = qx.clip(clause.i, lo, hi)
        if lo <= cue.i < hi:  # a misparse folding the cue into its own clause
            lo, hi = (cue.i + 1, hi) if clause.i > cue.i else (lo, cue.i)
        holes = [(t.left_edge.i, t.right_edge.i + 1) for t in nested if lo <= t.i < hi]
        stranded = _stranded_speaker(doc, cue)
        if stranded is not None:  # '..., a spokesman for the fire service, Dario Venn, said.'
            holes.append((stranded.left_edge.i, cue.i))
        # "said the ships left and added that ...": a coordinated cue is its own attribution.
        holes += [(t.i, t.right_edge.i + 1) for t in clause.subtree if t.dep_ == "conj" and t.i in cue_set]
        pieces = _content_spans(doc, qx, lo, hi, holes)
        if not pieces:
            return None
        qi = qx.inside[clause.i]
        if qi >= 0 and that is None and not qx.used[qi] and all(qx.inside[s.start] == qi for s in pieces):
            # The whole clause is a quotation the adjacency rules missed. (After "that" it
            # stays mixed: the reporter's syntax frames the quoted words.)
            content = qx.spans(qi)
            if content:
                qx.used[qi] = True
                return self._draft(doc, qx, cue, content, "direct")
        return self._indirect(doc, qx, cue, pieces)

    def _complements(self, doc: Doc, qx: _QuoteIndex, cue: Token, para: int) -> list[Token]:
        """What the cue reports, by the first form that applies: its complement clause, a "that" clause
        the parser hung elsewhere ("said in a statement that ..."), the object of an object cue ("denied
        any involvement"; "described the damage as severe" with its "as"), a verdict or a demand
        ("called the charges baseless", "called for a ceasefire"), a promise's infinitive ("pledged to
        push for an amendment")."""
        clauses = [
            ch
            for ch in cue.children
            if ch.dep_ == "ccomp" and qx.paragraph(ch.i) == para and not _across_semicolon(doc, cue, ch)
        ]
        if clauses:
            return clauses
        clauses = _that_clause(doc, cue, self.max_gap)
        if clauses:
            return clauses
        lemma = cue.lemma_.lower()
        if _figure_put(cue):  # the thing measured and the figure: "the death toll at 112"
            return [
                ch for ch in cue.children if ch.dep_ == "dobj" or (ch.dep_ == "prep" and ch.lower_ == "at")
            ]
        objects = [ch for ch in cue.children if ch.dep_ == "dobj"] if lemma in self.object_cues else []
        if cue.tag_ == "VBG" and any(o.lemma_.lower() in _REPORT_NOUNS for o in objects):
            return []  # "..., confirming a report in the Times": how the sentence relates to a report
        if not objects and lemma in self.object_cues:
            # "denied receiving any warning", "admitted taking bribes": a gerund is the object
            objects = [ch for ch in cue.children if ch.dep_ == "xcomp" and ch.tag_ == "VBG" and ch.i > cue.i]
        if objects:
            if lemma == "describe":
                objects += [
                    ch
                    for ch in cue.children
                    if ch.i > objects[0].i
                    and ch.dep_ in ("prep", "advcl", "oprd")
                    and doc[ch.left_edge.i].lower_ == "as"
                ]
            return objects
        called = _called(cue) if lemma == "call" else []
        if called:
            return called
        if lemma in _COMMISSIVES:
            return [ch for ch in cue.children if ch.dep_ == "xcomp" and ch.i > cue.i]
        return []

    def _indirect(self, doc: Doc, qx: _QuoteIndex, cue: Token, pieces: list[Span]) -> _Draft | None:
        """Reported speech over `pieces`: mixed when a partial quotation is in them."""
        quoted = any(qx.inside[i] >= 0 for s in pieces for i in range(s.start, s.end))
        return self._draft(doc, qx, cue, pieces, "mixed" if quoted else "indirect")

    def _interposed(
        self, doc: Doc, qx: _QuoteIndex, cue: Token, nested: list[Token], cue_set: set[int]
    ) -> _Draft | None:
        """ "The museum, Mr. Obama said, would make visitors ...": the cue set off by commas inside the
        clause it reports; the content is that clause on both sides of it."""
        clause = cue.head
        lo, hi = qx.clip(clause.i, clause.left_edge.i, clause.right_edge.i + 1)
        holes = [(cue.left_edge.i, cue.right_edge.i + 1)]
        holes += [(t.left_edge.i, t.right_edge.i + 1) for t in nested if lo <= t.i < hi]
        holes += [(t.i, t.right_edge.i + 1) for t in clause.subtree if t.i in cue_set and t.i != cue.i]
        pieces = _content_spans(doc, qx, lo, hi, holes)
        return self._indirect(doc, qx, cue, pieces) if pieces else None

    def _draft(self, doc: Doc, qx: _QuoteIndex, cue: Token, content: list[Span], kind: str) -> _Draft | None:
        source = _source_span(doc, qx, cue, self.cues)
        if source is not None and kind != "direct" and not _source_like(source.root, cue):
            return None  # "the air tells me winter is close": not a speaker
        return _Draft(
            doc[cue.i : cue.i + 1],
            source,
            content,
            kind,
            tail_char=qx.tail(cue.i),
            ranges=[(s.start, s.end) for s in content],
        )

    # -- according to, citing -------------------------------------------------------------

    def _according(self, doc: Doc, qx: _QuoteIndex, t: Token, drafts: dict[int, _Draft]) -> _Draft | None:
        pobj = next((ch for ch in doc[t.i + 1].children if ch.dep_ == "pobj"), None)
        if pobj is None:
            return None
        source = _np_span(doc, pobj, None)
        draft = _Draft(doc[t.i : t.i + 2], source, [], "according_to")
        parent = _parent_draft(t, drafts)
        if parent is not None and _own_clause(t, parent):
            # "X said ..., a day after police fired tear gas, according to police": police vouch for
            # their own clause, not for what X said
            parent = None
        if parent is not None and not _within(t.i, parent.ranges):
            # "Ortega said X, according to the Times": Ortega's words come through the Times.
            draft.content = list(parent.content)
            if parent.via is None:
                parent.via = draft
            return draft
        draft.content = _host_clause(doc, qx, t)
        draft.via = parent
        return draft if draft.content else None

    def _citing(self, doc: Doc, qx: _QuoteIndex, t: Token, drafts: dict[int, _Draft]) -> _Draft | None:
        obj = next((ch for ch in t.children if ch.dep_ == "dobj"), None)
        if obj is None or not _source_like(obj):
            return None  # "citing security concerns" gives a reason, not a source
        if t.dep_ == "relcl":
            # "according to the Times, which cited ...": the Times' attribution holds it.
            parent = _parent_draft(t, drafts)
            if parent is None or parent.source is None or not parent.source.start <= t.i < parent.source.end:
                return None
            return _Draft(
                doc[t.i : t.i + 1],
                _np_span(doc, obj, None),
                list(parent.content),
                "other",
                via=parent,
            )
        draft = _Draft(doc[t.i : t.i + 1], _np_span(doc, obj, None), [], "other")
        parent = _parent_draft(t, drafts)
        if parent is not None:
            # "A report, citing four sources, says X": the sources speak inside the report.
            draft.content, draft.via = list(parent.content), parent
        else:
            draft.content = _host_clause(doc, qx, t)
        return draft if draft.content else None


# -- helpers over the parse -----------------------------------------------------------------


def _across_semicolon(doc: Doc, cue: Token, clause: Token) -> bool:
    """ "X say A; Y says B": a semicolon ends a clause, so A is not what Y says (the parser may hang it
    on the second cue)."""
    lo, hi = (clause.right_edge.i, cue.i) if clause.i < cue.i else (cue.i, clause.left_edge.i)
    return any(doc[i].text == ";" for i in range(lo + 1, hi))


def _figure_put(t: Token) -> bool:
    """ "put the death toll at 112", "puts the spill at 2,000 tonnes": the subject gives a figure."""
    if t.lemma_.lower() != "put" or not any(ch.dep_ == "dobj" for ch in t.children):
        return False
    at = [ch for ch in t.children if ch.dep_ == "prep" and ch.lower_ == "at"]
    return any(w.like_num for ch in at for w in ch.subtree)


def _called(cue: Token) -> list[Token]:
    """What "call" reports: a verdict ("called the charges baseless": the object and its complement)
    or a demand ("called for a ceasefire": what is called for)."""
    objects = [ch for ch in cue.children if ch.dep_ == "dobj" and ch.i > cue.i]
    complements = [ch for ch in cue.children if ch.dep_ == "oprd" and ch.i > cue.i]
    if objects and complements:
        return [objects[0], complements[0]]
    for prep in cue.children:
        if prep.dep_ == "prep" and prep.lower_ == "for" and prep.i == cue.i + 1:
            return [ch for ch in prep.children if ch.dep_ in ("pobj", "pcomp")][:1]
    return []


def _content_spans(doc: Doc, qx: _QuoteIndex, lo: int, hi: int, holes: list[tuple[int, int]]) -> list[Span]:
    """The content tokens lo..hi less the holes (nested attributions, other cues), as spans."""
    return [_close_partial_quote(doc, qx, s) for s in _pieces(doc, lo, hi, holes)]


def _is_interposed(cue: Token) -> bool:
    """A cue with its subject between commas inside another clause: ", Mr. Clarke said, "."""
    doc = cue.doc
    left, right = cue.left_edge.i, cue.right_edge.i
    return (
        cue.dep_ == "parataxis"
        and cue.head.pos_ in ("VERB", "AUX")
        and any(ch.dep_ == "nsubj" for ch in cue.children)
        and left > cue.head.left_edge.i
        and doc[left].text == ","
        and doc[right].text == ","
    )


def _that_clause(doc: Doc, cue: Token, max_gap: int) -> list[Token]:
    """ "said in a statement that ...": the parser may hang the clause on the statement."""
    for i in range(cue.i + 1, min(cue.i + max_gap, cue.sent.end)):
        tok = doc[i]
        if (
            tok.lower_ == "that"
            and tok.dep_ == "mark"
            and tok.head.i > i
            and _path_dep(tok.head, cue) is not None
        ):
            return [tok.head]
    return []


def _subject(cue: Token, cues: frozenset[str], depth: int = 0) -> Token | None:
    """The speaker: the cue's subject, the `by` agent of a passive, or a governing verb's."""
    passive = False
    # The nearest subject: a dateline ("CARACAS — ...") can be parsed as a second one.
    subjects = sorted((ch for ch in cue.children if ch.dep_ == "nsubj"), key=lambda ch: abs(ch.i - cue.i))
    if subjects:
        if subjects[0].lower_ in _RELATIVE_PRONOUNS and cue.dep_ == "relcl":
            return cue.head  # "Ortega, who said ..."
        return subjects[0]
    for ch in cue.children:
        if ch.dep_ == "agent":
            return next((g for g in ch.children if g.dep_ == "pobj"), None)
        if ch.dep_ in ("nsubjpass", "expl", "csubj"):
            passive = True
    if passive or depth >= 3 or cue.dep_ not in ("conj", "advcl", "xcomp") or cue.head.i == cue.i:
        return None
    # "... he said, adding that ...": borrow the subject of the governing verb, preferring a
    # reporting verb over an intervening clause ("said the ships left and added ...").
    anc = cue.head
    for _ in range(4):
        if anc.lemma_.lower() in cues:
            return _subject(anc, cues, depth + 1)
        if anc.head.i == anc.i:
            break
        anc = anc.head
    return _subject(cue.head, cues, depth + 1)


def _source_span(doc: Doc, qx: _QuoteIndex, cue: Token, cues: frozenset[str]) -> Span | None:
    subj = _subject(cue, cues)
    start, end = qx.paragraph(cue.i)
    if subj is not None and not start <= subj.i < end:
        subj = None
    if subj is None:
        subj = _orphan_subject(doc, cue, start) or _stranded_speaker(doc, cue)
    if subj is None:
        return None
    span = _np_span(doc, subj, cue)
    if span is not None:
        lo, hi = qx.clip(subj.i, span.start, span.end)
        skipped = _skip_dateline(doc, lo, hi)
        if skipped < hi:  # a leading dateline is no part of the source
            lo = skipped
        span = _trim(doc, lo, hi)
        if span is not None and not span.start <= subj.i < span.end:
            subj = span.root  # the parser made the dateline's place the subject: 'HALVIK, June 8 - X said'
    # The speaker is never inside the quotation: cut a misparsed phrase back to the head.
    if span is not None and qx.inside[subj.i] < 0:
        lo, hi = span.start, span.end
        for i in range(subj.i, span.start - 1, -1):
            if qx.inside[i] >= 0:
                lo = i + 1
                break
        for i in range(subj.i, span.end):
            if qx.inside[i] >= 0:
                hi = i
                break
        span = _trim(doc, lo, hi)
    return span


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "agent"})


def _stranded_speaker(doc: Doc, cue: Token) -> Token | None:
    """ "..., a spokesman for the regional fire service, Dario Venn, said.": the parser hung the speaker,
    set off by commas right before a subjectless cue, on the content as an apposition."""
    if cue.i < 3 or doc[cue.i - 1].text != "," or any(ch.dep_ in _SUBJECT_DEPS for ch in cue.children):
        return None
    for tok in doc[max(0, cue.i - 30) : cue.i - 1]:
        if (
            tok.dep_ == "appos"
            and tok.head.i < tok.i
            and tok.right_edge.i == cue.i - 2
            and tok.left_edge.i > 0
            and doc[tok.left_edge.i - 1].text == ","
            and _source_like(tok)
        ):
            return tok  # the first (outermost) one: 'a spokesman ..., Dario Venn'
    return None


def _orphan_subject(doc: Doc, cue: Token, para_start: int) -> Token | None:
    """The paragraph-initial noun phrase that a misparse attached to the previous paragraph:
    "...intimidated."\n\nA new report, citing ..., says ..." (the cue has no subject)."""
    if cue.dep_ != "ROOT" or any(ch.dep_ in ("nsubjpass", "expl", "agent") for ch in cue.children):
        return None
    for i in range(cue.i - 1, para_start - 1, -1):
        tok = doc[i]
        if tok.head.i < para_start and tok.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok
    return None


def _np_span(doc: Doc, head: Token, cue: Token | None, max_len: int = 30) -> Span | None:
    """The full noun phrase of `head`, cut before the cue's own clause (relative clauses)."""
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    if cue is not None and lo <= cue.i < hi:
        if cue.i > head.i:
            hi = min(hi, cue.left_edge.i)
        else:
            lo = max(lo, cue.right_edge.i + 1)
    if head.pos_ == "PROPN":
        # "said Trade Minister Tomas Ibarra at the signing ceremony": a place or occasion
        # hanging on a name belongs to the verb, not to the speaker.
        for ch in head.rights:
            if ch.dep_ == "prep" and ch.lower_ not in ("of", "for"):
                hi = min(hi, ch.i)
                break
    if hi - lo > max_len:  # a runaway subtree from a bad parse: keep the head's own chunk
        lo = min([head.i, *(t.left_edge.i for t in head.lefts)])
        hi = head.i + 1
    span = _trim(doc, lo, hi)
    while (
        span is not None and len(span) > 1 and span[-1].lower_ in _RELATIVE_PRONOUNS and span[-1].i != head.i
    ):
        span = _trim(doc, span.start, span.end - 1)
    return span


def _trim(doc: Doc, lo: int, hi: int) -> Span | None:
    """Drop punctuation (other than quotation marks) and spaces at both edges."""
    while lo < hi and _edge_junk(doc[lo]):
        lo += 1
    while hi > lo and _edge_junk(doc[hi - 1]):
        hi -= 1
    return doc[lo:hi] if hi > lo else None


def _edge_junk(tok: Token) -> bool:
    return tok.is_space or (tok.is_punct and tok.text not in _QUOTE_CHARS) or tok.dep_ == "cc"


def _close_partial_quote(doc: Doc, qx: _QuoteIndex, span: Span) -> Span:
    """Extend a clause ending inside a partial quote to its closing mark: `was "dead,"`."""
    qi = qx.inside[span.end - 1]
    if qi < 0 or qx.close_tok[qi] < span.end:
        return span
    close = qx.close_tok[qi]
    if close - span.end > 2 or not all(t.is_punct for t in doc[span.end : close + 1]):
        return span
    return doc[span.start : close + 1]


def _pieces(doc: Doc, lo: int, hi: int, holes: Iterable[tuple[int, int]]) -> list[Span]:
    """Token range lo..hi minus the holes, trimmed; empty or punctuation-only pieces dropped."""
    pieces, start = [], lo
    for a, b in sorted(holes):
        if b <= start or a >= hi:
            continue
        pieces.append((start, max(start, a)))
        start = max(start, b)
    pieces.append((start, hi))
    out = []
    for a, b in pieces:
        span = _trim(doc, _skip_dateline(doc, a, b), b)
        if span is not None and any(not t.is_punct for t in span):
            out.append(span)
    return out


def _skip_dateline(doc: Doc, lo: int, hi: int) -> int:
    """Skip a leading dateline ("WASHINGTON —", "CARACAS (CWS) —", "HALVIK, June 8 (Coastal Wire) - "):
    it is not reported content, nor part of a source."""
    first = doc[lo] if lo < hi else None
    if first is None:
        return lo
    place = first.is_upper and first.is_alpha and len(first) > 2
    # the date part alone, when the parser cut the place off: 'Oct 5 (CPA) - Almiran police said'
    date = first.text.rstrip(".").lower() in MONTHS and lo + 1 < hi and doc[lo + 1].like_num
    if not (place or date):
        return lo
    for i in range(lo + 1, min(hi, lo + 10)):
        if doc[i].text in ("—", "--", "–") or (doc[i].text == "-" and doc[i - 1].whitespace_):
            return i + 1
    return lo


def _host_clause(doc: Doc, qx: _QuoteIndex, t: Token) -> list[Span]:
    """The clause an adverbial ("according to ...", "citing ...") hangs on, without it."""
    host = t.head
    for _ in range(6):
        if host.head.i == host.i:
            break
        # "struck three boats, killing 11 people, according to ...": the participle hangs on
        # the clause the source vouches for.
        participle = host.dep_ in ("advcl", "xcomp", "acl") and host.tag_ in ("VBG", "VBN")
        if host.pos_ in ("VERB", "AUX") and not participle:
            break
        host = host.head
    if host.i == t.i:
        return []
    lo, hi = qx.clip(t.i, host.left_edge.i, host.right_edge.i + 1)
    return _pieces(doc, lo, hi, [(t.left_edge.i, t.right_edge.i + 1)])


def _told_someone(cue: Token) -> bool:
    """ "told Granite Broadcast Network", "told reporters": telling a named or a person recipient is
    speaking ("the air tells you" is not)."""
    return cue.lemma_.lower() == "tell" and any(
        ch.dep_ in ("dative", "dobj")
        and (ch.pos_ == "PROPN" or ch.ent_type_ in ("ORG", "PERSON") or ch.lemma_.lower() in _RECIPIENTS)
        for ch in cue.children
    )


def _parent_draft(t: Token, drafts: dict[int, _Draft]) -> _Draft | None:
    """The attribution whose cue governs `t` in the parse, if any."""
    tok = t
    for _ in range(8):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.i in drafts:
            return drafts[tok.i]
    return None


def _own_clause(t: Token, parent: _Draft) -> bool:
    """An adverbial source hangs on a clause of its own, with its own subject, below the parent's cue."""
    host = t.head
    while host.pos_ not in ("VERB", "AUX") and host.head.i != host.i:
        host = host.head
    return host.i != parent.cue.start and any(ch.dep_ in ("nsubj", "nsubjpass") for ch in host.children)


def _within(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in ranges)


def _source_like(tok: Token, cue: Token | None = None) -> bool:
    """A speaker: a name, pronoun, number, people or body word; and any noun that says, announces,
    confirms or denies ("The club said ...", "The carmaker announced ..."): only a speaker does."""
    speech = (
        cue is not None and tok.pos_ == "NOUN" and (cue.lemma_.lower() in _SPEECH_VERBS or _told_someone(cue))
    )
    return (
        speech
        or tok.pos_ in ("PROPN", "PRON", "NUM")
        or tok.lower_ in _QUANTIFIERS
        or tok.ent_type_ in _SOURCE_LIKE_ENTS
        or tok.lemma_.lower() in _SOURCE_LIKE_NOUNS
        or tok.lower_ in _SOURCE_LIKE_NOUNS
    )


def _finalise(drafts: list[_Draft]) -> list[AttributionMention]:
    kept = sorted((d for d in drafts if d.content), key=lambda d: (d.cue.start, d.cue.end))
    index = {id(d): i for i, d in enumerate(kept)}
    return [
        AttributionMention(
            cue=d.cue,
            content=d.content,
            kind=d.kind,
            source=d.source,
            via=index.get(id(d.via)) if d.via is not None else None,
        )
        for d in kept
    ]


@Language.factory(
    "newstrace_attribution",
    default_config={"model": "rules", "extra_cues": [], "cues_inside_quotes": False, "max_gap": 12},
)
def make_attribution(
    nlp: Language, name: str, model: str, extra_cues: list[str], cues_inside_quotes: bool, max_gap: int
):
    """`model`: "rules" (this module), "fast" or "accurate" (learned taggers, see
    newstrace.nlp.attribution_model) or the folder of a trained tagger. For the rules:
    `extra_cues`: more reporting-verb lemmas; `cues_inside_quotes`: also report speech verbs
    inside quotations; `max_gap`: most tokens between a quote and its cue."""
    register_extensions()
    if model != "rules":
        from newstrace.nlp.attribution_model import ModelAttribution, load_model

        return ModelAttribution(load_model(model), model)
    cues = CUE_VERBS | frozenset(c.lower() for c in extra_cues)
    return AttributionFinder(cues, cues_inside_quotes, max_gap)
