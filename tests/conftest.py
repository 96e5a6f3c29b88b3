"""Shared fixtures.

The seed articles and their gold annotations are third-party text: they are
read from ../shared and never copied here. Without ../shared those tests skip
with a reason; with QUOTEARCHIVE_REQUIRE_SHARED=1 (set by .ci/run) they fail instead.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE_CORPUS = REPO / "examples" / "corpus"


def _shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("QUOTEARCHIVE_REQUIRE_SHARED") == "1":
            pytest.fail(f"{path} is required (QUOTEARCHIVE_REQUIRE_SHARED=1) but absent")
        pytest.skip(f"{path} is absent: the seed articles live outside the repo")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five real seed articles (../shared/seeds)."""
    return _shared_path("seeds")


@pytest.fixture(scope="session")
def seeds_gold() -> dict:
    """Hand-annotated quotes, speakers and same-statement groups for the seeds."""
    return json.loads(_shared_path("gold", "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def score_tool() -> Path:
    """../shared/tools/score_quotes.py."""
    return _shared_path("tools", "score_quotes.py")


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    """The sample corpus that ships with the project (written by us, fictional)."""
    return SAMPLE_CORPUS
