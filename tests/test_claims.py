"""Claims and corroboration (newstrace.link.claims, corroboration, entities) and benchmarks/claims.py.

The mini story is invented for this test: an original on anonymous officials (m1), an echo of it with
a denial (m2), an independent confirmation on the wire's own officials (m3) and a copy of the wire
story (m4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _bench import load_benchmark

from newstrace.analysis import analyze
from newstrace.link.claims import ClaimMention, candidates, link_claims, negated_claim
from newstrace.link.entities import canonical_names, same_person, source_key
from newstrace.record import Article, Attribution, Record, Source, Span

ROOT = Path(__file__).resolve().parent.parent

WIRE = (
    "Valdrian soldiers took control of the customs post at Brell on Friday, three Lysmari border officials "
    "told Coastal Wire. The officials said the soldiers arrived in armoured trucks before dawn. "
    "Traffic across the border has been halted since then, and hundreds of lorries are waiting on both sides."
)
ARTICLES = [
    {
        "id": "m1",
        "story": "t01",
        "outlet": "Harbor Ledger",
        "published": "2026-05-01T10:00:00Z",
        "title": "Troops seize post",
        "text": "Valdrian troops seized the customs post at Brell overnight, according to two Valdrian army "
        "officials who spoke on condition of anonymity. Nine Lysmari customs officers were detained, one "
        "of the officials said.",
    },
    {
        "id": "m2",
        "story": "t01",
        "outlet": "Meridian News",
        "published": "2026-05-01T12:00:00Z",
        "title": "Lysmar denies",
        "text": "Valdrian troops seized the customs post at Brell, the Harbor Ledger reported on Friday. "
        "Lysmar's interior ministry denied that the customs post had been seized by Valdrian troops.",
    },
    {
        "id": "m3",
        "story": "t01",
        "outlet": "Coastal Wire",
        "published": "2026-05-01T13:00:00Z",
        "title": "Valdria takes post",
        "text": "BRELL, May 1 (Coastal Wire) - " + WIRE,
    },
    {
        "id": "m4",
        "story": "t01",
        "outlet": "Valley Dispatch",
        "published": "2026-05-01T15:00:00Z",
        "title": "Border post taken",
        "text": "Brell border crossing shut. " + WIRE,
    },
]


@pytest.fixture(scope="module")
def records(nlp):
    return [analyze({k: v for k, v in a.items() if k != "story"}, nlp) for a in ARTICLES]


@pytest.fixture(scope="module")
def claims(records):
    return link_claims(records, story_id="t01")


def _claim_with(claims, article_id, words):
    for claim in claims:
        if any(m.article_id == article_id and words in m.text for m in claim.mentions):
            return claim
    raise AssertionError(f"no claim with {words!r} in {article_id}")


def test_seizure_grouped_with_kinds_and_count(claims):
    claim = _claim_with(claims, "m1", "seized the customs post")
    kinds = {(m.article_id, m.kind) for m in claim.mentions}
    assert kinds == {
        ("m1", "original"),
        ("m2", "echo"),
        ("m2", "denial"),
        ("m3", "independent"),
        ("m4", "wire_copy"),
    }
    assert claim.independent_sources == 2
    assert claim.first_reported_by == "m1"
    assert claim.status == "denied"


def test_chain_says_who_re_reported_whom(claims):
    claim = _claim_with(claims, "m1", "seized the customs post")
    chain = {(step["article_id"], step["kind"]): step["echo_of"] for step in claim.chain}
    assert chain[("m2", "echo")] == "m1"
    assert chain[("m4", "wire_copy")] == "m3"
    assert [step["published"] for step in claim.chain] == sorted(step["published"] for step in claim.chain)


def test_figures_make_separate_claims(claims):
    detained = _claim_with(claims, "m1", "Nine Lysmari customs officers")
    seized = _claim_with(claims, "m1", "seized the customs post")
    assert detained is not seized
    assert detained.independent_sources == 1


def test_claims_are_json_serialisable(claims):
    data = json.loads(json.dumps([c.to_dict() for c in claims]))
    assert data[0]["mentions"][0]["article_id"]
    assert {"id", "statement", "status", "independent_sources", "first_reported_by", "chain"} <= set(data[0])


def test_canonical_person_names():
    assert same_person("President Trump", "Donald J. Trump")
    assert same_person("Trump", "Donald Trump")
    assert same_person("Delcy Rodríguez", "Delcy Rodriguez")
    assert not same_person("Donald Trump", "Ivanka Trump")
    mapping = canonical_names(
        ["President Trump", "Donald J. Trump", "Trump", "Delcy Rodríguez", "Delcy Rodriguez"]
    )
    assert mapping["President Trump"] == mapping["Trump"] == "Donald J. Trump"
    assert mapping["Delcy Rodriguez"] == mapping["Delcy Rodríguez"]


def test_source_keys():
    spokesman = source_key(
        type="person", name="Tomas Hale", text="police spokesman Tomas Hale", anonymous=False, unique="a/s1"
    )
    police = source_key(
        type="organization", name=None, text="the city's police", anonymous=False, unique="b/s1"
    )
    assert spokesman.same_as(police)
    first = source_key(type="anonymous", name=None, text="officials", anonymous=True, unique="a/s2")
    second = source_key(type="anonymous", name=None, text="officials", anonymous=True, unique="b/s2")
    assert not first.same_as(second)


def test_anonymous_officials_at_two_outlets_count_twice(nlp):
    texts = [
        (
            "x1",
            "Harbor Ledger",
            "2026-06-01T08:00:00Z",
            "The central bank will raise its main rate by half a point on Thursday, officials said.",
        ),
        (
            "x2",
            "Summit Post",
            "2026-06-01T09:00:00Z",
            "Two people familiar with the decision said the central bank would raise its main rate by half "
            "a point on Thursday.",
        ),
    ]
    records = [
        analyze({"id": i, "outlet": o, "published": p, "text": t + " Markets were calm on the news."}, nlp)
        for i, o, p, t in texts
    ]
    claim = _claim_with(link_claims(records), "x1", "raise its main rate")
    assert claim.independent_sources == 2
    assert sorted(m.kind for m in claim.mentions) == ["independent", "original"]


def _analyze_all(texts: list[tuple[str, str, str, str]], nlp) -> list:
    """The records of (id, outlet, published, text) articles."""
    return [analyze({"id": i, "outlet": o, "published": p, "text": t}, nlp) for i, o, p, t in texts]


def test_named_person_at_two_outlets_counts_once(nlp):
    texts = [
        (
            "y1",
            "Harbor Ledger",
            "2026-06-01T08:00:00Z",
            "President Trump said the tariffs on steel would be lifted next month.",
        ),
        (
            "y2",
            "Summit Post",
            "2026-06-01T09:00:00Z",
            "The tariffs on steel will be lifted next month, Donald J. Trump said on Monday.",
        ),
    ]
    records = _analyze_all(texts, nlp)
    claim = _claim_with(link_claims(records), "y1", "tariffs")
    assert claim.independent_sources == 1
    assert sorted(m.kind for m in claim.mentions) == ["original", "same_source"]


def test_benchmark_timing_on_a_store_it_cannot_open_is_one_line_and_exit_2(tmp_path, capsys):
    bench = load_benchmark("claims")
    assert bench.main(["--timing-store", str(tmp_path / "missing.db")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.db" in err and "Traceback" not in err


# the gold mention of the mini story's original report
ORIGINAL_M1 = {
    "article": "m1",
    "text": "Valdrian troops seized the customs post at Brell overnight",
    "source": "two Valdrian army officials",
    "kind": "original",
    "echo_of": None,
}


def test_benchmark_main_on_tiny_gold(tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    claim = {
        "claim": "t01-c1",
        "story": "t01",
        "statement": "Valdrian troops seized the customs post at Brell",
        "mentions": [
            ORIGINAL_M1,
            {
                "article": "m2",
                "text": "Valdrian troops seized the customs post at Brell",
                "source": "the Harbor Ledger",
                "kind": "echo",
                "echo_of": "m1",
            },
            {
                "article": "m3",
                "text": "Valdrian soldiers took control of the customs post at Brell on Friday",
                "source": "three Lysmari border officials",
                "kind": "independent",
                "echo_of": None,
            },
            {
                "article": "m4",
                "text": "Valdrian soldiers took control of the customs post at Brell on Friday",
                "source": "three Lysmari border officials",
                "kind": "wire_copy",
                "echo_of": "m3",
            },
        ],
        "independent_sources": 2,
        "first_reported_by": "m1",
        "status": "occurred",
    }
    (gold / "claims.jsonl").write_text(json.dumps(claim) + "\n")
    module = load_benchmark("claims")
    assert module.main(["--gold", str(gold), "--show-errors"]) == 0
    out = capsys.readouterr().out
    assert "B3 F1" in out
    test_line = next(line for line in out.splitlines() if line.startswith("test"))
    assert test_line.split()[5] == "1.000"  # B-cubed F1 of the one story (s-less id: test split)


def test_benchmark_lists_errors_of_dev_stories_only(tmp_path, capsys):
    """The held-out stories' errors are never printed: nothing can be tuned on them."""
    claim = {
        "story": "t01",
        "statement": "Valdrian troops seized the customs post at Brell",
        "mentions": [ORIGINAL_M1],
        "independent_sources": 7,  # wrong on purpose: a COUNT error
        "first_reported_by": "m1",
        "status": "occurred",
    }
    module = load_benchmark("claims")
    printed = {}
    for story in ("s01", "s21"):  # a dev story, a held-out one
        gold = tmp_path / story
        gold.mkdir()
        articles = [{**a, "story": story} for a in ARTICLES]
        (gold / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles))
        row = {**claim, "claim": f"{story}-c1", "story": story}
        (gold / "claims.jsonl").write_text(json.dumps(row) + "\n")
        assert module.main(["--gold", str(gold), "--show-errors"]) == 0
        out = capsys.readouterr().out
        printed[story] = [line for line in out.splitlines() if line.startswith("COUNT")]
        # each part of a split is a row of its own
        assert ("dev s01-s20" in out) == (story == "s01") and ("test s21-s40" in out) == (story == "s21")
    assert printed["s01"] and "gold 7" in printed["s01"][0]
    assert printed["s21"] == []


def test_benchmark_settings_override_the_linker_parameters(tmp_path, capsys):
    module = load_benchmark("claims")
    params = module.with_settings(
        module.DEFAULT, ["threshold=0.3", "split_contents=false", "dependent_floor=None", "prefix=5"]
    )
    assert (params.threshold, params.split_contents, params.dependent_floor, params.prefix) == (
        0.3,
        False,
        None,
        5,
    )
    assert params.denial_boost == module.DEFAULT.denial_boost
    for bad in (["nosuch=1"], ["threshold=abc"], ["split_contents=maybe"], ["threshold"]):
        with pytest.raises(ValueError):
            module.with_settings(module.DEFAULT, bad)
    # on the command line: one line and exit code 2, before any article is analysed
    assert module.main(["--gold", str(tmp_path / "missing-is-not-read"), "--set", "nosuch=1"]) == 2
    assert "nosuch" in capsys.readouterr().err


# -- rules added for issue 6 (invented sentences) ------------------------------------------------------


