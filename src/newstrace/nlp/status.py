"""The `newstrace_status` component: the status of each event in `doc._.events`.

Statuses: occurred, ongoing, planned, possible, threatened, denied, negated, unknown. The rules
live in `modality` (tense/aspect, negation, modals, control predicates projected up xcomp/ccomp
chains with the outermost negation or modality winning). Choices worth knowing:

* Reported speech: an event keeps the status of the content as reported ("officials said the
  navy struck three boats" -> occurred); who says so is `attributed_to`. "X denied that ..." and
  "X denied involvement in ..." -> denied for the events in the denied content.
* Questions ("Will the navy strike?") -> possible; conditionals ("if talks fail, the navy will
  blockade the port") -> possible, for both clauses' events.
* "called for"/"urged"/"demanded" X -> the call is a REQUEST event (occurred); X is possible.
* "threatened to"/"warned it would" X -> X threatened; "vowed to" X -> planned, or threatened when
  X is a conflict event (ASSAULT, COERCE, SANCTION, MOBILIZE).
* "failed to", "refused to", "did not", "never" -> negated; "no evidence that X attacked",
  "unclear whether X attacked", "asked if X attacked" -> possible (the claim is open, not denied).
* Embedded chains: the outermost negation/modality wins: "has not yet approved plans to strike"
  -> strike: negated; "could order strikes" -> strikes: possible.

Every clause's main verb gets a status by the same rules (`doc._.predicates`, `PredicateStatus`):
what a statement naming no event of the lexicon reports ("the notice will stay in force" ->
planned; "is preparing to recall the scooters" -> the status of "recall", planned), which the
claims linker reads as a claim's status.

Each event also gets a factuality score from -3 to +3 (`newstrace.nlp.factuality`), from the
model named in the component's config: `{"factuality": "fast"}` (the default), a trained model's
folder, or "none" to skip it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from newstrace.nlp.factuality import FactualityModel, load_factuality
from newstrace.nlp.lexicon import words
from newstrace.nlp.modality import event_status
from newstrace.nlp.types import PredicateStatus, register_extensions, set_model

DEFAULT_FACTUALITY = "fast"


class StatusAssigner:
    def __init__(self, factuality: FactualityModel | None):
        self.factuality = factuality

    def __call__(self, doc: Doc) -> Doc:
        events = doc._.events or []
        for event in events:
            event.status = event_status(event.trigger.root, event.category)
        doc._.predicates = [
            PredicateStatus(verb, event_status(stated_verb(verb))) for verb in doc if clause_head(verb)
        ]
        if self.factuality is not None:
            set_model(doc, "factuality", self.factuality.name)
            if events:
                triggers = [e.trigger.root for e in events]
                scores = self.factuality.scores(doc, triggers, [e.status for e in events])
                for event, score in zip(events, scores, strict=True):
                    event.factuality = round(score, 2)
        return doc


# the dependencies a clause hangs by; an auxiliary heads one only as a copula ("The minister is conscious")
_CLAUSE_DEPS = frozenset(["ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "parataxis", "acl", "csubj"])


def clause_head(token: Token) -> bool:
    """Whether a token is a clause's main verb."""
    return token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ in _CLAUSE_DEPS)


# Verbs of intent or expectation: a clause headed by one states what it intends or expects ('is
# preparing to recall'); an order, an agreement or a refusal is itself what happened.
_INTENT_VERBS = words("""
    plan intend prepare aim schedule expect set slate poise want hope seek threaten vow promise pledge decide
    """)


# ... those whose object noun is what they intend ('plans a cut', 'is preparing sanctions'; not 'set fire')
_INTENDING_OBJECT = words("plan prepare schedule threaten promise pledge")


def stated_verb(verb: Token) -> Token:
    """The word whose status a clause states: down its chain of intended or expected verbs, which take
    their status from the verbs above them ('is preparing to recall' -> 'recall': planned; 'is preparing
    sanctions' -> 'sanctions': planned)."""
    for _ in range(8):
        if verb.lemma_ not in _INTENT_VERBS:
            break
        complement = next((c for c in verb.children if _intended(c, verb.lemma_ in _INTENDING_OBJECT)), None)
        if complement is None:
            break
        verb = complement
    return verb


def _intended(child: Token, by_object: bool) -> bool:
    """What an intent verb intends: its verb complement, or (`by_object`) its object noun."""
    if child.dep_ == "xcomp":
        return child.pos_ in ("VERB", "AUX")
    return by_object and child.dep_ == "dobj" and child.pos_ == "NOUN"


@Language.factory("newstrace_status", default_config={"factuality": DEFAULT_FACTUALITY})
def make_status(nlp: Language, name: str, factuality: str) -> StatusAssigner:
    register_extensions()
    return StatusAssigner(None if factuality == "none" else load_factuality(factuality))
