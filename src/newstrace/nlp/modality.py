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
* More negators: "has yet to", "without", "instead of"/"rather than", "stopped short of", "voted
  against", "held off on", "barred from", "no longer", "averted", "the lack of", a bare conjunct
  under a negated "or"; "has not ruled out" -> possible.
* Threats: "warned of X" (threatened, or possible when X names its own agent), "or face X";
  what an ultimatum demands ("48 hours to surrender", "told X to disarm") -> possible.
* Futures and states: "is to", "on course to", a simple present with a future time adjunct,
  "next week's"/"tomorrow's" X, "X, scheduled for ..." -> planned; "remains in talks", "has been
  on strike", "has held since", "now in its second month" -> ongoing.
* Open claims: "It is unlikely that", "appears to have", "unconfirmed reports", "could not verify
  that" -> possible; "would not confirm that", "declined to comment on reports that" -> unknown;
  inverted conditionals ("Should talks fail", "Were X to invade"), "in the event of" -> possible;
  "any attack", "treated as an attack" -> unknown. A definite noun subject of a modal clause
  stays presupposed ("the border clashes could escalate").
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
# Control verbs missing from the lexicon's table: "voted to lift the embargo" -> planned; "averted a
# strike" -> negated.
_MORE_PROJECTING_VERBS = {"vote": PLANNED, "avert": NEGATED, "forestall": NEGATED}
# Verbs that project only onto an infinitive: "told the rebels to disarm" (a request), "appears to
# have shelled" (the writer's epistemic hedge; "is believed to have" is attribution and stays).
_XCOMP_PROJECTING_VERBS = {
    "tell": POSSIBLE,
    "advise": POSSIBLE,
    "instruct": PLANNED,
    "seem": POSSIBLE,
    "appear": POSSIBLE,
}
# "was forced to withdraw": passive implicatives entail their infinitive.
_IMPLICATIVE_PASSIVES = frozenset({"force", "compel", "oblige", "make"})
# Verbs whose ccomp is a claim they may vouch for: "could not verify that" -> possible (open),
# "would not confirm that" / "declined to confirm that" -> unknown (no stance taken).
_VERIFYING_VERBS = frozenset({"confirm", "verify", "corroborate", "establish", "prove"})
_ABILITY_MODALS = frozenset({"can", "could", "ca"})
_DECLINING_VERBS = frozenset({"decline", "refuse"})
# Phrasal verbs with a prepositional complement: "held off on a strike" -> negated.
_PHRASAL_PREP_PROJECTIONS = {
    ("hold", "off", "on"): NEGATED,
    ("back", "away", "from"): NEGATED,
    ("shy", "away", "from"): NEGATED,
    ("back", "down", "from"): NEGATED,
}
# Nouns missing from the lexicon's table: "the lack of arrests" -> negated; "a plot to bomb" -> planned.
_MORE_PROJECTING_NOUNS = {
    **dict.fromkeys(("lack", "absence"), NEGATED),
    **dict.fromkeys(("plot", "conspiracy", "scheme"), PLANNED),
}
# "Unconfirmed reports said ...", "unverified claims of ...": the writer flags the claim as open.
_UNCONFIRMED = frozenset({"unconfirmed", "unverified", "uncorroborated"})
# Adjectives of an extraposed clause that leave it open: "It is unlikely that the junta will release".
_EPISTEMIC_ADJECTIVES = frozenset(
    {"likely", "unlikely", "possible", "probable", "conceivable", "unclear", "uncertain", "doubtful"}
)
# "48 hours to surrender", "a deadline to withdraw": what must be done by a deadline is requested.
_DEADLINE_NOUNS = frozenset({"hour", "day", "week", "month", "minute", "deadline"})
# Heads of negating prepositions: "instead of storming", "stopped short of imposing", "far from".
_NEGATING_PREP_HEADS = {"of": frozenset({"instead", "short"}), "from": frozenset({"far"})}
# Verbs whose object an event noun "creates": "set to sign an agreement" -> the agreement is planned.
_CREATING_VERBS = frozenset({"sign", "conclude", "reach", "broker", "seal", "finalize", "finalise", "ink"})
# Time expressions that make a simple present a scheduled future ("begins drills on Monday").
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_FUTURE_WORDS = frozenset({"tomorrow", "tonight"})
_NEXT = frozenset({"next", "coming"})
_NP_TAGS = frozenset({"DT", "JJ", "NN", "CD", "PRP$"})
_TIME_UNITS = frozenset({"week", "month", "year", "weekend", "spring", "summer", "autumn", "winter", "fall"})
# Prepositional complements of verbs: an allegation keeps its content as reported ("accused X of
# attacking" -> occurred, like reported speech); "prepare for a blockade" -> planned.
_MORE_PROJECTING_PREPS = {
    ("accuse", "of"): OCCURRED,
    ("charge", "with"): OCCURRED,
    ("convict", "of"): OCCURRED,
    ("blame", "for"): OCCURRED,
    ("prepare", "for"): PLANNED,
    ("vote", "against"): NEGATED,
    ("decide", "against"): NEGATED,
    ("bar", "from"): NEGATED,
    ("ban", "from"): NEGATED,
    ("stop", "from"): NEGATED,
    ("keep", "from"): NEGATED,
    ("block", "from"): NEGATED,
    ("deter", "from"): NEGATED,
    ("dissuade", "from"): NEGATED,
    ("discourage", "from"): NEGATED,
    ("restrain", "from"): NEGATED,
    ("desist", "from"): NEGATED,
    ("deny", "in"): DENIED,  # "denied any role in the assassination" (the PP on the verb)
    ("deny", "for"): DENIED,
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


def _inverted_conditional(clause: Token) -> bool:
    """An adverbial clause opened by an inverted auxiliary: "Should talks fail, ...", "Were Almira to
    invade, ...", "Had the navy fired, ..."."""
    if clause.dep_ != "advcl" or any(ch.dep_ == "mark" for ch in clause.children):
        return False
    first = clause.left_edge
    if first.lower_ not in ("should", "were", "had"):
        return False
    if first != clause and not (first.head == clause and first.dep_ in ("aux", "auxpass")):
        return False
    return any(ch.dep_ in ("nsubj", "nsubjpass") and ch.i > first.i for ch in clause.children)


def _conditional_clause(clause: Token) -> bool:
    return _has_mark(clause, lex.CONDITIONAL_MARKS) or _inverted_conditional(clause)


def is_conditional(verb: Token) -> bool:
    """The verb heads a conditional clause, or is modified by one ("if talks fail, ... will blockade")."""
    if verb.dep_ == "advcl" and _conditional_clause(verb):
        return True
    return any(ch.dep_ == "advcl" and _conditional_clause(ch) for ch in verb.children)


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
        elif dep == "advmod" and ch.lower_ in ("longer", "more") and _has_child(ch, "no"):
            negated = True  # "no longer patrols"
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
        if perfect is not None:  # "has been shelling"; "had been shelling" is over
            return OCCURRED if perfect in ("had", "'d") else ONGOING
        if progressive_be in lex.PRESENT_BE or pass_be in lex.PRESENT_BE:
            return ONGOING
        if progressive_be in lex.PAST_BE or pass_be in lex.PAST_BE:
            return OCCURRED
        return None
    if tag in ("VBZ", "VBP"):
        return PLANNED if _future_time(verb) else ONGOING
    if do_aux is not None:
        return OCCURRED if do_aux == "did" else ONGOING
    if tag == "VB" and any(ch.dep_ == "nsubj" for ch in verb.children):
        if verb.dep_ == "ccomp":  # mandative subjunctive: "insisted that the company reopen the port"
            return POSSIBLE
        if verb.dep_ == "ROOT":  # a present tense tagged as a base form ("Voters go to the polls")
            return PLANNED if _future_time(verb) else ONGOING
    return UNKNOWN


def _future_time(verb: Token) -> bool:
    """A time adjunct that makes a simple present a schedule: "on Monday", "tomorrow", "next week"."""
    for ch in verb.children:
        dep = ch.dep_
        if dep == "prep" and ch.lower_ in ("on", "in", "by"):
            ch = next((g for g in ch.children if g.dep_ == "pobj"), None)
            if ch is None:
                continue
        elif dep not in ("npadvmod", "advmod"):
            continue
        low = ch.lower_
        habitual = any(g.dep_ == "det" and g.lower_ in ("every", "each") for g in ch.children)
        if not habitual and (low in _FUTURE_WORDS or (low in _WEEKDAYS and ch.tag_ == "NNP")):
            return True
        if ch.lemma_.lower() in _TIME_UNITS and any(g.lower_ in _NEXT for g in ch.children):
            return True
    return False


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
    if status in (PLANNED, POSSIBLE, THREATENED, DENIED) and governor in (OCCURRED, ONGOING):
        return status  # "the planned strike begins", "the risk of an attack remains"
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
        dep = ch.dep_
        if dep == "amod" and ch.i < noun.i and ch.lower_ in _NOUN_MODIFIERS:
            return _NOUN_MODIFIERS[ch.lower_]
        if dep == "poss" and (
            ch.lower_ in _FUTURE_WORDS
            or (ch.lemma_.lower() in _TIME_UNITS and any(g.lower_ in _NEXT for g in ch.children))
        ):
            return PLANNED  # "next week's summit", "tomorrow's talks"
        if dep == "acl" and ch.tag_ == "VBN" and ch.lemma_ in ("schedule", "plan", "set", "slate"):
            return PLANNED  # "the walkout, scheduled for Monday, ..."
        if dep == "det" and ch.lower_ == "any":
            return UNKNOWN  # "any attack on one member": no particular event
    return OCCURRED


def _or_face(noun: Token) -> bool:
    """An ultimatum's sanction: "disarm by Friday or face AIRSTRIKES"."""
    doc = noun.doc
    i = noun.i - 1
    lo = max(noun.sent.start, noun.i - 4)
    while i > lo and doc[i].tag_ in _NP_TAGS and doc[i].lower_ not in ("face", "faces"):
        i -= 1
    return i > lo and doc[i].lower_ in ("face", "faces") and doc[i - 1].lower_ in ("or", "else")


def _has_own_agent(noun: Token) -> bool:
    """The event noun names its own agent: "an Almiran invasion", "strikes by the union"."""
    for ch in noun.children:
        if ch.dep_ in ("compound", "amod", "poss") and (ch.tag_ in ("NNP", "NNPS") or ch.ent_type_ == "NORP"):
            return True
        if ch.dep_ == "prep" and ch.lower_ == "by":
            return True
    return False


def _now_in_its(verb: Token) -> bool:
    """ "the blockade, now in its second month, ...": the event is still going on."""
    return any(
        ch.dep_ == "prep" and ch.lower_ == "in" and any(g.lower_ == "now" for g in ch.children)
        for ch in verb.children
    )


def _declined(verb: Token) -> bool:
    """The verb is negated or refused: "would not comment", "declined to comment"."""
    if local_status(verb) == NEGATED:
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_ in _DECLINING_VERBS


def _negating_prep(adp: Token) -> bool:
    """ "without firing", "instead of storming", "stopped short of imposing", "far from withdrawing"."""
    low = adp.lower_
    if low == "without":
        return True
    heads = _NEGATING_PREP_HEADS.get(low)
    if heads is None:
        return False
    return adp.head.lower_ in heads or any(ch.dep_ == "advmod" and ch.lower_ in heads for ch in adp.children)


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
        for ch in h.children:
            if ch.dep_ == "prt" and (hl, ch.lower_, prep) in _PHRASAL_PREP_PROJECTIONS:
                return _PHRASAL_PREP_PROJECTIONS[(hl, ch.lower_, prep or "")]
        if hl == "warn" and prep == "of":  # "warned of strikes": a threat, unless someone else's
            noun = next((g for g in c.children if g.dep_ == "pobj"), None)
            return POSSIBLE if noun is not None and _has_own_agent(noun) else THREATENED
        if (hl, prep) in (("vote", "against"), ("decide", "against")):
            return NEGATED
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
    if dep == "xcomp" and hl in _XCOMP_PROJECTING_VERBS:
        return _XCOMP_PROJECTING_VERBS[hl]
    projected = lex.PROJECTING_VERBS.get(hl) or _MORE_PROJECTING_VERBS.get(hl)
    if projected is None:
        if hl == "go" and h.tag_ == "VBG" and dep == "xcomp":  # "is going to strike"
            return PLANNED
        if hl in ("have", "be") and dep == "xcomp" and _has_child(h, "yet"):
            return NEGATED  # "has yet to ratify", "is yet to respond"
        if hl == "be" and dep == "xcomp" and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in c.children):
            return PLANNED  # "is to visit", "are on course to sign"
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
        if _or_face(trigger):
            return THREATENED
        status = _noun_status(trigger)
    else:
        status = local_status(trigger)
        if status is None or (status == UNKNOWN and trigger.dep_ == "conj"):
            status = _inherited_status(trigger)
        elif status in (OCCURRED, ONGOING) and _shares_negation(trigger):
            status = NEGATED
        if status != NEGATED and is_conditional(trigger):
            status = POSSIBLE
    status = _walk(trigger, status or UNKNOWN, category)
    if status not in (NEGATED, DENIED) and is_question(trigger):
        status = POSSIBLE
    return status


