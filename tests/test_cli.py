"""The ``quotearchive`` command, called through click's CliRunner: exit codes and output."""
from __future__ import annotations

import json
import re
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import REPO
from quotearchive.cli import cli

ARTICLE = (
    "Pier repairs approved before summer\n"
    "\n"
    "Councillors in the town of Brackwater approved a plan on Tuesday to rebuild the old pier.\n"
    "\n"
    '"We will rebuild the pier before the summer season begins," said Ada Quist, the council leader.\n'
)

PAGE = """<!DOCTYPE html>
<html><head>
<title>Ferry fares frozen for a year | The Brackwater Beacon</title>
<meta property="og:title" content="Ferry fares frozen for a year">
<meta property="og:site_name" content="The Brackwater Beacon">
<meta property="article:published_time" content="2026-02-03T09:00:00+00:00">
<link rel="canonical" href="https://beacon.example/ferry-fares-frozen">
</head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Ferry fares frozen for a year</h1>
<p>Ferry fares across the Brackwater estuary will not rise this year, the operator said.</p>
<p>"Nobody should pay more to get to work," said Leon Marsh, the operator's chief executive.</p>
</article>
<footer>&copy; 2026 The Brackwater Beacon</footer>
</body></html>
"""


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr in unless told not to
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps result.stderr apart already


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "brackwater-pier.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_extract_prints_one_json_object_per_quote(runner, article):
    result = runner.invoke(cli, ["extract", str(article), "--jsonl"])

    assert result.exit_code == 0, result.output
    quotes = json_lines(result.stdout)
    assert quotes, "no quote extracted"
    for quote in quotes:
        assert {"source", "text", "speaker"} <= quote.keys()
    pier = [q for q in quotes if "rebuild the pier before the summer season begins" in q["text"]]
    assert len(pier) == 1
    assert pier[0]["speaker"] == "Ada Quist"
    assert pier[0]["source"].endswith("brackwater-pier.txt")


def test_extract_reports_an_unknown_file_type_on_stderr_and_still_succeeds(runner, article, tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not an article")

    result = runner.invoke(cli, ["extract", str(tmp_path), "--jsonl"])

    assert result.exit_code == 0, result.output
    assert "notes.docx" in result.stderr
    assert "skipped" in result.stderr
    assert "notes.docx" not in result.stdout
    assert any("rebuild the pier" in q["text"] for q in json_lines(result.stdout))


def test_clean_prints_title_outlet_and_published_date(runner, tmp_path):
    page = tmp_path / "ferry-fares.html"
    page.write_text(PAGE, encoding="utf-8")

    result = runner.invoke(cli, ["clean", str(page)])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.match(r"^Title:\s+Ferry fares frozen for a year$", lines[0])
    assert re.match(r"^Outlet:\s+The Brackwater Beacon$", lines[1])
    assert re.match(r"^Published:\s+2026-02-03$", lines[2])
    assert "Nobody should pay more to get to work" in result.stdout
    assert "Home" not in lines[3:] and "2026 The Brackwater Beacon" not in result.stdout


def test_rebuild_prints_the_counts(runner, article, tmp_path):
    index_dir = tmp_path / "index"

    result = runner.invoke(cli, ["rebuild", "--corpus", str(article.parent),
                                 "--index", str(index_dir), "--quiet"])

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert re.search(r"^articles read:\s+1$", out, re.M), out
    assert re.search(r"^skipped:\s+0$", out, re.M), out
    match = re.search(r"^quotes indexed:\s+(\d+)$", out, re.M)
    assert match and int(match.group(1)) >= 1, out
    assert re.search(r"^index:\s+" + re.escape(str(index_dir)) + "$", out, re.M), out
    assert index_dir.is_dir()


def test_rebuild_with_a_missing_corpus_fails_with_a_clear_message(runner, tmp_path):
    missing = tmp_path / "no-such-corpus"

    result = runner.invoke(cli, ["rebuild", "--corpus", str(missing),
                                 "--index", str(tmp_path / "index")])

    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)  # a handled error, not a crash
    assert "corpus not found" in result.output
    assert str(missing) in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "index").exists()


def test_rebuild_index_script_shows_help():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "rebuild_index.py"), "--help"],
        capture_output=True, text=True, timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert "--corpus" in result.stdout
    assert "--index" in result.stdout
    assert "--quiet" in result.stdout


def test_rebuild_from_a_corpus_without_quotes_keeps_the_live_index(tmp_path):
    from quotearchive import index, pipeline
    from quotearchive.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text('Title\n\n"We sail at dawn," said captain Ivo Marek.\n', encoding="utf-8")
    index_dir = tmp_path / "index"
    pipeline.rebuild([corpus], index_dir)
    empty = tmp_path / "unmounted"
    empty.mkdir()
    with pytest.raises(SystemExit) as stop:
        main(["rebuild", "--corpus", str(empty), "--index", str(index_dir), "--quiet"])
    assert stop.value.code == 1
    with index.open_index(index_dir).searcher() as searcher:
        assert searcher.doc_count() == 1


def test_extract_into_a_pipe_closed_early_ends_quietly():
    # `quotearchive extract ... | head -1`: the reader goes away; no error message.
    process = subprocess.Popen([sys.executable, "-m", "quotearchive", "extract", "examples/corpus", "--jsonl"],
                               cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()  # as head does after its line
    _, errors = process.communicate(timeout=120)
    assert json.loads(first)["text"]
    assert errors == b""
    assert process.returncode in (0, -signal.SIGPIPE)