def test_negation_only_in_the_main_clause_makes_a_denial():
    from newstrace.link.claims import negated_claim

    assert negated_claim("no tanker had been seized in the strait")
    assert negated_claim("the navy did not board the ship, a spokesman said")
    # a condition, a contrast or a no-comment is not a denial of the content
    assert not negated_claim("the navy was preparing more boardings if Lysmar did not release the crew")
    assert not negated_claim("the port remained open to talks but would not drop the plan")
    assert not negated_claim("the ministry did not comment on the boarding")
    # nor is a refusal to discuss
    assert not negated_claim("I am not going to discuss hypothetical operations")
    assert not negated_claim("the navy does not discuss future operations")
    assert not negated_claim("we won't speculate about targets")
    assert not negated_claim("We do not telegraph our operations")
    assert not negated_claim("the company did not disclose the price")
    # nor is a feeling: not wanting a strike answers no report
    assert not negated_claim("We did not want this strike")
    assert not negated_claim("Nobody wants a war with our neighbours")
    assert not negated_claim("Nobody should mistake patience for hesitation.")
    assert negated_claim("the ministry did not order the strike")
    # a quantity is not a negation
    assert not negated_claim("We left with nothing but our documents.")
    assert not negated_claim("no fewer than 40 people died in the fire")
    assert negated_claim("nothing was left of the depot")
    # a thing that never did what it should is a failure reported; a party or its own never doing a
    # thing, or a passive, is an answer
    assert not negated_claim("the flood warning siren on the town hall never sounded")
    assert not negated_claim("the ambulance never arrived")
    assert negated_claim("the navy never fired on the boats")
    assert negated_claim("troops never crossed the border")
    assert negated_claim("We never proposed selling the network")
    assert negated_claim("its line never failed")
    assert negated_claim("the supply was never cut")
    # a lack that has lasted is a state reported, not an answer
    assert not negated_claim("The ferry's radar has not worked since March")
    assert not negated_claim("there was no water in the eastern districts for two days")
    # a lack stated as a fact is no denial; having no knowledge, evidence or plans is one
    assert not negated_claim("half the pumps at the depot had no diesel left")
    assert not negated_claim("the ferry had no working radio on board")
    assert negated_claim("We have no evidence that any oil reached the shore")
    assert negated_claim("the ministry had no immediate plans to close the port")
    assert negated_claim("our envoy had no contact of any kind with the rebels")
    # a verdict on what was reported denies it; the same word as an adjective does not
    assert negated_claim("the 25 percent figure was wrong")
    assert negated_claim('talk of a dismissal was "invented"')
    assert not negated_claim("the radio had been switched to the wrong channel")
    assert not negated_claim("there is no doubt that the painting is genuine")
    # a name between commas does not end the main clause; a possibility not ruled out is affirmed
    assert negated_claim("that the attache, Colonel Anton Reiss, had done nothing wrong")
    assert not negated_claim("that the attache, Colonel Anton Reiss, had left")
    assert not negated_claim("a second devaluation could not be ruled out if outflows continue")
    # all is well, said against a report: a denial by reassurance
    assert negated_claim("Our cable is fully operational and carried traffic all night")
    assert negated_claim("the data centre would remain open for the foreseeable future")
    assert negated_claim("all her trips were official")
    assert negated_claim("the pumping station had run normally all week")
    assert negated_claim("the barrier performed exactly as designed")
    assert negated_claim("the director remains in post while the panel does its work")
    assert negated_claim("the four schools will stay open until the holidays begin as planned")
    assert negated_claim("what reached the river was a small fraction of the figure being reported")
    assert not negated_claim("the government remained open to talks on the tariff")
    # ... and so is a statement said of every one of something (it answers a report that some were
    # otherwise); not a count, a time, a plan, a disruption or options kept open
    assert negated_claim('"Every vessel engaged was carrying smuggled diesel.')
    assert negated_claim("Every box was delivered, sealed and counted")
    assert not negated_claim("All flights out of the airport were cancelled on Friday")
    # counted, only with everything in order
    assert negated_claim("All three gates were open from midnight")
    assert not negated_claim("all fourteen miners were brought to the surface alive")
    assert not negated_claim("all the houses on the street were destroyed")
    assert not negated_claim("all options remain on the table")
    assert negated_claim("All emergency exits at the stadium were open and staffed throughout")
    assert negated_claim("Every pump on the estate was working on Saturday night")
    assert negated_claim("every inspection recorded in the log took place")
    assert not negated_claim("All 40 passengers were brought ashore")
    assert not negated_claim("All sixty passengers were brought ashore")  # every spelled-out figure
    assert not negated_claim("all dozen crew members were brought ashore")
    assert not negated_claim("every school in the district would be open by Monday")
    assert not negated_claim("all options remain under review")
    assert not negated_claim("Every few years we hear the same promises")
    assert not negated_claim("two army helicopters were on their way to the valley")
    # ... otherwise kept narrow: a source's account of its own conduct is no answer to a report
    assert not negated_claim('ships patrol "in international waters and in full compliance with the law"')
    assert not negated_claim("My job is to make sure the options are sound.")
    # what ruling out, 'neither ... nor' and a lack of defects deny; a 'no-' compound and a lasting
    # hardship deny nothing
    assert negated_claim("We have ruled out a metabolic cause, including low blood sugar.")
    assert negated_claim('it "categorically rejects" the accusation that it ordered an attack')
    assert not negated_claim("the court rejected the appeal")
    assert negated_claim("Neither the museum nor anyone acting on its behalf has paid a reward")
    assert negated_claim("The aircraft had no open technical issues when it left Sarne")
    assert not negated_claim("Deputies are collecting signatures for a no-confidence motion")
    assert not negated_claim("At least 24 deputies have signed a motion of no confidence in the government")
    assert not negated_claim("We sat in the tunnel for over three hours with no light and no heat")
    # keeping within limits or in line with the rules answers a report
    assert negated_claim('its water use had "always remained within permitted levels"')
    assert negated_claim("the releases were in line with federal guidelines")
    assert not negated_claim("growth was in line with expectations")
    assert negated_claim("Parents were informed within 48 hours, in line with national guidance")
    assert negated_claim("the driver was keeping to the speed limit")
    assert negated_claim('the crane had been "fully certified and safe to operate" on the night')
    assert not negated_claim("the plant would reopen if emissions stayed within permitted levels")
    # 'false' as a verdict denies; as an adjective it does not
    assert negated_claim("That report is false")
    assert negated_claim('The accusation was "an election stunt"')
    assert not negated_claim("the canvas was found in a storage unit rented under a false name")
    # a negation in a second verb phrase does not deny the first
    assert not negated_claim("gas flows have been halted and will not resume for ten days")
    assert negated_claim("gas flows have not been halted and will resume on Monday")


def test_a_refusal_to_discuss_is_not_a_claim():
    from newstrace.link.claims import _NOT_A_CLAIM

    for refusal in (
        "I am not going to discuss hypothetical operations",
        "the Navy does not discuss future operations",
        "We do not telegraph our operations",
        "She declined to say whether anyone had been paid.",
        "Officials would not comment on the report",
        "Defense Secretary Alan Brooks on Tuesday refused to confirm or deny a report",
        # silence and questions claim nothing either
        "Venezuela's Foreign Ministry did not immediately respond to a request for comment.",
        "The company did not return repeated calls.",
        "The mayor could not be reached.",
        "What is the legal basis for bombing a country we are not at war with?",
        '"Why are we still waiting?"',
        # nor do the terms of the sourcing
        "They spoke on condition of anonymity because the talks were confidential.",
        "The officials were not authorised to speak to the media.",
        "The consultant, who works for a firm that advises shipowners, spoke on condition of anonymity.",
        "Both employees asked not to be named because they feared for their jobs.",
        "The person was not authorised to discuss the inspection.",
        # nor an outlet's word on its own checking, or a credit line
        "Coastal Wire Service could not independently verify the report.",
        "Harbor Ledger staff contributed to this report.",
    ):
        assert _NOT_A_CLAIM.match(refusal), refusal
    for claim in (
        "the Navy does not patrol inside the bay",
        "the ministry did not order the evacuation",
        "the union said it would not say yes to the offer",
        "the army did not respond to the shelling",
        "the officials were not authorised to spend the money",
        # a claim told by people the sentence says spoke anonymously
        "The officers, who spoke on condition of anonymity, named the vessel as the Marisol Dawn",
        "The families asked the government to name the dead",
        "vibrations from the quarry had almost certainly contributed to the collapse",
    ):
        assert not _NOT_A_CLAIM.match(claim), claim


def test_contents_split_at_clause_joints_and_datelines_dropped():
    from newstrace.link.claims import DEFAULT, _content_pieces
    from newstrace.record import Span

    text = (
        "BRELL, May 1 (Coastal Wire) - Valdrian troops seized the customs post at Brell, "
        "the first public acknowledgement by the army of any operation across the border river"
    )
    pieces = _content_pieces(text, Span(start=0, end=len(text), text=text), DEFAULT)
    assert pieces[0].text == "Valdrian troops seized the customs post at Brell"
    assert pieces[1].text.startswith("public acknowledgement")  # the joint ", the first" is dropped
    toll = "An earthquake struck Harnow province on Saturday, killing at least 112 people in the old town"
    cut = _content_pieces(toll, Span(start=0, end=len(toll), text=toll), DEFAULT)
    # the toll is a claim of its own: reports carry it apart from the quake ("the quake killed 112")
    assert [p.text for p in cut] == [
        "An earthquake struck Harnow province on Saturday",
        "at least 112 people in the old town",
    ]
    short = "the guards fled, which was expected"
    kept = _content_pieces(short, Span(start=0, end=len(short), text=short), DEFAULT)
    assert [p.text for p in kept] == ["the guards fled"]  # a short trailing clause is left out
    # a dateline with the country or state and no date, or with both, is dropped too
    for dateline in (
        "TESK, Ostrel - ",
        "VESSING, Norvania, July 14 (Coastal Wire) - ",
        "OAKLAND, Calif. (CWS) — ",
    ):
        lede = dateline + "Armed men stopped two lorries carrying measles vaccine"
        pieces = _content_pieces(lede, Span(start=0, end=len(lede), text=lede), DEFAULT)
        assert [p.text for p in pieces] == ["Armed men stopped two lorries carrying measles vaccine"]


def test_decimal_point_is_not_a_sentence_break():
    from newstrace.link.claims import _sentences

    text = "The bank raised its rate to 4.75 percent. Markets rose."
    found = [text[s:e] for s, e in _sentences(text)]
    assert found == ["The bank raised its rate to 4.75 percent.", "Markets rose."]
    text = "CNN correspondent Dr. Sanjay Gupta was asked by the U.S. government. J. Smith said no. Plan B."
    found = [text[s:e] for s, e in _sentences(text)]
    assert found == [
        "CNN correspondent Dr. Sanjay Gupta was asked by the U.S. government.",
        "J. Smith said no.",
        "Plan B.",
    ]
    # nor is a month's abbreviation
    text = "The deal will take effect on Jan. 1 if lawmakers approve it. The strikes took place on Nov. 3."
    found = [text[s:e] for s, e in _sentences(text)]
    assert found == [
        "The deal will take effect on Jan. 1 if lawmakers approve it.",
        "The strikes took place on Nov. 3.",
    ]


def test_short_outlet_name_is_an_echo():
    from newstrace.link.claims import DEFAULT, _cited_outlet_in_sentence

    outlets = ["Tidewater Times", "Harbor Ledger", "Coastal Wire"]
    sentence = "As first reported by the Times, Brell's port will close on Monday."
    assert _cited_outlet_in_sentence(sentence, "Harbor Ledger", outlets, DEFAULT) == "Tidewater Times"
    assert _cited_outlet_in_sentence(sentence, "Tidewater Times", outlets, DEFAULT) is None


def test_an_outlet_of_three_words_or_more_is_named_by_its_initials():
    from newstrace.link.claims import outlet_in

    outlets = ["Granite Broadcast Network", "The New York Times", "Harbor Ledger"]
    assert outlet_in("GBN", outlets) == "Granite Broadcast Network"
    assert outlet_in("a report by NYT", outlets) == "The New York Times"
    # two words are too few to tell initials from any other capitals; lower case is a word
    assert outlet_in("HL", outlets) is None
    assert outlet_in("the gbn", outlets) is None
    assert outlet_in("GBNX officials", outlets) is None


def test_event_terms_tie_different_wordings_of_one_event():
    from newstrace.link.claims import event_terms

    one = analyze({"id": "e1", "text": "Kestland's air force struck a fuel depot near Ekkar on Monday."})
    two = analyze({"id": "e2", "text": "Kestland bombed the depot near Ekkar on Monday."})
    a = event_terms(one, 0, len(one.article.text))
    b = event_terms(two, 0, len(two.article.text))
    shared = set(a) & set(b)
    assert any(t.startswith("@") for t in shared)


def test_bodies_of_two_countries_are_two_sources_and_a_described_body_is_the_named_one():
    def key(text: str, unique: str):
        return source_key(type="organization", name=None, text=text, anonymous=False, unique=unique)

    assert not key("Kestland's foreign ministry", "a").same_as(key("Ostrel's foreign ministry", "b"))
    assert key("Kestland's foreign ministry", "a").same_as(key("the foreign ministry", "b"))
    # within one claim 'the airline' is the body the other article names
    assert key("The airline", "a").same_as(key("Aerovell", "b"))
    assert key("the mine's operator", "a").same_as(key("Redstone Mining", "b"))
    assert key("the club", "a").same_as(key("Harbeck Athletic", "b"))
    assert key("the union", "a").same_as(key("The Almiran Guild of Air Traffic Controllers", "b"))
    # ... but a public body is named with its kind, and kinds given on both sides agree
    assert not key("The navy", "a").same_as(key("Vell Shipping", "b"))
    assert not key("The fire service", "a").same_as(key("Saint Brannoc Hospital", "b"))
    assert not key("the company", "a").same_as(key("the national road safety regulator", "b"))
    assert key("the ministry", "a").same_as(key("Tavoria's justice ministry", "b"))
    # two descriptions match only on their head
    assert not key("the union", "a").same_as(key("the airline", "b"))
    anonymous = source_key(type="anonymous", name=None, text="officials", anonymous=True, unique="c")
    assert not key("the airline", "a").same_as(anonymous)
    # an outlet's reporter is not the body another article describes
    assert not key("the prosecutor's office", "a").same_as(key("A Riverside Gazette reporter", "b"))

    # a body's first word stands for it ('Redstone Mining' ~ 'Redstone'), unless it names a domain
    def named(name: str, text: str, unique: str):
        return source_key(type="government", name=name, text=text, anonymous=False, unique=unique)

    assert not named("Defense Ministry", "Venezuela's Defense Ministry", "a").same_as(
        named("Defense Department", "the Defense Department", "b")
    )
    assert source_key(
        type="organization", name="Redstone Mining", text="Redstone Mining", anonymous=False, unique="a"
    ).same_as(key("Redstone", "b"))
    # a central bank goes by its country's name, and is not another country's
    assert key("The Bank of Almira", "a").same_as(key("Almira's central bank", "b"))
    assert not key("The Bank of Almira", "a").same_as(key("Kestland's central bank", "b"))


