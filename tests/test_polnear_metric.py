"""The PolNeAR span metric and BRAT reading/writing (newstrace.training.polnear) on hand-made spans."""

from __future__ import annotations

import pytest

from newstrace.training import polnear as bench

#       0         1         2         3
#       0123456789012345678901234567890123456
TEXT = "Officials said the plan  failed badly."


def test_exact_match_ignores_surrounding_whitespace_only():
    gold = [(0, 9), (15, 23)]  # "Officials", "the plan"
    pred = [(0, 10), (15, 22), (24, 31)]  # "Officials " (trimmed: exact), "the pla", "  failed"
    assert bench.match_count(TEXT, gold, pred, "exact") == 1
    p, r, f = bench.prf(1, len(pred), len(gold))
    assert (p, r) == (pytest.approx(1 / 3), 0.5)
    assert f == pytest.approx(0.4)


def test_overlap_needs_a_shared_non_space_character_and_matches_each_gold_once():
    # Gold "plan" (19, 23); the predictions share only whitespace (23, 25) or "pla" (15, 22).
    assert bench.match_count(TEXT, [(19, 23)], [(23, 25)], "overlap") == 0
    assert bench.match_count(TEXT, [(19, 23)], [(15, 22)], "overlap") == 1
    # One prediction cannot satisfy two gold spans; two predictions on one gold count once.
    assert bench.match_count(TEXT, [(0, 9), (0, 4)], [(0, 14)], "overlap") == 1
    assert bench.match_count(TEXT, [(0, 14)], [(0, 4), (5, 9)], "overlap") == 1


def test_prf_with_empty_sides_is_zero():
    assert bench.prf(0, 0, 5) == (0.0, 0.0, 0.0)
    assert bench.prf(0, 3, 0) == (0.0, 0.0, 0.0)
    assert bench.prf(2, 4, 2) == (0.5, 1.0, pytest.approx(2 / 3))


def test_relation_needs_all_three_roles_exact_in_one_prediction():
    def rel(source, cue, content):
        r = bench.Relation()
        r.spans["Source"] = source
        r.spans["Cue"] = cue
        r.spans["Content"] = content
        return r

    gold = [rel([(0, 9)], [(10, 14)], [(15, 38)]), rel([], [(10, 14)], [(15, 23)])]
    pred = [
        rel([(0, 10)], [(10, 14)], [(15, 38)]),  # matches gold 0 once trimmed
        rel([(0, 9)], [(10, 14)], [(15, 23)]),  # has a source gold 1 lacks: no match
        rel([(0, 9)], [(10, 14)], [(15, 38)]),  # duplicate of gold 0, which is already used
    ]
    assert bench.relation_matches(TEXT, gold, pred) == 1
    counts = bench.Counts()
    counts.add(TEXT, bench.Annotation(relations=gold), bench.Annotation(relations=pred))
    assert counts.relations == [1, 3, 2]


def test_brat_round_trip_with_a_discontinuous_content():
    ann = (
        "T1\tContent 15 23;25 31\tthe plan failed\n"
        "T2\tCue 10 14\tsaid\n"
        "T3\tSource 0 9\tOfficials\n"
        "T4\tAttribution 10 14\tsaid\n"
        "T5\tDiscard 32 37\tbadly\n"
        "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n"
    )
    parsed = bench.parse_ann(ann)
    assert parsed.spans == {"Source": [(0, 9)], "Cue": [(10, 14)], "Content": [(15, 23), (25, 31)]}
    assert len(parsed.relations) == 1
    assert parsed.relations[0].spans == parsed.spans

    written = bench.write_ann(parsed.relations, TEXT)
    assert written == (
        "T1\tSource 0 9\tOfficials\n"
        "T2\tCue 10 14\tsaid\n"
        "T3\tContent 15 23;25 31\tthe plan failed\n"
        "T4\tAttribution 10 14\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    )
    again = bench.parse_ann(written)
    assert again.spans == parsed.spans
    assert again.relations[0].spans == parsed.relations[0].spans

    # Without a source, the trigger is PolNeAR's `Attribution-no-source`.
    no_source = bench.Relation()
    no_source.spans["Cue"] = [(10, 14)]
    no_source.spans["Content"] = [(15, 23)]
    last = bench.write_ann([no_source], TEXT).splitlines()[-1]
    assert last == "E1\tAttribution-no-source:T3 Content:T2 Cue:T1"


def test_parse_ann_skips_the_second_line_of_a_span_text_with_a_line_break():
    ann = (
        "T1\tSource 0 9\tOfficials\n"
        "T2\tCue 10 14\tsaid\n"
        "T3\tContent 15 24;26 37\tthe plan\n"
        "failed badly.\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
    )
    parsed = bench.parse_ann(ann)
    assert parsed.spans["Content"] == [(15, 24), (26, 37)]
    assert len(parsed.relations) == 1
    assert parsed.relations[0].spans["Source"] == [(0, 9)]


def test_benchmark_writes_ann_files_for_a_folder_without_annotations(tmp_path, capsys):
    from _bench import load_benchmark

    module = load_benchmark("polnear")

    (tmp_path / "split" / "text").mkdir(parents=True)
    text = "The mayor said the bridge would reopen in May.\n"
    (tmp_path / "split" / "text" / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "pred"
    assert module.main(["--data", str(tmp_path / "split"), "--pred-out", str(out)]) == 0
    written = bench.parse_ann((out / "a.ann").read_text(encoding="utf-8"))
    assert [text[a:b] for a, b in written.spans["Cue"]] == ["said"]
    assert [text[a:b] for a, b in written.spans["Source"]] == ["The mayor"]
    assert "1 articles, 0 scored" in capsys.readouterr().out
