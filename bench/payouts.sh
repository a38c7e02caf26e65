#!/usr/bin/env bash
# Benchmark: lucid-wallet (release) against tron-devnet on this machine. Reports accept latency
# p50/p99 and payouts/s from acceptance to broadcast, and the ratio to the 2,000 payouts/s goal.
# Usage: bench/payouts.sh [PAYOUTS] [CLIENTS]
# Profiling: DEVNET_PREFIX / WALLET_PREFIX run the servers under a command, e.g.
#   WALLET_PREFIX="perf record -F 499 -e cpu-clock -g -o /tmp/wallet.perf --" bench/payouts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
payouts=${1:-5000}
clients=${2:-4}

source bench/lib.sh
bench_bin tron-devnet lucid-wallet

work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

bench_devnet --block-ms 100 --solid-lag 19 --dev-accounts 1 --dev-key-dir "$work"

key="bench:$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TRON_FULLNODE_URL="$api" WALLET_PRIVATE_KEY_FILE="$work/dev-account-0.key" LUCID_ASSERTION_KEY="$key" \
  LUCID_WALLET_PORT="$port" LUCID_WALLET_DB="$work/wallet.sqlite" ENGINE_TICK_MS=20 ENGINE_BATCH_SIZE=2000 CONFIRMATION_POLL_MS=1000 ENGINE_CONCURRENCY=${ENGINE_CONCURRENCY:-32} TRON_MAX_CONNECTIONS=${TRON_MAX_CONNECTIONS:-32} \
  LIMIT_HOURLY_USDT=1000000 LIMIT_DAILY_USDT=10000000 LOG_LEVEL=warning \
  ${WALLET_PREFIX:-} "$bin/lucid-wallet" >"$work/wallet.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do grep -q '"event":"ready"' "$work/wallet.out" && break; sleep 0.05; done

echo "lucid-wallet vs tron-devnet from $bin, $(nproc) cores, $payouts payouts, $clients clients"
python3 -u bench/payout_load.py "http://127.0.0.1:$port" "$admin" "$key" --payouts "$payouts" --clients "$clients"
