"""The `newstrace_events` component: event mentions with PLOVER categories and their arguments.

A trigger is a verb or common noun whose lemma is in the event lexicon (`event_lexicon`), so only
eventive predicates of news interest are kept; ambiguous lemmas ("strike", "fire", "call", "send")
count only when their arguments say so. Speech-act verbs that are also PLOVER events ("accused",
"threatened", "denied", "urged", "called for", "warned it would") are BOTH attribution cues and
events: the verb is an event of its own category (ACCUSE, THREATEN, REJECT, REQUEST), and the event
in its complement is a separate event whose status the verb projects ("threatened to seize the
port" -> THREATEN "threatened": occurred, and COERCE "seize": threatened). Plain speech verbs
("said", "told") are never events.

Light verbs ("carried out strikes", "imposed sanctions", "talks resumed") are not events: the noun
is, and borrows the verb's subject, place and time.

Arguments: actors are the agent (subject of an active verb, "by X" of a passive, possessor or
named-entity modifier of a noun: "U.S. strikes", "Russia's invasion"); targets are the object,
passive subject, and "on/against/with/to X" depending on the category. Each is a whole noun
phrase, trimmed of relative clauses and other post-modifiers except "of" phrases; conjuncts
("boats and planes") are separate participants. A missing subject is taken from the controlling
verb ("plans to strike" -> the planner; "urged Israel to withdraw" -> Israel). Targets follow the
manual's recipient of each category ("sent aid to X", "cut ties with X", "demanded that X ...",
"threatened to cut ties with X", "a curfew in X"); a sentence-opening dateline ("CARACAS — ") is
never part of an actor (docs/plover.md).

Categories follow the PLOVER manual's definitions (docs/plover.md): "will not accept" is REJECT, a
reported "Iraq must cooperate" is a REQUEST on the reporting verb, "halted aid" a SANCTION, "lifted
the curfew" a CONCEDE, "lifted the blockade" a RETREAT. Each event gets the manual's mode where
one applies (`plover_modes`). `plover_category` turns a category and status into PLOVER's single
code (a planned meeting is AGREE); the component itself keeps the action and its status apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newstrace.nlp import event_lexicon as lex
from newstrace.nlp import modality, plover_modes, timex
from newstrace.nlp.types import AttributionMention, EventMention, register_extensions

NOUN_TAGS = modality.NOUN_TAGS
_NP_KEEP = frozenset(
    {"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "predet", "case", "nn"}
)
_RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
_NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "LAW", "FAC", "PRODUCT", "EVENT"})
_MARKET_WORDS = frozenset({"stock", "market", "share", "price", "index", "dollar", "currency", "bond", "oil"})
_SIGNABLE = frozenset(
    {
        "agreement",
        "deal",
        "accord",
        "treaty",
        "pact",
        "memorandum",
        "law",
        "bill",
        "order",
        "decree",
        "declaration",
        "contract",
        "ceasefire",
        "cease-fire",
        "truce",
        "protocol",
        "legislation",
        "measure",
    }
)
_FREEZABLE = frozenset({"asset", "account", "fund", "aid", "talk", "relation", "tie", "program", "funding"})
_OFFERABLE = (
    lex.AID_OBJECTS
    | lex.FORCE_OBJECTS  # offering troops is offering military assistance (AGREE)
    | frozenset({"help", "support", "asylum", "talk", "ceasefire", "deal", "concession"})
)
_ACCEPTABLE = frozenset(
    {
        "deal",
        "agreement",
        "proposal",
        "offer",
        "plan",
        "ceasefire",
        "truce",
        "term",
        "resignation",
        "invitation",
        "accord",
        "formula",
        "compromise",
        "settlement",
        "framework",
        "mediation",
        "roadmap",
    }
)
_ACCEDED = frozenset({"demand", "condition", "ultimatum"})
_EASED_ACTIVITIES = frozenset(
    {
        "participate",
        "run",
        "contest",
        "operate",
        "travel",
        "leave",
        "compete",
        "register",
        "publish",
        "resume",
    }
)
_RETURNABLE = frozenset({"property", "land", "asset", "weapon", "body", "remains", "refugee", "home"})
_OPENABLE = frozenset({"border", "crossing", "airspace", "port", "corridor", "checkpoint", "frontier"})
_SUMMONABLE = frozenset({"ambassador", "envoy", "diplomat", "charge", "chargé", "consul", "attaché"})
_OFFICIALS = frozenset(
    {"government", "ministry", "embassy", "minister", "president", "foreign", "state", "kremlin", "spokesman"}
)
_RECOGNIZABLE = frozenset({"state", "government", "independence", "sovereignty", "statehood", "election"})
_NON_EXECUTABLE = frozenset(
    {"plan", "order", "operation", "strategy", "policy", "program", "trade", "warrant"}
)
_CONFLICT = modality.CONFLICT_CATEGORIES
_QUANTITIES = frozenset({"hundred", "thousand", "dozen", "score", "million", "group", "number", "handful"})
# Purposes that make a sending of forces military assistance (PLOVER AID: "personnel").
_HELPING = frozenset({"help", "assist", "aid"})
# Material conflict that a hazard or an accident cannot commit ("rain hit the capital, cutting power").
_HARMFUL = frozenset({"ASSAULT", "SANCTION", "COERCE"})
_MEDIATION = frozenset({"mediation", "mediator"})
_RIGHTS = frozenset({"constitution", "right", "freedom", "liberty", "parliament", "assembly", "habeas"})
_NO_COMMENT = frozenset(
    {
        "comment",
        "discuss",
        "say",
        "elaborate",
        "speak",
        "confirm",
        "answer",
        "respond",
        "provide",
        "give",
        "identify",
        "name",
        "specify",
        "disclose",
        "detail",
        "address",
        "talk",
        "reveal",
        "offer",
    }
)
_NO_COMMENT_NOUNS = frozenset({"comment", "information", "interview", "clarification", "details", "detail"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Verbs that stop what they take as object: their noun object is no event of its own.
_STOPPING_VERBS = frozenset(
    [
        "halt",
        "stop",
        "end",
        "reduce",
        "withhold",
        "terminate",
        "curtail",
        "prohibit",
        "suspend",
        "cut",
        "freeze",
        "lift",
        "ease",
        "relax",
        "shorten",
        "cancel",
        "call",
        "sever",
        "downgrade",
        "break",
    ]
)
_PEACEKEEPING = frozenset({"peacekeeper", "peacekeeping", "peace-keeping"})
_MATERIAL = frozenset({"MOBILIZE"})  # "ordered patrols": an order to its own forces is the move
_SPEECH_ACTS = frozenset({"THREATEN", "REQUEST", "AGREE", "SUPPORT"})
# Subjects of a reported "must" that are no addressee: the speaker itself, or no one.
_NOT_ADDRESSEES = frozenset({"i", "we", "it", "there", "this", "that", "one", "you"})
# Categories where "between X and Y" names both sides as actors (PLOVER: reciprocal actors).
_RECIPROCAL = frozenset({"ASSAULT", "CONSULT", "COOPERATE", "AGREE"})


def _children(tok: Token, dep: str) -> list[Token]:
    return [ch for ch in tok.children if ch.dep_ == dep]


def _first(tok: Token, dep: str) -> Token | None:
    for ch in tok.children:
        if ch.dep_ == dep:
            return ch
    return None


def _object_lemma(tok: Token) -> str | None:
    """The lemma of the object, or of the passive subject ("troops were sent"); for a carrier noun
    the event it carries ("ended mediation efforts" -> mediation)."""
    for ch in tok.children:
        if ch.dep_ in ("dobj", "nsubjpass"):
            ch = _group_member(ch)
            lemma = ch.lemma_.lower()
            if lemma in lex.CARRIER_NOUNS:
                compound = _first(ch, "compound")
                if compound is not None:
                    return compound.lemma_.lower()
            return lemma
    return None


def _group_member(tok: Token) -> Token:
    """'thousands of soldiers', 'a team of doctors': the members named by a grouping's 'of' phrase."""
    if tok.like_num or tok.lemma_.lower() in lex.GROUP_NOUNS:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return tok


def _noun_forms(tok: Token) -> set[str]:
    """The lemma and the lower-cased form without a plural 's': a sentence-initial plural is often
    tagged a proper noun and keeps its plural as lemma ('Wildfires destroyed ...')."""
    low = tok.lower_
    return {tok.lemma_.lower(), low, low[:-1] if low.endswith("s") else low}


def _accidental(tok: Token) -> bool:
    """A killing or destruction by a natural hazard or an accident ('Floods killed 40', 'a bus crashed,
    killing 22'): PLOVER ASSAULT is deliberate action, so these are no events."""
    subj = _first(tok, "nsubj")
    if subj is not None:
        return bool(_noun_forms(subj) & lex.NATURAL_HAZARDS)
    head = tok.head
    if tok.dep_ in ("advcl", "xcomp", "conj") and head.i != tok.i and head.tag_.startswith("VB"):
        cause = _first(head, "nsubj")
        return head.lemma_ in lex.ACCIDENT_VERBS or (
            cause is not None and bool(_noun_forms(cause) & lex.NATURAL_HAZARDS)
        )
    return any(ch.dep_ == "npadvmod" and ch.lemma_.lower() in lex.NATURAL_HAZARDS for ch in tok.children)


