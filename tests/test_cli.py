"""The `newstrace` command: formats, ordering, stdin, exit codes and the skipped-input summary."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newstrace import __version__
from newstrace.cli import main
from newstrace.cli.common import EXIT_ENVIRONMENT, EXIT_NOTHING, EXIT_OK, EXIT_SKIPPED

NEWS = "The minister said on Tuesday that the navy would return its ships to port within the week."


@pytest.fixture
def run():
    def _run(*args: str, input: str | bytes | None = None):
        return CliRunner().invoke(main, list(args), input=input)

    return _run


@pytest.fixture
def batch(tmp_path):
    """Three good articles and four bad inputs in one directory."""
    (tmp_path / "a.txt").write_text(NEWS)
    (tmp_path / "b.json").write_text(json.dumps({"id": "b", "text": "Police said two men were arrested."}))
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "c1", "text": "Rain fell all day in the port."}) + "\n{oops\n"
    )
    (tmp_path / "d.txt").write_bytes(b"")
    (tmp_path / "e.txt").write_text(
        "Le gouvernement a démenti toute participation aux frappes de la semaine passée."
    )
    (tmp_path / "f.html").write_bytes(bytes(range(256)) * 4)
    return tmp_path


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"newstrace, version {__version__}"


@pytest.mark.parametrize("command", [[], ["analyze"]])
def test_help_lists_exit_codes(run, command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Exit codes:" in result.output and "3  nothing was done" in result.output


def test_every_command_has_help(run):
    for name in main.commands:
        result = run(name, "--help")
        assert result.exit_code == 0 and result.output.startswith("Usage: ")


def test_single_file_gives_one_json_object(run, tmp_path):
    (tmp_path / "a.txt").write_text(NEWS)
    result = run("analyze", str(tmp_path / "a.txt"))
    assert result.exit_code == EXIT_OK
    record = json.loads(result.stdout)
    assert record["schema_version"] == 1
    assert record["article"]["text"] == NEWS


def test_batch_json_array_in_input_order_with_skips(run, batch):
    result = run("analyze", str(batch), "--format", "json")
    assert result.exit_code == EXIT_SKIPPED
    records = json.loads(result.stdout)
    assert [r["article"]["text"][:12] for r in records] == [NEWS[:12], "Police said ", "Rain fell al"]
    skipped_lines = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert [line.split(": ", 1)[1] for line in skipped_lines] == [
        "malformed JSON: Expecting property name enclosed in double quotes at line 1 column 2",
        "empty input",
        "language is 'fr' (100% sure), not English",
        "binary data, not text",
    ]
    assert skipped_lines[0].startswith(f"skipped {batch / 'c.jsonl'}:2: ")
    assert "newstrace: analysed 3, skipped 4" in result.stderr
    assert f"  empty input (1): {batch / 'd.txt'}" in result.stderr.splitlines()
    assert "Traceback" not in result.output


def test_skipped_file_lists_every_skipped_input(run, batch, tmp_path):
    listing = tmp_path / "skipped.jsonl"
    result = run("analyze", str(batch), "--format", "jsonl", "--skipped", str(listing))
    assert result.exit_code == EXIT_SKIPPED
    rows = [json.loads(line) for line in listing.read_text().splitlines()]
    assert [(r["origin"].rsplit("/", 1)[1], r["reason"]) for r in rows] == [
        ("c.jsonl:2", "malformed JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
        ("d.txt", "empty input"),
        ("e.txt", "language is 'fr' (100% sure), not English"),
        ("f.html", "binary data, not text"),
    ]


def test_summary_shortens_long_lists(run, tmp_path):
    for i in range(7):
        (tmp_path / f"{i}.txt").write_text("")
    result = run("analyze", str(tmp_path))
    line = next(x for x in result.stderr.splitlines() if x.startswith("  empty input (7): "))
    assert line.endswith(" and 2 more") and line.count(".txt") == 5


def test_progress_bar_on_a_terminal_shows_rate(run, batch, monkeypatch):
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich then treats stderr as a terminal
    result = run("analyze", str(batch), "--format", "jsonl")
    assert "articles/s" in result.stderr and "7/7" in result.stderr


def test_quiet_has_no_summary(run, batch):
    result = run("analyze", str(batch), "--format", "jsonl", "--quiet")
    assert "newstrace: analysed" not in result.stderr
    assert result.stderr.count("skipped ") == 4


def test_jsonl_output_one_record_a_line(run, batch):
    result = run("analyze", str(batch), "--format", "jsonl")
    lines = result.stdout.strip().split("\n")
    assert [json.loads(line)["article"]["id"] for line in lines][1:] == ["b", "c1"]


def test_text_report_names_the_article_and_sections(run, tmp_path):
    (tmp_path / "a.json").write_text(
        json.dumps({"title": "Ships recalled", "outlet": "Harbor Ledger", "text": NEWS})
    )
    result = run("analyze", str(tmp_path / "a.json"), "--format", "text")
    assert result.exit_code == EXIT_OK
    assert "Ships recalled" in result.stdout and "Harbor Ledger" in result.stdout
    assert "Attributions, in order" in result.stdout and "Events by status" in result.stdout


def test_stdin_text_and_jsonl(run):
    result = run("analyze", "-", input=NEWS)
    assert json.loads(result.stdout)["article"]["text"] == NEWS
    lines = "\n".join(json.dumps({"id": str(i), "text": NEWS}) for i in range(3))
    result = run("analyze", "-", "--format", "jsonl", input=lines)
    assert [json.loads(x)["article"]["id"] for x in result.stdout.split("\n") if x] == ["0", "1", "2"]


def test_out_file(run, tmp_path):
    (tmp_path / "a.txt").write_text(NEWS)
    out = tmp_path / "out.json"
    result = run("analyze", str(tmp_path / "a.txt"), "--out", str(out))
    assert result.exit_code == EXIT_OK and result.stdout == ""
    assert json.loads(out.read_text())["article"]["text"] == NEWS


def test_unwritable_out_is_an_environment_error(run, tmp_path):
    (tmp_path / "a.txt").write_text(NEWS)
    result = run("analyze", str(tmp_path / "a.txt"), "--out", str(tmp_path / "missing-dir" / "x.json"))
    assert result.exit_code == EXIT_ENVIRONMENT
    assert result.stderr.startswith("newstrace: cannot write ")


def test_nothing_analysed_exit_code(run, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = run("analyze", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"))
    assert result.exit_code == EXIT_NOTHING
    assert json.loads(result.stdout) == []
    assert "skipped " + str(tmp_path / "missing.txt") + ": no such file or directory" in result.stderr


def test_max_size_option(run, tmp_path):
    (tmp_path / "a.txt").write_text(NEWS * 20)
    result = run("analyze", str(tmp_path / "a.txt"), "--max-size", "1KB")
    assert result.exit_code == EXIT_NOTHING
    assert "over the 1 KB limit (--max-size)" in result.stderr
    assert run("analyze", str(tmp_path / "a.txt"), "--max-size", "lots").exit_code == 2


def test_jobs_keep_input_order(run, tmp_path):
    for i in range(12):
        (tmp_path / f"{i:02d}.json").write_text(json.dumps({"id": f"n{i}", "text": f"Item {i}. " + NEWS}))
    result = run("analyze", str(tmp_path), "--jobs", "2", "--batch-size", "2", "--format", "jsonl")
    assert result.exit_code == EXIT_OK
    ids = [json.loads(line)["article"]["id"] for line in result.stdout.split("\n") if line]
    assert ids == [f"n{i}" for i in range(12)]


def test_schema_command_prints_the_packaged_schema(run):
    result = run("schema")
    assert json.loads(result.stdout)["title"] == "Record"


def test_text_report_groups_events_by_status_with_mode_score_and_countries(run, tmp_path):
    text = (
        "The U.S. military carried out an airstrike on a Venezuelan boat near Caracas on Tuesday. "
        "Venezuela did not attack the ships."
    )
    (tmp_path / "a.json").write_text(json.dumps({"text": text, "published": "2026-10-14"}))
    result = run("analyze", str(tmp_path / "a.json"), "--format", "text")
    events = result.stdout[result.stdout.index("Events by status") :]
    occurred, negated = events.index("OCCURRED"), events.index("NEGATED")
    strike = events.index("airstrike (ASSAULT · aerial) +")
    assert occurred < strike < negated
    assert "[USA]" in events[strike:negated] and "[VEN]" in events[strike:negated]
    assert events.index("attack (ASSAULT) -") > negated
