"""Reading inputs: formats, encodings, and every kind of bad input becoming a Skipped with a reason."""

from __future__ import annotations

import gzip
import itertools
import json

import pytest

from newstrace.analysis import article_id, normalize_published, prepare
from newstrace.ingest.article import ArticleInput, InputError, Skipped
from newstrace.ingest.decode import decode_bytes
from newstrace.ingest.files import parse_size, read_inputs, sniff_kind

NEWS = "Officials said on Tuesday that the navy had struck three boats off the coast of the island last week."


def _read(tmp_path, name: str, data: bytes, **kw) -> list:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_inputs([str(path)], **kw))


def test_utf8_text_file_reads_as_text(tmp_path):
    [item] = _read(tmp_path, "a.txt", NEWS.encode())
    assert isinstance(item, ArticleInput)
    assert item.text == NEWS
    assert item.origin.endswith("a.txt")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_non_utf8_encodings_are_detected(encoding):
    text = "Café owners in Bogotá said the strike was over, according to the union of waiters and cooks."
    assert decode_bytes(text.encode(encoding)) == text


def test_windows_newlines_are_normalised():
    assert decode_bytes(b"One.\r\n\r\nTwo.\rThree.") == "One.\n\nTwo.\nThree."


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty input"),
        ("blank.txt", b"  \n\n \t", "empty input"),
        ("image.txt", bytes(range(256)) * 20, "binary data, not text"),
        ("zip.html", gzip.compress(NEWS.encode() * 50), "binary data, not text"),
    ],
)
def test_bad_files_are_skipped_with_reason(tmp_path, name, data, reason):
    [item] = _read(tmp_path, name, data)
    assert item == Skipped(str(tmp_path / name), reason)


def test_file_over_size_limit_is_skipped_and_not_read(tmp_path):
    [item] = _read(tmp_path, "big.txt", b"x" * 2048, max_bytes=1024)
    assert isinstance(item, Skipped)
    assert item.reason == "file is 2 KB, over the 1 KB limit (--max-size)"


def test_jsonl_malformed_line_is_skipped_and_the_rest_read(tmp_path):
    lines = [
        json.dumps({"id": "one", "text": NEWS}),
        "{not json",
        json.dumps({"id": "three", "html": "<p>x</p>"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "five", "title": "no text"}),
    ]
    items = _read(tmp_path, "batch.jsonl", "\n".join(lines).encode())
    origin = str(tmp_path / "batch.jsonl")
    assert [type(i).__name__ for i in items] == [
        "ArticleInput",
        "Skipped",
        "ArticleInput",
        "Skipped",
        "Skipped",
    ]
    assert items[0].id == "one" and items[0].text == NEWS
    assert items[1].origin == f"{origin}:2" and items[1].reason.startswith("malformed JSON:")
    assert items[2].html == "<p>x</p>" and items[2].text is None
    assert items[3].reason == "expected a JSON object, got list"
    assert items[4].reason == 'article object has no "text" or "html"'


def test_json_article_object_fields(tmp_path):
    obj = {
        "id": 7,
        "text": NEWS,
        "url": "https://example.org/a",
        "outlet": "Harbor Ledger",
        "title": "Boats struck",
        "published": "2026-11-10T14:30:00Z",
        "authors": "Ana Ruiz",
    }
    [item] = _read(tmp_path, "a.json", json.dumps(obj).encode())
    assert (item.id, item.outlet, item.title, item.authors) == (
        "7",
        "Harbor Ledger",
        "Boats struck",
        ["Ana Ruiz"],
    )


def test_json_with_wrong_field_type_is_skipped(tmp_path):
    [item] = _read(tmp_path, "a.json", json.dumps({"text": NEWS, "authors": [1, 2]}).encode())
    assert item.reason == '"authors" must be a list of strings'


def test_directory_is_expanded_in_sorted_order_and_other_files_ignored(tmp_path):
    for name in ("b.txt", "a.json", "c.html", "notes.csv"):
        (tmp_path / name).write_text(json.dumps({"text": NEWS}) if name.endswith("json") else NEWS)
    origins = [i.origin for i in read_inputs([str(tmp_path)])]
    assert [o.rsplit("/", 1)[1] for o in origins] == ["a.json", "b.txt", "c.html"]


