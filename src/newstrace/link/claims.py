"""Claims: attributed contents across the articles of one story that assert the same thing.

`link_claims(records)` takes the Records of one story's articles and returns its claims, each with
every mention (article, outlet, time, span, source, kind) and its corroboration (independent source
count, first report, chain; see `newstrace.link.corroboration`).

Candidates. Every attribution content is a candidate mention, with the characterised source it
rests on. The rest of each sentence (the words outside any attribution content, cue and source),
outside the passages framing finds the outlet arguing in, is a candidate too when it keeps at least
`Params.min_residual_words` content words: it catches
statements whose attribution the extractor missed or attached elsewhere ("Kestland carried out an
airstrike ..., the Harbor Ledger reported on Monday, citing two defence officials"); its source is
an outlet it cites, else the source of an attribution in the sentence (not one told after it as what
was reported before it happened: "The agency suspended the licence, after a newspaper reported that
..."), else a source the sentence opens or closes on ("The interior ministry confirmed that ...",
"..., the operator said."), else none (unsourced).
Some contents claim nothing and are no candidates (`_NOT_A_CLAIM`): a reporter's question ("Asked
whether ..."), a refusal to say or discuss ("declined to say", "We do not telegraph our operations"),
silence ("did not respond to a request for comment"), a question, the terms of the sourcing ("spoke
on condition of anonymity"), where the statement before it was first reported ("..., a figure first
reported by the Herald": the statement's provenance, `_without_provenance`).

A candidate followed to the end of its sentence by an appositive rejection ("the wall stands 400
metres inside its territory, an accusation Tavoria rejects"; "..., which the minister denied"; "..., a
claim rejected by Telvo") is two candidates: the claim, and the rejecting party's denial of it, which
always joins the claim it follows. So does a rejection that only points back ("Denning rejected the
allegation.", "...; the hospital denies this."): it denies the first sourced statement of its own
sentence or the one before (`_pointing_back`); 'the reports' are the story's, below. A
confirmation that only points back ("Vance confirmed the plans to Channel 9 News") joins that
statement's claim the same way (`_confirmations_pointing_back`).

Outlet citations (echoes). A candidate cites an outlet when its source is of type `outlet`, when
the source names an outlet of the story's articles (fuzzy, accents folded; an outlet of three
words or more also by its initials, 'GBN'), when it is a generic
media phrase ("the newspaper", "the agency's report") -- resolved to the last outlet the article
named; "a news report said" with no outlet named relays that unnamed report -- or when its sentence
carries a report cue with an outlet name ("first reported by",
"as reported by", "according to a report in", "X reported", "citing X"). An article citing its
own outlet ("told Coastal Wire", "video obtained by Meridian News") is its own reporting. A named
source's words stay its own when the outlet is credited only after them ("the commander confirmed
that X, plans first reported by the Times"); "a newspaper report" before any outlet is named is the
first other outlet the article names.

Contents are cut at clause joints (', which', ', backing up', ', saying', ' and that', a sentence break
inside a quote) into several candidates (`Params.split_contents`); wire datelines ("QUILL STRAIT, March
26 (Coastal Wire) - ") are dropped from sentences and contents, and a decimal point is not a sentence
break. A content is a denial when its cue denies or found no evidence of it ('found no evidence that
X'), when it gives a reason inside a denial ('denied that X, saying Y'), when a negation sits in its
main clause or in a second clause in the source's own voice ('..., and we paid nothing above it', '...,
and there was no defect') (`negated_claim`, and, for a verb's 'not' or 'never', where the parse puts it:
not in a relative or a second clause, `_negated_below_main`; not in an 'if'/'but' clause or a second
verb phrase, not 'did not comment' or 'could not be ruled out'; not a failure reported as a fact: a
lack, 'the store had no scrubber' (as against 'we have no evidence'), a lack that has lasted, 'has not
worked since May', a thing that never did what it should, 'the siren never sounded' (as against 'the
navy never fired'); 'lower than the ministry had said' belies it), when its main clause reassures
against a report ('the cable is fully operational', 'would remain open', 'the trips were official'; a
statement said of every one of something, 'Every box was delivered, sealed and counted', but not a
count, a plan or a disruption), or when a verdict cue brands it untrue (`falsehood_verdict`: 'called the
allegations "a fiction"'). A sentence citing "the Times" cites the one story outlet whose name ends so.

Grouping. Candidates are compared on TF-IDF cosine of their content words plus event terms
(`event_terms`, weight `Params.event_weight`: the category of each event whose trigger lies in the
candidate, alone and with each participant's head word, so "struck a fuel depot" and "bombed the
depot" share '@ASSAULT' and '@ASSAULT>depot') (lower-cased, accents
folded, crudely stemmed, number words as digits, negations and reporting words dropped; IDF over
the candidates given), damped when their figures disagree ("112 dead" vs "140": both have numbers
and share none), when their modality differs (planned/possible vs asserted), and when they sit in
the same article; raised between a denial or an echo and an own report (they share few words with
what they deny or retell) and between two articles' close mentions of one source (one statement
repeated). Average-link agglomerative clustering cuts at `Params.threshold`. Then two
denials one source gives in one breath are one claim (`_tie_answers`: "denied that X. In a statement,
it said Y"); an echo joins the claim of the cited outlet's closest report (`anchor_echoes`); a claim
made only of denials, echoes and what an outlet's reporter saw joins the own-sourced claim it resembles most
(`attach_dependents`); the lone statement of a named source quoted once in its article joins the
claim of that source's closest statement in another article (`attach_lone_repeats`); a denial of
"the reports" joins the story's most re-reported claim. Last, every denial chooses again which claim
it answers (`newstrace.link.denials`, a learned score of its similarity, its place in its article
and the kind of claim; `Params.place_denials`, `Params.denial_margin`). Denials ("X denied that ...",
negated contents, "the figure was wrong") are marked as denials of the claim they join. Parameters are tuned
on the gold dev stories (s01-s20, s41-s100, s121-s140, s161-s240; benchmarks/claims.py), reported on s21-s40,
s101-s120 and s141-s160: grouping recall is the main loss there, as a confirmation worded apart from
the first report becomes a claim of its own.

Tried and not kept: mixing in the cosine of static sentence embeddings distilled from MiniLM
(see benchmarks/claims.py): mentions within one story share its topic, which is most of what
sentence embeddings encode, and the held-out stories got worse.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from newstrace.link.denials import DenialModel, place_denials
from newstrace.link.entities import BODY_HEADS, SourceKey, source_key
from newstrace.nlp.lexicon import CARDINAL_WORDS, PEOPLE_NOUNS, fold
from newstrace.nlp.timex import MONTHS as TIMEX_MONTHS
from newstrace.record import Attribution, Record, Source, Span


@dataclass(frozen=True)
class Params:
    threshold: float = 0.35  # average-link cut on the damped cosine
    number_penalty: float = 0.2  # figures disagree
    modality_penalty: float = 0.5  # planned/possible vs asserted
    same_article_penalty: float = 0.6
    denial_boost: float = 1.6  # a denial shares few words with what it denies
    echo_boost: float = 1.3  # ... and an echo, retelling another outlet's report, fewer than a copy
    repeat_boost: float = 1.6  # one source saying much the same in two articles: one statement
    min_residual_words: int = 4
    number_bonus: float = 0.0  # added when the figures agree (a shared figure)
    prefix: int = 6  # terms cut to this many letters after stemming ('kestlandi' ~ 'kestland')
    outlet_match: float = 88.0  # rapidfuzz ratio for an outlet name in a source phrase
    wire_jaccard: float = 0.5  # article near-duplicate (wire copy): exact 5-shingle Jaccard
    split_contents: bool = True  # split attribution contents at clause joints into several candidates
    event_weight: float = 1.0  # weight of the event terms (category, category x participant) in the tf
    headline_weight: float = 0.5  # weight of the headline's terms in its lede's mentions
    dependent_floor: float | None = 0.05  # a claim of echoes and denials only joins the closest own report
    echo_anchor: float | None = 0.1  # an echo joins the claim of the cited outlet's closest mention
    echo_claims_threshold: float = 0.15  # ... when the two claims' mean similarity reaches this
    repeat_floor: float | None = 0.05  # a lone statement joins its source's closest statement elsewhere
    place_denials: bool = True  # each denial moves to the claim it answers (`newstrace.link.denials`)
    denial_margin: float = 1.0  # ... when it scores that claim this much (log-odds) above its own


DEFAULT = Params()


@dataclass
class ClaimMention:
    article_id: str
    outlet: str | None
    published: str | None
    start: int
    end: int
    text: str
    source: str | None  # the source as written (or the cited outlet)
    source_type: str | None
    source_name: str | None
    anonymous: bool
    cited_outlet: str | None  # set when the mention attributes the content to another outlet
    denial: bool
    kind: str = ""  # original / independent / same_source / echo / wire_copy / denial / unsourced
    echo_of: str | None = None  # the article re-reported (echo, wire copy)
    same_source_as: str | None = None
    attribution_id: str | None = None
    # for linking only
    confirms: str | None = field(default=None, repr=False, compare=False)  # outlet whose report it confirms
    key: SourceKey | None = field(default=None, repr=False, compare=False)
    events: list[str] = field(default_factory=list, repr=False, compare=False)  # event terms
    headline: list[str] = field(default_factory=list, repr=False, compare=False)  # a lede's headline terms
    # the statement it denies or confirms by pointing back at it, whose claim it joins
    answers: ClaimMention | None = field(default=None, repr=False, compare=False)
    sentence: int | None = field(default=None, repr=False, compare=False)  # where its sentence starts
    # a denial of a standing accusation ('has long denied that ...'), not of this story's report
    standing: bool = field(default=False, repr=False, compare=False)

    def to_dict(self) -> dict:
        """The stored fields: those for linking only (compare=False) are left out."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.compare}

    @classmethod
    def from_dict(cls, data: dict) -> ClaimMention:
        return cls(**data)


@dataclass
class Claim:
    id: str
    statement: str
    status: str
    mentions: list[ClaimMention]
    independent_sources: int = 0
    first_reported_by: str | None = None
    chain: list[dict] = field(default_factory=list)
    # what its supporting mentions assert (occurred, planned, ...), also when it is denied
    asserted_status: str = "unknown"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "statement": self.statement,
            "status": self.status,
            "asserted_status": self.asserted_status,
            "independent_sources": self.independent_sources,
            "first_reported_by": self.first_reported_by,
            "chain": self.chain,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Claim:
        """A claim as `to_dict` wrote it (e.g. stored with its story)."""
        return cls(
            id=data["id"],
            statement=data["statement"],
            status=data["status"],
            # a page may read claims without their mentions (the chain says who carried them)
            mentions=[ClaimMention.from_dict(m) for m in data.get("mentions", [])],
            independent_sources=data["independent_sources"],
            first_reported_by=data["first_reported_by"],
            chain=data["chain"],
            # a view stored before claims kept it: the status, unless that says denied
            asserted_status=data.get("asserted_status", _asserted_before(data["status"])),
        )


def _asserted_before(status: str) -> str:
    """The asserted status of a claim stored before claims kept it: its status, unless denied."""
    return "unknown" if status == "denied" else status


# -- text features -------------------------------------------------------------------------------

_STOP_WORDS = """a an the and or but of to in on at by for from with as into onto over under about after
    before since until while during than then that this these those there here it its it's they them
    their he him
    his she her we our you your i me my who whom whose which what when where why how is are was were be
    been being am has have had having do does did will would shall should can could may might must also
    just only very more most some any all each other such own same so too not no nor never nothing none
    n't neither said says say saying told tell telling according reported reports report reporting
    added adding confirmed confirm stated claimed denied denies deny denying rejected rejects insisted
    statement one's if because though although whether yet still already again up down out off per via
    mr ms mrs dr new"""
