# Sourced by scripts/dev.sh, scripts/schemathesis.sh and bench/gateway.sh: starts tron-devnet,
# lucid-wallet and lucid-gateway with dev secrets under $data, waits for each, and stops them all.
#
#   data=DIR bin=DIR devnet_port=P devnet_admin=P wallet_port=P gateway_port=P metrics_port=P block_ms=N
#   source scripts/stack.sh; stack_start; ...; stack_stop
# Extra environment for the gateway and the wallet can be passed in GATEWAY_ENV / WALLET_ENV
# (space-separated NAME=VALUE words).

stack_pids=()

stack_secrets() {
  mkdir -p "$data/devnet" "$data/wallet" "$data/gateway" "$data/logs"
  chmod 700 "$data/gateway"
  if [[ ! -s "$data/gateway/assertion.key" ]]; then
    (umask 077; echo "dev-1:$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$data/gateway/assertion.key")
  fi
  [[ -s "$data/gateway/signing-key.pem" ]] || "$bin/lucidctl" token keygen --out "$data/gateway/signing-key.pem" >/dev/null
  if [[ ! -s "$data/gateway/dev-service-account.json" ]]; then
    (umask 077; "$bin/lucidctl" service-account add --role service --file "$data/gateway/service-accounts.json" \
      > "$data/gateway/dev-service-account.json")
  fi
}

# stack_wait LOG NAME: waits for the process's {"event":"ready"} line (up to 60 s).
stack_wait() {
  for _ in $(seq 600); do
    grep -q '"event":"ready"' "$1" 2>/dev/null && return 0
    for p in "${stack_pids[@]}"; do
      kill -0 "$p" 2>/dev/null || { echo "$2 exited; see $1" >&2; tail -20 "$1" >&2; return 1; }
    done
    sleep 0.1
  done
  echo "$2 did not become ready; see $1" >&2
  return 1
}

stack_start() {
  stack_secrets
  "$bin/tron-devnet" --port "$devnet_port" --admin-port "$devnet_admin" --block-ms "$block_ms" \
    --dev-accounts 1 --dev-key-dir "$data/devnet" > "$data/logs/devnet.log" 2>&1 &
  stack_pids+=($!)
  stack_wait "$data/logs/devnet.log" tron-devnet || return 1
  # The wallet reads its hot key from an encrypted keystore, as in production (dev: the devnet's
  # funded account, scrypt N=2^14 so a start stays fast; production files use the standard 2^18).
  [[ -s "$data/wallet/keystore-password" ]] ||
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$data/wallet/keystore-password")
  rm -f "$data/wallet/hot-keystore.json"
  "$bin/lucidctl" keystore import --keystore "$data/wallet/hot-keystore.json" \
    --password-file "$data/wallet/keystore-password" --private-key-file "$data/devnet/dev-account-0.key" \
    --scrypt-n 16384 > /dev/null || return 1

  # shellcheck disable=SC2086
  env LUCID_WALLET_PORT="$wallet_port" LUCID_WALLET_DB="$data/wallet/wallet.sqlite" \
    TRON_FULLNODE_URL="http://127.0.0.1:$devnet_port" WALLET_KEYSTORE_FILE="$data/wallet/hot-keystore.json" \
    WALLET_KEYSTORE_PASSWORD_FILE="$data/wallet/keystore-password" \
    LUCID_ASSERTION_KEY_FILE="$data/gateway/assertion.key" ${WALLET_ENV:-} \
    "$bin/lucid-wallet" > "$data/logs/wallet.log" 2>&1 &
  stack_pids+=($!)
  stack_wait "$data/logs/wallet.log" lucid-wallet || return 1

  # shellcheck disable=SC2086
  env LUCID_GATEWAY_PORT="$gateway_port" LUCID_GATEWAY_METRICS_PORT="$metrics_port" \
    LUCID_WALLET_URL="http://127.0.0.1:$wallet_port" LUCID_ASSERTION_KEY_FILE="$data/gateway/assertion.key" \
    LUCID_GATEWAY_SIGNING_KEY_FILE="$data/gateway/signing-key.pem" \
    LUCID_SERVICE_ACCOUNTS="$data/gateway/service-accounts.json" ${GATEWAY_ENV:-} \
    "$bin/lucid-gateway" > "$data/logs/gateway.log" 2>&1 &
  stack_pids+=($!)
  stack_wait "$data/logs/gateway.log" lucid-gateway || return 1
}

# stack_tor_start DIR PROXY_PORT [NAME ...]: starts a private Tor network in DIR
# (scripts/tornet.sh; its exit resolves $stack_tor_node and each NAME to 127.0.0.1, and nothing
# else), sources DIR/env, and points the stack at it: the onion's port 80 goes to the gateway's
# PROXY listener on PROXY_PORT, the admin onion's to its admin door (so the admin operations are
# 404 on the public onion), and the wallet reaches the devnet through the SocksPort by name.
# Words already in WALLET_ENV / GATEWAY_ENV are kept. The network's output goes to DIR.out.
stack_tor_node=tron-node.lucid.test
stack_tor_start() {
  local dir=$1 proxy=$2 names="$stack_tor_node=127.0.0.1"
  shift 2
  for n in "$@"; do names+=" $n=127.0.0.1"; done
  TORNET_NAMES="$names" TORNET_HS_TARGET_PORT=$proxy ./scripts/tornet.sh start "$dir" >"$dir.out" 2>&1 || return 1
  # shellcheck disable=SC1091
  source "$dir/env"
  WALLET_ENV="TRON_FULLNODE_URL=http://$stack_tor_node:$devnet_port TRON_SOCKS_PROXY=127.0.0.1:$TORNET_WALLET_SOCKS ${WALLET_ENV:-}"
  GATEWAY_ENV="LUCID_GATEWAY_PROXY_PORT=$proxy LUCID_GATEWAY_ADMIN_PROXY_PORT=$TORNET_ADMIN_TARGET_PORT ${GATEWAY_ENV:-}"
  GATEWAY_ENV+=" LUCID_ALLOWED_HOSTS=localhost,127.0.0.1,$TORNET_ONION,$TORNET_ADMIN_ONION"
}

stack_stop() {
  for p in "${stack_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${stack_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  stack_pids=()
}

# stack_field FILE KEY: one string field of a JSON file (the dev service account's, say).
stack_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# stack_token ROLE SUB: an access token signed with the gateway's key.
stack_token() {
  "$bin/lucidctl" token issue --key-file "$data/gateway/signing-key.pem" --sub "$2" --role "$1" --ttl 28800 \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