def _shares_negation(verb: Token) -> bool:
    """A bare conjunct under its first conjunct's negation: "never boarded or seized the vessel"."""
    if verb.dep_ != "conj" or any(ch.dep_ in ("nsubj", "nsubjpass", "aux", "neg") for ch in verb.children):
        return False
    first = verb.head
    if not any(ch.dep_ == "cc" and ch.lower_ in ("or", "nor") for ch in first.children):
        return False
    return first.tag_.startswith("VB") and local_status(first) == NEGATED


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
    definite = any(ch.dep_ == "poss" or (ch.dep_ == "det" and ch.lower_ in _DEFINITE) for ch in noun.children)
    if governor == POSSIBLE:
        # "the border clashes could escalate": a definite subject stays presupposed
        return status if definite and noun.dep_ in ("nsubj", "nsubjpass") else POSSIBLE
    if governor == PLANNED and (noun.dep_ in ("dobj", "dative", "attr", "oprd") or not definite):
        return PLANNED
    return status


def _walk(trigger: Token, status: str, category: str) -> str:
    c = trigger
    prep: str | None = None
    is_noun = trigger.tag_ in NOUN_TAGS
    claim = False  # the chain went through a claim noun ("reports that ...")
    for _ in range(_MAX_STEPS):
        while c.dep_ == "conj" and c.head is not c:  # conjuncts share their first conjunct's governor
            c = c.head
        h = c.head
        if h is c:
            break
        dep = c.dep_
        if (
            dep in ("relcl", "acl")
            and h.lemma_ in _DEADLINE_NOUNS
            and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in c.children)
        ):
            return POSSIBLE if status != NEGATED else status  # "gives the garrison 48 hours to surrender"
        if dep in _BOUNDARIES:
            break
        if dep == "advcl":
            if _conditional_clause(c):
                status = POSSIBLE if status != NEGATED else status
            elif _has_mark(c, frozenset({"than"})) and any(
                ch.dep_ == "advmod" and ch.lower_ in ("rather", "instead") for ch in c.children
            ):
                status = NEGATED  # "Rather than expel the ambassador, ..."
            elif not any(ch.dep_ == "mark" for ch in c.children) and any(
                ch.dep_ == "aux" and ch.lower_ == "to" for ch in c.children
            ):
                # a misattached infinitive of an object noun: "thwarted a plot to bomb the ministry"
                noun = next((ch for ch in h.children if ch.dep_ == "dobj" and ch.i < c.i), None)
                projected = _noun_projection(noun) if noun is not None else None
                if projected is not None:
                    status, c, prep = projected, noun, None
                    continue
            break
        if dep in ("pobj", "pcomp") and h.pos_ == "ADP":
            if _negating_prep(h):
                return NEGATED  # "without firing a shot", "instead of storming", "stopped short of"
            prep = h.lower_
            if prep == "as" and is_noun and c is trigger and _indefinite(trigger) and h.dep_ == "prep":
                return UNKNOWN  # "is treated as an attack on all": a kind, not an event
            c = h
            continue
        if h.pos_ == "ADP":
            break
        hl = h.lemma_
        if h.tag_.startswith("VB"):
            if dep == "ccomp" and _has_mark(c, lex.QUESTION_MARKS):
                # "asked whether the navy struck", "unclear if ...": an open question.
                return POSSIBLE if status != NEGATED else status
            if dep == "ccomp" and hl in _VERIFYING_VERBS:
                if local_status(h) == NEGATED:  # "could not verify" (open), "would not confirm" (no stance)
                    return POSSIBLE if has_modal(h, _ABILITY_MODALS) else UNKNOWN
                if h.dep_ == "xcomp" and h.head.lemma_ in _DECLINING_VERBS:  # "declined to confirm"
                    return UNKNOWN
                break
            if (
                hl == "be"
                and dep in ("ccomp", "csubj")
                and any(ch.dep_ == "acomp" and ch.lower_ in _EPISTEMIC_ADJECTIVES for ch in h.children)
            ):  # "It is unlikely that the junta will release ..."
                status = _overlay(POSSIBLE, governor_status(h)) if status != NEGATED else status
                c, prep = h, None
                continue
            if dep in _SUBJECTS:
                ongoing = hl in lex.ONGOING_VERBS or hl in _INTENSIFYING_VERBS
                if hl == "hold" and h.tag_ != "VBD" and not any(ch.dep_ == "dobj" for ch in h.children):
                    ongoing = True  # "the truce has held since the spring"
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
                if c is trigger and is_noun:
                    if status == OCCURRED and (_now_in_its(h) or _now_in_its(trigger)):
                        return ONGOING  # "The blockade, now in its second month, ..."
                    status = _irrealis_argument(trigger, h, status)
                break
            if dep == "prep" and hl == "comment" and prep == "on" and claim:
                return UNKNOWN if _declined(h) else status  # "declined to comment on reports that ..."
            if (
                dep == "prep"
                and is_noun
                and hl in ("be", "remain", "stay")
                and prep in ("in", "on", "under")
                and trigger.head == c
            ):
                # "remains in talks", "have been on strike since Monday", "is under blockade": a state
                governor = governor_status(h)
                if governor in (OCCURRED, ONGOING):
                    perfect = any(ch.dep_ == "aux" and ch.lemma_ == "have" for ch in h.children)
                    status = ONGOING if governor == ONGOING or hl != "be" or perfect else OCCURRED
                elif governor is not None and status != NEGATED:
                    status = governor
                c, prep = h, None
                continue
            projected = _verb_projection(h, c, dep, prep, category)
            noun_object = dep in ("dobj", "nsubjpass") and c.tag_ in NOUN_TAGS
            if projected is not None:
                # "warned of strikes if the talks fail": the outermost threat wins over its condition
                governor = local_status(h) if projected == THREATENED else governor_status(h)
                if hl in _ALLEGATIONS and governor == NEGATED:  # "did not accuse X of attacking"
                    status = UNKNOWN
                elif governor == NEGATED and projected == NEGATED and _rules_out(h):
                    status = POSSIBLE  # "has not ruled out airstrikes"
                else:
                    status = _overlay(projected, governor)
            elif dep in ("xcomp", "dobj", "nsubjpass", "ccomp") and (
                hl in lex.TRANSPARENT_VERBS or hl in lex.ONGOING_VERBS or hl in _INTENSIFYING_VERBS
            ):
                ongoing = hl in lex.ONGOING_VERBS or hl in _INTENSIFYING_VERBS
                status = _transparent(status, governor_status(h), ongoing)
            elif dep == "xcomp" and hl in _IMPLICATIVE_PASSIVES and _has_dep(h, "auxpass"):
                status = _transparent(status, governor_status(h), False)  # "was forced to withdraw"
            elif noun_object and (hl in _ANNOUNCING_VERBS or hl in _CREATING_VERBS):
                status = _transparent(status, governor_status(h), False)  # "will announce sanctions"
            elif noun_object and hl in _PREPARING_VERBS:  # "is organising a march"
                governor = governor_status(h)
                if governor in (ONGOING, PLANNED, UNKNOWN, None):
                    status = PLANNED
                else:
                    status = _transparent(status, governor, False)
            elif dep == "prep" and prep == "with" and hl in _RESPONSE_VERBS:  # "retaliate with strikes"
                status = _transparent(status, governor_status(h), False)
            else:
                if c is trigger and is_noun and dep in _COMPLEMENTS:
                    status = _irrealis_argument(trigger, h, status)
                elif (
                    dep == "prep"
                    and is_noun
                    and trigger.head == c
                    and status == OCCURRED
                    and _indefinite(trigger)
                    and governor_status(h) == PLANNED
                ):
                    status = PLANNED  # "Voters go to the polls in a snap election on Sunday"
                elif dep == "ccomp" and status != NEGATED and _unconfirmed_source(h):
                    status = POSSIBLE  # "Unconfirmed reports said the rebels had captured ..."
                break
            c, prep = h, None
            continue
        if h.tag_ in NOUN_TAGS:
            projected = _noun_projection(h)
            if projected is not None and dep in ("prep", "acl", "ccomp", "relcl", "compound"):
                if hl in ("lack", "absence"):  # "the lack of arrests"; "the lack of ... after the riot"
                    return NEGATED if prep == "of" else status
                status = NEGATED if _noun_negated(h) and projected != POSSIBLE else projected
            elif hl in ("event", "case") and prep == "of" and h.dep_ == "pobj" and h.head.lower_ == "in":
                return POSSIBLE if status != NEGATED else status  # "in the event of an invasion"
            elif hl in lex.CLAIM_NOUNS and dep in ("prep", "acl", "ccomp"):
                claim = True  # "accusations of torture", "reports that ...": the claim's content
                if status != NEGATED and _unconfirmed(h):
                    status = POSSIBLE  # "unconfirmed reports of clashes"
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


def _has_child(tok: Token, lower: str) -> bool:
    return any(ch.lower_ == lower for ch in tok.children)


def _has_dep(tok: Token, dep: str) -> bool:
    return any(ch.dep_ == dep for ch in tok.children)


def _noun_projection(noun: Token) -> str | None:
    low = noun.lemma_.lower()
    return lex.PROJECTING_NOUNS.get(low) or _MORE_PROJECTING_NOUNS.get(low)


def _indefinite(noun: Token) -> bool:
    return any(ch.dep_ == "det" and ch.lower_ in ("a", "an") for ch in noun.children)


def _rules_out(verb: Token) -> bool:
    return verb.lemma_ == "exclude" or (
        verb.lemma_ == "rule" and any(ch.dep_ == "prt" and ch.lower_ == "out" for ch in verb.children)
    )


def _unconfirmed_source(verb: Token) -> bool:
    """The subject of a reporting verb is an unconfirmed claim: "Unconfirmed reports said ..."."""
    return any(ch.dep_ in _SUBJECTS and _unconfirmed(ch) for ch in verb.children)


def _unconfirmed(noun: Token) -> bool:
    return any(ch.dep_ == "amod" and ch.lower_ in _UNCONFIRMED for ch in noun.children)
