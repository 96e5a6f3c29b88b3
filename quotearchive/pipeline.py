"""Run the stages in order: ingest -> clean -> extract/attribute -> statements (-> index).

``process`` turns files into articles and attributed, grouped quotes;
``rebuild`` adds the last stage, writing a new index and swapping it in;
``add`` puts new articles into the live index without a rebuild.

Extraction can run in several processes (``jobs``): one process walks the
corpus and hands files out in chunks, the workers read, clean and extract
them, and the results come back in the order of the walk, so the output is
the same as with one process. Statement grouping then runs once over all quotes.
"""
from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from multiprocessing import get_context
from dataclasses import dataclass, field
from pathlib import Path

from quotearchive import attribute, clean, extract, index, ingest, statements
from quotearchive.errors import RebuildError
from quotearchive.models import Article, Quote, RawDocument, Skipped

Progress = Callable[[str, int], None]  # (source just done, documents done so far)

# Files handed to a worker at a time: enough to make the hand-over cheap next
# to the ~4 ms an article takes, few enough to keep both workers busy to the end.
# A JSONL export holds a hundred articles in one file, so a chunk also ends
# once its files reach CHUNK_BYTES.
FILES_PER_CHUNK = 16
CHUNK_BYTES = 256 * 1024


@dataclass
class PipelineResult:
    """What one run produced, and what it had to skip."""

    articles: list[Article] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"articles": len(self.articles), "quotes": len(self.quotes),
                "skipped": [item.to_dict() for item in self.skipped]}


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def extract_quotes(article: Article) -> list[Quote]:
    """Find the quotations of a cleaned article and attribute them (stage 3)."""
    return attribute.attribute_article(article, extract.find_spans(article.paragraphs))


def _process_document(item: RawDocument | Skipped, result: PipelineResult) -> None:
    """Clean and extract one document into ``result``; a broken one becomes a skip."""
    if isinstance(item, Skipped):
        result.skipped.append(item)
        return
    try:
        article = clean.clean_document(item)
        quotes = extract_quotes(article)
    except Exception as exc:  # one broken article never stops the run
        result.skipped.append(Skipped(item.source, f"could not be processed: {exc}"))
    else:
        if not article.paragraphs:
            # A page cut off in its <head>, or markup with no text: nothing to keep.
            result.skipped.append(Skipped(item.source, "no article text (an empty or truncated page?)"))
            return
        result.articles.append(article)
        result.quotes.extend(quotes)


def _chunks(items: Iterable[Path | Skipped], size: int) -> Iterator[list[Path | Skipped]]:
    """Group walked paths into chunks of at most ``size`` files or about CHUNK_BYTES."""
    chunk: list[Path | Skipped] = []
    weight = 0
    for item in items:
        chunk.append(item)
        if isinstance(item, Path):
            try:
                weight += item.stat().st_size
            except OSError:
                pass  # the worker reports it
        if len(chunk) >= size or weight >= CHUNK_BYTES:
            yield chunk
            chunk, weight = [], 0
    if chunk:
        yield chunk


def _run_chunk(chunk: list[Path | Skipped]) -> tuple[PipelineResult, int, str]:
    """Worker: process one chunk of walked paths (skips pass through in place)."""
    result = PipelineResult()
    documents = 0
    for item in chunk:
        if isinstance(item, Skipped):
            result.skipped.append(item)
            documents += 1
            continue
        try:
            documents_of_file = ingest.read_file(item)
        except Exception as exc:  # reading never raises on bad input; this is a last guard
            documents_of_file = [Skipped(str(item), f"could not be read: {exc}")]
        for document in documents_of_file:
            _process_document(document, result)
            documents += 1
    last = chunk[-1]
    return result, documents, last.source if isinstance(last, Skipped) else str(last)


def extract_all(paths: Iterable[str | Path], progress: Progress | None = None,
                jobs: int = 1, exclude: Iterable[str | Path] = ()) -> PipelineResult:
    """Read, clean and extract every article under ``paths`` (no grouping), in ``jobs`` processes.

    Folders in ``exclude`` are not read (the index, should it sit inside the corpus).
    """
    result = PipelineResult()
    done = 0
    chunks = _chunks(ingest.walk(paths, exclude=exclude), FILES_PER_CHUNK if jobs > 1 else 1)
    with ExitStack() as stack:
        if jobs > 1:
            stack.enter_context(index.children_die_with_parent())
            # Forked, not spawned: the workers must be this process's children, to die with it.
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")))
            # map() keeps the order of the walk, so the result does not depend on timing.
            parts = pool.map(_run_chunk, chunks)
        else:
            parts = map(_run_chunk, chunks)
        for part, documents, last in parts:
            result.articles.extend(part.articles)
            result.quotes.extend(part.quotes)
            result.skipped.extend(part.skipped)
            done += documents
            if progress:
                progress(last, done)
    return result


