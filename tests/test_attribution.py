"""newstrace_attribution: exact cues, sources, contents, kinds and nesting."""

from __future__ import annotations

import pytest

from newstrace.nlp.pipeline import build_pipeline
from newstrace.nlp.quotes import find_quotes
from newstrace.nlp.to_record import doc_to_record
from newstrace.record import Article, Record


def summary(doc) -> list[tuple]:
    """(kind, cue, source, contents, via) for each attribution, in order."""
    return [
        (
            a.kind,
            a.cue.text,
            a.source.text if a.source is not None else None,
            [c.text for c in a.content],
            a.via,
        )
        for a in doc._.attributions
    ]


# -- direct quotes ------------------------------------------------------------------------


def test_direct_quote_before_pronoun_speaker(nlp):
    doc = nlp('"We are ready to act," she said.')
    assert summary(doc) == [("direct", "said", "she", ["We are ready to act"], None)]


def test_direct_quote_with_inverted_said_and_titled_speaker(nlp):
    doc = nlp('"We are ready to act," said Defense Secretary Alan Brooks.')
    assert summary(doc) == [
        ("direct", "said", "Defense Secretary Alan Brooks", ["We are ready to act"], None)
    ]


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        ('He said: "We will not back down."', "said", "He", "We will not back down."),
        ('Brooks told reporters: "The fleet is ready."', "told", "Brooks", "The fleet is ready."),
        ("“We will not yield,” Rodríguez said on Tuesday.", "said", "Rodríguez", "We will not yield"),
        ('"We will respond in kind," he added.', "added", "he", "We will respond in kind"),
    ],
)
def test_direct_quote_orders_and_marks(nlp, text, cue, source, content):
    assert summary(nlp(text)) == [("direct", cue, source, [content], None)]


def test_direct_quote_offsets_exclude_marks(nlp):
    doc = nlp('"We are ready to act," she said.')
    (content,) = doc._.attributions[0].content
    assert (content.start_char, content.end_char) == (1, 20)


def test_quote_split_by_its_cue_gives_two_spans(nlp):
    doc = nlp('"We are ready," she said, "and we will act."')
    assert summary(doc) == [("direct", "said", "she", ["We are ready", "and we will act."], None)]


def test_quote_after_attributed_quote_continues_it(nlp):
    doc = nlp('"The port is closed," Ruiz said. "Nobody goes in or out."')
    assert summary(doc) == [
        ("direct", "said", "Ruiz", ["The port is closed", "Nobody goes in or out."], None)
    ]


def test_next_quote_with_its_own_cue_is_not_a_continuation(nlp):
    doc = nlp('"The port is closed," Ruiz said. "We are leaving," the captain added.')
    assert summary(doc) == [
        ("direct", "said", "Ruiz", ["The port is closed"], None),
        ("direct", "added", "the captain", ["We are leaving"], None),
    ]


@pytest.mark.parametrize(("open_mark", "close_mark"), [('"', '"'), ("“", "”")])
def test_quote_spanning_two_paragraphs_cue_after(nlp, open_mark, close_mark):
    text = (
        f"{open_mark}We have spent a long time on this,{close_mark} the official said. "
        f"{open_mark}We know where the money goes.\n\n"
        f"{open_mark}When the decision comes, it will not be a surprise.{close_mark}\n\n"
        "The talks resumed on Monday."
    )
    doc = nlp(text)
    assert summary(doc) == [
        (
            "direct",
            "said",
            "the official",
            [
                "We have spent a long time on this",
                "We know where the money goes.",
                "When the decision comes, it will not be a surprise.",
            ],
            None,
        )
    ]


def test_quote_spanning_two_paragraphs_cue_before(nlp):
    text = (
        'Brooks said: "The first paragraph goes on.\n\n"The second paragraph ends here."\n\n'
        "The harbor was quiet."
    )
    doc = nlp(text)
    assert summary(doc) == [
        (
            "direct",
            "said",
            "Brooks",
            ["The first paragraph goes on.", "The second paragraph ends here."],
            None,
        )
    ]


def test_quote_spanning_two_paragraphs_closed_before_the_cue(nlp):
    text = "“The first paragraph goes on.\n\n“The second paragraph ends here,” Brooks said."
    doc = nlp(text)
    assert summary(doc) == [
        ("direct", "said", "Brooks", ["The first paragraph goes on.", "The second paragraph ends here"], None)
    ]


