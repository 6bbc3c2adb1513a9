"""newstrace_sources: characterisation, merging and pronoun resolution of sources."""

from __future__ import annotations

import pytest

from newstrace.nlp.lexicon import fold
from newstrace.nlp.to_record import doc_to_record
from newstrace.nlp.types import SourceGroupInfo
from newstrace.record import Article


def source_of(doc, i: int = 0):
    """The source entity of the i-th attribution."""
    return doc._.sources[doc._.attributions[i].source_index]


def fields(entity) -> dict:
    return {
        "type": entity.type,
        "name": entity.name,
        "normalized_name": entity.normalized_name,
        "anonymous": entity.anonymous,
        "count": entity.count,
        "affiliation": entity.affiliation,
        "role": entity.role,
        "mentions": [m.text for m in entity.mentions],
    }


def test_fold_lowercases_and_strips_accents():
    assert fold("Delcy  Rodríguez") == "delcy rodriguez"


# -- characterisation -----------------------------------------------------------------------


def test_named_person_with_title(nlp):
    doc = nlp("Vice President Delcy Rodríguez said the country would not yield.")
    assert fields(source_of(doc)) == {
        "type": "person",
        "name": "Delcy Rodríguez",
        "normalized_name": "delcy rodriguez",
        "anonymous": False,
        "count": None,
        "affiliation": None,
        "role": "Vice President",
        "mentions": ["Vice President Delcy Rodríguez"],
    }


@pytest.mark.parametrize(
    ("text", "name", "role", "affiliation"),
    [
        ("Ruiz, the harbor master, said the port was closed.", "Ruiz", "harbor master", None),
        ("Navy spokesman Dana Whitfield said the ships had moved.", "Dana Whitfield", "spokesman", "Navy"),
        (
            "Venezuelan Vice President Marisol Ortega said the reports were false.",
            "Marisol Ortega",
            "Vice President",
            "Venezuelan",
        ),
        (
            "National Security Minister Keisha Alleyne said the coast was safe.",
            "Keisha Alleyne",
            "National Security Minister",
            None,
        ),
        (
            "White House press secretary Claire Donnelly said talks would resume.",
            "Claire Donnelly",
            "press secretary",
            "White House",
        ),
        (
            "Lena Hart, an economist at the Bay Area Institute for Logistics, said prices would rise.",
            "Lena Hart",
            "economist",
            "Bay Area Institute for Logistics",
        ),
        (
            "Vietnam's Deputy Minister of Industry and Trade, Nguyen Thi Lan, said trade would double.",
            "Nguyen Thi Lan",
            "Deputy Minister of Industry and Trade",
            "Vietnam",
        ),
    ],
)
def test_person_role_and_affiliation(nlp, text, name, role, affiliation):
    entity = source_of(nlp(text))
    assert (entity.type, entity.name, entity.role, entity.affiliation) == ("person", name, role, affiliation)


@pytest.mark.parametrize(
    ("text", "count", "role", "affiliation"),
    [
        ("A senior administration official said the talks had stalled.", 1, "official", "administration"),
        ("A Pentagon spokesman said the drills were routine.", 1, "spokesman", "Pentagon"),
        ("Two senior officials said the plan was ready.", 2, "official", None),
        ("Officials said the talks would resume.", None, "official", None),
        ("Venezuelan officials denied that the army was involved.", None, "official", "Venezuelan"),
        (
            "Two officials at the national water commission, who asked not to be named, said the dam "
            "was safe.",
            2,
            "official",
            "national water commission",
        ),
    ],
)
def test_anonymous_people(nlp, text, count, role, affiliation):
    entity = source_of(nlp(text))
    assert (entity.type, entity.anonymous, entity.name, entity.count, entity.role, entity.affiliation) == (
        "anonymous",
        True,
        None,
        count,
        role,
        affiliation,
    )


def test_nested_anonymous_sources_of_an_outlet_report(nlp):
    doc = nlp(
        "A new NBC News report, citing four unnamed sources, says the strikes could begin within weeks."
    )
    # Sources are in order of first mention; attributions in order of their cue.
    assert [fields(s) for s in doc._.sources] == [
        {
            "type": "outlet",
            "name": "NBC News",
            "normalized_name": "nbc news",
            "anonymous": False,
            "count": None,
            "affiliation": None,
            "role": None,
            "mentions": ["A new NBC News report"],
        },
        {
            "type": "anonymous",
            "name": None,
            "normalized_name": None,
            "anonymous": True,
            "count": 4,
            "affiliation": None,
            "role": None,
            "mentions": ["four unnamed sources"],
        },
    ]
    assert [a.cue.text for a in doc._.attributions] == ["citing", "says"]
    assert [a.source_index for a in doc._.attributions] == [1, 0]