STOP = frozenset(_STOP_WORDS.split())
NUMBER_WORDS = CARDINAL_WORDS  # spelled-out figures compared as digits
MONTHS = frozenset(TIMEX_MONTHS)  # a figure beside a month is a date, not a figure
DEFAULT_PREFIX = 6
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:-[a-z]+)*")
_MODAL = re.compile(
    r"\b(will|would|plans?|planned|planning|set to|expected to|is to|are to|intends?|could|may|might|"
    r"poised|threatens?|threatened|preparing|prepares|aims? to|to be held|likely)\b"
)
# words that brand what was said as untrue ('a fiction', 'recycled gossip', 'pure invention')
_FALSEHOOD = (
    r"(?:wrong|incorrect|inaccurate|untrue|false|invented|invention|fabricated|fabrications?|fiction|fictitious|"
    r"baseless|unfounded|groundless|nonsense|lies|a\s+lie|gossip|rumou?rs?|smears?|propaganda|fantas(?:y|ies)|"
    r"absurd|ridiculous|slander(?:ous)?|fake|hoax|misinformation|disinformation|stunt|fairy\s+tales?|"
    r"conspiracy\s+theor(?:y|ies)|scaremongering)"
)
_NEGATION = re.compile(
    r"\b(not|no(?!-)|never|nothing|none|nobody|neither|n't|denied|denies|deny)\b|n't"
    # 'We have ruled out a metabolic cause' ('could not be ruled out' is none: `_NOT_A_DENIAL`)
    r"|\b(?:ruled?|ruling)\s+out\b"
    # the source rejecting it in its own words: 'said it "categorically rejects" the accusation'
    r"|\b(?:it|we|he|she|they)\s+(?:\w+ly\s+)?[\"“]?(?:\w+ly\s+)?"
    r"(?:rejects?|rejected|dismiss(?:es|ed)?|refutes?|refuted)\b"
    # a verdict on what was said: 'the figure was wrong' (not 'the wrong channel')
    rf"|\b(?:is|was|are|were|be|been)\s+[\"“']?(?:\w+\s+){{0,2}}[\"“']?{_FALSEHOOD}\b"
    # a comparison that belies what someone said: 'far lower than the ministry had suggested'
    r"|\b(?:than|contrary\s+to\s+what)\s+(?:[\w'’-]+\s+){1,5}?(?:had\s+|has\s+|have\s+)?"
    r"(?:suggested|said|claimed|stated|announced|acknowledged|admitted|insisted)\b"
    # ... or a part of it: 'a small fraction of the figure being reported'
    r"|\b(?:fraction|part|tenth|half)\s+of\s+(?:the\s+(?:figure|number|amount|total)s?\s+|what\s+)"
    r"(?:being\s+|was\s+|had\s+been\s+|has\s+been\s+)?(?:reported|claimed|cited|suggested)\b"
)
# a cue that passes a verdict on what it names: 'called the allegations "a fiction"', 'described it as lies'
_VERDICT_CUES = frozenset(
    {
        "call",
        "calls",
        "called",
        "calling",
        "described",
        "describes",
        "branded",
        "brands",
        "labelled",
        "labeled",
        "termed",
    }
)
_VERDICT = re.compile(rf"^\W*(?!for\b|on\b)(?:[\w'’-]+\W+){{0,5}}?{_FALSEHOOD}\b")
_MAIN_CLAUSE_END = re.compile(
    r"[,;:]|\b(if|unless|but|though|although|while|whereas|despite|after|before|because|which|who|until)\b"
    # what was asked for: 'had asked Washington for guarantees that fishermen would not be targeted'
    r"|\bfor\s+(?:\w+\s+)?(?:guarantees?|assurances?|promises?|commitments?)\s+that\b"
    r"|\band\s+(?=(?:would|will|had|has|have|was|were|is|are|did|does|could|should)\b)"  # a second verb
)
# what a source declines to do when it gives no answer: 'would not comment', 'We do not telegraph our
# operations' (a no-comment is neither a denial nor a claim)
_NON_ANSWER = r"comment|discuss|speculate|talk\s+about|reveal|disclose|telegraph"
_NOT_A_DENIAL = re.compile(  # a no-comment or a refusal to discuss or reveal denies nothing
    rf"(\b(not|no|never)\b|n't)\s+(going\s+to\s+|be\s+)?(yet\b|say\b|said\b|{_NON_ANSWER}|speculating|"
    r"confirm\s+or\s+deny|go\s+into|"
    r"(?:be\s+)?ruled?\s+out|exclude|"  # 'could not be ruled out' affirms a possibility
    r"want|wish|like|enjoy)\b"  # 'We did not want this strike': a feeling, not an answer to a report
    r"|\b(?:nobody|no\s+one)\s+(?:wants|wanted|wishes|likes|enjoys|should|must)\b"  # a feeling, a warning
    r"|\bno\s+(?:doubt|question)\b"  # 'there is no doubt' affirms
    r"|\bnot\s+(?:optional|negotiable|voluntary)\b"  # 'The Constitution is not optional': a must
    # advice, an instruction, a rule or a change of state answers no report: 'customers do not need to
    # take any action', '(urged drivers) not to panic-buy', 'will not be allowed back', 'can no longer stand'
    r"|\b(?:do|does|did)\s+not\s+need\s+to\b|\bneed\s+not\b|\bno\s+need\s+to\b|^\W*not\s+to\b"
    r"|\bnot\s+(?:be\s+)?(?:allowed|permitted)\b|\bno\s+longer\b"
    # what ought (not) to be: 'the bank should not raise rates', 'He should never have been allowed'
    r"|\b(?:should|must|ought)\s+(?:not|never)\b|\b(?:should|must)n't\b"
)


# all is well, said against a report of harm or wrongdoing: 'the cable is fully operational', 'the site
# would remain open', 'her trips were official', 'fired only in self-defence'. Kept narrow: 'in full
# compliance with the law' or 'the options are sound' is as often a source's own account as an answer
_REASSURANCE = re.compile(
    r"\b(?:fully\s+operational|(?:working|operating|functioning|running|ran|run)\s+normally|"
    r"(?:remain|stay)(?:s|ed)?\s+open(?!\s+to)|"
    r"(?:performed|worked|operated|functioned)\s+(?:exactly\s+)?as\s+designed|"
    r"(?:remains?|stays?)\s+in\s+(?:post|(?:his|her|its|their)\s+(?:current\s+)?post)|"
    r"(?:is|was|are|were|remains?|remained)\s+(?:stable|safe)\b|only\s+in\s+self-defen[cs]e|"
    r"(?:were|was)\s+(?:all\s+)?official\b|"
    # fit for use: 'fully certified and safe to operate', 'airworthy in every respect'
    r"fully\s+certified|airworthy|safe\s+to\s+(?:operate|use|fly|drink|eat|enter)|fit\s+for\s+(?:service|purpose))"
)
# kept to the rules, said after a comma as often as in the main clause: 'informed within 48 hours, in line
# with national guidance', 'remained within permitted levels', 'the driver had kept to the speed limit'
_COMPLIANCE = re.compile(
    r"\bwithin\s+(?:the\s+)?(?:permitted|legal|allowed|safe|agreed|approved|licen[cs]ed)\s+"
    r"(?:levels?|limits?|capacity)|"
    r"\bin\s+line\s+with\s+(?:the\s+|national\s+|federal\s+|our\s+|its\s+)?(?:guidelines|guidance|rules|"
    r"regulations|law|procedures?|protocols?|standards?|requirements)\b|"
    r"\b(?:kept|keeping|keep|stayed|staying)\s+(?:to|within|below|under)\s+the\s+(?:speed\s+)?limits?\b"
)
# a statement said of all of something answers a report that some were otherwise: 'All emergency exits
# were open', 'Every vessel engaged was carrying smuggled diesel', 'Every box was delivered, sealed and
# counted'. Not a count ('All 40 passengers'), a time ('every few years'), a plan ('every bridge would
# be inspected'), a disruption ('All flights were cancelled') or options kept open ('all options remain
# on the table').
_NUMBER_WORDS = "|".join([r"\d", *(r"one\b" if word == "one" else word for word in CARDINAL_WORDS)])
_NO_PLAN = r"(?!.*\b(?:will|would|shall|should|could|may|might|must)\b)"  # said of what is, not of a plan
_ALL_WELL = re.compile(
    r"^\W*(?:that\s+)?(?:every|all)\b"
    r"(?!\s+(?:few|other|single\s+(?:day|week|year)|(?:day|night|week|month|year|time|morning|evening|hour|"
    r"minute|season)s?\b))"
    rf"(?!\s+(?:of\s+)?(?:the\s+)?(?:{_NUMBER_WORDS})){_NO_PLAN}"
    r"(?!.*\b(?:cancel|clos|shut|suspend|halt|stopp|evacuat|ground|destroy|damag|kill|injur|flood|lost|los[ei]|"
    r"postpon|delay|ban|arrest|detain|affect|hit|cut|disrupt|down\b|out\s+of|offline|missing|dead|died))"
    r"(?!.*\b(?:on\s+the\s+table|under\s+(?:review|consideration|discussion)|being\s+considered|possible)\b)"
)
# ... and, counted, only with everything in order: 'All three gates were open from midnight', 'All three
# units were generating at full load' (not 'All 40 passengers were brought ashore')
_ALL_COUNTED_WELL = re.compile(
    rf"^\W*(?:that\s+)?all\s+(?:of\s+)?(?:the\s+)?(?:{_NUMBER_WORDS})\b{_NO_PLAN}"
    r".*\b(?:open|working|operational|functioning|in\s+(?:full\s+|good\s+|working\s+)?order|intact|in\s+place|"
    r"accounted\s+for|at\s+full\s+(?:load|capacity|strength))\b"
)
# a lack that has lasted is a state reported, not an answer: 'The pump has not worked since late May', 'there
# was no electricity for two hours'
_LASTING = re.compile(r"\bsince\b|\bfor\s+(?:[\w-]+\s+){0,3}?(?:hours?|days?|weeks?|months?|years?)\b")
# something that never happened, told of a thing, not of oneself: 'the flood siren never sounded', 'the
# satellite never reached orbit'; not 'We never proposed ...', 'its line never failed' (a party defending
# its own) nor 'was never cut' (a passive, as often a denial)
_NEVER_HAPPENED = re.compile(
    r"^\W*(?:that\s+)?(?:the|a|an|\d[\d,]*|(?!(?:i|we|you|he|she|it|they|my|our|your|his|her|its|their)\b)[a-z]+)\b"
    r"(?:(?!\bnever\b)[^,;])*?\s+never\s+(?!(?:been|be|have|had|has|was|were|is|are)\b)[a-z]+(?:ed|ame|ent|ose|ew)\b"
)
# a question asked ('why the city had not finished the flood walls'), and the subject of a pseudo-cleft,
# whose negation is not what is said ('What they did not tell us is that ...'; what follows 'is' is)
_QUESTION = re.compile(r"^\W*(?:why|how|whether)\b")
_PSEUDO_CLEFT = re.compile(r"^\W*what\s+(?:[\w'’-]+\s+){1,8}?(?:is|was)\s+(?:that\s+)?")
# cues that warn, ask, urge, hope, complain or promise: a negation under them is feared, asked or promised,
# not an answer to a report ('warned that the crisis was not over', 'vowed not to resign')
_NOT_ANSWERING_CUE = re.compile(
    r"\b(?:warn|caution|ask|wonder|urg|fear|worr|hop|complain|promis|pledg|vow|demand|request|predict|plead|"
    r"advis|recommend)\w*\s*$|\bcall\w*\s+for\s*$"
)
# a name between commas does not end the main clause: 'the attache, Colonel Anton Reiss, had done nothing'
_APPOSITIVE_NAME = re.compile(r",\s+(?:[A-Z][\w'’.-]*\s+){1,4}[A-Z][\w'’.-]*,")


# a quantity, not a negation: 'nothing but our documents', 'no fewer than 40 people'
_QUANTITY = re.compile(r"\b(?:nothing|nobody|no\s+one|none)\s+but\b|\bno\s+(?:fewer|less|more)\s+than\b")
# a lack stated as a fact, not a denial: 'a third of the stations had no petrol left', 'the store had no
# working scrubber'; what a source says it has none of when it denies is knowledge, evidence, plans, ties
_LACK = re.compile(
    r"\b(?:has|had|have|having)\s+no\s+(?!(?:[\w'’-]+\s+){0,2}?(?:knowledge|evidence|proof|intentions?|plans?|"
    r"contacts?|connections?|links?|ties|role|part|involvement|idea|information|records?|reason|desire|interest|"
    r"defects?|faults?|problems?|issues?|errors?|damage|injur(?:y|ies)|casualt(?:y|ies)|leaks?|risks?|reports?|"
    r"loans?|debts?|stakes?|ownership|purposes?)\b)"
)

_CONDITION = re.compile(r"\b(?:if|unless|whether)\b")
# what a source has long denied answers a standing accusation: 'Venezuelan officials have previously denied'
_STANDING = re.compile(r"\b(?:has|have|had)\s+(?:previously|long|always|repeatedly|consistently)\s+$")
# a 'no' that is part of a name for a thing: 'a motion of no confidence', 'a no-fly zone'
_FIXED_NO = re.compile(r"\bno[\s-](?:confidence|fly|go|man'?s\s+land|deal|show|claims?\s+bonus)\b")

