"""PLOVER modes: how an event was carried out ("ASSAULT: aerial"), after the PLOVER manual's tables.

The mode comes from the trigger's lemma and the words around it: its modifiers ("air strikes",
"suicide bombing"), its participants ("Israeli helicopters shelled ...") and instruments
("attacked with machetes"), found by a short walk down the parse from the trigger (at most three
steps, through subjects, objects, prepositions and modifiers, never into another clause). For
THREATEN, REQUEST and REJECT the mode is the content of the speech act, read from the category of
the event in its complement ("threatened to shell" -> violence). Each mode is the manual's own name;
categories the manual gives no modes (AGREE, SUPPORT, CONCEDE, COOPERATE, AID) get None, and so does
an event whose words say nothing about its manner.

All tests are set lookups on lower-cased lemmas; the walk touches a handful of tokens per event.
"""

from __future__ import annotations

from spacy.tokens import Token


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Dependencies the context walk follows: participants, instruments and modifiers of the trigger.
_WALK_DEPS = _w(
    "nsubj nsubjpass dobj agent prep pobj compound amod advmod npadvmod prt acl nmod poss pcomp dative "
    "attr appos"
)
_MAX_STEPS = 3

_CROWD_CONTROL = _w("teargas tear-gas baton lathi truncheon pepper rubber water-cannon stun")
# ASSAULT modes in priority order: a more specific weapon wins over a general one.
_ASSAULT: tuple[tuple[str, frozenset[str]], ...] = (
    ("unconventional", _w("chemical biological nuclear sarin anthrax chlorine radiological nerve")),
    ("suicide-attack", _w("suicide")),
    ("crowd-control", _CROWD_CONTROL),
    ("drone", _w("drone uav predator reaper unmanned")),
    (
        "aerial",
        _w("airstrike air aircraft warplane jet plane helicopter gunship bomber airpower sortie fighter-jet"),
    ),
    (
        "heavy-weapons",
        _w(
            "artillery shell shelling mortar rocket tank missile howitzer cannon katyusha launcher armored "
            "armoured barrage bombardment bombard"
        ),
    ),
    (
        "explosives",
        _w("bomb bombing explosive ied mine landmine minefield grenade detonate explosion blast dynamite"),
    ),
    (
        "firearms",
        _w(
            "shoot shooting shot gun gunfire gunman gunbattle firefight shootout rifle pistol bullet sniper "
            "machine-gun fire"
        ),
    ),
    ("sexual", _w("rape sexual sexually molest")),
    ("torture", _w("torture")),
    ("abduct", _w("abduct kidnap hijack abduction kidnapping hijacking hostage capture")),
    ("targeted", _w("assassinate assassination execute execution massacre")),
    ("beat", _w("beat beating punch kick club")),
    ("primitive", _w("knife machete stab behead axe stone rock arson torch burn spear sword")),
    ("destroy", _w("demolish demolition raze bulldoze destroy")),
)
# Words that, as the trigger itself, decide the mode whatever the context says.
_ASSAULT_TRIGGER = {
    **dict.fromkeys(_w("airstrike"), "aerial"),
    **dict.fromkeys(_w("shell shelling bombard bombardment"), "heavy-weapons"),
    **dict.fromkeys(_w("shoot shooting gunbattle firefight shootout"), "firearms"),
    **dict.fromkeys(_w("rape"), "sexual"),
    **dict.fromkeys(_w("torture"), "torture"),
    **dict.fromkeys(_w("abduct kidnap hijack abduction kidnapping hijacking capture"), "abduct"),
    **dict.fromkeys(_w("assassinate assassination execute execution massacre"), "targeted"),
    **dict.fromkeys(_w("stab behead"), "primitive"),
    **dict.fromkeys(_w("demolish raze bulldoze"), "destroy"),
}
_PROTEST = {
    **dict.fromkeys(_w("riot"), "riot"),
    **dict.fromkeys(_w("boycott"), "boycott"),
    **dict.fromkeys(_w("block obstruct barricade blockade"), "obstruct"),
    **dict.fromkeys(_w("strike walkout walk stop picket"), "strike"),
    **dict.fromkeys(_w("vandalize vandalise deface"), "vandalize"),
    **dict.fromkeys(_w("demonstrate demonstration rally march protest sit-in gathering gather"), "demo"),
    "collect": None,  # a petition drive has no mode in the manual's table
}
_COERCE = {
    **dict.fromkeys(_w("arrest detain jail imprison detention hold"), "arrest"),
    **dict.fromkeys(_w("seize confiscate raid seizure search"), "seize"),
    **dict.fromkeys(
        _w("ban outlaw prevent block restrict blockade siege besiege disperse crackdown cordon"), "restrict"
    ),
    **dict.fromkeys(_w("censor censorship"), "censor"),
    **dict.fromkeys(_w("curfew"), "curfew"),
    **dict.fromkeys(_w("law emergency"), "martial-law"),
    **dict.fromkeys(_w("deport deportation force expel expulsion evict"), "deport"),
    **dict.fromkeys(_w("hack deface breach"), "cyber"),
    **dict.fromkeys(_w("withhold shut"), "withhold"),
    "take": "censor",  # "taken off the air"
    "cordone": "restrict",  # spaCy's lemma of "cordoned"
}
_CENSORED = _w("newspaper publication paper website site broadcaster station channel book magazine media")
_SANCTION = {
    **dict.fromkeys(_w("convict"), "convict"),
    **dict.fromkeys(_w("expel expulsion"), "expel"),
    **dict.fromkeys(_w("withdraw recall pull"), "withdraw"),
    "order": "expel",  # "ordered the ambassador to leave"
}
_MOBILIZE: tuple[tuple[str, frozenset[str]], ...] = (
    ("police", _w("police policeman riot-police gendarme gendarmerie")),
    ("militia", _w("militia militiaman paramilitary")),
    (
        "troops",
        _w(
            "troop soldier army reservist reserve marine battalion brigade division unit personnel "
            "infantry commando force"
        ),
    ),
    (
        "weapons",
        _w(
            "weapon missile ship warship tank aircraft jet submarine destroyer carrier bomber system "
            "battery vessel fleet artillery"
        ),
    ),
)
_CONSULT = {
    **dict.fromkeys(_w("visit host welcome receive"), "visit"),
    **dict.fromkeys(_w("telephone phone"), "phone"),
    **dict.fromkeys(_w("mediate mediation"), "third-party"),
}
_PHONE_WORDS = _w("phone telephone call video videoconference")
_RETREAT = {
    **dict.fromkeys(_w("withdraw withdrawal retreat pullout pull cede"), "withdraw"),
    **dict.fromkeys(_w("release free repatriate repatriation return hand"), "release"),
    **dict.fromkeys(_w("disarm demobilize demobilise demobilization surrender"), "disarm"),
    **dict.fromkeys(_w("ceasefire cease-fire truce"), "ceasefire"),
    **dict.fromkeys(_w("allow permit admit receive open reopen lift ease grant arrive access"), "access"),
    **dict.fromkeys(_w("resign resignation step"), "resign"),
}
_ACCUSE = {
    **dict.fromkeys(
        _w("investigate probe investigation inquiry inquest inspection inspect hearing send dispatch"),
        "investigate",
    ),
    **dict.fromkeys(
        _w(
            "accuse allege charge sue indict lawsuit indictment accusation allegation blame prosecute "
            "prosecution trial"
        ),
        "allege",
    ),
}
_ASK_CHANGE = _w("reform resignation resign change election vote step constitution overhaul democracy")
_ASK_YIELD = _w("release ceasefire truce lift withdraw withdrawal end halt stop")
_ASK_ASSIST = _w("aid help assistance support supply loan fund")
_ASK_MEET = _w("talk meeting negotiation negotiate meet summit dialogue")
_BY_CONTENT = {
    "AID": "assist",
    "COOPERATE": "assist",
    "SUPPORT": "assist",
    "CONSULT": "meet",
    "RETREAT": "yield",
    "CONCEDE": "yield",
}
_ARREST = _w("arrest detain jail imprison")
_TERRITORY = _w("seize occupy annex capture invade")