# -- quotation finding ----------------------------------------------------------------------


def test_find_quotes_pairs_straight_and_curly_marks():
    text = 'He said "yes" and “no” today.'
    quotes = find_quotes(text)
    assert [[text[a:b] for a, b in q.parts] for q in quotes] == [["yes"], ["no"]]
    assert [(q.open_char, q.close_char) for q in quotes] == [(8, 12), (18, 21)]


def test_find_quotes_drops_an_unclosed_quote_not_reopened():
    text = '"This is never closed.\n\nThe next paragraph is plain. "But this is," he said.'
    quotes = find_quotes(text)
    assert [[text[a:b] for a, b in q.parts] for q in quotes] == [["But this is"]]


# -- reported speech ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        (
            "The minister said the ships would return to port.",
            "said",
            "The minister",
            "the ships would return to port",
        ),
        (
            "Officials warned that further strikes could follow.",
            "warned",
            "Officials",
            "further strikes could follow",
        ),
        (
            "The ministry denied that its forces were involved.",
            "denied",
            "The ministry",
            "its forces were involved",
        ),
        (
            "The ministry denied any involvement in smuggling.",
            "denied",
            "The ministry",
            "any involvement in smuggling",
        ),
        ("She added that the Navy would not comment.", "added", "She", "the Navy would not comment"),
        ("The agency confirmed that two ships had sunk.", "confirmed", "The agency", "two ships had sunk"),
        ("The plan was approved, Ortega said.", "said", "Ortega", "The plan was approved"),
        ("Analysts believe the ceasefire will hold.", "believe", "Analysts", "the ceasefire will hold"),
        (
            "The governor announced that schools would close.",
            "announced",
            "The governor",
            "schools would close",
        ),
        ("A study found that the drug cut deaths.", "found", "A study", "the drug cut deaths"),
        # a promise reports what is promised; a threat is an event's status, not an attribution
        ("She vowed to fight the case.", "vowed", "She", "to fight the case"),
        ("The council pledged to impose sanctions.", "pledged", "The council", "to impose sanctions"),
        ("The figures show that exports fell.", "show", "The figures", "exports fell"),
        ("Most voters agreed that the economy was weak.", "agreed", "Most voters", "the economy was weak"),
        # "call": a verdict (the object and its complement) or a demand (what is called for)
        ("Venezuela called the accusations a lie.", "called", "Venezuela", "the accusations a lie"),
        ("The union called for a strike at the port.", "called", "The union", "a strike at the port"),
        # acts of speech on an object: citing, echoing, condemning, describing (as)
        ("The UN condemned the strikes on the port.", "condemned", "The UN", "the strikes on the port"),
        ("Officials described the damage as severe.", "described", "Officials", "the damage as severe"),
        # a gerund is what is denied or admitted; a repeated statement is a statement
        (
            "Redstone Mining denied receiving any warning.",
            "denied",
            "Redstone Mining",
            "receiving any warning",
        ),
        ("The mayor admitted taking cash.", "admitted", "The mayor", "taking cash"),
        (
            "Opposition leader Marek Dorn repeated that his party would boycott the vote.",
            "repeated",
            "Opposition leader Marek Dorn",
            "his party would boycott the vote",
        ),
        # a court's ruling is what the court says; "ruled out" is none (below)
        (
            "The court ruled that the law was unconstitutional.",
            "ruled",
            "The court",
            "the law was unconstitutional",
        ),
        # a figure a source gives with "put ... at"
        ("The agency has put the death toll at 112 on Monday.", "put", "The agency", "the death toll at 112"),
        ("Blue Shelf puts the spill at 2,000 tonnes.", "puts", "Blue Shelf", "the spill at 2,000 tonnes"),
        # any noun that says or announces is a speaker, in the lexicon or not
        ("The club said it had suspended all three.", "said", "The club", "it had suspended all three"),
        (
            "The carmaker announced that the recall would begin in May.",
            "announced",
            "The carmaker",
            "the recall would begin in May",
        ),
    ],
)
def test_indirect_speech(nlp, text, cue, source, content):
    assert summary(nlp(text)) == [("indirect", cue, source, [content], None)]