def _object_lemmas(tok: Token) -> set[str]:
    """The lemmas of the object and its conjuncts ("photographs and other intelligence")."""
    for ch in tok.children:
        if ch.dep_ in ("dobj", "nsubjpass"):
            return {t.lemma_.lower() for t in (ch, *ch.conjuncts)}
    return set()


def _purpose(tok: Token) -> Token | None:
    """The verb of a purpose clause: "sent experts to investigate" -> investigate."""
    for ch in tok.children:
        if ch.dep_ in ("xcomp", "advcl") and ch.tag_ == "VB" and any(g.lower_ == "to" for g in ch.children):
            return ch
    return None


def _preps(tok: Token) -> set[str]:
    return {ch.lower_ for ch in tok.children if ch.dep_ in ("prep", "agent")}


def _prt(tok: Token) -> str | None:
    prt = _first(tok, "prt")
    return prt.lower_ if prt is not None else None


def guarded_verb_category(tok: Token, lemma: str, category: str) -> str | None:
    """The category of an ambiguous verb, or None when this use is not an event."""
    obj = _object_lemma(tok)
    if lemma == "strike":
        if obj in lex.STRIKE_DEAL_OBJECTS:
            return "AGREE"
        subj = _first(tok, "nsubj") or _controller(tok)  # "the union threatened to strike"
        if obj is None and subj is not None and subj.lemma_.lower() in lex.LABOR_NOUNS:  # "workers struck"
            return "PROTEST"
        return None if obj in lex.NON_ATTACK_OBJECTS else category
    if lemma == "fire":
        return category if obj in lex.WEAPON_OBJECTS or _preps(tok) & {"on", "at", "upon", "into"} else None
    if lemma == "hit":
        return None if obj in lex.NON_ATTACK_OBJECTS else category
    if lemma == "call":
        if _prt(tok) == "off":  # calling off a protest is a concession (PLOVER CONCEDE)
            return "CONCEDE" if obj in lex.PROTEST_NOUNS else "REJECT"
        if _prt(tok) == "up":  # "called up reservists": a mobilisation, not a request
            return (
                "MOBILIZE"
                if obj in lex.FORCE_OBJECTS or obj in ("reservist", "recruit", "conscript")
                else None
            )
        preps = _preps(tok)
        complement = _first(tok, "xcomp") or _purpose(tok)  # "calling on Cairo to free ..."
        if "for" in preps or (complement is not None and ("on" in preps or obj is not None)):
            return category
        return None
    if lemma in ("send", "dispatch", "mass", "station"):
        if obj in ("inspector", "investigator") and lemma != "mass":
            return "ACCUSE"
        purpose = _purpose(tok) if lemma in ("send", "dispatch") else None
        if purpose is not None and lex.VERB_CATEGORY.get(purpose.lemma_) in ("ACCUSE", "CONSULT"):
            # a mission sent to investigate or to mediate is that investigation or consultation
            return lex.VERB_CATEGORY[purpose.lemma_]
        if (
            purpose is not None
            and purpose.lemma_ in _HELPING
            and (obj in lex.FORCE_OBJECTS or obj in lex.HELPING_PERSONNEL)
        ):
            return "AID"  # troops or doctors sent to help: military or medical assistance
        subject = _subject_lemma(tok) or (tok.head.lemma_.lower() if tok.dep_ == "acl" else None)
        if obj is None and lemma in ("mass", "station") and subject in lex.MILITARY_UNITS:
            return "MOBILIZE"  # "troops massed on the border"
        if _peacekeeping(tok) and lemma in ("send", "dispatch"):
            return "AID"
        if obj in lex.FORCE_OBJECTS:
            return "MOBILIZE"
        return "AID" if lemma in ("send", "dispatch") and obj in lex.AID_OBJECTS else None
    if lemma in ("release", "free"):
        if obj is None or obj in lex.NON_RELEASE_OBJECTS:
            return None
        # PLOVER AID: hostages or victims freed by police or troops are rescued, not released by captors
        if obj in lex.RESCUED and _is_security(_first(tok, "nsubj")):
            return "AID"
        return category
    if lemma == "decline":
        xcomp = _first(tok, "xcomp")  # "declined to comment" is boilerplate, not a refusal event
        if xcomp is None:  # "declined an invitation", "declined the offer"
            return category if obj in lex.DISMISSABLE or obj in ("invitation", "request") else None
        return category if xcomp.lemma_ not in _NO_COMMENT else None
    if lemma == "discuss":  # a meeting needs a partner: "discussed the plan with Maduro"
        subj = _first(tok, "nsubj")
        return category if "with" in _preps(tok) or (subj is not None and subj.conjuncts) else None
    if lemma == "warn":
        ccomp = _first(tok, "ccomp")
        if _warned(tok):
            return category
        return category if ccomp is not None and modality.has_modal(ccomp, _WILL_WOULD) else None
    if lemma == "cut":
        return category if obj in lex.CUT_OBJECTS or _prt(tok) == "off" else None
    if lemma == "back":
        prt = _prt(tok)
        if prt in ("down", "off", "away"):
            return "CONCEDE"
        return "SUPPORT" if prt is None and obj is not None else None
    if lemma == "pull":
        # "pulled out of", "pulled back": the parser gives "out" as particle or preposition
        if not any(
            ch.lower_ in ("out", "back") and ch.dep_ in ("prt", "prep", "advmod") for ch in tok.children
        ):
            return None
        return "SANCTION" if obj in lex.NONMILITARY_RESOURCES or _leaves_organization(tok) else category
    if lemma == "talk":
        return category if "with" in _preps(tok) else None
    if lemma == "ask":
        return category if _first(tok, "xcomp") is not None or "for" in _preps(tok) else None
    if lemma == "order":
        xcomp = _first(tok, "xcomp")
        if obj in ("ambassador", "envoy", "diplomat") and xcomp is not None and xcomp.lemma_ == "leave":
            return "SANCTION"  # PLOVER SANCTION 'expel': ordering a diplomat out
        return category if obj is not None or xcomp is not None else None
    if lemma == "charge":
        return category if "with" in _preps(tok) else None
    if lemma in ("target", "storm", "sink"):
        return category if obj is not None else None
    if lemma == "fight":
        return None if "for" in _preps(tok) and obj is None else category
    if lemma == "march":
        subj = _first(tok, "nsubj")
        return "MOBILIZE" if subj is not None and subj.lemma_ in lex.FORCE_OBJECTS else category
    if lemma == "rally":
        subj = _first(tok, "nsubj")
        return None if subj is not None and subj.lemma_ in _MARKET_WORDS else category
    if lemma == "crack":
        return category if _prt(tok) == "down" else None
    if lemma == "sign":
        return category if obj in _SIGNABLE else None
    if lemma == "supply":
        goods = {obj, *(p.lemma_.lower() for p in _pobjs(tok, ("with",)))}  # "supplied Kyiv with missiles"
        return category if goods & (lex.AID_GOODS | lex.FORCE_OBJECTS) else None
    if lemma == "freeze":
        return category if obj in _FREEZABLE else None
    if lemma == "offer":
        return category if _first(tok, "xcomp") is not None or obj in _OFFERABLE else None
    if lemma == "accept":
        if obj in _ACCEDED:  # acceding to demands is a concession
            return "CONCEDE"
        return category if obj in _ACCEPTABLE else None
    if lemma == "commit":
        return category if _first(tok, "xcomp") is not None or "to" in _preps(tok) else None
    if lemma == "execute":
        return category if obj is not None and obj not in _NON_EXECUTABLE else None
    if lemma in ("authorize", "authorise"):  # "not authorized to speak publicly" is boilerplate
        xcomp = _first(tok, "xcomp")
        return None if xcomp is not None and xcomp.lemma_ in _NO_COMMENT else category
    if lemma == "cancel" and obj in lex.RESTRICTION_OBJECTS:
        return "CONCEDE"
    if lemma in ("host", "cancel", "welcome"):
        return category if obj is not None else None
    if lemma in ("recognize", "recognise"):
        objtok = _first(tok, "dobj")
        if objtok is None:
            return None
        return category if objtok.ent_type_ in ("GPE", "ORG") or obj in _RECOGNIZABLE else None
    return _guarded_more(tok, lemma, category, obj)


def _refused(tok: Token) -> bool:
    """'will not accept', 'did not agree'; but 'has not yet approved' is pending, no refusal."""
    children = list(tok.children)
    return any(ch.dep_ == "neg" for ch in children) and not any(ch.lower_ == "yet" for ch in children)


def _subject_lemma(tok: Token) -> str | None:
    subj = _first(tok, "nsubj")
    return subj.lemma_.lower() if subj is not None else None


def _is_security(tok: Token | None) -> bool:
    return tok is not None and (
        tok.lemma_.lower() in lex.SECURITY_FORCES
        or any(ch.dep_ == "compound" and ch.lemma_.lower() in lex.SECURITY_FORCES for ch in tok.children)
    )


def _peacekeeping(tok: Token) -> bool:
    """'peacekeepers', 'peacekeeping troops', 'a peacekeeping force' (as object)."""
    for ch in tok.children:
        if ch.dep_ in ("dobj", "nsubjpass"):
            words = {
                ch.lemma_.lower(),
                *(g.lemma_.lower() for g in ch.children if g.dep_ in ("amod", "compound")),
            }
            return bool(words & _PEACEKEEPING)
    return False


