#!/usr/bin/env bash
# Benchmark: TRX spent per 1,000 payouts with and without staked energy, in one run. Two hot
# wallets on one tron-devnet pay the same payouts (half to first-time holders, half to holders
# paid before); one has staked what the day's energy needs. Prints the TRX each spent and the
# ratio, and writes bench/results/staking.json. TRX cost does not depend on build speed, so
# BENCH_BIN=.build/debug gives the same figures.
# Usage: bench/staking.sh [PAYOUTS]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
payouts=${1:-1000}

source bench/lib.sh
bench_bin tron-devnet lucid-wallet

work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

bench_devnet --block-ms 100 --solid-lag 4 --dev-accounts 2 --dev-key-dir "$work"

key="bench:$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
ports=()
for w in 0 1; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ports+=("$port")
  TRON_FULLNODE_URL="$api" WALLET_PRIVATE_KEY_FILE="$work/dev-account-$w.key" LUCID_ASSERTION_KEY="$key" \
    LUCID_WALLET_PORT="$port" LUCID_WALLET_DB="$work/wallet-$w.sqlite" ENGINE_TICK_MS=20 CONFIRMATION_POLL_MS=500 \
    LIMIT_HOURLY_USDT=1000000 LIMIT_DAILY_USDT=10000000 LIMIT_RECIPIENT_DAILY_USDT=1000000 \
    STAKING_MAX_TRX_PER_OPERATION=10000000 STAKING_MAX_TRX_PER_DAY=10000000 LOG_LEVEL=warning \
    "$bin/lucid-wallet" >"$work/wallet-$w.out" 2>&1 &
  pids+=($!)
done
for w in 0 1; do
  for _ in $(seq 1 200); do grep -q '"event":"ready"' "$work/wallet-$w.out" && break; sleep 0.05; done
done

echo "TRX spent per $payouts payouts, with and without stake, on tron-devnet ($bin)"
python3 -u bench/staking_cost.py "http://127.0.0.1:${ports[0]}" "http://127.0.0.1:${ports[1]}" "$api" "$admin" \
  "$key" --payouts "$payouts" --out bench/results/staking.json
