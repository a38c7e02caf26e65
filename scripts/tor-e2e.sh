#!/usr/bin/env bash
# End to end through a private Tor network (scripts/tornet.sh): a client reaches the gateway only
# through its .onion (the service tor made from the shipped torrc, onto the gateway's PROXY-protocol
# listener), reads /docs, gets a service token, creates a payout and watches it confirm; the wallet
# reaches tron-devnet only through the service tor's SocksPort, by a name that only the exit's DNS
# stub knows, and so do its webhooks and the gateway's JWKS fetches; two clients on separate
# circuits (different SOCKS user names) get separate anonymous limits and distinct circuit ids; the
# admin operations exist only behind the admin onion, which only a client with its key reaches.
# Used by `make test`; about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."

data=$(mktemp -d)
bin=${BIN_DIR:-.build/debug}
tornet="$data/tornet"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
devnet_port=$(port); devnet_admin=$(port); wallet_port=$(port); gateway_port=$(port); metrics_port=$(port)
proxy_port=$(port); jwks_port=$(port); hooks_port=$(port)
block_ms=200
jwks_name=idp.lucid.test
hooks_name=hooks.lucid.test
fail() { echo "tor e2e: $*" >&2; exit 1; }

source scripts/stack.sh
node_name=$stack_tor_node
cleanup() { stack_stop; ./scripts/tornet.sh stop "$tornet"; rm -rf "$data"; }
trap cleanup EXIT

# Settings of this run; stack_tor_start adds the Tor wiring (the onion onto the PROXY listener,
# the wallet's node by name through the SocksPort). One more try if the network does not come up
# (its timing varies with the host's load).
WALLET_ENV="ENGINE_TICK_MS=200 CONFIRMATION_POLL_MS=300 CHAIN_REFRESH_MS=300 TRON_CALL_TIMEOUT_MS=20000 WEBHOOK_POLL_MS=200"
GATEWAY_ENV="LUCID_TRUSTED_ISSUERS_FILE=$data/idp/issuers.json"
if ! stack_tor_start "$tornet" "$proxy_port" "$jwks_name" "$hooks_name"; then
  cat "$tornet.out" >&2
  ./scripts/tornet.sh stop "$tornet"
  rm -rf "$tornet"
  echo "tor e2e: the private Tor network did not come up; trying once more" >&2
  stack_tor_start "$tornet" "$proxy_port" "$jwks_name" "$hooks_name" ||
    { cat "$tornet.out" >&2; fail "the private Tor network did not come up"; }
fi
# The gateway fetches the outside issuer's JWKS through the same SocksPort.
GATEWAY_ENV+=" LUCID_GATEWAY_SOCKS_PROXY=127.0.0.1:$TORNET_WALLET_SOCKS"
echo "tor e2e: private Tor network ready in ${TORNET_READY_SECONDS}s; onion $TORNET_ONION"

# The service tor runs the shipped torrc: with paths and ports normalised, every line before the
# private-network section is the shipped one, so production and test cannot drift apart.
# (The admin onion, shipped commented out, is on in the test.)
normalise() { sed -E -e "s|$tornet/service|DATA|g; s|/var/lib/tor|DATA|g; s|127\.0\.0\.1:[0-9]+|127.0.0.1:PORT|g" "$@"; }
diff <(sed 's/^#HiddenService/HiddenService/' torrc | normalise) \
  <(sed '/^## --- Private test network/,$d' "$tornet/service.torrc" | normalise) ||
  fail "the test's service torrc differs from the shipped torrc beyond paths and ports"

# A local lookup of the node's name cannot succeed: only the exit's resolver knows it.
if getent hosts "$node_name" >/dev/null; then fail "$node_name resolves locally"; fi

# An outside identity provider, whose JWKS the gateway fetches through Tor, and a webhook receiver
# the wallet delivers to through Tor: both named by names only the exit resolves.
mkdir -p "$data/idp" "$data/hooks"
idp_secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
python3 - "$idp_secret" >"$data/idp/jwks.json" <<'PY'
import base64, json, sys
k = base64.urlsafe_b64encode(bytes.fromhex(sys.argv[1])).rstrip(b"=").decode()
print(json.dumps({"keys": [{"kty": "oct", "kid": "e2e-idp", "alg": "HS256", "k": k}]}))
PY
python3 -m http.server --bind 127.0.0.1 --directory "$data/idp" "$jwks_port" >"$data/idp/access.log" 2>&1 &
stack_pids+=($!)
python3 - "$hooks_port" "$data/hooks/received" >"$data/hooks/out.log" 2>&1 <<'PY' &
import http.server, sys
port, out = int(sys.argv[1]), sys.argv[2]
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(out, "ab") as f: f.write(body + b"\n")
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
http.server.HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
PY
stack_pids+=($!)
cat >"$data/idp/issuers.json" <<JSON
[{"issuer": "https://idp.lucid.test", "audiences": ["lucid-api"], "roles": ["service"],
  "jwks_urls": ["http://$jwks_name:$jwks_port/jwks.json"]}]
