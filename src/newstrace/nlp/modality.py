"""The status of an event mention, read from the dependency parse.

Conventions (see also the module docstring of `status.py`):

* A verb's own status comes from its clause: negation ("not", "never") > modal ("will" -> planned;
  "could/may/might/should/would" -> possible, but "would" under a reporting verb is a
  future-in-the-past -> planned) > hedge adverbs ("possibly") > tense/aspect (VBD, have+VBN, past
  passive -> occurred; be+VBG, present passive, simple present -> ongoing).
* A noun trigger ("the strikes") presupposes its event: occurred, unless a governor says otherwise.
* The status is then projected up the chain of embedding predicates (xcomp, ccomp, objects,
  subjects of light verbs, prepositional complements, infinitives of nouns and adjectives), one
  governor at a time, innermost first: a control predicate replaces the status with the one it
  projects ("plans to" -> planned, "threatened to" -> threatened, "denied" -> denied,
  "considering" -> possible, "failed to" -> negated), and the governor's own negation or modality
  then overrides it, so the OUTERMOST negation/modality wins ("has not approved plans to strike"
  -> strike: negated). A light/aspectual verb passes on its own status ("strikes could occur" ->
  possible; "continue to" -> ongoing). Any other verb (e.g. "said") ends the chain: reported
  content keeps its own status, the stance goes through `attributed_to`.
* Conditionals ("if"/"unless" clauses and the clauses they modify) and yes/no questions ->
  possible; a wh-question presupposes its event ("Why did the navy sink the trawler?").
* Nouns: "no" negates, a status adjective sets the status ("the upcoming elections", "the ongoing
  crackdown"); as the subject of a copula they take its tense ("Talks are under way" -> ongoing),
  a projecting predicate noun ("Strikes are among the options" -> possible), or, as a bare plural
  in a generic statement, unknown ("Blockades are a blunt instrument"). A prepositional argument
  of another event noun is presupposed ("an investigation into the killings" -> occurred).
* A negative subject negates its verb ("No ships were seized"); "ruled out", "called off" negate;
  "neither confirmed nor denied" -> unknown; allegations ("accused X of attacking") keep their
  content as reported, like reported speech.
"""

from __future__ import annotations

from spacy.tokens import Token

from newstrace.nlp import event_lexicon as lex

OCCURRED = "occurred"
ONGOING = "ongoing"
UNKNOWN = "unknown"
PLANNED = lex.PLANNED
POSSIBLE = lex.POSSIBLE
THREATENED = lex.THREATENED
DENIED = lex.DENIED
NEGATED = lex.NEGATED

