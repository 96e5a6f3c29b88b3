"""The ``quotearchive`` command: parse arguments, call the core, print plainly.

Only this module imports the CLI library (click, which Flask already brings).
Library errors become a one-line message and exit code 1, never a traceback.
"""
from __future__ import annotations

import ctypes
import json
import logging
import os
import signal
import socket
import sys
from pathlib import Path

import click

from quotearchive import clean, ingest, pipeline
from quotearchive.index import DEFAULT_INDEX_DIR, children_die_with_parent
from quotearchive.errors import IndexNotFound, QuoteArchiveError
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
    _stop_quietly_when_the_reader_goes()
    result = pipeline.process(paths)
    for quote in result.quotes:
        click.echo(json.dumps(quote.to_dict(), ensure_ascii=False))
    _report_skipped(result.skipped)


def _stop_quietly_when_the_reader_goes() -> None:
    """End as Unix filters do when the pipe's reader stops early (`extract ... | head`):
    by SIGPIPE, silently, rather than with click's error exit. Only for commands that
    print; the server must outlive a client that hangs up."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


@cli.command(name="clean")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the cleaned article as JSON.")
def clean_command(path: Path, as_json: bool) -> None:
    """Print a cleaned article: title, outlet and dates, then the body paragraphs.

    Example: quotearchive clean examples/corpus/harbour-gazette-budget.txt
    """
    _stop_quietly_when_the_reader_goes()
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


JOBS_OPTION = click.option(
    "--jobs", type=click.IntRange(1, 64), default=None,
    help="Processes for extraction and indexing (default: every core this process may use).")
WAIT_OPTION = click.option(
    "--wait", type=click.FloatRange(0), default=0, show_default=True,
    help="Seconds to wait for another rebuild or add to finish before giving up.")


@cli.command()
@click.option("--corpus", "corpus", required=True, multiple=True,
              type=click.Path(path_type=Path), help="File or directory of articles (repeatable).")
@click.option("--index", "index_dir", default=str(DEFAULT_INDEX_DIR), show_default=True,
              type=click.Path(path_type=Path), help="Where the live index lives.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
@click.option("--allow-empty", is_flag=True, help="Swap in an index even if the corpus gave no quote.")
@JOBS_OPTION
@WAIT_OPTION
def rebuild(corpus: tuple[Path, ...], index_dir: Path, quiet: bool, allow_empty: bool,
            jobs: int | None, wait: float) -> None:
    """Build a new index from a corpus and swap it in once complete.

    The live index keeps serving until the new one is whole; a failed or
    interrupted rebuild leaves it as it was.

    Example: quotearchive rebuild --corpus examples/corpus --index index
    """
    run_rebuild(corpus, index_dir, quiet=quiet, allow_empty=allow_empty, jobs=jobs, wait=wait)


def run_rebuild(corpus, index_dir, quiet: bool = False, allow_empty: bool = False,
                jobs: int | None = None, wait: float = 0) -> None:
    """Run a rebuild and print its counts."""
    _require_paths(corpus, "corpus")
    report = pipeline.rebuild(corpus, index_dir, progress=_progress(quiet), allow_empty=allow_empty,
                              jobs=jobs or pipeline.default_jobs(), wait=wait)
    click.echo(f"articles read:  {report.articles}")
    _print_skipped(report.skipped)
    click.echo(f"quotes indexed: {report.quotes}")
    click.echo(f"index:          {report.index_dir}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--index", "index_dir", default=str(DEFAULT_INDEX_DIR), show_default=True,
              type=click.Path(path_type=Path), help="Where the live index lives.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
@JOBS_OPTION
@WAIT_OPTION
def add(paths: tuple[Path, ...], index_dir: Path, quiet: bool, jobs: int | None, wait: float) -> None:
    """Add articles (files or directories) to the live index without a rebuild.

    An article already in the index (same URL, else same text) has its quotes
    replaced; same-statement groups are brought up to date. The live index
    keeps serving throughout and changes in one step when the add is complete.

    Example: quotearchive add /data/articles/today --index index
    """
    _require_paths(paths, "path")
    report = pipeline.add(paths, index_dir, progress=_progress(quiet),
                          jobs=jobs or pipeline.default_jobs(), wait=wait)
    click.echo(f"articles read:  {report.articles}")
    click.echo(f"replaced:       {report.replaced} (their {report.removed} old quotes removed)")
    _print_skipped(report.skipped)
    click.echo(f"quotes added:   {report.quotes}")
    click.echo(f"regrouped:      {report.regrouped} quotes already indexed joined a changed statement group")
    click.echo(f"index:          {report.index_dir}")
    if not report.articles:
        click.echo("nothing to add: the index was left as it was")


def _require_paths(paths, what: str) -> None:
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise click.ClickException(f"{what} not found: {', '.join(missing)}")


def _progress(quiet: bool):
    """A progress callback printing a line every 1,000 documents (documents arrive in chunks)."""
    if quiet:
        return None
    printed = 0

    def progress(source: str, done: int) -> None:
        nonlocal printed
        if done // 1000 > printed // 1000:
            click.echo(f"  ... {done} documents read", err=True)
        printed = done

    return progress


def _print_skipped(skipped: list[Skipped]) -> None:
    click.echo(f"skipped:        {len(skipped)}")
    for item in skipped:
        click.echo(f"  - {item.source}: {item.reason}")


# Threads per worker process. At a million quotes, with every search run (bench/http_load.py
# --no-remember), two threads in a process cost about an eighth more CPU per request than one
# thread alone; two still let a long export and the searches behind it go on together.
DEFAULT_THREADS = 2


@cli.command()
@click.option("--index", "index_dir", default=str(DEFAULT_INDEX_DIR), show_default=True,
              type=click.Path(path_type=Path), help="The index to search.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port, printed on start).")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Server processes sharing the port (default: one per CPU core). Python runs "
                   "one thread at a time per process: more than one uses more cores. They share "
                   "the arrays read at start; each reads its own for a later rebuild or add.")
@click.option("--threads", default=DEFAULT_THREADS, show_default=True, type=click.IntRange(1, 256),
              help="Requests served at once by each worker process (threads sharing its open "
                   "index): more than one keeps a long export from holding up the searches "
                   "behind it, but threads of one process take turns and cost some CPU.")
@click.option("--remember-results/--no-remember-results", default=True, show_default=True,
              help="Keep the answers to the last 100 different searches until the index changes, "
                   "and answer the same search again from them.")
@click.option("--dev", is_flag=True, help="Flask's development server instead (one request at a time).")
def serve(index_dir: Path, host: str, port: int, workers: int | None, threads: int,
          remember_results: bool, dev: bool) -> None:
    """Serve the search page and the JSON API with a production WSGI server (waitress).

    The open index is shared by every request and reopened when a rebuild or
    an add swaps in a new one: no restart needed.

    Example: quotearchive serve --index index --port 5000 --workers 2 --threads 2
    """
    from quotearchive.web import create_app  # only the serve command needs Flask

    _keep_memory_returnable()
    app = create_app({"INDEX_DIR": str(index_dir), "REMEMBER_RESULTS": remember_results})
    if dev:
        click.echo(f"Serving QuoteArchive (development server) on http://{host}:{port}/ (index: {index_dir})")
        app.run(host=host, port=port, debug=False)
        return
    from waitress.server import create_server

    # waitress warns "Task queue depth is N" for every request that waits for a thread:
    # under load that is most of them, a line each on stderr, which cost its I/O thread
    # about 7% of the server's CPU (and buries real errors). Latency shows the load.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    try:
        # Arrays read now, not by the first requests (seconds at a million quotes), and
        # before forking, so that every process shares one copy of them.
        app.extensions["quotearchive.searchers"].warm_now()
    except IndexNotFound:
        pass  # served anyway: requests get a 503 saying how to build the index
    processes = workers or _cpu_cores()
    options = {"threads": threads, "ident": "QuoteArchive", "clear_untrusted_proxy_headers": True}
    first = os.getpid()
    try:
        if processes == 1:
            server = create_server(app, host=host, port=port, **options)
        else:
            # One listening socket, bound before forking: each process accepts from it.
            # Forked before waitress starts its threads (a fork copies only the calling thread).
            listening = _listen(host, port)
            with children_die_with_parent():
                for _ in range(processes - 1):
                    if os.fork() == 0:
                        break
            server = create_server(app, sockets=[listening], **options)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    if os.getpid() == first:
        # With --port 0 the system picks the port; a name that resolves to several addresses has no one port.
        bound_port = getattr(server, "effective_port", port)
        shown = (f"{processes} worker process{'es' if processes > 1 else ''} of "
                 f"{threads} thread{'s' if threads > 1 else ''}")
        click.echo(f"Serving QuoteArchive on http://{host}:{bound_port}/ with {shown} (index: {index_dir})")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _cpu_cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _listen(host: str, port: int) -> socket.socket:
    """Return a socket bound to the first address ``host`` resolves to (waitress listens on it)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    listening = socket.socket(family, kind, proto)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.bind(address)
    return listening


def _report_skipped(skipped: list[Skipped]) -> None:
    for item in skipped:
        click.echo(f"skipped {item.source}: {item.reason}", err=True)


def _keep_memory_returnable() -> None:
    """Have glibc's malloc give large blocks back to the system when they are freed.

    A search at a million quotes allocates arrays of megabytes (the scores of
    every match) and frees them at once. By default glibc raises its mmap
    threshold after such a free, so later arrays come from the heap, whose
    freed space stays resident; and it gives each thread an arena of its own.
    With a fixed threshold and two arenas, the server measured 253 MB resident
    after a load run instead of 361 MB, at the same speed. Elsewhere than
    glibc this does nothing.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, 256 * 1024)
        libc.mallopt(_M_ARENA_MAX, 2)
    except (OSError, AttributeError):
        pass


# mallopt() parameters, from glibc's malloc.h.
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning library errors into a clear message."""
    try:
        cli.main(args=argv, prog_name="quotearchive", standalone_mode=True)
    except QuoteArchiveError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)