@pytest.mark.parametrize(
    "text",
    [
        "He put the book at the door.",
        "The song was repeated three times.",
        "The minister ruled out a coalition.",
    ],
)
def test_put_without_a_figure_repeat_or_rule_without_content_is_no_attribution(nlp, text):
    assert [a for a in summary(nlp(text)) if a[1] in ("put", "repeated", "ruled")] == []


def test_a_clause_before_a_semicolon_is_not_what_the_next_speaker_says(nlp):
    doc = nlp(
        "The Sarn Brigades say the Lowland Guard shelled the village of Oska before the fighting began; "
        "the Lowland Guard says its fighters came under attack first."
    )
    found = {cue: (source, content) for _, cue, source, content, _ in summary(doc)}
    assert found["says"] == ("the Lowland Guard", ["its fighters came under attack first"])
    assert found["say"][0] == "The Sarn Brigades"


def test_a_wire_dateline_is_no_part_of_the_source_even_when_parsed_as_the_subject(nlp):
    doc = nlp(
        "HALVIK, June 8 (Coastal Wire) - Norvania's anti-corruption prosecutor's office said on Monday "
        "it had detained the mayor of Halvik."
    )
    assert [a[2] for a in summary(doc)] == ["Norvania's anti-corruption prosecutor's office"]
    assert [a[2] for a in summary(nlp("NATO said it would act."))] == ["NATO"]
    # the parser may cut the place off and hang the date on the source: the date goes too
    doc = nlp("PORT ANSEL, Oct 5 (CPA) - Almiran police on Monday announced the recovery of the painting.")
    assert [a[2] for a in summary(doc)] == ["Almiran police"]


def test_confirming_a_report_is_how_a_sentence_relates_to_it_not_an_attribution(nlp):
    doc = nlp(
        "Two officials at the competition authority said on Monday that the regulator was preparing to "
        "block the merger, confirming a report in the Tidewater Times."
    )
    assert [a[1] for a in summary(doc)] == ["said"]
    assert [a[1] for a in summary(nlp("The ministry confirmed the report."))] == ["confirmed"]
    # ... or a memo another outlet reported
    doc = nlp(
        "Two theatre nurses told the Copperfield Observer that 40 operations had been taken off the "
        "schedule, confirming a memo first reported by the Ironbridge Tribune."
    )
    assert [a[1] for a in summary(doc)] == ["told"]


def test_told_recipient_is_not_the_source(nlp):
    doc = nlp("Officials told the New York Times that the plan was approved.")
    assert summary(doc) == [("indirect", "told", "Officials", ["the plan was approved"], None)]


def test_any_noun_telling_a_named_or_a_person_recipient_is_a_speaker(nlp):
    doc = nlp("The cardiologist told reporters that the trial had stopped.")
    assert summary(doc) == [("indirect", "told", "The cardiologist", ["the trial had stopped"], None)]
    assert summary(nlp("This morning the air tells you that winter is close.")) == []


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "The museum, Mr. Obama said, would make visitors face uncomfortable truths.",
            "Mr. Obama",
            ["The museum", "would make visitors face uncomfortable truths"],
        ),
        (
            "The attack has knocked out records at seven hospitals, the two people said, and some data "
            "may have been copied.",
            "the two people",
            ["The attack has knocked out records at seven hospitals", "some data may have been copied"],
        ),
    ],
)
def test_a_cue_between_commas_reports_the_clause_around_it(nlp, text, source, content):
    assert summary(nlp(text)) == [("indirect", "said", source, content, None)]


def test_coordinated_cues_share_the_subject_and_split_the_content(nlp):
    doc = nlp("The ministry said the ships left and added that they would return.")
    assert summary(doc) == [
        ("indirect", "said", "The ministry", ["the ships left"], None),
        ("indirect", "added", "The ministry", ["they would return"], None),
    ]


def test_participle_cue_takes_the_governing_subject(nlp):
    doc = nlp('The plan was "dead," he said, adding that talks would resume.')
    assert summary(doc) == [
        ("mixed", "said", "he", ['The plan was "dead,"'], None),
        ("indirect", "adding", "he", ["talks would resume"], None),
    ]


def test_mixed_partial_quote(nlp):
    doc = nlp('She said the strikes were "a clear violation" of the treaty.')
    assert summary(doc) == [
        ("mixed", "said", "She", ['the strikes were "a clear violation" of the treaty'], None)
    ]