def test_group_with_included_subgroup(nlp):
    doc = nlp(
        "The strikes could begin within weeks, according to four people familiar with the matter, "
        "including two U.S. officials."
    )
    entity = source_of(doc)
    assert (entity.type, entity.count, entity.role) == ("anonymous", 4, None)
    assert entity.includes == [
        SourceGroupInfo(text="two U.S. officials", count=2, affiliation="U.S. officials")
    ]


@pytest.mark.parametrize(
    ("text", "source_type", "name"),
    [
        ("The Defense Ministry said the vessels were fishing boats.", "government", "Defense Ministry"),
        ("The White House said the talks had failed.", "government", "White House"),
        ("The Pentagon said the ships were ready.", "government", "Pentagon"),
        ("The government said it would respond.", "government", None),
        ("According to the coast guard, three vessels were hit.", "government", None),
        ("Venezuela rejected the reports.", "government", "Venezuela"),
        ("Reuters reported that the port was closed.", "outlet", "Reuters"),
        (
            "Officials said, according to the New York Times, that the plan was approved.",
            "outlet",
            "New York Times",
        ),
        ("The newspaper said the president had not decided.", "outlet", None),
        ("The company said its tankers were safe.", "organization", None),
        ("The United Nations said aid would arrive soon.", "organization", "United Nations"),
        (
            "The Pacific Terminal Operators Association denied that it plans cuts.",
            "organization",
            "Pacific Terminal Operators Association",
        ),
        ("A statement from the ministry said the ships had left.", "document", None),
        ("The report said the ships had left.", "document", None),
    ],
)
def test_source_types(nlp, text, source_type, name):
    doc = nlp(text)
    # The last attribution's source is the one named in the table ("according to" nests).
    entity = doc._.sources[doc._.attributions[-1].source_index]
    assert (entity.type, entity.name) == (source_type, name)


@pytest.mark.parametrize(
    ("text", "name", "role", "affiliation"),
    [
        # A rank between the function and the name is not the role; alone it is.
        ("Navy spokesman Lt. Cmdr. Ana Park said the ships had left.", "Ana Park", "spokesman", "Navy"),
        ("Defense Minister Gen. Ivan Soto said troops were ready.", "Ivan Soto", "Defense Minister", None),
        ("Attorney General Maria Lopez said the case was closed.", "Maria Lopez", "Attorney General", None),
        # Title first, name last: the "for" phrase is the affiliation, titles leave the name.
        (
            "A spokeswoman for the navy, Cmdr. Ewa Nowak, said no ship was damaged.",
            "Ewa Nowak",
            "spokeswoman",
            "navy",
        ),
        (
            "The hospital's chief executive, Dr. Paul Weber, said it would not pay.",
            "Paul Weber",
            "chief executive",
            "hospital",
        ),
        # The name closing the phrase may hang off the noun after "for" (and be tagged a place).
        (
            "A spokesman for the fire service, Devin Marsh, said lightning was ruled out.",
            "Devin Marsh",
            "spokesman",
            "fire service",
        ),
        # A possessor in the appositive is the affiliation; a place after the body is not.
        (
            "Dr. Ruth Okoye, the county's chief medical officer, said the clinics were full.",
            "Ruth Okoye",
            "chief medical officer",
            "county",
        ),
        (
            "Dr. Maria Chen, a virologist at Stanford University in California, said it worked.",
            "Maria Chen",
            "virologist",
            "Stanford University",
        ),
        (
            "Eduardo Ramos, who was mayor of Porto Alegre, denied the charges.",
            "Eduardo Ramos",
            "mayor",
            "Porto Alegre",
        ),
    ],
)
def test_titles_ranks_and_appositives(nlp, text, name, role, affiliation):
    entity = source_of(nlp(text))
    assert (entity.type, entity.name, entity.role, entity.affiliation) == ("person", name, role, affiliation)


@pytest.mark.parametrize(
    ("text", "source_type", "name", "affiliation"),
    [
        ("China's Foreign Ministry said the boat had intruded.", "government", "Foreign Ministry", "China"),
        ("Environmental group Delta Watch said the slick was visible.", "organization", "Delta Watch", None),
        ("Local radio station Valley 98 reported a second fire.", "outlet", "Valley 98", None),
        (
            "A cybersecurity firm hired by the hospital, Delfgauw Security, said the attack was known.",
            "organization",
            "Delfgauw Security",
            None,
        ),
        ("According to a summary released by the union, jobs are guaranteed.", "document", None, "union"),
        (
            "According to data from the finance ministry, bond sales fell.",
            "document",
            None,
            "finance ministry",
        ),
        ("According to video released by the army, the ship sounded its horn.", "document", None, "army"),
    ],
)
def test_bodies_and_documents(nlp, text, source_type, name, affiliation):
    entity = source_of(nlp(text))
    assert (entity.type, entity.name, entity.affiliation) == (source_type, name, affiliation)


