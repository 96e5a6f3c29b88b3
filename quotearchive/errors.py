"""Errors the core raises for the web layer and the CLI to turn into clear messages."""


class QuoteArchiveError(Exception):
    """Base class: anything a user can cause and should be told about plainly."""


class QueryError(QuoteArchiveError, ValueError):
    """A search request that cannot be run (bad syntax, bad date, bad page)."""


class IndexNotFound(QuoteArchiveError):
    """No built index at the given location."""


class RebuildError(QuoteArchiveError):
    """A rebuild could not complete; the previous index is still the live one."""