def test_that_before_a_quote_makes_it_mixed(nlp):
    doc = nlp('Donnelly said in a statement that "all options remain under review."')
    assert summary(doc) == [("mixed", "said", "Donnelly", ['"all options remain under review."'], None)]


def test_passive_cue_without_agent_has_no_source(nlp):
    doc = nlp("It was reported that the ships sank.")
    assert summary(doc) == [("indirect", "reported", None, ["the ships sank"], None)]


# -- according to, citing, re-reporting -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("According to the coast guard, three vessels were hit.", "According to", "three vessels were hit"),
        ("Three vessels were hit, according to the coast guard.", "according to", "Three vessels were hit"),
    ],
)
def test_according_to(nlp, text, cue, content):
    assert summary(nlp(text)) == [("according_to", cue, "the coast guard", [content], None)]


def test_according_to_covers_the_clause_a_participle_hangs_on(nlp):
    doc = nlp(
        "U.S. forces struck three boats last week, killing 11 people, according to the Defense Department."
    )
    assert summary(doc) == [
        (
            "according_to",
            "according to",
            "the Defense Department",
            ["U.S. forces struck three boats last week, killing 11 people"],
            None,
        )
    ]


def test_according_to_anonymous_group_with_subgroup_and_dateline(nlp):
    doc = nlp(
        "WASHINGTON — The strikes could begin within weeks, according to four people familiar with the "
        "matter, including two U.S. officials."
    )
    assert summary(doc) == [
        (
            "according_to",
            "according to",
            "four people familiar with the matter, including two U.S. officials",
            ["The strikes could begin within weeks"],
            None,
        )
    ]


def test_outlet_report_citing_sources_is_nested(nlp):
    doc = nlp(
        "A new NBC News report, citing four unnamed sources, says the strikes could begin within weeks."
    )
    assert summary(doc) == [
        ("other", "citing", "four unnamed sources", ["the strikes could begin within weeks"], 1),
        ("indirect", "says", "A new NBC News report", ["the strikes could begin within weeks"], None),
    ]


def test_reported_citing_officials_is_via_the_outlet(nlp):
    doc = nlp("The Times reported, citing officials, that the plan was approved.")
    assert summary(doc) == [
        ("indirect", "reported", "The Times", ["the plan was approved"], None),
        ("other", "citing", "officials", ["the plan was approved"], 0),
    ]


def test_said_according_to_the_times_is_via_the_times(nlp):
    doc = nlp("The plan was approved, Ortega said, according to the Times.")
    assert summary(doc) == [
        ("indirect", "said", "Ortega", ["The plan was approved"], 1),
        ("according_to", "according to", "the Times", ["The plan was approved"], None),
    ]


def test_according_to_on_a_clause_of_its_own_vouches_for_that_clause(nlp):
    doc = nlp(
        "Striking dockworkers in Port Selin will extend their walkout to the port's grain terminal from "
        "Monday, the Port Workers' Union said on Friday, a day after police fired tear gas at a march in "
        "the city, according to police."
    )
    found = {cue: (source, content, via) for _, cue, source, content, via in summary(doc)}
    said = found["said"]
    assert (
        said[0] == "the Port Workers' Union"
        and said[1][0].startswith("Striking dockworkers")
        and said[2] is None
    )
    source, content, _ = found["according to"]
    assert source == "police" and "police fired tear gas at a march" in content[0]


def test_which_cited_inside_according_to(nlp):
    doc = nlp("According to the Times, which cited four unnamed sources, the Pentagon is preparing strikes.")
    assert summary(doc) == [
        (
            "according_to",
            "According to",
            "the Times, which cited four unnamed sources",
            ["the Pentagon is preparing strikes"],
            None,
        ),
        ("other", "cited", "four unnamed sources", ["the Pentagon is preparing strikes"], 0),
    ]


def test_citing_a_reason_is_not_an_attribution(nlp):
    assert summary(nlp("The navy withdrew, citing security concerns.")) == []


