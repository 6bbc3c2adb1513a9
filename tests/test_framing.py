"""newstrace_framing: passages labelled with their cues, loaded spans with their triggers, the
record's framing section, the report, and even-handedness on mirrored pairs."""

from __future__ import annotations

import pytest
from rich.console import Console

from newstrace.nlp.to_record import doc_to_record
from newstrace.record import Article, Record
from newstrace.report import render

REPORT = (
    "The council voted 7-2 on Tuesday to raise bus fares by 25 cents, a spokeswoman said.\n\n"
    'Council member Dana Ortiz called the increase "a disgrace" and said riders would suffer.\n\n'
    "This is a shameless and cynical decision. We must demand better from our leaders."
)


def _labels(doc) -> list[str]:
    return [p.label for p in doc._.framing.passages]


def test_paragraphs_are_labelled_with_their_cues(nlp):
    doc = nlp(REPORT)
    passages = doc._.framing.passages
    assert _labels(doc) == ["reporting", "reporting", "opinion"]
    cues = {(c.cue, c.span.text) for c in passages[2].cues}
    assert ("evaluative", "shameless") in cues
    assert ("first_person", "We") in cues
    assert ("prescriptive", "must") in cues
    assert passages[2].score > passages[0].score
    # the Span extension answers for the same paragraph
    assert passages[2].span._.framing is passages[2]
    assert [s.label_ for s in doc.spans["framing_passages"]] == _labels(doc)


def test_quoted_and_attributed_judgements_are_not_the_outlets(nlp):
    doc = nlp('The opposition leader called the budget "a disgrace and a betrayal of working families."')
    assert _labels(doc) == ["reporting"]
    doc = nlp("Critics said the plan was reckless and cruel.")
    assert _labels(doc) == ["reporting"]
    doc = nlp("The plan is reckless and cruel.")
    assert _labels(doc) == ["opinion"]


def test_report_and_opinion_in_one_paragraph_is_mixed(nlp):
    doc = nlp("The bridge opened on Monday, two years late, officials said. It is a shocking waste of money.")
    assert _labels(doc) == ["mixed"]


def test_rhetorical_question_and_call_to_action(nlp):
    doc = nlp("Why should taxpayers pay for a stadium? Call your senator today.")
    kinds = {c.cue for c in doc._.framing.passages[0].cues}
    assert {"rhetorical_question", "call_to_action"} <= kinds
    assert _labels(doc) == ["opinion"]


def test_unattributed_motive(nlp):
    doc = nlp("The government's real aim is to silence its critics.")
    assert "unattributed_motive" in {c.cue for c in doc._.framing.passages[0].cues}


def test_loaded_spans_carry_technique_score_and_triggers(nlp):
    doc = nlp(
        "The corrupt, treasonous thugs and their lying propaganda machine want to destroy this great "
        "nation, and these evil traitors must be stopped!"
    )
    spans = doc._.framing.spans
    assert spans, "a text full of loaded words yields loaded spans"
    for s in spans:
        assert s.technique in ("Loaded_Language", "Name_Calling,Labeling")
        assert 0.0 <= s.score <= 1.0
        assert s.triggers and all(t in s.span.text for t in s.triggers)
        assert s.span._.framing is s
    assert doc._.models["framing"] == "fast"


def test_record_framing_section(nlp):
    doc = nlp(REPORT)
    record = doc_to_record(doc, Article(id="x", text=REPORT))
    framing = record.framing
    assert framing is not None and framing.model == "fast"
    assert record.models["framing"] == "fast"
    for passage in framing.passages:
        assert REPORT[passage.start : passage.end].strip()
        for cue in passage.cues:
            assert REPORT[cue.start : cue.end] == cue.text
    for span in framing.spans:
        assert REPORT[span.start : span.end] == span.text
    data = record.model_dump(mode="json")["framing"]
    assert set(data) == {"passages", "spans", "model"}
    assert set(data["passages"][0]) == {"start", "end", "label", "score", "cues"}
    # a record round-trips, and an old record without framing still loads
    assert Record.model_validate_json(record.to_json()) == record
    old = record.model_dump(mode="json")
    old.pop("framing")
    assert Record.model_validate(old).framing is None


def test_report_shows_evidence_not_bare_scores(nlp):
    doc = nlp(REPORT)
    record = doc_to_record(doc, Article(id="x", text=REPORT))
    console = Console(record=True, width=200)
    console.print(render(record))
    out = console.export_text()
    assert "[opinion]" in out
    assert "evaluative: “shameless”" in out
    assert "first person: “We”" in out


# -- even-handedness: the same sentence with the sides swapped -------------------------------

