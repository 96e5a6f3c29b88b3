#!/usr/bin/env bash
# Set up a development environment: .venv at the repo root with the project
# installed in editable mode, test extras included. Safe to run again: an
# existing working .venv is kept, and pip runs only when setup.cfg or
# pyproject.toml changed since the last successful install.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.quotearchive-installed"

say() { echo "bootstrap: $*" >&2; }

if ! command -v "$PYTHON" >/dev/null 2>&1; then
    say "$PYTHON not found; install Python 3.11 or newer first."
    exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "QuoteArchive needs Python >= 3.11, $PYTHON is $("$PYTHON" -V 2>&1)."
    exit 1
fi

# Debian splits venv/ensurepip into the python3-venv package.
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "python3-venv is missing; installing it with apt-get."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq python3-venv
    else
        say "Python's venv module (ensurepip) is missing."
        say "Install it first, e.g.: sudo apt-get install python3-venv"
        exit 1
    fi
fi

# A .venv left half-made by an earlier failed run has no working pip: start again.
if [ -d "$VENV" ] && ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    say "removing a broken $VENV"
    rm -rf "$VENV"
fi
if [ ! -d "$VENV" ]; then
    say "creating $VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi

wanted="$(cat setup.cfg pyproject.toml | cksum)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$wanted" ]; then
    say "installing quotearchive (editable, with test extras)"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'
    echo "$wanted" > "$STAMP"
fi
