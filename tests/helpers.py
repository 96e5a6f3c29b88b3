"""Helpers shared by the web tests (imported by name: tests/ is on sys.path under pytest)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, template_rendered


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
