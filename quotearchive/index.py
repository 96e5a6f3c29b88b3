"""The Whoosh index: its schema, how a new one is written, and how the live one is found.

Atomic rebuilds
---------------
``index_dir`` never holds a Whoosh index directly. It holds:

* ``build-<timestamp>-<pid>/`` directories, each one complete Whoosh index,
  with the posting lists of each of its segments as plain arrays beside it
  (``lists-<segment>.arrays``, ``quotearchive.postingfiles``) and the
  articles' cleaned text (``quotearchive.articlestore``);
* ``CURRENT``, a one-line file naming the live build directory;
* ``rebuild.lock``, held (``flock``) by the one writer - rebuild or add -
  allowed at a time;
* ``<build>.readers``, shared-locked by a server for each build it may still
  be reading (``LiveIndex``): writers remove no build that is pinned so.

A rebuild writes a fresh build directory next to the live one, commits it,
checks it opens with the expected number of documents, flushes it to disk,
and only then points ``CURRENT`` at it with ``os.replace`` - an atomic rename.
Readers resolve ``CURRENT`` on open, so they see either the whole old index
or the whole new one, never a half-written one. A rebuild that raises, or
is killed (even with SIGKILL), leaves ``CURRENT`` untouched; its half-built
directory is ignored by readers and removed by the next rebuild. After a
successful swap every build but the live one and the one it replaced is
removed; the replaced one is kept until the next rebuild or add so that a
request which opened it just before the swap can finish.

Adding articles (``update_index``) follows the same scheme, copy-on-write:
under the same lock it hard-links the live build's files into a new build
directory (Whoosh never changes a file once written: a commit writes new
segment files and a new generation of the table of contents, and only
unlinks the old ones), commits the changes there, checks, flushes and swaps
the pointer. The live build is never written to, so a kill at any moment
leaves it serving and intact.

Killed writers: the lock is an ``flock`` on an open file, which the kernel
drops when the process dies - unless a forked child still holds a copy of
the descriptor. Children forked while a lock is held let go of their copy, and
children forked by a writer (extraction workers, Whoosh's indexing
processes) are killed with it, so a SIGKILLed rebuild never leaves orphans
that keep the lock or keep writing.

Anything else in ``index_dir`` (such as the repository's ``README.md``) is
left alone.
"""
from __future__ import annotations

import ctypes
import datetime as dt
import fcntl
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, ShingleFilter, StemmingAnalyzer
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import Index
from whoosh.lang.porter2 import stem as porter2_stem

from quotearchive import articlestore, fastjson, postingfiles, postings, whoosh_fixes  # noqa: F401 (applies the fix)
from quotearchive.errors import IndexNotFound, QuoteArchiveError, RebuildError
from quotearchive.models import Article, Quote, report_summary, slugify
from quotearchive.segment_writer import write_segments

# The index/ folder at the top of the repository (the project is installed editable).
DEFAULT_INDEX_DIR = Path(__file__).resolve().parent.parent / "index"
POINTER_NAME = "CURRENT"
LOCK_NAME = "rebuild.lock"
BUILD_PREFIX = "build-"
READERS_SUFFIX = ".readers"  # <build>.readers: pinned (shared flock) by servers reading that build

# Porter2 rather than Whoosh's default Porter stemmer: the original algorithm
# stems "escalating" to "escalat" but "escalation" to "escal", so one would
# not find the other.
ENGLISH = StemmingAnalyzer(stemfn=porter2_stem)
# The words as written, only lower-cased, stop words kept: a quoted word
# matches exactly these, and "did you mean" draws on this vocabulary.
EXACT = RegexTokenizer() | LowercaseFilter()
# Each pair of neighbouring words as written ("in the", "the coming"): a quoted
# phrase matches the quotes holding every pair of its neighbouring words. That
# reads a few short posting lists, where matching word positions reads the
# positions of every word of the phrase - "the" runs through most quotes, and
# a phrase of common words took seconds at a million quotes. (Whoosh's
# ShingleFilter documents this "pseudo-phrase" search; a quote holding every
# pair but never all in a row is possible in theory, and rare in practice.)
PAIRS = RegexTokenizer() | LowercaseFilter() | ShingleFilter(2, " ")

# Beyond every real day number (date.max is 3,652,059), so undated quotes sort last.
UNDATED_OLDEST = 99_999_999

