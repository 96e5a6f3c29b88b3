#!/usr/bin/env bash
# Set up, then run the whole test suite. Arguments go to pytest,
# e.g. scripts/test.sh -q tests/test_cli.py
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python -m pytest "$@"