def _guarded_more(tok: Token, lemma: str, category: str, obj: str | None) -> str | None:
    """The guards added after the PLOVER manual's category definitions (see docs/plover.md)."""
    prt = _prt(tok)
    if lemma in ("support", "defend"):  # verbal support; "defend" needs a policy, right or decision
        if lemma == "defend":  # defending a policy, or a party against criticism
            against = _pobjs(tok, ("against",))
            criticised = any(lex.NOUN_CATEGORY.get(p.lemma_.lower()) == "ACCUSE" for p in against)
            return category if obj in lex.DEFENDABLE or criticised else None
        return category if obj is not None or _first(tok, "ccomp") is not None else None
    if lemma in ("establish", "restore", "normalize", "normalise", "upgrade"):
        return category if obj in lex.RELATION_OBJECTS else None
    if lemma in ("lift", "ease", "relax", "shorten"):
        if obj in ("blockade", "siege"):  # lifting a blockade is material: RETREAT 'access'
            return "RETREAT"
        return "CONCEDE" if obj in lex.RESTRICTION_OBJECTS else None
    if lemma in ("allow", "permit", "admit", "receive"):
        xcomp = _first(tok, "xcomp") or _first(tok, "ccomp")
        if xcomp is not None and obj is None:  # "allow inspectors to return": the admitted are its subject
            subj = _first(xcomp, "nsubj")
            obj = subj.lemma_.lower() if subj is not None else None
        if obj in lex.ACCESS_OBJECTS or obj in lex.AID_GOODS:
            return "RETREAT"
        if lemma == "receive":  # receiving a delegation is hosting a visit
            objtok = _first(tok, "dobj") or _first(tok, "nsubjpass")  # "a delegation was received"
            visitor = objtok is not None and (objtok.ent_type_ == "PERSON" or obj in lex.VISITORS)
            return "CONSULT" if visitor else None
        if xcomp is not None and xcomp.lemma_ in ("return", "enter"):
            return "RETREAT"
        if obj in lex.PROTEST_NOUNS or (xcomp is not None and xcomp.lemma_ in _EASED_ACTIVITIES):
            return "CONCEDE"
        return None
    if lemma == "share":
        return category if obj in lex.INFORMATION or "with" in _preps(tok) else None
    if lemma in ("provide", "give", "deliver", "contribute"):
        objs = _object_lemmas(tok)
        if objs & lex.AID_GOODS or (obj in lex.FORCE_OBJECTS and lemma == "contribute"):
            return "AID"
        return None
    if lemma == "grant":
        if obj in ("amnesty", "pardon", "clemency"):
            return "CONCEDE"
        if obj in ("access", "entry"):
            return "RETREAT"
        return "AID" if obj in lex.AID_GOODS else None
    if lemma == "forgive":  # PLOVER: debt forgiveness is AID
        objtok = _first(tok, "dobj")
        return category if obj in lex.DEBTS or (objtok is not None and objtok.ent_type_ == "MONEY") else None
    if lemma == "evacuate":  # evacuating people is humanitarian AID; leaving a place is RETREAT
        return "AID" if obj in lex.PEOPLE or obj in ("wounded", "injured", "sick") else category
    if lemma in ("surrender", "cede"):
        return category
    if lemma == "step":  # "stepped down" (the parser gives "down" as particle or adverb)
        return category if prt == "down" or any(ch.lower_ == "down" for ch in tok.children) else None
    if lemma in ("return", "reopen", "open"):
        if lemma == "open" and obj == "fire":  # "opened fire on the crowd"
            return "ASSAULT"
        if lemma == "return":
            return category if obj in lex.TERRITORY or obj in lex.CAPTIVES or obj in _RETURNABLE else None
        return category if obj in _OPENABLE else None
    if lemma in ("seek",):
        return category if obj in lex.SEEKABLE else None
    if lemma in ("press", "pressure", "push"):
        return category if _first(tok, "xcomp") is not None or "for" in _preps(tok) else None
    if lemma in ("summon", "complain", "inspect"):
        return category if lemma != "summon" or obj in _SUMMONABLE else None
    if lemma == "oppose":
        return category if obj is not None or _first(tok, "xcomp") is not None else None
    if lemma == "dismiss":
        return category if obj in lex.DISMISSABLE else None
    if lemma in ("block", "obstruct", "barricade"):
        if obj in lex.PROTEST_NOUNS:
            return "COERCE"
        if obj not in lex.PASSAGE_OBJECTS:
            return None
        return "COERCE" if _is_security(_first(tok, "nsubj")) else "PROTEST"
    if lemma == "walk":
        return category if prt == "out" else None
    if lemma == "protest":  # a government's protest is diplomatic: ACCUSE 'disapprove'
        subj = _first(tok, "nsubj")
        if subj is not None and (subj.ent_type_ == "GPE" or subj.lemma_.lower() in _OFFICIALS):
            return "ACCUSE"
        return category
    if lemma in ("halt", "stop", "end", "reduce", "withhold", "terminate", "curtail", "prohibit"):
        if lemma == "stop" and obj == "work":
            return "PROTEST"
        if obj in lex.PROTEST_NOUNS or obj in lex.RESTRICTION_OBJECTS:
            return "CONCEDE"
        if lemma == "end" and obj in lex.WAR_NOUNS:
            return "RETREAT"
        return "SANCTION" if obj in lex.SANCTIONABLE else None
    if lemma == "suspend":
        if obj in lex.PROTEST_NOUNS or obj in lex.RESTRICTION_OBJECTS:
            return "CONCEDE"
        objtok = _first(tok, "dobj") or _first(tok, "nsubjpass")
        if objtok is not None and (
            obj in _RIGHTS or any(p.lemma_ in _RIGHTS for p in _pobjs(objtok, ("of",)))
        ):
            return "COERCE"  # suspending the constitution or civil rights restricts rights
        return category if obj is not None else None
    if lemma == "downgrade":
        return category if obj in lex.RELATION_OBJECTS else None
    if lemma == "break":
        return category if prt == "off" or obj in lex.RELATION_OBJECTS else None
    if lemma == "recall":
        return category if obj in ("ambassador", "envoy", "diplomat") else None
    if lemma == "withdraw":  # non-military resources: SANCTION 'withdraw'
        if _leaves_organization(tok):  # "withdrew from the trade bloc"
            return "SANCTION"
        return "SANCTION" if obj in lex.NONMILITARY_RESOURCES and not _peacekeeping(tok) else category
    if lemma in ("deploy", "mobilize", "mobilise"):
        if _peacekeeping(tok):
            return "AID"
        if obj in ("support", "backing"):
            return "SUPPORT"
        if obj in ("supporter", "protester", "demonstrator"):
            return "PROTEST"
        return category
    if lemma in ("reinforce", "strengthen", "bolster"):
        return category if obj in lex.FORCE_OBJECTS or obj in ("presence", "defence", "defense") else None
    if lemma == "disperse":
        if obj not in lex.PEOPLE and obj not in lex.PROTEST_NOUNS and obj not in ("crowd", "mob"):
            return None
        # Crowd-control weapons make it violence: PLOVER ASSAULT 'crowd-control'.
        words = plover_modes.context_lemmas(tok)
        if tok.dep_ in ("xcomp", "advcl"):
            words |= plover_modes.context_lemmas(tok.head)
        return "ASSAULT" if plover_modes.crowd_control(words) else category
    if lemma == "prevent":
        return category if obj in lex.PROTEST_NOUNS else None
    if lemma == "force":  # "forced out 1,000 refugees": COERCE 'deport'
        return category if prt == "out" else None
    if lemma == "deface":
        return category
    if lemma == "beat":
        objtok = _first(tok, "dobj") or _first(tok, "nsubjpass")
        person = objtok is not None and (
            objtok.ent_type_ in ("PERSON", "NORP") or objtok.lemma_ in lex.PEOPLE
        )
        return category if prt == "up" or person else None
    if lemma == "abuse":
        return category if any(ch.lower_ == "sexually" for ch in tok.children) else None
    if lemma == "blow":
        return category if prt == "up" and obj is not None else None
    if lemma in ("burn", "torch"):
        return category if obj is not None else None
    if lemma == "set":
        return category if obj == "fire" or "ablaze" in {ch.lower_ for ch in tok.children} else None
    return _guarded_manual(tok, lemma, category, obj, prt)


