"""The learned attribution path: tags <-> spans, windows, and tying spans into attributions."""

from __future__ import annotations

import numpy as np
import pytest

from newstrace.nlp.attribution_model import (
    ROLES,
    B,
    I,
    O,
    SpanTagger,
    piece_labels,
    tags_to_spans,
    viterbi,
)
from newstrace.nlp.attribution_spans import assemble


def _span(text: str, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return (start, start + len(phrase))


def test_piece_labels_mark_first_piece_b_and_the_rest_i():
    offsets = [(0, 3), (4, 8), (8, 10), (11, 15)]  # "Two offi ##ci als" style pieces
    labels = piece_labels(offsets, {"Source": [(4, 10)], "Cue": [(11, 15)]})
    assert labels[:, ROLES.index("Source")].tolist() == [O, B, I, O]
    assert labels[:, ROLES.index("Cue")].tolist() == [O, O, O, B]
    assert labels[:, ROLES.index("Content")].tolist() == [O, O, O, O]


def test_tags_round_trip_to_the_same_spans():
    text = "Two officials said the strikes would continue."
    offsets = [(0, 3), (4, 13), (14, 18), (19, 22), (23, 30), (31, 36), (37, 45), (45, 46)]
    gold = {"Source": [(0, 13)], "Cue": [(14, 18)], "Content": [(19, 45)]}
    tags = piece_labels(offsets, gold)
    assert tags_to_spans(tags, offsets, text) == gold


def test_spans_are_widened_to_whole_words():
    text = "Spokeswoman said no."
    offsets = [(0, 5), (5, 11), (12, 16), (17, 19), (19, 20)]
    tags = np.array([[O, O, O], [B, O, O], [O, B, O], [O, O, B], [O, O, O]])  # B on "##woman"
    assert tags_to_spans(tags, offsets, text)["Source"] == [(0, 11)]


def test_viterbi_never_starts_a_span_with_inside():
    # Greedy decoding would give O, I, I; the best legal path turns the first I into B.
    probs = np.log(np.array([[0.9, 0.05, 0.05], [0.1, 0.4, 0.5], [0.1, 0.1, 0.8]]))[:, None, :]
    path = viterbi(probs)[:, 0].tolist()
    assert path[0] == O
    assert path[1] == B and path[2] == I


class _FakeTokenizer:
    def token_to_id(self, token: str) -> int:
        return {"[CLS]": 101, "[SEP]": 102}[token]


@pytest.mark.parametrize("n", [1, 10, 254, 255, 600, 1234])
def test_windows_keep_every_piece_exactly_once(n):
    tagger = SpanTagger(_FakeTokenizer(), window=256, margin=32)
    plan = tagger.layout(n)
    kept = [i for _, _, a, b in plan for i in range(a, b)]
    assert kept == list(range(n))
    for start, end, a, b in plan:
        assert end - start <= 254 and start <= a <= b <= end
        # inside every window but the first and last, a kept piece has margin context on both sides
        if start > 0:
            assert a - start >= 32
        if end < n:
            assert end - b >= 32


def test_assemble_ties_source_cue_and_both_parts_of_a_split_quote(nlp):
    text = '"We will not stop," the minister said on Tuesday, "until the work is done."'
    doc = nlp(text)
    spans = {
        "Source": [_span(text, "the minister")],
        "Cue": [_span(text, "said")],
        "Content": [_span(text, "We will not stop,"), _span(text, "until the work is done.")],
    }
    (mention,) = assemble(doc, spans)
    assert mention.source.text == "the minister"
    assert mention.cue.text == "said"
    assert [c.text for c in mention.content] == ["We will not stop,", "until the work is done."]
    assert mention.kind == "direct"


def test_assemble_nests_an_attribution_inside_anothers_content(nlp):
    text = "The Times reported that two officials said the strikes would continue."
    doc = nlp(text)
    spans = {
        "Source": [_span(text, "The Times"), _span(text, "two officials")],
        "Cue": [_span(text, "reported"), _span(text, "said")],
        "Content": [
            _span(text, "two officials said the strikes would continue"),
            _span(text, "the strikes would continue"),
        ],
    }
    outer, inner = assemble(doc, spans)
    assert (outer.source.text, outer.cue.text) == ("The Times", "reported")
    assert [c.text for c in outer.content] == ["two officials said the strikes would continue"]
    assert (inner.source.text, inner.cue.text) == ("two officials", "said")
    assert [c.text for c in inner.content] == ["the strikes would continue"]
    assert inner.via == 0 and outer.via is None
    assert outer.kind == "indirect"


def test_assemble_drops_a_cue_with_no_content_in_its_paragraph(nlp):
    text = "Officials said nothing.\n\nThe storm, forecasters warned, would hit on Friday."
    doc = nlp(text)
    spans = {
        "Cue": [_span(text, "said"), _span(text, "warned")],
        "Content": [_span(text, "would hit on Friday")],
    }
    (only,) = assemble(doc, spans)
    assert only.cue.text == "warned" and only.source is None


def test_adjacent_spans_of_one_role_are_joined():
    text = "City Attorney Brad Holm said so."
    offsets = [(0, 4), (5, 13), (14, 18), (19, 23), (24, 28), (29, 31), (31, 32)]
    tags = np.array([[B, O, O], [B, O, O], [I, O, O], [I, O, O], [O, B, O], [O, O, B], [O, O, O]])
    assert tags_to_spans(tags, offsets, text)["Source"] == [(0, 23)]


def test_a_source_cut_short_takes_its_whole_noun_chunk(nlp):
    from newstrace.nlp.attribution_model import snap_to_noun_chunks

    doc = nlp("The FBI said the probe would continue.")
    assert snap_to_noun_chunks(doc, [(0, 3)]) == [(0, 7)]


@pytest.mark.parametrize("name", ["fast", "accurate"])
def test_bundled_model_finds_an_attribution_and_names_itself_in_the_record(name):
    from newstrace.analysis import analyze
    from newstrace.nlp.pipeline import shared_pipeline

    nlp = shared_pipeline(attribution=name)
    text = "Two U.S. officials said the strikes would continue next week."
    record = analyze(text, nlp=nlp)
    assert record.models == {"attribution": name, "factuality": "fast", "framing": "fast"}
    (a,) = record.attributions
    assert a.cue.text == "said"
    assert a.source is not None and "officials" in a.source.text
    assert "strikes would continue" in " ".join(c.text for c in a.content)


def test_cli_attribution_option_picks_the_model_and_rejects_unknown_ones(tmp_path):
    import json

    from click.testing import CliRunner

    from newstrace.cli import main
    from newstrace.nlp.settings import DEFAULT_ATTRIBUTION, use_attribution

    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge would reopen in May.\n", encoding="utf-8")
    try:
        result = CliRunner().invoke(
            main, ["analyze", str(article), "--attribution", "fast", "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["models"] == {
            "attribution": "fast",
            "factuality": "fast",
            "framing": "fast",
        }
        bad = CliRunner().invoke(main, ["analyze", str(article), "--attribution", "huge"])
        assert bad.exit_code == 2
        assert "--attribution" in bad.output
    finally:
        use_attribution(DEFAULT_ATTRIBUTION)  # the option sets a process-wide setting