# people acting, besides the lexicon's bodies and people nouns
_AGENTS = frozenset(
    ["troops", "rebels", "fighters", "gunmen", "militants", "staff", "crew", "hackers", "attackers"]
)


def _agent(words: str) -> bool:
    """Names a body or people ('the navy never fired', 'the officers never entered'): what they never
    did, said of them, is an answer to a report, not a thing that failed."""
    return any(
        w in BODY_HEADS or w in _AGENTS or w in PEOPLE_NOUNS or w.rstrip("s") in PEOPLE_NOUNS
        for w in words.split()
    )


# a second clause in the source's own voice or on what there is, whose negation answers a report as the
# first's would: '..., and there was no outstanding defect', '..., and I saw no holes' (not '..., and none
# of them was registered': that tells more)
_SECOND_CLAUSE = re.compile(r"^[^,;]*,\s+and\s+(?=(?:there|i|we)\b)")


def negated_claim(text: str) -> bool:
    """A content that negates what it states: a negation in its main (first) clause, not in a condition
    ('preparing strikes if Ostrel did not pull back'), a contrast ('open to talks but would not scrap the
    project'), a second verb phrase ('halted and will not resume') or a no-comment ('did not comment on
    ...'); a name between commas does not end that clause. A reassurance there ('the cable is fully
    operational') answers a report as a negation does."""
    folded = _LACK.sub(" lacked ", _QUANTITY.sub(" only ", fold(_APPOSITIVE_NAME.sub(" ", text))))
    folded = _FIXED_NO.sub(" fixed phrase ", folded)
    if _QUESTION.match(folded):
        return False
    folded = _PSEUDO_CLEFT.sub("", folded, count=1)
    main = _MAIN_CLAUSE_END.split(folded, maxsplit=1)[0]
    if second := _SECOND_CLAUSE.match(folded):
        main += " ; " + _MAIN_CLAUSE_END.split(folded[second.end() :], maxsplit=1)[0]
    if (
        _REASSURANCE.search(main)
        or _ALL_WELL.match(main)
        or _ALL_COUNTED_WELL.match(main)
        or (_COMPLIANCE.search(folded) and not _CONDITION.search(folded))
    ):
        return True
    if (
        (happened := _NEVER_HAPPENED.match(main))
        and len(_NEGATION.findall(main)) == 1
        and not _agent(happened.group())
    ):
        return False
    return bool(_NEGATION.search(main)) and not _NOT_A_DENIAL.search(main) and not _LASTING.search(main)


# a negation said by a word of negation on a noun ('no deaths', 'nothing', 'nobody'): the parse gives no
# verb its status, so only a verb's 'not', 'never', 'n't' is placed by it (and not beside a reassurance,
# 'airworthy in every respect and had not been withdrawn', which denies whatever the parse says)
_NOMINAL_NEGATION = re.compile(r"\b(?:no|nothing|none|nobody|no\s+one|neither|nor|without)\b", re.IGNORECASE)


def _negated_below_main(record: Record, span: Span) -> bool:
    """A verb's negation that the parse puts below the content's main clause: in a relative clause
    ('told to log safety drills that never happened') or a second clause ('lost contact with the upper
    stage and the satellite never reached orbit'). What the content states is not negated, so it denies
    nothing. (The text rules of `negated_claim` cannot tell a relative 'that' from a complement's.)"""
    if _NOMINAL_NEGATION.search(span.text) or _REASSURANCE.search(fold(span.text)):
        return False
    said = {m.group().lower() for m in _NEGATION.finditer(fold(span.text))}
    if not said or not said <= {"not", "never", "n't"}:  # a verdict, 'ruled out', 'denied': no verb's 'not'
        return False
    inside = [p for p in record.predicates if span.start <= p.trigger.start < span.end]
    if not inside:
        return False
    main = min(p.depth for p in inside)
    negated = [p.depth for p in inside if p.status == "negated"]
    return bool(negated) and main not in negated


def falsehood_verdict(cue: str, text: str) -> bool:
    """A verdict cue whose content brands what it names untrue: 'called the report "recycled gossip"'."""
    words = fold(cue).split()
    return bool(words) and words[-1] in _VERDICT_CUES and bool(_VERDICT.match(fold(text)))


DENIAL_CUES = {
    "deny",
    "denied",
    "denies",
    "denying",
    "reject",
    "rejected",
    "rejects",
    "dismissed",
    "dismisses",
    "refuted",
    "disputed",
    "disputes",
    "insisted",
    "insists",
    "rebuffed",
    "contradicted",
    "rejecting",
    "dismissing",
    "disputing",
    "refutes",
    "refuting",
    "contested",
    "contests",
    "contesting",
    # phrasal: 'brushed aside reports that ...', 'played down talk of ...'
    "brushed aside",
    "brushes aside",
    "played down",
    "plays down",
    "downplayed",
    "waved away",
    "waved off",
}
# A sentence ends at . ! ? (and a closing quote) before a space or the end, or at a line break; not
# after a decimal point ('4.75'), an initial ('U.S.', 'J. Smith') or a title ('Dr. Gupta').
_BREAK = re.compile(r"[.!?]+[\"”']?(?=\s|$)|\n")
_TITLES = "Dr Mr Mrs Ms St Gen Sen Rep Gov Lt Col Capt Sgt Adm Cmdr Maj Prof Jr Sr Mt Ft Inc Corp Co No vs"
# a month's short form ('takes effect on Jan. 1'): a name that is the start of a longer one for that month
_MONTH_ABBREVIATIONS = {
    m.capitalize()
    for m, n in TIMEX_MONTHS.items()
    if any(o != m and o.startswith(m) for o in TIMEX_MONTHS if TIMEX_MONTHS[o] == n)
}
_ABBREVIATIONS = frozenset(_TITLES.split()) | _MONTH_ABBREVIATIONS
_LAST_WORD = re.compile(r"(\w+)$")
# a dateline opening a story: 'QUILL STRAIT, March 26 (Coastal Wire) - ', 'OAKLAND, Calif. (CWS) — '
_DATELINE = re.compile(
    r"^(?:(?:[A-Z][A-Z .'’-]+(?:,\s+[A-Z][a-z]+\.?)?(?:,\s+[A-Z][a-z]+\.? \d{1,2})?|[A-Z][a-z]+\.? \d{1,2})"
    r"(?:\s+\([^)]*\))?|\([A-Z][^)]*\))\s+[-–—]\s+"
)


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
    return word


def _number_value(token: str) -> str | None:
    if token[0].isdigit():
        return token.replace(",", "")
    parts = token.split("-")
    if all(p in NUMBER_WORDS for p in parts):
        return str(sum(NUMBER_WORDS[p] for p in parts))
    return None


def features(text: str, prefix: int = DEFAULT_PREFIX) -> tuple[list[str], frozenset[str]]:
    """(content terms, figures) of a text: figures as digit strings, dates and years left out."""
    terms, numbers = _features(text, prefix)
    return list(terms), numbers


@functools.lru_cache(maxsize=1 << 16)  # the clustering and the denial placement read the same texts
def _features(text: str, prefix: int) -> tuple[tuple[str, ...], frozenset[str]]:
    tokens = _TOKEN.findall(fold(text))
    terms: list[str] = []
    numbers: set[str] = set()
    for i, token in enumerate(tokens):
        value = _number_value(token)
        if value is not None:
            prev = tokens[i - 1] if i else ""
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            year = token.isdigit() and len(token) == 4 and token[:2] in ("19", "20")
            if not (year or prev in MONTHS or nxt in MONTHS or (value == "1" and token == "one")):
                numbers.add(value)
                terms.append("#" + value)
            continue
        if token in STOP or len(token) < 2:
            continue
        terms.append(_stem(token)[:prefix])
    return tuple(terms), frozenset(numbers)


def modality(text: str) -> str:
    return "modal" if _MODAL.search(fold(text)) else "asserted"


# -- candidates ----------------------------------------------------------------------------------

_GENERIC_MEDIA = re.compile(
    r"^(the|a|an|that|this|its|an earlier|a new|the original)?\s*(earlier |original |new |local |rival )?"
    r"(news |media |press )?"  # 'a news report', 'media reports'
    r"(newspaper|paper|daily|broadcaster|network|agency|wire service|news agency|outlet|reports?|"
    r"publication|station|channel|tabloid|magazine|website)('s)?( report| story| article)?"
    r"(\s+(published|broadcast|aired|posted|released|on|from|last|earlier)\b.*)?$"  # 'published on Monday'
)
# words that name a news outlet or something else: 'the agency' after "Norvania's tax agency" is that body
_AMBIGUOUS_MEDIA = {  # each word, and the word before its uses in a text
    word: (re.compile(rf"\b{word}\b"), re.compile(rf"([\w'’-]+)\s+{word}\b"))
    for word in ("agency", "network", "station", "channel")
}
_MEDIA_QUALIFIERS = frozenset({"news", "press", "wire", "television", "tv", "radio", "broadcast", "media"})


def _media_phrase(written: str, before: str) -> bool:
    """'a newspaper', 'the agency's report': a source phrase naming an outlet it does not name, unless
    its word ('agency', 'network', ...) last named something else in the text before it ('the tax
    agency', 'the rail network')."""
    folded = fold(written).strip()
    if not _GENERIC_MEDIA.match(folded):
        return False
    uses_of = next((uses for word, uses in _AMBIGUOUS_MEDIA.values() if word.search(folded)), None)
    if uses_of is None:
        return True
    uses = uses_of.findall(fold(before))
    return not uses or uses[-1] in _MEDIA_QUALIFIERS


_REPORT_CUE = re.compile(
    r"(first reported by|as reported by|reported by|"
    r"(?:first\s+)?(?:published|obtained|revealed|disclosed) by|"
    r"according to (a|an|the) (report|story|article) "
    r"(in|by|from)|according to|citing|cited|told|quoted|reported|reports|report by|report in|said|"
    r"interview|interviewed|broadcast|"
    # an account given to another outlet: 'the account the mayor gave the Harbor Ledger', 'described to'
    r"gave|given\s+to|described\s+to|spoke\s+to)",
)


def _story_outlets(records: list[Record]) -> list[str]:
    # longest first (a name inside a longer one loses), then by name: the order never depends on hashing
    return sorted({r.article.outlet for r in records if r.article.outlet}, key=lambda o: (-len(o), o))


def _initials(outlet: str) -> str | None:
    """'Granite Broadcast Network' -> 'GBN': the short form an outlet of three or more words goes by."""
    letters = [w[0] for w in outlet.split() if w[0].isupper() and w != "The"]
    return "".join(letters) if len(letters) >= 3 else None


def _by_initials(text: str, outlet: str) -> re.Match | None:
    """Where `text` names the outlet by its initials ('GBN'), if it does."""
    short = _initials(outlet)
    return re.search(rf"\b{short}\b", text) if short else None


def outlet_in(text: str, outlets: list[str], params: Params = DEFAULT) -> str | None:
    """The story outlet a phrase names ('the Harbor Ledger', "Meridian's report", 'GBN'), if any."""
    folded = fold(text)
    for outlet in outlets:
        name = fold(outlet)
        if name in folded:
            return outlet
    for outlet in outlets:
        if _by_initials(text, outlet):
            return outlet
    for outlet in outlets:
        name = fold(outlet)
        # a near spelling of the name, not a short word inside it ('he' is in 'the bay herald')
        near = len(name.removeprefix("the ")) / 2 <= len(folded) <= len(name) + 12
        if near and fuzz.partial_ratio(name, folded) >= params.outlet_match:
            return outlet
    return None


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _BREAK.finditer(text):
        if match.group() == "." and _abbreviation_before(text, match.start()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] == "\n":
            end -= 1
        dateline = _DATELINE.match(text[start:end])
        if dateline:
            start += dateline.end()
        if end > start:
            trimmed.append((start, end))
    return trimmed


def _abbreviation_before(text: str, dot: int) -> bool:
    """'Dr.', 'U.S.', 'J.': the word before this full stop is a title or a single capital."""
    word = _LAST_WORD.search(text, max(0, dot - 12), dot)
    if word is None:
        return False
    word_text = word.group(1)
    return word_text in _ABBREVIATIONS or (len(word_text) == 1 and word_text.isupper())


def _argued(record: Record) -> list[tuple[int, int]]:
    """Where the outlet argues rather than reports: the paragraphs framing labels opinion (none without
    framing). Mixed paragraphs are kept whole: their cues are often inside reported words."""
    if record.framing is None:
        return []
    return [(p.start, p.end) for p in record.framing.passages if p.label == "opinion"]


def _first_outlet_named(text: str, own: str | None, outlets: list[str]) -> str | None:
    """The story outlet (not the article's own) named first in the text."""
    folded = fold(text)
    found = [(folded.find(fold(o)), o) for o in outlets if o != own and fold(o) in folded]
    return min(found)[1] if found else None


