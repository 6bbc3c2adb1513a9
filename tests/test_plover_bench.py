"""The PLOVER benchmark's scoring (benchmarks/plover.py) on hand-made records: no gold data needed."""

from __future__ import annotations

import pytest
from _bench import load_benchmark

bench = load_benchmark("plover")


@pytest.mark.parametrize(
    ("old", "mode", "current"),
    [
        ("DEMAND", None, "REQUEST"),
        ("DISAPPROVE", None, "ACCUSE"),
        ("INVESTIGATE", "", "ACCUSE"),
        ("FIGHT", "heavy-weapons", "ASSAULT"),
        ("FIGHT", "deport", "COERCE"),  # forced displacement: COERCE 'deport'
        ("COERCE", "destroy", "ASSAULT"),  # destruction of property: ASSAULT 'destroy'
        ("COERCE", "arrest", "COERCE"),
        ("AGREE", None, "AGREE"),
        ("DOCUMENT", None, None),
    ],
)
def test_category_mapping(old: str, mode: str | None, current: str | None) -> None:
    assert bench.map_category(old, mode) == current


def test_every_current_category_maps_to_itself() -> None:
    assert all(bench.map_category(c) == c for c in bench.CATEGORIES)


@pytest.mark.parametrize(
    ("old", "mode", "current"),
    [
        ("FIGHT", "assassinate", "targeted"),
        ("ASSAULT", "suicide-attack", "suicide-attack"),
        ("COERCE", "detain", "arrest"),
        ("COERCE", "confiscate", "seize"),
        ("COERCE", "destroy", "destroy"),
        ("PROTEST", "strike-hun", "hunger"),
        ("PROTEST", "demo-spon", "demo"),
        ("CONSULT", "host", "visit"),
        ("THREATEN", "curfew", "restrict"),
        ("FIGHT", "other", None),
        ("AGREE", None, None),
    ],
)
def test_mode_mapping(old: str, mode: str | None, current: str | None) -> None:
    assert bench.map_mode(old, mode) == current


def test_parse_gold_skips_the_header_and_tolerates_odd_fields() -> None:
    records = [
        {"id": "DOC", "event": "DOCUMENT", "eventText": "header"},
        {
            "id": "X-1",
            "event": "DEMAND",
            "eventText": "demanded",
            "text": "Ruritania demanded that Freedonia withdraw.",
            "source": [{"actorText": "Ruritania", "code": "RUR"}],
            "target": "",  # some records hold a string here
            "mode": "",
        },
    ]
    (g,) = bench.parse_gold(records)
    assert (g.category, g.old_category, g.sources, g.targets, g.mode) == (
        "REQUEST",
        "DEMAND",
        ["Ruritania"],
        [],
        None,
    )
    assert g.event_words == frozenset({"demanded"})


def _pred(category: str, depth: int, start: int, trigger: str = "x") -> object:
    return bench.Pred(category=category, trigger=trigger, depth=depth, start=start)


def test_main_event_is_the_root_most_coded_event() -> None:
    preds = [_pred("ASSAULT", 2, 5), _pred("THREATEN", 0, 1), _pred("REQUEST", 0, 7)]
    assert bench.main_event(preds).category == "THREATEN"  # depth first, then the first in the text
    assert bench.main_event([_pred("OTHER", 0, 0), _pred("AID", 3, 4)]).category == "AID"
    assert bench.main_event([_pred("OTHER", 0, 0)]).category == "OTHER"
    assert bench.main_event([]) is None


def test_aligned_event_uses_gold_event_words() -> None:
    preds = [_pred("THREATEN", 0, 1, "threatened"), _pred("ASSAULT", 1, 3, "shell")]
    assert bench.aligned_event(preds, frozenset({"shell"})).category == "ASSAULT"
    assert bench.aligned_event(preds, frozenset({"said"})) is None


@pytest.mark.parametrize(
    ("gold", "pred", "match"),
    [
        (["Israel"], ["Israeli troops"], True),  # name forms
        (["Turkish"], ["Turkey"], True),
        (["Chinese"], ["China"], True),
        (["Palestinians"], ["Palestine"], True),
        (["the United States"], ["U.S. officials", "the United Nations"], True),  # "united"
        (["Iran"], ["Iraq"], False),
        (["Austria"], ["Australia"], False),
        (["Israel's Cabinet"], ["the cabinet"], True),  # possessive dropped, case folded
        (["the government"], [], False),
        ([], ["Iran"], False),
    ],
)
def test_actor_match(gold: list[str], pred: list[str], match: bool) -> None:
    assert bench.actors_match(gold, pred) is match


def test_score_accuracy_macro_f1_and_confusions() -> None:
    gold = ["AGREE", "AGREE", "ASSAULT", "REQUEST"]
    pred = ["AGREE", "CONSULT", "ASSAULT", bench.NONE]
    s = bench.score(gold, pred)
    assert s.accuracy == 0.5
    assert s.detected == 3
    # AGREE: P 1, R 0.5, F1 2/3; ASSAULT: 1; REQUEST: 0 -> macro over the three gold categories
    assert s.macro_f1 == pytest.approx((2 / 3 + 1 + 0) / 3)
    assert s.per_category["CONSULT"][:2] == (0, 1)  # predicted only: listed, not in the macro mean
    assert ("AGREE", "CONSULT", 1) in s.confusions and ("REQUEST", bench.NONE, 1) in s.confusions
    assert "category accuracy: 0.500" in bench.report(s)


def test_score_rejects_misaligned_lists() -> None:
    with pytest.raises(ValueError):
        bench.score(["AGREE"], [])


def test_doc_preds_depth_is_the_distance_to_the_root(nlp) -> None:
    # spaCy returns a new Token per access, so the walk must compare indices, not identity
    doc = nlp("The army declared a state of siege, suspending the constitution.")
    depths = {p.trigger: p.depth for p in bench.doc_preds(doc, plover_coding=False)}
    assert max(depths.values()) < 10
    assert depths["siege"] <= depths["suspending"]  # "declared a state of siege" sits at its verb
    main = bench.main_event(bench.doc_preds(doc))
    assert main is not None and main.trigger == "siege"