def _guarded_manual(tok: Token, lemma: str, category: str, obj: str | None, prt: str | None) -> str | None:
    """Guards for the activities the PLOVER manual lists under each category (docs/plover.md)."""
    if lemma == "swear":  # "swore to fight on"; not "was sworn in"
        return category if _first(tok, "xcomp") is not None else None
    if lemma in ("hail", "applaud", "congratulate", "laud"):  # "hailed the agreement"; not "hails from"
        return category if obj is not None else None
    if lemma == "yield":  # "yielded to pressure"; not "yielded results"
        return category if obj is None and "to" in _preps(tok) else None
    if lemma == "pay":  # reparations and voluntary settlements are AID
        return category if obj in lex.COMPENSATION else None
    if lemma == "airlift":
        return category if obj in lex.AID_GOODS or obj in lex.PEOPLE else None
    if lemma == "hand":  # "handed over": goods are AID, captives and territory RETREAT, suspects COOPERATE
        handed_in = [ch for ch in tok.children if ch.lower_ == "in" and ch.dep_ in ("prt", "prep")]
        if handed_in:  # disarmament; the parser may hang the weapons on the particle
            things = {obj, *(p.lemma_.lower() for p in _children(handed_in[0], "pobj"))}
            return "RETREAT" if things & {"weapon", "arm", "gun", "rifle"} else None
        if prt != "over" and not any(ch.lower_ == "over" for ch in tok.children):
            return None
        if obj in lex.AID_GOODS:
            return "AID"
        if obj in lex.CAPTIVES or obj in lex.PEOPLE or obj in lex.TERRITORY:
            return "RETREAT"
        objtok = _first(tok, "dobj") or _first(tok, "nsubjpass")
        wanted = objtok is not None and any(ch.lower_ == "wanted" for ch in objtok.children)
        return "COOPERATE" if obj in ("suspect", "fugitive") or wanted else None
    if lemma == "arrive":  # arrivals of observers/peacekeepers (access) or of armed forces (a move)
        subj = _first(tok, "nsubj")
        if subj is None:
            return None
        head = subj.lemma_.lower()
        words = {head, *(g.lemma_.lower() for g in subj.children if g.dep_ in ("amod", "compound"))}
        if words & lex.ARRIVING_THIRD_PARTIES or (
            words & lex.HUMANITARIAN_MODIFIERS and (head in lex.ACCESS_OBJECTS or head in lex.FORCE_OBJECTS)
        ):
            return "RETREAT"
        return "MOBILIZE" if head in lex.MILITARY_UNITS else None
    if lemma in ("collect", "gather"):  # petitions and protest gatherings
        if obj in ("signature", "petition"):
            return "PROTEST"
        if lemma != "gather" or obj is not None:
            return None
        return category if "against" in _preps(tok) or _subject_lemma(tok) in lex.CIVILIAN_ACTORS else None
    if lemma == "hold":  # "held 12 activists": detention (a held meeting is the light verb's noun)
        objtok = _first(tok, "dobj") or _first(tok, "nsubjpass")
        if objtok is None:
            return None
        if objtok.like_num or objtok.lemma_.lower() in _QUANTITIES:  # "hundreds of civilians"
            of = _pobjs(objtok, ("of",))
            objtok = of[0] if of else objtok
            obj = objtok.lemma_.lower()
        if obj == "hostage" and objtok.tag_ != "NNS":  # "holding the economy hostage" is a figure
            return None
        person = objtok.ent_type_ in ("PERSON", "NORP") or obj in lex.PEOPLE or obj in lex.CAPTIVES
        return category if person else None
    if lemma in ("cordon", "cordone"):
        return category if prt == "off" or any(ch.lower_ == "off" for ch in tok.children) else None
    if lemma == "shut":  # shutting off utilities (withhold) or shutting down media (censor)
        if prt in ("off", "down") and (obj in lex.UTILITIES or obj in lex.MEDIA):
            return category
        return None
    return _guarded_dev(tok, lemma, category, obj, prt)


def _leaves_organization(tok: Token) -> bool:
    """'withdrew from the trade bloc', 'pulled out of the talks' (PLOVER SANCTION 'withdraw')."""
    left = _pobjs(tok, ("from", "of"))
    for ch in tok.children:  # "pulled out of": "of" hangs on "out"
        if ch.lower_ == "out":
            left += _pobjs(ch, ("of",))
    return any(p.lemma_.lower() in lex.ORGANIZATIONS for p in left)


def _warned(tok: Token) -> bool:
    """'warned X of serious consequences', 'warned X against further rocket fire': a threat by warning."""
    warned = [tok, *_children(tok, "dobj")]  # the parser often hangs "of ..." on the warned party
    return any(p.lemma_.lower() in lex.WARNED_OF for w in warned for p in _pobjs(w, ("of",))) or any(
        p.lemma_.lower() in lex.WARNED_AGAINST for w in warned for p in _pobjs(w, ("against",))
    )


def _guarded_dev(tok: Token, lemma: str, category: str, obj: str | None, prt: str | None) -> str | None:
    """Guards for the verbs added from the project's PLOVER dev set and the manual (docs/plover.md)."""
    if lemma == "invite":  # PLOVER AGREE: invitations for visits; not "invited criticism"
        objtok = _first(tok, "dobj")
        party = objtok is not None and (
            objtok.ent_type_ in lex.AGENTIVE_ENTITY_LABELS or obj in lex.VISITORS or obj in lex.PEOPLE
        )
        return category if party else None
    if lemma == "drop":  # "dropped its demand" CONCEDE; "dropped bombs" ASSAULT; "prices dropped" none
        if obj in ("bomb", "munition", "explosive"):
            return "ASSAULT"
        return category if obj in lex.DROPPABLE else None
    if lemma == "coordinate":
        return category if obj is not None or "with" in _preps(tok) else None
    if lemma == "exchange":  # what is exchanged decides: fire, prisoners, information or goods
        if obj == "fire":
            return "ASSAULT"
        if obj in lex.CAPTIVES:
            return "RETREAT"
        if obj in ("accusation", "insult", "barb", "charge"):
            return "ACCUSE"
        if obj in ("view", "idea", "opinion"):
            return "CONSULT"
        return (
            category if obj in lex.INFORMATION or obj in lex.UTILITIES or obj in ("good", "energy") else None
        )
    if lemma == "work":  # "worked with Thai police to ...": joint work of two authorities
        partners = _pobjs(tok, ("with",))
        return (
            category
            if any(p.ent_type_ in ("GPE", "ORG", "NORP") or _is_security(p) for p in partners)
            else None
        )
    if lemma == "disburse":
        objtok = _first(tok, "dobj") or _first(tok, "nsubjpass")
        money = objtok is not None and objtok.ent_type_ == "MONEY"
        return category if obj in lex.AID_GOODS or money else None
    if lemma == "fund":  # "funded the reconstruction", "is funded by the EU"; not "funded the attacks"
        return category if obj is not None and lex.NOUN_CATEGORY.get(obj) not in _CONFLICT else None
    if lemma == "instruct":  # an order: "instructed NGOs to register"
        return category if _first(tok, "xcomp") is not None else None
    if lemma == "bar":  # barring entry is REJECT, barring from political life or travel COERCE
        barred_from = {p.lemma_.lower() for p in _pobjs(tok, ("from",))}
        barred_from |= {
            c.lemma_.lower()
            for ch in tok.children
            if ch.lower_ == "from"
            for c in ch.children
            if c.dep_ == "pcomp"
        }
        if barred_from & {"enter", "entry", "entering", "country", "territory", "visit", "land"}:
            return "REJECT"
        if barred_from & {"run", "contest", "stand", "office", "election", "politics", "leave", "travel"}:
            return "COERCE"
        return None
    if lemma == "turn":  # "turned down a request"
        return category if prt == "down" and obj is not None else None
    if lemma == "rule":  # "ruled out negotiations"
        return category if prt == "out" else None
    if lemma == "scramble":  # "scrambled fighter jets"
        return category if obj in lex.FORCE_OBJECTS else None
    if lemma == "move":  # "tanks were moved to the border"
        return category if obj in lex.FORCE_OBJECTS else None
    if lemma == "breach":  # COERCE 'cyber'
        return category if obj in lex.CYBER_OBJECTS else None
    if lemma == "crush":
        return category if obj in lex.CRUSHABLE else None
    if lemma == "take":  # "took to the streets"; "taken off the air" (COERCE 'censor')
        if any(p.lemma_.lower() == "street" for p in _pobjs(tok, ("to",))):
            return category
        off = [ch for ch in tok.children if ch.lower_ == "off" and ch.dep_ in ("prt", "prep")]
        return "COERCE" if off and any(p.lower_ == "air" for p in _children(off[0], "pobj")) else None
    if lemma == "blockade":  # civilians' blockades are protests (PLOVER PROTEST 'obstruct')
        subj = _first(tok, "nsubj")
        if subj is not None:
            words = {
                subj.lemma_.lower(),
                *(c.lemma_.lower() for c in subj.children if c.dep_ in ("poss", "compound")),
            }
            if words & lex.CIVILIAN_ACTORS:
                return "PROTEST"
        return category
    return category


_WILL_WOULD = lex.MODAL_FUTURE | frozenset({"would"})


