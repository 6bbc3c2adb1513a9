"""Story clustering (newstrace.link): features, the incremental index, its state, the metrics, the benchmark.

Every text here is invented (no ECB+ text is copied into the repository).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from _bench import load_benchmark
from click.testing import CliRunner

from newstrace.cli import main
from newstrace.link import Params, StoryIndex, bcubed, pairwise, story_terms
from newstrace.link.features import lead as lead_of
from newstrace.link.features import term_counts

bench = load_benchmark("stories")

# Four invented happenings; "quake19" and "quake21" are two earthquakes in one invented country, two years
# apart, in other towns, with other tolls and other officials.
CORPUS = [
    (
        "quake19",
        "Earthquake of magnitude 6.1 kills 34 in Marisco",
        "A strong earthquake of magnitude 6.1 struck the Velorian town of Marisco on Tuesday, killing 34 "
        "people and injuring hundreds, officials said. Rescue teams in Marisco searched collapsed houses "
        "through the night. Governor Anika Stroud said the 2019 quake was the worst the Orvel valley "
        "had seen.",
    ),
    (
        "quake19",
        "Marisco death toll rises to 34",
        "Rescuers in Marisco pulled two more bodies from the rubble, bringing the death toll of the "
        "magnitude 6.1 earthquake to 34. Governor Anika Stroud visited the Orvel valley and promised "
        "new homes. The earthquake in Marisco destroyed the old market and the church.",
    ),
    (
        "quake19",
        "Aftershocks rattle Marisco",
        "Aftershocks shook Marisco on Thursday, two days after the magnitude 6.1 earthquake that killed 34 "
        "people in the Orvel valley. Anika Stroud, the governor, said tents had reached every family in "
        "Marisco.",
    ),
    (
        "quake21",
        "Magnitude 7.3 earthquake devastates Dunhaven, 112 dead",
        "A magnitude 7.3 earthquake hit the Velorian port of Dunhaven early on Sunday, killing 112 people. "
        "Interior minister Pavel Drenko said rescue teams were still searching the harbour district of "
        "Dunhaven. It was the strongest earthquake in Veloria since 2021 began.",
    ),
    (
        "quake21",
        "Dunhaven toll reaches 112",
        "The death toll of the magnitude 7.3 earthquake in Dunhaven rose to 112, minister Pavel Drenko said. "
        "Cranes cleared the harbour of Dunhaven, where the earthquake sank fishing boats and cracked the "
        "quay.",
    ),
    (
        "quake21",
        "Dunhaven buries its dead",
        "Dunhaven held funerals for the 112 victims of Sunday's magnitude 7.3 earthquake. Pavel Drenko, the "
        "interior minister, promised to rebuild the harbour district of Dunhaven within a year.",
    ),
    (
        "transfer",
        "Redfern Rovers sign striker Tomas Kelberg",
        "Redfern Rovers have signed the striker Tomas Kelberg from Caldport United for 40 million, the club "
        "said. Kelberg, 24, scored 19 goals last season. Rovers manager Elin Sarto called Kelberg the best "
        "young striker in the league.",
    ),
    (
        "transfer",
        "Kelberg completes record move to Redfern",
        "Tomas Kelberg passed his medical and completed a record 40 million move to Redfern Rovers. Caldport "
        "United fans were unhappy to lose the striker. Elin Sarto said Kelberg would start on Saturday.",
    ),
    (
        "transfer",
        "Caldport reinvest Kelberg money",
        "Caldport United plan to spend the 40 million they received from Redfern Rovers for Tomas Kelberg on "
        "two defenders. Kelberg thanked the Caldport fans in a letter.",
    ),
    (
        "fire",
        "Fire guts Pellham glassworks",
        "A fire destroyed the Brightwater glassworks in Pellham overnight, injuring six workers. Fire chief "
        "Oskar Lindell said the blaze in the furnace hall of the Brightwater plant burned for nine hours.",
    ),
    (
        "fire",
        "Brightwater glassworks fire: six workers in hospital",
        "Six workers remain in hospital after the fire at the Brightwater glassworks in Pellham. Oskar "
        "Lindell, the fire chief, said the furnace hall collapsed. Brightwater said production would "
        "stop for months.",
    ),
    (
        "fire",
        "Pellham glassworks to rebuild",
        "The owners of the Brightwater glassworks in Pellham will rebuild the furnace hall destroyed by the "
        "fire, they said. Oskar Lindell praised the firefighters who saved the warehouse.",
    ),
]


def _order(seed: int) -> list[int]:
    import random

    order = list(range(len(CORPUS)))
    random.Random(seed).shuffle(order)
    return order


def _cluster(index: StoryIndex, items: list[int]) -> dict[int, str]:
    return {i: index.add(CORPUS[i][2], title=CORPUS[i][1]) for i in items}


def _same_grouping(pred: dict[int, str]) -> None:
    truth = {i: CORPUS[i][0] for i in pred}
    assert bcubed(truth, pred).f1 == 1.0, pred


# -- features ------------------------------------------------------------------------------------


def test_features_names_numbers_years_and_words():
    counts = term_counts("Governor Anika Stroud said the 2019 quake of magnitude 6.1 hit Marisco.")
    assert counts["e:anika_stroud"] == 1
    assert counts["e:anika"] == 1 and counts["e:marisco"] == 1
    assert counts["y:2019"] == 1 and counts["n:6.1"] == 1
    assert counts["w:quake"] == 1 and counts["w:magnitude"] == 1
    # the sentence opener is not a name; stopwords are dropped
    assert "e:governor" not in counts and "w:governor" in counts
    assert not any(t.endswith(":the") or t.endswith(":said") for t in counts)


def test_story_terms_weights_title_and_names():
    terms = story_terms(CORPUS[0][2], title=CORPUS[0][1], names=["Orvel Valley Authority"])
    assert "e:orvel_valley_authority" in terms
    # names and numbers weigh more than words; a repeated term more than a single one
    assert terms["e:marisco"] > terms["w:earthquake"] > terms["w:rescue"]
    assert terms["n:34"] > terms["w:rescue"]
    assert story_terms("") == {}


def test_a_long_articles_lead_counts_its_names_and_numbers_three_times():
    filler = " ".join(["The crowd waited outside the hall while officials counted the ballots again."] * 16)
    lead = "Mayor Ilse Varga won the Tarnow vote with 61.4 percent, her opponent Dario Pell said."
    terms = story_terms(lead + " " + filler + " Then Varga thanked Tarnow.")
    assert terms["e:ilse_varga"] == pytest.approx((1.0 + math.log(3)) * 2)  # once, in the lead: 3 times
    assert terms["e:varga"] == pytest.approx((1.0 + math.log(4)) * 2)  # 3 from the lead + 1 after it
    assert terms["n:61.4"] == pytest.approx((1.0 + math.log(3)) * 2)
    assert terms["w:vote"] == pytest.approx(1.0)  # the lead's plain words count once
    # a short article is left as it is
    short = story_terms(lead + " Then Varga thanked Tarnow.")
    assert short["e:ilse_varga"] == pytest.approx(2.0) and short["n:61.4"] == pytest.approx(2.0)
    assert lead_of(lead) is None and lead_of(lead + " " + filler).startswith("Mayor Ilse Varga")


# -- the index -----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_groups_the_invented_happenings_in_any_order(seed):
    _same_grouping(_cluster(StoryIndex(), _order(seed)))


def test_similar_but_distinct_quakes_are_separate_stories():
    index = StoryIndex()
    pred = _cluster(index, list(range(6)))
    assert len({pred[0], pred[1], pred[2]}) == 1
    assert len({pred[3], pred[4], pred[5]}) == 1
    assert pred[0] != pred[3]


def test_dates_outside_the_window_start_a_new_story():
    index = StoryIndex(Params(window_days=10))
    first = index.add(CORPUS[0][2], title=CORPUS[0][1], published="2019-03-05")
    assert index.add(CORPUS[1][2], title=CORPUS[1][1], published="2019-03-07") == first
    # the same text a year later is another happening of the same kind
    assert index.add(CORPUS[2][2], title=CORPUS[2][1], published="2020-03-07") != first


def test_incremental_add_keeps_earlier_assignments_and_story_fields():
    index = StoryIndex()
    early = _cluster(index, list(range(0, 12, 2)))
    later = _cluster(index, list(range(1, 12, 2)))
    _same_grouping({**early, **later})
    for i, story_id in early.items():
        assert index.stories[story_id].articles >= 1, i
    summary = index.summary(early[6])
    assert summary["articles"] == 3
    assert summary["label"]
    assert set(summary) == {"id", "label", "first_seen", "last_seen", "outlets", "articles"}


def test_story_summary_first_last_seen_outlets_and_label():
    index = StoryIndex()
    story = index.add(CORPUS[9][2], published="2024-05-02", outlet="Pellham Post")
    index.add(CORPUS[10][2], published="2024-05-01T08:00:00", outlet="Valley Radio")
    index.add(CORPUS[11][2], published="2024-05-06", outlet="Pellham Post")
    summary = index.summary(story)
    assert summary["articles"] == 3
    assert summary["first_seen"] == "2024-05-01T08:00:00" and summary["last_seen"] == "2024-05-06"
    assert summary["outlets"] == ["Pellham Post", "Valley Radio"]
    label = summary["label"].lower()
    assert "brightwater" in label or "pellham" in label or "glassworks" in label


def test_label_prefers_the_most_central_title():
    index = StoryIndex()
    story = index.add(CORPUS[6][2], title=CORPUS[6][1])
    index.add(CORPUS[7][2], title=CORPUS[7][1])
    assert index.label(story) in {CORPUS[6][1], CORPUS[7][1]}


def test_state_round_trip_gives_the_same_assignments_for_new_articles():
    index = StoryIndex()
    _cluster(index, [0, 3, 6, 9, 1, 4])
    state = json.loads(json.dumps(index.to_dict()))
    copy = StoryIndex.from_dict(state)
    assert copy.to_dict() == index.to_dict()
    rest = [7, 10, 2, 5, 8, 11]
    assert _cluster(copy, rest) == _cluster(index, rest)
    with pytest.raises(ValueError):
        StoryIndex.from_dict({**state, "version": 999})


def test_bounded_candidates_and_profiles():
    params = Params(profile_terms=20, max_postings=3, candidates=2)
    index = StoryIndex(params)
    _cluster(index, list(range(12)))
    assert all(len(story.terms) <= 20 for story in index.stories.values())
    assert all(len(posting) <= 3 for posting in index._postings.values())


def test_latest_year_and_story_years_counter():
    from newstrace.link.stories import latest_year

    assert latest_year(story_terms("Built in 1998, the dam failed in 2013 and again in 2014.")) == "2014"
    assert latest_year(story_terms("The mill closed in the 1990s.")) is None
    index = StoryIndex()
    story = index.add("The Tarvel bridge collapsed in 2013, killing 4.")
    index.add("Tarvel bridge collapse of 2013: inquiry opens into the Tarvel bridge.")
    index.add("The Tarvel bridge, which collapsed, has been rebuilt.")  # no year: not counted
    assert index.stories[story].years == {"2013": 2}


_CUP_A = (
    "Striker Dario Menk was arrested in Caldera after a nightclub fight in 2011, police said. The Caldera "
    "Rovers forward Dario Menk was held overnight and released on bail by the Caldera court."
)
_CUP_B = (
    "Caldera Rovers defender Ilya Sorn was arrested in Caldera after a nightclub fight in 2016, police said. "
    "The Rovers said Sorn was held overnight and released on bail by the Pontevar court."
)
_CUP_A2 = (
    "Caldera Rovers forward Dario Menk, arrested after the 2011 nightclub fight in Caldera, was released on "
    "bail; the Rovers said Menk would train on Monday."
)


def test_conflicting_latest_year_is_negative_evidence():
    index = StoryIndex()
    first = index.add(_CUP_A)
    story = index.stories[first]
    terms_b = story_terms(_CUP_B)
    assert index.year_conflict(terms_b, story)
    assert not index.year_conflict(story_terms(_CUP_A2), story)
    assert not index.year_conflict(story_terms("Caldera Rovers fight: no year named here."), story)
    # an article naming the story's year as well as a later one is no conflict
    assert not index.year_conflict(story_terms("The 2011 fight was recalled after a new one in 2016."), story)
    plain = StoryIndex(Params(year_penalty=0.0))
    plain.add(_CUP_A)
    with_penalty = index.match(terms_b)
    without = plain.match(terms_b)
    assert without.score - with_penalty.score == pytest.approx(0.1)
    # the same story with its own year still joins
    assert index.add(_CUP_A2) == first


def test_year_penalty_separates_two_arrests_of_one_team():
    # another player arrested five years later: alike enough to join without the penalty, not with it
    plain = StoryIndex(Params(year_penalty=0.0))
    assert plain.add(_CUP_A) == plain.add(_CUP_B)
    index = StoryIndex()
    assert index.add(_CUP_A) != index.add(_CUP_B)


# Two ferry disasters of one kind; a follow-up report on each in the same words but for its figures.
_FERRY_A = (
    "A ferry carrying 212 passengers capsized off the island of Tessaly on Friday; 37 people drowned and 58 "
    "were rescued, the coast guard said. Captain Ruben Okal was detained."
)
_FERRY_B = (
    "A ferry carrying 340 passengers capsized off the island of Verrin on Friday; 12 people drowned and 150 "
    "were rescued, the coast guard said. Captain Ilse Marant was detained."
)
_FOLLOW_UP = (
    "Families waited at the harbour as divers searched the hull for a second day. Officials confirmed "
    "that {dead} died and {saved} survived of the {aboard} aboard. Relatives blamed the shipping company for "
    "overloading the vessel, and prosecutors opened an inquiry. The ministry promised compensation; churches "
    "held vigils; volunteers brought blankets and food to the port."
)


@pytest.mark.parametrize(
    ("figures", "story"),
    [({"dead": 37, "saved": 58, "aboard": 212}, 0), ({"dead": 12, "saved": 150, "aboard": 340}, 1)],
)
def test_agreeing_figures_join_a_story_and_conflicting_ones_do_not(figures, story):
    follow_up = _FOLLOW_UP.format(**figures)
    index = StoryIndex()
    stories = [index.add(_FERRY_A), index.add(_FERRY_B)]
    assert stories[0] != stories[1]  # same kind, other place, people and figures
    assert index.add(follow_up) == stories[story]
    # the words alone are too few to join either: the shared figures are what tells
    plain = StoryIndex(Params(number_boost=0.0))
    stories = [plain.add(_FERRY_A), plain.add(_FERRY_B)]
    assert plain.add(follow_up) not in stories


def test_story_rows_stored_before_years_existed_still_load():
    index = StoryIndex()
    _cluster(index, [0, 1, 3])
    state = json.loads(json.dumps(index.to_dict()))
    for row in state["stories"]:
        del row["years"]
    del state["params"]["year_penalty"], state["params"]["max_years"]
    copy = StoryIndex.from_dict(state)
    assert all(story.years == {} for story in copy.stories.values())
    assert copy.params.year_penalty == Params().year_penalty
    copy.add(CORPUS[2][2], title=CORPUS[2][1])


def test_state_saved_before_the_number_boost_keeps_matching_without_it():
    index = StoryIndex(Params(threshold=0.22))
    _cluster(index, [0, 3])
    state = json.loads(json.dumps(index.to_dict()))
    del state["params"]["number_boost"]
    copy = StoryIndex.from_dict(state)
    assert copy.params.number_boost == 0.0 and copy.params.threshold == 0.22
    assert StoryIndex.from_dict(index.to_dict()).params.number_boost == Params().number_boost > 0


# -- metrics -------------------------------------------------------------------------------------


def test_bcubed_and_pairwise_by_hand():
    true = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    b = bcubed(true, pred)
    # precision: a,b 2/2; c 1/3; d,e 2/3 -> (1+1+1/3+2/3+2/3)/5; recall: a,b 2/3; c 1/3; d,e 2/2
    assert b.precision == pytest.approx((2 + 1 / 3 + 4 / 3) / 5)
    assert b.recall == pytest.approx((4 / 3 + 1 / 3 + 2) / 5)
    p = pairwise(true, pred)
    # predicted pairs: ab, cd, ce, de (4); true pairs: ab, ac, bc, de (4); both: ab, de
    assert (p.precision, p.recall) == (0.5, 0.5)
    assert p.f1 == 0.5
    assert bcubed(true, true).f1 == 1.0 and pairwise(true, true).f1 == 1.0
    # all singletons: perfect precision; pairwise precision is 1 with no predicted pairs
    singles = {k: k for k in true}
    assert bcubed(true, singles).precision == 1.0 and bcubed(true, singles).recall == pytest.approx(
        (1 / 3 * 3 + 1 / 2 * 2) / 5
    )
    assert pairwise(true, singles).precision == 1.0 and pairwise(true, singles).recall == 0.0


# -- the benchmark -------------------------------------------------------------------------------


def _write_ecb(path: Path, text: str) -> None:
    tokens = []
    t_id = 1
    for sentence, line in enumerate(text.split("\n")):
        for number, word in enumerate(line.replace(".", " .").replace(",", " ,").split()):
            tokens.append(f'<token t_id="{t_id}" sentence="{sentence}" number="{number}">{word}</token>')
            t_id += 1
    path.write_text(
        f'<Document doc_name="{path.name}" doc_id="1">\n'
        + "\n".join(tokens)
        + "\n<Markables/>\n</Document>\n",
        encoding="utf-8",
    )


def _tiny_ecb_folder(tmp_path: Path) -> None:
    topics = {"1": ("quake19", "quake21"), "2": ("transfer", "fire")}
    number: dict[str, int] = {}
    for topic, (ecb, ecbplus) in topics.items():
        (tmp_path / topic).mkdir()
        for story, suffix in ((ecb, "ecb"), (ecbplus, "ecbplus")):
            for _, title, text in (item for item in CORPUS if item[0] == story):
                number[topic] = number.get(topic, 0) + 1
                lines = [title, *text.split(". ")]
                if suffix == "ecbplus":
                    lines.insert(0, "http : / / www . example . org / news")
                _write_ecb(tmp_path / topic / f"{topic}_{number[topic]}{suffix}.xml", "\n".join(lines))


def test_benchmark_main_on_a_tiny_ecb_folder(tmp_path, capsys):
    _tiny_ecb_folder(tmp_path)
    out = tmp_path / "pred.json"
    assert bench.main(["--data", str(tmp_path), "--pred-out", str(out)]) == 0
    pred = json.loads(out.read_text())
    assert len(pred) == 12
    text = capsys.readouterr().out
    assert "stories  B-cubed" in text and "topics   B-cubed" in text
    truth = {name: bench.true_groups(tmp_path / name.split("_")[0] / name)[0] for name in pred}
    assert bcubed(truth, pred).f1 == 1.0
    # the URL line an ECB+ file opens with is not part of the article
    assert "example" not in bench.read_article(tmp_path / "1" / "1_4ecbplus.xml")


def test_benchmark_scale_mode_runs(capsys):
    rows = bench.run_scale(300, seed=3)
    assert rows[-1]["articles"] == 300
    assert rows[-1]["bcubed_f1"] > 0.8


def test_a_store_of_ecb_articles_serves_the_story_commands(tmp_path):
    data = tmp_path / "ecb"
    data.mkdir()
    _tiny_ecb_folder(data)
    articles = tmp_path / "ecb.jsonl"
    assert (
        bench.main(
            ["--data", str(data), "--pred-out", str(tmp_path / "p.json"), "--articles-out", str(articles)]
        )
        == 0
    )
    lines = [json.loads(line) for line in articles.read_text().splitlines()]
    assert len(lines) == 12 and all(line["id"].endswith(".xml") and line["text"] for line in lines)
    db = str(tmp_path / "ecb.db")
    runner = CliRunner()
    ingested = runner.invoke(main, ["ingest", str(articles), "--db", db])
    assert ingested.exit_code == 0, ingested.output
    listed = runner.invoke(main, ["stories", "--db", db, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    stories = json.loads(listed.output)
    assert stories and sum(s["n_articles"] for s in stories) == 12
    story_id = stories[0]["id"]
    shown = {}
    for command in (["story", story_id], ["claims", "--story", story_id], ["timeline", story_id]):
        result = runner.invoke(main, [*command, "--db", db, "--format", "json"])
        shown[command[0]] = json.loads(result.output)
        # exit 3 is documented for a story with nothing of that kind to show (and only then)
        assert result.exit_code == (0 if shown[command[0]] else 3), (command, result.output)
    assert shown["claims"], "every story's articles carry claims"