def context_lemmas(tok: Token) -> set[str]:
    """The lower-cased lemmas of the trigger, its modifiers, participants and instruments."""
    out = {tok.lemma_.lower()}
    frontier = [tok]
    for _ in range(_MAX_STEPS):
        nxt = []
        for t in frontier:
            for ch in t.children:
                if ch.dep_ in _WALK_DEPS:
                    out.add(ch.lemma_.lower())
                    nxt.append(ch)
        frontier = nxt
    for ch in tok.children:  # "sexually abused": the manner adverb is a plain child
        if ch.dep_ == "advmod":
            out.add(ch.lower_)
    # "tear gas", "water cannon": two words that name one crowd-control weapon
    if "tear" in out and "gas" in out:
        out.add("teargas")
    if "water" in out and "cannon" in out:
        out.add("water-cannon")
    return out


def _pobjs_of(tok: Token) -> list[Token]:
    """'deployment of troops', 'patrols by police': the forces named in a noun's 'of'/'by' phrase."""
    return [
        gc
        for ch in tok.children
        if ch.dep_ in ("prep", "agent") and ch.lower_ in ("of", "by")
        for gc in ch.children
        if gc.dep_ == "pobj"
    ]


def crowd_control(words: set[str]) -> bool:
    """Whether the words name a crowd-control weapon (tear gas, water cannon, batons ...)."""
    return bool(words & _CROWD_CONTROL)


def _first_hit(words: set[str], table: tuple[tuple[str, frozenset[str]], ...]) -> str | None:
    for mode, vocab in table:
        if words & vocab:
            return mode
    return None


