"""benchmarks/ecb_events.py: the coreference metrics on hand-worked cases, the ECB+ reader on an invented
ECB+-shaped file, and the whole run on a tiny invented folder (never the real data)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _bench import load_benchmark

bench = load_benchmark("ecb_events")


def _assign(*groups: str) -> dict[str, str]:
    """'abc', 'de' -> {a: 0, b: 0, c: 0, d: 1, e: 1}."""
    return {m: str(i) for i, group in enumerate(groups) for m in group}


# -- metrics -------------------------------------------------------------------------------------


def test_muc_split_chain():
    # Vilain et al.: key {A B C D}, response {A B} {C D}.
    # recall: the key chain falls in 2 response parts: (4 - 2) / (4 - 1) = 2/3
    # precision: each response chain lies in 1 key part: ((2 - 1) + (2 - 1)) / ((2 - 1) + (2 - 1)) = 1
    score = bench.muc(_assign("ABCD"), _assign("AB", "CD"))
    assert score.recall == pytest.approx(2 / 3) and score.precision == 1.0
    assert score.f1 == pytest.approx(0.8)


def test_metrics_on_the_textbook_case():
    # key {a b c} {d e}, response {a b} {c d e}
    key, response = _assign("abc", "de"), _assign("ab", "cde")
    # MUC recall: {a b c} -> 2 parts (3 - 2 = 1), {d e} -> 1 part (2 - 1 = 1): 2 / (2 + 1) = 2/3;
    # precision: {a b} -> 1 part (1), {c d e} -> 2 parts (1): 2 / (1 + 2) = 2/3
    m = bench.muc(key, response)
    assert (m.precision, m.recall) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    # B3 per mention (P, R): a (2/2, 2/3), b (2/2, 2/3), c (1/3, 1/3), d (2/3, 2/2), e (2/3, 2/2):
    # P = (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15, R = (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15
    b = bench.b_cubed(key, response)
    assert (b.precision, b.recall) == (pytest.approx(11 / 15), pytest.approx(11 / 15))
    # CEAF-e phi4: (abc, ab) = 2*2/5 = 0.8, (abc, cde) = 2*1/6, (de, ab) = 0, (de, cde) = 2*2/5 = 0.8;
    # best alignment 0.8 + 0.8 = 1.6 over 2 clusters each side: P = R = 0.8
    c = bench.ceaf_e(key, response)
    assert (c.precision, c.recall) == (pytest.approx(0.8), pytest.approx(0.8))
    # CoNLL: (2/3 + 11/15 + 4/5) / 3 = (10 + 11 + 12) / 45 = 11/15
    assert bench.conll(key, response)["conll"] == pytest.approx(11 / 15)


def test_ceaf_e_takes_the_optimal_alignment_not_the_greedy_one():
    # key {a b c d} {x}, response {a b c x} {d}
    # phi4: (abcd, abcx) = 2*3/8 = 0.75, (abcd, d) = 2*1/5 = 0.4, (x, abcx) = 2*1/5 = 0.4, (x, d) = 0
    # greedy (largest first) 0.75 + 0 = 0.75; optimal 0.4 + 0.4 = 0.8: P = R = 0.8 / 2 = 0.4
    c = bench.ceaf_e(_assign("abcd", "x"), _assign("abcx", "d"))
    assert (c.precision, c.recall) == (pytest.approx(0.4), pytest.approx(0.4))


def test_identity_and_singletons():
    key = _assign("abc", "de", "f")
    perfect = bench.conll(key, key)
    assert perfect["conll"] == pytest.approx(1.0)
    assert all(
        perfect[k].precision == perfect[k].recall == pytest.approx(1.0) for k in ("muc", "b3", "ceafe")
    )
    singles = {m: m for m in key}
    s = bench.conll(key, singles)
    # MUC: no response links: 0 / 0 precision counts as 0, recall 0 / 3
    assert s["muc"].f1 == 0.0
    # B3: precision 1; recall (1/3 * 3 + 1/2 * 2 + 1) / 6 = 1/2
    assert (s["b3"].precision, s["b3"].recall) == (1.0, pytest.approx(0.5))
    # CEAF-e: each key chain takes its best singleton: 2/4 + 2/3 + 2/2 = 13/6; P = 13/6 / 6, R = 13/6 / 3
    assert (s["ceafe"].precision, s["ceafe"].recall) == (pytest.approx(13 / 36), pytest.approx(13 / 18))


# -- the ECB+ reader -----------------------------------------------------------------------------

_DOC = """<Document doc_name="{name}" doc_id="DOC1">
{tokens}
<Markables>
<ACTION_OCCURRENCE m_id="1"  >
  <token_anchor t_id="{a}"/>
