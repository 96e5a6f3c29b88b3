"""The ``quotearchive`` command: parse arguments, call the core, print plainly.

Only this module imports the CLI library (click, which Flask already brings).
Library errors become a one-line message and exit code 1, never a traceback.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from quotearchive import clean, ingest, pipeline
from quotearchive.index import DEFAULT_INDEX_DIR
from quotearchive.errors import QuoteArchiveError
from quotearchive.models import Skipped



@click.group()
@click.version_option(package_name="quotearchive")
def cli() -> None:
    """Turn news articles into a searchable archive of attributed quotations."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One JSON object per quote (the default).")
def extract(paths: tuple[Path, ...], as_jsonl: bool) -> None:
    """Extract attributed quotes from files or directories and print them.

    Example: quotearchive extract ../shared/seeds --jsonl > quotes.jsonl
    """
    result = pipeline.process(paths)
    for quote in result.quotes:
        click.echo(json.dumps(quote.to_dict(), ensure_ascii=False))
    _report_skipped(result.skipped)


@cli.command(name="clean")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the cleaned article as JSON.")
def clean_command(path: Path, as_json: bool) -> None:
    """Print a cleaned article: title, outlet and dates, then the body paragraphs.

    Example: quotearchive clean examples/corpus/harbour-gazette-budget.txt
    """
    found = False
    for item in ingest.read_documents([path]):
        if isinstance(item, Skipped):
            _report_skipped([item])
            continue
        found = True
        article = clean.clean_document(item)
        if as_json:
            click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
            continue
        click.echo(f"Title:     {article.title or '-'}")
        click.echo(f"Outlet:    {article.outlet or '-'}")
        click.echo(f"Published: {article.published.isoformat() if article.published else '-'}")
        click.echo(f"URL:       {article.url or '-'}")
        click.echo(f"Source:    {article.source}")
        click.echo("")
        for paragraph in article.paragraphs:
            click.echo(paragraph)
            click.echo("")
    if not found:
        raise click.ClickException(f"no readable article in {path}")


@cli.command()
@click.option("--corpus", "corpus", required=True, multiple=True,
              type=click.Path(path_type=Path), help="File or directory of articles (repeatable).")
@click.option("--index", "index_dir", default=str(DEFAULT_INDEX_DIR), show_default=True,
              type=click.Path(path_type=Path), help="Where the live index lives.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
@click.option("--allow-empty", is_flag=True, help="Swap in an index even if the corpus gave no quote.")
def rebuild(corpus: tuple[Path, ...], index_dir: Path, quiet: bool, allow_empty: bool) -> None:
    """Build a new index from a corpus and swap it in once complete.

    The live index keeps serving until the new one is whole; a failed or
    interrupted rebuild leaves it as it was.

    Example: quotearchive rebuild --corpus examples/corpus --index index
    """
    run_rebuild(corpus, index_dir, quiet=quiet, allow_empty=allow_empty)


def run_rebuild(corpus, index_dir, quiet: bool = False, allow_empty: bool = False) -> None:
    """Run a rebuild and print its counts."""
    missing = [str(p) for p in corpus if not Path(p).exists()]
    if missing:
        raise click.ClickException(f"corpus not found: {', '.join(missing)}")

    def progress(source: str, done: int) -> None:
        if not quiet and done % 100 == 0:
            click.echo(f"  ... {done} documents read", err=True)

    report = pipeline.rebuild(corpus, index_dir, progress=progress, allow_empty=allow_empty)
    click.echo(f"articles read:  {report.articles}")
    click.echo(f"skipped:        {len(report.skipped)}")
    for item in report.skipped:
        click.echo(f"  - {item.source}: {item.reason}")
    click.echo(f"quotes indexed: {report.quotes}")
    click.echo(f"index:          {report.index_dir}")


@cli.command()
@click.option("--index", "index_dir", default=str(DEFAULT_INDEX_DIR), show_default=True,
              type=click.Path(path_type=Path), help="The index to search.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
def serve(index_dir: Path, host: str, port: int) -> None:
    """Serve the search page and the JSON API.

    Example: quotearchive serve --index index --port 5000
    """
    from quotearchive.web import create_app  # only the serve command needs Flask

    app = create_app({"INDEX_DIR": str(index_dir)})
    click.echo(f"Serving QuoteArchive on http://{host}:{port}/ (index: {index_dir})")
    app.run(host=host, port=port, debug=False)


def _report_skipped(skipped: list[Skipped]) -> None:
    for item in skipped:
        click.echo(f"skipped {item.source}: {item.reason}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning library errors into a clear message."""
    try:
        cli.main(args=argv, prog_name="quotearchive", standalone_mode=True)
    except QuoteArchiveError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)