REBUILD_HINT = "run `quotearchive rebuild --corpus <articles> --index {index_dir}` to build it"


def make_schema() -> Schema:
    """Return the schema of one document per quote.

    Built for searching a million quotes: exact phrases and spelling
    suggestions read the unstemmed ``text_exact``; every filter is a single
    term that can be put inside the query; facets, date ranges and sorting
    read columns (``speaker_exact``, ``outlet_exact``, ``year``, ``month``,
    ``role_exact``, ``date_order``, ``date_oldest``, ``published_day``).
    """
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        # No positions: phrases are matched on word pairs (``text_pairs``), and highlights
        # analyse the text again.
        text=TEXT(analyzer=ENGLISH, phrase=False, stored=True),
        # The same words unstemmed, for "exact" words and "did you mean".
        text_exact=TEXT(analyzer=EXACT, phrase=False),
        # Neighbouring words as written, for "exact phrases" (see PAIRS); documents only.
        text_pairs=ID(analyzer=PAIRS),
        # Searchable words, plus an exact copy for filters and facet counts.
        speaker=TEXT(),
        speaker_exact=ID(sortable=True),
        # Everyone who said it, joint speakers included, for the speaker filter.
        speakers=KEYWORD(commas=True, scorable=False, lowercase=True),
        # URL names of the speaker (``speaker_slug``) and of everyone who said it.
        speaker_slug=ID(),
        speaker_slugs=KEYWORD(commas=True, scorable=False),
        role_exact=ID(sortable=True),
        outlet_exact=ID(sortable=True),
        outlet_key=ID(),  # lower-cased, for a filter that ignores case
        article_id=ID(),
        statement=ID(),
        # Title, evidence, context and the dates as written are only shown, never searched:
        # they live in ``payload`` alone (indexing them cost a third of the build time).
        # Days are columns only, never index terms: date ranges and date order are served
        # from per-generation arrays (quotearchive.columns), and the eight trie terms a
        # NUMERIC field indexes per value were a third of all postings.
        # When the words were said if known, else when they were printed, as a day number,
        # for "newest first" and date ranges; 0 sorts undated quotes last.
        date_order=COLUMN(NumericColumn("i", default=0)),
        # The same again for "oldest first", where undated quotes must also come last.
        date_oldest=COLUMN(NumericColumn("i", default=UNDATED_OLDEST)),
        # The publication day as a number, for the "published between" range (0: unknown).
        published_day=COLUMN(NumericColumn("i", default=0)),
        # Year ("2026") and month ("2026-03") of ``date``: facets, timelines, per-month filters.
        year=ID(sortable=True),
        month=ID(sortable=True),
        # The whole Quote.to_dict(), so a hit comes back as the full quote.
        payload=STORED(),
        # What other results' "also reported by" lists show of this quote, as compact JSON
        # in a column: one read each, where the stored fields and their JSON took 80 µs
        # (a page of twenty results lists up to 400 reports).
        report=COLUMN(VarBytesColumn()),
    )


def quote_document(quote: Quote) -> dict:
    """Return the Whoosh fields for one quote, leaving out empty ones."""
    date = quote.spoken or quote.published
    data = quote.to_dict()
    fields = {
        "id": quote.id,
        "text": quote.text,
        "text_exact": quote.text,
        "text_pairs": quote.text,
        "speaker": " ; ".join(_speakers(quote)),
        "speaker_exact": quote.speaker,
        "speakers": ",".join(name.replace(",", " ") for name in _speakers(quote)),
        "speaker_slug": slugify(quote.speaker) if quote.speaker else None,
        "speaker_slugs": ",".join(slugify(name) for name in _speakers(quote)),
        "role_exact": quote.role,
        "outlet_exact": quote.outlet,
        "outlet_key": quote.outlet.lower() if quote.outlet else None,
        "article_id": quote.article_id,
        "statement": quote.statement,
        "date_order": _day_number(date),
        "date_oldest": _day_number(date) or UNDATED_OLDEST,
        "published_day": _day_number(quote.published),
        "year": f"{date.year:04d}" if date else None,
        "month": f"{date.year:04d}-{date.month:02d}" if date else None,
        "payload": fastjson.dumps(data),
        "report": fastjson.dumps(report_summary(data)).encode(),
    }
    # Whoosh rejects None; a missing value simply is not indexed.
    return {name: value for name, value in fields.items() if value not in (None, "")}