def _cited_outlet_in_sentence(
    sentence: str, own: str | None, outlets: list[str], params: Params
) -> str | None:
    """An outlet (not the article's own) that the sentence cites with a report cue; of two, the one it
    names first ("according to Meridian News, which cited an earlier report in the Harbor Ledger")."""
    folded = fold(sentence)
    cited: list[tuple[int, str]] = []
    for outlet in outlets:
        if outlet == own:
            continue
        name = fold(outlet)
        pos = folded.find(name)
        if pos >= 0 and _REPORT_CUE.search(folded[max(0, pos - 40) : pos + len(name) + 40]):
            cited.append((pos, outlet))
    if cited:
        return min(cited)[1]
    for outlet in outlets:  # by its initials: 'GBN also broadcast an interview with ...'
        match = _by_initials(sentence, outlet) if outlet != own else None
        if match and _REPORT_CUE.search(fold(sentence[max(0, match.start() - 40) : match.end() + 40])):
            return outlet
    # a short name: 'as first reported by the Times' for the Tidewater Times, when one outlet ends so
    heads: dict[str, list[str]] = {}
    for outlet in outlets:
        heads.setdefault(fold(outlet).split()[-1], []).append(outlet)
    for head, named in heads.items():
        if len(named) != 1 or named[0] == own:
            continue
        match = re.search(rf"\bthe {re.escape(head)}\b", folded)
        if match and _REPORT_CUE.search(folded[max(0, match.start() - 40) : match.end() + 40]):
            return named[0]
    return None


# what a source does to another outlet's report when it says the same: '..., backing a figure first
# reported by the Harbor Ledger'
_CONFIRMING = re.compile(r"\b(?:confirming|corroborating|backing|supporting|bearing\s+out)\b", re.IGNORECASE)


def _own_confirmation(cue: str, text: str, sentence: tuple[int, int], span: Span, own: str | None) -> bool:
    """An unnamed source confirming to the article's own outlet ("A person at the agency has confirmed
    to GBN that ..., a finding first reported by the Eastline Report"): its own word, not a relay."""
    if "confirm" in cue or _CONFIRMING.search(text, span.start, max(span.end, sentence[1])):
        return True  # "..., confirming a report in the Tidewater Times": it confirms, it does not relay
    before = fold(text[sentence[0] : span.start])
    return bool(own) and fold(own) in before


# not a claim anyone makes: the reporter's question put to a source ("Asked whether ..., she said")
_NOT_A_CLAIM = re.compile(
    r"^\W*(?:when\s+|after\s+being\s+)?asked\s+(?:about|whether|if|why|how|what|when|who)\b"
    # a refusal to say states nothing: "She declined to say whether anyone had been paid."
    # and nor does a refusal to discuss: "I am not going to discuss hypothetical operations"
    r"|^\W*(?:[\w'’.-]+\s+){0,8}?(?:declined|refused|(?:would|did|could|do|does|will|can)\s*(?:not|n't)|"
    r"won't|(?:am|are|is)\s+not\s+going)\s+(?:to\s+)?"
    rf"(?:say(?!\s+(?:yes|no)\b)|(?:independently\s+)?(?:confirm|verify)|name|give\s+details|{_NON_ANSWER})\b"
    # nor does silence: "The ministry did not respond to a request for comment", "could not be reached"
    r"|^\W*(?:[\w'’.-]+\s+){0,8}?(?:did\s+not|didn't|could\s+not|couldn't)\s+(?:immediately\s+)?"
    r"(?:(?:respond|reply)\s+to\s+(?:[\w-]+\s+){0,3}?(?:requests?|questions?|calls?|e-?mails?|messages?|inquiries)|"
    r"return\s+(?:[\w-]+\s+){0,2}?(?:calls?|messages?|e-?mails?)|be\s+reached)\b"
    # nor the terms of the sourcing: "They spoke on condition of anonymity because ...", "The officials
    # were not authorised to speak to the media."
    # (also after a relative clause: "The consultant, who advises shipowners, spoke on condition ..."), "Both
    # asked not to be named"
    r"|^\W*(?:[\w'’.-]+\s+){0,8}?(?:[\w'’.-]+,[^,]{1,120},\s*)?(?:spoke|speaking|talked)\s+on\s+(?:the\s+)?"
    r"condition\s+(?:of|that)\b"
    r"|^\W*(?:[\w'’.-]+\s+){0,8}?(?:was|were|is|are)\s+not\s+authori[sz]ed\s+to\s+(?:speak|talk|comment|discuss)\b"
    r"|^\W*(?:[\w'’.-]+\s+){0,8}?(?:asked|requested)\s+(?:not\s+to\s+be\s+(?:named|identified)|anonymity)\b"
    # nor a credit line: "Harbor Ledger staff contributed to this report."
    r"|^\W*(?:[\w'’.-]+\s+){0,8}?contributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\b"
    # nor a question: "What is the legal basis for bombing a country we are not at war with?"
    r"|^[^.!]*\?[\"”']?\s*$",
    re.I,
)


def _denial_cue(cue: str) -> bool:
    """A cue (folded) that denies: 'denied', 'has rejected'."""
    return cue in DENIAL_CUES or (bool(cue) and cue.split()[-1] in DENIAL_CUES)


# a participle giving a reason inside another attribution's content ('denied that X, saying Y')
_REASON_CUES = frozenset({"saying", "adding", "insisting", "arguing", "explaining"})
# what a cue found none of, between it and its content: 'found no evidence that X' denies X
_NO_EVIDENCE = re.compile(
    r"\bno\s+(?:evidence|sign|signs|indication|proof|trace|record)\b|\bnothing\s+to\s+(?:suggest|indicate|show)\b",
    re.IGNORECASE,
)


def candidates(records: list[Record], params: Params = DEFAULT) -> list[ClaimMention]:
    """Every claim candidate of the records (one story's articles)."""
    outlets = _story_outlets(records)
    found: list[ClaimMention] = []
    sentences_of: dict[str, list[tuple[int, int]]] = {}  # article id -> its sentence spans
    for record in records:
        article = record.article
        text = article.text
        own = article.outlet
        sources = {s.id: s for s in record.sources}
        sentences = _sentences(text)
        sentences_of[article.id] = sentences
        first_found = len(found)
        # the lede: the first sentence of substance (a dateline alone is not one)
        lede = next((i for i, (s, e) in enumerate(sentences) if len(features(text[s:e])[0]) >= 4), -1)
        last_outlet: str | None = None
        first_named = _first_outlet_named(text, own, outlets)
        # the outlet each attribution cites, in text order (for "the newspaper said" after a name)
        taken: list[tuple[int, int]] = []
        attr_by_sentence: dict[int, list] = {}
        told = {a.cue.end for a in record.attributions if _TELL.match(fold(a.cue.text))}
        denied = [  # what denial cues govern: a reason given inside ('..., saying ...') denies too
            (c.start, c.end) for a in record.attributions if _denial_cue(fold(a.cue.text)) for c in a.content
        ]
        for attribution in record.attributions:
            for span in [
                attribution.cue,
                *([attribution.source] if attribution.source else []),
                *attribution.content,
            ]:
                taken.append((span.start, span.end))
            for i, (s, e) in enumerate(sentences):
                if s <= attribution.cue.start < e:
                    attr_by_sentence.setdefault(i, []).append(attribution)
        for attribution in record.attributions:
            source = sources.get(attribution.source_id) if attribution.source_id else None
            written = attribution.source.text if attribution.source else None
            stype = source.type if source else None
            cited = None
            if written:
                named = outlet_in(written, outlets, params)
                generic = _media_phrase(written, text[: attribution.source.start])
                if named and named != own:
                    cited = named
                elif named is None and (stype == "outlet" or generic):
                    # 'the newspaper': the outlet last named; 'a newspaper report' in the lead: the first
                    # other outlet the article names
                    cited = last_outlet if last_outlet and last_outlet != own else first_named
                    if stype == "outlet" and source and source.name and fold(source.name) != fold(own or ""):
                        cited = cited or source.name
                    if cited is None and generic:
                        cited = written  # 'a news report said': relayed from an outlet it does not name
            cue = fold(attribution.cue.text)
            if (
                cited is None
                and attribution.cue.end in told
                and (told_media := _TOLD_MEDIA.match(text, attribution.cue.end))
            ):
                cited = told_media.group("outlet")  # 'told a newspaper': that outlet's interview, relayed
            if cited:
                last_outlet = cited
            pieces = [
                piece for content in attribution.content for piece in _content_pieces(text, content, params)
            ]
            for span in pieces:
                if _NOT_A_CLAIM.match(span.text):
                    continue
                sentence = next(((s, e) for s, e in sentences if s <= span.start < e), (span.start, span.end))
                # A named source's own words stay its own when the sentence cites an outlet only after
                # them ("X confirmed that ..., plans first reported by the Times"); before them ("X told
                # the Times that") or with unnamed sources, the sentence relays that outlet's report,
                # unless the unnamed source confirms it to the article's own outlet.
                unnamed = bool(source and source.anonymous)
                own_word = (
                    bool(written)
                    and stype not in (None, "outlet")
                    and (not unnamed or _own_confirmation(cue, text, sentence, span, own))
                )
                cited_end = span.start if own_word else sentence[1]
                sentence_text = text[sentence[0] : max(sentence[0], cited_end)]
                mention_cited = cited or _cited_outlet_in_sentence(sentence_text, own, outlets, params)
                confirms = None
                if own_word and not mention_cited:
                    after = text[span.start : max(span.end, sentence[1])]
                    confirms = _cited_outlet_in_sentence(after, own, outlets, params)
                if mention_cited:
                    last_outlet = mention_cited
                key = _attribution_key(article.id, attribution, source)
                negated = negated_claim(span.text) and not _negated_below_main(record, span)
                standing = bool(
                    _STANDING.search(
                        text, max(sentence[0], attribution.cue.start - 40), attribution.cue.start
                    )
                )
                found.append(
                    ClaimMention(
                        article_id=article.id,
                        outlet=own,
                        published=article.published,
                        start=span.start,
                        end=span.end,
                        text=span.text,
                        source=mention_cited or written,
                        source_type="outlet" if mention_cited else stype,
                        source_name=mention_cited or (source.name if source else None),
                        anonymous=bool(source.anonymous) if source and not mention_cited else False,
                        cited_outlet=mention_cited,
                        denial=_denial_cue(cue)
                        or (negated and not _NOT_ANSWERING_CUE.search(cue))
                        or falsehood_verdict(cue, span.text)
                        or bool(_NO_EVIDENCE.search(text, attribution.cue.end, attribution.content[0].start))
                        or (cue in _REASON_CUES and any(s <= attribution.cue.start < e for s, e in denied)),
                        attribution_id=attribution.id,
                        key=key,
                        confirms=confirms,
                        sentence=sentence[0],
                        standing=standing,
                    )
                )
        # residual sentence text, but not where the outlet argues: that is not a claim it reports
        argued = _argued(record)
        # a lede states the news and the next sentence says whose word it is ("X expelled four
        # diplomats on Tuesday. The foreign ministry said in a statement that ...")
        lede_sources = attr_by_sentence.get(lede + 1, [])
        for index, (start, end) in enumerate(sentences):
            if any(s < end and start < e for s, e in argued):
                continue
            mask = np.zeros(end - start, dtype=bool)
            for s, e in taken:
                if s < end and e > start:
                    mask[max(s, start) - start : min(e, end) - start] = True
            if mask.all():
                continue
            pieces = []
            run_start = None
            for i, covered in enumerate([*mask.tolist(), True]):
                if not covered and run_start is None:
                    run_start = i
                elif covered and run_start is not None:
                    pieces.extend(_clauses(text, start + run_start, start + i))
                    run_start = None
            for s, e in pieces:
                s = _after_addressee(text, s, e, told)
                if s >= e or _NOT_A_CLAIM.match(text[s:e]):
                    continue
                terms, _ = features(text[s:e])
                if len([t for t in terms if not t.startswith("#")]) >= params.min_residual_words:
                    found.append(
                        _residual(
                            record,
                            sources,
                            (start, end),
                            attr_by_sentence.get(index, []) or (lede_sources if index == lede else []),
                            (s, e),
                            outlets,
                            params,
                        )
                    )
        if article.title and lede >= 0:
            # the headline tells the lede's news in other words: a second wording of the same claim
            headline = features(article.title, params.prefix)[0]
            for mention in found[first_found:]:
                if mention.start < sentences[lede][1]:
                    mention.headline = headline
    texts = {r.article.id: r.article.text for r in records}
    found = _pointing_back(_split_rejections(found, texts, sentences_of), texts, sentences_of)
    by_id = {r.article.id: r for r in records}
    for mention in found:
        mention.events = event_terms(by_id[mention.article_id], mention.start, mention.end, params.prefix)
    _relay_cited_sources(found)
    return _without_provenance(found, sentences_of)