def test_missing_path_and_empty_directory(tmp_path):
    (tmp_path / "empty").mkdir()
    items = list(read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "empty")]))
    assert [i.reason for i in items] == [
        "no such file or directory",
        "directory holds no .txt, .html, .json or .jsonl files",
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('{"text": "x"}', "json"),
        ('{"text": "x"}\n{"text": "y"}\n', "jsonl"),
        ('{\n  "text": "x"\n}', "json"),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("Plain words.", "text"),
    ],
)
def test_sniff_kind_for_stdin(text, kind):
    assert sniff_kind(text) == kind


def test_parse_size():
    assert parse_size("5MB") == 5 * 1024**2
    assert parse_size("500kb") == 500 * 1024
    assert parse_size("1024") == 1024
    with pytest.raises(ValueError):
        parse_size("5 parsecs")


def test_prepare_skips_non_english_with_reason():
    spanish = "El gobierno negó cualquier participación en los ataques de la semana pasada, dijo el ministro."
    with pytest.raises(InputError, match=r"^language is 'es' \(\d+% sure\), not English$"):
        prepare(ArticleInput(origin="x", text=spanish))


def test_prepare_html_without_article_is_skipped():
    html = "<html><head><title>Login</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(InputError, match="no article text found in the HTML"):
        prepare(ArticleInput(origin="x", html=html))


def test_prepare_html_extracts_text_and_metadata():
    body = "".join(f"<p>{NEWS} Paragraph {i} adds more reporting on the strikes.</p>" for i in range(4))
    html = (
        "<html><head><title>Navy strikes boats | Harbor Ledger</title>"
        '<meta property="og:site_name" content="Harbor Ledger">'
        '<meta property="article:published_time" content="2026-11-10T09:00:00Z">'
        '<meta name="author" content="Ana Ruiz"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>{body}</article>"
        "<footer>Copyright Harbor Ledger. All rights reserved.</footer></body></html>"
    )
    article = prepare(ArticleInput(origin="x", html=html, url="https://example.org/n"))
    assert article.outlet == "Harbor Ledger"
    assert article.published == "2026-11-10"
    assert article.authors == ["Ana Ruiz"]
    assert article.text.startswith(NEWS)
    assert "Copyright" not in article.text and "World" not in article.text


def test_given_metadata_wins_over_extracted():
    html = "<html><head><meta property='og:site_name' content='Page Site'></head><body><article>"
    html += f"<p>{NEWS}</p><p>{NEWS}</p></article></body></html>"
    article = prepare(ArticleInput(origin="x", html=html, outlet="Given Outlet"))
    assert article.outlet == "Given Outlet"


def test_article_id_is_a_stable_hash_of_the_text():
    a = prepare(ArticleInput(origin="x", text=NEWS))
    assert a.id == article_id(NEWS) == prepare(ArticleInput(origin="y", text=NEWS)).id
    assert a.id != article_id(NEWS + " More.")
    assert prepare(ArticleInput(origin="x", text=NEWS, id="given")).id == "given"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2026-11-10T14:30:00Z", "2026-11-10T14:30:00Z"),
        ("2026-11-10", "2026-11-10"),
        ("November 10, 2026", "2026-11-10T00:00:00"),
        ("not a date at all", None),
        (None, None),
    ],
)
def test_published_is_normalised_to_iso(given, expected):
    assert normalize_published(given) == expected


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Navy recalls ships\n\nThe navy said on Monday it would recall its ships.", "Navy recalls ships"),
        ("The navy said on Monday it would recall its ships.\n\nMore text.", None),
        ("Navy recalls ships\nThe navy said on Monday it would recall its ships.", None),
        ("One line only", None),
    ],
)
def test_plain_text_headline_becomes_the_title(text, title):
    assert prepare(ArticleInput(origin="x", text=text)).title == title


def _gz(tmp_path, name: str, data: bytes, **kw) -> list:
    return _read(tmp_path, name, gzip.compress(data), **kw)


@pytest.mark.parametrize(
    ("name", "field", "value"),
    [
        ("a.txt.gz", "text", NEWS),
        ("a.html.gz", "html", f"<html><body><p>{NEWS}</p></body></html>"),
        ("a.gz", "text", NEWS),  # no kind before .gz: sniffed, as stdin is
    ],
)
def test_gzipped_files_read_as_their_inner_kind(tmp_path, name, field, value):
    [item] = _gz(tmp_path, name, value.encode())
    assert isinstance(item, ArticleInput)
    assert getattr(item, field) == value
    assert item.origin == str(tmp_path / name)