def guarded_noun_category(tok: Token, lemma: str, category: str) -> str | None:
    if lemma == "strike":
        mods = {ch.lemma_.lower() for ch in tok.children if ch.dep_ in ("amod", "compound", "poss")}
        head = tok.head
        on_strike = tok.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_ in ("go", "be", "remain")
        if on_strike or mods & lex.LABOR_STRIKE_MODIFIERS:
            return "PROTEST"
        # A bare "the strike" in a labour story is a walkout: no military modifier, no "on X".
        military = mods & lex.MILITARY_MODIFIERS or any(
            ch.dep_ == "prep" and ch.lower_ in ("on", "against") for ch in tok.children
        )
        if not military and _labor_context(tok.doc):
            return "PROTEST"
        return category
    if lemma == "talk":
        return category if tok.tag_ == "NNS" else None
    if lemma == "release":  # "the release of the hostages", not "a release of water"
        released = _pobjs(tok, ("of",))
        return (
            category if any(p.ent_type_ == "PERSON" or p.lemma_ in lex.CAPTIVES for p in released) else None
        )
    if lemma == "call":
        if any(ch.dep_ == "compound" and ch.lemma_.lower() in ("phone", "telephone") for ch in tok.children):
            return "CONSULT"  # "a phone call": consultation by phone
        return category if any(ch.dep_ == "prep" and ch.lower_ == "for" for ch in tok.children) else None
    if lemma == "request":  # "a request for comment" is boilerplate
        return None if any(p.lemma_ in _NO_COMMENT_NOUNS for p in _pobjs(tok, ("for",))) else category
    if lemma in ("exercise", "drill", "maneuver", "manoeuvre", "game"):
        mods = {ch.lemma_.lower() for ch in tok.children if ch.dep_ in ("amod", "compound")}
        if lemma == "game" and "war" not in mods:  # only "war games"
            return None
        military = (
            mods & lex.MILITARY_MODIFIERS
            or lemma == "game"
            or (lemma in ("drill", "maneuver", "manoeuvre") and tok.tag_ == "NNS")
        )
        if not military:
            return None
        # PLOVER: joint military games are COOPERATE, a single country's exercise MOBILIZE
        joint = mods & lex.JOINT_MODIFIERS or "with" in _preps(tok)
        return "COOPERATE" if joint or _several_parties(tok) else category
    if lemma in ("discussion", "dialogue"):  # consultations need partners
        if _preps(tok) & {"with", "between"}:
            return category
        return category if lemma == "discussion" and tok.tag_ == "NNS" else None
    if lemma == "access":  # humanitarian access: PLOVER RETREAT 'access'
        mods = {ch.lemma_.lower() for ch in tok.children if ch.dep_ in ("amod", "compound")}
        return category if mods & lex.HUMANITARIAN_MODIFIERS else None
    if lemma == "trial":  # "went on trial", "the trial of the general"; not a clinical trial
        mods = {ch.lemma_.lower() for ch in tok.children if ch.dep_ in ("amod", "compound")}
        if mods & lex.NON_JUDICIAL_TRIALS:
            return None
        head = tok.head
        on_trial = tok.dep_ == "pobj" and head.lower_ == "on"
        judicial = head.lemma_ in ("stand", "face", "open", "begin", "start", "hold", "bring")
        return category if on_trial or judicial or _preps(tok) & {"of", "against"} else None
    if lemma == "charge":  # criminal charges, "charges against X"; not fees or "in charge"
        mods = {ch.lemma_.lower() for ch in tok.children if ch.dep_ in ("amod", "compound")}
        preps = _preps(tok)
        if "against" in preps or mods & lex.CRIMES:
            return category
        return category if tok.tag_ == "NNS" and ("of" in preps or tok.head.lower_ == "on") else None
    if lemma == "airlift":
        return category
    if lemma in ("ceasefire", "cease-fire"):  # PLOVER: declaring a ceasefire is a CONCEDE
        head = tok.head
        return "CONCEDE" if tok.dep_ == "dobj" and head.lemma_ in ("declare", "announce") else category
    if lemma == "rally":
        mods = {ch.lemma_.lower() for ch in tok.children if ch.dep_ in ("amod", "compound")}
        return None if mods & _MARKET_WORDS else category
    if lemma in ("law", "emergency", "alert", "cleansing"):
        mods = {ch.lemma_.lower() for ch in tok.children if ch.dep_ in ("amod", "compound")}
        head = tok.head
        if lemma == "law":  # "martial law"
            return category if "martial" in mods else None
        if lemma == "emergency":  # "a state of emergency"
            return category if head.lower_ == "of" and head.head.lemma_ == "state" else None
        if lemma == "alert":  # "on high alert", "put troops on alert"
            return category if head.lower_ == "on" or mods & {"high", "full", "maximum", "combat"} else None
        return category if "ethnic" in mods else None
    if lemma == "deployment" and any(
        p.lemma_.lower() in _PEACEKEEPING or any(g.lemma_.lower() in _PEACEKEEPING for g in p.children)
        for p in _pobjs(tok, ("of",))
    ):
        return "AID"  # PLOVER AID: military assistance including personnel
    if lemma == "hearing":  # "a hearing into ...", "a court hearing"
        mods = {ch.lemma_.lower() for ch in tok.children if ch.dep_ in ("amod", "compound")}
        preps = _preps(tok) | (_preps(tok.head) if tok.dep_ == "dobj" else set())  # "opened a hearing into"
        return category if preps & {"into", "on"} or mods & {"court", "judicial", "congressional"} else None
    if lemma == "protest":  # "lodged a protest": a diplomatic protest is ACCUSE
        head = tok.head
        if tok.dep_ == "dobj" and head.lemma_ in lex.LODGING_VERBS:
            return "ACCUSE"
        mods = {ch.lemma_.lower() for ch in tok.children if ch.dep_ in ("amod", "compound")}
        return "ACCUSE" if mods & {"diplomatic", "official", "formal", "strong"} else category
    return _guarded_noun_dev(tok, lemma, category)


def _guarded_noun_dev(tok: Token, lemma: str, category: str) -> str | None:
    """Guards for the nouns added from the project's PLOVER dev set and the manual (docs/plover.md)."""
    mods = {ch.lemma_.lower() for ch in tok.children if ch.dep_ in ("amod", "compound")}
    head = tok.head
    if lemma in ("support", "backing", "regret", "remorse"):  # "expressed support", "voiced regret"
        return category if tok.dep_ == "dobj" and head.lemma_ in lex.EXPRESSING_VERBS else None
    if lemma == "conversation":  # "a phone conversation with the president"
        return category if mods & {"phone", "telephone"} or "with" in _preps(tok) else None
    if lemma == "warrant":  # PLOVER: an arrest warrant (in absentia) is THREATEN 'arrest'
        return category if "arrest" in mods else None
    if lemma == "in":  # "a sit-in" is tokenised "sit - in"
        return category if "sit" in mods else None
    if lemma == "readiness":  # "placed its army on combat readiness"
        return category if head.lower_ == "on" or mods & {"combat", "full", "high", "military"} else None
    if lemma == "test":  # a missile or nuclear test is a show of capability: MOBILIZE 'weapons'
        return category if mods & lex.TESTED_WEAPONS else None
    if lemma == "trade":  # PLOVER COOPERATE: resuming or expanding economic exchange
        return category if tok.dep_ == "dobj" and head.lemma_ in lex.EXPANDING_VERBS else None
    if lemma == "patrol":  # PLOVER: joint military activity is COOPERATE
        return "COOPERATE" if mods & lex.JOINT_MODIFIERS or "with" in _preps(tok) else category
    return category


def _several_parties(tok: Token) -> bool:
    """Whether the noun event, or the subject of the verb carrying it, names two or more countries or
    groups ("French and Egyptian warships launched war games")."""
    head = tok.head
    subj = _first(head, "nsubj") if tok.dep_ == "dobj" and head.tag_.startswith("VB") else None
    scope = [tok, *([subj] if subj is not None else [])]
    names = set()
    for root in scope:
        for t in root.subtree:
            if t.ent_type_ in ("GPE", "NORP") and t.i != tok.i:
                names.add(t.lower_)
            if len(names) >= 2:
                return True
            if t.i - root.i > 12:
                break
    return False


def _labor_context(doc: Doc) -> bool:
    """Whether the article is about labour (unions, walkouts); computed once per doc."""
    cached = doc.user_data.get("newstrace_labor")
    if cached is None:
        cached = any(t.lemma_.lower() in lex.LABOR_CONTEXT for t in doc)
        doc.user_data["newstrace_labor"] = cached
    return cached


def np_span(tok: Token, depth: int = 0) -> Span:
    """The noun phrase headed by `tok`: its premodifiers and 'of' phrases, no clauses (not even
    inside the 'of' phrase: "assets of companies operating in X" stops at "companies")."""
    left = right = tok.i
    for ch in tok.children:
        dep = ch.dep_
        if dep in _NP_KEEP:
            left = min(left, ch.left_edge.i)
            right = max(right, ch.right_edge.i)
        elif dep == "prep" and ch.lower_ == "of" and ch.i > tok.i:
            pobj = _first(ch, "pobj")
            end = np_span(pobj, depth + 1).end - 1 if pobj is not None and depth < 3 else ch.right_edge.i
            right = max(right, end)
    doc = tok.doc
    dateline = dateline_end(tok)
    if dateline and tok.i >= dateline:  # "CARACAS — Venezuela": the dateline is no part of the name
        left = max(left, dateline)
    while left < tok.i and doc[left].is_punct:
        left += 1
    while right > tok.i and (doc[right].is_punct or doc[right].dep_ == "case"):
        right -= 1
    return doc[left : right + 1]


def _resolve_relative(arg: Token, pred: Token) -> Token:
    """'forces that struck ...' -> 'forces'."""
    if arg.lower_ in _RELATIVE_PRONOUNS and pred.dep_ == "relcl":
        return pred.head
    return arg


def _expand(arg: Token) -> list[Token]:
    return [arg, *arg.conjuncts] if arg.dep_ != "conj" else [arg]