def process(paths: Iterable[str | Path], progress: Progress | None = None,
            jobs: int = 1) -> PipelineResult:
    """Read, clean, extract and group every article under ``paths``."""
    result = extract_all(paths, progress=progress, jobs=jobs)
    group_statements(result.quotes, jobs=jobs)
    return result


# Below this many quotes, starting processes costs more than grouping in one.
PARALLEL_GROUPING_MIN = 5000
# The quotes being grouped, inherited by forked workers instead of pickled to them.
_GROUPING: list[Quote] | None = None


def group_statements(quotes: list[Quote], jobs: int = 1, minimum: int = PARALLEL_GROUPING_MIN) -> None:
    """Set every quote's ``statement``, in ``jobs`` processes when there are enough quotes.

    Grouping never links quotes of two speaker families (``statements.speaker_family``),
    so families are shared out between workers, biggest first to the least
    loaded, and each worker groups its families as the whole corpus would.
    """
    if jobs <= 1 or len(quotes) < minimum:
        statements.group_statements(quotes)
        return
    families: dict[str | None, list[int]] = {}
    for position, quote in enumerate(quotes):
        family = statements.speaker_family(quote.speaker) if quote.speaker else None
        families.setdefault(family, []).append(position)
    unattributed = families.pop(None, [])
    shares: list[list[int]] = [[] for _ in range(jobs)]
    for members in sorted(families.values(), key=len, reverse=True):
        min(shares, key=len).extend(members)
    global _GROUPING
    _GROUPING = quotes
    try:
        with index.children_die_with_parent(), \
                ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
            for share, ids in zip(shares, pool.map(_group_share, shares)):
                for position, statement in zip(share, ids):
                    quotes[position].statement = statement
    finally:
        _GROUPING = None
    statements.group_statements([quotes[position] for position in unattributed])  # each its own


def _group_share(positions: list[int]) -> list[str | None]:
    """Worker: group the quotes at ``positions`` of the inherited list; return their statement ids."""
    share = [_GROUPING[position] for position in positions]
    statements.group_statements(share)
    return [quote.statement for quote in share]


@contextmanager
def _timed(step: str, seconds: dict[str, float], cpu: dict[str, float]) -> Iterator[None]:
    """Record the wall-clock and CPU seconds of a step (CPU of workers counted once reaped)."""
    started, cpu_started = time.perf_counter(), cpu_seconds()
    yield
    seconds[step] = time.perf_counter() - started
    cpu[step] = cpu_seconds() - cpu_started


