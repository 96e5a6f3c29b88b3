#!/usr/bin/env python3
"""Load-test `quotearchive serve` on loopback: requests/s, p50/p95 latency, errors, server peak RSS.

Starts ``quotearchive serve --index DIR --port 0 --workers N --threads T`` (or uses
``--url`` of a server already running), then runs ``--clients`` threads that
each send requests back to back for ``--seconds``, over one keep-alive
connection per client. Requests cycle through a fixed mix: words from the
index's own speakers and quotes, phrases, filters, page 2, the empty query
(newest first), single-quote pages and the HTML page, so the figures stand
for more than one query. The mix repeats, though: a server that
remembers its answers (the default) runs each search once and answers it
again from memory, as it would a popular search; ``--no-remember`` starts it
with ``--no-remember-results``, so that every request is run. ``--distinct N``
draws from N different searches instead, by popularity: most requests then
meet words and statements the server has not read yet, as in real use.

The server's peak RSS is read from /proc (VmHWM) when this script started it,
summed over its processes; the code is this checkout's (PYTHONPATH), whatever
package the interpreter has installed.

Examples:
    .venv/bin/python bench/http_load.py --index /tmp/quotearchive-bench/index --workers 2 --threads 2
    .venv/bin/python bench/http_load.py --index /tmp/quotearchive-bench/index --workers 2 --threads 1 --no-remember
    .venv/bin/python bench/http_load.py --index /tmp/quotearchive-bench/index --distinct 5000
    .venv/bin/python bench/http_load.py --url http://127.0.0.1:5000 --clients 16 --seconds 20

Goals (issue 5): p95 <= 100 ms at 16 clients; serving RSS <= 500 MB.
"""
from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

FIXED_QUERIES = [
    {"q": "budget"}, {"q": "council"}, {"q": '"sea wall"'}, {"q": "storm OR flood"},
    {"q": "strike NOT pay"}, {"q": "escalat*"}, {"q": ""}, {"q": "", "page": "2"},
    {"q": "school", "from": "2020-01-01", "to": "2024-12-31"}, {"q": "the"},
    {"q": "hospital", "per_page": "50"},
]


def start_server(index_dir: Path, workers: int, threads: int, remember: bool
                 ) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "quotearchive", "serve", "--index", str(index_dir), "--port", "0",
         "--workers", str(workers), "--threads", str(threads),
         "--remember-results" if remember else "--no-remember-results"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    line = process.stdout.readline()
    match = re.search(r"(http://[^/]+)/", line)
    if not match:
        process.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    return process, match.group(1)


def _proc_mb(path: str, field: str) -> float | None:
    """A "Field:  N kB" line of a /proc file, in MiB (None if the process or line is gone)."""
    try:
        text = Path(path).read_text()
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) / 1024 if match else None


def peak_rss_mb(pid: int) -> float | None:
    return _proc_mb(f"/proc/{pid}/status", "VmHWM")