def _speakers(quote: Quote) -> list[str]:
    return [quote.speaker, *quote.co_speakers] if quote.speaker else []


def _day_number(value: dt.date | None) -> int:
    return value.toordinal() if value else 0


# --- writing -----------------------------------------------------------------

# Whoosh's own lock file in a build; never shared between builds (see _link_tree).
WHOOSH_LOCK_SUFFIX = "LOCK"  # MAIN_WRITELOCK


def write_index(quotes: Iterable[Quote], index_dir: str | Path,
                articles: Iterable[Article] | None = None, procs: int = 1) -> int:
    """Build a complete new index beside the live one, then swap it in atomically.

    With ``procs`` > 1 Whoosh indexes in that many processes, each writing its
    own segment (``multisegment``): merging them, or optimizing, only costs time.
    Returns the number of quotes written.
    """
    index_dir = Path(index_dir)
    _make_index_dir(index_dir)
    articles_by_id = {article.id: article for article in articles or ()}
    with writer_lock(index_dir):
        _remove_builds(index_dir, keep={_live_build_name(index_dir)})
        build_dir = _new_build_dir(index_dir)
        try:
            # Cleaned text of each article, in the same build so the swap keeps both in step;
            # only their metadata is needed after this, so the rest is let go before Whoosh forks.
            articlestore.write(build_dir, articles_by_id.values())
            articles_by_id = {key: replace(article, paragraphs=[], removed=[])
                              for key, article in articles_by_id.items()}
            with children_die_with_parent():
                count = _write_build(build_dir, quotes, articles_by_id, procs)
            _check_build(build_dir, count)
            _sync_tree(build_dir)
        except BaseException as exc:
            shutil.rmtree(build_dir, ignore_errors=True)
            if isinstance(exc, Exception):
                raise RebuildError(
                    f"rebuild failed, the previous index is still live: {exc}") from exc
            raise
        _swap_in(index_dir, build_dir)
    return count


def _swap_in(index_dir: Path, build_dir: Path) -> None:
    previous = _live_build_name(index_dir)
    _point_to(index_dir, build_dir.name)
    # The previous build stays until the next write: a request that opened it
    # just before the swap can still finish reading it.
    _remove_builds(index_dir, keep={build_dir.name, previous})


def _make_index_dir(index_dir: Path) -> None:
    """Create ``index_dir`` if needed, or say plainly why it cannot be."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RebuildError(f"cannot create the index folder {index_dir}: {exc.strerror or exc}") from None


def _new_build_dir(index_dir: Path) -> Path:
    """Create an empty build directory whose name no other build has used."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    build_dir = index_dir / f"{BUILD_PREFIX}{stamp}-{os.getpid()}"
    build_dir.mkdir()  # fails rather than reuse a directory, which could be the live one
    return build_dir


def _write_build(build_dir: Path, quotes: Iterable[Quote],
                 articles_by_id: dict[str, Article], procs: int = 1) -> int:
    """Write every quote into a new Whoosh index in ``build_dir`` and return how many.

    With ``procs`` > 1 that many processes each write a segment of their share
    of the quotes (``quotearchive.segment_writer``); merging segments, or
    optimizing, would only cost time.
    """
    ix = whoosh_index.create_in(str(build_dir), make_schema())
    return write_segments(ix, quotes if isinstance(quotes, list) else list(quotes),
                          lambda quote: quote_document(_fill_from_article(quote, articles_by_id)),
                          procs=procs)


def _write_missing_lists(build_dir: Path) -> None:
    """Give every segment of a build its list file, and remove those of segments merged away.

    A rebuild's segments each get one as they are written (the segment writer);
    an add's once committed (Whoosh's writer makes new segments, and may merge
    old ones), before the build is swapped in: a live build's segments all have
    theirs.
    """
    wanted = set()
    with whoosh_index.open_dir(str(build_dir)).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            if not hasattr(leaf, "segment"):  # an empty index
                continue
            name = postingfiles.file_name(leaf.segment().segment_id())
            wanted.add(name)
            if not (build_dir / name).exists():
                postings.write_lists(build_dir, leaf)
    for path in build_dir.glob(f"{postingfiles.FILE_PREFIX}*"):
        if path.name not in wanted:
            path.unlink()


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
    """Remove every build directory and leftover pointer file except those in ``keep``.

    A build a server still reads (see ``LiveIndex``) is left for a later write.
    """
    for path in index_dir.iterdir():
        name = path.name
        if name.startswith(BUILD_PREFIX) and name not in keep and path.is_dir():
            _remove_unless_read(index_dir, path)
        elif name.startswith(f"{POINTER_NAME}.tmp-"):
            path.unlink(missing_ok=True)
        elif name.endswith(READERS_SUFFIX) and not (index_dir / name[:-len(READERS_SUFFIX)]).is_dir():
            path.unlink(missing_ok=True)  # its build is gone