def assault_mode(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    words = context_lemmas(tok)
    if lemma == "disperse":  # a dispersal is ASSAULT only with crowd-control weapons
        return "crowd-control"
    fixed = _ASSAULT_TRIGGER.get(lemma)
    # Platform and weapon beat the trigger's own default ("helicopters shelled" -> aerial), except
    # for triggers that name the manner themselves (torture, kidnap, assassinate, rape).
    if fixed in ("sexual", "torture", "abduct", "targeted", "destroy", "primitive"):
        return fixed
    if lemma == "blow" or (lemma == "set" and "fire" in words):
        return "explosives" if lemma == "blow" else "primitive"
    found = _first_hit(words, _ASSAULT)
    if fixed is not None and found in (None, "explosives", "firearms", "heavy-weapons", "beat", "primitive"):
        return fixed
    if found is None and lemma == "bomb" and tok.tag_.startswith("VB"):
        return "aerial"  # "X bombed Y" without a car or roadside bomb is from the air
    return found


def event_mode(
    tok: Token, category: str, content: Token | None = None, content_category: str | None = None
) -> str | None:
    """The PLOVER mode of the event triggered by `tok`, or None."""
    lemma = tok.lemma_.lower()
    if category == "ASSAULT":
        return assault_mode(tok)
    if category == "PROTEST":
        words = context_lemmas(tok)
        if "hunger" in words:
            return "hunger"
        if lemma in ("strike", "walkout") or ("strike" in words and lemma not in ("block", "riot")):
            return "strike"
        return _PROTEST.get(lemma, "demo")
    if category == "COERCE":
        mode = _COERCE.get(lemma)
        if (
            mode in ("restrict", None)
            and lemma in ("ban", "block", "restrict")
            and context_lemmas(tok) & _CENSORED
        ):
            return "censor"
        if lemma == "siege" and tok.head.lower_ == "of" and tok.head.head.lemma_ == "state":
            return "martial-law"
        if lemma == "shut" and context_lemmas(tok) & _CENSORED:
            return "censor"
        return mode
    if category == "SANCTION":
        return _SANCTION.get(lemma, "discontinue")
    if category == "MOBILIZE":
        # What is mobilised (the object) decides before who mobilises: "the army deployed tanks" -> weapons.
        moved = [ch for ch in tok.children if ch.dep_ in ("dobj", "nsubjpass")] + _pobjs_of(tok)
        for t in moved:
            words = {
                t.lemma_.lower(),
                *(c.lemma_.lower() for c in t.children if c.dep_ in ("compound", "amod")),
            }
            found = _first_hit(words, _MOBILIZE)
            if found is not None:
                return found
        return _first_hit(context_lemmas(tok), _MOBILIZE)
    if category == "CONSULT":
        mode = _CONSULT.get(lemma)
        if mode is None and context_lemmas(tok) & _PHONE_WORDS:
            return "phone"
        return mode
    if category == "RETREAT":
        if lemma == "hand" and context_lemmas(tok) & _w("weapon arm gun rifle"):
            return "disarm"  # "handed in their weapons"
        return _RETREAT.get(lemma)
    if category == "ACCUSE":
        return _ACCUSE.get(lemma, "disapprove")
    if category == "THREATEN":
        if lemma == "warrant":  # an arrest warrant
            return "arrest"
        return _threat_mode(content, content_category)
    if category in ("REQUEST", "REJECT"):
        return _ask_mode(tok, content, content_category)
    return None


def _threat_mode(content: Token | None, content_category: str | None) -> str | None:
    """THREATEN's mode is the content of the threat."""
    if content is None or content_category is None:
        return None
    lemma = content.lemma_.lower()
    if content_category == "ASSAULT":
        return "territory" if lemma in _TERRITORY and lemma != "capture" else "violence"
    if content_category == "COERCE":
        if lemma in _ARREST:
            return "arrest"
        if lemma in ("seize", "occupy"):
            return "territory"
        return "expel" if lemma in ("deport", "expel") else "restrict"
    if content_category == "PROTEST":
        return "restrict"
    if content_category == "SANCTION":
        return "expel" if lemma in ("expel", "expulsion") else "relations"
    if content_category == "MOBILIZE":
        return "violence"
    return None


def _ask_mode(tok: Token, content: Token | None, content_category: str | None) -> str | None:
    """REQUEST and REJECT share modes: what is asked for or refused."""
    if content_category in _BY_CONTENT:
        return _BY_CONTENT[content_category]
    words = context_lemmas(content if content is not None else tok)
    if content is not None:
        words.add(content.lemma_.lower())
    if words & _ASK_YIELD:
        return "yield"
    if words & _ASK_MEET:
        return "meet"
    if words & _ASK_ASSIST:
        return "assist"
    if words & _ASK_CHANGE:
        return "change"
    return None