JSON

stack_start || fail "the stack did not start (logs: $data/logs)"

onion="http://$TORNET_ONION"
admin_onion="http://$TORNET_ADMIN_ONION"
# curl through the user client; USER names the circuit (IsolateSOCKSAuth).
tcurl() { local user=$1; shift; curl -s --max-time 60 --socks5-hostname "127.0.0.1:$TORNET_USER_SOCKS" --proxy-user "$user:x" "$@"; }
# curl through the admin's client, which holds the admin onion's client key.
acurl() { curl -s --max-time 60 --socks5-hostname "127.0.0.1:$TORNET_ADMIN_SOCKS" "$@"; }

docs=$(tcurl alice "$onion/docs" || true)
grep -q "Lucid payout API" <<<"$docs" || fail "/docs through the onion: $docs"

client_id=$(stack_field "$data/gateway/dev-service-account.json" client_id)
secret=$(stack_field "$data/gateway/dev-service-account.json" client_secret)
token=$(tcurl alice -u "$client_id:$secret" -d grant_type=client_credentials "$onion/auth/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') || fail "no token through the onion"

# A token of the outside issuer verifies with the keys the gateway fetched through Tor.
idp_token=$(python3 - "$idp_secret" <<'PY'
import base64, hashlib, hmac, json, sys, time
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
now = int(time.time())
head = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "e2e-idp"}).encode())
body = b64(json.dumps({"iss": "https://idp.lucid.test", "aud": "lucid-api", "sub": "idp-svc", "role": "service",
                       "iat": now, "exp": now + 600}).encode())
mac = hmac.new(bytes.fromhex(sys.argv[1]), f"{head}.{body}".encode(), hashlib.sha256).digest()
print(f"{head}.{body}.{b64(mac)}")
PY
)
# (Polled, slower than the failed-authentication budget: should the fetch at start-up have failed,
# the gateway fetches again with backoff, and a refused token is remembered for a minute.)
idp_list=""
deadline=$(( $(date +%s) + 150 ))
until [[ $idp_list == 200 ]]; do
  [[ $(date +%s) -lt $deadline ]] || fail "the outside issuer's token got $idp_list"
  idp_list=$(tcurl alice -o /dev/null -w '%{http_code}' "$onion/api/v1/payouts" -H "Authorization: Bearer $idp_token" || true)
  [[ $idp_list == 200 ]] || sleep 3  # poll interval, bounded by the deadline
done
grep -q "GET /jwks.json" "$data/idp/access.log" || fail "the JWKS was never fetched"
grep -q "^$jwks_name 1 127.0.0.1" "$tornet/dns.log" || fail "the JWKS host was not resolved by the exit"

# The admin onion: the admin's client (with the key) signs in to the admin page and sees the
# figures; the same admin token on the public onion finds no admin operation at all (404); a client
# without the key cannot reach the admin onion (tor: 0xF4, client authorization missing).
admin_token=$(stack_token admin tor-e2e-admin)
jar="$data/admin-signin.headers"
signin=""
deadline=$(( $(date +%s) + 60 ))
until [[ $signin == 303 ]]; do
  [[ $(date +%s) -lt $deadline ]] || fail "signing in through the admin onion: $signin"
  signin=$(acurl -o /dev/null -D "$jar" -w '%{http_code}' --data-urlencode "token=$admin_token" "$admin_onion/admin/login" || true)
  [[ $signin == 303 ]] || sleep 0.5  # poll interval (the admin descriptor may still be on its way), bounded by the deadline
done
# The session cookie is Secure (Tor Browser treats .onion as a secure context; curl does not), so
# it is sent back by hand.
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\);.*/\1/p' "$jar")
[[ $cookie == __Host-lucid_admin=* ]] || fail "no admin session cookie: $(cat "$jar")"
page=$(acurl -H "Cookie: $cookie" "$admin_onion/admin" || true)
grep -q "Lucid payouts — admin" <<<"$page" && grep -q "Payouts" <<<"$page" || fail "the admin page through the admin onion: $page"
for path in /admin /admin/login /api/v1/stats /api/v1/wallet /api/v1/audit /api/v1/reconciliation; do
  code=$(tcurl alice -o /dev/null -w '%{http_code}' "$onion$path" -H "Authorization: Bearer $admin_token" || true)
  [[ $code == 404 ]] || fail "GET $path with the admin token on the public onion answered $code, not 404"
