"""The `newstrace_framing` component: reporting versus opinion, and loaded language, with evidence.

Two results on `doc._.framing` (a `types.FramingResult`):

* **Passages.** Every paragraph is labelled reporting, opinion or mixed by a transparent scored
  cue model: each sentence collects cues in the outlet's own voice (first person, evaluative
  words, stance adverbs, unattributed claims of motive, rhetorical questions, calls to action
  and prescriptive modals), each with a fixed weight. A sentence is argued when its weights
  reach `SENTENCE_THRESHOLD`; a sentence with no cue that carries a reporting marker (an
  attribution, a number or date) is reported. A paragraph with argued sentences only is opinion,
  with both mixed, with none reporting. Cues inside attributed content (`doc._.attributions`)
  or inside quotation marks belong to the quoted speaker, not the outlet, and are not counted,
  nor are the cues of a sentence whose speech verb has a third-person source ("the senator
  called the deal the worst in a generation").
* **Loaded language and name calling.** Spans tagged by a CRF trained on the Propaganda
  Techniques Corpus (`framing_model.LoadedLanguageTagger`), each with the technique, a score
  and the words that triggered it.

Every item is also set on a Span extension: `span._.framing` is the FramingPassage of a
paragraph or the FramingSpan of a loaded span, and `doc.spans["framing_passages"]` /
`doc.spans["framing_loaded"]` hold the spans labelled.

No cue or feature names a side: the word lists are judgements and stances, never parties,
countries or outlets, and the tagger masks names (see `framing_model`).
"""

from __future__ import annotations

import math
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newstrace.nlp import bundled
from newstrace.nlp.framing_lexicon import EVALUATIVE
from newstrace.nlp.framing_model import LoadedLanguageTagger
from newstrace.nlp.lexicon import CUE_VERBS, words
from newstrace.nlp.quotes import find_quotes
from newstrace.nlp.types import (
    FramingCue,
    FramingPassage,
    FramingResult,
    FramingSpan,
    register_extensions,
    set_model,
)

BUNDLED = ("fast",)
DEFAULT_MODEL = "fast"
SENTENCE_THRESHOLD = 1.0
LOADED_CUE_SCORE = 0.5

WEIGHTS = {
    "first_person": 1.5,
    "evaluative": 1.0,
    "editorial_voice": 1.0,
    "unattributed_motive": 1.5,
    "rhetorical_question": 2.0,
    "call_to_action": 2.0,
    "prescriptive": 1.5,
    "loaded_language": 0.5,
}

# Stance adverbs and set phrases of the editorial voice (matched on lower-cased text).
EDITORIAL_WORDS = words("""
    clearly obviously surely frankly predictably shamefully sadly thankfully undoubtedly
    plainly apparently supposedly so-called naturally honestly arguably unsurprisingly
    """)
EDITORIAL_PHRASES = (
    "of course", "as usual", "once again", "as always", "pure and simple", "plain and simple",
    "let us be clear", "let's be clear", "make no mistake", "hard to say", "remains to be seen",
    "is another matter", "nothing but", "nothing more", "could not care less", "slap on the wrist",
    "it is time", "it's time", "long past time", "enough is enough", "no one should", "nobody should",
    "the real question", "hardly surprising", "not encouraging", "hard to imagine", "it is hard to",
    "what kind of", "follow the money", "this is what", "we should not pretend", "let's stop",
    "let us stop", "stop pretending", "to be sure", "the truth is", "in fact", "it seems", "good news",
    "bad news",
)  # fmt: skip
# Claims about what actors really want or feel, stated without a source.
MOTIVE_PHRASES = (
    "real aim", "real goal", "real reason", "real purpose", "real motive", "real offence", "real offense",
    "motivated by", "care about", "cares about", "care more about", "cares more about", "eager to",
    "desperate attempt", "want to silence", "wants to silence", "in order to silence", "only interested in",
    "has no interest in", "have no interest in", "no interest in", "meant to", "designed to",
    "because they know", "because it knows", "because he knows", "because she knows", "wants to grab",
)  # fmt: skip
FIRST_PERSON = words("i me my mine myself we us our ours ourselves")
PRESCRIPTIVE_MODALS = words("should must ought")
# Nouns and numbers that mark a sentence as reporting: what happened, when, how much.
REPORT_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})
# Subjects that are no one in particular: "anyone who believes ..." is the writer talking.
GENERIC_SUBJECTS = words("anyone anybody everyone everybody nobody no-one someone whoever")
SPEECH_VERBS = CUE_VERBS | words("describe call accuse announce vow urge decline")