def test_a_denial_of_the_reports_joins_the_most_re_reported_claim(nlp):
    texts = [
        (
            "r1",
            "Harbor Ledger",
            "2026-07-01T08:00:00Z",
            "Kestland is preparing air strikes on rebel camps in the Tavor hills, three defence officials "
            "said. The port of Ekkar reopened on Monday after repairs, the harbour authority said.",
        ),
        (
            "r2",
            "Summit Post",
            "2026-07-01T10:00:00Z",
            "Kestland is preparing air strikes on rebel camps in the Tavor hills, the Harbor Ledger "
            "reported. The rebel spokesman Ivo Marr said the reports were false.",
        ),
        (
            "r3",
            "Meridian News",
            "2026-07-01T12:00:00Z",
            "Kestland is preparing strikes on rebel camps in the hills, according to the Harbor Ledger. "
            "The port of Ekkar reopened on Monday, the harbour authority said.",
        ),
    ]
    records = _analyze_all(texts, nlp)
    claims = link_claims(records)
    strikes = _claim_with(claims, "r1", "preparing air strikes")
    denial = next(m for m in strikes.mentions if m.kind == "denial")
    assert denial.article_id == "r2" and "reports were false" in denial.text
    assert strikes.status == "denied"
    assert not any("reports were false" in m.text for c in claims if c is not strikes for m in c.mentions)


def test_sources_relayed_with_an_outlet_are_its_report_not_a_confirmation(nlp):
    texts = [
        (
            "q1",
            "The Meridian Times",
            "2026-08-01T08:00:00Z",
            "The Pentagon is preparing options for strikes on airstrips, four unnamed officials said.",
        ),
        (
            "q2",
            "Coastal Wire",
            "2026-08-01T10:00:00Z",
            "A new Meridian Times report, citing four unnamed sources, says the Pentagon is preparing "
            "options for strikes on airstrips.",
        ),
    ]
    records = _analyze_all(texts, nlp)
    claim = _claim_with(link_claims(records), "q1", "preparing options")
    relayed = [m for m in claim.mentions if m.article_id == "q2"]
    assert relayed and all(m.kind == "echo" and m.echo_of == "q1" for m in relayed)
    assert claim.independent_sources == 1


def test_articles_are_named_by_outlet_site_or_title_never_by_a_hash():
    from newstrace.link.labels import article_label
    from newstrace.record import Article

    def article(**fields):
        return Article(id="sha256:0f3a", text="Text.", **fields)

    assert article_label(article(outlet="Harbor Ledger", url="https://www.example.org/a")) == "Harbor Ledger"
    assert article_label(article(url="https://www.example.org/a/b")) == "example.org"
    long_title = "OPINION: A reckless drift toward war, one boat at a time"
    assert article_label(article(title=long_title)) == '"OPINION: A reckless drift toward war, o…"'
    assert article_label(article(title="Short")) == '"Short"'
    assert article_label(article()) == "sha256:0f3a"


def test_claims_come_most_widely_carried_first(claims):
    carried = [len({m.article_id for m in c.mentions}) for c in claims]
    assert carried == sorted(carried, reverse=True)
    assert [c.id for c in claims] == [f"t01-c{n}" for n in range(1, len(claims) + 1)]
    assert carried[0] > carried[-1]


def test_average_link_merges_while_the_mean_similarity_reaches_the_threshold():
    import numpy as np

    from newstrace.link.claims import average_link

    sims = np.array(
        [
            [1.0, 0.9, 0.1, 0.0, 0.0],
            [0.9, 1.0, 0.3, 0.0, 0.0],
            [0.1, 0.3, 1.0, 0.0, 0.6],
            [0.0, 0.0, 0.0, 1.0, 0.0],
            [0.0, 0.0, 0.6, 0.0, 1.0],
        ]
    )
    assert average_link(sims, 0.5) == [[0, 1], [2, 4], [3]]
    # {0,1} and {2,4}: mean of 0.1, 0.3, 0, 0 = 0.1
    assert average_link(sims, 0.1) == [[0, 1, 2, 4], [3]]
    assert average_link(sims, 0.95) == [[0], [1], [2], [3], [4]]
    assert average_link(np.ones((1, 1)), 0.5) == [[0]]


def test_figures_that_disagree_damp_and_the_matrix_is_symmetric():
    from newstrace.link.claims import similarity_matrix

    def mention(article: str, text: str) -> ClaimMention:
        return ClaimMention(article, None, None, 0, len(text), text, None, None, None, False, None, False)

    same = [
        mention("a", "The quake killed 112 people in Harnow"),
        mention("b", "The quake killed 112 in Harnow"),
    ]
    other = [same[0], mention("b", "The quake killed 140 people in Harnow")]
    agree, disagree = similarity_matrix(same), similarity_matrix(other)
    assert agree[0, 1] > 0.5 > disagree[0, 1] > 0
    assert (agree == agree.T).all() and agree[0, 0] == agree[1, 1] == 1.0


def test_a_named_confirmation_is_independent_though_its_sentence_credits_the_first_report(nlp):
    texts = [
        (
            "v1",
            "The Meridian Times",
            "2026-09-01T08:00:00Z",
            "The Pentagon has prepared options for strikes on airstrips in Ostrel, four officials said.",
        ),
        (
            "v2",
            "Coastal Wire",
            "2026-09-01T10:00:00Z",
            "The Pentagon has prepared options for strikes on airstrips in Ostrel, according to a "
            "newspaper report published on Monday. The Meridian Times cited four officials.",
        ),
        (
            "v3",
            "Channel 9 News",
            "2026-09-02T08:00:00Z",
            "The head of Southern Command said the Pentagon has prepared options for strikes on airstrips "
            "in Ostrel, plans first reported by the Meridian Times.",
        ),
    ]
    records = _analyze_all(texts, nlp)
    claim = _claim_with(link_claims(records), "v1", "prepared options")
    kinds = {m.article_id: m.kind for m in claim.mentions if m.kind != "same_source"}
    # 'a newspaper report' in the lead is the outlet the article names later
    assert kinds["v2"] == "echo" and next(m for m in claim.mentions if m.article_id == "v2").echo_of == "v1"
    assert kinds["v3"] == "independent" and claim.independent_sources == 2


def test_an_unnamed_source_confirming_to_the_outlet_is_independent_though_it_credits_the_first_report(nlp):
    texts = [
        (
            "d1",
            "Eastline Report",
            "2026-02-22T20:00:00Z",
            "Tomas Reyer has tested positive for the blood booster EPO, according to three people with "
            "knowledge of the case.",
        ),
        (
            "d2",
            "Granite Broadcast Network",
            "2026-02-23T09:00:00Z",
            "A person at the national anti-doping agency has confirmed to Granite Broadcast Network that "
            "Tomas Reyer tested positive for EPO, a finding first reported by the Eastline Report.",
        ),
        (
            "d3",
            "Coastal Wire",
            "2026-02-23T11:00:00Z",
            "Tomas Reyer has tested positive for EPO, three people with knowledge of the case told the "
            "Eastline Report.",
        ),
    ]
    records = _analyze_all(texts, nlp)
    claim = _claim_with(link_claims(records), "d1", "tested positive")
    kinds = {m.article_id: m.kind for m in claim.mentions}
    assert kinds == {"d1": "original", "d2": "independent", "d3": "echo"}
    assert claim.independent_sources == 2


def test_unnamed_sources_confirming_a_report_are_independent(nlp):
    texts = [
        (
            "e1",
            "Tidewater Times",
            "2026-03-02T08:00:00Z",
            "Verdania's competition authority is preparing to block the merger of Telvo and Orbiline, "
            "according to three people familiar with the case.",
        ),
        (
            "e2",
            "Meridian News",
            "2026-03-02T12:00:00Z",
            "Two officials at Verdania's competition authority said on Monday that the regulator was "
            "preparing to block the merger of Telvo and Orbiline, confirming a report in the "
            "Tidewater Times.",
        ),
    ]
    records = _analyze_all(texts, nlp)
    claim = _claim_with(link_claims(records), "e1", "preparing to block")
    kinds = {m.article_id: m.kind for m in claim.mentions}
    assert kinds == {"e1": "original", "e2": "independent"}
    assert claim.independent_sources == 2


def test_the_sourcing_badge_names_the_first_source_its_outlet_and_the_denier(claims, records):
    from newstrace.link.sourcing import claim_badge

    seizure = _claim_with(claims, "m1", "seized the customs post")
    badge, level = claim_badge(seizure, {r.article.id: r for r in records})
    assert badge.startswith("2 anonymous") and "via Harbor Ledger" in badge
    assert "1 independent confirmation" in badge and "echo" in badge
    assert "denied by" in badge and "interior ministry" in badge.lower()
    assert level == "disputed"


def test_sentences_of_an_opinion_paragraph_are_not_claims_but_its_attributions_are(nlp):
    text = (
        "The navy struck a fuel depot near Ekkar on Monday, two defence officials said.\n\n"
        "I have rarely seen a government stumble toward war with so little shame. What happens when "
        "the next bomb lands on a school? We must demand answers before it is too late."
    )
    record = analyze(
        {"id": "o1", "outlet": "Summit Post", "published": "2026-10-01T08:00:00Z", "text": text}, nlp
    )
    assert record.framing is not None and any(p.label == "opinion" for p in record.framing.passages)
    texts = [m.text for c in link_claims([record]) for m in c.mentions]
    assert any("fuel depot" in t for t in texts)
    assert not any("stumble toward war" in t or "next bomb" in t for t in texts)


def test_claims_read_back_from_their_dicts(claims):
    from newstrace.link.claims import Claim

    assert [Claim.from_dict(c.to_dict()).to_dict() for c in claims] == [c.to_dict() for c in claims]
    # a claim stored before claims kept what their supporters assert: its status, unless denied
    for status, asserted in (("planned", "planned"), ("denied", "unknown")):
        old = {k: v for k, v in claims[0].to_dict().items() if k != "asserted_status"} | {"status": status}
        assert Claim.from_dict(old).asserted_status == asserted


def test_the_example_story_lead_claim_shows_report_echoes_confirmation_and_denial(tmp_path):
    """Issue 6's done-when: the bundled story as a reader sees it (`newstrace claims`): one original
    report, its echoes and wire copy, the admiral's on-the-record confirmation and the denials, all in
    the one claim that leads the story."""
    from click.testing import CliRunner

    from newstrace.cli import main

    db = tmp_path / "ex.db"
    assert CliRunner().invoke(main, ["ingest", str(ROOT / "examples"), "--db", str(db)]).exit_code == 0
    stories = json.loads(CliRunner().invoke(main, ["stories", "--db", str(db), "--format", "json"]).output)
    story = max(stories, key=lambda s: s["n_articles"])  # the strikes story: 7 articles
    assert "Channel 9 News" in story["outlets"]
    result = CliRunner().invoke(main, ["claims", "--story", story["id"], "--db", str(db), "--format", "json"])
    lead = json.loads(result.output)[0]
    by_kind: dict[str, set[str]] = {}
    for mention in lead["mentions"]:
        by_kind.setdefault(mention["kind"], set()).add(mention["outlet"])
    assert by_kind["original"] == {"The Meridian Times"}
    assert {"Coastal Wire Service", "Northstar Daily"} <= by_kind["echo"]
    assert by_kind["wire_copy"] == {"Harbor Ledger"}
    assert "Channel 9 News" in by_kind["independent"]
    assert "Pacific Dispatch" in by_kind["denial"]
    assert lead["independent_sources"] == 2 and lead["status"] == "denied"
    # ... and what its reporters said: strikes being prepared, as the terminal table shows it
    assert lead["asserted_status"] == "planned"
    args = ["claims", "--story", story["id"], "--db", str(db)]
    table = CliRunner().invoke(main, args, env={"COLUMNS": "200"})
    assert "denied, reported as planned" in table.output
    assert lead["first_reported_by"] == next(
        m["article_id"] for m in lead["mentions"] if m["kind"] == "original"
    )
    # the badge a reader sees: the confirmer named (the story's opinion piece names the commander
    # of U.S. Southern Command), echoes counted by article, the deniers
    from newstrace.link.claims import Claim
    from newstrace.link.sourcing import claim_badge
    from newstrace.store import Store

    with Store(db, readonly=True) as store:
        records = {r.article.id: r for r in store.story_records(story["id"])}
    badge, level = claim_badge(Claim.from_dict(lead), records)
    assert badge.startswith("4 anonymous, incl. 2 U.S. officials, via The Meridian Times")
    assert "1 independent confirmation, by Teresa Vance" in badge and "in Channel 9 News" in badge
    # Venezuela's "the United States is preparing to strike targets on its territory" denies it too
    assert "4 echoes (1 wire copy)" in badge
    # ... and two U.S. officials' "no targets had been chosen" (Northstar Daily), which belies the airstrips
    # and fuel depots the report names, is one of the others
    assert "denied by Venezuela (government), Marisol Ortega (person, Vice President) and 2 others" in badge
    assert level == "disputed"
    deniers = {m["source"] for m in lead["mentions"] if m["kind"] == "denial"}
    assert {"Venezuela", "Vice President Marisol Ortega"} <= deniers
    # what Venezuelan officials 'have previously denied' answers an older accusation, not this report; so
    # does the Defense Ministry's denial of 'any involvement in drug trafficking': they deny together, in a
    # claim of their own, and not the defence minister's word that the armed forces were placed on alert
    assert "Venezuelan officials" not in deniers
    claims = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).output)
    trafficking = next(
        c for c in claims if any("protect smuggling routes" in m["text"] for m in c["mentions"])
    )
    assert {m["kind"] for m in trafficking["mentions"]} == {"denial"}
    assert any("any involvement" in m["text"] for m in trafficking["mentions"])
    alert = next(c for c in claims if any("placed on alert" in m["text"] for m in c["mentions"]))
    assert alert["status"] != "denied"