# what only tells where the statement before it was first told: '..., a figure first reported by the
# Herald', '..., the first on-the-record acknowledgment of plans first reported by the Times on Monday',
# '..., confirming an account first reported by the Ledger'
_PROVENANCE = re.compile(
    r"^\W*(?:(?:on\s+\w+\s*,\s*)?(?:confirming|corroborating)\s+)?(?:(?:the|a|an)\s+)?(?:first\s+)?"
    r"[\w'’-]+(?:\s+(?!(?:was|were|is|are|has|have|had)\b)[\w'’-]+){0,5}?\s+(?:first\s+)?"
    r"(?:reported|revealed|disclosed|published)\s+"
    r"(?:(?:late\s+|early\s+)?on\s+\w+\s+)?by\s+[^,;:]{2,60}?(?:\s+(?:late\s+|early\s+)?on\s+\w+(?:\s+\w+)?)?\W*$",
    re.IGNORECASE,
)


def _without_provenance(
    found: list[ClaimMention], sentences: dict[str, list[tuple[int, int]]]
) -> list[ClaimMention]:
    """The candidates, less the pieces that only say where the statement before them in their sentence
    was first reported: that is the statement's provenance (its `confirms`, its chain), no claim."""

    def sentence_of(mention: ClaimMention) -> tuple[int, int]:
        return next((s for s in sentences[mention.article_id] if s[0] <= mention.start < s[1]), (0, 0))

    kept = []
    for mention in found:
        if _PROVENANCE.match(mention.text):
            start, _ = sentence_of(mention)
            if any(
                other.article_id == mention.article_id and start <= other.start and other.end <= mention.start
                for other in found
            ):
                continue
        kept.append(mention)
    return kept


# "..., an accusation Tavoria rejects", "..., an account the ministry has dismissed": the sentence reports a
# claim and, in an appositive, who denies it
_REJECTED_THING = (
    r"(?:an?|the|which\s+is\s+an?)\s+(?:account|accusation|allegation|suggestion|claim|charge|assertion|version|"
    r"characteri[sz]ation|figure|description|report)"
)
_REJECT_VERB = (
    r"(?:rejects?|rejected|denies|denied|deny|dismiss(?:es|ed)?|disputes?|disputed|contests?|contested)"
)
_REJECTION = re.compile(
    # '..., a charge Ostrel rejects', '..., which the finance minister denied'
    rf",\s+(?:which\s+|{_REJECTED_THING}\s+(?:that\s+|which\s+)?)"
    r"(?!(?:has|have|had|was|were|is|are|been|being)\b)"
    # a relative clause that has ended ('which share a border, have been cool since a trade dispute') names
    # no one rejecting anything
    r"(?P<source>(?:(?!,\s+(?:has|have|had|is|are|was|were)\s+been\b)[^.;:\"“”]){2,60}?)\s+"
    rf"(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?{_REJECT_VERB}\b[^,.;:]*$"
    # '..., a claim denied by the ministry', '..., which was rejected by Telvo'
    rf"|,\s+(?:{_REJECTED_THING}|which(?:\s+(?:has|have|had))?\s+(?:been|was|were|is|are))\s+(?:\w+ly\s+)?"
    rf"{_REJECT_VERB}\s+by\s+(?P<agent>[^,.;:\"“”]{{2,60}}?)\s*$"
)


def _rejection(
    like: ClaimMention,
    text: str,
    span: tuple[int, int],
    source: str,
    answers: ClaimMention,
    unique: str,
    **fields: object,
) -> ClaimMention:
    """The denial at `span` of `text` that `source` gives of the statement `answers`, made from `like`, a
    mention of the same article (its outlet and time; `fields` override any other)."""
    return replace(
        like,
        start=span[0],
        end=span[1],
        text=text[span[0] : span[1]],
        source=source,
        source_type=None,
        source_name=None,
        anonymous=False,
        cited_outlet=None,
        denial=True,
        attribution_id=None,
        confirms=None,
        key=source_key(type=None, name=None, text=source, anonymous=False, unique=unique),
        answers=answers,
        **fields,
    )


def _split_rejections(
    found: list[ClaimMention], texts: dict[str, str], sentences: dict[str, list[tuple[int, int]]]
) -> list[ClaimMention]:
    """A mention followed, to the end of its sentence, by an appositive rejection ("the wall stands 400
    metres inside its territory, an accusation Tavoria rejects"; "..., which the minister denied") is two:
    the claim, and the rejecting party's denial of it (any other candidate inside the rejection, such as
    the bare 'which' an attribution model gives the cue as content, is dropped)."""
    out: list[ClaimMention] = []
    made: dict[tuple[str, int], ClaimMention] = {}
    for mention in found:
        text = texts[mention.article_id]
        end = next((e for s, e in sentences[mention.article_id] if s <= mention.start < e), mention.end)
        tail = text[mention.start : max(end, mention.end)].rstrip(_TRIM + ".!?")
        match = _REJECTION.search(tail)
        if not match or match.start() == 0 or match.start() > len(mention.text) + 1:
            out.append(mention)
            continue
        cut = mention.start + match.start()
        claim = replace(mention, end=min(mention.end, cut), text=text[mention.start : min(mention.end, cut)])
        if mention.attribution_id is None:  # a leftover's denial came from its sentence's cue
            claim.denial = negated_claim(claim.text)
        out.append(claim)
        rejection_start = cut + 1
        while text[rejection_start] in _TRIM:
            rejection_start += 1
        if (mention.article_id, rejection_start) in made:
            continue
        source = (match.group("source") or match.group("agent")).strip(_TRIM)
        made[mention.article_id, rejection_start] = denial = _rejection(
            mention,
            text,
            (rejection_start, mention.start + len(tail)),
            source,
            claim,
            f"{mention.article_id}/{cut}",
        )
        out.append(denial)
    denials = {id(d) for d in made.values()}
    return [
        m
        for m in out
        if id(m) in denials
        or not any(m.article_id == a and s <= m.start and m.end <= d.end for (a, s), d in made.items())
    ]


# what a rejection names when it points back at what the article has just said: 'rejected the account',
# 'denied it', 'has rejected that', 'disputed the figure'
_ANAPHOR = (
    r"(?:it|that|this|them|(?:the|that|this|these|those|such)\s+(?:\w+\s+)?"
    r"(?:(?:account|accusation|allegation|charge|claim|criticism|description|characteri[sz]ation|figure|"
    r"finding|suggestion|version|assertion)s?|report))"  # 'the reports' are the story's (`_REPORT_DENIAL`)
)
# a sentence, or its last clause after ';', that is only a rejection of that: 'Denning rejected the
# allegation.', '...; the hospital denies this.'
_ANAPHORIC_REJECTION = re.compile(
    r"(?:^|;\s*)(?P<source>[^.;:\"“”]{2,100}?)\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?"
    rf"{_REJECT_VERB}\s+(?P<thing>{_ANAPHOR})\W*$",
    re.IGNORECASE,
)


def _antecedent(
    mentions: list[ClaimMention], spans: list[tuple[int, int]], index: int, clause: int
) -> ClaimMention | None:
    """What a rejection beginning at `clause` in sentence `index` points back at: the first sourced
    statement of its own sentence before it, else of the sentence before (its main content, not a
    clause cut from its end). Further back it is as often another claim: the placement decides then."""
    for start, end in (spans[index], spans[index - 1] if index else (0, 0)):
        stated = [m for m in mentions if not m.denial and m.source and start <= m.start < min(end, clause)]
        if stated:
            return min(stated, key=lambda m: m.start)
    return None


# a confirmation that only points back: 'Adm. Teresa Vance confirmed the plans to Channel 9 News on
# Wednesday.', 'The ministry has acknowledged it.'
_ANAPHORIC_CONFIRMATION = re.compile(
    r"(?:^|;\s*)(?P<source>[^;:\"“”]{2,120}?)\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?"
    r"(?:confirmed|confirms|acknowledged|acknowledges|corroborated|corroborates|verified|verifies)\s+"
    r"(?P<thing>it|this|that|them|(?:the|that|this|these|those|such)\s+(?:\w+\s+)?"
    r"(?:plans?|reports?|account|figures?|details?|findings?|story|claims?|move|decision))"
    r"(?:\s+(?:to|in|on|late|early|earlier|later)\s+[^.;:]{1,60}?)?\W*$",
    re.IGNORECASE,
)


def _confirmations_pointing_back(
    mentions: list[ClaimMention], text: str, spans: list[tuple[int, int]], index: int
) -> None:
    """A confirmation in sentence `index` that only points back ("Vance confirmed the plans to Channel
    9 News.") confirms what its article said just before (`_antecedent`): the candidate the attribution
    model made of it ("the plans") answers that statement and joins its claim."""
    start, end = spans[index]
    match = _ANAPHORIC_CONFIRMATION.search(text[start:end].rstrip())
    if not match:
        return
    thing = (start + match.start("thing"), start + match.end("thing"))
    antecedent = _antecedent(mentions, spans, index, start + match.start("source"))
    kept = next((m for m in mentions if (m.start, m.end) == thing and not m.denial), None)
    if kept is not None and antecedent is not None:
        kept.answers = antecedent


def _pointing_back(
    found: list[ClaimMention], texts: dict[str, str], sentences: dict[str, list[tuple[int, int]]]
) -> list[ClaimMention]:
    """A rejection that only points back ("Denning rejected the allegation.", "...; the hospital denies
    this.") denies what its article said just before (`_antecedent`). It joins that statement's claim
    (`answers`), whatever the attribution model made of it (no candidate, or the rejecting party taken
    for the content); with nothing stated just before, it is left to the placement. A confirmation that
    only points back answers that statement the same way (`_confirmations_pointing_back`)."""
    by_article: dict[str, list[ClaimMention]] = {}
    for mention in found:
        by_article.setdefault(mention.article_id, []).append(mention)
    out: list[ClaimMention] = []
    for article_id, mentions in by_article.items():
        text = texts[article_id]
        spans = sentences[article_id]
        for index, (start, end) in enumerate(spans):
            _confirmations_pointing_back(mentions, text, spans, index)
            match = _ANAPHORIC_REJECTION.search(text[start:end].rstrip())
            if not match:
                continue
            clause = start + match.start("source")
            antecedent = _antecedent(mentions, spans, index, clause)
            if antecedent is None:
                continue
            thing = (start + match.start("thing"), start + match.end("thing"))
            source = match.group("source").strip(_TRIM)
            # what the attribution model made of the clause: kept only if it is this denial
            kept = next((m for m in mentions if (m.start, m.end) == thing and m.denial), None)
            mentions[:] = [m for m in mentions if m is kept or not clause <= m.start < end]
            if kept is not None:
                kept.answers = antecedent
            else:
                unique = f"{article_id}/{clause}"
                fresh = {"sentence": start, "headline": [], "standing": False}  # not the antecedent's
                mentions.append(_rejection(antecedent, text, thing, source, antecedent, unique, **fresh))
        out.extend(mentions)
    return out


_TELL = re.compile(r"^(?:.*\s)?(?:tell|tells|told|telling)$")
_THAT = re.compile(r"\bthat\s+")
# an outlet told, not named: 'told a newspaper', 'told a television interviewer', 'told state television'
_TOLD_MEDIA = re.compile(
    r"\s+(?P<outlet>(?:a|an|one|local|state|another)\s+(?:local\s+|regional\s+|foreign\s+|state\s+)?"
    r"(?:newspaper|paper|broadcaster|television(?:\s+(?:station|channel|interviewer))?|tv(?:\s+station)?|"
    r"radio(?:\s+station)?|news\s+agency|magazine|news\s+site|website))\b",
    re.IGNORECASE,
)


def _after_addressee(text: str, start: int, end: int, told: set[int]) -> int:
    """Where the claim in a leftover piece starts: a piece right after 'told' opens with whom and how
    ('told Coastal Wire by satellite phone', 'told reporters at the gates that the blaze ...'), which is
    the attribution's frame, so only a 'that' clause in it is a claim (else the piece is none: `end`)."""
    if not any(0 <= start - cue_end <= 2 and not text[cue_end:start].strip() for cue_end in told):
        return start
    that = _THAT.search(text, start, end)
    return that.end() if that else end


