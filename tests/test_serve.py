"""`quotearchive serve`: a production server (waitress) that sees rebuilds and adds without a restart."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from quotearchive import pipeline

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "corpus"

STORY = '"The lighthouse will shine again on Friday," said keeper Bram Oosting.\n'


@pytest.fixture()
def server(tmp_path):
    """A running `quotearchive serve --port 0 --workers 1 --threads 4` on the sample index; yields (base URL, index dir)."""
    index_dir = tmp_path / "index"
    pipeline.rebuild([SAMPLE], index_dir)
    with serving(index_dir) as (base, _):
        yield base, index_dir


@contextmanager
def serving(index_dir: Path, workers: int = 1):
    """Run `quotearchive serve` on ``index_dir`` with 4 threads per worker; yield (base URL, the process)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "quotearchive", "serve", "--index", str(index_dir), "--port", "0",
         "--workers", str(workers), "--threads", "4"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline()
        match = re.search(rf"http://127\.0\.0\.1:(\d+)/ with {workers} worker process(es)? of 4 threads", line)
        assert match, f"unexpected first line: {line!r} {process.stderr.read() if process.poll() is not None else ''}"
        yield f"http://127.0.0.1:{match.group(1)}", process
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()


def get_json(url: str) -> tuple[int, dict, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.load(error)


def total(base: str, q: str) -> int:
    status, _, body = get_json(f"{base}/api/search?q={q}")
    assert status == 200, body
    return body["total"]


def test_serve_answers_on_loopback_with_security_headers(server):
    base, _ = server
    status, headers, body = get_json(f"{base}/api/search?q=budget")
    assert status == 200 and body["total"] > 0
    assert headers["Content-Security-Policy"] == "default-src 'self'"
    assert headers["Server"] == "QuoteArchive"
    status, _, body = get_json(f'{base}/api/search?q="unbalanced')
    assert status == 400 and "unbalanced" in body["error"]


def test_serve_picks_up_an_add_and_a_rebuild_without_a_restart(server, tmp_path):
    base, index_dir = server
    assert total(base, "lighthouse") == 0
    story = tmp_path / "lighthouse.txt"
    story.write_text("Lighthouse relit\n\n" + STORY, encoding="utf-8")

    pipeline.add([story], index_dir)
    assert total(base, "lighthouse") == 1
    budget = total(base, "budget")
    assert budget > 0

    only_story = tmp_path / "only"
    only_story.mkdir()
    story.rename(only_story / story.name)
    pipeline.rebuild([only_story], index_dir)
    assert total(base, "lighthouse") == 1
    assert total(base, "budget") == 0


def test_serve_answers_concurrent_requests(server):
    base, _ = server
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: get_json(f"{base}/api/search?q=budget&page={n % 3 + 1}")[0], range(32)))
    assert results == [200] * 32


def test_requests_waiting_for_a_thread_are_not_each_logged(tmp_path):
    # waitress warns for every request queued behind busy threads: under load, most of
    # them. serve keeps stderr for real errors.
    index_dir = tmp_path / "index"
    pipeline.rebuild([SAMPLE], index_dir)
    with serving(index_dir) as (base, process):
        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(lambda n: get_json(f"{base}/api/search?q=budget&page={n % 3 + 1}")[0],
                                    range(96)))
        assert results == [200] * 96
        process.terminate()
        _, errors = process.communicate(timeout=10)
    assert "Task queue depth" not in errors


def test_serve_in_two_processes_shares_the_port_and_both_see_an_add(tmp_path):
    index_dir = tmp_path / "index"
    pipeline.rebuild([SAMPLE], index_dir)
    with serving(index_dir, workers=2) as (base, process):
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        assert len(children) == 1
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda n: get_json(f"{base}/api/search?q=budget"), range(32)))
        assert {status for status, _, _ in answers} == {200}
        assert len({body["total"] for _, _, body in answers}) == 1
        story = tmp_path / "lighthouse.txt"
        story.write_text("Lighthouse relit\n\n" + STORY, encoding="utf-8")
        pipeline.add([story], index_dir)
        # One connection per request: both processes take some of them.
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert list(pool.map(lambda n: total(base, "lighthouse"), range(32))) == [1] * 32
    # The other process ends with the one started.
    child = Path(f"/proc/{children[0]}")
    for _ in range(100):
        if not child.exists() or "State:\tZ" in (child / "status").read_text():
            break
        time.sleep(0.05)
    assert not child.exists() or "State:\tZ" in (child / "status").read_text()


def test_serve_help_documents_workers_and_loopback_default():
    from click.testing import CliRunner

    from quotearchive.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--workers" in result.output and "127.0.0.1" in result.output
    assert "--threads" in result.output


def test_requests_during_back_to_back_adds_never_fail(server, tmp_path):
    base, index_dir = server
    stop = []

    def hammer(n: int) -> list[int]:
        statuses = []
        while not stop:
            statuses.append(get_json(f"{base}/api/search?q=said&page={n % 2 + 1}")[0])
        return statuses

    with ThreadPoolExecutor(max_workers=4) as pool:
        running = [pool.submit(hammer, n) for n in range(4)]
        for number in range(6):
            story = tmp_path / f"story-{number}.txt"
            story.write_text(f"Lighthouse {number}\n\n" + STORY.replace("Friday", f"day {number + 1}"),
                             encoding="utf-8")
            pipeline.add([story], index_dir)
        stop.append(True)
        statuses = [status for future in running for status in future.result()]
    assert statuses and set(statuses) == {200}
    assert total(base, "lighthouse") == 6