def test_a_statement_a_body_made_is_issued_by_it(nlp):
    doc = nlp(
        "The prosecutor's office said in a statement that the mayor had been detained. "
        "He would be brought before a judge on Tuesday, the statement said."
    )
    statement = source_of(doc, 1)
    assert (statement.type, statement.affiliation) == ("document", "prosecutor's office")
    # a pronoun issues nothing the record can name
    doc = nlp("He said in a statement that he was innocent. The statement said he would appeal.")
    statement = source_of(doc, 1)
    assert (statement.type, statement.affiliation) == ("document", None)


def test_unnamed_people_beyond_the_shared_lexicon_and_places(nlp):
    trader = source_of(nlp('"It was a shrug," said a currency trader at a European bank.'))
    assert (trader.type, trader.count, trader.role, trader.affiliation) == (
        "anonymous",
        1,
        "trader",
        "European bank",
    )
    vendors = source_of(nlp("Fish vendors in San Fernando said prices had doubled."))
    assert (vendors.type, vendors.affiliation) == ("anonymous", None)


def test_partitive_takes_the_role_and_affiliation_of_its_group(nlp):
    doc = nlp(
        "Four Polish military officials said drones had flown over the base. "
        "Two of the officials said the drones were tracked from the sea."
    )
    subset = source_of(doc, 1)
    assert (subset.count, subset.role, subset.affiliation) == (2, "official", "Polish military")
    assert doc._.attributions[0].source_index != doc._.attributions[1].source_index


def test_its_is_the_body_named_before(nlp):
    doc = nlp(
        "The World Bank said growth would slow. Its chief economist, Ana Torres, said inflation was easing."
    )
    assert (source_of(doc, 1).name, source_of(doc, 1).affiliation) == ("Ana Torres", "World Bank")


# -- merging --------------------------------------------------------------------------------


def test_surname_mentions_merge_with_the_full_name(nlp):
    doc = nlp(
        "Vice President Delcy Rodríguez said the country would not yield. "
        '"We are ready," Rodríguez told reporters. Ms. Rodríguez said later that talks could resume.'
    )
    assert len(doc._.sources) == 1
    assert [m.text for m in doc._.sources[0].mentions] == [
        "Vice President Delcy Rodríguez",
        "Rodríguez",
        "Ms. Rodríguez",
    ]
    assert [a.source_index for a in doc._.attributions] == [0, 0, 0]


def test_full_name_after_surname_upgrades_the_name(nlp):
    doc = nlp(
        '"We did not want this," said union president Rosa Delgado. Delgado told reporters that the strike '
        "would continue."
    )
    assert [(s.name, s.role, len(s.mentions)) for s in doc._.sources] == [
        ("Rosa Delgado", "union president", 2)
    ]


def test_anonymous_sources_are_not_merged_but_a_definite_reference_is(nlp):
    doc = nlp(
        "A senior official said the talks had stalled. Another senior official said the talks would resume. "
        "The official added that no date had been set."
    )
    assert [[m.text for m in s.mentions] for s in doc._.sources] == [
        ["A senior official"],
        ["Another senior official", "The official"],
    ]
    assert [a.source_index for a in doc._.attributions] == [0, 1, 1]


def test_definite_reference_must_match_its_modifiers(nlp):
    doc = nlp(
        "A senior administration official said the plan was ready. "
        "One U.S. official said a destroyer had moved. "
        "The senior administration official said the campaign had been planned for months."
    )
    assert [a.source_index for a in doc._.attributions] == [0, 1, 0]


def test_report_refers_back_to_the_outlet(nlp):
    doc = nlp(
        "A new Meridian Times report says the Pentagon is preparing options. "
        "The report added that the plans had been shared with allies."
    )
    assert len(doc._.sources) == 1
    assert (doc._.sources[0].type, doc._.sources[0].name) == ("outlet", "Meridian Times")


def test_surname_merges_with_a_full_name_given_outside_an_attribution(nlp):
    doc = nlp(
        "Defense Secretary Alan Brooks did not confirm the report. Brooks told reporters that the "
        "campaign would continue."
    )
    entity = source_of(doc)
    assert (entity.name, entity.role) == ("Alan Brooks", "Defense Secretary")
    assert [m.text for m in entity.mentions] == ["Defense Secretary Alan Brooks", "Brooks"]