def _mention(article: str, text: str, outlet: str | None = None, **kw):
    from newstrace.link.claims import ClaimMention

    fields = dict(source=None, source_type=None, source_name=None, anonymous=False, cited_outlet=None)
    fields.update(kw)
    return ClaimMention(
        article, outlet, None, 0, len(text), text, denial=fields.pop("denial", False), **fields
    )


def test_an_echo_joins_the_claim_of_the_report_it_relays():
    import numpy as np

    from newstrace.link.claims import anchor_echoes

    mentions = [
        _mention("a", "The navy is preparing strikes on airstrips", "Times"),
        _mention("a", "The navy struck a boat", "Times"),
        _mention("b", "Washington weighs land strikes", "Wire", cited_outlet="Times"),
        _mention("c", "Washington weighs land strikes, officials say", "Post"),
    ]
    sims = np.array(
        [
            [1.0, 0.1, 0.2, 0.15],
            [0.1, 1.0, 0.05, 0.0],
            [0.2, 0.05, 1.0, 0.8],
            [0.15, 0.0, 0.8, 1.0],
        ]
    )
    groups = [[0], [1], [2, 3]]
    # the echo's closest mention of the Times is the strikes report; their claims' mean similarity
    # (0.2, 0.15) clears the linked threshold
    assert anchor_echoes(groups, mentions, sims, 0.1) == [[0, 2, 3], [1]]
    # a weak best match (below the floor) links nothing
    assert anchor_echoes(groups, mentions, sims, 0.5) == groups
    # an echo of an outlet not in the story stays where it is
    mentions[2].cited_outlet = "Gazette"
    assert anchor_echoes(groups, mentions, sims, 0.1) == groups


def test_a_claim_of_denials_and_echoes_only_joins_the_own_report_it_resembles_most():
    import numpy as np

    from newstrace.link.claims import attach_dependents

    mentions = [
        _mention("a", "Inspectors warned the mine about loose rock"),
        _mention("b", "The mine flooded on Monday"),
        _mention("c", "it received no such warning", denial=True),
        _mention("d", "the inspectors had raised the alarm, the Gazette reported", cited_outlet="Gazette"),
    ]
    sims = np.array(
        [[1.0, 0.0, 0.08, 0.09], [0.0, 1.0, 0.01, 0.0], [0.08, 0.01, 1.0, 0.04], [0.09, 0.0, 0.04, 1.0]]
    )
    # the denial and the echo each join the own report they resemble most
    assert attach_dependents([[0], [1], [2], [3]], mentions, sims, 0.05) == [[0, 2, 3], [1]]
    # a claim of a denial and an echo together joins as one (mean similarity (0.08 + 0.09) / 2)
    assert attach_dependents([[0], [1], [2, 3]], mentions, sims, 0.05) == [[0, 2, 3], [1]]
    # below the floor nothing moves; a claim with an own report never moves
    assert attach_dependents([[0], [1], [2], [3]], mentions, sims, 0.1) == [[0], [1], [2], [3]]
    assert attach_dependents([[0, 1], [2], [3]], mentions, sims, 0.5) == [[0, 1], [2], [3]]


def test_a_source_repeating_its_figure_in_another_article_is_raised():
    from dataclasses import replace

    from newstrace.link.claims import DEFAULT, similarity_matrix

    def chief(unique: str):
        return source_key(type="person", name="Ola Bergen", text="Ola Bergen", anonymous=False, unique=unique)

    mentions = [
        _mention("a", "about 6,000 people had been evacuated from Sarnby", key=chief("a")),
        _mention("b", "some 6,000 residents left their homes overnight", key=chief("b")),
        _mention("c", "some 6,000 residents left their homes overnight", key=chief("c")),
    ]
    mentions[2].article_id = "a"  # the same article as the first: not a repeat
    plain = similarity_matrix(mentions, replace(DEFAULT, repeat_boost=1.0))
    raised = similarity_matrix(mentions, DEFAULT)
    assert plain[0, 1] > 0 and raised[0, 1] == pytest.approx(plain[0, 1] * DEFAULT.repeat_boost)
    assert raised[0, 2] == pytest.approx(plain[0, 2])
    # another source with the same figure is not raised
    mentions[1].key = source_key(type="person", name="Ida Lind", text="Ida Lind", anonymous=False, unique="b")
    assert similarity_matrix(mentions, DEFAULT)[0, 1] == pytest.approx(plain[0, 1])


def test_questions_trailing_sources_and_ledes(nlp):
    text = (
        "Kestland expelled four Ostreli diplomats on Tuesday. The foreign ministry said in a statement that "
        "the four had spied for Ostrel. Fourteen miners were trapped underground on Monday after a tunnel "
        "collapsed at the Redstone mine, the mine's operator said. Asked whether more expulsions would "
        "follow, the minister said the matter was closed. A Summit Post reporter saw soldiers load "
        "crates of ammunition onto trucks at the border. Fishing boats were still blocking the harbour "
        "at Brask on Friday morning, a Summit Post reporter saw. The Post's correspondent at the port on "
        "Sunday saw two cranes lying across the quay."
    )
    record = analyze(
        {"id": "q1", "outlet": "Summit Post", "published": "2026-10-01T08:00:00Z", "text": text}, nlp
    )
    mentions = {m.text: m for c in link_claims([record]) for m in c.mentions}
    assert not any(t.lower().startswith("asked") for t in mentions)
    lede = next(m for t, m in mentions.items() if t.startswith("Kestland expelled"))
    assert lede.source and "foreign ministry" in lede.source.lower()
    trapped = next(m for t, m in mentions.items() if t.startswith("Fourteen miners"))
    assert trapped.source == "the mine's operator"
    # the outlet's own eyewitness is a source of its own
    seen = next(m for t, m in mentions.items() if "crates of ammunition" in t)
    assert seen.source == "A Summit Post reporter" and seen.key is not None
    # ... also after what was seen, and with where and when the reporter was
    boats = next(m for t, m in mentions.items() if "blocking the harbour" in t)
    assert boats.source == "a Summit Post reporter" and boats.key is not None
    cranes = next(m for t, m in mentions.items() if "cranes" in t)
    assert cranes.source == "The Post's correspondent at the port on Sunday"
    walked = analyze(
        {
            "id": "q2",
            "outlet": "Summit Post",
            "published": "2026-10-02T08:00:00Z",
            "text": "A Summit Post reporter who walked the site on Wednesday saw fresh concrete footings.",
        },
        nlp,
    )
    footings = next(m for c in link_claims([walked]) for m in c.mentions if "footings" in m.text)
    assert footings.source == "A Summit Post reporter who walked the site on Wednesday" and footings.key


def test_a_person_speaks_for_the_body_of_their_role():
    def person(name: str, role: str):
        return source_key(type="person", name=name, text=name, anonymous=False, unique="p", role=role)

    def body(text: str):
        return source_key(type="organization", name=None, text=text, anonymous=False, unique="b")

    judge = person("Ines Morrow", "Chief Justice")
    assert judge.same_as(body("Almira's Supreme Court")) and body("the court").same_as(judge)
    assert person("Mona Strand", "detective superintendent").same_as(body("the regional police"))
    assert person("Nils Ekberg", "Union chairman").same_as(body("the union"))
    assert person("Johanna Pell", "rector").same_as(body("the university"))
    assert not person("Johanna Pell", "rector").same_as(body("the ministry"))
    # an unnamed leader of a body is its named leader ('The director of the gallery' = 'Gallery director
    # Paulo Serk'), but one who merely works there is not ('A guard at Kelm prison')
    director = "The director of Lysmar's National Gallery"
    unnamed = source_key(type="person", name=None, text=director, anonymous=False, unique="d")
    assert person("Paulo Serk", "Gallery director").same_as(unnamed)
    guard = source_key(type="person", name=None, text="A guard at Kelm prison", anonymous=False, unique="g")
    assert not person("Rolf Anker", "Prison governor").same_as(guard)
    # the head of the role decides: a justice minister does not speak for the court
    assert not person("Pavel Drost", "Justice Minister").same_as(body("the court"))
    # nor is a role's holder another person holding it
    assert not judge.same_as(person("Karl Dahl", "Chief Justice"))


def test_the_benchmark_grouping_ceiling_groups_the_found_mentions_by_their_gold_claims():
    from newstrace.link.claims import DEFAULT

    module = load_benchmark("claims")
    articles = [
        {"id": "a1", "text": "Troops seized the post. The army said nothing."},
        {"id": "a2", "text": "Soldiers took control of the border post, officials said."},
    ]
    gold = [
        {
            "claim": "c1",
            "mentions": [
                {"article": "a1", "text": "Troops seized the post"},
                {"article": "a2", "text": "Soldiers took control of the border post"},
            ],
        }
    ]
    mentions = [
        _mention("a1", "Troops seized the post."),  # spans 0..23, over the gold mention
        _mention("a2", "Soldiers took control"),  # 0..21, part of the gold mention: still c1
    ]
    mentions.append(_mention("a1", "x"))
    mentions[2].start, mentions[2].end = 24, 46  # "The army said nothing.": no gold claim
    grouping = module.gold_grouping(articles, gold)
    assert grouping(mentions, DEFAULT) == [[0, 1], [2]]


def test_a_role_leading_a_body_speaks_for_it_and_an_unnamed_spokesperson_is_their_body():
    def person(name: str, role: str, text: str | None = None, affiliation: str | None = None):
        return source_key(
            type="person",
            name=name,
            text=text or name,
            anonymous=False,
            unique="p",
            role=role,
            affiliation=affiliation,
        )

    def body(text: str, unique: str = "b"):
        return source_key(type="organization", name=None, text=text, anonymous=False, unique=unique)

    def unnamed(text: str, role: str, affiliation: str, unique: str):
        return source_key(
            type="anonymous",
            name=None,
            text=text,
            anonymous=True,
            unique=unique,
            role=role,
            affiliation=affiliation,
        )

    commander = person("Ilka Ranft", "Fire commander")
    assert commander.same_as(body("the fire service")) and body("the fire service").same_as(commander)
    assert not commander.same_as(body("the police"))
    minister = person("Karel Dorn", "Justice Minister")
    assert minister.same_as(body("Tavoria's justice ministry"))
    assert not minister.same_as(body("Tavoria's interior ministry"))
    # a country's minister is not another country's ministry
    assert not person("Karel Dorn", "Justice Minister", "Tavoria's justice minister, Karel Dorn").same_as(
        body("Ostrel's justice ministry")
    )
    assert person("Teodor Vash", "Mayor").same_as(body("Drassen city hall"))
    assert person("Mara Dusek", "leader", affiliation="Syndicate").same_as(
        body("the Port Workers' Syndicate")
    )
    # where a body sits is not what it is: a guard at the prison is not the prison officers' union
    union_man = person("Rolf Anker", "secretary", affiliation="the prison officers' union")
    assert not union_man.same_as(body("A guard at Kelm prison"))
    # an unnamed spokesperson speaks for the body; other unnamed officials are sources of their own
    spokesman = unnamed(
        "a spokesman for the regional health board", "spokesman", "regional health board", "u1"
    )
    assert spokesman.same_as(body("the Harnow Health Board"))
    # ... also when the body is only a word before the title, and a described body by its head word
    board_man = source_key(
        type="anonymous", name=None, text="a board spokesman", anonymous=True, unique="u2", role="spokesman"
    )
    assert board_man.same_as(body("The maritime safety board"))
    assert not board_man.same_as(body("the port authority"))
    # ... and a body named before the title by its proper name
    railnet_man = unnamed("a Railnet spokesman", "spokesman", "Railnet", "u7")
    assert railnet_man.same_as(
        source_key(type="organization", name="Railnet", text="Railnet", anonymous=False, unique="r")
    )
    assert not railnet_man.same_as(body("the Harnow Health Board"))
    # prosecutors or firefighters named as a body of people are their service speaking; counted or
    # described as unnamed people they stay sources of their own
    prosecutors = unnamed("prosecutors", "prosecutor", "", "u4")
    assert prosecutors.same_as(body("Norvania's anti-corruption prosecutor's office"))
    assert unnamed("Firefighters", "firefighter", "", "u5").same_as(commander)
    assert unnamed("two prosecutors who asked not to be named", "prosecutor", "", "u6").unique
    # a regional force is a police force, an air force is not
    chief = person("Anton Brell", "Police chief")
    assert chief.same_as(unnamed("a spokesman for the regional force", "spokesman", "regional force", "u3"))
    assert not chief.same_as(body("the air force"))
    official = unnamed("an official at the health board", "official", "the health board", "u2")
    assert not official.same_as(body("the Harnow Health Board")) and not official.same_as(spokesman)
    # two trades of one described company, within one claim, are the story's company; not a union
    assert body("the carmaker").same_as(body("the company"))
    assert not body("the carmaker").same_as(body("the union"))
    # a name given alone and read as a surname may be the body of that first name
    subsea = source_key(
        type="organization", name="Corvane Subsea", text="Corvane Subsea", anonymous=False, unique="c"
    )
    alone = person("Corvane", "")
    assert alone.same_as(subsea) and subsea.same_as(alone)
    assert not person("Lena Corvane", "").same_as(subsea)  # a person's full name is a person
    # a person named after a title in a phrase typed as no person
    governor = source_key(
        type="unknown", name=None, text="Governor Selma Ruhn of Vantes province", anonymous=False, unique="g"
    )
    assert governor.same_as(person("Selma Ruhn", "Provincial governor"))
    # an article is no title: 'The Lowland Guard' is a body, not Mr Guard
    guard = source_key(type="unknown", name=None, text="The Lowland Guard", anonymous=False, unique="l")
    assert not guard.persons and not guard.same_as(person("Idris Guard", "commander"))