def _attribution_key(article_id: str, attribution: Attribution, source: Source | None) -> SourceKey | None:
    """The key of the source an attribution rests on (as the record characterises it), if it has one."""
    written = attribution.source.text if attribution.source else None
    if source is None and not written:
        return None
    return source_key(
        type=source.type if source else None,
        name=source.name if source else None,
        text=written,
        anonymous=bool(source.anonymous) if source else False,
        affiliation=source.affiliation if source else None,
        role=source.role if source else None,
        unique=f"{article_id}/{attribution.source_id or attribution.id}",
    )


def _relay_cited_sources(found: list[ClaimMention]) -> None:
    """'X, according to the Meridian Times, citing four unnamed sources': two attributions of one
    content, and the unnamed sources are the Times's, relayed: the content cites the outlet."""
    cited = {(m.article_id, m.start, m.end): m.cited_outlet for m in found if m.cited_outlet}
    for mention in found:
        outlet = cited.get((mention.article_id, mention.start, mention.end))
        if outlet and not mention.cited_outlet:
            mention.cited_outlet = outlet
            mention.key = None


def _once(mentions: list[ClaimMention]) -> list[ClaimMention]:
    """A claim's mentions, a span relaying one outlet once: 'according to the Times, which cited four
    unnamed sources, X' gives two attributions of X, each the Times's report relayed (the first kept).
    Both take part in the grouping; a reader needs to see it once."""
    seen: set[tuple[str, int, int, str]] = set()
    kept = []
    for mention in mentions:
        if mention.cited_outlet and not mention.denial:
            key = (mention.article_id, mention.start, mention.end, mention.cited_outlet)
            if key in seen:
                continue
            seen.add(key)
        kept.append(mention)
    return kept


def _head(name: str, prefix: int) -> str | None:
    words = [w for w in _TOKEN.findall(fold(name)) if w not in STOP and not w[0].isdigit()]
    return _stem(words[-1].removesuffix("'s"))[:prefix] if words else None


def event_terms(record: Record, start: int, end: int, prefix: int = DEFAULT_PREFIX) -> list[str]:
    """Terms for the events whose trigger lies in [start, end): '@ASSAULT' and the category with each
    participant's head word ('@ASSAULT>depot' for a target, '@ASSAULT<kestla' for an actor), so
    'struck a fuel depot' and 'bombed the depot' share terms their words do not."""
    terms: list[str] = []
    for event in record.events:
        if not start <= event.trigger.start < end or event.category == "OTHER":
            continue
        terms.append("@" + event.category)
        for mark, people in (("<", event.actors), (">", event.targets)):
            for person in people:
                head = _head(person.name, prefix)
                if head:
                    terms.append(f"@{event.category}{mark}{head}")
    return terms


_CLAUSE = re.compile(
    r"(,\s+(?:and|but|while|whereas|although|though)\s+|;\s+|,?\s+(?:after|before|killing|leaving|injuring|"
    r"wounding|forcing|prompting|sparking|triggering)\s+)"
)
_TRIM = " ,;:-–—\"“”'\n\t"
_CONTENT_JOINT = re.compile(
    r"(,\s+(?:which|who|saying|citing|backing|despite|adding|a day after|hours after|the first|"
    r"as|while|whereas|but|and that|and said)\s+|\s+and that\s+|;\s+|"
    r",\s+(?:killing|leaving|injuring|wounding|forcing|prompting|sparking|triggering)\s+|"
    # a second verb phrase going on in time: 'had detained a trawler and was escorting it to port'
    r"\s+and\s+(?=(?:was|were|is|are)\s+(?:now\s+)?\w+ing\b)|"
    r"(?<=[a-z0-9\"”])[.!?][\"”]?\s+(?=[A-Z\"“]))"
)


# what follows a 'that' that was a pronoun: '..., and that is what matters most'
_VERB_FIRST = re.compile(r"(?:is|was|are|were|has|had|will|would|can|could|should|may|might|must|does|did)\b")


def _content_pieces(text: str, content: Span, params: Params) -> list[Span]:
    """An attribution content cut at clause joints (', which', ', backing up', ', saying', ' and that',
    a sentence break inside a quote): the first piece always, later ones when they keep at least
    `min_residual_words` content words (one after ' and that ': the cue's second statement). 'X struck a
    depot, the first acknowledgement of ...' -> 'X struck a depot' (+ the rest when long enough)."""
    if not params.split_contents:
        return [content]
    cuts = [content.start]
    joints = [""]
    for match in _CONTENT_JOINT.finditer(text, content.start, content.end):
        cuts.append(match.start())
        cuts.append(match.end())
        joints.append(match.group().strip(" ,").lower())
    cuts.append(content.end)
    pieces = []
    for n, (s, e) in enumerate(zip(cuts[::2], cuts[1::2], strict=True)):
        dateline = _DATELINE.match(text[s:e]) if n == 0 else None
        if dateline:
            s += dateline.end()
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
        if e <= s:
            continue
        # a toll counts its figures as words: ', killing six people and injuring at least 40'
        toll = joints[n] in ("killing", "leaving", "injuring", "wounding")
        words = [t for t in features(text[s:e])[0] if toll or not t.startswith("#")]
        # a second 'that' of the cue is a statement of its own, however short ('... and that two have died')
        second = joints[n] == "and that" and not _VERB_FIRST.match(text, s)  # not '..., and that is all'
        least = 1 if second else params.min_residual_words
        if n == 0 or not pieces or len(words) >= least:
            pieces.append(Span(start=s, end=e, text=text[s:e]))
    return pieces or [content]


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of text[start:end], split at coordinating and adverbial joints, trimmed."""
    spans = []
    cursor = start
    for match in _CLAUSE.finditer(text, start, end):
        spans.append((cursor, match.start()))
        cursor = (
            match.end()
            if match.group(1).strip(" ,;") in ("and", "but", "while", "whereas", "although", "though", "")
            else match.start() + 1
        )
    spans.append((cursor, end))
    trimmed = []
    for s, e in spans:
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


_TRAILING_SOURCE = re.compile(
    r",\s+(?P<source>(?:the|a|an|its|his|her|their)\s+[\w'’ -]{2,60}?"
    r"|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})"
    r"\s+(?:said|says|told reporters|added|confirmed|announced|reported)(?:\s+on\s+\w+)?[.\"”']*\s*$"
)
# "The interior ministry confirmed for the first time that ..." that the attribution model passed over
_LEADING_SOURCE = re.compile(
    r"^\W*(?P<source>(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+[\w'’ -]{2,60}?"
    r"|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})"
    r"\s+(?:has\s+|had\s+)?(?:said|confirmed|announced|acknowledged|admitted|stated)\s+"
    r"(?:(?:on|for|in|late|early|earlier|later)\s+(?:[\w-]+\s+){0,3}?)?that\b"
)
# "A Gazette reporter saw ...", "Lantern Daily's correspondent in Selm saw ...", "..., a Times reporter saw.",
# "A Tribune reporter who walked the site on Wednesday saw ..."
_EYEWITNESS = re.compile(
    r"(?:^\W*|,\s+)(?P<source>(?:(?:the|a|an|our)\s+)?(?:[A-Z][\w'’.-]*\s+){0,4}"
    r"(?:reporters?|correspondents?|journalists?|photographers?|(?:camera\s+|television\s+|tv\s+)?crews?)"
    r"(?:\s+(?:at|on|in|near|outside|inside)\s+[^,.;:\"“”]{1,40}?){0,2}"
    r"(?:\s+who\s+(?:walked|visited|toured|went|travelled|traveled|reached)\b[^,.;:\"“”]{0,50}?)?)"
    r"\s+(?:saw|witnessed|counted|watched|observed|heard|found|filmed)\b"
)
_FINDING_VERBS = r"(?:obtained|seen|reviewed|examined|verified|analy[sz]ed)"
_CHECK_VERBS = r"(?:checked|reviewed|examined|verified|analy[sz]ed|obtained|found)"


@functools.lru_cache(maxsize=256)
def _finding_pattern(own: str) -> re.Pattern:
    """'obtained by the Riverside Gazette' / 'The Gazette checked', for one outlet (its name, initials
    or last word)."""
    names = [re.escape(own)]
    if short := _initials(own):
        names.append(short)
    names.append(re.escape(own.split()[-1]))  # 'the Tribune'
    outlet = rf"(?:[Tt]he\s+)?(?:{'|'.join(names)})\b"
    return re.compile(
        rf"\b{_FINDING_VERBS}(?:\s+and\s+{_FINDING_VERBS})?\s+by\s+{outlet}|^\W*{outlet}\s+{_CHECK_VERBS}\b"
    )


def _own_finding(sentence: str, own: str | None) -> str | None:
    """The part of a sentence naming what the article's own outlet obtained or checked ('Security camera
    footage, obtained and reviewed by the Riverside Gazette, shows ...', 'The Tribune checked a public
    vessel-tracking service ...'), if it names one."""
    match = _finding_pattern(own).search(sentence) if own else None
    return sentence[: match.end()].strip(_TRIM)[:120] if match else None


_ANONYMOUS_WORDS = re.compile(r"\b(?:unnamed|anonymous|sources?|officials?|people|person|residents?)\b", re.I)


_DENIAL_CUE_WORDS = "|".join(sorted(DENIAL_CUES))
_DENIAL_CUE = re.compile(rf"\b(?:{_DENIAL_CUE_WORDS})\b")
# a cue word naming a thing ('the disputed sea border') or a standing state ('the bank has been disputed
# since 1978'), not someone denying
_CUE_AS_ADJECTIVE = re.compile(
    r"\b(?:the|a|an|its|their|his|her|this|that|(?:has|have|had)\s+(?:long\s+)?been)\s+"
    rf"(?:{_DENIAL_CUE_WORDS})\b"
)


# the words opening a clause that tells what came before the sentence's news
_EARLIER = r"(?:after|before|since|until)"
# ... ahead of the source it opens: '..., after a newspaper reported'
_BEFORE_IT = re.compile(rf"\b{_EARLIER}\s+(?:[\w'’-]+\s+){{0,3}}$", re.IGNORECASE)


def _reported_before(text: str, attribution: Attribution, span: tuple[int, int]) -> bool:
    """The attribution tells, after the span, what was reported before it happened: 'The agency suspended
    the licence, after a newspaper reported that ...' -- the suspension rests on no word of the
    newspaper's."""
    start = attribution.source.start if attribution.source else attribution.cue.start
    return span[1] <= start and bool(_BEFORE_IT.search(text, max(0, start - 40), start))


# a clause telling what came before the news, after the words that source the news: "Deputy mayor Osten
# stepped aside, Mayor Brun told reporters, after prosecutors searched his office" -- the journalist's
# background, not the mayor's word
_BACKGROUND = re.compile(rf"\W*(?:[\w'’-]+\s+){{0,3}}?{_EARLIER}\s", re.IGNORECASE)


def _residual(
    record: Record,
    sources: dict,
    sentence: tuple[int, int],
    in_sentence: list,
    span: tuple[int, int],
    outlets: list[str],
    params: Params,
) -> ClaimMention:
    """A candidate from sentence text outside any attribution: its source is an outlet the sentence
    cites, else the source of the sentence's first attribution, else none."""
    article = record.article
    text = article.text
    sentence_text = text[sentence[0] : sentence[1]]
    cited = _cited_outlet_in_sentence(sentence_text, article.outlet, outlets, params)
    # a denial cue in the sentence, but not one naming a thing ('the disputed sea border')
    folded = _CUE_AS_ADJECTIVE.sub(" ", fold(sentence_text))
    denial = bool(_DENIAL_CUE.search(folded))
    background = bool(_BACKGROUND.match(text, span[0], span[1]))

    def sourced_before(end: int) -> bool:
        """The words giving a source end before a background clause: it is not theirs."""
        return background and end <= span[0]

    key = source = source_text = None
    if cited:
        pass
    elif finding := _own_finding(sentence_text, article.outlet):
        # what the outlet's own check or a document it obtained shows: its own source, as an attributed
        # document it obtained already is ('records obtained by the Harbor Ledger')
        source_text = finding
        key = SourceKey(bodies={f"body:{fold(article.outlet or article.id)}"})
    elif (witness := _EYEWITNESS.search(sentence_text)) and not sourced_before(sentence[0] + witness.end()):
        # the outlet's own reporter saw it: the outlet is a source of its own, not an echo
        source_text = witness.group("source")
        key = SourceKey(bodies={f"body:{fold(article.outlet or article.id)} reporter"})  # a witness key
    elif in_sentence := [
        a for a in in_sentence if not _reported_before(text, a, span) and not sourced_before(a.cue.end)
    ]:
        # the attribution whose cue is nearest the span, of those it may rest on
        attribution = min(in_sentence, key=lambda a: max(0, a.cue.start - span[1], span[0] - a.cue.end))
        source = sources.get(attribution.source_id) if attribution.source_id else None
        source_text = attribution.source.text if attribution.source else None
        key = _attribution_key(article.id, attribution, source)
        named = outlet_in(source_text, outlets, params) if source_text else None
        if named and named != article.outlet:  # that attribution relays another outlet's report
            cited, key = named, None
        elif source_text and _media_phrase(source_text, text[: attribution.source.start]):
            cited, key = source_text, None  # 'a newspaper reported': relayed from an outlet it does not name
    elif (
        trailing := _TRAILING_SOURCE.search(sentence_text) or _LEADING_SOURCE.match(sentence_text)
    ) and not sourced_before(sentence[0] + trailing.end()):
        # "..., the mine's operator said." that the attribution model passed over: the sentence's source
        source_text = trailing.group("source")
        key = source_key(
            type=None,
            name=None,
            text=source_text,
            anonymous=bool(_ANONYMOUS_WORDS.search(source_text)),
            unique=f"{article.id}/{span[0]}",
        )
    if background and not cited and key is None:
        denial = False  # 'X denied ..., after a leak set off reports': the leak is not denied
    return ClaimMention(
        article_id=article.id,
        outlet=article.outlet,
        published=article.published,
        start=span[0],
        end=span[1],
        text=text[span[0] : span[1]],
        source=cited or source_text,
        source_type="outlet" if cited else (source.type if source else None),
        source_name=cited or (source.name if source else None),
        anonymous=bool(source and source.anonymous) and not cited,
        cited_outlet=cited,
        denial=denial,
        key=None if cited else key,
    )