def _quoted_chars(doc: Doc) -> list[tuple[int, int]]:
    return [(q.open_char, q.close_char) for q in find_quotes(doc.text)]


def _attributed_tokens(doc: Doc) -> set[int]:
    """Tokens inside the content (or cue) of an attribution, or inside quotation marks."""
    out: set[int] = set()
    for mention in doc._.attributions or []:
        for span in mention.content:
            out.update(range(span.start, span.end))
    for start, end in _quoted_chars(doc):
        span = doc.char_span(start, end + 1, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def _third_person_speech(sent: Span) -> bool:
    """Whether the sentence as a whole reports someone else's words: its main verb (or one joined
    to it) is a speech verb, stated as fact, with a subject that is not the writer ("the senator
    called ...", "critics said ..."). A speech verb lower down ("a reform it claims to help") or
    under a modal ("voters must reject ...") is the writer's own sentence."""
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in SPEECH_VERBS:
            continue
        if not (tok.dep_ == "ROOT" or (tok.dep_ == "conj" and tok.head.dep_ == "ROOT")):
            continue
        if any(c.tag_ == "MD" for c in tok.children):
            continue
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and tok.dep_ == "conj":
            subjects = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and all(s.lower_ not in FIRST_PERSON | GENERIC_SUBJECTS for s in subjects):
            return True
    return False


def _imperative(sent: Span) -> Token | None:
    """The verb of an imperative sentence ("Call your senator today."), if it is one."""
    toks = [t for t in sent if not (t.is_punct or t.is_space)]
    if not toks:
        return None
    first = toks[0]
    if first.lower_ in ("let", "let's"):
        return first
    if (
        first.tag_ == "VB"
        and first.dep_ == "ROOT"
        and not any(c.dep_.startswith("nsubj") for c in first.children)
    ):
        return first
    return None


def _phrase_cues(sent: Span, phrases: tuple[str, ...], cue: str) -> list[FramingCue]:
    text = sent.text.lower()
    out = []
    for phrase in phrases:
        at = text.find(phrase)
        if at >= 0 and (at == 0 or not text[at - 1].isalnum()):
            span = sent.doc.char_span(
                sent.start_char + at, sent.start_char + at + len(phrase), alignment_mode="expand"
            )
            if span is not None:
                out.append(FramingCue(span, cue, WEIGHTS[cue]))
    return out


def sentence_cues(sent: Span, attributed: set[int], loaded: list[Span]) -> list[FramingCue]:
    """The cues of the outlet's own voice in one sentence (attributed and quoted words excluded)."""
    if _third_person_speech(sent):
        return []
    cues: list[FramingCue] = []
    for tok in sent:
        if tok.i in attributed or tok.is_space:
            continue
        lower, lemma = tok.lower_, tok.lemma_.lower()
        if lower in FIRST_PERSON and tok.pos_ == "PRON":
            cues.append(FramingCue(sent.doc[tok.i : tok.i + 1], "first_person", WEIGHTS["first_person"]))
        elif (lemma in EVALUATIVE or lower in EVALUATIVE) and tok.tag_ not in ("JJR", "RBR"):
            cues.append(FramingCue(sent.doc[tok.i : tok.i + 1], "evaluative", WEIGHTS["evaluative"]))
        elif lower in EDITORIAL_WORDS:
            cues.append(
                FramingCue(sent.doc[tok.i : tok.i + 1], "editorial_voice", WEIGHTS["editorial_voice"])
            )
        elif (lower in PRESCRIPTIVE_MODALS and tok.tag_ == "MD") or (
            lemma == "need" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to"
        ):
            cues.append(FramingCue(sent.doc[tok.i : tok.i + 1], "prescriptive", WEIGHTS["prescriptive"]))
    # Phrases, imperatives and questions count only where their words are the outlet's own.
    phrased = _phrase_cues(sent, EDITORIAL_PHRASES, "editorial_voice")
    phrased += _phrase_cues(sent, MOTIVE_PHRASES, "unattributed_motive")
    verb = _imperative(sent)
    if verb is not None:
        phrased.append(FramingCue(sent.doc[verb.i : verb.i + 1], "call_to_action", WEIGHTS["call_to_action"]))
    last = [t for t in sent if not t.is_space]
    if last and last[-1].text == "?":
        mark = sent.doc[last[-1].i : last[-1].i + 1]
        phrased.append(FramingCue(mark, "rhetorical_question", WEIGHTS["rhetorical_question"]))
    cues += [c for c in phrased if not any(i in attributed for i in range(c.span.start, c.span.end))]
    seen = {c.span.start for c in cues}
    for span in loaded:
        if sent.start <= span.start < sent.end and span.start not in seen and span.start not in attributed:
            cues.append(FramingCue(span, "loaded_language", WEIGHTS["loaded_language"]))
    return sorted(cues, key=lambda c: c.span.start)


def _reported(sent: Span, attributed: set[int]) -> bool:
    """A sentence that tells what happened: it cites someone, or carries a number or a date."""
    if any(t.i in attributed for t in sent) or _third_person_speech(sent):
        return True
    return any(t.ent_type_ in REPORT_ENTS for t in sent)


def paragraphs(doc: Doc) -> list[Span]:
    """The paragraphs of `doc` (text between line breaks), without surrounding whitespace."""
    out, start = [], None
    for tok in doc:
        if tok.is_space and "\n" in tok.text:
            if start is not None:
                out.append(doc[start : tok.i])
            start = None
            continue
        if start is None:
            start = tok.i
        if "\n" in tok.whitespace_:
            out.append(doc[start : tok.i + 1])
            start = None
    if start is not None:
        out.append(doc[start : len(doc)])
    return [p for p in out if p.text.strip()]


def classify(paragraph: Span, attributed: set[int], loaded: list[Span]) -> FramingPassage:
    argued = reported = 0
    cues: list[FramingCue] = []
    total = 0.0
    for sent in _sentences(paragraph):
        found = sentence_cues(sent, attributed, loaded)
        weight = sum(c.weight for c in found)
        cues += found
        total += weight
        if weight >= SENTENCE_THRESHOLD:
            argued += 1
        elif _reported(sent, attributed):
            reported += 1
    label = "reporting" if not argued else ("mixed" if reported else "opinion")
    # The score is how much of the outlet's own argument the paragraph holds, 0..1.
    score = round(1 - math.exp(-total / 2), 3)
    return FramingPassage(paragraph, label, score, cues)


def _sentences(paragraph: Span) -> list[Span]:
    doc = paragraph.doc
    out = []
    for sent in paragraph.sents:
        start, end = max(sent.start, paragraph.start), min(sent.end, paragraph.end)
        if end > start:
            out.append(doc[start:end])
    return out


def model_folder(name: str) -> Path:
    return bundled.model_folder("framing", name, BUNDLED)


class Framing:
    def __init__(self, tagger: LoadedLanguageTagger | None, passages: bool = True):
        self.tagger = tagger
        self.passages = passages

    def __call__(self, doc: Doc) -> Doc:
        result = FramingResult(model=self.tagger.name if self.tagger else "rules")
        if self.tagger is not None:
            set_model(doc, "framing", self.tagger.name)
            for s in self.tagger.spans(doc):
                span = Span(doc, s.start, s.end, label=s.technique)
                item = FramingSpan(span, s.technique, s.score, s.triggers)
                span._.framing = item
                result.spans.append(item)
        else:
            set_model(doc, "framing", "rules")
        if self.passages:
            attributed = _attributed_tokens(doc)
            # Only confident loaded spans count as a cue: the tagger's threshold is set for recall.
            loaded = [s.span for s in result.spans if s.score >= LOADED_CUE_SCORE]
            for paragraph in paragraphs(doc):
                passage = classify(paragraph, attributed, loaded)
                span = Span(doc, paragraph.start, paragraph.end, label=passage.label)
                span._.framing = passage
                result.passages.append(passage)
        doc.spans["framing_passages"] = [
            Span(doc, p.span.start, p.span.end, label=p.label) for p in result.passages
        ]
        doc.spans["framing_loaded"] = [s.span for s in result.spans]
        doc._.framing = result
        return doc


@Language.factory("newstrace_framing", default_config={"model": DEFAULT_MODEL, "passages": True})
def make_framing(nlp: Language, name: str, model: str, passages: bool) -> Framing:
    """`model`: "fast" (the bundled CRF), a trained model's folder, or "none" (passages only)."""
    register_extensions()
    tagger = None if model == "none" else LoadedLanguageTagger(model_folder(model), model)
    return Framing(tagger, passages)