def _pobjs(tok: Token, preps: Iterable[str] | None) -> list[Token]:
    """Objects of the given prepositions under `tok`; times ("on Tuesday") are not participants."""
    wanted = frozenset(preps) if preps is not None else None
    out: list[Token] = []
    for ch in tok.children:
        if ch.dep_ in ("prep", "agent") and (wanted is None or ch.lower_ in wanted):
            out.extend(gc for gc in ch.children if gc.dep_ == "pobj" and gc.ent_type_ not in lex.TIME_LABELS)
    return out


def _controller(verb: Token) -> Token | None:
    """The understood subject of a subjectless verb: from its controller, conjunct head or the noun
    a participle modifies."""
    c = verb
    for _ in range(5):
        dep = c.dep_
        g = c.head
        if g is c:
            return None
        if dep == "acl" and c.tag_ == "VBG":  # "boats carrying drugs"
            return g
        if dep == "xcomp" and g.pos_ == "ADJ" and g.dep_ == "acomp":  # "Norway is willing to send"
            subj = _first(g.head, "nsubj")
            return _resolve_relative(subj, g.head) if subj is not None else None
        if dep not in ("xcomp", "conj", "advcl", "ccomp") or not g.tag_.startswith("VB"):
            return None
        if dep == "ccomp" and _first(c, "mark") is not None:
            return None
        if dep == "xcomp" and g.lemma_ in lex.OBJECT_CONTROL_VERBS:
            obj = _first(g, "dobj")
            if obj is None:
                on = _pobjs(g, ("on",))
                obj = on[0] if on else None
            if obj is not None:
                return obj
        for ch in g.children:
            if ch.dep_ in _SUBJECT_DEPS:
                return _resolve_relative(ch, g)
        c = g
    return None


def _verb_arguments(tok: Token, category: str) -> tuple[list[Token], list[Token]]:
    actors: list[Token] = []
    targets: list[Token] = []
    recipients: list[Token] = []
    target_preps = lex.TARGET_PREPS_BY_CATEGORY.get(category, lex.TARGET_PREPS_ALL)
    theme = category in lex.THEME_OBJECT_CATEGORIES
    has_subject = False
    has_object = any(ch.dep_ in ("dobj", "nsubjpass") for ch in tok.children)
    for ch in tok.children:
        dep = ch.dep_
        if dep == "nsubj":
            actors.append(_resolve_relative(ch, tok))
            has_subject = True
        elif dep == "nsubjpass":
            targets.append(_resolve_relative(ch, tok))
            has_subject = True
        elif dep == "dobj" or (dep == "dative" and ch.pos_ != "ADP"):
            targets.append(ch)
        elif dep == "agent":
            actors.extend(gc for gc in ch.children if gc.dep_ == "pobj")
        elif dep in ("prep", "dative") and ch.lower_ in target_preps and (theme or not has_object):
            # "fired on the boat", "sent aid to the region"; but in "struck targets on land" the
            # object is the target
            recipients.extend(
                gc for gc in ch.children if gc.dep_ == "pobj" and gc.ent_type_ not in lex.TIME_LABELS
            )
    if theme and not recipients:  # "cut ties with Britain", "halted aid to the regime"
        for t in targets:
            if t.dep_ == "dobj" and not _is_party(t):
                recipients.extend(_pobjs(t, target_preps - {"of"}))
    if recipients:
        # the recipient of aid, of a sanction, of a withdrawal: the object is the thing moved
        targets = [t for t in targets if t.dep_ == "nsubjpass" or _is_party(t)] + recipients
    if has_subject and not has_object and _reduced_relative(tok):
        # "the boats struck last week were fishing vessels": the parser's subject is the object
        targets = actors + targets
        actors = []
        has_subject = True
    elif not has_subject:
        if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "boats destroyed by ..."
            targets.insert(0, tok.head)
        elif tok.pos_ == "ADJ" and tok.dep_ == "acomp":  # "Norway is willing to ..."
            subj = _first(tok.head, "nsubj")
            if subj is not None:
                actors.append(_resolve_relative(subj, tok.head))
        else:
            controller = _controller(tok)
            if controller is not None:
                actors.append(controller)
    return actors, targets


def _is_party(tok: Token) -> bool:
    """Whether a participant is a party (a country, group, person or people) rather than a thing."""
    return (
        tok.ent_type_ in lex.AGENTIVE_ENTITY_LABELS
        or tok.tag_ == "PRP"
        or tok.lemma_.lower() in lex.PEOPLE
        or tok.lemma_.lower() in lex.CAPTIVES
        or tok.lemma_.lower() in lex.SECURITY_FORCES
    )


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def _reduced_relative(verb: Token) -> bool:
    """'the three boats struck last week were ...': a past participle the parser read as an active verb
    with a subject, followed by a subjectless finite verb of the same head that is the real predicate."""
    if verb.tag_ not in ("VBD", "VBN") or verb.dep_ not in ("ccomp", "conj", "advcl"):
        return False
    head = verb.head
    for sib in head.children:
        if sib.i > verb.i and sib.dep_ in ("ccomp", "conj") and sib.tag_ in _FINITE_TAGS:
            if not any(ch.dep_ in ("nsubj", "nsubjpass", "expl") for ch in sib.children):
                return sib.i - verb.i <= 6
            return False
    return False


def _support_verb(tok: Token, category: str, categories: dict[int, str]) -> Token | None:
    """The verb that carries a noun event: a light verb, or a same-category verb it is subject of
    ("strikes killed 11")."""
    head = tok.head
    if head is tok or not head.tag_.startswith("VB") or tok.dep_ not in ("dobj", "nsubj", "nsubjpass"):
        return None
    if head.lemma_ in lex.LIGHT_VERBS:
        return head
    if tok.dep_ == "nsubj" and categories.get(head.i) == category:
        return head
    return None


def _noun_arguments(tok: Token, category: str, support: Token | None) -> tuple[list[Token], list[Token]]:
    actors: list[Token] = []
    targets: list[Token] = []
    target_preps = lex.TARGET_PREPS_BY_CATEGORY.get(category, lex.TARGET_PREPS_ALL)
    by_agent = _pobjs(tok, ("by",))
    mediation = tok.lemma_ in _MEDIATION or any(
        ch.dep_ == "compound" and ch.lemma_ in _MEDIATION for ch in tok.children
    )
    for ch in tok.children:
        dep = ch.dep_
        if dep == "poss":
            (targets if by_agent else actors).append(ch)
        elif dep in ("compound", "amod") and ch.ent_type_ in lex.AGENTIVE_ENTITY_LABELS and ch.i < tok.i:
            actors.append(ch)
        elif dep == "prep":
            prep = ch.lower_
            pobjs = _pobjs(tok, (prep,)) if prep != "of" or ch.i > tok.i else []
            if prep == "between" and mediation:
                targets.extend(pobjs)  # a mediator's parties are its recipients, the mediator acts
            elif prep == "by" or (prep == "between" and category in _RECIPROCAL):
                actors.extend(pobjs)
            elif prep == "of":
                (actors if category in ("PROTEST", "CONSULT", "MOBILIZE") else targets).extend(pobjs)
            elif prep in target_preps:
                targets.extend(pobjs)
    head = tok.head
    if tok.dep_ == "dobj" and not actors and head.lemma_ in lex.AGENTIVE_LIGHT_VERBS:
        subj = _first(head, "nsubj")
        actor = _resolve_relative(subj, head) if subj is not None else _controller(head)
        if actor is not None:
            actors.append(actor)
    if support is not None and not targets and support.lemma_ in lex.LIGHT_VERBS:
        targets.extend(_pobjs(support, target_preps))
    return actors, targets


_DASHES = frozenset({"—", "–", "--", "-", "―"})
_DATELINE_MAX = 12


def dateline_end(tok: Token) -> int:
    """The index after the dateline that opens `tok`'s sentence ("CARACAS — ", "CARACAS, Venezuela
    (AP) — "), or 0: a city in capitals, then capitalised names, commas and a parenthesised agency
    before a dash, within the sentence's first twelve tokens. Cached per sentence start."""
    doc = tok.doc
    sent_start = tok.sent.start if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else 0
    cache = doc.user_data.setdefault("newstrace_datelines", {})
    found = cache.get(sent_start)
    if found is None:
        found = 0
        first = doc[sent_start] if sent_start < len(doc) else None
        opening = doc[sent_start : min(sent_start + _DATELINE_MAX, len(doc))] if first is not None else []
        if first is not None and not (first.is_alpha and first.is_upper and len(first) > 1):
            opening = []  # a dateline opens with the city in capitals
        for t in opening:
            if t.text in _DASHES and t.i > sent_start:
                found = t.i + 1
                break
            if not (t.is_punct or t.text[:1].isupper()):
                break
        cache[sent_start] = found
    return found


def _outside_dateline(tok: Token) -> Token | None:
    """An argument inside a dateline stands for the name right after it ("CARACAS, Venezuela (AP) —
    Venezuela rejected"), or for nothing."""
    end = dateline_end(tok)
    if not end or tok.i >= end:
        return tok
    for t in tok.doc[end : min(end + 6, tok.sent.end)]:
        if t.head.i < end and t.pos_ in ("PROPN", "NOUN", "PRON"):
            return t
    return None


def _participants(args: list[Token], trigger: Token) -> list[Span]:
    spans: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for arg in args:
        for found in _expand(arg):
            tok = _outside_dateline(found)
            if tok is None or tok.i == trigger.i:
                continue
            span = np_span(tok)
            if span.start <= trigger.i < span.end:  # never let a participant swallow its trigger
                span = tok.doc[tok.i : tok.i + 1]
            key = (span.start, span.end)
            if key not in seen:
                seen.add(key)
                spans.append(span)
    return spans