# -- grouping ------------------------------------------------------------------------------------


def similarity_matrix(mentions: list[ClaimMention], params: Params = DEFAULT) -> np.ndarray:
    """Damped TF-IDF cosine between every two mentions (1 on the diagonal). Sparse term vectors and
    whole-matrix damping: a story of a few hundred articles has thousands of mentions."""
    n = len(mentions)
    feats = [features(m.text, params.prefix) for m in mentions]
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for row, (terms, _) in enumerate(feats):
        tf = {t: 1.0 + np.log(c) for t, c in Counter(terms).items()}  # sublinear tf
        if params.event_weight > 0:
            tf.update(
                (t, params.event_weight * (1.0 + np.log(c))) for t, c in Counter(mentions[row].events).items()
            )
        if params.headline_weight > 0:
            for t, c in Counter(mentions[row].headline).items():
                tf[t] = max(tf.get(t, 0.0), params.headline_weight * (1.0 + np.log(c)))
        for term, value in tf.items():
            rows.append(row)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(value)
    counts = sparse.csr_matrix((values, (rows, cols)), shape=(n, max(1, len(vocabulary))))
    df = np.bincount(cols, minlength=counts.shape[1])
    idf = np.log((1 + n) / (1 + df)) + 1.0  # smoothed idf
    weights = counts @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1))).ravel()
    weights = sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ weights
    sims = np.asarray((weights @ weights.T).todense())
    _damp(sims, mentions, [f[1] for f in feats], params)
    np.fill_diagonal(sims, 1.0)
    return sims


def _damp(
    sims: np.ndarray, mentions: list[ClaimMention], numbers: list[frozenset[str]], params: Params
) -> None:
    """Figures that disagree, another modality, the same article; a denial against an assertion, an echo
    against an outlet's own report, a source repeating its figure."""
    n = len(mentions)
    number_ids: dict[str, int] = {}
    entries = [
        (i, number_ids.setdefault(x, len(number_ids))) for i, found in enumerate(numbers) for x in found
    ]
    has = np.array([bool(found) for found in numbers])
    if entries:
        figures = sparse.csr_matrix(
            (np.ones(len(entries)), ([i for i, _ in entries], [j for _, j in entries])),
            shape=(n, len(number_ids)),
        )
        shared = np.asarray((figures @ figures.T).todense()) > 0
    else:
        shared = np.zeros((n, n), dtype=bool)
    positive = sims > 0
    conflict = positive & np.outer(has, has) & ~shared
    sims[conflict] *= params.number_penalty
    sims[positive & shared] += params.number_bonus
    modal = np.array([modality(m.text) for m in mentions])
    sims[positive & (modal[:, None] != modal[None, :])] *= params.modality_penalty
    article = np.array([m.article_id for m in mentions])
    sims[positive & (article[:, None] == article[None, :])] *= params.same_article_penalty
    # a standing denial's words name what it denies ('have long denied that their forces protect smuggling
    # routes'): only a denial of this story's report needs the lift
    denial = np.array([m.denial and not m.standing for m in mentions])
    boosted = positive & (denial[:, None] != denial[None, :])
    sims[boosted] = np.minimum(1.0, sims[boosted] * params.denial_boost)
    relayed = np.array([bool(m.cited_outlet) for m in mentions])
    lifted = positive & (relayed[:, None] != relayed[None, :])
    sims[lifted] = np.minimum(1.0, sims[lifted] * params.echo_boost)
    # one source's statements in two articles giving one figure, or close enough to be cut together once
    # raised
    close = positive & (shared | (sims >= params.threshold / params.repeat_boost))
    _raise_repeats(sims, mentions, close & (article[:, None] != article[None, :]), params)


def _raise_repeats(
    sims: np.ndarray, mentions: list[ClaimMention], candidates: np.ndarray, params: Params
) -> None:
    """The same source saying much the same in two articles ("about 6,000 people had been evacuated",
    the fire chief said on Saturday and again on Sunday; "the tanker ran aground on the Ostry Reef", "the
    vessel struck the Ostry Reef", the coast guard) repeats one statement: raise their similarity. Only
    pairs of `candidates` (in two articles, giving one figure or close enough to be cut together once
    raised) have their sources compared."""
    if params.repeat_boost == 1.0:
        return
    keys = [None if m.denial or m.key is None or m.key.unique else m.key for m in mentions]
    keyed = np.array([key is not None for key in keys])
    # only pairs of two keyed mentions reach the (slow) source comparison
    for i, j in zip(*np.nonzero(np.triu(candidates & np.outer(keyed, keyed), 1)), strict=True):
        if keys[i].same_as(keys[j]):
            sims[i, j] = sims[j, i] = min(1.0, sims[i, j] * params.repeat_boost)


def group(
    mentions: list[ClaimMention], params: Params = DEFAULT, sims: np.ndarray | None = None
) -> list[list[int]]:
    """Average-link clusters of the mentions (indices), cut at params.threshold; then each echo joined
    to the claim of the report it relays (`anchor_echoes`). `sims`: their similarity matrix, if made."""
    n = len(mentions)
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    if sims is None:
        sims = similarity_matrix(mentions, params)
    groups = average_link(sims, params.threshold)
    groups = _tie_answers(groups, mentions)
    if params.echo_anchor is not None:
        groups = anchor_echoes(groups, mentions, sims, params.echo_anchor, params.echo_claims_threshold)
    if params.dependent_floor is not None:
        groups = attach_dependents(groups, mentions, sims, params.dependent_floor)
    if params.repeat_floor is not None:
        groups = attach_lone_repeats(groups, mentions, sims, params.repeat_floor)
    return _attach_rejections(groups, mentions)


_PRONOUNS = frozenset({"it", "he", "she", "they", "we"})


def _one_speaker(a: ClaimMention, b: ClaimMention) -> bool:
    """Two mentions side by side with one source: written the same, one a pronoun, or keyed the same."""
    if a.source == b.source or fold(a.source or "") in _PRONOUNS or fold(b.source or "") in _PRONOUNS:
        return True
    return bool(a.key and b.key and a.key.same_as(b.key))


def _tie_answers(groups: list[list[int]], mentions: list[ClaimMention], gap: int = 40) -> list[list[int]]:
    """Two denials one source gives in one breath (at most `gap` characters apart, in one sentence or the
    next going on with a pronoun: "denied that the releases caused the flooding. In a statement, it said
    all releases had followed the guidelines") answer one report: their claims are one."""
    claim_of = {i: k for k, g in enumerate(groups) for i in g}
    members = {k: list(g) for k, g in enumerate(groups)}
    denials: dict[str, list[int]] = {}
    for i, mention in enumerate(mentions):
        if mention.denial and mention.attribution_id:  # a leftover's flag is only its sentence's cue
            denials.setdefault(mention.article_id, []).append(i)
    for found in denials.values():
        found.sort(key=lambda i: mentions[i].start)
        for i, j in itertools.pairwise(found):
            a, b = mentions[i], mentions[j]
            x, y = claim_of[i], claim_of[j]
            # one sentence, or the next one going on with a pronoun ('In a statement, it said ...')
            went_on = a.sentence == b.sentence or fold(b.source or "") in _PRONOUNS
            if x != y and went_on and 0 <= b.start - a.end <= gap and _one_speaker(a, b):
                _merge(members, claim_of, into=x, other=y)
    return sorted((sorted(g) for g in members.values()), key=lambda c: c[0])


def _attach_rejections(groups: list[list[int]], mentions: list[ClaimMention]) -> list[list[int]]:
    """An appositive rejection ("..., an account the ministry has rejected") denies the claim it is
    appended to: it joins that claim, whatever its few words resemble."""
    index = {id(m): i for i, m in enumerate(mentions)}
    claim_of = {i: k for k, g in enumerate(groups) for i in g}
    for i, mention in enumerate(mentions):
        target = index.get(id(mention.answers)) if mention.answers is not None else None
        if target is not None and claim_of[target] != claim_of[i]:
            _move(groups, claim_of, i, claim_of[target])
    return sorted((sorted(g) for g in groups if g), key=lambda c: c[0])


def _merge(members: dict[int, list[int]], claim_of: dict[int, int], into: int, other: int) -> None:
    """Claim `other` joins claim `into` (members by claim number; claim_of: mention -> claim)."""
    for m in members[other]:
        claim_of[m] = into
    members[into].extend(members.pop(other))


def _move(groups: list[list[int]], claim_of: dict[int, int], i: int, claim: int) -> None:
    """Mention i leaves its claim for `claim` (groups by claim number; claim_of: mention -> claim)."""
    groups[claim_of[i]].remove(i)
    claim_of[i] = claim
    groups[claim].append(i)


def _dependent(mention: ClaimMention) -> bool:
    """Tells of something the story reports in words of its own: it denies it, relays another outlet's
    report of it, or is the outlet's reporter describing what they saw of it."""
    # (not a standing denial: what a source has long denied need not be this story's report)
    return (
        (mention.denial and not mention.standing)
        or bool(mention.cited_outlet)
        or bool(mention.key and mention.key.witness())
    )


def attach_dependents(
    groups: list[list[int]], mentions: list[ClaimMention], sims: np.ndarray, floor: float
) -> list[list[int]]:
    """A denial denies, an echo relays and an eyewitness describes something the story reports: a claim
    made only of denials, echoes and what a reporter saw joins the claim it resembles most among those
    with a report of their own (mean similarity at least `floor`), however few words they share."""
    supported = [g for g in groups if not all(_dependent(mentions[i]) for i in g)]
    dependent = [g for g in groups if all(_dependent(mentions[i]) for i in g)]
    if not supported or not dependent:
        return groups
    # mean similarity between every dependent claim and every supported one, in one product
    means = _membership(dependent, len(mentions)).T @ sims @ _membership(supported, len(mentions))
    kept = list(supported)
    for row, members in enumerate(dependent):
        best = int(np.argmax(means[row]))
        if means[row, best] >= floor:
            supported[best].extend(members)
        else:
            kept.append(members)
    for g in supported:
        g.sort()
    return sorted(kept, key=lambda c: c[0])


def _named_source(mention: ClaimMention) -> SourceKey | None:
    """The key of a source named, not described, that speaks in its own right (not a denial, not relayed
    from an outlet, not anonymous: an anonymous source is never the same as another)."""
    key = mention.key
    if mention.denial or mention.cited_outlet or key is None or key.unique or key.generic:
        return None
    return key


