#!/usr/bin/env bash
# Runs the unmodified tronpy client against a fresh tron-devnet (fast blocks) and checks a
# USDT-TRC20 transfer, its solid receipt, balances, a TRX transfer and Stake 2.0 through tronpy's
# own builders.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

.build/debug/tron-devnet --port 0 --admin-port 0 --block-ms 50 --solid-lag 4 \
  --dev-accounts 1 --dev-key-dir "$work" >"$work/out" 2>"$work/err" &
pid=$!

# Wait (with a deadline) for the ready line that names the bound ports.
for _ in $(seq 1 200); do
  grep -q '"event":"ready"' "$work/out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
  sleep 0.05
done
api=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["api"])' "$work/out")
admin=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["admin"])' "$work/out")

.venv/bin/python scripts/tronpy_check.py "$api" "$admin" "$work/dev-account-0.key"