def cpu_seconds() -> float:
    """User and system CPU time of this process and its finished (reaped) children."""
    return sum(usage.ru_utime + usage.ru_stime for usage in (
        resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


@dataclass
class RebuildReport:
    """Counts a rebuild prints: articles read, skipped (with reasons), quotes indexed."""

    articles: int
    quotes: int
    skipped: list[Skipped]
    index_dir: str
    # Wall-clock seconds of each step ("extract", "group", "index"), for benchmarks.
    seconds: dict[str, float] = field(default_factory=dict)
    # CPU seconds of each step, this process and its workers together: on a shared
    # machine they say what a step costs better than the clock does.
    cpu_seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"articles": self.articles, "quotes": self.quotes, "index_dir": self.index_dir,
                "skipped": [item.to_dict() for item in self.skipped], "seconds": dict(self.seconds),
                "cpu_seconds": dict(self.cpu_seconds)}


def rebuild(corpus: Iterable[str | Path], index_dir: str | Path,
            progress: Progress | None = None, allow_empty: bool = False,
            jobs: int = 1, wait: float = 0) -> RebuildReport:
    """Build a fresh index from ``corpus`` and swap it in only once it is complete.

    The writer lock is taken before the corpus is read, so an ``add`` cannot
    slip in during extraction and then be silently undone by the swap.
    A corpus that yields no quote at all (an unmounted folder, every file
    broken) is refused unless ``allow_empty``: swapping it in would empty the archive.
    """
    corpus = list(corpus)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    with index.writer_lock(index_dir, wait=wait):
        with _timed("extract", seconds, cpu):
            result = extract_all(corpus, progress=progress, jobs=jobs, exclude=[index_dir])
            result.articles, result.quotes = _last_copy_of_each_article(result)
        with _timed("group", seconds, cpu):
            group_statements(result.quotes, jobs=jobs)
        if not result.quotes and not allow_empty:
            reasons = "; ".join(f"{s.source}: {s.reason}" for s in result.skipped[:3])
            raise RebuildError(
                f"no quotes found in {', '.join(map(str, corpus))} ({len(result.articles)} articles read"
                + (f", {len(result.skipped)} skipped: {reasons}" if result.skipped else "")
                + "); the live index was left as it was")
        articles = result.articles  # whole: the article store keeps their cleaned text
        with _timed("index", seconds, cpu):
            index.write_index(result.quotes, index_dir, articles=articles, procs=jobs)
    return RebuildReport(len(articles), len(result.quotes), result.skipped, str(index_dir), seconds, cpu)


@dataclass
class AddReport:
    """Counts an add prints."""

    articles: int  # articles read from the given paths
    replaced: int  # of those, articles already in the index whose quotes were replaced
    quotes: int  # quotes added
    removed: int  # quotes of replaced articles taken out
    regrouped: int  # quotes already indexed whose statement id changed
    skipped: list[Skipped]
    index_dir: str

    def to_dict(self) -> dict:
        return {"articles": self.articles, "replaced": self.replaced, "quotes": self.quotes,
                "removed": self.removed, "regrouped": self.regrouped, "index_dir": self.index_dir,
                "skipped": [item.to_dict() for item in self.skipped]}


def add(paths: Iterable[str | Path], index_dir: str | Path, progress: Progress | None = None,
        jobs: int = 1, wait: float = 0) -> AddReport:
    """Add the articles under ``paths`` to the live index without a rebuild.

    An article already indexed (same ``Article.id``: its URL, else its body)
    has its quotes replaced. Statement groups come out as a rebuild over the
    old and new articles together would make them: grouping only ever links
    quotes whose speakers share a last word (a full name, or a lone surname
    standing for it), so the indexed quotes of those speaker families are
    read back and grouped again with the new ones, and any whose statement
    id changed are rewritten. Nothing else in the index is touched.
    """
    paths = list(paths)
    with index.writer_lock(index_dir, wait=wait):
        result = extract_all(paths, progress=progress, jobs=jobs, exclude=[index_dir])
        articles, new_quotes = _last_copy_of_each_article(result)
        if not articles:
            return AddReport(0, 0, 0, 0, 0, result.skipped, str(index_dir))
        with index.update_index(index_dir, articles=articles) as build:
            removed = build.quotes_of_articles(article.id for article in articles)
            replaced = {quote.article_id for quote in removed}
            families = {statements.speaker_family(q.speaker)
                        for q in [*new_quotes, *removed] if q.speaker}
            names = [name for name in build.speakers() if statements.speaker_family(name) in families]
            existing = [q for q in build.quotes_of_speakers(names) if q.article_id not in replaced]
            before = {quote.id: quote.statement for quote in existing}
            statements.group_statements(existing + new_quotes)
            regrouped = [quote for quote in existing if quote.statement != before[quote.id]]
            build.delete([quote.id for quote in removed] + [quote.id for quote in regrouped])
            build.add(regrouped)
            build.add(new_quotes)
    return AddReport(len(articles), len(replaced), len(new_quotes), len(removed), len(regrouped),
                     result.skipped, str(index_dir))


def _last_copy_of_each_article(result: PipelineResult) -> tuple[list[Article], list[Quote]]:
    """Keep one copy of each article (the last read) and its quotes: the same article twice is one."""
    last = {article.id: position for position, article in enumerate(result.articles)}
    if len(last) == len(result.articles):
        return result.articles, result.quotes
    articles = []
    for position, article in enumerate(result.articles):
        if last[article.id] == position:
            articles.append(article)
        else:
            later = result.articles[last[article.id]].source
            result.skipped.append(Skipped(article.source, f"same article (same URL or text) as {later}, "
                                                          "which is read instead"))
    sources = {article.id: article.source for article in articles}
    quotes = [quote for quote in result.quotes if sources.get(quote.article_id) == quote.source]
    return articles, quotes
