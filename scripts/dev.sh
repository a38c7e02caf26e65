#!/usr/bin/env bash
# `make dev`: the embedded default — tron-devnet, lucid-wallet (SQLite under $DATA_DIR, a funded dev
# key) and lucid-gateway — started, waited for, and explained. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."

data=${DATA_DIR:-data}
bin=${BIN_DIR:-.build/debug}
devnet_port=${DEVNET_PORT:-8090}
devnet_admin=${DEVNET_ADMIN_PORT:-8091}
wallet_port=${WALLET_PORT:-8081}
gateway_port=${GATEWAY_PORT:-8080}
metrics_port=${GATEWAY_METRICS_PORT:-9464}
block_ms=${DEVNET_BLOCK_MS:-1000}
mkdir -p "$data/devnet" "$data/wallet" "$data/gateway" "$data/logs"
chmod 700 "$data/gateway"

# Dev secrets, made once and kept under $data (never committed; data/ is git-ignored).
if [[ ! -s "$data/gateway/assertion.key" ]]; then
  (umask 077; echo "dev-1:$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$data/gateway/assertion.key")
fi
[[ -s "$data/gateway/signing-key.pem" ]] || "$bin/lucidctl" token keygen --out "$data/gateway/signing-key.pem" >/dev/null
if [[ ! -s "$data/gateway/dev-service-account.json" ]]; then
  (umask 077; "$bin/lucidctl" service-account add --role service --file "$data/gateway/service-accounts.json" \
    > "$data/gateway/dev-service-account.json")
fi

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "stopping lucid-gateway, lucid-wallet and tron-devnet..."
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  echo "stopped."
  exit 0
}
trap stop INT TERM EXIT

# wait_ready LOG NAME: waits for the process's {"event":"ready"} line (up to 60 s).
wait_ready() {
  for _ in $(seq 600); do
    grep -q '"event":"ready"' "$1" 2>/dev/null && return 0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "$2 exited; see $1" >&2; tail -20 "$1" >&2; exit 1; }; done
    sleep 0.1
  done
  echo "$2 did not become ready; see $1" >&2
  exit 1
}

"$bin/tron-devnet" --port "$devnet_port" --admin-port "$devnet_admin" --block-ms "$block_ms" \
  --dev-accounts 1 --dev-key-dir "$data/devnet" > "$data/logs/devnet.log" 2>&1 &
pids+=($!)
wait_ready "$data/logs/devnet.log" tron-devnet

LUCID_WALLET_PORT=$wallet_port LUCID_WALLET_DB="$data/wallet/wallet.sqlite" \
  TRON_FULLNODE_URL="http://127.0.0.1:$devnet_port" WALLET_PRIVATE_KEY_FILE="$data/devnet/dev-account-0.key" \
  LUCID_ASSERTION_KEY_FILE="$data/gateway/assertion.key" \
  "$bin/lucid-wallet" > "$data/logs/wallet.log" 2>&1 &
pids+=($!)
wait_ready "$data/logs/wallet.log" lucid-wallet

LUCID_GATEWAY_PORT=$gateway_port LUCID_GATEWAY_METRICS_PORT=$metrics_port \
  LUCID_WALLET_URL="http://127.0.0.1:$wallet_port" LUCID_ASSERTION_KEY_FILE="$data/gateway/assertion.key" \
  LUCID_GATEWAY_SIGNING_KEY_FILE="$data/gateway/signing-key.pem" \
  LUCID_SERVICE_ACCOUNTS="$data/gateway/service-accounts.json" \
  "$bin/lucid-gateway" > "$data/logs/gateway.log" 2>&1 &
pids+=($!)
wait_ready "$data/logs/gateway.log" lucid-gateway

field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
client_id=$(field "$data/gateway/dev-service-account.json" client_id)
client_secret=$(field "$data/gateway/dev-service-account.json" client_secret)
admin_token=$("$bin/lucidctl" token issue --key-file "$data/gateway/signing-key.pem" --sub dev-admin --role admin \
  --ttl 28800 | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
recipient=$(printf '%064x' 7 | "$bin/lucidctl" tron address --private-key-file - \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["base58"])')
gw="http://127.0.0.1:$gateway_port"

cat <<MSG

The Lucid payout stack is running (devnet blocks every ${block_ms} ms; logs in $data/logs/).

  lucid-gateway   $gw            (docs: $gw/docs, spec: $gw/openapi.yaml)
  metrics         http://127.0.0.1:$metrics_port/metrics   (loopback only)
  lucid-wallet    http://127.0.0.1:$wallet_port          (wallet plane: needs the gateway's signed assertion)
  tron-devnet     http://127.0.0.1:$devnet_port          (admin: http://127.0.0.1:$devnet_admin/admin/status)

Service account (dev):  client_id=$client_id
                        client_secret=$client_secret
Admin token (8 h):      $admin_token

1. Get a service token:
   TOKEN=\$(curl -s -u '$client_id:$client_secret' -d grant_type=client_credentials $gw/auth/token \\
     | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

2. Create a payout:
   curl -s -X POST $gw/api/v1/payouts -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
     -H "Idempotency-Key: \$(date +%s%N)" \\
     -d '{"recipient_address":"$recipient","amount_usdt":"12.5","reason":"dev payout"}'

3. Watch it confirm (use the id from step 2):
   curl -s $gw/api/v1/payouts/PAYOUT_ID -H "Authorization: Bearer \$TOKEN"
   curl -s $gw/api/v1/payouts/PAYOUT_ID/transaction -H "Authorization: Bearer \$TOKEN"

4. Read stats as the admin:
   curl -s $gw/api/v1/stats -H 'Authorization: Bearer $admin_token'

Ctrl-C stops all three.
MSG
wait -n "${pids[@]}" || true
echo "a process exited; see $data/logs/" >&2
