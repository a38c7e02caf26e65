#!/usr/bin/env bash
# Cross-checks lucidctl's keystores against eth-keyfile (PyPI), an independent implementation of
# Web3 Secret Storage v3: each side opens the other's files.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/python scripts/keystore_check.py .build/debug/lucidctl "$work"
