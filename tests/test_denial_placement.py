"""Which claim a denial answers (newstrace.link.denials), its training (newstrace.training.denials) and
the claims benchmark's options for it. The stories are invented for these tests."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from _bench import load_benchmark

from newstrace.analysis import analyze
from newstrace.link.claims import (
    DEFAULT,
    ClaimMention,
    candidates,
    group_with_report_denials,
    link_claims,
    negated_claim,
)
from newstrace.link.denials import (
    FEATURES,
    Candidates,
    DenialModel,
    bundled_model,
    feature_table,
    movable,
    place_denials,
)
from newstrace.record import Article, Attribution, Record, Source, Span
from newstrace.training.denials import Example, cross_validate, fit

REPORT = (
    "Norvania is preparing sanctions against six Tavorian shipping companies, three officials familiar "
    "with the government's deliberations told the Tidewater Times. The measures would freeze the firms' "
    "assets, the officials said. Exporters have drawn up a list of ports where inspections could slow cargo "
    "and raise insurance costs this winter, the exporters' association said."
)
ECHO_AND_DENIAL = (
    "Norvania is preparing sanctions against Tavorian shipping firms, the Tidewater Times reported on "
    'Monday. "There is no list," foreign ministry spokeswoman Clara Wendt said on Tuesday.'
)
SANCTIONS = [
    {
        "id": "n1",
        "outlet": "Tidewater Times",
        "published": "2026-03-02T08:00:00Z",
        "title": "Sanctions readied",
    },
    {"id": "n2", "outlet": "Lantern Daily", "published": "2026-03-02T12:00:00Z", "title": "Ministry denies"},
]
SANCTIONS[0]["text"], SANCTIONS[1]["text"] = REPORT, ECHO_AND_DENIAL


@pytest.fixture(scope="module")
def sanctions(nlp):
    return [analyze(dict(a), nlp) for a in SANCTIONS]


def _claim_of(claims, words):
    return next(c for c in claims if any(words in m.text for m in c.mentions))


def test_a_denial_joins_the_report_it_answers_not_the_sentence_sharing_its_word(sanctions):
    """'There is no list' shares a word only with the exporters' list; it answers the sanctions report
    its article relays just before it."""
    claims = link_claims(sanctions, story_id="n")
    denied = _claim_of(claims, "There is no list")
    assert any("preparing sanctions" in m.text and m.kind == "original" for m in denied.mentions)
    assert denied.status == "denied"
    assert _claim_of(claims, "list of ports").status != "denied"
    # the clustering alone puts it with the list of ports
    clustered = link_claims(sanctions, replace(DEFAULT, place_denials=False), story_id="n")
    assert any("list of ports" in m.text for m in _claim_of(clustered, "There is no list").mentions)


def _mention(article: str, start: int, text: str, denial: bool = False, **kw) -> ClaimMention:
    return ClaimMention(
        article,
        None,
        "2026-01-01",
        start,
        start + len(text),
        text,
        None,
        None,
        None,
        False,
        None,
        denial,
        **kw,
    )


def _one_feature_model(name: str, weight: float = 1.0) -> DenialModel:
    """A model that scores a candidate by one feature alone."""
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index(name)] = weight
    return DenialModel(np.zeros(len(FEATURES)), np.ones(len(FEATURES)), coef, 0.0)


def _story() -> tuple[list[ClaimMention], list[list[int]], np.ndarray]:
    """Claim 0 told early in article a, claim 1 just before the denial (mention 3) in a, which the
    clustering put in claim 1's neighbour, claim 2, told in article b."""
    mentions = [
        _mention("a", 0, "the army took the bridge"),
        _mention("a", 200, "the mayor fled the city"),
        _mention("b", 0, "the river rose"),
        _mention("a", 240, "nobody fled", denial=True),
    ]
    sims = np.eye(4)
    sims[3, 2] = sims[2, 3] = 0.4  # the clustering's reason to put the denial with claim 2
    return mentions, [[0], [1], [2, 3]], sims


def _place(mentions, groups, sims, model, margin=0.0):
    terms = [frozenset(m.text.split()) for m in mentions]
    return place_denials(groups, mentions, sims, terms, [frozenset()] * len(mentions), model, margin)


