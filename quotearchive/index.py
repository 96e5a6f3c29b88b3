"""The Whoosh index: its schema, how a new one is written, and how the live one is found.

Atomic rebuilds
---------------
``index_dir`` never holds a Whoosh index directly. It holds:

* ``build-<timestamp>-<pid>/`` directories, each one complete Whoosh index;
* ``CURRENT``, a one-line file naming the live build directory;
* ``rebuild.lock``, held (``flock``) by the one rebuild allowed at a time.

A rebuild writes a fresh build directory next to the live one, commits it,
checks it opens with the expected number of documents, flushes it to disk,
and only then points ``CURRENT`` at it with ``os.replace`` - an atomic rename.
Readers resolve ``CURRENT`` on open, so they see either the whole old index
or the whole new one, never a half-written one. A rebuild that raises, or
is killed (even with SIGKILL), leaves ``CURRENT`` untouched; its half-built
directory is ignored by readers and removed by the next rebuild. After a
successful swap every build but the live one and the one it replaced is
removed; the replaced one is kept until the next rebuild so that a request
which opened it just before the swap can finish.

Anything else in ``index_dir`` (such as the repository's ``README.md``) is
left alone.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.index import Index
from whoosh.lang.porter2 import stem as porter2_stem

from quotearchive import articlestore
from quotearchive.errors import IndexNotFound, RebuildError
from quotearchive.models import Article, Quote, slugify

# The index/ folder at the top of the repository (the project is installed editable).
DEFAULT_INDEX_DIR = Path(__file__).resolve().parent.parent / "index"
POINTER_NAME = "CURRENT"
LOCK_NAME = "rebuild.lock"
BUILD_PREFIX = "build-"

# Porter2 rather than Whoosh's default Porter stemmer: the original algorithm
# stems "escalating" to "escalat" but "escalation" to "escal", so one would
# not find the other.
ENGLISH = StemmingAnalyzer(stemfn=porter2_stem)
# The words as written, only lower-cased, stop words kept: a quoted phrase
# matches exactly these, and "did you mean" draws on this vocabulary.
EXACT = RegexTokenizer() | LowercaseFilter()

# Beyond every real day number (date.max is 3,652,059), so undated quotes sort last.
UNDATED_OLDEST = 99_999_999

REBUILD_HINT = "run `quotearchive rebuild --corpus <articles> --index {index_dir}` to build it"


def make_schema() -> Schema:
    """Return the schema of one document per quote.

    Built for searching a million quotes: exact phrases and spelling
    suggestions read the unstemmed ``text_exact``; every filter is a single
    term or a numeric range over day numbers (``date_order``,
    ``published_day``) that can be put inside the query; facets and sorting
    read sortable columns (``speaker_exact``, ``outlet_exact``, ``year``,
    ``month``, ``role_exact``, ``date_order``).
    """
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        text=TEXT(analyzer=ENGLISH, phrase=True, stored=True),
        # The same words unstemmed, for "exact phrases" and "did you mean".
        text_exact=TEXT(analyzer=EXACT, phrase=True),
        # Searchable words, plus an exact copy for filters and facet counts.
        speaker=TEXT(),
        speaker_exact=ID(sortable=True),
        # Everyone who said it, joint speakers included, for the speaker filter.
        speakers=KEYWORD(commas=True, scorable=False, lowercase=True),
        # URL names of the speaker (``speaker_slug``) and of everyone who said it.
        speaker_slug=ID(),
        speaker_slugs=KEYWORD(commas=True, scorable=False),
        role=TEXT(),
        role_exact=ID(sortable=True),
        outlet=TEXT(),
        outlet_exact=ID(sortable=True),
        outlet_key=ID(),  # lower-cased, for a filter that ignores case
        title=TEXT(analyzer=ENGLISH),
        source=ID(),
        article_id=ID(),
        statement=ID(),
        evidence=TEXT(analyzer=ENGLISH),
        context=TEXT(analyzer=ENGLISH),
        published=DATETIME(),
        spoken=DATETIME(),
        # When the words were said if known, else when they were printed.
        date=DATETIME(),
        # The same day as a number for "newest first" and date ranges; 0 sorts undated quotes last.
        date_order=NUMERIC(int, bits=32, sortable=True),
        # The same again for "oldest first", where undated quotes must also come last.
        date_oldest=NUMERIC(int, bits=32, sortable=True),
        # The publication day as a number, for the "published between" range (0: unknown).
        published_day=NUMERIC(int, bits=32, sortable=True),
        # Year ("2026") and month ("2026-03") of ``date``: facets, timelines, per-month filters.
        year=ID(sortable=True),
        month=ID(sortable=True),
        # The whole Quote.to_dict(), so a hit comes back as the full quote.
        payload=STORED(),
    )


def quote_document(quote: Quote) -> dict:
    """Return the Whoosh fields for one quote, leaving out empty ones."""
    date = quote.spoken or quote.published
    fields = {
        "id": quote.id,
        "text": quote.text,
        "text_exact": quote.text,
        "speaker": " ; ".join(_speakers(quote)),
        "speaker_exact": quote.speaker,
        "speakers": ",".join(name.replace(",", " ") for name in _speakers(quote)),
        "speaker_slug": slugify(quote.speaker) if quote.speaker else None,
        "speaker_slugs": ",".join(slugify(name) for name in _speakers(quote)),
        "role": quote.role,
        "role_exact": quote.role,
        "outlet": quote.outlet,
        "outlet_exact": quote.outlet,
        "outlet_key": quote.outlet.lower() if quote.outlet else None,
        "title": quote.title,
        "source": quote.source,
        "article_id": quote.article_id,
        "statement": quote.statement,
        "evidence": quote.evidence,
        "context": quote.context,
        "published": _as_datetime(quote.published),
        "spoken": _as_datetime(quote.spoken),
        "date": _as_datetime(date),
        "date_order": _day_number(date),
        "date_oldest": _day_number(date) or UNDATED_OLDEST,
        "published_day": _day_number(quote.published),
        "year": f"{date.year:04d}" if date else None,
        "month": f"{date.year:04d}-{date.month:02d}" if date else None,
        "payload": json.dumps(quote.to_dict(), ensure_ascii=False),
    }
    # Whoosh rejects None; a missing value simply is not indexed.
    return {name: value for name, value in fields.items() if value not in (None, "")}


def _speakers(quote: Quote) -> list[str]:
    return [quote.speaker, *quote.co_speakers] if quote.speaker else []


def _as_datetime(value: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(value, dt.time()) if value else None


def _day_number(value: dt.date | None) -> int:
    return value.toordinal() if value else 0


# --- writing -----------------------------------------------------------------


def write_index(quotes: Iterable[Quote], index_dir: str | Path,
                articles: Iterable[Article] | None = None) -> None:
    """Build a complete new index beside the live one, then swap it in atomically."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    articles_by_id = {article.id: article for article in articles or ()}
    with _rebuild_lock(index_dir):
        _remove_builds(index_dir, keep={_live_build_name(index_dir)})
        build_dir = _new_build_dir(index_dir)
        try:
            count = _write_build(build_dir, quotes, articles_by_id)
            # Cleaned text of each article, in the same build so the swap keeps both in step.
            articlestore.write(build_dir, articles_by_id.values())
            _check_build(build_dir, count)
            _sync_tree(build_dir)
        except BaseException as exc:
            shutil.rmtree(build_dir, ignore_errors=True)
            if isinstance(exc, Exception):
                raise RebuildError(
                    f"rebuild failed, the previous index is still live: {exc}") from exc
            raise
        previous = _live_build_name(index_dir)
        _point_to(index_dir, build_dir.name)
        # The previous build stays until the next rebuild: a request that opened it
        # just before the swap can still finish reading it.
        _remove_builds(index_dir, keep={build_dir.name, previous})