def attach_lone_repeats(
    groups: list[list[int]], mentions: list[ClaimMention], sims: np.ndarray, floor: float
) -> list[list[int]]:
    """A named source quoted once in an article often repeats, in other words, what it said in another
    ("the navy said the trawler was sailing without lights"): when that one statement stands alone as a
    claim, it joins the claim of the same source's closest statement in another article (similarity at
    least `floor`). Only a lone mention moves, so no claims merge wholesale, and as its source is already
    in the claim it adds no source. A source quoted more than once in the article says several things
    (a minister's statement and her warning) and stays where the clustering put it."""
    keys = [_named_source(m) for m in mentions]
    in_article: dict[str, list[int]] = {}
    for n, key in enumerate(keys):
        if key is not None:
            in_article.setdefault(mentions[n].article_id, []).append(n)
    claim_of = {i: k for k, g in enumerate(groups) for i in g}
    for members in [g for g in groups if len(g) == 1]:
        if len(members) != 1:  # another lone statement has joined it
            continue
        i = members[0]
        key = keys[i]
        if key is None or any(o != i and key.same_as(keys[o]) for o in in_article[mentions[i].article_id]):
            continue
        # the closest first, so the first statement of the same source is its closest
        for j in np.argsort(-sims[i], kind="stable"):
            if sims[i, j] < floor:
                break
            other = keys[j]
            elsewhere = claim_of[j] != claim_of[i] and mentions[j].article_id != mentions[i].article_id
            if elsewhere and other is not None and key.same_as(other):
                _move(groups, claim_of, i, claim_of[j])
                break
    return sorted((sorted(g) for g in groups if g), key=lambda c: c[0])


def _membership(groups: list[list[int]], n: int) -> sparse.csr_matrix:
    """n x len(groups), column k holding 1/len(group k) on its members (so M.T @ S @ M' are means)."""
    rows = [i for g in groups for i in g]
    cols = [k for k, g in enumerate(groups) for _ in g]
    values = [1.0 / len(g) for g in groups for _ in g]
    return sparse.csr_matrix((values, (rows, cols)), shape=(n, len(groups)))


def anchor_echoes(
    groups: list[list[int]],
    mentions: list[ClaimMention],
    sims: np.ndarray,
    floor: float,
    threshold: float = 0.15,
) -> list[list[int]]:
    """An echo ("according to the Harbor Ledger, ...") relays something the cited outlet reported: when
    that outlet's articles are in the story, the echo's claim and the claim of its closest mention there
    (similarity at least `floor`) are one claim when their mean similarity is at least `threshold`, below
    the clustering cut; a source that says outright it confirms the report needs only the closest match."""
    members = {k: list(g) for k, g in enumerate(groups)}
    claim_of = {i: k for k, g in members.items() for i in g}
    reports: dict[str, list[int]] = {}  # each outlet's own (not relayed, not denying) mentions
    for j, other in enumerate(mentions):
        if other.outlet and not other.cited_outlet and not other.denial:
            reports.setdefault(other.outlet, []).append(j)
    for i, mention in enumerate(mentions):
        relayed = reports.get(mention.cited_outlet or mention.confirms or "", [])
        if mention.denial or not relayed:
            continue
        best = relayed[int(np.argmax(sims[i, relayed]))]
        a, b = claim_of[i], claim_of[best]
        if a == b or sims[i, best] < floor:
            continue
        if mention.confirms or sims[np.ix_(members[a], members[b])].mean() >= threshold:
            _merge(members, claim_of, into=b, other=a)
    return sorted((sorted(g) for g in members.values()), key=lambda c: c[0])


def average_link(sims: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-link agglomerative clustering (UPGMA, scipy's): clusters whose members' mean similarity
    is at least threshold. Clusters are index lists, ordered by their first index."""
    n = len(sims)
    if n < 2:
        return [[0]] if n else []
    distances = np.clip(1.0 - sims, 0.0, None)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold + 1e-12, criterion="distance")
    clusters: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        clusters.setdefault(int(label), []).append(index)
    return sorted(clusters.values(), key=lambda c: c[0])


_REPORT_DENIAL = re.compile(
    r"^(?:that\s+)?(?:the|these|those|such|this|that|their|its|his|her|all)\s+(?:media\s+|news\s+|press\s+)?"
    r"(?:reports?|claims?|allegations?|accusations?|stor(?:y|ies)|accounts?|rumou?rs?)"
    r"(?:\s+(?:were|was|are|is|had\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?:false|untrue|baseless|lies|fabricated|wrong|inaccurate|fake|groundless|unfounded|nonsense))?\W*$",
    re.IGNORECASE,
)


def report_denials(mentions: list[ClaimMention]) -> set[int]:
    """The denials of 'the reports' (`group_with_report_denials`)."""
    return {
        i
        for i, m in enumerate(mentions)
        if m.denial and m.answers is None and _REPORT_DENIAL.match(m.text.strip(_TRIM))
    }


def group_with_report_denials(
    mentions: list[ClaimMention],
    params: Params = DEFAULT,
    denial_model: DenialModel | None = None,
    sims: np.ndarray | None = None,
) -> list[list[int]]:
    """`group`, but a denial of 'the reports' ("the reports were false", "denied the allegations") shares
    no words with what it denies: it joins the story's most re-reported claim (most echoes and wire
    copies, then most articles) instead of whatever its few words resemble, and the denial placement
    leaves it there (what the words around it say is another denial's business). `sims`: the mentions'
    similarity matrix, if made."""
    about_reports = report_denials(mentions)
    rest = [i for i in range(len(mentions)) if i not in about_reports]
    if sims is None:
        sims = similarity_matrix(mentions, params)
    groups = [
        [rest[k] for k in members]
        for members in group([mentions[i] for i in rest], params, sims[np.ix_(rest, rest)])
    ]
    supported = [g for g in groups if not all(mentions[i].denial for i in g)]
    if not about_reports:
        return _placed(groups, mentions, sims, params, denial_model)
    if not supported:
        return sorted([*groups, sorted(about_reports)], key=lambda g: g[0])

    def reported(members: list[int]) -> tuple[int, int]:
        relayed = sum(1 for i in members if mentions[i].cited_outlet)
        return relayed, len({mentions[i].article_id for i in members})

    lead = max(supported, key=reported)
    lead.extend(about_reports)
    lead.sort()
    return _placed(groups, mentions, sims, params, denial_model, kept=about_reports)


def _placed(
    groups: list[list[int]],
    mentions: list[ClaimMention],
    sims: np.ndarray,
    params: Params,
    model: DenialModel | None = None,
    kept: set[int] | frozenset[int] = frozenset(),
) -> list[list[int]]:
    """The grouping with every denial but those `kept` moved to the claim it answers
    (`newstrace.link.denials`)."""
    if not params.place_denials or len(mentions) < 2:
        return groups
    terms, deniers = placement_terms(mentions, params)
    return place_denials(groups, mentions, sims, terms, deniers, model, params.denial_margin, kept=kept)


def placement_terms(
    mentions: list[ClaimMention], params: Params = DEFAULT
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """What the denial placement reads of the mentions: each one's content terms, and the words of
    its source (figures left out)."""
    terms = [frozenset(features(m.text, params.prefix)[0]) for m in mentions]
    sources = [
        frozenset(t for t in features(m.source or "", params.prefix)[0] if not t.startswith("#"))
        for m in mentions
    ]
    return terms, sources


def asserted_status(mentions: list[ClaimMention], records: dict[str, Record]) -> str:
    """What the mentions assert, by vote: each mention's main clause status (`mention_statuses`)."""
    votes: Counter[str] = Counter()
    for mention in mentions:
        record = records.get(mention.article_id)
        if record is not None:
            votes.update(s for s in mention_statuses(mention, record) if s != "unknown")
    return votes.most_common(1)[0][0] if votes else "unknown"


# the words that hedge a statement: what 'may be preparing' is for stays possible
_HEDGE_WORDS = r"(?:could|may|might|possibly|perhaps)"
_HEDGE = re.compile(rf"\b{_HEDGE_WORDS}\b", re.I)


# an agent's conditional future told as a claim: 'will retaliate if Norvania imposes sanctions', 'will
# strike unless Farrow is reinstated' is a threat, as the claims gold reads it (the status component reads
# a bare conditional as possible, as its own gold does); a state is not ('would be 9,000 short if ...'),
# nor what a measure does ('The deal will take effect on Jan. 1 if lawmakers approve it')
_CONDITIONAL_THREAT = re.compile(
    rf"^(?!.*\b{_HEDGE_WORDS}\b)"
    r"(?!.*\b(?:take|takes|come|comes|enter|enters|go|goes)\s+(?:into\s+)?(?:effect|force)\b)"
    r"(?!\W*(?:the|this|that|its|their|a|an)\s+(?:[\w-]+\s+){0,2}?(?:deal|agreement|treaty|law|decree|rule|"
    r"regulation|ban|cap|plan|contract|bill|measure|tariff|tax|price|order)s?\s+(?:will|would)\b)"
    r".*\b(?:will|would|'ll)\s+(?!(?:be|have|remain|become|need)\b)(?:\w+ly\s+)?\w+\b.*\b(?:if|unless)\b",
    re.I,
)


# 'would' told on someone's word is the future seen from when they spoke ('announced that she would
# visit': planned, as the status gold reads it); the status component misses it when the cue stands
# aside ('An inquiry board, Kross said, would be appointed within days', '..., the document says') and
# reads the bare 'would' as possible. Not a hedge, a condition or a negation (which the component reads
# as possible only when the 'would' is asked for: 'guarantees that fishermen would not be targeted').
_REPORTED_WOULD = re.compile(
    rf"^(?!.*\b(?:{_HEDGE_WORDS}|if|unless|likely|unlikely|whether|not|never|no)\b)(?!.*n't)"
    r".*\bwould\b",
    re.I,
)


# a main verb of getting ready for something: what it is for is planned, not yet done
# ('is preparing further strikes', 'was being prepared', 'plans to extend'; not 'prepared the site')
_PREPARING = re.compile(
    r"(?<=being\s)prepared\b|preparing\b|(?:prepar(?:e|es|ed)|plan(?:s|ned|ning)?|intend(?:s|ed|ing)?|"
    r"aim(?:s|ed|ing)?|gear(?:s|ed|ing)\s+up)\s+to\s+\w|drawn\s+up\s+(?:plans?|proposals?)\s+to\s+\w",
    re.I,
)


def mention_statuses(mention: ClaimMention, record: Record) -> list[str]:
    """The status of the mention's main clause: its shallowest predicate (what a main verb of getting
    ready is for is planned, `_PREPARING`; a conditional future an agent announces is threatened,
    `_CONDITIONAL_THREAT`; a sourced 'would' is planned, `_REPORTED_WOULD`); for
    a record analysed before predicates were kept, the statuses of the events in it."""
    inside = [p for p in record.predicates if mention.start <= p.trigger.start < mention.end]
    if inside:
        main = min(inside, key=lambda p: (p.depth, p.trigger.start))
        status = main.status
        text = record.article.text
        if (
            status in ("occurred", "ongoing", "possible")
            and _PREPARING.match(text, main.trigger.start)
            and not _HEDGE.search(text, mention.start, main.trigger.start)
        ):
            status = "planned"  # 'is preparing to devalue the verd, possibly as soon as Monday'
        elif status == "possible" and _CONDITIONAL_THREAT.search(mention.text):
            status = "threatened"
        elif status == "possible" and mention.source and _REPORTED_WOULD.search(mention.text):
            status = "planned"
        return [status]
    return [e.status for e in record.events if mention.start <= e.trigger.start < mention.end]


Grouping = Callable[[list[ClaimMention], Params], list[list[int]]]


def link_claims(
    records: list[Record],
    params: Params = DEFAULT,
    story_id: str = "claim",
    grouping: Grouping | None = None,
) -> list[Claim]:
    """The claims of one story's records, each with its mentions and corroboration. `grouping` replaces
    the clustering (`group_with_report_denials`); the benchmark's grouping ceiling uses it."""
    from newstrace.link.corroboration import corroborate, publication_key, wire_copies

    mentions = candidates(records, params)
    copies = wire_copies(records, params.wire_jaccard)
    by_id = {r.article.id: r for r in records}
    outlets = _story_outlets(records)
    articles = [(r.article.id, r.article.outlet, r.article.published) for r in records]
    claims = []
    for members in (grouping or group_with_report_denials)(mentions, params):
        claim_mentions = _once([mentions[i] for i in members])
        claim = Claim(id="", statement="", status="unknown", mentions=claim_mentions)
        corroborate(claim, copies, outlets=outlets, articles=articles)
        supporting = [m for m in claim.mentions if m.kind != "denial"]
        claim.asserted_status = asserted_status(supporting, by_id)
        claim.status = "denied" if len(supporting) < len(claim.mentions) else claim.asserted_status
        claims.append(claim)
    # the claims most widely carried first, then in order of first report: what a reader looks at first
    claims.sort(
        key=lambda c: (-len({m.article_id for m in c.mentions}), publication_key(c.mentions[0].published))
    )
    for number, claim in enumerate(claims, start=1):
        claim.id = f"{story_id}-c{number}"
    return claims