</ACTION_OCCURRENCE>
<NEG_ACTION_STATE m_id="2"  >
  <token_anchor t_id="{b}"/>
  <token_anchor t_id="{c}"/>
</NEG_ACTION_STATE>
<ACTION_REPORTING m_id="3"  >
  <token_anchor t_id="{d}"/>
</ACTION_REPORTING>
<ACTION_OCCURRENCE m_id="6"  >
  <token_anchor t_id="{e}"/>
</ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="4"  >
  <token_anchor t_id="1"/>
</HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="9" RELATED_TO="" TAG_DESCRIPTOR="t1_quake" instance_id="ACT111" />
<UNKNOWN_INSTANCE_TAG m_id="8" RELATED_TO="" TAG_DESCRIPTOR="" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="10" note="ACT111" >
  <source m_id="1" />
  <target m_id="9" />
</CROSS_DOC_COREF>
<CROSS_DOC_COREF r_id="11" note="HUM5" >
  <source m_id="4" />
  <target m_id="5" />
</CROSS_DOC_COREF>
<INTRA_DOC_COREF r_id="12" >
<source m_id="2" />
<source m_id="6" />
<target m_id="8" />
</INTRA_DOC_COREF>
</Relations>
</Document>
"""


def _tokens(sentences: list[str]) -> tuple[str, dict[str, int]]:
    """ECB+ <token> elements of sentences of space-separated words, and the t_id of each word's first use."""
    tokens, ids, t_id = [], {}, 1
    for sentence, line in enumerate(sentences):
        for number, word in enumerate(line.split()):
            tokens.append(f'<token t_id="{t_id}" sentence="{sentence}" number="{number}">{word}</token>')
            ids.setdefault(word, t_id)
            t_id += 1
    return "\n".join(tokens), ids


def _write_doc(path: Path, sentences: list[str], anchors: dict[str, str]) -> None:
    """An ECB+-shaped file (_DOC) whose mentions anchor on the words `anchors` names."""
    tokens, ids = _tokens(sentences)
    where = {k: ids[w] for k, w in anchors.items()}
    path.write_text(_DOC.format(name=path.name, tokens=tokens, **where), encoding="utf-8")


_SENTENCES = [
    "http : / / www . example . org / quake",
    "Rescuers said the earthquake struck Zemlo at dawn .",
    "`` It did not stop shaking , '' said Vard .",
    "The shaking lasted a minute .",
]
_ANCHORS = {"a": "earthquake", "b": "not", "c": "stop", "d": "said", "e": "shaking"}


def test_reader_reads_action_mentions_and_their_chains(tmp_path):
    path = tmp_path / "1_3ecbplus.xml"
    _write_doc(path, _SENTENCES, _ANCHORS)
    doc = bench.read_document(path)
    by_id = {m.m_id: m for m in doc.mentions}
    # entities and the anchorless instance tags are not mentions
    assert set(by_id) == {"1", "2", "3", "6"}
    assert by_id["1"].chain == "ACT111" and by_id["1"].tag == "ACTION_OCCURRENCE"
    assert by_id["2"].text == "not stop" and by_id["2"].tag == "NEG_ACTION_STATE"
    assert by_id["2"].chain == by_id["6"].chain == "1_3ecbplus.xml/intra:8"
    assert by_id["3"].chain == "1_3ecbplus.xml/m:3"  # in no relation: alone
    assert by_id["1"].sentence == "1"

    # tokens are found in the text read_article makes (URL line dropped, `` and '' as ")
    text = bench.read_article(path)
    offsets = bench.token_offsets(doc, text)
    for mention in doc.mentions:
        for t_id in mention.tokens:
            start, end = offsets[t_id]
            word = next(w for t, _, w in doc.tokens if t == t_id)
            assert text[start:end] == word
    assert len(offsets) == len(doc.tokens) - 11  # all but the URL line's 11 tokens
    assert bench.lemma_key(by_id["6"]) == "shak"