done
code=$(tcurl alice -o /dev/null -w '%{http_code}' "$onion/api/v1/admin/pause" -H "Authorization: Bearer $admin_token" \
  -H 'Content-Type: application/json' -d '{}' || true)
[[ $code == 404 ]] || fail "POST /api/v1/admin/pause on the public onion answered $code, not 404"
if nokey=$(tcurl alice -sS -o /dev/null "$admin_onion/health" 2>&1); then fail "the admin onion answered a client without its key"; fi
grep -q "(244)" <<<"$nokey" || fail "without the key, expected tor's 'client authorization missing' (244): $nokey"

# A webhook for confirmations (an admin operation: through the admin onion), delivered through Tor.
hook=$(acurl "$admin_onion/api/v1/webhooks" -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://$hooks_name:$hooks_port/hook\",\"events\":[\"payout.confirmed\"]}" || true)
grep -q '"secret"' <<<"$hook" || fail "webhook registration: $hook"

to=$(printf '%064x' "$RANDOM$RANDOM" | "$bin/lucidctl" tron address --private-key-file - |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["base58"])')
payout=$(tcurl alice "$onion/api/v1/payouts" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -H 'Idempotency-Key: tor-e2e-1' -d "{\"recipient_address\":\"$to\",\"amount_usdt\":\"2.5\"}" || true)
id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$payout") || fail "create: $payout"

status=""
deadline=$(( $(date +%s) + 120 ))
while [[ $status != confirmed ]]; do
  [[ $(date +%s) -lt $deadline ]] || fail "payout $id not confirmed through Tor (status $status)"
  status=$(tcurl alice "$onion/api/v1/payouts/$id" -H "Authorization: Bearer $token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin).get("status",""))' || true)
  [[ $status == failed ]] && fail "payout $id failed"
  sleep 0.5  # poll interval, bounded by the deadline
done

# On the devnet ledger, once, by its memo; and the node's name was resolved by the exit only.
paid=$(curl -s "http://127.0.0.1:$devnet_admin/admin/ledger" |
  python3 -c 'import json,sys; print(sum(1 for t in json.load(sys.stdin)["transfers"] if t.get("memo")==sys.argv[1]))' "$id")
[[ $paid == 1 ]] || fail "payout $id is on the ledger $paid times"
grep -q "^$node_name 1 127.0.0.1" "$tornet/dns.log" || fail "the exit never resolved $node_name"


deadline=$(( $(date +%s) + 60 ))
until grep -q "$id" "$data/hooks/received" 2>/dev/null; do
  [[ $(date +%s) -lt $deadline ]] || fail "the payout.confirmed webhook for $id never arrived"
  sleep 0.3  # poll interval, bounded by the deadline
done
grep -q "^$hooks_name 1 127.0.0.1" "$tornet/dns.log" || fail "the webhook host was not resolved by the exit"

# Anonymous limits per circuit: /auth/token allows 10 a minute per client; alice's circuit runs
# out, bob's (another SOCKS user name, so another circuit) does not.
codes=""
for _ in $(seq 11); do
  codes+=" $(tcurl carol -o /dev/null -w '%{http_code}' -d grant_type=client_credentials "$onion/auth/token")"
done
[[ $codes == *" 429"* ]] || fail "carol's circuit was never limited: $codes"
bob=$(tcurl bob -o /dev/null -w '%{http_code}' -d grant_type=client_credentials "$onion/auth/token")
[[ $bob != 429 ]] || fail "bob's circuit shares carol's limit"
circuits=$(grep -o '"client":"circuit:[0-9]*"' "$data/logs/gateway.log" | sort -u | wc -l)
[[ $circuits -ge 3 ]] || fail "the access log shows $circuits circuit ids, expected one per client"

# Latency through the onion, for docs/performance figures: a request on a new circuit, then the
# median of five on that circuit (each a new stream).
first=$(tcurl dave -o /dev/null -w '%{time_total}' "$onion/health")
again=$(for _ in 1 2 3 4 5; do tcurl dave -o /dev/null -w '%{time_total}\n' "$onion/health"; done | sort -n | sed -n 3p)
echo "tor e2e: GET /health through the onion: ${first}s on a new circuit, ${again}s (median of 5) on it afterwards"

echo "tor e2e passed: /docs, a token and payout $id confirmed through $TORNET_ONION; the wallet reached" \
  "$node_name only through Tor; JWKS and webhooks through Tor; per-circuit limits ($circuits circuits);" \
  "admin operations only through the admin onion, which needs the client key"