def _readers_file(build: Path) -> Path:
    return build.parent / f"{build.name}{READERS_SUFFIX}"


def _remove_unless_read(index_dir: Path, build: Path) -> None:
    """Remove ``build`` unless a reader holds its pin (a shared flock on its readers file)."""
    readers = _readers_file(build)
    try:
        handle = open(readers, "a")
    except OSError:
        shutil.rmtree(build, ignore_errors=True)
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a server still answers requests from it
        shutil.rmtree(build, ignore_errors=True)
        readers.unlink(missing_ok=True)


# --- adding to the live index ------------------------------------------------


class BuildUpdate:
    """A copy of the live build being changed: read what is there, delete, add.

    Reads see the copy as it was before this update (Whoosh's writer reads a
    snapshot); deletions and additions show only once ``update_index`` commits.
    """

    def __init__(self, build_dir: Path, articles_by_id: dict[str, Article]):
        self.build_dir = build_dir
        self._index = whoosh_index.open_dir(str(build_dir))
        self._writer = self._index.writer()
        self._searcher = self._writer.searcher()
        self._articles_by_id = articles_by_id
        self.before = self._searcher.doc_count()
        self._deleted: set[str] = set()
        self.added = 0

    def quotes_of_articles(self, article_ids: Iterable[str]) -> list[Quote]:
        """Return the indexed quotes of these articles (by ``Article.id``)."""
        return [_stored_quote(fields) for article_id in sorted(set(article_ids))
                for fields in self._searcher.documents(article_id=article_id)]

    def speakers(self) -> list[str]:
        """Return every distinct speaker name in the index (a quick read of one field's terms)."""
        return [name if isinstance(name, str) else name.decode("utf-8")
                for name in self._searcher.reader().field_terms("speaker_exact")]

    def quotes_of_speakers(self, names: Iterable[str]) -> list[Quote]:
        """Return the indexed quotes whose speaker is exactly one of ``names``."""
        return [_stored_quote(fields) for name in sorted(set(names))
                for fields in self._searcher.documents(speaker_exact=name)]

    def delete(self, quote_ids: Iterable[str]) -> None:
        """Remove these quotes (by id) from the copy."""
        for quote_id in quote_ids:
            if quote_id not in self._deleted:
                self._writer.delete_by_term("id", quote_id)
                self._deleted.add(quote_id)

    def add(self, quotes: Iterable[Quote]) -> None:
        """Add these quotes, article metadata they lack filled in from their article."""
        for quote in quotes:
            self._writer.add_document(**quote_document(_fill_from_article(quote, self._articles_by_id)))
            self.added += 1

    @property
    def expected(self) -> int:
        return self.before - len(self._deleted) + self.added

    def commit(self) -> None:
        self._searcher.close()
        self._writer.commit()
        _write_missing_lists(self.build_dir)
        # The added articles' cleaned text joins the copy's store (a known id is replaced).
        articlestore.write(self.build_dir, self._articles_by_id.values())

    def cancel(self) -> None:
        self._searcher.close()
        self._writer.cancel()


def _stored_quote(fields: dict) -> Quote:
    return Quote.from_dict(fastjson.loads(fields["payload"]))


