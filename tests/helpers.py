"""Helpers shared by the tests (imported by name: tests/ is on sys.path under pytest)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, template_rendered

from quotearchive.search import parse_request, search


@contextmanager
def rendered_templates(app: Flask) -> Iterator[list[tuple[str, dict]]]:
    """Record (template name, context) for every template ``app`` renders inside the block."""
    recorded: list[tuple[str, dict]] = []

    def record(sender, template, context, **extra):
        recorded.append((template.name, context))

    template_rendered.connect(record, app)
    try:
        yield recorded
    finally:
        template_rendered.disconnect(record, app)


def write_index_once(tmp_path_factory, quotes, name: str):
    """Write ``quotes`` into a new index folder (for a module-scoped fixture) and return it."""
    from quotearchive import index

    path = tmp_path_factory.mktemp(name)
    index.write_index(quotes, path)
    return path


def run(index_dir, **params):
    """Search as the web layer does: every parameter as the string a URL would carry."""
    return search(index_dir, parse_request({k: str(v) for k, v in params.items()}))
