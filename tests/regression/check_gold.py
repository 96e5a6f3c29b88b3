#!/usr/bin/env python3
"""Check gold.json against the articles: every quote text occurs in its article.

A quote text must be made of at most three pieces that occur, in order, in the
article (a split quote is two pieces; a quote over two paragraphs is two pieces
joined with one space; a trailing comma inside the marks is dropped in gold).
Also checks ids, kinds, dates and the same-statement groups.

Usage: python3 tests/regression/check_gold.py
"""
import datetime as dt
import html
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def article_text(file):
    if ".jsonl:" in file:
        name, line = file.rsplit(":", 1)
        rec = json.loads((HERE / "articles" / name).read_text(encoding="utf-8").splitlines()[int(line) - 1])
        return rec["text"]
    raw = (HERE / "articles" / file).read_text(encoding="utf-8")
    return html.unescape(raw) if file.endswith(".html") else raw


def cover(quote, text, max_pieces=3):
    """Split quote into <= max_pieces word-aligned pieces found in order in text; return start or -1."""
    rest, cursor, start = quote, 0, None
    for _ in range(max_pieces):
        cuts = [i for i, ch in enumerate(rest) if ch == " "] + [len(rest)]
        for cut in reversed(cuts):
            j = text.find(rest[:cut], cursor)
            if j >= 0:
                start = j if start is None else start
                cursor, rest = j + cut, rest[cut:].lstrip(" ")
                break
        else:
            return -1
        if not rest:
            return start
    return -1


def main():
    gold = json.loads((HERE / "gold.json").read_text(encoding="utf-8"))
    problems, prefixes, ids, n = [], set(), {}, 0
    for art in gold["articles"]:
        text = article_text(art["file"])
        pub = dt.date.fromisoformat(art["published"]) if art["published"] else None
        prefix = {q["id"][:3] for q in art["quotes"]}
        if len(prefix) != 1 or prefix & prefixes:
            problems.append(f"{art['file']}: id prefix not unique per article: {prefix}")
        prefixes |= prefix
        last = -1
        for k, q in enumerate(art["quotes"]):
            n += 1
            ids[q["id"]] = art
            if not q["id"].endswith(f"-{k}"):
                problems.append(f"{q['id']}: index is not {k}")
            if q["kind"] not in ("full", "fragment"):
                problems.append(f"{q['id']}: bad kind {q['kind']!r}")
            where = cover(q["text"], text)
            if where < 0:
                problems.append(f"{q['id']}: text not found in {art['file']}: {q['text'][:70]!r}")
            elif where < last:
                problems.append(f"{q['id']}: out of reading order")
            last = max(last, where)
            if q["spoken"] and pub and dt.date.fromisoformat(q["spoken"]) > pub:
                problems.append(f"{q['id']}: spoken after publication")
    for grp in gold.get("same_statement", []):
        arts = [ids.get(i) for i in grp]
        if None in arts:
            problems.append(f"same_statement {grp}: unknown id")
        elif len({a["outlet"] for a in arts}) < len(arts):
            problems.append(f"same_statement {grp}: not from different outlets")
    print("\n".join(problems) or f"ok: {len(gold['articles'])} articles, {n} quotes, "
                                   f"{len(gold.get('same_statement', []))} same-statement groups")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