@contextmanager
def update_index(index_dir: str | Path, articles: Iterable[Article] = (),
                 wait: float = 0) -> Iterator[BuildUpdate]:
    """Change a copy of the live index, then swap it in as the new live one.

    Yields a :class:`BuildUpdate`; when the block ends without an error the
    copy is committed, checked, flushed and swapped in. An error (or a kill)
    leaves the live index as it was. Without a live index the copy starts empty.
    """
    index_dir = Path(index_dir)
    _make_index_dir(index_dir)
    with writer_lock(index_dir, wait=wait):
        live = live_build_path(index_dir)
        if live is not None and not whoosh_index.exists_in(str(live)):
            live = None  # a dangling pointer: start afresh rather than fail
        _remove_builds(index_dir, keep={live.name if live else None})
        build_dir = _new_build_dir(index_dir)
        try:
            if live is None:
                whoosh_index.create_in(str(build_dir), make_schema())
            else:
                _link_tree(live, build_dir)
            update = BuildUpdate(build_dir, {article.id: article for article in articles})
            try:
                yield update
            except BaseException:
                update.cancel()
                raise
            update.commit()
            _check_build(build_dir, update.expected)
            _sync_tree(build_dir)
        except BaseException as exc:
            shutil.rmtree(build_dir, ignore_errors=True)
            if isinstance(exc, Exception) and not isinstance(exc, QuoteArchiveError):
                raise RebuildError(f"add failed, the previous index is still live: {exc}") from exc
            raise
        _swap_in(index_dir, build_dir)


def _link_tree(source: Path, target: Path) -> None:
    """Fill ``target`` with hard links to the files of build ``source`` (copies where links fail).

    Safe because Whoosh creates every file under a new name and never opens
    one for writing again; its lock file is the exception, so it is not shared.
    The article store is written in place, so it is copied, never linked.
    """
    for path in sorted(source.iterdir()):
        if not path.is_file() or path.name.endswith(WHOOSH_LOCK_SUFFIX):
            continue
        if path.name == articlestore.FILE_NAME:
            shutil.copy2(path, target / path.name)
            continue
        try:
            os.link(path, target / path.name)
        except OSError:
            shutil.copy2(path, target / path.name)


# --- one writer at a time ------------------------------------------------------

# Lock files this process holds: path -> (open file, owning thread id, depth).
# A rebuild takes the lock before reading its corpus and keeps it while
# writing, so the write inside it must not try to take it a second time.
_HELD: dict[str, list] = {}
_HELD_GUARD = threading.Lock()
WAIT_STEP = 0.1  # seconds between tries when waiting for the lock


