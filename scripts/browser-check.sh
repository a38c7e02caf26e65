#!/usr/bin/env bash
# Renders /docs and /admin in Debian's headless Chromium with JavaScript disabled, as Tor Browser
# "Safest" would, and checks what a person sees: the DOM after rendering carries the figures and the
# SVG charts, and the screenshots are not blank. The admin signs in by typing a token minted by
# `lucidctl token issue` into the sign-in form, signs out, and signs in again with the short-lived
# link (GET /admin/login?token=…).
# The browser is driven over the DevTools protocol (scripts/browser_cdp.py) with script execution
# disabled. Screenshots and DOMs are kept in ${SCREENSHOT_DIR:-data/screenshots}.
set -euo pipefail
cd "$(dirname "$0")/.."

data=$(mktemp -d)
bin=${BIN_DIR:-.build/debug}
shots=${SCREENSHOT_DIR:-data/screenshots}
mkdir -p "$shots"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
devnet_port=$(port); devnet_admin=$(port); wallet_port=$(port); gateway_port=$(port); metrics_port=$(port)
block_ms=100
WALLET_ENV="ENGINE_TICK_MS=100 CONFIRMATION_POLL_MS=100 CHAIN_REFRESH_MS=100 RECONCILE_INTERVAL_MS=300"
source scripts/stack.sh
cleanup() { stack_stop; rm -rf "$data"; }
trap cleanup EXIT
stack_start

gw="http://localhost:$gateway_port"
service=$(curl -sf -u "$(stack_field "$data/gateway/dev-service-account.json" client_id):$(stack_field "$data/gateway/dev-service-account.json" client_secret)" \
  -d grant_type=client_credentials "$gw/auth/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

# Three payouts, so the figures and charts have something to show.
ids=()
for amount in 12.5 7.25 3; do
  to=$(printf '%064x' "$RANDOM$RANDOM" | "$bin/lucidctl" tron address --private-key-file - | python3 -c 'import json,sys; print(json.load(sys.stdin)["base58"])')
  id=$(curl -sf "$gw/api/v1/payouts" -H "Authorization: Bearer $service" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: browser-$amount" -d "{\"recipient_address\":\"$to\",\"amount_usdt\":\"$amount\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  ids+=("$id")
done
for id in "${ids[@]}"; do
  for _ in $(seq 300); do
    status=$(curl -sf "$gw/api/v1/payouts/$id" -H "Authorization: Bearer $service" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    [[ $status == confirmed ]] && break
    sleep 0.1
  done
  [[ $status == confirmed ]] || { echo "payout $id not confirmed ($status)" >&2; exit 1; }
done

admin=$(stack_token admin browser-admin)
# Anonymous first (no cookie yet: /admin must land on the sign-in form), then the docs, then the
# admin pastes the token into the sign-in form and presses "Sign in" (the browser posts the form
# with the page's own origin), sees the figures, presses "Sign out", and /admin asks again.
FORM_TOKEN=$admin .venv/bin/python scripts/browser_cdp.py "$shots" signin="$gw/admin" docs="$gw/docs" \
  admin="form:$gw/admin/login" signedout='click:form[action="/admin/logout"] button' after="$gw/admin" \
  link="$gw/admin/login?token=$admin"
python3 scripts/browser_check.py "$shots/docs.html" "$shots/admin.html" "$shots/signin.html" \
  "$shots/docs.png" "$shots/admin.png" "$shots/signedout.html" "$shots/after.html" "$shots/link.html"
