#!/usr/bin/env bash
# `make dev`: runs tron-devnet with one funded deterministic dev account and prints how to use it.
# Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

data=${DATA_DIR:-data}
port=${DEVNET_PORT:-8090}
admin=${DEVNET_ADMIN_PORT:-8091}
block_ms=${DEVNET_BLOCK_MS:-3000}
mkdir -p "$data/devnet"

.build/debug/tron-devnet --port "$port" --admin-port "$admin" --block-ms "$block_ms" \
  --dev-accounts 1 --dev-key-dir "$data/devnet" > >(
  while IFS= read -r line; do
    if [[ "$line" == *'"event":"ready"'* ]]; then
      address=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["dev_accounts"][0]["address"])' "$line")
      cat <<MSG
tron-devnet is running (blocks every ${block_ms} ms, solid head 19 blocks behind).

  java-tron HTTP API   http://127.0.0.1:${port}   (/wallet/*, /walletsolidity/*)
  admin API            http://127.0.0.1:${admin}  (/admin/status, /admin/faults, /admin/fund, /admin/ledger)
  USDT-TRC20           TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t (mainnet address, 6 decimals)
  dev account          ${address}  (1,000,000 TRX and 1,000,000 USDT)
  dev key file         ${data}/devnet/dev-account-0.key  (devnet only: the key is derivable by anyone)

Try:
  curl -s http://127.0.0.1:${port}/wallet/getnodeinfo
  curl -s -X POST http://127.0.0.1:${port}/wallet/getaccount -d '{"address":"${address}","visible":true}'
  .build/debug/lucidctl tron address --private-key-file ${data}/devnet/dev-account-0.key
  curl -s http://127.0.0.1:${admin}/admin/status

Ctrl-C stops it.
MSG
    else
      echo "$line"
    fi
  done
)
