#!/usr/bin/env bash
# Set up, build the index from the sample corpus, and serve the search page
# on http://127.0.0.1:${PORT:-5000}/ (Ctrl-C to stop).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
.venv/bin/quotearchive rebuild --corpus examples/corpus --index index
exec .venv/bin/quotearchive serve --index index --host 127.0.0.1 --port "${PORT:-5000}"