def test_gzipped_json_and_jsonl(tmp_path):
    [one] = _gz(tmp_path, "a.json.gz", json.dumps({"id": "one", "text": NEWS}).encode())
    assert (one.id, one.text) == ("one", NEWS)
    lines = "\n".join(json.dumps({"id": str(n), "text": NEWS}) for n in range(3))
    items = _gz(tmp_path, "b.jsonl.gz", lines.encode())
    assert [(i.id, i.origin) for i in items] == [
        (str(n), f"{tmp_path / 'b.jsonl.gz'}:{n + 1}") for n in range(3)
    ]


def test_truncated_jsonl_gz_yields_the_lines_before_the_damage(tmp_path):
    lines = "".join(json.dumps({"id": str(n), "text": NEWS}) + "\n" for n in range(200)).encode()
    packed = gzip.compress(lines)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    items = list(read_inputs([str(path)]))
    *articles, last = items
    assert 0 < len(articles) < 200
    assert [a.id for a in articles] == [str(n) for n in range(len(articles))]
    assert last == Skipped(
        str(path), "corrupt gzip: compressed file ended before the end-of-stream marker was reached"
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            gzip.compress(NEWS.encode(), mtime=0)[:-12],
            "corrupt gzip: compressed file ended before the end-of-stream marker was reached",
        ),
        (b"plain text, not gzip", "corrupt gzip: not a gzipped file (b'pl')"),
    ],
    ids=["truncated", "not-gzip"],
)
def test_corrupt_gzip_is_skipped(tmp_path, data, reason):
    assert _read(tmp_path, "a.txt.gz", data) == [Skipped(str(tmp_path / "a.txt.gz"), reason)]


def test_gzip_bomb_is_capped_not_inflated(tmp_path, monkeypatch):
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb") as handle:  # 64 MB of spaces in ~64 KB
        for _ in range(64):
            handle.write(b" " * (1024 * 1024))
    inflated: list[int] = []
    real_read1 = gzip.GzipFile.read1

    def counting_read1(self, size=-1):
        chunk = real_read1(self, size)
        inflated.append(len(chunk))
        return chunk

    monkeypatch.setattr(gzip.GzipFile, "read1", counting_read1)
    [item] = read_inputs([str(path)], max_bytes=1024 * 1024)
    assert item == Skipped(str(path), "decompressed size is over the 1 MB limit (--max-size)")
    assert 1024 * 1024 < sum(inflated) <= 1024 * 1024 + 64 * 1024  # stopped one chunk past the cap


def test_directory_includes_gzipped_files(tmp_path):
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(NEWS.encode()))
    (tmp_path / "a.txt").write_text(NEWS)
    (tmp_path / "c.tar.gz").write_bytes(gzip.compress(b"x"))
    origins = [i.origin.rsplit("/", 1)[1] for i in read_inputs([str(tmp_path)])]
    assert origins == ["a.txt", "b.txt.gz"]


def test_jsonl_is_streamed_so_the_size_limit_applies_per_line(tmp_path):
    lines = [json.dumps({"id": str(i), "text": NEWS}) for i in range(40)]
    lines.insert(5, json.dumps({"id": "huge", "text": "word " * 400}))
    items = _read(tmp_path, "many.jsonl", "\n".join(lines).encode(), max_bytes=1024)
    assert len(items) == 41
    assert [i.id for i in items if isinstance(i, ArticleInput)] == [str(i) for i in range(40)]
    [skipped] = [i for i in items if isinstance(i, Skipped)]
    assert skipped == Skipped(f"{tmp_path / 'many.jsonl'}:6", "line is over the 1 KB limit (--max-size)")


def test_jsonl_line_that_is_not_utf8_is_skipped_alone(tmp_path):
    data = json.dumps({"text": NEWS}).encode() + b"\n" + '{"text": "caf\xe9"}'.encode("latin-1") + b"\n"
    items = _read(tmp_path, "mixed.jsonl", data)
    assert isinstance(items[0], ArticleInput)
    assert items[1].reason == "line is not UTF-8 (JSON Lines must be UTF-8)"


def test_jsonl_byte_ranges_cover_every_line_once_with_its_number(tmp_path):
    from newstrace.ingest.files import read_jsonl_range

    path = tmp_path / "big.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": str(i), "text": NEWS * (1 + i % 3)}) for i in range(50)) + "\n"
    )
    size = path.stat().st_size
    cuts = [0, 1, size // 3, size // 3 + 1, size // 2, size - 5, size]
    items = []
    for start, end in itertools.pairwise(cuts):
        items += list(read_jsonl_range(path, start, end, 10_000))
    assert [i.id for i in items] == [str(i) for i in range(50)]
    assert [i.origin for i in items] == [f"{path}:{n}" for n in range(1, 51)]