MIRRORED = [
    (
        "Hamas",
        "Israel",
        "{a} must stop its barbaric attacks, and the world must stand with the victims of {b}.",
    ),
    (
        "Moscow",
        "Kyiv",
        "The propaganda machine in {a} spews lies every day, officials in {b} said on Friday.",
    ),
    (
        "Guardian",
        "Telegraph",
        "The {a} ran a sneering, dishonest column about readers of the {b}. Shame on its editors.",
    ),
    ("Democrats", "Republicans", "Are {a} really so naive? The {b} certainly are not."),
    (
        "Democrats",
        "Republicans",
        "The {a} rammed through a reckless bill that will gut the economy; the {b} did nothing to stop it.",
    ),
    (
        "Republicans",
        "Democrats",
        "Senate {a} accused {b} of lying to voters, calling the budget a shameless power grab.",
    ),
    (
        "Israeli",
        "Palestinian",
        "{a} officials said the attack was a cowardly act of terror. {b} officials denied any role.",
    ),
    (
        "Israel",
        "Palestine",
        "Why does the world keep excusing {a}? Its leaders are motivated by nothing but hatred of {b}.",
    ),
    (
        "Russian",
        "Ukrainian",
        "The {a} army is a gang of bloodthirsty butchers, and the {b} government must not negotiate with it.",
    ),
    (
        "Russia",
        "Ukraine",
        "{a} said on Monday that it had shot down 12 drones launched by {b}, officials said.",
    ),
    ("Washington", "Caracas", "{a} called the new measures by {b} a cynical act of economic warfare."),
    (
        "American",
        "Venezuelan",
        "The {a} regime's brutal sanctions are strangling {b} families, and we should say so.",
    ),
    (
        "left-wing",
        "right-wing",
        "The {a} outlet published yet another hysterical smear against its {b} rivals.",
    ),
    ("liberal", "conservative", "These {a} radicals are destroying our country while {b} leaders look away."),
    (
        "progressive",
        "conservative",
        "The {a} mayor announced a $4 billion budget on Tuesday; {b} council members said they would vote no",
    ),
]


def _signature(doc) -> tuple:
    passages = tuple(
        (p.label, tuple((c.cue, c.span.start, c.span.end) for c in p.cues)) for p in doc._.framing.passages
    )
    spans = tuple((s.span.start, s.span.end, s.technique) for s in doc._.framing.spans)
    return passages, spans


@pytest.mark.parametrize(("a", "b", "template"), MIRRORED, ids=[f"{a}-{b}" for a, b, _ in MIRRORED])
def test_mirrored_pairs_get_the_same_labels_and_spans(nlp, a, b, template):
    one = nlp(template.format(a=a, b=b))
    other = nlp(template.format(a=b, b=a))
    assert len(one) == len(other)
    assert _signature(one) == _signature(other)


# -- training on a PTC-shaped folder (invented articles) -------------------------------------


def test_fixed_split_rule():
    from newstrace.training.framing import split_of

    assert [split_of(p) for p in range(10)] == [
        "train", "train", "dev", "train", "heldout", "train", "train", "dev", "train", "heldout",
    ]  # fmt: skip


def test_train_writes_a_model_that_tags(tmp_path):
    pytest.importorskip("pycrfsuite")
    from newstrace.nlp.framing_model import LoadedLanguageTagger
    from newstrace.training import framing as trainer

    data = tmp_path / "ptc"
    (data / "train-articles").mkdir(parents=True)
    labels = []
    sentence = "The minister gave a speech. Those vile traitors will destroy everything, he said.\n"
    for k in range(10):
        text = sentence * 3
        (data / "train-articles" / f"article{100 + k}.txt").write_text(text, encoding="utf-8")
        for m in range(3):
            at = m * len(sentence) + sentence.index("vile traitors")
            labels.append(f"{100 + k}\tName_Calling,Labeling\t{at}\t{at + len('vile traitors')}")
            at = m * len(sentence) + sentence.index("destroy everything")
            labels.append(f"{100 + k}\tLoaded_Language\t{at}\t{at + len('destroy everything')}")
    (data / "train-task2-TC.labels").write_text("\n".join(labels) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    summary = trainer.train(data, out, trainer.Setting(max_iterations=30), log=lambda *_: None)
    assert summary["features"] > 0
    assert (out / "weights.npz").is_file() and (out / "meta.json").is_file()
    articles = trainer.load_ptc(data)
    docs = trainer.parse(articles, None, log=lambda *_: None)
    tagger = LoadedLanguageTagger(out)
    found = {
        (s.technique, docs[articles[0].id][s.start : s.end].text) for s in tagger.spans(docs[articles[0].id])
    }
    assert ("Name_Calling,Labeling", "vile traitors") in found
