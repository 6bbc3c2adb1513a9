"""Denials among claim candidates (newstrace.link.claims): which contents deny what a story reports.

Records are built by hand (attributions placed on invented sentences), so the tests check the
linker's reading of them, not the attribution model."""

from __future__ import annotations

from newstrace.link.claims import ClaimMention, candidates, falsehood_verdict, negated_claim
from newstrace.record import Article, Attribution, Record, Source, Span


def _span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start=start, end=start + len(part), text=part)


def _record(text: str, attributions: list[tuple[str, str, str]]) -> Record:
    """A record of one article whose attributions are (cue, source, content) phrases of the text."""
    found, sources = [], []
    for n, (cue, source, content) in enumerate(attributions):
        cue_span = _span(text, cue)
        sources.append(Source(id=f"s{n}", type="organization", name=source))
        found.append(
            Attribution(
                id=f"a{n}",
                kind="indirect",
                cue=cue_span,
                source=_span(text, source),
                source_id=f"s{n}",
                content=[_span(text, content)],
            )
        )
    article = Article(id="d1", outlet="Lantern Daily", published="2026-09-01T08:00:00Z", text=text)
    return Record(newstrace_version="test", article=article, attributions=found, sources=sources)


def _mention(mentions: list[ClaimMention], words: str) -> ClaimMention:
    return next(m for m in mentions if words in m.text)


def test_a_verdict_cue_branding_the_claim_untrue_is_a_denial():
    assert falsehood_verdict("called", '"a fantasy stitched together from hearsay"')
    assert falsehood_verdict("has branded", "the leaked memo a crude fabrication")
    assert falsehood_verdict("described", "the charges as baseless")
    assert falsehood_verdict("called", '"stale gossip."')
    # a verdict of another kind, or a call for something, denies nothing
    assert not falsehood_verdict("called", "the ruling a victory for the workers")
    assert not falsehood_verdict("called", "for calm after rumours of a strike")
    assert not falsehood_verdict("said", "the memo was circulated widely")
    text = 'The mill\'s owner, Tomas Brel, called the pollution claims "stale gossip." The river was closed.'
    found = candidates([_record(text, [("called", "The mill's owner, Tomas Brel", '"stale gossip."')])])
    assert _mention(found, "gossip").denial


def test_a_copula_verdict_of_invention_or_fiction_is_a_negation():
    assert negated_claim('reports of a merger were "pure invention"')
    assert negated_claim("the account of the raid is a complete fiction")
    assert not negated_claim("the rumoured merger was announced on Friday")


def test_a_comparison_belying_what_someone_said_is_a_denial():
    assert negated_claim("the harvest was far smaller than the farm ministry had claimed")
    assert negated_claim("more boats were lost than the coast guard said")
    # a comparison with an expectation or a figure contradicts no one
    assert not negated_claim("the harvest was far smaller than expected")
    assert not negated_claim("more boats were lost than in any year since 1990")
    said = "the reservoir held far less water than the utility had said"
    record = _record(f"An inspector told the Lantern Daily that {said}.", [("told", "An inspector", said)])
    assert _mention(candidates([record]), "reservoir").denial


def test_what_stays_no_denial():
    # a no-comment, an affirming 'no doubt', a condition and a contrast deny nothing
    assert not negated_claim("the company declined to comment on the leak and did not say more")
    assert not negated_claim("there is no doubt the levee failed")
    assert not negated_claim("the union would strike if the port did not reopen talks")
    assert not falsehood_verdict("called", "the flooding the worst in a century")
    assert not falsehood_verdict("described", "the rescue as a success")


def test_a_denial_cue_naming_a_thing_makes_no_sentence_a_denial():
    text = (
        "Diplomats from both countries will meet next month to discuss the disputed sea border. "
        "The fisheries ministry rejected the report of a quota cut on Tuesday."
    )
    found = candidates([_record(text, [])])
    assert not _mention(found, "sea border").denial
    assert _mention(found, "quota cut").denial


def test_advice_an_instruction_a_rule_or_a_change_of_state_is_no_denial():
    """They answer no report: said with 'not', they are still what the source tells people."""
    assert not negated_claim("customers did not need to take any action")
    assert not negated_claim("not to panic-buy fuel over the weekend")
    assert not negated_claim("evacuees will not be allowed back until at least Tuesday")
    assert not negated_claim("the unit could no longer be staffed safely overnight")
    # what a source says did not happen still denies
    assert negated_claim("there is no coup and there has been no attempt at one")
    assert negated_claim("the plant did not leak any chlorine")


def test_a_negation_under_a_warning_a_question_or_a_promise_denies_nothing():
    # what is warned of, asked or promised answers no report; the same words told plainly deny
    text = "Officials warned that the crisis was not over. The ministry said the flood was not over."
    attributions = [
        ("warned", "Officials", "the crisis was not over"),
        ("said", "The ministry", "the flood was not over"),
    ]
    found = candidates([_record(text, attributions)])
    assert not _mention(found, "crisis").denial and _mention(found, "flood").denial
    for cue, content in (
        ("promised", "the currency would not be touched"),
        ("cautioned", "she had seen no independent evidence"),
        ("complained", "the site would not load"),
        ("urged", "residents not to return"),
    ):
        record = _record(f"The minister {cue} that {content}.", [(cue, "The minister", content)])
        assert not _mention(candidates([record]), content).denial, cue
    # an embedded question, what was asked for, and the subject of a pseudo-cleft hold no denial
    assert not negated_claim("why the city had not finished the flood walls")
    assert not negated_claim("the government asked Washington for guarantees that fishermen would not be hit")
    assert not negated_claim("What they did not tell us is that there would be fewer of us left")
    # ... while what follows the pseudo-cleft's 'was' still may
    assert negated_claim("what they found was not a leak at all")
    # what ought or ought not to be is advice, a rule or blame, not an answer to a report
    assert not negated_claim("the bank should not raise rates at all while wages are falling")
    assert not negated_claim("Vials from this batch must not be administered under any circumstances")
    assert not negated_claim("The run should never have been open")
    assert negated_claim("The run was never open")