def test_a_narrative_restatement_of_a_sourced_claim_is_no_source_of_its_own():
    from newstrace.link.claims import Claim
    from newstrace.link.corroboration import corroborate

    ministry = source_key(
        type="organization", name=None, text="the rail ministry", anonymous=False, unique="m"
    )
    mentions = [
        _mention("a", "The line between Vessing and Lindavik was closed"),
        _mention(
            "b",
            "services between Vessing and Lindavik were suspended",
            source="the rail ministry",
            key=ministry,
        ),
    ]
    mentions[0].published, mentions[1].published = "2026-05-01T08:00:00Z", "2026-05-01T10:00:00Z"
    claim = corroborate(Claim(id="c", statement="", status="unknown", mentions=mentions), copies={})
    assert claim.independent_sources == 1
    assert [m.kind for m in claim.mentions] == ["unsourced", "original"]
    assert claim.first_reported_by == "b" and claim.mentions[0].same_source_as == "b"
    # with no source anywhere, the narrative is the article's own reporting and counts
    alone = corroborate(Claim(id="d", statement="", status="unknown", mentions=mentions[:1]), copies={})
    assert alone.independent_sources == 1 and alone.mentions[0].kind == "original"


def test_a_lede_borrowing_an_outlet_attribution_echoes_it_and_a_refusal_to_say_is_no_claim(nlp):
    text = (
        "The overnight explosion at a fuel depot near Ekkar has become the latest flashpoint between the two "
        "countries. Meridian News reported on Monday that Kestland had bombed the depot. The ministry "
        "confirmed the blast. She declined to say whether anyone had been hurt in the fire."
    )
    record = analyze(
        {"id": "l1", "outlet": "Summit Post", "published": "2026-10-01T08:00:00Z", "text": text}, nlp
    )
    other = analyze(
        {
            "id": "l0",
            "outlet": "Meridian News",
            "published": "2026-09-30T08:00:00Z",
            "text": "A depot burned.",
        },
        nlp,
    )
    mentions = {m.text: m for c in link_claims([other, record]) for m in c.mentions}
    lede = next(m for t, m in mentions.items() if t.startswith("The overnight explosion"))
    assert lede.cited_outlet == "Meridian News" and lede.kind == "echo"
    assert not any("declined" in t or "anyone had been hurt" in t for t in mentions)


def test_a_reporter_who_saw_it_is_no_described_body_and_a_news_report_is_relayed(nlp):
    """The outlet's eyewitness is a source of its own, never 'the prosecutor's office' of another
    article; 'a news report said' relays an outlet the article does not name: an echo."""
    searched = (
        "Anti-corruption prosecutors searched the office of the deputy mayor, Karl Osten, on Tuesday, "
        "the prosecutor's office said."
    )
    seen = (
        "A Riverside Gazette reporter saw investigators carry boxes of files out of the deputy mayor's"
        " office."
    )
    relayed = "Earlier on Monday, a news report said Osten had been questioned about the contracts."
    records = [
        analyze({"id": f"w{n}", "outlet": outlet, "published": f"2026-10-0{n}T08:00:00Z", "text": text}, nlp)
        for n, (outlet, text) in enumerate(
            [("Harbor Ledger", searched), ("Riverside Gazette", seen), ("Summit Post", relayed)], start=1
        )
    ]
    mentions = [m for c in link_claims(records) for m in c.mentions]
    witness = next(m for m in mentions if m.article_id == "w2")
    office = next(m for m in mentions if m.article_id == "w1" and "searched" in m.text)
    assert witness.key is not None and office.key is not None
    assert not witness.key.same_as(office.key) and not office.key.same_as(witness.key)
    news = next(m for m in mentions if m.article_id == "w3" and "questioned" in m.text)
    assert news.cited_outlet == "a news report" and news.kind == "echo"


def test_a_lone_statement_of_a_source_quoted_once_joins_its_closest_statement_elsewhere():
    import numpy as np

    from newstrace.link.claims import attach_lone_repeats

    def person(name: str, unique: str):
        return source_key(type="person", name=name, text=name, anonymous=False, unique=unique)

    mentions = [
        _mention("a", "The trawler crossed the frigate's bow without lights", key=person("Ivo Restan", "a")),
        _mention("a", "The frigate sounded its horn twice", key=person("Ivo Restan", "a2")),
        _mention("b", "the boat was sailing dark", key=person("Ivo Restan", "b")),
        _mention("c", "the trawler had no lights on", key=person("Ada Kell", "c")),
    ]
    sims = np.array(
        [
            [1.0, 0.2, 0.12, 0.3],
            [0.2, 1.0, 0.06, 0.0],
            [0.12, 0.06, 1.0, 0.25],
            [0.3, 0.0, 0.25, 1.0],
        ]
    )
    # the commander's lone statement in b joins his closest statement in a, not the closer statement
    # of another source in c; the lone statement in c has no other statement of its source
    assert attach_lone_repeats([[0], [1], [2], [3]], mentions, sims, 0.05) == [[0, 2], [1], [3]]
    # below the floor it stays alone
    assert attach_lone_repeats([[0], [1], [2], [3]], mentions, sims, 0.15) == [[0], [1], [2], [3]]
    # a source quoted twice in its article says several things: neither of its statements in a moves
    assert attach_lone_repeats([[0], [1], [2, 3]], mentions, sims, 0.05) == [[0], [1], [2, 3]]
    # a denial, an echo or an anonymous source is not a repeat
    for change in ({"denial": True}, {"cited_outlet": "Times"}):
        other = _mention("b", "the boat was sailing dark", key=person("Ivo Restan", "b"), **change)
        assert attach_lone_repeats([[0], [1], [2], [3]], [*mentions[:2], other, mentions[3]], sims, 0.05) == [
            [0],
            [1],
            [2],
            [3],
        ]
    anonymous = source_key(type="anonymous", name=None, text="an officer", anonymous=True, unique="b")
    other = _mention("b", "the boat was sailing dark", key=anonymous)
    assert attach_lone_repeats([[0], [1], [2], [3]], [*mentions[:2], other, mentions[3]], sims, 0.05) == [
        [0],
        [1],
        [2],
        [3],
    ]


def test_what_an_outlets_reporter_saw_joins_the_claim_it_resembles_most():
    import numpy as np

    from newstrace.link.claims import attach_dependents
    from newstrace.link.entities import SourceKey

    reporter = SourceKey(bodies={"body:riverside gazette reporter"})
    mentions = [
        _mention("a", "Police fired tear gas at the dockworkers' march"),
        _mention("b", "The strike will reach the grain terminal on Monday"),
        _mention("c", "A Gazette reporter saw officers fire a dozen canisters at the marchers", key=reporter),
    ]
    sims = np.array([[1.0, 0.0, 0.12], [0.0, 1.0, 0.02], [0.12, 0.02, 1.0]])
    assert attach_dependents([[0], [1], [2]], mentions, sims, 0.05) == [[0, 2], [1]]
    # a named person's account is a report of its own and stays where the clustering put it
    mentions[2].key = source_key(type="person", name="Ida Lind", text="Ida Lind", anonymous=False, unique="c")
    assert attach_dependents([[0], [1], [2]], mentions, sims, 0.05) == [[0], [1], [2]]


def test_whom_a_source_told_is_no_claim(nlp):
    from newstrace.link.claims import candidates

    records = _analyze_all(
        [
            (
                "t1",
                "Meridian News",
                "2026-06-01T08:00:00Z",
                '"The pass is closed until spring," the mayor of Vantes told Coastal Wire by satellite phone '
                "from the town hall. Fire chief Ana Holt told reporters at the depot gates on Monday that "
                "the blaze had started in a hall used to store solvents.",
            )
        ],
        nlp,
    )
    texts = [m.text for m in candidates(records)]
    # the addressee and the circumstances of 'told' are the attribution's frame ...
    assert not any("satellite phone" in t or "depot gates" in t for t in texts), texts
    # ... but what the source told them is a claim
    assert any(t.startswith("the blaze had started") for t in texts), texts


def test_an_outlet_cited_by_its_initials_for_an_interview_is_relayed(nlp):
    from newstrace.link.claims import candidates

    records = _analyze_all(
        [
            (
                "g1",
                "Granite Broadcast Network",
                "2026-06-01T08:00:00Z",
                "A former engineer at the plant said the cooling pumps had failed twice in March.",
            ),
            (
                "g2",
                "Summit Post",
                "2026-06-01T12:00:00Z",
                "GBN also broadcast an interview with a former engineer who said the cooling pumps had "
                "failed twice in March.",
            ),
        ],
        nlp,
    )
    relayed = [m for m in candidates(records) if m.article_id == "g2" and "pumps" in m.text]
    assert relayed and all(m.cited_outlet == "Granite Broadcast Network" for m in relayed)


def test_what_a_source_told_an_unnamed_outlet_is_relayed(nlp):
    from newstrace.link.claims import candidates

    records = _analyze_all(
        [
            (
                "n1",
                "Summit Post",
                "2026-06-01T12:00:00Z",
                "The fisheries minister told a television interviewer on Tuesday that her country would "
                "leave the treaty. The fisheries minister told reporters on Tuesday that her country would "
                "leave the treaty.",
            ),
        ],
        nlp,
    )
    told = [m for m in candidates(records) if "leave the treaty" in m.text]
    assert [bool(m.cited_outlet) for m in sorted(told, key=lambda m: m.start)] == [True, False]


def test_what_the_outlet_itself_obtained_or_checked_is_its_own_source(nlp):
    from newstrace.link.claims import candidates

    records = _analyze_all(
        [
            (
                "o1",
                "Riverside Gazette",
                "2026-06-01T12:00:00Z",
                "Security camera footage from the stadium, obtained and reviewed by the Riverside Gazette, "
                "shows a chain and padlock on the exit gate at 2:47 p.m. The Gazette checked the club's "
                "safety certificate, which expired in March. The gate was painted green last year.",
            ),
        ],
        nlp,
    )
    by_text = {m.text[:20]: m for m in candidates(records)}
    owned = [m for m in by_text.values() if "padlock" in m.text or "certificate" in m.text]
    assert owned and all(m.key is not None and m.source for m in owned), owned
    assert all(m.key is None for m in by_text.values() if "painted" in m.text)


def test_what_an_outlet_crew_watched_is_the_outlet_own_eyewitness(nlp):
    from newstrace.link.claims import candidates

    records = _analyze_all(
        [
            (
                "w1",
                "Granite Broadcast Network",
                "2026-06-01T12:00:00Z",
                "From the ferry pier, a GBN crew watched fountains of orange rock burst from the crater.",
            ),
        ],
        nlp,
    )
    seen = [m for m in candidates(records) if "fountains" in m.text]
    assert seen and all(m.key is not None and m.key.witness() for m in seen)