_TIME_MODIFIER_DEPS = frozenset({"npadvmod", "tmod", "poss", "compound", "amod", "nmod", "advmod", "nummod"})


def _attachment(ent: Span, location: bool) -> Token | None:
    """The word a place or time expression hangs on; places need a locative preposition."""
    t = ent.root
    for _ in range(8):
        h = t.head
        if h is t:
            return None
        dep = t.dep_
        if dep == "pobj" and h.pos_ == "ADP":
            if location:
                if h.lower_ in lex.LOCATION_PREPS:
                    return h.head if h.head is not h else None
                t = h
                continue
            return h.head if h.head is not h else None
        if dep in ("prep", "conj", "appos") and location:
            t = h
            continue
        if not location and dep in _TIME_MODIFIER_DEPS:
            return h
        if not location and dep in ("prep", "conj", "appos"):
            t = h
            continue
        return None
    return None


def _containing_attribution(i: int, spans: list[tuple[int, int, int]]) -> int | None:
    """The innermost attribution whose content holds token i (spans sorted by length)."""
    for start, end, index in spans:
        if start <= i < end:
            return index
    return None


def _attribution_spans(attributions: list[AttributionMention] | None) -> list[tuple[int, int, int]]:
    spans = [(c.start, c.end, index) for index, a in enumerate(attributions or []) for c in a.content]
    spans.sort(key=lambda s: (s[1] - s[0], -s[0]))
    return spans


def time_direction(trigger: Token, category: str) -> str | None:
    """Past or future for a bare weekday/date, from the event's status and tense."""
    status = modality.event_status(trigger, category)
    if status in (modality.PLANNED, modality.THREATENED):
        return "future"
    if status in (modality.OCCURRED, modality.DENIED):
        return "past"
    if status in (modality.POSSIBLE, modality.NEGATED):
        verb = trigger if trigger.tag_.startswith("VB") else trigger.head
        if any(ch.lemma_ == "have" and ch.dep_ == "aux" for ch in verb.children):
            return "past"
        if modality.has_modal(verb, _WILL_WOULD | lex.MODAL_POSSIBLE - {"would"}):
            return "future"
        return "past" if status == modality.NEGATED else "future"
    return None


class EventExtractor:
    def __init__(self, nlp: Language, resolve_times: bool) -> None:
        strings = nlp.vocab.strings
        self.resolve_times = resolve_times
        # Lemma hashes: the per-token test is one set lookup on an int.
        self.verb_lemmas = {strings.add(lemma): lemma for lemma in lex.VERB_CATEGORY}
        self.noun_lemmas = {strings.add(lemma): lemma for lemma in lex.NOUN_CATEGORY}
        self.candidates = frozenset(self.verb_lemmas) | frozenset(self.noun_lemmas)
        self.deontic = frozenset(strings.add(m) for m in lex.DEONTIC_MODALS)

    def _category(self, tok: Token) -> str | None:
        tag = tok.tag_
        lemma_hash = tok.lemma
        if tag.startswith("VB"):
            lemma = self.verb_lemmas.get(lemma_hash)
            if lemma is None:
                return None
            category = lex.VERB_CATEGORY[lemma]
            if lemma in lex.REFUSABLE and _refused(tok):
                return "REJECT"  # "will not accept refugees": a refusal whatever the object
            if lemma in lex.GUARDED_VERBS:
                category = guarded_verb_category(tok, lemma, category)
            if category in _HARMFUL and _accidental(tok):
                return None
            return category
        if tag in NOUN_TAGS:
            lemma = self.noun_lemmas.get(lemma_hash)
            if lemma is None:
                return None
            if tok.ent_type_ in _NAME_LABELS and tok.ent_iob_ == "I":  # inside a multiword name
                return None
            if tok.dep_ == "compound" and tok.head.lemma_ not in lex.CARRIER_NOUNS:
                return None  # "rescue teams", "attack helicopters": modifiers; "a mediation effort" is one
            category = lex.NOUN_CATEGORY[lemma]
            if lemma in lex.GUARDED_NOUNS:
                return guarded_noun_category(tok, lemma, category)
            return category
        return None

    def __call__(self, doc: Doc) -> Doc:
        candidates = self.candidates
        categories: dict[int, str] = {}
        for tok in doc:
            if tok.lemma in candidates:
                category = self._category(tok)
                if category is not None:
                    categories[tok.i] = category
        self._reported_demands(doc, categories)
        if not categories:
            doc._.events = []
            return doc
        self._willingness(doc, categories)
        self._promises_as_threats(doc, categories)
        self._drop_echoed_objects(doc, categories)
        self._refusals_and_modifiers(doc, categories)
        locations: dict[int, Span] = {}
        times: dict[int, Span] = {}
        for ent in doc.ents:
            if ent.label_ in lex.LOCATION_LABELS:
                anchor = _attachment(ent, location=True)
                if anchor is not None:
                    locations.setdefault(anchor.i, ent)
            elif ent.label_ in lex.TIME_LABELS:
                anchor = _attachment(ent, location=False)
                if anchor is not None:
                    times.setdefault(anchor.i, ent)
        published = timex.parse_published(doc._.published)
        attribution_spans = _attribution_spans(doc._.attributions)
        events: list[EventMention] = []
        for i in sorted(categories):
            category = categories[i]
            events.append(
                self._mention(doc[i], category, categories, locations, times, published, attribution_spans)
            )
        doc._.events = events
        return doc

    @staticmethod
    def _willingness(doc: Doc, categories: dict[int, str]) -> None:
        """'is willing to send troops', 'ready to negotiate': PLOVER AGREE is indicating willingness
        to cooperate; willingness to use force is a THREATEN, to retreat or concede a CONCEDE (the
        manual's coding of announced retreats), and 'unwilling to' a REJECT. The adjective is the
        event; the complement keeps its own category and status."""
        for i, category in list(categories.items()):
            tok = doc[i]
            if tok.dep_ == "dobj" and tok.head.dep_ == "xcomp":  # "willing to resume talks"
                tok = tok.head
            adj = tok.head
            if tok.dep_ != "xcomp" or adj.pos_ != "ADJ" or adj.i in categories:
                continue
            lemma = adj.lemma_.lower()
            if lemma in lex.UNWILLING_ADJECTIVES or (
                lemma in lex.WILLING_ADJECTIVES and any(ch.dep_ == "neg" for ch in adj.children)
            ):
                categories[adj.i] = "REJECT"
            elif lemma in lex.WILLING_ADJECTIVES:
                if category in _CONFLICT:
                    categories[adj.i] = "THREATEN"
                elif category in ("RETREAT", "CONCEDE"):
                    categories[adj.i] = "CONCEDE"
                elif category in _COOPERATIVE or category == "AGREE":
                    categories[adj.i] = "AGREE"

    @staticmethod
    def _drop_echoed_objects(doc: Doc, categories: dict[int, str]) -> None:
        """'struck a deal', 'signed an agreement': one event, on the verb. 'halted aid', 'lifted the
        curfew', 'called off the strike': the verb is the event, the stopped thing is not."""
        for i, category in list(categories.items()):
            tok = doc[i]
            if tok.dep_ == "compound" and tok.head.dep_ == "dobj":  # "ended mediation efforts"
                stopper = tok.head.head
                if categories.get(stopper.i) in ("SANCTION", "CONCEDE") and stopper.lemma_ in _STOPPING_VERBS:
                    del categories[i]
                continue
            if tok.dep_ != "dobj" or tok.tag_ not in NOUN_TAGS:
                continue
            head_category = categories.get(tok.head.i)
            if head_category == "REQUEST" and tok.head.lemma_ == "order" and category in _MATERIAL:
                # "ordered patrols", "ordered the arrest of": the order is carried out, the noun is the event
                del categories[tok.head.i]
                continue
            if head_category == category or (
                head_category in ("SANCTION", "CONCEDE") and tok.head.lemma_ in _STOPPING_VERBS
            ):
                del categories[i]

    @staticmethod
    def _refusals_and_modifiers(doc: Doc, categories: dict[int, str]) -> None:
        """'will not accept', 'did not agree': a negated acceptance is a refusal (PLOVER REJECT).
        An adjectival participle ('its long-threatened invasion', 'the promised aid') describes a
        noun and is no speech act of its own."""
        for i, category in list(categories.items()):
            tok = doc[i]
            if tok.dep_ == "amod" and category in _SPEECH_ACTS:
                del categories[i]
            elif (
                category != "REJECT"
                and tok.tag_.startswith("VB")
                and tok.lemma_ in lex.REFUSABLE
                and _refused(tok)
            ):
                categories[i] = "REJECT"

    def _reported_demands(self, doc: Doc, categories: dict[int, str]) -> None:
        """'The UN said Iraq must cooperate': a reported obligation laid on someone else is a demand
        (PLOVER REQUEST), carried by the reporting verb."""
        for tok in doc:
            if tok.lower not in self.deontic or tok.dep_ != "aux":
                continue
            verb = tok.head
            reporter = verb.head
            if (
                verb.dep_ != "ccomp"
                or reporter.i in categories
                or reporter.lemma_ not in lex.DEMAND_REPORTING
            ):
                continue
            subj = _first(verb, "nsubj") or _first(verb, "nsubjpass")
            if subj is None or subj.lower_ in _NOT_ADDRESSEES:
                continue
            categories[reporter.i] = "REQUEST"

    @staticmethod
    def _promises_as_threats(doc: Doc, categories: dict[int, str]) -> None:
        """'vowed to strike': a promise of violence is a THREATEN (PLOVER: AGREE is cooperation);
        'warned it would attack' is a threat, 'warned that strikes would require ...' is not."""
        for i, category in list(categories.items()):
            tok = doc[i]
            if category == "AGREE" and tok.lemma_ in ("vow", "pledge", "promise", "commit", "swear"):
                for ch in tok.children:
                    if ch.dep_ in ("xcomp", "ccomp") and categories.get(ch.i) in _CONFLICT:
                        categories[i] = "THREATEN"
            elif category == "THREATEN" and tok.lemma_ == "warn" and not _warned(tok):
                ccomp = _first(tok, "ccomp")
                if ccomp is None or categories.get(ccomp.i) not in _CONFLICT:
                    del categories[i]

    def _mention(
        self,
        tok: Token,
        category: str,
        categories: dict[int, str],
        locations: dict[int, Span],
        times: dict[int, Span],
        published: date | None,
        attribution_spans: list[tuple[int, int, int]],
    ) -> EventMention:
        doc = tok.doc
        is_noun = tok.tag_ in NOUN_TAGS
        # "launched a mediation effort": the carrier noun holds the event's arguments
        carrier = (
            tok.head if is_noun and tok.dep_ == "compound" and tok.head.lemma_ in lex.CARRIER_NOUNS else None
        )
        noun = carrier if carrier is not None else tok
        support = _support_verb(noun, category, categories) if is_noun else None
        if is_noun:
            actors, targets = _noun_arguments(noun, category, support)
        else:
            actors, targets = _verb_arguments(tok, category)
        anchors = [tok] if carrier is None else [tok, carrier]
        if support is not None:
            anchors.append(support)
        if not any(_is_party(t) for t in targets):
            targets = targets + _recipients_elsewhere(tok, category, anchors, categories)
        location = next((locations[a.i] for a in anchors if a.i in locations), None)
        if location is None:  # "killed 11 people in the Caribbean", "strikes on sites inside Venezuela"
            objects = [*targets, *(_children(support, "dobj") if support is not None else [])]
            location = next((locations[t.i] for t in objects if t.i in locations), None)
        time_anchors = list(anchors)
        if not is_noun and tok.dep_ == "xcomp":
            time_anchors.append(tok.head)
        time = next((times[a.i] for a in time_anchors if a.i in times), None)
        value = end = None
        if time is not None and published is not None and self.resolve_times:
            direction = time_direction(tok, category) if _needs_direction(time) else None
            value, end = timex.resolve(_time_text(time), published, direction)
        target_spans = _participants(targets, tok)
        if location is not None and any(
            t.start < location.end and location.start < t.end for t in target_spans
        ):  # "sanctions on Russia": a target, not a place
            location = None
        elif location is not None and category == "COERCE" and not any(_is_party(t) for t in targets):
            # "imposed a curfew in Cizre": a restriction on a place falls on the place
            target_spans.append(location)
        content = _content_event(tok, categories) if category in _CONTENT_MODES else None
        mode = plover_modes.event_mode(
            tok, category, content, categories.get(content.i) if content is not None else None
        )
        return EventMention(
            trigger=doc[tok.i : tok.i + 1],
            category=category,
            mode=mode,
            actors=_participants(actors, tok),
            targets=target_spans,
            location=location,
            time=time,
            time_value=value,
            time_end=end,
            attributed_to=_containing_attribution(tok.i, attribution_spans),
        )