@contextmanager
def writer_lock(index_dir: str | Path, wait: float = 0) -> Iterator[None]:
    """Hold the one-writer-at-a-time lock of ``index_dir``; the kernel drops it if the process dies.

    Another process (or thread) holding it makes this wait up to ``wait``
    seconds, then raise RebuildError saying so. The same thread may nest it.
    """
    index_dir = Path(index_dir)
    _make_index_dir(index_dir)
    key = str((index_dir / LOCK_NAME).resolve())
    with _HELD_GUARD:
        held = _HELD.get(key)
        if held and held[1] == threading.get_ident():
            held[2] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _HELD_GUARD:
                _HELD[key][2] -= 1
        return
    try:
        handle = open(key, "a")
    except OSError as exc:
        raise RebuildError(f"cannot write in {index_dir}: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + max(wait, 0)
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RebuildError(
                        f"another rebuild or add is already running in {index_dir}; "
                        "try again once it has finished" + ("" if wait else " (or pass --wait SECONDS)")
                    ) from None
                time.sleep(WAIT_STEP)
        with _HELD_GUARD:
            _HELD[key] = [handle, threading.get_ident(), 1]
        try:
            yield
        finally:
            with _HELD_GUARD:
                del _HELD[key]
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _close_inherited_locks() -> None:
    """In a forked child: let go of the copies of held lock files, so only the parent holds them.

    The descriptor is pointed at /dev/null rather than closed: the child's copy
    of the file object still owns that number and may close it one day, which
    must not close some other file the child opened meanwhile.
    """
    if not _HELD:
        return
    devnull = os.open(os.devnull, os.O_RDONLY)
    try:
        for handle, _, _ in _HELD.values():
            try:
                os.dup2(devnull, handle.fileno())
            except (OSError, ValueError):
                pass
    finally:
        os.close(devnull)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


# Children forked inside ``children_die_with_parent`` get SIGKILL when their parent dies.
_DIE_WITH_PARENT = threading.local()
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@contextmanager
def children_die_with_parent() -> Iterator[None]:
    """Make processes forked in this block die with this process (Linux; elsewhere a no-op).

    Worker processes wait on pipes their parent feeds; a SIGKILLed parent
    would leave them waiting for ever, holding memory.
    """
    previous = getattr(_DIE_WITH_PARENT, "parent", None)
    _DIE_WITH_PARENT.parent = os.getpid()
    try:
        yield
    finally:
        _DIE_WITH_PARENT.parent = previous


def _die_with_parent_in_child() -> None:
    # Thread-locals survive fork in the forking thread, which is the child's only thread.
    parent = getattr(_DIE_WITH_PARENT, "parent", None)
    if parent is None:
        return
    _DIE_WITH_PARENT.parent = None  # its own children are its business
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


os.register_at_fork(after_in_child=_die_with_parent_in_child)


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
    expected, found = make_schema(), index.schema
    missing = sorted(set(expected.names()) - set(found.names()))
    # A field kept another way (days once indexed as numbers, words once with positions)
    # would be read wrongly, not fail: it counts as missing too.
    changed = sorted(name for name in set(expected.names()) & set(found.names())
                     if type(expected[name]) is not type(found[name])
                     or type(expected[name].format) is not type(found[name].format))
    if missing or changed:
        # Built by an older version: searching it would fail, or find the wrong quotes.
        raise IndexNotFound(
            f"the index in {index_dir} was built by an older version of QuoteArchive "
            f"(it lacks {', '.join(missing + changed)} as this version keeps them): "
            + REBUILD_HINT.format(index_dir=index_dir))
    return index


class LiveIndex:
    """Keep one open index and reopen it when a rebuild or an add moves the pointer.

    Whoosh reads a build's files again for every searcher, so a build must
    not vanish while requests use it, even when writes follow each other
    closely. The server pins the build it serves and the one before it (a
    request may have picked that one up just before the swap) with a shared
    flock on ``<build>.readers``; writers leave pinned builds alone.
    """

    # Tries when the pointer moves again while a build is being opened.
    OPEN_TRIES = 5

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._build: Path | None = None
        self._index: Index | None = None
        self._pins: list = []  # open readers files, oldest first: previous build, live build
        self._lock = threading.Lock()
        self._pointer = os.path.join(self.index_dir, POINTER_NAME)
        self._pointer_seen: tuple | None = None  # the pointer file's identity when last read

    def get(self) -> Index:
        """Return the live index, reopening it if ``CURRENT`` changed since last time."""
        # Every request asks: a stat tells whether the pointer was replaced (os.replace
        # makes a new file) in one system call, where reading it took four and a path.
        seen = self._pointer_identity()
        if seen is not None and seen == self._pointer_seen and self._index is not None:
            return self._index
        with self._lock:
            for _ in range(self.OPEN_TRIES):
                build = live_build_path(self.index_dir)
                if self._index is not None and build == self._build:
                    self._pointer_seen = seen  # (taken before the read: a later change shows)
                    return self._index
                pin = _pin(build) if build is not None else None
                if pin is False:
                    continue  # a writer is removing it: the pointer has moved on
                try:
                    index = _open_build(self.index_dir, build)
                except (IndexNotFound, whoosh_index.EmptyIndexError, OSError):
                    _unpin(pin)
                    if build is not None and live_build_path(self.index_dir) != build:
                        continue
                    if self._index is not None:
                        return self._index  # keep answering from what is open
                    raise
                self._index, self._build, self._pointer_seen = index, build, seen
                self._pins.append(pin)
                while len(self._pins) > 2:
                    _unpin(self._pins.pop(0))
                return index
            if self._index is not None:
                return self._index
            return _open_build(self.index_dir, live_build_path(self.index_dir))


    def _pointer_identity(self) -> tuple | None:
        try:
            found = os.stat(self._pointer)
        except OSError:
            return None
        # A replaced pointer is a new file: another inode, or a reused one changed since.
        return found.st_dev, found.st_ino, found.st_mtime_ns, found.st_ctime_ns, found.st_size


def _pin(build: Path):
    """Hold a shared lock that keeps writers from removing ``build``.

    Returns the open readers file, None when it cannot be made (a read-only
    index folder: serve unpinned), or False when a writer is removing the build.
    """
    try:
        handle = open(_readers_file(build), "a")
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return False
    return handle


def _unpin(pin) -> None:
    if pin:
        pin.close()  # closing drops the flock