# -- sources as written -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Vice President Delcy Rodríguez said the country would not yield.",
            "Vice President Delcy Rodríguez",
        ),
        ("Ruiz, the harbor master, said the port was closed.", "Ruiz, the harbor master"),
        ("A senior administration official said the talks had stalled.", "A senior administration official"),
        (
            "Officials, who spoke on condition of anonymity, said the talks had stalled.",
            "Officials, who spoke on condition of anonymity",
        ),
        ("Ortega, who said the port was closed, left early.", "Ortega"),
        (
            '"Welcome," said Trade Minister Tomas Ibarra at the ceremony in Santiago.',
            "Trade Minister Tomas Ibarra",
        ),
    ],
)
def test_source_span_is_the_full_noun_phrase(nlp, text, source):
    doc = nlp(text)
    assert [a.source.text for a in doc._.attributions] == [source]


# -- what is not an attribution ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The said vessel was seized.",
        "He was told to leave.",
        "She declined to say which targets were chosen.",
        "He did not say whether the ships would leave.",
        "Asked about the strikes, he declined to comment.",
        "The soup keeps well in the refrigerator for up to four days.",
        "This morning the air tells you that winter is close.",
        "Police found a body in the river.",
        "She showed reporters the damage.",
        "The union has threatened to extend the strike.",
        "He called the police.",
        "Police questioned three men on Monday.",
        "She called him on Monday.",
    ],
)
def test_no_attribution(nlp, text):
    assert summary(nlp(text)) == []


def test_cues_inside_a_quote_are_the_speakers_words(nlp):
    doc = nlp('"I believe we will win," she said.')
    assert summary(doc) == [("direct", "said", "she", ["I believe we will win"], None)]


def test_a_speaker_the_parser_hung_on_the_content_is_the_source(nlp):
    # the parser makes 'a spokesman ...' an apposition of 'burns' and leaves 'said' without a subject
    doc = nlp(
        "Two of them were pulled alive from the wreckage and taken to hospital with burns, a spokesman "
        "for the regional fire service, Dario Venn, said."
    )
    assert summary(doc) == [
        (
            "indirect",
            "said",
            "a spokesman for the regional fire service, Dario Venn",
            ["Two of them were pulled alive from the wreckage and taken to hospital with burns"],
            None,
        )
    ]


def test_one_attribution_per_cue(nlp):
    doc = nlp('"We are ready," she said, "and we will act." He said the ships left.')
    cues = [(a.cue.start, a.cue.end) for a in doc._.attributions]
    assert len(cues) == len(set(cues)) == 2


# -- configuration and the record -------------------------------------------------------------


def test_extra_cues_from_the_factory_config():
    nlp = build_pipeline(components=())
    nlp.add_pipe("newstrace_attribution", config={"extra_cues": ["quip"]})
    doc = nlp("The mayor quipped that the bridge was older than the city.")
    assert summary(doc) == [
        ("indirect", "quipped", "The mayor", ["the bridge was older than the city"], None)
    ]


ARTICLE = (
    "CARACAS — Vice President Marisol Ortega said the reports were false. "
    "She said the government would file a complaint.\n\n"
    '"They are writing the script for an invasion," Ortega told a news conference. '
    '"Venezuela will not be intimidated."\n\n'
    "A new Meridian Times report, citing four unnamed sources, says the Pentagon is preparing options. "
    "Strikes could begin within weeks, the newspaper said, citing two U.S. officials.\n\n"
    "According to the coast guard, three vessels were hit."
)


def test_article_converts_to_a_valid_record(nlp):
    doc = nlp(ARTICLE)
    record = doc_to_record(doc, Article(id="x", text=doc.text))
    assert [(a.kind, a.cue.text, a.source.text if a.source else None) for a in record.attributions] == [
        ("indirect", "said", "Vice President Marisol Ortega"),
        ("indirect", "said", "She"),
        ("direct", "told", "Ortega"),
        ("other", "citing", "four unnamed sources"),
        ("indirect", "says", "A new Meridian Times report"),
        ("indirect", "said", "the newspaper"),
        ("other", "citing", "two U.S. officials"),
        ("according_to", "According to", "the coast guard"),
    ]
    # The quote after the told-quote, at the end of its paragraph, continues it.
    assert [c.text for c in record.attributions[2].content] == [
        "They are writing the script for an invasion",
        "Venezuela will not be intimidated.",
    ]
    for a in record.attributions:
        for span in [a.cue, *a.content, *([a.source] if a.source else [])]:
            assert ARTICLE[span.start : span.end] == span.text
    assert [a.via for a in record.attributions] == [None, None, None, "a5", None, None, "a6", None]
    assert Record.model_validate_json(record.to_json()) == record
