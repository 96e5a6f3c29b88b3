"""Run the stages in order: ingest -> clean -> extract/attribute -> statements (-> index).

``process`` turns files into articles and attributed, grouped quotes;
``rebuild`` adds the last stage, writing a new index and swapping it in.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quotearchive import attribute, clean, extract, index, ingest, statements
from quotearchive.errors import RebuildError
from quotearchive.models import Article, Quote, Skipped

Progress = Callable[[str, int], None]  # (source just done, documents done so far)


@dataclass
class PipelineResult:
    """What one run produced, and what it had to skip."""

    articles: list[Article] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def extract_quotes(article: Article) -> list[Quote]:
    """Find the quotations of a cleaned article and attribute them (stage 3)."""
    return attribute.attribute_article(article, extract.find_spans(article.paragraphs))


def process(paths: Iterable[str | Path], progress: Progress | None = None) -> PipelineResult:
    """Read, clean, extract and group every article under ``paths``."""
    result = PipelineResult()
    for done, item in enumerate(ingest.read_documents(paths), start=1):
        if isinstance(item, Skipped):
            result.skipped.append(item)
        else:
            try:
                article = clean.clean_document(item)
                quotes = extract_quotes(article)
            except Exception as exc:  # one broken article never stops the run
                result.skipped.append(Skipped(item.source, f"could not be processed: {exc}"))
            else:
                result.articles.append(article)
                result.quotes.extend(quotes)
        if progress:
            progress(item.source, done)
    statements.group_statements(result.quotes)
    return result


@dataclass
class RebuildReport:
    """Counts a rebuild prints: articles read, skipped (with reasons), quotes indexed."""

    articles: int
    quotes: int
    skipped: list[Skipped]
    index_dir: str


def rebuild(corpus: Iterable[str | Path], index_dir: str | Path,
            progress: Progress | None = None, allow_empty: bool = False) -> RebuildReport:
    """Build a fresh index from ``corpus`` and swap it in only once it is complete.

    A corpus that yields no quote at all (an unmounted folder, every file
    broken) is refused unless ``allow_empty``: swapping it in would empty the archive.
    """
    corpus = list(corpus)
    result = process(corpus, progress=progress)
    if not result.quotes and not allow_empty:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in result.skipped[:3])
        raise RebuildError(
            f"no quotes found in {', '.join(map(str, corpus))} ({len(result.articles)} articles read"
            + (f", {len(result.skipped)} skipped: {reasons}" if result.skipped else "")
            + "); the live index was left as it was")
    index.write_index(result.quotes, index_dir, articles=result.articles)
    return RebuildReport(len(result.articles), len(result.quotes), result.skipped, str(index_dir))