_CONTENT_MODES = frozenset({"THREATEN", "REQUEST", "REJECT"})
_CONTENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "conj"})


def _content_event(tok: Token, categories: dict[int, str]) -> Token | None:
    """What a threat, request or refusal is about: the event in its complement or object
    ('threatened to shell', 'called for a ceasefire', 'threatened with sanctions'), else the
    complement's head word."""
    found: Token | None = None
    for ch in tok.children:
        dep = ch.dep_
        if dep in _CONTENT_DEPS and dep != "conj":
            if ch.i in categories:
                return ch
            for gc in ch.children:  # "threatened to impose sanctions": the light verb's object
                if gc.dep_ in ("dobj", "xcomp") and gc.i in categories:
                    return gc
            found = found or ch
        elif dep == "prep" and ch.lower_ in ("for", "with"):
            for gc in ch.children:
                if gc.dep_ == "pobj":
                    if gc.i in categories:
                        return gc
                    found = found or gc
    return found


def _recipients_elsewhere(
    tok: Token, category: str, anchors: list[Token], categories: dict[int, str]
) -> list[Token]:
    """The recipient when the event's own object and prepositions name none (PLOVER's recipient,
    manual by category): for a request or threat the addressee of its content ("demanded that the
    US cancel", "said Iraq must cooperate") or the recipient of the threatened or refused action
    ("threatened to cut ties with Russia"); for a rejected proposal its author ("rejected calls by
    X"); for a protest the party its purpose clause names ("a hunger strike to protest X's decision",
    "in protest against X"). One level deep, a handful of tokens."""
    out: list[Token] = []
    if category in lex.CONTENT_RECIPIENT_CATEGORIES:
        for ch in tok.children:
            if ch.dep_ == "ccomp":
                subj = _first(ch, "nsubj") or _first(ch, "nsubjpass")
                if subj is not None and subj.lower_ not in _NOT_ADDRESSEES and _is_party(subj):
                    out.append(subj)
            elif ch.dep_ == "dobj" and ch.lemma_.lower() in lex.PROPOSAL_NOUNS:
                out.extend(ch2 for ch2 in ch.children if ch2.dep_ == "poss")
                out.extend(_pobjs(ch, ("by", "from")))
        if not out:
            content = _content_event(tok, categories)
            if content is not None and content.i != tok.i:
                content_category = categories.get(content.i)
                if content_category is not None and content_category not in _CONTENT_MODES:
                    if content.tag_ in NOUN_TAGS:
                        _, found = _noun_arguments(content, content_category, None)
                    else:
                        _, found = _verb_arguments(content, content_category)
                    out.extend(t for t in found if _is_party(t) or t.ent_type_ in lex.LOCATION_LABELS)
                elif content_category is None:
                    out.extend(_pobjs(content, ("against", "on", "with", "to")))
    elif category == "PROTEST":
        for anchor in anchors:
            for ch in anchor.children:
                if ch.dep_ in ("advcl", "xcomp") and ch.lemma_ in lex.PROTEST_PURPOSES:
                    obj = _first(ch, "dobj")
                    if obj is not None:
                        out.append(obj)
                    out.extend(_pobjs(ch, ("against", "at", "over")))
                    ccomp = _first(ch, "ccomp")  # "to demand that the president resign"
                    subj = _first(ccomp, "nsubj") if ccomp is not None else None
                    if subj is not None:
                        out.append(subj)
                elif ch.dep_ == "prep" and ch.lower_ == "in":
                    for p in _pobjs(anchor, ("in",)):
                        if p.lemma_ == "protest":
                            out.extend(_pobjs(p, ("against", "of", "at", "over")))
    return out


# PLOVER codes one event as one category: intended cooperation is AGREE, an announced retreat
# CONCEDE, a planned or threatened use of force or coercion THREATEN (manual: AGREE, CONCEDE and
# the auxiliary modes).
_FUTURE_STATUSES = frozenset({"planned"})
_COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
_COERCIVE = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST"})


def plover_category(category: str, status: str) -> str:
    """The PLOVER code of an event of `category` with `status` (record.EventStatus): PLOVER returns
    a single category where newstrace keeps the kind of action and its status apart."""
    if status in _FUTURE_STATUSES:
        if category in _COOPERATIVE:
            return "AGREE"
        if category == "RETREAT":
            return "CONCEDE"
    if category in _COERCIVE and status in ("planned", "threatened"):
        return "THREATEN"
    return category


_TIME_PREPOSITIONS = frozenset({"within", "in", "over", "by", "before", "until"})


def _time_text(time: Span) -> str:
    """The expression with its preposition: 'weeks' alone says nothing, 'within weeks' does, and
    'by the end of the year' is a deadline (published .. Dec 31), not December."""
    if time.start > 0:
        prev = time.doc[time.start - 1]
        if prev.lower_ in _TIME_PREPOSITIONS and prev.pos_ in ("ADP", "SCONJ") and time.root.head.i == prev.i:
            return f"{prev.text} {time.text}"
    return time.text


def _needs_direction(time: Span) -> bool:
    """Only bare weekdays and dates without a year depend on tense; skip the status work otherwise."""
    return not any(t.like_num and len(t.text) == 4 for t in time) and not any(
        t.lower_ in ("last", "next", "ago", "yesterday", "today", "tomorrow", "this", "past", "coming")
        for t in time
    )


@Language.factory("newstrace_events", default_config={"resolve_times": True})
def make_events(nlp: Language, name: str, resolve_times: bool) -> EventExtractor:
    register_extensions()
    return EventExtractor(nlp, resolve_times)