def _new_build_dir(index_dir: Path) -> Path:
    """Create an empty build directory whose name no other build has used."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    build_dir = index_dir / f"{BUILD_PREFIX}{stamp}-{os.getpid()}"
    build_dir.mkdir()  # fails rather than reuse a directory, which could be the live one
    return build_dir


def _write_build(build_dir: Path, quotes: Iterable[Quote],
                 articles_by_id: dict[str, Article]) -> int:
    """Write every quote into a new Whoosh index in ``build_dir`` and return how many."""
    writer = whoosh_index.create_in(str(build_dir), make_schema()).writer()
    count = 0
    try:
        for quote in quotes:
            writer.add_document(**quote_document(_fill_from_article(quote, articles_by_id)))
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return count


def _fill_from_article(quote: Quote, articles_by_id: dict[str, Article]) -> Quote:
    """Return the quote with article metadata it lacks taken from its article."""
    article = articles_by_id.get(quote.article_id)
    if article is None:
        return quote
    missing = {name: getattr(article, name)
               for name in ("title", "outlet", "url", "published")
               if getattr(quote, name) is None and getattr(article, name) is not None}
    return replace(quote, **missing) if missing else quote


def _check_build(build_dir: Path, expected: int) -> None:
    """Refuse to swap in a build that does not open with every document written."""
    with whoosh_index.open_dir(str(build_dir)).searcher() as searcher:
        found = searcher.doc_count()
    if found != expected:
        raise RebuildError(f"new index holds {found} quotes, expected {expected}")


def _sync_tree(directory: Path) -> None:
    """Flush the build to disk so a crash after the swap cannot expose a torn index."""
    for path in directory.iterdir():
        if path.is_file():
            _fsync(path)
    _fsync(directory)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _point_to(index_dir: Path, build_name: str) -> None:
    """Make ``build_name`` the live build with one atomic rename of the pointer file."""
    temporary = index_dir / f"{POINTER_NAME}.tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(build_name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, index_dir / POINTER_NAME)
    _fsync(index_dir)


def _remove_builds(index_dir: Path, keep: set[str | None]) -> None:
    """Remove every build directory and leftover pointer file except those in ``keep``."""
    for path in index_dir.iterdir():
        if path.name.startswith(BUILD_PREFIX) and path.name not in keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f"{POINTER_NAME}.tmp-"):
            path.unlink(missing_ok=True)


@contextmanager
def _rebuild_lock(index_dir: Path) -> Iterator[None]:
    """Hold the one-rebuild-at-a-time lock; the kernel drops it if the process dies."""
    with open(index_dir / LOCK_NAME, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RebuildError(f"another rebuild is already running in {index_dir}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- reading -----------------------------------------------------------------


def live_build_path(index_dir: str | Path) -> Path | None:
    """Return the directory of the live build, or None if there is none yet."""
    index_dir = Path(index_dir)
    name = _live_build_name(index_dir)
    return index_dir / name if name else None


def _live_build_name(index_dir: Path) -> str | None:
    try:
        name = (index_dir / POINTER_NAME).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    # The pointer only ever names a sibling build directory; ignore anything else.
    return name if name.startswith(BUILD_PREFIX) and "/" not in name else None


def open_index(index_dir: str | Path) -> Index:
    """Open the live index, or raise IndexNotFound saying how to build one."""
    return _open_build(index_dir, live_build_path(index_dir))


def _open_build(index_dir: str | Path, build: Path | None) -> Index:
    if build is None or not whoosh_index.exists_in(str(build)):
        raise IndexNotFound(
            f"no search index in {index_dir}: " + REBUILD_HINT.format(index_dir=index_dir))
    index = whoosh_index.open_dir(str(build))
    missing = sorted(set(make_schema().names()) - set(index.schema.names()))
    if missing:
        # Built by an older version: searching it would fail on the first new field.
        raise IndexNotFound(
            f"the index in {index_dir} was built by an older version of QuoteArchive "
            f"(it lacks {', '.join(missing)}): " + REBUILD_HINT.format(index_dir=index_dir))
    return index


class LiveIndex:
    """Keep one open index and reopen it when a rebuild moves the pointer."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._build: Path | None = None
        self._index: Index | None = None
        self._lock = threading.Lock()

    def get(self) -> Index:
        """Return the live index, reopening it if ``CURRENT`` changed since last time."""
        build = live_build_path(self.index_dir)
        with self._lock:
            if self._index is None or build != self._build:
                self._index = _open_build(self.index_dir, build)
                self._build = build
            return self._index