def test_a_denial_moves_to_the_claim_the_model_scores_highest_when_clearly_better():
    mentions, groups, sims = _story()
    nearest = _one_feature_model("closeness_before", 5.0)
    assert _place(mentions, groups, sims, nearest) == [[0], [1, 3], [2]]
    # not clearly better than where the clustering put it: it stays
    assert _place(mentions, groups, sims, nearest, margin=10.0) == groups
    # a model that trusts the words keeps it where they put it
    assert _place(mentions, groups, sims, _one_feature_model("mean_similarity", 5.0)) == groups


def test_rejections_and_standing_denials_are_not_moved():
    mentions, groups, sims = _story()
    mentions[3].standing = True  # 'has long denied': a standing accusation, named by its own words
    assert movable(mentions) == []
    assert _place(mentions, groups, sims, _one_feature_model("closeness_before", 5.0)) == groups
    mentions[3].standing = False
    mentions[3].answers = mentions[2]  # an appositive rejection joins the claim its sentence names
    assert movable(mentions) == []


def test_a_denial_is_never_read_as_a_member_of_the_claim_it_is_in():
    mentions = [
        _mention("a", 0, "no troops crossed", denial=True),
        _mention("b", 0, "no soldiers crossed", denial=True),
    ]
    sims = np.array([[1.0, 0.3], [0.3, 1.0]])
    groups = [[0, 1]]
    terms = [frozenset(m.text.split()) for m in mentions]
    table = feature_table(
        [0], Candidates.of(groups, mentions, terms), mentions, sims, terms, [frozenset()] * 2
    )
    values = dict(zip(FEATURES, (matrix[0, 0] for matrix in table), strict=True))
    # a claim of denials alone is read by its other denials: not by the denial's own similarity of 1
    assert values["mean_similarity"] == pytest.approx(0.3) and values["max_similarity"] == pytest.approx(0.3)
    assert values["denials_only"] == 1.0 and values["clustered_there"] == 1.0


def test_the_bundled_model_reads_this_versions_features():
    model = bundled_model()
    assert model.coef.shape == (len(FEATURES),)
    data = model.to_dict()
    assert DenialModel.from_dict(data).intercept == model.intercept
    with pytest.raises(ValueError):
        DenialModel.from_dict({**data, "features": data["features"][:-1]})


def _example(story: str, right: int, n: int = 3) -> Example:
    """A denial whose right candidate (of n) is the only one told just before it."""
    rows = np.random.default_rng(len(story) + right).random((n, len(FEATURES)))
    rows[:, FEATURES.index("nearest_before")] = 0.0
    rows[right, FEATURES.index("nearest_before")] = 1.0
    rows[:, FEATURES.index("clustered_there")] = 0.0
    rows[(right + 1) % n, FEATURES.index("clustered_there")] = 1.0  # the clustering got each one wrong
    return Example(story, rows, np.eye(n, dtype=int)[right])


def test_training_learns_which_candidate_answers_and_reports_held_out_accuracy():
    examples = [_example(f"s{k:02d}", k % 3) for k in range(30)]
    scores = cross_validate(examples)
    assert scores["denials"] == 30 and scores["model"] == 1.0 and scores["clustering"] == 0.0
    model = fit(examples)
    assert np.argmax(model.coef) == FEATURES.index("nearest_before")


def _record(text: str, cue: str, source: str, content: str) -> Record:
    def span(part: str) -> Span:
        start = text.index(part)
        return Span(start=start, end=start + len(part), text=part)

    attribution = Attribution(
        id="a0", kind="indirect", cue=span(cue), source=span(source), source_id="s0", content=[span(content)]
    )
    article = Article(id="d1", outlet="Lantern Daily", published="2026-09-01T08:00:00Z", text=text)
    return Record(
        newstrace_version="test",
        article=article,
        attributions=[attribution],
        sources=[Source(id="s0", type="organization", name=source)],
    )


def test_what_a_source_has_long_denied_is_a_standing_denial():
    text = "Venezuelan officials have previously denied that the armed forces protect smuggling routes."
    found = candidates(
        [_record(text, "denied", "Venezuelan officials", "the armed forces protect smuggling routes")]
    )
    assert found[0].denial and found[0].standing
    text = "Venezuelan officials denied that the armed forces protect smuggling routes."
    found = candidates(
        [_record(text, "denied", "Venezuelan officials", "the armed forces protect smuggling routes")]
    )
    assert found[0].denial and not found[0].standing


def test_a_must_said_with_not_is_no_denial():
    assert not negated_claim("The Constitution is not optional")
    assert not negated_claim("the deadline is not negotiable")
    assert negated_claim("the plan is not ready")