NOUN_TAGS = frozenset({"NN", "NNS"})
CONFLICT_CATEGORIES = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})
# Dependency labels that end a chain: the clause is not a complement of its head.
_BOUNDARIES = frozenset({"relcl", "parataxis", "appos", "punct", "cc", "dep", "meta", "npadvmod", "advmod"})
_SUBJECTS = frozenset({"nsubj", "csubj", "expl"})
_COMPLEMENTS = frozenset(
    {"xcomp", "ccomp", "dobj", "nsubjpass", "csubjpass", "oprd", "attr", "dative", "pcomp"}
)
# What a negated governor does to the status it projects: "did not plan to strike" -> negated,
# "did not deny that ..." -> unknown, "did not fail to strike" -> occurred.
_NEGATED_PROJECTION = {
    PLANNED: NEGATED,
    THREATENED: NEGATED,
    POSSIBLE: NEGATED,
    DENIED: UNKNOWN,
    NEGATED: OCCURRED,
    OCCURRED: NEGATED,
    ONGOING: NEGATED,
    UNKNOWN: NEGATED,
}
_MAX_STEPS = 12
_WILL_WOULD = lex.MODAL_FUTURE | frozenset({"would"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her", "our"})
# Negative quantifiers: a verb whose subject they determine is negated ("No ships were seized").
_NEGATIVE_SUBJECTS = frozenset({"no", "none", "nobody", "nothing", "neither"})
# Adjectives before an event noun that give its status ("the upcoming elections").
_NOUN_MODIFIERS = {
    **dict.fromkeys(("upcoming", "forthcoming", "planned", "scheduled", "future"), PLANNED),
    **dict.fromkeys(("possible", "potential", "proposed", "prospective", "hypothetical"), POSSIBLE),
    **dict.fromkeys(("ongoing", "continuing"), ONGOING),
}
# Phrasal verbs that negate their complement ("ruled out sending troops", "called off the strike").
_PHRASAL_PROJECTIONS = {("rule", "out"): NEGATED, ("call", "off"): NEGATED}
# Control verbs missing from the lexicon's table: "voted to lift the embargo" -> planned.
_MORE_PROJECTING_VERBS = {"vote": PLANNED}
# Prepositional complements of verbs: an allegation keeps its content as reported ("accused X of
# attacking" -> occurred, like reported speech); "prepare for a blockade" -> planned.
_MORE_PROJECTING_PREPS = {
    ("accuse", "of"): OCCURRED,
    ("charge", "with"): OCCURRED,
    ("convict", "of"): OCCURRED,
    ("blame", "for"): OCCURRED,
    ("prepare", "for"): PLANNED,
}
_ALLEGATIONS = frozenset({"accuse", "charge", "convict", "blame"})
# "denied permission for the rally": refusing the permission negates the event.
_PERMISSION_NOUNS = frozenset(
    {"permission", "access", "approval", "authorization", "authorisation", "permit", "clearance", "visa"}
)
# Verbs whose noun object shares their status ("will announce sanctions" -> planned).
_ANNOUNCING_VERBS = frozenset({"announce", "declare", "unveil"})
# Verbs of preparing: an event they are still preparing is planned ("is organising a march").
_PREPARING_VERBS = frozenset({"organize", "organise", "arrange"})
# Verbs that intensify a realised event, which is then ongoing ("stepped up its patrols").
_INTENSIFYING_VERBS = frozenset(
    {"intensify", "escalate", "expand", "extend", "step", "ramp", "increase", "boost"}
)
# "retaliate with airstrikes": the means shares the response's status.
_RESPONSE_VERBS = frozenset({"retaliate", "respond", "react", "reply", "answer", "hit"})
# Adjectives that entail their infinitive: "was quick to condemn" -> condemned.
_IMPLICATIVE_ADJECTIVES = frozenset({"quick", "swift", "first", "last", "slow", "fast"})
# "are common", "are a blunt instrument", "seldom work": a bare plural subject of a generic statement.
_FREQUENCY_ADVERBS = frozenset(
    {"seldom", "rarely", "often", "usually", "generally", "typically", "frequently", "always", "sometimes"}
)


def is_question(tok: Token) -> bool:
    """A yes/no question: a sentence ending in '?' (possibly followed by a closing quote) that does
    not open with a wh-word ("Why did the navy sink the trawler?" presupposes the sinking)."""
    sent = tok.sent
    doc = tok.doc
    if not any(doc[i].text == "?" for i in range(max(sent.start, sent.end - 3), sent.end)):
        return False
    first = next((t for t in sent if not t.is_punct), None)
    return first is None or first.tag_ not in ("WP", "WRB", "WDT", "WP$")


def _has_mark(clause: Token, marks: frozenset[str]) -> bool:
    return any(ch.dep_ == "mark" and ch.lower_ in marks for ch in clause.children)


def is_conditional(verb: Token) -> bool:
    """The verb heads a conditional clause, or is modified by one ("if talks fail, ... will blockade")."""
    if verb.dep_ == "advcl" and _has_mark(verb, lex.CONDITIONAL_MARKS):
        return True
    return any(ch.dep_ == "advcl" and _has_mark(ch, lex.CONDITIONAL_MARKS) for ch in verb.children)


def _reported(verb: Token) -> bool:
    """Complement of a reporting verb: 'would' there is a future-in-the-past."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ccomp" and verb.head.lemma_ in lex.REPORTING_VERBS


def has_modal(verb: Token, modals: frozenset[str]) -> bool:
    return any(ch.tag_ == "MD" and ch.lower_ in modals for ch in verb.children)


def local_status(verb: Token) -> str | None:
    """The status a verb's own clause gives it; None when it has no finite marking (participles)."""
    modal: str | None = None
    negated = False
    hedged = False
    perfect = progressive_be = None
    pass_be: str | None = None
    do_aux: str | None = None
    for ch in verb.children:
        dep = ch.dep_
        if dep == "neg" or (dep in ("advmod", "det") and ch.lower_ == "never"):
            negated = True
        elif dep in ("nsubj", "nsubjpass") and (
            ch.lower_ in _NEGATIVE_SUBJECTS
            or any(d.dep_ == "det" and d.lower_ in _NEGATIVE_SUBJECTS for d in ch.children)
        ):
            negated = True  # "No ships have been seized", "Nobody was arrested"
        elif dep == "aux" or dep == "auxpass":
            low = ch.lower_
            if ch.tag_ == "MD":
                if low in lex.MODAL_FUTURE:
                    modal = PLANNED
                elif low in ("would", "'d"):
                    modal = PLANNED if _reported(verb) else POSSIBLE
                else:
                    modal = POSSIBLE
            elif low in lex.PERFECT_AUX and ch.lemma_ == "have":
                perfect = low
            elif ch.lemma_ == "be":
                if dep == "auxpass":
                    pass_be = low
                else:
                    progressive_be = low
            elif ch.lemma_ == "do":
                do_aux = low
        elif dep == "advmod" and ch.lower_ in lex.HEDGE_ADVERBS:
            hedged = True
    if negated:
        return NEGATED
    if modal is not None:
        return modal
    if hedged:
        return POSSIBLE
    tag = verb.tag_
    if tag == "VBD":
        return OCCURRED
    if tag == "VBN":
        if perfect is not None:
            return OCCURRED
        if pass_be == "being" and progressive_be in lex.PRESENT_BE:  # "are being evacuated"
            return ONGOING
        if pass_be in lex.PRESENT_BE:
            return ONGOING
        return OCCURRED  # past passive, or a bare participle ("boats destroyed by the strikes")
    if tag == "VBG":
        if perfect is not None:  # "has been shelling"
            return ONGOING
        if progressive_be in lex.PRESENT_BE or pass_be in lex.PRESENT_BE:
            return ONGOING
        if progressive_be in lex.PAST_BE or pass_be in lex.PAST_BE:
            return OCCURRED
        return None
    if tag in ("VBZ", "VBP"):
        return ONGOING
    if do_aux is not None:
        return OCCURRED if do_aux == "did" else ONGOING
    return UNKNOWN


def governor_status(verb: Token) -> str | None:
    """The status of a governing predicate, including conditionals, for overlays."""
    status = local_status(verb)
    if status != NEGATED and is_conditional(verb):
        return POSSIBLE
    return status


def _overlay(projected: str, governor: str | None) -> str:
    """The governor's own negation/modality overrides what it projects (outermost wins)."""
    if governor == NEGATED:
        return _NEGATED_PROJECTION[projected]
    if governor == POSSIBLE and projected in (PLANNED, THREATENED, OCCURRED, ONGOING):
        return POSSIBLE
    return projected


def _transparent(status: str, governor: str | None, ongoing: bool) -> str:
    if governor is None or status == NEGATED:  # "No arrests were made": the noun's own negation
        return status
    if ongoing and governor in (OCCURRED, ONGOING):
        return ONGOING
    return governor


def _noun_negated(noun: Token) -> bool:
    return any(ch.dep_ in ("det", "neg") and ch.lower_ in ("no", "never") for ch in noun.children)


def _noun_status(noun: Token) -> str:
    """A noun event's own status: negated by "no", else from a status adjective ("the upcoming
    elections", "possible strikes", "the ongoing crackdown"), else presupposed: occurred."""
    if _noun_negated(noun):
        return NEGATED
    for ch in noun.children:
        if ch.dep_ == "amod" and ch.i < noun.i and ch.lower_ in _NOUN_MODIFIERS:
            return _NOUN_MODIFIERS[ch.lower_]
    return OCCURRED


def _neither_nor(verb: Token) -> bool:
    """'neither confirmed nor denied': the verb is coordinated under 'neither'/'nor'."""
    first = verb.head if verb.dep_ == "conj" else verb
    return any(ch.dep_ in ("preconj", "cc") and ch.lower_ in ("neither", "nor") for ch in first.children)


def _copular_status(be: Token, subject: Token) -> str | None:
    """The status a copula gives its event-noun subject, None when it says nothing.

    "Strikes are an option", "Sanctions are among the options" -> the predicate noun's projection;
    "Talks are under way", "a blockade was in place" -> the copula's own tense (a state);
    "Blockades are a blunt instrument", "Curfews are common" (a bare plural) -> unknown (generic)."""
    for ch in be.children:
        noun = ch if ch.dep_ == "attr" else None
        if ch.dep_ == "prep":
            noun = next((g for g in ch.children if g.dep_ == "pobj"), None)
        if noun is not None and noun.lemma_.lower() in lex.PROJECTING_NOUNS:
            return _overlay(lex.PROJECTING_NOUNS[noun.lemma_.lower()], governor_status(be))
    predicative = any(ch.dep_ in ("attr", "acomp") for ch in be.children)
    if predicative:
        return UNKNOWN if _generic(subject, be) else None
    if any(ch.dep_ == "prep" for ch in be.children):
        return governor_status(be)
    return None


def _generic(subject: Token, verb: Token) -> bool:
    """A bare plural subject of a present-tense statement: a kind, not an event that happened."""
    if subject.tag_ != "NNS" or verb.tag_ not in ("VBZ", "VBP"):
        return False
    if any(ch.dep_ in ("det", "poss", "nummod") for ch in subject.children):
        return False
    if any(ch.dep_ == "aux" for ch in verb.children):
        return False
    return verb.lemma_ == "be" or any(ch.lower_ in _FREQUENCY_ADVERBS for ch in verb.children)


def _verb_projection(h: Token, c: Token, dep: str, prep: str | None, category: str) -> str | None:
    """What the verb `h` projects onto its complement `c` (None: h does not embed c)."""
    hl = h.lemma_
    if dep == "prep":
        allowed = lex.PROJECTING_PREPS.get(hl)
        if allowed is not None and prep in allowed:
            return THREATENED if hl == "threaten" else lex.PROJECTING_VERBS.get(hl, POSSIBLE)
        return _MORE_PROJECTING_PREPS.get((hl, prep or ""))
    if dep not in _COMPLEMENTS:
        return None
    for ch in h.children:
        if ch.dep_ == "prt" and (hl, ch.lower_) in _PHRASAL_PROJECTIONS:
            return _PHRASAL_PROJECTIONS[(hl, ch.lower_)]
    if hl == "deny" and _neither_nor(h):
        return UNKNOWN
    if hl in ("deny", "refuse") and c.lemma_.lower() in _PERMISSION_NOUNS:
        return NEGATED
    if hl in lex.DISPUTING_VERBS and c.lemma_.lower() in lex.CLAIM_NOUNS:
        return DENIED
    if hl == "warn":
        # "warned it would attack" is a threat; "warned that storms could ..." is not ours to judge.
        if dep == "ccomp" and category in CONFLICT_CATEGORIES and has_modal(c, _WILL_WOULD):
            return THREATENED
        return None
    projected = lex.PROJECTING_VERBS.get(hl) or _MORE_PROJECTING_VERBS.get(hl)
    if projected is None:
        if hl == "go" and h.tag_ == "VBG" and dep == "xcomp":  # "is going to strike"
            return PLANNED
        if dep == "xcomp" and h.tag_ == "VBN" and h.lower_ in lex.PROJECTING_ADJECTIVES:
            return lex.PROJECTING_ADJECTIVES[h.lower_]  # participles as adjectives: "is poised to"
        if hl in lex.LISTING_VERBS and dep in ("dobj", "attr"):  # "options include strikes"
            for ch in h.children:
                if ch.dep_ in _SUBJECTS:
                    return lex.PROJECTING_NOUNS.get(ch.lemma_.lower())
        return None
    if hl in ("vow", "pledge", "promise", "commit") and category in CONFLICT_CATEGORIES:
        return THREATENED
    return projected


def event_status(trigger: Token, category: str = "OTHER") -> str:
    """The status of the event named by `trigger` (see the module docstring)."""
    is_noun = trigger.tag_ in NOUN_TAGS
    status: str | None
    if is_noun:
        status = _noun_status(trigger)
    else:
        status = local_status(trigger)
        if status is None or (status == UNKNOWN and trigger.dep_ == "conj"):
            status = _inherited_status(trigger)
        if status != NEGATED and is_conditional(trigger):
            status = POSSIBLE
    status = _walk(trigger, status or UNKNOWN, category)
    if status not in (NEGATED, DENIED) and is_question(trigger):
        status = POSSIBLE
    return status


def _inherited_status(verb: Token) -> str | None:
    """Participles and bare conjuncts take the status of the verb they hang on
    ("struck the boat, killing 11"; "will strike and seize" -> seize shares "will")."""
    head = verb.head
    for _ in range(4):
        if head is verb or verb.dep_ not in ("advcl", "conj", "xcomp") or not head.tag_.startswith("VB"):
            return None
        if verb.dep_ == "advcl" and any(ch.dep_ == "mark" for ch in verb.children):
            return None
        status = local_status(head)
        if status is not None and not (status == UNKNOWN and head.dep_ == "conj"):
            return status
        verb, head = head, head.head
    return None


def _irrealis_argument(noun: Token, verb: Token, status: str) -> str:
    """A noun event argument of a hypothetical clause is hypothetical too ("strikes on land would
    require approval" -> possible), but a definite subject under "will" is presupposed ("the attack
    will be investigated" -> occurred)."""
    if status == NEGATED:  # "there would be no invasion"
        return status
    governor = governor_status(verb)
    if governor == POSSIBLE:
        return POSSIBLE
    definite = any(ch.dep_ == "poss" or (ch.dep_ == "det" and ch.lower_ in _DEFINITE) for ch in noun.children)
    if governor == PLANNED and (noun.dep_ in ("dobj", "dative", "attr", "oprd") or not definite):
        return PLANNED
    return status


def _walk(trigger: Token, status: str, category: str) -> str:
    c = trigger
    prep: str | None = None
    for _ in range(_MAX_STEPS):
        while c.dep_ == "conj" and c.head is not c:  # conjuncts share their first conjunct's governor
            c = c.head
        h = c.head
        if h is c:
            break
        dep = c.dep_
        if dep in _BOUNDARIES:
            break
        if dep == "advcl":
            if _has_mark(c, lex.CONDITIONAL_MARKS):
                status = POSSIBLE if status != NEGATED else status
            break
        if dep in ("pobj", "pcomp") and h.pos_ == "ADP":
            prep = h.lower_
            c = h
            continue
        if h.pos_ == "ADP":
            break
        hl = h.lemma_
        if h.tag_.startswith("VB"):
            if dep == "ccomp" and _has_mark(c, lex.QUESTION_MARKS):
                # "asked whether the navy struck", "unclear if ...": an open question.
                return POSSIBLE if status != NEGATED else status
            if dep in _SUBJECTS:
                ongoing = hl in lex.ONGOING_VERBS or hl in _INTENSIFYING_VERBS
                if hl in lex.TRANSPARENT_VERBS or ongoing:
                    status = _transparent(status, governor_status(h), ongoing)
                    c, prep = h, None
                    continue
                if c.tag_ in NOUN_TAGS and status != NEGATED:
                    if hl == "be":
                        copular = _copular_status(h, c)
                        if copular is not None:
                            status = copular
                            if copular == UNKNOWN:
                                break
                            c, prep = h, None
                            continue
                    elif _generic(c, h):  # "Embargoes seldom work"
                        status = UNKNOWN
                        break
                if c is trigger and trigger.tag_ in NOUN_TAGS:
                    status = _irrealis_argument(trigger, h, status)
                break
            projected = _verb_projection(h, c, dep, prep, category)
            noun_object = dep in ("dobj", "nsubjpass") and c.tag_ in NOUN_TAGS
            if projected is not None:
                governor = governor_status(h)
                if hl in _ALLEGATIONS and governor == NEGATED:  # "did not accuse X of attacking"
                    status = UNKNOWN
                else:
                    status = _overlay(projected, governor)
            elif dep in ("xcomp", "dobj", "nsubjpass", "ccomp") and (
                hl in lex.TRANSPARENT_VERBS or hl in lex.ONGOING_VERBS or hl in _INTENSIFYING_VERBS
            ):
                ongoing = hl in lex.ONGOING_VERBS or hl in _INTENSIFYING_VERBS
                status = _transparent(status, governor_status(h), ongoing)
            elif noun_object and hl in _ANNOUNCING_VERBS:  # "will announce sanctions"
                status = _transparent(status, governor_status(h), False)
            elif noun_object and hl in _PREPARING_VERBS:  # "is organising a march"
                governor = governor_status(h)
                if governor in (ONGOING, PLANNED, UNKNOWN, None):
                    status = PLANNED
                else:
                    status = _transparent(status, governor, False)
            elif dep == "prep" and prep == "with" and hl in _RESPONSE_VERBS:  # "retaliate with strikes"
                status = _transparent(status, governor_status(h), False)
            else:
                if c is trigger and trigger.tag_ in NOUN_TAGS and dep in _COMPLEMENTS:
                    status = _irrealis_argument(trigger, h, status)
                break
            c, prep = h, None
            continue
        if h.tag_ in NOUN_TAGS:
            projected = lex.PROJECTING_NOUNS.get(hl)
            if projected is not None and dep in ("prep", "acl", "ccomp", "relcl", "compound"):
                status = NEGATED if _noun_negated(h) and projected != POSSIBLE else projected
            elif hl in lex.NOUN_CATEGORY and prep is not None and dep == "prep":
                # a prepositional argument of another event noun is presupposed ("an inquiry into
                # the killings"); clauses go on ("allegations that it deported ...")
                break
            c, prep = h, None
            continue
        if h.pos_ == "ADJ":
            if hl in _IMPLICATIVE_ADJECTIVES and dep == "xcomp" and h.dep_ == "acomp":
                status = _transparent(status, governor_status(h.head), False)  # "was quick to condemn"
                c, prep = h.head, None
                continue
            projected = lex.PROJECTING_ADJECTIVES.get(hl)
            if projected is not None and dep in ("xcomp", "ccomp", "prep", "csubj"):
                copula = h.head if h.dep_ in ("acomp", "amod", "xcomp") else None
                if hl in ("unclear", "uncertain"):
                    projected = POSSIBLE
                status = _overlay(projected, governor_status(copula) if copula is not None else None)
                if copula is not None and copula is not h:
                    c, prep = copula, None
                    continue
            c, prep = h, None
            continue
        break
    return status
