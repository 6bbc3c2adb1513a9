"""Event factuality: features, the bundled fast model, the ONNX runner, the benchmark script."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from _bench import load_benchmark

from newstrace.nlp.factuality import OnnxFactuality, feature_names, load_factuality
from newstrace.nlp.pipeline import build_pipeline
from newstrace.training.factuality import Sentence, pearson_mae, read_jsonl

ROOT = Path(__file__).resolve().parent.parent


def load_factuality_benchmark():
    return load_benchmark("factuality")


def analyse(nlp, text: str):
    doc = nlp.make_doc(text)
    doc._.published = "2026-10-14"
    return nlp(doc)


def score(nlp, text: str, trigger: str) -> float:
    doc = analyse(nlp, text)
    (event,) = [e for e in doc._.events if e.trigger.text == trigger]
    return event.factuality


def test_features_read_negation_modals_and_the_status(nlp) -> None:
    doc = analyse(nlp, "The navy did not strike the boats.")
    feats = feature_names(doc[4], "negated")
    assert {"status=negated", "child=neg:not", "child=aux:did", "lemma=strike"} <= set(feats)
    doc = analyse(nlp, "Officials said the navy could strike the port.")
    feats = feature_names(doc[5], "possible")
    assert "child=aux:could" in feats and "anc1=ccomp>say" in feats


def test_fast_model_orders_what_happened_above_what_may_and_what_did_not(nlp) -> None:
    happened = score(nlp, "The navy struck three boats on Tuesday.", "struck")
    possible = score(nlp, "The navy may strike more boats.", "strike")
    negated = score(nlp, "The navy did not strike the boats.", "strike")
    assert happened > 2.0
    assert negated < 0.0
    assert happened > possible > negated
    for value in (happened, possible, negated):
        assert -3.0 <= value <= 3.0


def test_record_names_the_factuality_model_and_carries_scores(nlp) -> None:
    from newstrace.nlp.to_record import doc_to_record
    from newstrace.record import Article

    text = "The navy struck three boats."
    record = doc_to_record(analyse(nlp, text), Article(id="x", text=text))
    assert record.models["factuality"] == "fast"
    assert record.events and all(e.factuality is not None for e in record.events)


def test_factuality_can_be_switched_off() -> None:
    nlp = build_pipeline(components=("newstrace_events",))
    nlp.add_pipe("newstrace_status", config={"factuality": "none"})
    doc = nlp("The navy struck three boats.")
    assert doc._.events and doc._.events[0].factuality is None
    assert "factuality" not in (doc._.models or {})


def test_unknown_model_folder_is_refused(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="no factuality model"):
        load_factuality(str(tmp_path / "missing"))


def test_onnx_runner_reads_the_score_at_each_target_first_piece(tmp_path) -> None:
    """A tiny ONNX graph standing in for a trained transformer: the score of a piece is its id
    divided by 10,000 (head 0), so the test can tell which piece was read."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    vocab = 30522
    table = np.stack([np.arange(vocab) / 10000.0, -np.arange(vocab) / 10000.0], axis=1).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["table", "input_ids"], ["gathered"], axis=0),
            helper.make_node("Identity", ["gathered"], ["scores"]),
        ],
        "tiny",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, None]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, [1, None]),
        ],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, None, 2])],
        [numpy_helper.from_array(table, "table")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, tmp_path / "model.onnx")
    tokenizer = ROOT / "src" / "newstrace" / "models" / "attribution-accurate" / "tokenizer.json"
    (tmp_path / "tokenizer.json").write_bytes(tokenizer.read_bytes())
    (tmp_path / "meta.json").write_text(json.dumps({"head": 0, "max_pieces": 256}))
    runner = load_factuality(str(tmp_path))
    assert isinstance(runner, OnnxFactuality)
    words = ["The", "navy", "struck", "boats"]
    ids = runner.tokenizer.encode(words, is_pretokenized=True).ids
    scores = runner.sentence_scores(words, [2, 3])
    # [CLS] the navy struck boats [SEP]: word 2 is piece 3, word 3 piece 4; scores clipped to 3
    assert scores == pytest.approx([min(ids[3] / 10000.0, 3.0), min(ids[4] / 10000.0, 3.0)], abs=1e-4)