def _gold(tmp_path):
    """Two dev stories, each the sanctions story, with its report, echo and denial as one claim."""
    gold = tmp_path / "gold"
    gold.mkdir()
    articles = [{**a, "story": "s01"} for a in SANCTIONS] + [
        {**a, "id": a["id"] + "b", "story": "s02"} for a in SANCTIONS
    ]
    (gold / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles))
    claims = [_gold_claim("s01", ""), _gold_claim("s02", "b")]
    (gold / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims))
    return gold


def _gold_claim(story: str, suffix: str) -> dict:
    claim = {
        "claim": f"{story}-c1",
        "story": story,
        "statement": "Norvania is preparing sanctions against Tavorian shipping companies",
        "mentions": [
            {
                "article": "n1",
                "text": "Norvania is preparing sanctions against six Tavorian shipping companies",
                "source": "three officials",
                "kind": "original",
                "echo_of": None,
            },
            {
                "article": "n2",
                "text": "Norvania is preparing sanctions against Tavorian shipping firms",
                "source": "the Tidewater Times",
                "kind": "echo",
                "echo_of": "n1",
            },
            {
                "article": "n2",
                "text": "There is no list",
                "source": "Clara Wendt",
                "kind": "denial",
                "echo_of": None,
            },
        ],
        "independent_sources": 1,
        "first_reported_by": "n1",
        "status": "denied",
        "asserted_status": "planned",
    }
    for mention in claim["mentions"]:
        mention["article"] += suffix
    claim["first_reported_by"] += suffix
    return claim


def test_the_benchmark_trains_the_denial_model_and_scores_dev_with_models_that_did_not_see_it(
    tmp_path, capsys
):
    gold = _gold(tmp_path)
    module = load_benchmark("claims")
    out = tmp_path / "denials.json"
    assert module.main(["--gold", str(gold), "--train-denials", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "right claim chosen, 5-fold by story" in printed
    assert DenialModel.from_dict(json.loads(out.read_text())).coef.shape == (len(FEATURES),)
    assert module.main(["--gold", str(gold), "--denials-cv"]) == 0
    printed = capsys.readouterr().out
    assert "not trained on them" in printed
    header = next(line for line in printed.splitlines() if line.startswith("split"))
    dev = next(line for line in printed.splitlines() if line.startswith("dev "))
    # the claim held its denial: shown as denied, as the gold has it; and its supporters assert the
    # sanctions being prepared, as the gold has it (`asserted_status`)
    assert header.split()[-2:] == ["denied", "status"] and dev.split()[-2:] == ["1.000", "1.000"]


def test_a_denial_kept_where_a_rule_put_it_is_not_moved():
    mentions, groups, sims = _story()
    nearest = _one_feature_model("closeness_before", 5.0)
    terms = [frozenset(m.text.split()) for m in mentions]
    deniers = [frozenset()] * len(mentions)
    assert place_denials(groups, mentions, sims, terms, deniers, nearest, 0.0, kept={3}) == groups


def test_a_denial_of_the_reports_stays_with_the_most_reported_claim():
    """'The reports were false' joins the claim other outlets relay; a model drawn to what its article
    told just before it does not move it there."""
    mentions = [
        replace(_mention("t", 0, "the army is preparing strikes on the island"), source="officials"),
        replace(
            _mention("e", 0, "the army is preparing strikes on the island"),
            source="Times",
            cited_outlet="Times",
        ),
        replace(_mention("d", 0, "the harbour at Velt was closed on Monday"), source="the port"),
        replace(_mention("d", 45, "the reports were false", denial=True), source="the ministry"),
    ]
    grouped = group_with_report_denials(mentions, DEFAULT, _one_feature_model("closeness_before", 5.0))
    assert [0, 1, 3] in grouped and [2] in grouped


def test_standing_denials_stay_apart_from_a_statement_sharing_their_words():
    """What officials 'have previously denied' names its own accusation: sharing 'armed forces' with the
    minister's alert does not make it a denial of the alert."""
    mentions = [
        replace(_mention("p", 0, "the armed forces had been placed on alert"), source="the defence minister"),
        _mention("q", 0, "their armed forces protect trafficking routes", denial=True, standing=True),
        _mention("r", 0, "the country's armed forces protect smuggling routes", denial=True, standing=True),
    ]
    grouped = group_with_report_denials(mentions, DEFAULT)
    assert [0] in grouped and [1, 2] in grouped