def test_a_source_already_carried_by_a_counted_article_is_no_new_confirmation():
    from newstrace.link.claims import Claim
    from newstrace.link.corroboration import corroborate

    def key(text: str, unique: str):
        return source_key(type="organization", name=text, text=text, anonymous=False, unique=unique)

    mentions = [
        # article a counts once, on its first source; the navy's word is in it too
        _mention("a", "the trawler had no lights", source="a deckhand", key=key("Ruben Hask", "h")),
        _mention("a", "the trawler sailed without lights", source="the navy", key=key("Valdria's navy", "n")),
        _mention(
            "b", "the trawler was sailing without lights", source="the navy", key=key("Valdria's navy", "n2")
        ),
        _mention(
            "c", "the trawler showed no lights", source="a harbour pilot", key=key("Port Selin pilots", "p")
        ),
    ]
    for n, m in enumerate(mentions):
        m.published, m.start = f"2026-05-01T0{n // 2 + 8}:00:00Z", n
    mentions[3].published = "2026-05-01T11:00:00Z"
    claim = corroborate(Claim(id="c", statement="", status="unknown", mentions=mentions), copies={})
    assert [m.kind for m in claim.mentions] == ["original", "same_source", "same_source", "independent"]
    assert claim.mentions[2].same_source_as == "a" and claim.independent_sources == 2


def test_a_lede_borrowing_an_unnamed_newspaper_relays_it(nlp):
    from newstrace.link.claims import candidates

    records = _analyze_all(
        [
            (
                "l1",
                "Pinecrest Herald",
                "2026-06-01T12:00:00Z",
                "Valdria's main opposition party threatened on Monday night to boycott the presidential "
                "election if it is postponed. A newspaper reported on Sunday that the electoral commission "
                "had decided to delay the vote by three months.",
            ),
        ],
        nlp,
    )
    lede = [m for m in candidates(records) if "boycott" in m.text]
    assert lede and all(m.cited_outlet and m.key is None for m in lede), lede


def test_the_claims_benchmark_scores_each_part_of_a_split_on_its_own():
    bench = load_benchmark("claims")
    assert bench.splits_of("s50") == ["dev", "all", "dev s41-s80"]
    assert bench.splits_of("s130") == ["dev", "all", "dev s121-s140"]
    assert bench.splits_of("s25") == ["test", "all", "test s21-s40"]
    assert bench.splits_of("s105") == ["test", "all", "test s101-s120"]
    assert bench.splits_of("t01") == ["test", "all"]


def test_a_sentence_naming_two_outlets_cites_the_first_whatever_the_hashing():
    from newstrace.link.claims import DEFAULT, _cited_outlet_in_sentence

    outlets = ["Harbor Ledger", "Meridian News", "Summit Post"]  # two of one length
    sentence = (
        "The case centres on an army major, according to the Meridian News network, which cited an "
        "earlier report in the Harbor Ledger."
    )
    for order in (outlets, outlets[::-1]):
        assert _cited_outlet_in_sentence(sentence, "Summit Post", order, DEFAULT) == "Meridian News"


def test_an_appositive_rejection_is_a_denial_of_the_claim_it_follows(nlp):
    texts = [
        (
            "r1",
            "Harbor Ledger",
            "2026-06-01T08:00:00Z",
            "Ostrel's interior ministry said on Tuesday that the wall had been built up to 400 metres inside "
            "its territory, an accusation Tavoria rejects. Farmers near the wall have lost access to "
            "their fields, a local mayor said.",
        ),
        (
            "r2",
            "Summit Post",
            "2026-06-01T09:00:00Z",
            "Tavoria's border wall stands up to 400 metres inside Ostreli territory, Ostrel's interior "
            "ministry said.",
        ),
    ]
    claims = link_claims(_analyze_all(texts, nlp))
    wall = _claim_with(claims, "r1", "400 metres inside")
    claim_part = next(m for m in wall.mentions if m.article_id == "r1" and "400 metres" in m.text)
    assert "accusation" not in claim_part.text
    assert claim_part.kind == "original"
    rejection = next(m for m in wall.mentions if m.article_id == "r1" and m.kind == "denial")
    assert rejection.text == "an accusation Tavoria rejects"
    assert rejection.source == "Tavoria"
    assert wall.status == "denied"
    assert all("accusation" not in m.text for c in claims if c is not wall for m in c.mentions)
    assert "rejects" not in json.dumps([c.to_dict() for c in claims if c is not wall])


@pytest.mark.parametrize(
    ("appositive", "rejecting"),
    [
        ("which the finance minister denied", "the finance minister"),
        ("a claim rejected by Telvo", "Telvo"),
        ("a suggestion its maker, Durant Propulsion, has rejected", "its maker, Durant Propulsion"),
    ],
)
def test_rejection_appositive_forms(nlp, appositive, rejecting):
    text = (
        "Two officials told the Harbor Ledger that a devaluation of around 15 percent was being prepared, "
        f"{appositive}. Markets were calm."
    )
    claims = link_claims(_analyze_all([("d1", "Summit Post", "2026-06-01T08:00:00Z", text)], nlp))
    claim = _claim_with(claims, "d1", "devaluation")
    denial = next(m for m in claim.mentions if m.kind == "denial")
    assert denial.source == rejecting
    assert all(appositive not in m.text for m in claim.mentions if m is not denial)


@pytest.mark.parametrize(
    "answer",
    [
        "The company that operates the dam denied that the releases of water had caused the flooding "
        "and said all releases had followed federal guidelines.",
        "The company that operates the dam denied that the releases of water had caused the flooding. "
        "In a statement, it said all releases had followed federal guidelines.",
    ],
)
def test_two_denials_of_one_source_in_one_breath_answer_one_report(nlp, answer):
    texts = [
        (
            "f1",
            "Harbor Ledger",
            "2026-06-01T08:00:00Z",
            "Engineers released water from the Sierra Alta dam upstream of the city on Monday, two officials "
            "at the national water commission said. The federal government approved 1.2 billion pesos in "
            "emergency funds on Wednesday, the interior ministry said.",
        ),
        (
            "f2",
            "Summit Post",
            "2026-06-02T09:00:00Z",
            answer,
        ),
    ]
    claims = link_claims(_analyze_all(texts, nlp))
    answer = _claim_with(claims, "f2", "caused the flooding")
    assert any("followed federal guidelines" in m.text for m in answer.mentions)
    assert [m.kind for m in answer.mentions if m.article_id == "f2"] == ["denial", "denial"]


def test_brushing_aside_reports_is_a_denial(nlp):
    texts = [
        (
            "b1",
            "Harbor Ledger",
            "2026-06-01T08:00:00Z",
            "Foreign Minister Clara Dunmere is about to be dropped from the cabinet, two officials said.",
        ),
        (
            "b2",
            "Summit Post",
            "2026-06-01T10:00:00Z",
            "Foreign Minister Clara Dunmere brushed aside reports on Monday that she was about to be dropped "
            "from the cabinet.",
        ),
    ]
    claims = link_claims(_analyze_all(texts, nlp))
    claim = _claim_with(claims, "b2", "brushed aside")
    assert [m.kind for m in claim.mentions if m.article_id == "b2"] == ["denial"]


def test_a_participle_cue_denies(nlp):
    text = (
        "Defence Minister Aurel Benedek spoke to reporters on Friday, rejecting reports that conscripts "
        "would serve eighteen months."
    )
    claims = link_claims(_analyze_all([("p1", "Summit Post", "2026-06-01T08:00:00Z", text)], nlp))
    claim = _claim_with(claims, "p1", "eighteen months")
    assert [m.kind for m in claim.mentions] == ["denial"]


def test_the_agency_after_a_government_agency_is_that_agency_not_an_outlet(nlp):
    from newstrace.link.claims import candidates

    text = (
        "Investigators from Norvania's tax agency searched the offices of the football club Dunvik Rovers on "
        "Tuesday. The agency said its staff were examining payments of about 9 million crowns to a company "
        "in Tavoria."
    )
    mentions = candidates(_analyze_all([("g1", "Summit Post", "2026-06-01T08:00:00Z", text)], nlp))
    payments = next(m for m in mentions if "9 million crowns" in m.text)
    assert payments.cited_outlet is None
    assert payments.source == "The agency"


def test_a_standing_dispute_is_no_denial(nlp):
    text = (
        "Norvania's coast guard seized a Kestlandi trawler on the Hollin Bank on Tuesday, officials said. "
        "The boundary on the Hollin Bank has been disputed since 1978 by the fishing fleets of both "
        "countries."
    )
    claims = link_claims(_analyze_all([("h1", "Summit Post", "2026-06-01T08:00:00Z", text)], nlp))
    standing = next(m for c in claims for m in c.mentions if "has been disputed" in m.text)
    assert standing.kind != "denial"


def test_a_described_body_linked_to_its_name_is_what_its_spokesman_speaks_for():
    company = source_key(
        type="organization", name="Railnet Kestland", text="The company", anonymous=False, unique="a/1"
    )
    spokesman = source_key(
        type="person",
        name="Piet Oradell",
        text="Oradell",
        anonymous=False,
        role="spokesman",
        affiliation="Railnet Kestland",
        unique="b/1",
    )
    other = source_key(
        type="person",
        name="Nadia Fell",
        text="Fell",
        anonymous=False,
        role="spokeswoman",
        affiliation="Brightmere Minerals",
        unique="c/1",
    )
    assert company.same_as(spokesman)
    assert not company.same_as(other)


def test_a_second_verb_phrase_going_on_is_a_claim_of_its_own(nlp):
    from newstrace.link.claims import candidates

    text = (
        "Norvania's coast guard said on Tuesday it had detained a Kestlandi trawler on the Hollin Bank "
        "and was escorting the vessel to the port of Selvik."
    )
    texts = [m.text for m in candidates(_analyze_all([("v1", "Summit Post", None, text)], nlp))]
    assert any(t.endswith("it had detained a Kestlandi trawler on the Hollin Bank") for t in texts)
    assert "was escorting the vessel to the port of Selvik" in texts


def test_first_published_by_an_outlet_relays_its_report(nlp):
    from newstrace.link.claims import candidates

    texts = [
        (
            "f1",
            "Tidewater Times",
            "2026-06-01T08:00:00Z",
            "Crew members were told to log safety drills that never happened, three crew members said.",
        ),
        (
            "f2",
            "Riverside Gazette",
            "2026-06-02T08:00:00Z",
            "The Gazette also relayed an account by crew members, first published by the Tidewater Times, "
            "that safety drills were logged but never held.",
        ),
    ]
    relayed = [m for m in candidates(_analyze_all(texts, nlp)) if m.article_id == "f2"]
    assert relayed and all(m.cited_outlet == "Tidewater Times" for m in relayed)


def test_a_source_key_never_changes_the_role_table_it_read():
    """A governor's key adds its affiliation's words to the role's words: on a copy, so a later
    story's governor does not inherit them (linking one story changed another's counts)."""
    from newstrace.link.entities import role_words

    before = role_words("Governor")
    source_key(
        type="person",
        name="Dorit Amsel",
        text="Governor Dorit Amsel",
        anonymous=False,
        role="Governor",
        affiliation="the central bank",
        unique="a/1",
    )
    assert role_words("Governor") == before
    assert "bank" not in before


def test_a_storys_claims_do_not_depend_on_the_stories_linked_before(nlp):
    """The store links many stories in one process: what one story's linking reads must not change (a
    central-bank governor's key had added 'bank' to every later governor's key, so in another story a
    governor and 'the bank' became one source only after the first story was linked)."""
    bank = _analyze_all(
        [
            (
                "k1",
                "Harbor Ledger",
                "2026-06-01T08:00:00Z",
                "Bank of Almira governor Helga Strand said the main rate would rise by half a point.",
            ),
        ],
        nlp,
    )
    region = _analyze_all(
        [
            (
                "k2",
                "Summit Post",
                "2026-06-02T08:00:00Z",
                "The National Bank of Lysmar raised its main interest rate by three quarters of a point on "
                "Thursday, the bank said in a statement.",
            ),
            (
                "k3",
                "Meridian News",
                "2026-06-02T10:00:00Z",
                "The bank raised its main rate by three quarters of a point on Thursday, Governor Ilse Varn "
                "told reporters.",
            ),
        ],
        nlp,
    )

    def dump(claims):
        return json.dumps([c.to_dict() for c in claims], sort_keys=True)

    alone = dump(link_claims(region, story_id="r"))
    link_claims(bank, story_id="b")
    assert dump(link_claims(region, story_id="r")) == alone


