#!/usr/bin/env bash
# `make dev`: the embedded default — tron-devnet, lucid-wallet (SQLite under $DATA_DIR, a funded dev
# key) and lucid-gateway — started, waited for, and explained. Ctrl-C stops all three.
# `make dev-tor` (DEV_TOR=1): the same behind a private Tor network on loopback (scripts/tornet.sh):
# the gateway is reached through its .onion, the wallet reaches the devnet through Tor by a name
# only the network's exit resolves, and the admin operations live behind a second onion with
# client authorization (the admin client of the network holds its key); Ctrl-C stops the network too.
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

source scripts/stack.sh
tornet="$data/tornet"
stop() {
  trap - INT TERM EXIT
  echo
  echo "stopping lucid-gateway, lucid-wallet and tron-devnet..."
  stack_stop
  [[ ${DEV_TOR:-0} == 1 ]] && ./scripts/tornet.sh stop "$tornet"
  echo "stopped."
  exit 0
}
trap stop INT TERM EXIT
gw="http://127.0.0.1:$gateway_port"
curl_cmd="curl -s"
admin_gw=$gw
admin_curl=$curl_cmd
admin_page="http://localhost:$gateway_port/admin/login"
if [[ ${DEV_TOR:-0} == 1 ]]; then
  proxy_port=${GATEWAY_PROXY_PORT:-8443}
  echo "starting a private Tor network on loopback (about 15-30 s)..."
  mkdir -p "$data"
  stack_tor_start "$tornet" "$proxy_port" || { cat "$tornet.out" >&2; exit 1; }
  gw="http://$TORNET_ONION"
  curl_cmd="curl -s --socks5-hostname 127.0.0.1:$TORNET_USER_SOCKS"
  # Admin operations only through the admin onion, whose client key only the admin's client holds.
  admin_gw="http://$TORNET_ADMIN_ONION"
  admin_curl="curl -s --socks5-hostname 127.0.0.1:$TORNET_ADMIN_SOCKS"
  admin_page="$admin_gw/admin/login (through the admin's SOCKS client 127.0.0.1:$TORNET_ADMIN_SOCKS)"
fi
stack_start || exit 1

client_id=$(stack_field "$data/gateway/dev-service-account.json" client_id)
client_secret=$(stack_field "$data/gateway/dev-service-account.json" client_secret)
admin_token=$(stack_token admin dev-admin)
recipient=$(printf '%064x' 7 | "$bin/lucidctl" tron address --private-key-file - \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["base58"])')
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
   TOKEN=\$($curl_cmd -u '$client_id:$client_secret' -d grant_type=client_credentials $gw/auth/token \\
     | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

2. Create a payout:
   $curl_cmd -X POST $gw/api/v1/payouts -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
     -H "Idempotency-Key: \$(date +%s%N)" \\
     -d '{"recipient_address":"$recipient","amount_usdt":"12.5","reason":"dev payout"}'

3. Watch it confirm (use the id from step 2):
   $curl_cmd $gw/api/v1/payouts/PAYOUT_ID -H "Authorization: Bearer \$TOKEN"
   $curl_cmd $gw/api/v1/payouts/PAYOUT_ID/transaction -H "Authorization: Bearer \$TOKEN"

4. Read stats as the admin:
   $admin_curl $admin_gw/api/v1/stats -H 'Authorization: Bearer $admin_token'

5. The admin page (works with JavaScript off): open $admin_page
   and paste the admin token above.

Ctrl-C stops all three$([[ ${DEV_TOR:-0} == 1 ]] && echo " and the Tor network (onion: $TORNET_ONION; Tor Browser or any
SOCKS client on 127.0.0.1:$TORNET_USER_SOCKS reaches it; the admin onion $TORNET_ADMIN_ONION only
through 127.0.0.1:$TORNET_ADMIN_SOCKS, which holds its client key)").
MSG
wait -n "${stack_pids[@]}" || true
echo "a process exited; see $data/logs/" >&2