def test_validated_sentences_topics_and_match(tmp_path):
    (tmp_path / bench.SENTENCES_FILE).write_text(
        "Topic,File,Sentence Number\n1,3ecbplus,1\n1,3ecb,0\n", encoding="utf-8"
    )
    assert bench.validated_sentences(tmp_path) == {("1_3ecbplus.xml", "1"), ("1_3ecb.xml", "0")}
    assert bench.validated_sentences(tmp_path / "nowhere") is None
    assert bench.parse_topics("1-3,7") == {1, 2, 3, 7} and bench.parse_topics(None) is None

    gold = [
        bench.GoldMention("d", "1", "ACTION_OCCURRENCE", ["5", "6"], "1", "x y", "c1"),
        bench.GoldMention("d", "2", "ACTION_OCCURRENCE", ["9"], "1", "z", "c1"),
        bench.GoldMention("e", "1", "ACTION_OCCURRENCE", ["5"], "1", "w", "c2"),
    ]
    system = [
        bench.SystemMention("d", "e1", "r1", "AID", {"4", "5"}),
        bench.SystemMention("d", "e2", "r2", "AID", {"6", "7"}),
        bench.SystemMention("d", "e3", "r2", "AID", {"5", "6"}),
    ]
    found = bench.match(gold, system)
    # the most overlapping system mention stands for a gold one; no overlap, not found; other file, not found
    assert set(found) == {0} and found[0].event_id == "e3"


# -- the whole run on an invented folder ---------------------------------------------------------


def test_run_on_a_tiny_folder(tmp_path, nlp, capsys):
    # one sub-topic (1ecb) of two articles telling of one arrest, annotated as one cross-document chain;
    # a held-out topic (40ecbplus) of one article
    articles = {
        "1/1_1ecb.xml": [
            "Police arrested the smuggler in Dorvan on Monday .",
            "Officials said the port stays open .",
        ],
        "1/1_2ecb.xml": ["The smuggler was arrested in Dorvan .", "He denies the charges ."],
        "40/40_1ecbplus.xml": ["Guards arrested a climber near Ostra ."],
    }
    for name, sentences in articles.items():
        tokens, ids = _tokens(sentences)
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(
            f'<Document doc_name="{Path(name).name}" doc_id="D1">\n{tokens}\n<Markables>\n'
            f'<ACTION_OCCURRENCE m_id="1"  >\n  <token_anchor t_id="{ids["arrested"]}"/>\n'
            "</ACTION_OCCURRENCE>\n"
            '<ACTION_OCCURRENCE m_id="2" RELATED_TO="" TAG_DESCRIPTOR="t1_arrest" instance_id="ACT7" />\n'
            "</Markables>\n<Relations>\n"
            '<CROSS_DOC_COREF r_id="1" note="ACT7" >\n  <source m_id="1" />\n  <target m_id="2" />\n'
            "</CROSS_DOC_COREF>\n</Relations>\n</Document>\n",
            encoding="utf-8",
        )
    cache = tmp_path / "records.jsonl"
    results = bench.run(tmp_path, cache=cache)
    out = capsys.readouterr().out
    assert "== dev (topics 1-35): 1 sub-topics, 2 articles (2 analysed)" in out
    assert "README.md gives none" in out
    dev = results["dev"]["all annotated mentions"]
    assert dev["gold"] == 2
    assert dev["found"] == 2  # newstrace finds both arrests
    assert dev["newstrace"]["conll"] == pytest.approx(1.0)  # and puts them in one row
    assert dev["singletons"]["muc"] == 0.0
    assert "== test (held-out topics 36-45): 1 sub-topics, 1 articles" in out
    assert results["test"]["all annotated mentions"]["gold"] == 1
    assert cache.exists() and len(cache.read_text().splitlines()) == 3
    assert bench.run(tmp_path, cache=cache) == results  # read back from the cache
