"""`newstrace demo`: examples in, stories printed, the web app serving them."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from newstrace.cli import main
from newstrace.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
STORY_A = [
    "01-meridian-breaks-land-strike-plans.json",
    "02-coastal-wire-rereports-meridian.json",
    "04-pacific-dispatch-venezuela-denies.html",
]


def _examples(tmp_path: Path) -> Path:
    folder = tmp_path / "examples"
    folder.mkdir()
    for name in STORY_A:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def test_demo_stores_links_and_lists_the_stories(tmp_path):
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(main, ["demo", str(_examples(tmp_path)), "--db", str(db), "--no-serve"])
    assert result.exit_code == 0, result.output
    with Store(db, readonly=True) as store:
        stories = store.stories()
    assert len(stories) == 1 and stories[0]["n_articles"] == 3
    assert f"{stories[0]['id']}: {stories[0]['label']} (3 articles, 3 outlets)" in result.output
    assert f"newstrace serve --db {db}" in result.output
    # again: nothing is analysed twice, the same stories
    again = CliRunner().invoke(main, ["demo", str(tmp_path / "examples"), "--db", str(db), "--no-serve"])
    assert again.exit_code == 0 and "unchanged 3" in again.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_demo_ends_serving_the_examples(tmp_path):
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "newstrace",
        "demo",
        str(_examples(tmp_path)),
        "--db",
        str(tmp_path / "demo.db"),
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = None
        for _ in range(600):  # analysing three articles and loading the model take a while on a busy CI
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories", timeout=5) as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert body is not None, server.stdout.read().decode() if server.poll() is not None else "no answer"
        assert "Venezuela" in body and "The Meridian Times" in body
    finally:
        server.terminate()
        server.wait(timeout=30)