def test_the_company_refers_to_a_company_named_as_a_subject(nlp):
    doc = nlp("Volta Motors will recall 180,000 cars. The company said the fault was in the batteries.")
    assert (source_of(doc).type, source_of(doc).name) == ("organization", "Volta Motors")
    # ... but not to a body called something else, and not when it introduces a new one.
    doc = nlp("The Harbor Workers Association said the offer was fair. The company said talks would resume.")
    assert source_of(doc, 1).name is None
    doc = nlp("Volta Motors said sales rose. The company that runs the port said it was closed.")
    assert source_of(doc, 1).name is None


def test_definite_description_of_an_included_subgroup(nlp):
    doc = nlp(
        "Two people familiar with the matter, including a senior defense official, said a crew had fired. "
        "The senior defense official said the incident was under review."
    )
    group, official = source_of(doc, 0), source_of(doc, 1)
    assert group is not official
    assert (official.count, official.role, official.affiliation) == (1, "official", "defense")
    assert [m.text for m in official.mentions] == ["a senior defense official", "The senior defense official"]


# -- pronouns -------------------------------------------------------------------------------


def test_he_resolves_to_the_previous_person(nlp):
    doc = nlp('Navy spokesman Dana Whitfield said the ships had moved. "The fleet is in position," he added.')
    assert [a.source_index for a in doc._.attributions] == [0, 0]
    assert [m.text for m in doc._.sources[0].mentions] == ["Navy spokesman Dana Whitfield", "he"]


def test_she_skips_a_person_marked_male(nlp):
    doc = nlp(
        "Ms. Alvarez said the port would reopen. Mr. Ortega said the ships were safe. "
        '"We will talk again," she said.'
    )
    assert [a.source_index for a in doc._.attributions] == [0, 1, 0]


def test_they_resolves_to_a_group_and_it_to_an_institution(nlp):
    doc = nlp(
        "Two officials said the dam was safe. They added that the water would recede. "
        "The Defense Ministry said the vessels were fishing boats. It added that the crews were safe."
    )
    assert [a.source_index for a in doc._.attributions] == [0, 0, 1, 1]
    assert [len(s.mentions) for s in doc._.sources] == [2, 2]


def test_pronoun_resolves_to_a_subject_that_was_not_yet_a_source(nlp):
    doc = nlp('Defense Secretary Alan Brooks declined to discuss the plans. "We do not telegraph," he said.')
    assert [fields(s) for s in doc._.sources] == [
        {
            "type": "person",
            "name": "Alan Brooks",
            "normalized_name": "alan brooks",
            "anonymous": False,
            "count": None,
            "affiliation": None,
            "role": "Defense Secretary",
            "mentions": ["Defense Secretary Alan Brooks", "he"],
        }
    ]


def test_unresolvable_pronoun_is_an_unknown_source(nlp):
    doc = nlp("They said the port was closed.")
    assert fields(source_of(doc)) == {
        "type": "unknown",
        "name": None,
        "normalized_name": None,
        "anonymous": False,
        "count": None,
        "affiliation": None,
        "role": None,
        "mentions": ["They"],
    }


# -- a whole article ------------------------------------------------------------------------

ARTICLE = "\n\n".join(
    [
        (
            "CARACAS — Venezuelan Vice President Delcy Rodríguez said on Monday that the country would "
            "not yield to foreign pressure."
        ),
        (
            '"We are ready to defend every inch of our coast," Rodríguez told reporters in Caracas. '
            '"Nobody will take it from us."'
        ),
        (
            "A new NBC News report, citing four unnamed sources, says the strikes could begin within "
            "weeks. The report added that the plans had been shared with allies."
        ),
        (
            'Navy spokesman Dana Whitfield said three vessels had been moved. "The fleet is in '
            'position," she said.'
        ),
        (
            "A senior administration official said the talks had stalled. The official added that no "
            "date had been set."
        ),
        (
            "The Defense Ministry denied that its forces were involved. It said the vessels were "
            "fishing boats."
        ),
        (
            'According to the coast guard, two of the boats sank. "We found no survivors," said Captain'
            " Luis Ortega, who led the search."
        ),
        '"This will not stand," Ms. Rodríguez said.',
    ]
)


