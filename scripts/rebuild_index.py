#!/usr/bin/env python3
"""Rebuild the search index from a corpus: ``quotearchive rebuild`` for cron.

Takes the same arguments (--corpus DIR, repeatable; --index DIR; --quiet) and
prints the same counts; the live index is swapped only once the new one is whole.

Example crontab line:
  15 3 * * *  cd /srv/quotearchive && .venv/bin/python scripts/rebuild_index.py --corpus /data/articles --index index --quiet
"""
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # so the script also runs from a checkout without `pip install -e .`
    sys.path.insert(0, str(REPO))

from quotearchive.cli import main  # noqa: E402

if __name__ == "__main__":
    main(["rebuild", *sys.argv[1:]])