def test_read_jsonl_lists_bad_lines_and_keeps_going(tmp_path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(
        '{"text": "The navy struck boats .", "targets": [{"span1": [2, 3], "label": 3.0}], "idx": 0}\n'
        "not json\n"
        '{"text": "Boats sank .", "targets": [{"span1": [7, 8], "label": 1.0}], "idx": 2}\n'
        '{"text": "Talks may resume .", "targets": [{"span1": [2, 3]}], "idx": 3}\n'
    )
    items = list(read_jsonl(data))
    assert isinstance(items[0], Sentence) and items[0].targets == [2] and items[0].labels == [3.0]
    assert isinstance(items[1], str) and items[1].startswith("d.jsonl:2: JSONDecodeError")
    assert isinstance(items[2], str) and "outside the sentence" in items[2]
    assert isinstance(items[3], Sentence) and items[3].labels is None


def test_pearson_and_mae() -> None:
    r, mae = pearson_mae(np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 6.0]))
    assert r == pytest.approx(1.0) and mae == pytest.approx(2.0)
    r, mae = pearson_mae(np.array([1.0, 1.0]), np.array([0.0, 2.0]))
    assert r == 0.0 and mae == pytest.approx(1.0)


def test_benchmark_scores_and_writes_one_line_per_input_line(tmp_path, capsys) -> None:
    bench = load_factuality_benchmark()
    data = tmp_path / "d.jsonl"
    rows = [
        {"text": "The navy struck three boats .", "targets": [{"span1": [2, 3], "label": 3.0}], "idx": 0},
        {"text": "The navy did not strike .", "targets": [{"span1": [4, 5], "label": -3.0}], "idx": 1},
        {"text": "The navy may strike .", "targets": [{"span1": [3, 4], "label": 0.5}], "idx": 2},
    ]
    data.write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n{broken\n" + json.dumps(rows[2]) + "\n")
    out = tmp_path / "pred.jsonl"
    assert bench.main(["--data", str(data), "--pred-out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["idx"] for line in lines] == [0, 1, None, 2]
    assert [len(line.get("predictions", [])) for line in lines] == [1, 1, 0, 1]
    assert lines[0]["predictions"][0] > lines[1]["predictions"][0]
    captured = capsys.readouterr()
    assert "targets 3" in captured.out and "status rules only" in captured.out
    assert "skipped d.jsonl:3" in captured.err


def test_benchmark_refuses_a_missing_file(tmp_path, capsys) -> None:
    assert load_factuality_benchmark().main(["--data", str(tmp_path / "none.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def _tiny_corpus(root: Path) -> Path:
    """Invented sentences in the UW format: past events high, negated low, modal in between."""
    rows = []
    for k, (text, target, label) in enumerate(
        [
            ("The navy struck three boats .", 2, 3.0),
            ("Rebels attacked the convoy on Monday .", 1, 3.0),
            ("Police arrested two men .", 1, 2.8),
            ("The army did not attack the town .", 4, -2.8),
            ("The rebels never seized the port .", 3, -3.0),
            ("The navy may strike the port .", 3, 0.5),
            ("Troops could withdraw next week .", 2, 0.4),
            ("The ministry denied that soldiers fired on protesters .", 5, -1.5),
        ]
        * 3
    ):
        rows.append({"text": text, "targets": [{"span1": [target, target + 1], "label": label}], "idx": k})
    for split in ("train", "dev"):
        (root / "uw").mkdir(parents=True, exist_ok=True)
        (root / "uw" / f"{split}.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return root


def test_train_factuality_fast_writes_a_model_the_pipeline_uses(tmp_path) -> None:
    from click.testing import CliRunner

    from newstrace.cli import main

    data, out = _tiny_corpus(tmp_path / "data"), tmp_path / "model"
    result = CliRunner().invoke(main, ["train", "factuality", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "chose alpha" in result.output and (out / "weights.npz").is_file()
    meta = json.loads((out / "meta.json").read_text())
    assert meta["baseline"]["status_means"]["negated"] < meta["baseline"]["status_means"]["occurred"]
    nlp = build_pipeline(components=("newstrace_events",))
    nlp.add_pipe("newstrace_status", config={"factuality": str(out)})
    doc = nlp("The navy struck three boats. The army did not attack the town.")
    scores = {e.trigger.text: e.factuality for e in doc._.events}
    assert scores["struck"] > 1.5 > -1.5 > scores["attack"]
    assert doc._.models["factuality"] == str(out)


def test_train_factuality_refuses_a_folder_without_uw(tmp_path) -> None:
    from click.testing import CliRunner

    from newstrace.cli import main

    result = CliRunner().invoke(
        main, ["train", "factuality", "--data", str(tmp_path), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 2
    assert "not found: --data is the factuality folder" in result.output
