"""Tests for the ingest stage: every format read, every bad input skipped with a reason."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from quotearchive import ingest
from quotearchive.ingest import read_documents
from quotearchive.models import RawDocument, Skipped

STORY = "Ferry Returns to Lakeside\nThe ferry will run again from Monday, the harbour master said.\n"


def read_all(*paths) -> list[RawDocument | Skipped]:
    return list(read_documents(paths))


def test_txt_file_becomes_a_text_document_with_its_path_as_source(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(STORY, encoding="utf-8")
    assert read_all(path) == [RawDocument(source=str(path), format="txt", text=STORY)]


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_html_file_becomes_a_markup_document(tmp_path, suffix):
    path = tmp_path / f"ferry{suffix}"
    path.write_text("<html><body><p>The ferry runs again.</p></body></html>", encoding="utf-8")
    [document] = read_all(path)
    assert (document.format, document.html, document.text) == (
        "html", "<html><body><p>The ferry runs again.</p></body></html>", None)


def test_jsonl_gives_one_document_per_line_with_metadata(tmp_path):
    path = tmp_path / "feed.jsonl"
    records = [
        {"title": "Mill Reopens", "text": "The mill reopened.", "published": "2024-03-05",
         "outlet": "Upland Weekly", "url": "https://upland.example/mill"},
        {"html": "<p>The bridge is open.</p>", "outlet": "Fenland Review"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    first, second = read_all(path)
    assert first == RawDocument(
        source=f"{path}:1", format="jsonl", text="The mill reopened.",
        meta={"title": "Mill Reopens", "published": "2024-03-05", "outlet": "Upland Weekly",
              "url": "https://upland.example/mill"},
    )
    assert (second.source, second.html, second.text, second.meta) == (
        f"{path}:2", "<p>The bridge is open.</p>", None, {"outlet": "Fenland Review"})


def test_bad_jsonl_lines_are_skipped_with_their_line_number(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"text": "First story."}\n'
        '{"text": "broken\n'
        '\n'
        '{"title": "No body here"}\n'
        '["not", "an", "object"]\n'
        '{"text": "Last story."}\n',
        encoding="utf-8",
    )
    items = read_all(path)
    assert [type(item).__name__ for item in items] == ["RawDocument", "Skipped", "Skipped", "Skipped", "RawDocument"]
    assert [item.source for item in items] == [f"{path}:{n}" for n in (1, 2, 4, 5, 6)]
    assert "invalid JSON on line 2" in items[1].reason
    assert "neither 'text' nor 'html'" in items[2].reason
    assert "not a JSON object" in items[3].reason


def test_directories_are_read_recursively_in_name_order(tmp_path):
    for relative in ("b.txt", "a/z.txt", "a/c.html", "c/d/e.txt", ".hidden/x.txt", "a/.swap.txt"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<p>Some words.</p>" if relative.endswith(".html") else "Some words.", encoding="utf-8")
    sources = [item.source for item in read_all(tmp_path)]
    assert sources == [str(tmp_path / p) for p in ("a/c.html", "a/z.txt", "b.txt", "c/d/e.txt")]


def test_source_keeps_the_path_as_given(tmp_path, monkeypatch):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "story.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    [document] = read_all("corpus")
    assert document.source == os.path.join("corpus", "story.txt")


def test_unknown_extension_is_skipped_with_a_reason(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "README").write_text("notes", encoding="utf-8")
    first, second = read_all(tmp_path / "scan.pdf", tmp_path / "README")
    assert isinstance(first, Skipped) and "unsupported file type ('.pdf')" in first.reason
    assert isinstance(second, Skipped) and "no extension" in second.reason


def test_cp1252_text_is_decoded_correctly(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Café owner Zoë Brandt said: “We’re open – come in.”".encode("cp1252"))
    [document] = read_all(path)
    assert document.text == "Café owner Zoë Brandt said: “We’re open – come in.”"


def test_bytes_undefined_in_cp1252_fall_back_to_latin_1(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"Caf\xe9 \x81 owner")  # 0x81 has no cp1252 character
    assert read_all(path)[0].text == "Caf\u00e9 \u0081 owner"


def test_utf8_with_a_byte_order_mark_loses_the_mark(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfZo\xc3\xab spoke.")
    assert read_all(path)[0].text == "Zoë spoke."


def test_utf16_text_is_decoded(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Zoë spoke.".encode("utf-16"))
    assert read_all(path)[0].text == "Zoë spoke."


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n", "binary file"),
])
def test_empty_and_binary_files_are_skipped(tmp_path, content, reason):
    path = tmp_path / "story.txt"
    path.write_bytes(content)
    [item] = read_all(path)
    assert isinstance(item, Skipped) and item.source == str(path) and reason in item.reason


def test_files_over_the_size_cap_are_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 10)
    path = tmp_path / "long.txt"
    path.write_text("x" * 11, encoding="utf-8")
    [item] = read_all(path)
    assert isinstance(item, Skipped) and "too large" in item.reason


def test_missing_path_is_skipped_not_raised(tmp_path):
    [item] = read_all(tmp_path / "nowhere")
    assert isinstance(item, Skipped) and "not found" in item.reason


def test_symlink_loops_are_read_once(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "story.txt").write_text(STORY, encoding="utf-8")
    try:
        (tmp_path / "corpus" / "loop").symlink_to(tmp_path / "corpus", target_is_directory=True)
    except OSError:
        pytest.skip("this filesystem cannot make symlinks")
    items = read_all(tmp_path / "corpus")
    documents = [item for item in items if isinstance(item, RawDocument)]
    assert [d.source for d in documents] == [str(tmp_path / "corpus" / "story.txt")]
    assert any(isinstance(item, Skipped) and "symlink" in item.reason for item in items)


def test_unreadable_file_is_skipped(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(STORY, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that ignore file permissions")
        [item] = read_all(path)
        assert isinstance(item, Skipped) and "cannot read" in item.reason
    finally:
        path.chmod(0o644)


def test_read_documents_is_lazy_and_takes_paths_as_strings(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    iterator = read_documents([str(tmp_path)])
    assert next(iterator).source == str(Path(tmp_path) / "a.txt")


# --- Regressions: line separators in JSONL, mixed and declared encodings -------------

def test_jsonl_records_are_split_on_newlines_only_not_unicode_line_separators(tmp_path):
    path = tmp_path / "feed.jsonl"
    texts = ["First line\u2028second line of the same story.", "Para one.\u2029Para two.\x85Para three."]
    path.write_bytes("\r\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts).encode("utf-8"))
    items = read_all(path)
    assert [type(item).__name__ for item in items] == ["RawDocument", "RawDocument"]
    assert [item.text for item in items] == texts
    assert [item.source for item in items] == [f"{path}:1", f"{path}:2"]


def test_utf8_file_with_one_stray_cp1252_byte_keeps_its_utf8_text(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("Zoë Brandt said: “We’re open.”\n".encode("utf-8") + b"Caf\xe9 prices rose \x96 again.\n")
    assert read_all(path)[0].text == "Zoë Brandt said: “We’re open.”\nCafé prices rose – again.\n"


@pytest.mark.parametrize("charset", ["windows-1252", "ISO-8859-1"])
def test_html_is_decoded_by_its_declared_charset(tmp_path, charset):
    page = f'<html><head><meta charset="{charset}"></head><body><p>“Café Zoë’s” – open</p></body></html>'
    path = tmp_path / "legacy.html"
    path.write_bytes(page.encode("cp1252"))
    assert read_all(path)[0].html == page


def test_html_in_a_non_western_charset_is_decoded_by_its_meta(tmp_path):
    page = '<html><head><meta charset="windows-1251"></head><body><p>Зоя Брандт: «Мы открыты».</p></body></html>'
    path = tmp_path / "cyrillic.html"
    path.write_bytes(page.encode("cp1251"))
    assert read_all(path)[0].html == page


def test_html_declared_in_http_equiv_meta_is_decoded(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
            "</head><body><p>Prix: 5 €, Zoë</p></body></html>")
    path = tmp_path / "euro.html"
    path.write_bytes(page.encode("iso-8859-15"))
    assert read_all(path)[0].html == page


def test_html_saved_as_utf8_under_a_stale_legacy_charset_stays_utf8(tmp_path):
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Zoë said “yes”.</p></body></html>'
    path = tmp_path / "resaved.html"
    path.write_bytes(page.encode("utf-8"))
    assert read_all(path)[0].html == page


def test_html_without_a_charset_is_read_as_utf8_then_cp1252(tmp_path):
    path = tmp_path / "plain.html"
    path.write_bytes("<p>Zoë said “yes”.</p>".encode("utf-8") + b"<p>Caf\xe9</p>")
    assert read_all(path)[0].html == "<p>Zoë said “yes”.</p><p>Café</p>"


def test_jsonl_half_surrogate_escapes_become_replacement_characters(tmp_path):
    # "\ud800" alone is half of a UTF-16 pair; a whole pair ("\ud83d\ude00") is one character.
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Pier \\ud800 opens \\ud83d\\ude00", "title": "Pier\\udfff", '
                    '"html": "<p>x\\udc00</p>"}\n', encoding="ascii")
    [item] = read_all(path)
    assert item.text == "Pier \ufffd opens \U0001F600"
    assert item.html == "<p>x\ufffd</p>"
    assert item.meta["title"] == "Pier\ufffd"
    item.text.encode("utf-8")  # what writing the index needs


def test_a_jsonl_article_with_a_half_surrogate_is_indexed_and_searchable(tmp_path):
    from quotearchive import pipeline, search
    from quotearchive.models import SearchRequest
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text(json.dumps({
        "title": "Harbour vote", "outlet": "Coast Ledger", "published": "2024-05-01",
        "text": 'Harbour vote\n\n"We will rebuild the pier \ud800 before winter," said Mayor Ana Ruiz.'}) + "\n")
    pipeline.rebuild([corpus], tmp_path / "index")
    found = search.search(tmp_path / "index", SearchRequest(q="pier"))
    assert [quote["speaker"] for quote in found.results] == ["Ana Ruiz"]
    assert "\ufffd" in found.results[0]["text"]