def test_a_claim_has_the_status_its_mentions_state(nlp):
    # no event of the lexicon in either statement: the status is what their main clauses state
    texts = [
        (
            "p1",
            "Harbor Ledger",
            "2026-06-01T08:00:00Z",
            "Veska Water said the boil-water notice would stay in force for at least 72 hours.",
        ),
        (
            "p2",
            "Summit Post",
            "2026-06-01T09:00:00Z",
            "The boil-water notice will stay in force for at least 72 hours, Veska Water said.",
        ),
    ]
    records = _analyze_all(texts, nlp)
    claim = _claim_with(link_claims(records), "p1", "notice")
    assert {m.article_id for m in claim.mentions} == {"p1", "p2"}
    assert claim.status == "planned"
    # a record analysed before predicates were kept falls back to the events in the mention
    old = [r.model_copy(update={"predicates": []}) for r in records]
    assert _claim_with(link_claims(old), "p1", "notice").status == "unknown"


def test_a_claim_is_labelled_by_its_lead_mention_made_readable():
    from newstrace.link.corroboration import readable

    # the joint a content hung by goes; a quotation the cut left open is closed; the rest is verbatim
    assert readable("and accused police of charging.") == "accused police of charging."
    assert readable("that customers would be offered refunds") == "customers would be offered refunds"
    assert readable("That is for the board to establish") == "That is for the board to establish"
    assert readable('the ministry "does not comment on the work of others.') == (
        'the ministry "does not comment on the work of others."'
    )
    assert readable("she had seen “families caught in the gas") == "she had seen “families caught in the gas”"
    assert readable('ships patrol "in international waters"') == 'ships patrol "in international waters"'


def test_a_rejection_pointing_back_denies_what_its_article_said_just_before(nlp):
    texts = [
        (
            "r1",
            "Harbor Ledger",
            "2026-06-01T08:00:00Z",
            "The children's hospital in Veska suspended its heart surgery unit on Monday, the regional "
            "health board said. The Northgate Courier reported on Monday that Professor Aurel Denning had "
            "removed reports of serious side effects from the trial data, citing former members of his "
            "group. Denning rejected the allegation. The unit will stay closed until March, the board said.",
        ),
        (
            "r2",
            "Summit Post",
            "2026-06-01T09:00:00Z",
            "Veska's children's hospital has suspended its heart surgery unit, the health board said on "
            "Monday. Nurses told the Summit Post that two surgeons had resigned in May; the hospital "
            "denies this.",
        ),
    ]
    records = _analyze_all(texts, nlp)
    found = candidates(records)
    denning = next(m for m in found if m.article_id == "r1" and m.text == "the allegation")
    assert denning.denial and denning.source == "Denning"
    assert "side effects" in denning.answers.text
    this = next(m for m in found if m.article_id == "r2" and m.text == "this")
    assert this.denial and "surgeons had resigned" in this.answers.text
    claims = link_claims(records)
    removed = _claim_with(claims, "r1", "side effects")
    assert any(m.text == "the allegation" and m.kind == "denial" for m in removed.mentions)
    assert removed.status == "denied"
    assert _claim_with(claims, "r1", "suspended its heart surgery").status != "denied"


def test_a_rejection_of_the_reports_or_after_nothing_stated_is_left_to_the_placement(nlp):
    texts = [
        (
            "r1",
            "Harbor Ledger",
            "2026-06-01T08:00:00Z",
            "Two officials told the Harbor Ledger that the navy was preparing a blockade of the port. "
            "Ostrel rejected the reports. The port handled 40 ships a day last year. "
            "Both officials asked not to be named. The ministry rejected the account.",
        ),
    ]
    found = candidates(_analyze_all(texts, nlp))
    assert all(m.answers is None for m in found)


def test_a_relative_clause_that_has_ended_rejects_nothing(nlp):
    text = (
        "Relations between the two countries, which share a long land border, have been cool since a "
        "trade dispute last year. Officials said talks would resume in May."
    )
    found = candidates(_analyze_all([("d1", "Summit Post", "2026-06-01T08:00:00Z", text)], nlp))
    assert found and not any(m.denial or m.answers for m in found), found


def test_where_a_statement_was_first_reported_is_its_provenance_not_a_claim(nlp):
    texts = [
        (
            "p1",
            "Meridian Times",
            "2026-06-01T08:00:00Z",
            "The navy is preparing to blockade the port of Ekkar, two officials told the Meridian Times.",
        ),
        (
            "p2",
            "Channel 9 News",
            "2026-06-02T08:00:00Z",
            "The navy's commander confirmed on Wednesday that a blockade of Ekkar was being prepared, the "
            "first on-the-record acknowledgment of plans first reported by the Meridian Times on Monday. "
            "The port authority said it had lost 2 million a day since the warnings, a figure first "
            "reported by the Meridian Times.",
        ),
    ]
    found = candidates(_analyze_all(texts, nlp))
    assert not [m.text for m in found if "acknowledgment" in m.text]
    assert not [m.text for m in found if m.text.startswith("a figure first")]
    confirmation = next(m for m in found if m.article_id == "p2" and "blockade of Ekkar" in m.text)
    assert confirmation.confirms == "Meridian Times"
    assert any(m.article_id == "p2" and "lost 2 million" in m.text for m in found)


def test_a_not_the_parse_puts_below_the_main_clause_denies_nothing(nlp):
    def denial_of(text: str, words: str) -> bool:
        found = candidates(_analyze_all([("d1", "Summit Post", "2026-06-01T08:00:00Z", text)], nlp))
        return next(m for m in found if words in m.text).denial

    # in a relative clause, or in a second clause, the 'never' is not what the content states
    assert not denial_of(
        "Two crew members told the Harbor Ledger they were told to log safety drills that never happened.",
        "safety drills",
    )
    assert not denial_of(
        "The agency lost contact with the upper stage after eight minutes and the satellite never reached "
        "orbit, officials said.",
        "lost contact",
    )
    # the main clause's own 'never', and a reassurance beside a lower 'not', still deny
    assert denial_of("The navy said its ships never fired on the fishing boats.", "never fired")
    assert denial_of(
        'The airline said the jet had been "airworthy in every respect" and had not been withdrawn from '
        "service.",
        "airworthy",
    )


def test_an_agents_conditional_future_is_a_threat_but_a_conditional_state_is_not(nlp):
    def status_of(text: str, words: str) -> str:
        claims = link_claims(_analyze_all([("t1", "Summit Post", "2026-06-01T08:00:00Z", text)], nlp))
        return _claim_with(claims, "t1", words).asserted_status

    assert (
        status_of(
            "The dockworkers' union said it will strike from Monday unless the company raises wages.",
            "strike",
        )
        == "threatened"
    )
    assert (
        status_of(
            "Tavoria's foreign minister said Tavoria would retaliate if Norvania imposed sanctions.",
            "retaliate",
        )
        == "threatened"
    )
    # a state, or a modal hedge, under a condition stays possible
    assert (
        status_of(
            "The ministry said the army would be 9,000 soldiers short if the law was not changed.", "short"
        )
        != "threatened"
    )
    assert (
        status_of(
            "Officials said strikes on land could occur if the president gives the order.", "could occur"
        )
        == "possible"
    )
    # ... and so does what a measure does
    deal = "The trade minister said the deal will take effect on Jan. 1 if lawmakers approve it."
    assert status_of(deal, "effect") != "threatened"


def test_a_would_on_someones_word_is_planned_even_when_the_cue_stands_aside(nlp):
    def status_of(text: str, words: str) -> str:
        claims = link_claims(_analyze_all([("w1", "Summit Post", "2026-06-01T08:00:00Z", text)], nlp))
        return _claim_with(claims, "w1", words).asserted_status

    aside = "An independent inquiry board, the agency's director said, would be appointed within days."
    assert status_of(aside, "appointed") == "planned"
    # a hedge, or a 'would' that was asked for, is not
    assert (
        status_of("The agency said an inquiry board could be appointed within days.", "inquiry") == "possible"
    )
    asked = "The government has asked Washington for guarantees that local fishermen would not be targeted."
    assert status_of(asked, "fishermen") != "planned"


def test_a_body_and_who_speaks_for_it_by_name_post_or_kin():
    def body(text: str, name: str | None = None):
        return source_key(type="organization", name=name, text=text, anonymous=False, unique="b")

    def person(name: str, text: str, role: str | None = None, affiliation: str | None = None):
        return source_key(
            type="person",
            name=name,
            text=text,
            anonymous=False,
            unique="p",
            role=role,
            affiliation=affiliation,
        )

    # a company or a country named alone, and who leads or serves it
    orsk = source_key(type="person", name="Orsk", text="Orsk", anonymous=False, unique="o")
    chief = person("Dag Mellin", "The chief executive of Orsk Cement, Dag Mellin", affiliation="Orsk Cement")
    assert chief.same_as(orsk) and orsk.same_as(chief)
    almira = source_key(type="person", name="Almira", text="Almira", anonymous=False, unique="a")
    assert person("Petra Solen", "Almira's energy minister, Petra Solen", role="energy minister").same_as(
        almira
    )
    assert not person("Ilse Berg", "Ostrel's energy minister, Ilse Berg", role="energy minister").same_as(
        almira
    )
    # a person's name read as a body's
    assert body("Lawyer Ines Carvel", "Lawyer Ines Carvel").same_as(
        person("Ines Carvel", "lawyer Ines Carvel")
    )
    assert not body("Lawyer Ines Carvel", "Lawyer Ines Carvel").same_as(person("Mira Carvel", "Mira Carvel"))
    # a body of a kind owned by what names the other
    hospital = body("Veska General Hospital", "Veska General Hospital")
    assert body("Veska's main hospital").same_as(hospital) and hospital.same_as(body("Veska's main hospital"))
    assert not body("Veska's water utility").same_as(hospital)
    assert not body("Ardel's main hospital").same_as(hospital)
    # kinds of one kind: a pilots' association is 'their union', a guild's president speaks for it
    association = body("The Aerovell Pilots' Association", "Aerovell Pilots' Association")
    assert body("their union").same_as(association) and association.same_as(body("their union"))
    president = person(
        "Dora Castell",
        "Dora Castell, president of the Almiran Guild of Air Traffic Controllers",
        role="president",
        affiliation="Almiran Guild of Air Traffic Controllers",
    )
    assert president.same_as(body("their union"))
    assert not body("their union").same_as(body("the airline"))
    # a government is its ministries
    spokesman = person(
        "Emil Dragan", "Tavoria's foreign ministry spokesman Emil Dragan", role="foreign ministry spokesman"
    )
    assert body("his government").same_as(spokesman)
    assert not body("the navy").same_as(spokesman)
    # a post given after the name
    alsing = person(
        "Piet Alsing", "Commander Piet Alsing, head of the coast guard's northern district", "head"
    )
    assert alsing.same_as(body("The coast guard")) and not alsing.same_as(body("the port authority"))
    # a body named by the kind that owns it: "the prosecutor's office" is the prosecutors'
    prosecutors = source_key(
        type="anonymous",
        name=None,
        text="Prosecutors in Torrin",
        anonymous=True,
        unique="u",
        role="prosecutor",
    )
    assert body("a spokesman for the prosecutor's office").same_as(prosecutors)
    aldin = person("Tomas Aldin", "Major Tomas Aldin, a spokesman for the Tavorian-led monitoring mission")
    assert aldin.same_as(body("The Tavorian-led monitoring mission"))
    aval = person(
        "Dren Aval", "Dren Aval, who heads the village's fishing cooperative and said three boats sank"
    )
    assert aval.same_as(body("the head of a Lysmari fishing cooperative"))
    assert not person("Dren Aval", "Dren Aval, who fishes off the cape").same_as(
        body("the head of a Lysmari fishing cooperative")
    )


def test_a_negation_in_a_second_clause_of_its_own_and_a_report_had_none_of_deny():
    assert negated_claim(
        "Crane five passed its annual certification in September, and there was no outstanding safety defect"
    )
    assert negated_claim("I have seen burned wrecks before, and I saw no holes and no scorch marks")
    # a second verb phrase or a clause with another subject still does not
    assert not negated_claim("The crane was certified in September, and the union did not object")
    assert not negated_claim("The ferry sank on Saturday, and nobody has been found since then")
    # ... nor one of another subject: it tells something more, it denies nothing
    assert not negated_claim("three vessels were hit in open waters, and none of them was registered")
    # what a source had no report of is denied, as what it had no evidence of
    assert negated_claim("it had no report of any damage or injury")
    assert negated_claim("Dunmere Mutual had no loans outstanding to Castel Developments")
    assert not negated_claim("a third of the stations had no petrol left")


def test_a_sentence_that_opens_on_its_source_gives_a_leftover_piece_that_source():
    text = (
        "The interior ministry confirmed for the first time that the flight had been scheduled for Thursday "
        "morning with 64 people on board."
    )
    record = Record(newstrace_version="test", article=Article(id="l1", outlet="Summit Post", text=text))
    (piece,) = candidates([record])
    assert piece.source == "The interior ministry" and piece.key is not None
    flight = Article(id="l2", outlet="Summit Post", text=text[text.index("the flight") :].capitalize())
    plain = Record(newstrace_version="test", article=flight)
    assert candidates([plain])[0].source is None