def server_pids(pid: int) -> list[int]:
    """The server's process and the worker processes it forked (``serve --workers``)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return [pid] + [int(child) for child in children]


def proportional_mb(pid: int) -> float | None:
    """Resident memory with pages shared between processes split among them (Pss)."""
    return _proc_mb(f"/proc/{pid}/smaps_rollup", "Pss")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # utime and stime, the 14th and 15th fields of stat(5), counted after the ")" of the name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fetch_json(base: str, path: str) -> dict:
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=60)
    try:
        connection.request("GET", path)
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


def build_mix(base: str) -> list[str]:
    """Paths to request: the fixed queries plus speakers, outlets and quotes the index holds."""
    paths = ["/api/search?" + urllib.parse.urlencode(params) for params in FIXED_QUERIES]
    data = fetch_json(base, "/api/search?q=&per_page=100")
    for facet in ("speaker", "outlet"):
        for entry in data.get("facets", {}).get(facet, [])[:10]:
            paths.append(f"/api/search?{facet}={urllib.parse.quote(entry['value'])}")
    for quote in data.get("results", [])[:20]:
        words = [w for w in re.findall(r"[A-Za-z]{5,}", quote["text"])][:2]
        if words:
            paths.append("/api/search?q=" + urllib.parse.quote(" ".join(words)))
        paths.append("/api/quotes/" + urllib.parse.quote(quote["id"]))
    paths += ["/?q=budget", "/?q="]
    return paths


def build_pool(base: str, size: int, seed: int) -> list[str]:
    """``size`` different searches made of the words, speakers and outlets of the index's
    newest thousand quotes: words, two words, two-word phrases, a speaker, a word with an
    outlet or with two years, a second page. In random order: the first is the most
    popular (see ``zipf_weights``)."""
    rng = random.Random(seed)
    quotes, speakers, outlets = [], set(), set()
    for page in range(1, 11):
        data = fetch_json(base, f"/api/search?q=&per_page=100&page={page}")
        quotes += data.get("results", [])
        for entry in data.get("facets", {}).get("outlet", []):
            outlets.add(entry["value"])
    speakers = sorted({quote["speaker"] for quote in quotes if quote.get("speaker")})
    outlets = sorted(outlets | {quote["outlet"] for quote in quotes if quote.get("outlet")})
    # Words of five letters or more, as in the fixed mix: people search for content words
    # ("budget", "flooding"), seldom for "have" or "this".
    texts = [re.findall(r"[A-Za-z]{5,}", quote["text"]) for quote in quotes]
    texts = [words for words in texts if len(words) >= 2]
    if not texts or not speakers or not outlets:
        raise SystemExit("the index holds too few quotes to draw a pool of searches from")

    def one() -> dict[str, str]:
        words = rng.choice(texts)
        at = rng.randrange(len(words) - 1)
        kind = rng.random()
        if kind < 0.35:
            return {"q": words[at].lower()}
        if kind < 0.60:
            return {"q": f"{rng.choice(words).lower()} {rng.choice(words).lower()}"}
        if kind < 0.70:
            return {"q": f'"{words[at]} {words[at + 1]}"'}
        if kind < 0.80:
            return {"speaker": rng.choice(speakers)}
        if kind < 0.85:
            return {"q": words[at].lower(), "outlet": rng.choice(outlets)}
        if kind < 0.95:
            year = rng.randrange(2016, 2026)
            return {"q": words[at].lower(), "from": f"{year}-01-01", "to": f"{year + 1}-12-31"}
        return {"q": words[at].lower(), "page": "2"}

    pool: dict[str, None] = {}
    for _ in range(size * 20):
        pool["/api/search?" + urllib.parse.urlencode(one())] = None
        if len(pool) >= size:
            break
    return list(pool)


def zipf_weights(count: int, exponent: float) -> list[float]:
    """Cumulative weights of ranks 1..count falling as 1/rank**exponent, as searches' popularity does."""
    return list(itertools.accumulate(1 / rank ** exponent for rank in range(1, count + 1)))


