"""Stage 1: read .txt, .html and .jsonl files into raw documents.

Nothing here raises on bad input: a file (or JSONL line) that cannot become a
document is yielded as a :class:`Skipped` with a reason a person can act on,
so one broken file never stops a corpus rebuild.
"""
from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from bs4.dammit import EncodingDetector

from quotearchive.models import RawDocument, Skipped

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# News articles are kilobytes; anything this big is a dump or a mistake and
# would stall the cleaner, so it is reported rather than read.
MAX_FILE_BYTES = 20 * 1024 * 1024

# UTF-8 (with or without a BOM) is the norm. Bytes that are not valid UTF-8
# are read as cp1252, what Windows tools and many older sites save, one bad
# sequence at a time, so a UTF-8 file with a stray cp1252 byte keeps its UTF-8
# text; the five bytes cp1252 leaves undefined are read as latin-1.
LEGACY_ENCODING = "cp1252"
LAST_RESORT_ENCODING = "latin-1"  # decodes every byte
_LEGACY_ERRORS = "quotearchive-legacy-bytes"
# Declared charsets that browsers read as windows-1252 (the WHATWG encoding
# standard): pages declaring them routinely hold cp1252 quotes and dashes.
READ_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii",
                            "windows-1252", "cp1252", "x-cp1252"})

# A NUL byte in the first block means a binary file (image, PDF, archive)
# with a misleading name; UTF-16 is told apart by its byte-order mark first.
BINARY_SNIFF_BYTES = 8192
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Signatures of binary formats that can open with a run of plain bytes.
BINARY_SIGNATURES = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")

JSONL_META_FIELDS = ("title", "published", "outlet", "url")


def read_documents(paths: Iterable[str | Path]) -> Iterator[RawDocument | Skipped]:
    """Yield a raw document or a skip for every file under ``paths``, in a stable order."""
    for item in walk(paths):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_file(item)