def _attributed(
    text: str, *parts: tuple[str, str, str], article_id: str = "n1", outlet: str = "Summit Post"
) -> Record:
    """A record of text with an attribution for each (cue, source, content), found in that order."""

    def span(words: str, after: int = 0) -> Span:
        start = text.index(words, after)
        return Span(start=start, end=start + len(words), text=words)

    attributions = []
    for n, (cue, source, content) in enumerate(parts):
        cue_span = span(cue)
        attributions.append(
            Attribution(
                id=f"a{n}",
                kind="indirect",
                cue=cue_span,
                source=span(source),
                content=[span(content, cue_span.end if content in text[cue_span.end :] else 0)],
            )
        )
    article = Article(id=article_id, outlet=outlet, text=text)
    return Record(newstrace_version="test", article=article, attributions=attributions)


def test_what_a_cue_found_no_evidence_of_and_a_reason_given_inside_a_denial_deny():
    record = _attributed(
        "The election commission said it found no evidence that voters' details left its servers.",
        ("said", "The election commission", "it found no evidence that voters' details left its servers"),
        ("found", "it", "voters' details left its servers"),
    )
    nested = next(m for m in candidates([record]) if m.text == "voters' details left its servers")
    assert nested.denial
    found = _attributed(
        "Investigators said they found that the wiring had been overloaded for weeks.",
        ("found", "they", "the wiring had been overloaded for weeks"),
    )
    assert not candidates([found])[0].denial
    text = (
        'The minister denied that the helicopter had been grounded, saying it "had flown without '
        'interruption all winter".'
    )
    record = _attributed(
        text,
        (
            "denied",
            "The minister",
            'the helicopter had been grounded, saying it "had flown without interruption',
        ),
        ("saying", "The minister", 'it "had flown without interruption all winter'),
    )
    reason = next(m for m in candidates([record]) if m.attribution_id == "a1")
    assert reason.denial
    # the same reason after a cue that does not deny is no denial
    plain = _attributed(
        text.replace("denied", "said"),
        (
            "said",
            "The minister",
            'the helicopter had been grounded, saying it "had flown without interruption',
        ),
        ("saying", "The minister", 'it "had flown without interruption all winter'),
    )
    assert not next(m for m in candidates([plain]) if m.attribution_id == "a1").denial


def test_a_pronoun_is_no_outlet_whose_name_holds_it():
    from newstrace.link.claims import outlet_in

    outlets = ["Pinecrest Herald", "Granite Broadcast Network", "The Meridian Times"]
    assert outlet_in("he", outlets) is None  # 'he' is inside 'herald'
    assert outlet_in("it", outlets) is None  # ... and 'it' inside 'granite'
    assert outlet_in("the Pinecrest Herald's report", outlets) == "Pinecrest Herald"
    assert outlet_in("Pinecrest Harald", outlets) == "Pinecrest Herald"  # a near spelling
    assert outlet_in("Meridian", outlets) == "The Meridian Times"


def test_a_span_relaying_one_outlet_twice_is_shown_once():
    first = _attributed(
        "The ministry is preparing tariffs on imported steel, two officials said.",
        ("said", "two officials", "The ministry is preparing tariffs on imported steel"),
        article_id="r1",
        outlet="Tidewater Times",
    )
    text = (
        "According to the Tidewater Times, which cited two officials, the ministry is preparing tariffs on "
        "imported steel."
    )
    relay = _attributed(
        text,
        ("According to", "the Tidewater Times", "the ministry is preparing tariffs on imported steel"),
        ("cited", "two officials", "the ministry is preparing tariffs on imported steel"),
        article_id="r2",
        outlet="Harbor Ledger",
    )
    claim = next(c for c in link_claims([first, relay]) if any(m.article_id == "r2" for m in c.mentions))
    relayed = [m for m in claim.mentions if m.article_id == "r2"]
    assert len(relayed) == 1 and relayed[0].kind == "echo" and relayed[0].cited_outlet == "Tidewater Times"


def test_an_account_given_to_another_outlet_relays_that_outlet():
    wire = Record(
        newstrace_version="test",
        article=Article(id="w1", outlet="Coastal Wire", text="The main burst after a drilling rig hit it."),
    )
    text = (
        "The site log supports the account two utility engineers gave Coastal Wire on Tuesday about the "
        "drilling rig."
    )
    later = Record(newstrace_version="test", article=Article(id="w2", outlet="Summit Post", text=text))
    (piece,) = [m for m in candidates([wire, later]) if m.article_id == "w2"]
    assert piece.cited_outlet == "Coastal Wire"
    # an account given to the article's own outlet is its own reporting
    own = Record(
        newstrace_version="test",
        article=Article(
            id="w3", outlet="Coastal Wire", text=text.replace("Coastal Wire", "Coastal Wire's reporter")
        ),
    )
    assert all(m.cited_outlet is None for m in candidates([wire, own]) if m.article_id == "w3")


def _by_text(record: Record) -> dict[str, ClaimMention]:
    """The record's claim candidates by their text."""
    return {m.text: m for m in candidates([record])}


def _opening(found: dict[str, ClaimMention], words: str) -> ClaimMention:
    """The candidate whose text opens with `words`."""
    return next(m for text, m in found.items() if text.startswith(words))


def test_what_happened_after_a_report_rests_on_no_word_of_it():
    text = (
        "Ostrel's medicines agency on Friday suspended the licence of the Ekkar plant, after a newspaper "
        "reported that sterility tests on the batches had been faked."
    )
    record = _attributed(
        text,
        ("reported", "a newspaper", "sterility tests on the batches had been faked"),
        outlet="Coastal Wire",
    )
    found = _by_text(record)
    suspended = _opening(found, "Ostrel's medicines agency")
    assert suspended.cited_outlet is None and suspended.source is None
    assert found["sterility tests on the batches had been faked"].cited_outlet == "a newspaper"


def test_a_background_clause_after_the_source_is_not_its_word():
    text = (
        "Deputy mayor Karl Osten stepped aside on Wednesday, Mayor Hilde Brun told reporters, after "
        "prosecutors searched his office the day before."
    )
    record = _attributed(
        text, ("told", "Mayor Hilde Brun", "Deputy mayor Karl Osten stepped aside on Wednesday")
    )
    found = _by_text(record)
    background = _opening(found, "after prosecutors")
    assert background.source is None and background.key is None
    assert found["Deputy mayor Karl Osten stepped aside on Wednesday"].source == "Mayor Hilde Brun"


def test_a_denial_is_not_of_the_background_clause_after_it():
    text = (
        "Dunvik Rovers denied on Thursday that it had ever paid players through offshore companies, after "
        "tax investigators searched the club's offices and a private home in the city."
    )
    record = _attributed(
        text, ("denied", "Dunvik Rovers", "it had ever paid players through offshore companies")
    )
    found = _by_text(record)
    background = _opening(found, "after tax")
    assert not background.denial and background.source is None
    assert found["it had ever paid players through offshore companies"].denial


def test_a_clause_sourced_after_it_keeps_its_source():
    text = (
        "Judge Oskar Rehn was suspended on Wednesday, hours after his arrest on bribery charges, the council "
        "said."
    )
    found = [m for m in candidates([_attributed(text)]) if "arrest" in m.text]
    assert found and all(m.source == "the council" for m in found)


def test_an_unnamed_source_backing_another_outlets_report_to_its_own_is_its_own_word():
    ledger = _attributed(
        "At least 600 tonnes of crude have leaked from the tanker, a scientist said.",
        ("said", "a scientist", "At least 600 tonnes of crude have leaked from the tanker"),
        article_id="h1",
        outlet="Harbor Ledger",
    )
    text = (
        "More than 600 tonnes of crude have leaked from the tanker, a ministry official told the Continental "
        "Press Agency on Sunday, backing a figure first reported by the Harbor Ledger."
    )
    own = _attributed(
        text,
        ("told", "a ministry official", "More than 600 tonnes of crude have leaked from the tanker"),
        article_id="c1",
        outlet="Continental Press Agency",
    )
    own.attributions[0].source_id = "s1"
    own.sources.append(Source(id="s1", type="anonymous", anonymous=True))
    (mention,) = [m for m in candidates([ledger, own]) if m.article_id == "c1" and m.text.startswith("More")]
    assert mention.cited_outlet is None and mention.key is not None


def test_a_second_that_of_one_cue_is_a_statement_however_short():
    text = "The ministry said that 14 guests were treated in hospital and that two have died."
    record = _attributed(
        text, ("said", "The ministry", "that 14 guests were treated in hospital and that two have died")
    )
    texts = [m.text for m in candidates([record])]
    assert "two have died" in texts and any(t.endswith("14 guests were treated in hospital") for t in texts)
    # a short leftover after another joint is still no statement of its own
    record = _attributed(
        "The ministry said 14 guests were treated in hospital, which is rare.",
        ("said", "The ministry", "14 guests were treated in hospital, which is rare"),
    )
    assert [m.text for m in candidates([record])] == ["14 guests were treated in hospital"]


def test_and_that_as_a_pronoun_opens_no_statement():
    record = _attributed(
        "The port can get back to work, and that is what matters most, Kessler said.",
        ("said", "Kessler", "The port can get back to work, and that is what matters most"),
    )
    assert [m.text for m in candidates([record])] == ["The port can get back to work"]


def test_a_toll_after_the_event_is_a_statement_of_its_own():
    text = "A train derailed near Vessing, killing six people and injuring at least 40, officials said."
    record = _attributed(
        text,
        (
            "said",
            "officials",
            "A train derailed near Vessing, killing six people and injuring at least 40",
        ),
    )
    texts = [m.text for m in candidates([record])]
    assert "A train derailed near Vessing" in texts
    assert any("six people and injuring at least 40" in t for t in texts)


def test_a_source_saying_much_the_same_in_another_article_is_raised_what_is_far_apart_is_not():
    from dataclasses import replace

    from newstrace.link.claims import DEFAULT, similarity_matrix

    def guard(unique: str):
        return source_key(
            type="organization", name=None, text="the Verdanian coast guard", anonymous=False, unique=unique
        )

    mentions = [
        _mention("a", "the tanker ran aground on the Ostry Reef off the southern coast", key=guard("a")),
        _mention("b", "the tanker struck the Ostry Reef off the coast late on Sunday", key=guard("b")),
        _mention("c", "the crew of 24 had been taken off by helicopter", key=guard("c")),
    ]
    plain = similarity_matrix(mentions, replace(DEFAULT, repeat_boost=1.0))
    raised = similarity_matrix(mentions, DEFAULT)
    assert plain[0, 1] >= DEFAULT.threshold / DEFAULT.repeat_boost
    assert raised[0, 1] == pytest.approx(min(1.0, plain[0, 1] * DEFAULT.repeat_boost))
    assert plain[0, 2] < DEFAULT.threshold / DEFAULT.repeat_boost and raised[0, 2] == pytest.approx(
        plain[0, 2]
    )


def test_what_a_source_plans_or_prepares_to_do_is_planned(nlp):
    def status_of(text: str, words: str) -> str:
        claims = link_claims(_analyze_all([("p1", "Summit Post", "2026-06-01T08:00:00Z", text)], nlp))
        return _claim_with(claims, "p1", words).asserted_status

    plans = (
        "The defence ministry has drawn up plans to extend military service to eighteen months, according "
        "to a draft bill seen by the Tidewater Times."
    )
    assert status_of(plans, "military service") == "planned"
    preparing = "Two officials said a devaluation of the verd was being prepared at the central bank."
    assert status_of(preparing, "devaluation") == "planned"
    # a preparation that may be is possible
    hedged = "The central bank may be preparing to devalue the verd by about 15 percent, two officials said."
    assert status_of(hedged, "devalue") == "possible"
    # what was done stays done
    done = "The defence ministry extended military service to eighteen months, two officials said."
    assert status_of(done, "military service") == "occurred"


def test_a_confirmation_that_only_points_back_confirms_what_was_said_before():
    text = (
        "According to the Meridian Times, the Pentagon is preparing to strike airstrips. Adm. Teresa Vance, "
        "the commander of U.S. Southern Command, confirmed the plans to Channel 9 News on Wednesday."
    )
    record = _attributed(
        text,
        ("According to", "the Meridian Times", "the Pentagon is preparing to strike airstrips"),
        ("confirmed", "Adm. Teresa Vance, the commander of U.S. Southern Command", "the plans"),
    )
    found = _by_text(record)
    assert found["the plans"].answers is found["the Pentagon is preparing to strike airstrips"]
    assert not found["the plans"].denial
    # a confirmation that names what it confirms points at nothing
    named = _attributed(
        "The Pentagon is preparing to strike airstrips. The admiral confirmed the plans for the airstrips.",
        ("confirmed", "The admiral", "the plans for the airstrips"),
    )
    assert all(m.answers is None for m in candidates([named]))


def test_what_was_prepared_is_done():
    from newstrace.link.claims import _PREPARING

    text = "Workers prepared the site on Monday."
    assert not _PREPARING.match(text, text.index("prepared"))
    text = "A devaluation was being prepared."
    assert _PREPARING.match(text, text.index("prepared"))