def client(base: str, paths: list[str], offset: int, stop_at: float,
           latencies: list[tuple[float, str]], errors: list[str],
           weights: list[float] | None = None) -> None:
    """Send requests back to back until ``stop_at``: the paths in turn, or drawn by their
    cumulative ``weights`` (seeded by ``offset``)."""
    netloc = urllib.parse.urlsplit(base).netloc
    connection = http.client.HTTPConnection(netloc, timeout=30)
    draw = random.Random(offset)
    n = offset
    while time.perf_counter() < stop_at:
        path = draw.choices(paths, cum_weights=weights)[0] if weights else paths[n % len(paths)]
        n += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status >= 500 or (response.status >= 400 and "/api/quotes/" not in path):
                errors.append(f"{response.status} {path}")
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{type(exc).__name__} {path}")
            connection.close()
            connection = http.client.HTTPConnection(netloc, timeout=30)
            continue
        latencies.append((time.perf_counter() - started, path))
    connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--index", type=Path, help="start `quotearchive serve` on this index")
    target.add_argument("--url", help="a server already running, e.g. http://127.0.0.1:5000")
    parser.add_argument("--workers", type=int, default=2, help="serve --workers: processes (default %(default)s)")
    parser.add_argument("--slowest", type=int, default=5, help="list this many slowest requests (median)")
    parser.add_argument("--threads", type=int, default=2, help="serve --threads: per process (default %(default)s)")
    parser.add_argument("--no-remember", action="store_true",
                        help="serve --no-remember-results: every search run again, none answered "
                             "from the answers kept (the mix repeats its requests)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default %(default)s)")
    parser.add_argument("--seconds", type=float, default=20, help="how long to load (default %(default)s)")
    parser.add_argument("--distinct", type=int, default=0, metavar="N",
                        help="instead of the fixed mix, N different searches made from the index's own "
                             "words, speakers and outlets, each client drawing them by popularity "
                             "(1/rank, as in search logs): repeats come as often as in real use")
    parser.add_argument("--seed", type=int, default=7, help="seed of the --distinct pool (default %(default)s)")
    args = parser.parse_args(argv)

    process = None
    if args.index is not None:
        process, base = start_server(args.index, args.workers, args.threads, not args.no_remember)
    else:
        base = args.url.rstrip("/")
    try:
        paths = build_mix(base)
        # One short warm-up pass so the first figures do not include opening the index.
        client(base, paths, 0, time.perf_counter() + 1, [], [])
        weights = None
        if args.distinct:
            paths = build_pool(base, args.distinct, args.seed)
            weights = zipf_weights(len(paths), 1.0)
        latencies: list[tuple[float, str]] = []
        errors: list[str] = []
        stop_at = time.perf_counter() + args.seconds
        threads = [threading.Thread(target=client, args=(base, paths, args.seed * 1000 + i * 7, stop_at,
                                                         latencies, errors, weights))
                   for i in range(args.clients)]
        pids = server_pids(process.pid) if process else []
        # CPU per request stands for capacity, which a shared host's wandering wall times hide.
        cpu_at_start = [cpu_seconds(pid) for pid in pids]
        own_cpu = -time.process_time()
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        cpu_used = [cpu_seconds(pid) - before for pid, before in zip(pids, cpu_at_start)]
        server_cpu = sum(cpu_used)
        own_cpu += time.process_time()
        peaks = [peak_rss_mb(pid) or 0 for pid in pids]
        shares = [proportional_mb(pid) or 0 for pid in pids]
    finally:
        if process:
            process.terminate()
            process.wait(timeout=10)

    if not latencies:
        print(f"no request succeeded; errors: {errors[:5]}", file=sys.stderr)
        return 1
    ordered = sorted(seconds for seconds, _ in latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    started_as = f"--workers {args.workers} --threads {args.threads}" + (
        " --no-remember-results" if args.no_remember else "")
    print(f"server:        {base} ({started_as if process else 'already running'})")
    asked = [path for _, path in latencies]
    mix = (f"{len(set(asked))} distinct of {len(paths)} drawn by popularity, "
           f"{1 - len(set(asked)) / len(asked):.0%} of requests repeating one asked before"
           if weights else f"{len(paths)} distinct requests in turn")
    print(f"clients:       {args.clients} for {elapsed:.1f} s, {mix}")
    print(f"requests/s:    {len(latencies) / elapsed:,.0f} ({len(latencies)} answered)")
    print(f"latency:       p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
          f"max {ordered[-1] * 1000:.1f} ms")
    per_request = 1000 / len(latencies)
    print(f"CPU:           {own_cpu * per_request:.1f} ms per request in these clients"
          + (f", {server_cpu * per_request:.1f} ms in the server" if pids else "")
          # Keep-alive connections stay with the process that accepted them: an uneven split shows here.
          + (f" (each process busy {', '.join(f'{used / elapsed:.0%}' for used in cpu_used)} of the time)"
             if len(pids) > 1 else ""))
    print(f"errors:        {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    by_path: dict[str, list[float]] = {}
    for seconds, path in latencies:
        by_path.setdefault(path, []).append(seconds)
    slowest = sorted(by_path.items(), key=lambda item: -statistics.median(item[1]))[:args.slowest]
    for path, times in slowest:
        print(f"  slow:        {statistics.median(times) * 1000:7.1f} ms median, {len(times):4d}x  {path}")
    if pids:
        # Peaks of several processes may not coincide: their sum is an upper bound. Pages
        # they share (arrays read before forking, the index files) count in each one's RSS;
        # Pss at the end splits them.
        each = " + ".join(f"{peak:,.0f}" for peak in peaks)
        print(f"server RSS:    {sum(peaks):,.0f} MiB peak" + (f" ({each})" if len(pids) > 1 else "")
              + f"; Pss at the end {sum(shares):,.0f} MiB")
    else:
        print("server RSS:    unknown (not started here)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
