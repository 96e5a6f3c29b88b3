"""The cleaned articles behind the quotes, kept beside the Whoosh index.

The article page shows an article's cleaned paragraphs and the boilerplate
the cleaner removed; the quote page shows the paragraphs around a quote.
Neither belongs in a search index, so each build directory also holds
``articles.sqlite``: one row per article, its ``Article.to_dict()`` as JSON,
looked up by id. It is written inside the build before ``CURRENT`` is
pointed at it, so the atomic swap in :mod:`quotearchive.index` changes the
quotes and their articles together.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from quotearchive.models import Article

FILE_NAME = "articles.sqlite"


def write(build_dir: str | Path, articles: Iterable[Article]) -> int:
    """Write every article into ``build_dir``'s store and return how many it holds.

    Writing again adds articles (one with a known id replaces it), so an
    index that grows by additions can grow its store the same way.
    """
    path = Path(build_dir) / FILE_NAME
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, data TEXT NOT NULL)")
            connection.executemany(
                "INSERT OR REPLACE INTO articles (id, data) VALUES (?, ?)",
                ((article.id, json.dumps(article.to_dict(), ensure_ascii=False))
                 for article in articles))
        count = connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        connection.close()
    return count


def read(build_dir: str | Path | None, article_id: str) -> dict[str, Any] | None:
    """Return one article's dict, or None if the build has no such article (or no store)."""
    if build_dir is None:
        return None
    path = Path(build_dir) / FILE_NAME
    if not path.is_file():
        return None  # an index built before articles were stored, or one held in memory
    # Read-only: a reader never creates or changes a build.
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT data FROM articles WHERE id = ?",
                                 (article_id,)).fetchone()
    finally:
        connection.close()
    return json.loads(row[0]) if row else None