def test_article_sources_merge_and_pronouns_resolve(nlp):
    doc = nlp(ARTICLE)
    by_source = [
        (a.cue.text, doc._.sources[a.source_index].name or doc._.sources[a.source_index].type)
        for a in doc._.attributions
    ]
    assert by_source == [
        ("said", "Delcy Rodríguez"),
        ("told", "Delcy Rodríguez"),
        ("citing", "anonymous"),
        ("says", "NBC News"),
        ("added", "NBC News"),
        ("said", "Dana Whitfield"),
        ("said", "Dana Whitfield"),  # "she"
        ("said", "anonymous"),
        ("added", "anonymous"),  # "The official"
        ("denied", "Defense Ministry"),
        ("said", "Defense Ministry"),  # "It"
        ("According to", "government"),
        ("said", "Luis Ortega"),
        ("said", "Delcy Rodríguez"),
    ]
    assert [(s.type, len(s.mentions)) for s in doc._.sources] == [
        ("person", 3),
        ("outlet", 2),
        ("anonymous", 1),
        ("person", 2),
        ("anonymous", 2),
        ("government", 2),
        ("government", 1),
        ("person", 1),
    ]
    rodriguez = doc._.sources[0]
    assert (rodriguez.role, rodriguez.affiliation) == ("Vice President", "Venezuelan")
    record = doc_to_record(doc, Article(id="x", text=doc.text))
    assert len(record.sources) == 8
    assert record.attributions[6].source_id == record.sources[3].id == "s4"
    for source in record.sources:
        for m in source.mentions:
            assert ARTICLE[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("text", "role", "affiliation"),
    [
        (
            "The commander of U.S. Southern Command confirmed that options were ready.",
            "commander",
            "U.S. Southern Command",
        ),
        ("The head of the Ostreli central bank said rates would rise.", "head", "Ostreli central bank"),
    ],
)
def test_the_holder_of_a_one_person_office_is_a_person_not_anonymous(nlp, text, role, affiliation):
    entity = source_of(nlp(text))
    assert (entity.type, entity.anonymous, entity.role, entity.affiliation) == (
        "person",
        False,
        role,
        affiliation,
    )


def test_an_unnamed_official_of_a_body_stays_anonymous(nlp):
    # 'an official', 'the officials': not one-person offices
    assert source_of(nlp("An official at the Pentagon said the order was signed.")).anonymous
    assert source_of(nlp("The officials of the ministry said the order was signed.")).anonymous


def test_a_name_ending_in_a_body_word_is_a_body_whatever_the_recogniser_says(nlp):
    for text, name in (
        (
            'Carrick said there was "no sign that any patient data has left the network." Velsa Regional '
            "Hospitals said planned surgery would remain cancelled until at least Friday.",
            "Velsa Regional Hospitals",
        ),
        (
            "The satellite was launched in 2024. Skylark Networks, which operates Lumen-14, said the "
            'satellite "has not responded to any command since 04:12 GMT."',
            "Skylark Networks",
        ),
    ):
        record = doc_to_record(nlp(text), Article(id="a", text=text))
        assert ("organization", name) in [(s.type, s.name) for s in record.sources], text
    # a person's surname that is also a word stays a person's
    assert source_of(nlp("Maria Banks said the port was closed.")).type == "person"


def test_a_name_described_as_a_body_is_a_body(nlp):
    # an apposition or title saying what the body is, or a head word after a title ('General')
    for text, name in (
        (
            "Veska Water, the municipal utility, said samples had tested positive for E. coli.",
            "Veska Water",
        ),
        ("Aerovell, the country's largest airline, said all flights would resume.", "Aerovell"),
        ("Voltra Mobility said it was recalling 214,000 scooters.", "Voltra Mobility"),
        ("Veska General Hospital said it had treated 46 people.", "Veska General Hospital"),
    ):
        record = doc_to_record(nlp(text), Article(id="a", text=text))
        assert ("organization", name) in [(s.type, s.name) for s in record.sources], text
    # an operator may be a person's trade
    text = "Marcus Bell, a crane operator with 22 years at the port, said the strike would go ahead."
    assert source_of(nlp(text)).type == "person"


def test_a_name_followed_by_which_is_a_body_not_a_person(nlp):
    text = (
        "Railnet Kestland, which manages the rail network, said on Monday evening that a signalling "
        "fault had halted traffic."
    )
    record = doc_to_record(nlp(text), Article(id="a", text=text))
    assert ("organization", "Railnet Kestland") in [(s.type, s.name) for s in record.sources]
    # 'who' is a person's
    text = "Piet Oradell, who speaks for the rail company, said the trains would run on Tuesday."
    record = doc_to_record(nlp(text), Article(id="a", text=text))
    assert ("person", "Piet Oradell") in [(s.type, s.name) for s in record.sources]