def walk(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> Iterator[Path | Skipped]:
    """Yield every file under ``paths`` once, in a stable order, or why a path gives none.

    ``read_documents`` is ``read_file`` over this; the two are apart so that
    files can be read in other processes while one process walks. Folders in
    ``exclude`` (the index being written, when it sits inside the corpus) are
    passed over without a word.
    """
    seen: set[Path] = set()
    excluded = {Path(path).resolve() for path in exclude}
    for given in paths:
        yield from _walk(Path(given), seen, excluded)


def read_file(path: Path) -> list[RawDocument | Skipped]:
    """Return the document(s) one file holds, or why it holds none; never raises for bad input."""
    return list(_read_file(path))


def _walk(path: Path, seen: set[Path], excluded: frozenset[Path] | set[Path] = frozenset()) -> Iterator[Path | Skipped]:
    """Yield the files under ``path`` depth-first by name, each real file or folder once."""
    try:
        real = path.resolve()
    except RuntimeError:  # how Python 3.11 reports a symlink that leads back to itself
        yield Skipped(str(path), "symlink loop")
        return
    except OSError as exc:
        yield Skipped(str(path), f"cannot resolve path: {exc.strerror or exc}")
        return
    if real in excluded:
        return
    if not path.exists():
        yield Skipped(str(path), "not found (or a broken symlink)")
        return
    # Symlinks can make a folder its own descendant, or reach one file twice.
    if real in seen:
        yield Skipped(str(path), "already read through another path (symlink)")
        return
    seen.add(real)
    if path.is_file():
        yield path
        return
    if not path.is_dir():
        yield Skipped(str(path), "not a regular file or directory")
        return
    try:
        children = sorted(path.iterdir(), key=lambda child: child.name)
    except OSError as exc:
        yield Skipped(str(path), f"cannot list directory: {exc.strerror or exc}")
        return
    for child in children:
        # Hidden entries (.git, .DS_Store, editor swap files) are never articles.
        if not child.name.startswith("."):
            yield from _walk(child, seen, excluded)


def _read_file(path: Path) -> Iterator[RawDocument | Skipped]:
    """Yield the document(s) one file holds, or why it holds none."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{suffix}'" if suffix else "no extension"
        yield Skipped(source, f"unsupported file type ({kind}); expected .txt, .html, .htm or .jsonl")
        return
    text = _read_text(path, html=suffix in HTML_SUFFIXES)
    if isinstance(text, Skipped):
        yield text
    elif suffix in TEXT_SUFFIXES:
        yield RawDocument(source=source, format="txt", text=text)
    elif suffix in HTML_SUFFIXES:
        yield RawDocument(source=source, format="html", html=text)
    else:
        yield from _read_jsonl(source, text)


def _read_text(path: Path, html: bool = False) -> str | Skipped:
    """Return the decoded text of ``path``, or a skip saying why it has none."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Skipped(source, f"file too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(source, f"cannot read file: {exc.strerror or exc}")
    if not data.strip():
        return Skipped(source, "empty file")
    if data.startswith(UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return Skipped(source, "invalid UTF-16 text")
    elif b"\x00" in data[:BINARY_SNIFF_BYTES] or data.lstrip().startswith(BINARY_SIGNATURES):
        return Skipped(source, "binary file, not text")
    else:
        text = decode_html_bytes(data) if html else decode_bytes(data)
    if not text.strip():
        return Skipped(source, "empty file (only whitespace)")
    return text


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` as UTF-8, reading only the sequences that are not UTF-8 as cp1252 (else latin-1)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    return data.decode("utf-8", errors=_LEGACY_ERRORS)


def _legacy_bytes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode the offending bytes one by one as cp1252, else latin-1."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chars = []
    for byte in error.object[error.start:error.end]:
        try:
            chars.append(bytes([byte]).decode(LEGACY_ENCODING))
        except UnicodeDecodeError:
            chars.append(bytes([byte]).decode(LAST_RESORT_ENCODING))
    return "".join(chars), error.end


codecs.register_error(_LEGACY_ERRORS, _legacy_bytes)


def decode_html_bytes(data: bytes) -> str:
    """Decode a page: its byte-order mark, else its declared charset (<meta charset>, XML declaration), else as text.

    A declared charset loses only to UTF-8 that proves itself: bytes that are
    valid UTF-8 and hold multi-byte characters were saved as UTF-8 whatever the
    (often stale) declaration says; legacy single-byte text almost never is.
    """
    body, bom_encoding = EncodingDetector.strip_byte_order_mark(data)
    if bom_encoding:
        try:
            return body.decode(bom_encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    if not declared:
        return decode_bytes(data)
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return decode_bytes(data)  # an unknown or misspelt charset
    if name in ("utf-8", "utf-8-sig") or _is_proven_utf8(data):
        return decode_bytes(data)
    if declared.lower() in READ_AS_CP1252 or name in READ_AS_CP1252:
        return data.decode(LEGACY_ENCODING, errors=_LEGACY_ERRORS)
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return decode_bytes(data)


def _is_proven_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _read_jsonl(path_source: str, text: str) -> Iterator[RawDocument | Skipped]:
    """Yield one document per JSON line, skipping bad lines by line number."""
    # Records end at "\n" only: str.splitlines() would also break at U+2028,
    # U+2029 and U+0085, which json.dumps(ensure_ascii=False) leaves raw inside strings.
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        source = f"{path_source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(source, f"invalid JSON on line {lineno}: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield Skipped(source, f"line {lineno} is not a JSON object")
            continue
        body_text = _non_empty_string(_without_lone_surrogates(record.get("text")))
        body_html = _non_empty_string(_without_lone_surrogates(record.get("html")))
        if body_text is None and body_html is None:
            yield Skipped(source, f"line {lineno} has neither 'text' nor 'html'")
            continue
        meta = {
            key: _without_lone_surrogates(str(record[key]).strip())
            for key in JSONL_META_FIELDS
            if record.get(key) not in (None, "") and str(record[key]).strip()
        }
        yield RawDocument(source=source, format="jsonl", text=body_text, html=body_html, meta=meta)


# A "\ud800" escape in JSON reads as half of a UTF-16 pair, a character UTF-8 cannot hold:
# left in, it made writing the index fail for the whole rebuild.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: object) -> object:
    """Replace each half pair left by JSON escapes with U+FFFD, as a decoder does with bad bytes."""
    return _LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def _non_empty_string(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
