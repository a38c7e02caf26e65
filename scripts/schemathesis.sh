#!/usr/bin/env bash
# Runs schemathesis (from PyPI, in .venv) against a running lucid-gateway and its own spec:
# generated requests for every operation (an admin token on those that declare the bearer scheme,
# none on the public ones), and fails on any 5xx, undocumented status, wrong content type, response
# that violates the schema, or schema-valid data that the API mostly refuses (the spec would then
# say less than the API checks). Hooks in scripts/schemathesis/hooks.py supply checksummed TRON
# addresses, unique idempotency keys and real credentials. Used by `make test`. One worker:
# hypothesis describes strategies with ast.parse, which is not thread-safe on CPython 3.11
# ("AST constructor recursion depth mismatch" with several workers).
set -euo pipefail
cd "$(dirname "$0")/.."

data=$(mktemp -d)
bin=${BIN_DIR:-.build/debug}
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
devnet_port=$(port); devnet_admin=$(port); wallet_port=$(port); gateway_port=$(port); metrics_port=$(port)
block_ms=100
# Quotas scaled up and the per-payout bounds and staking limits opened to every amount the spec
# allows: this run checks the schema, not the limiter or the bounds (each has its own tests).
GATEWAY_ENV="LUCID_RATE_LIMIT_SCALE=100000 LUCID_ACCESS_LOG=off"
WALLET_ENV="ENGINE_TICK_MS=100 V0_MIN_USDT=0.000001 V0_MAX_USDT=999999999999.999999 KYC_MIN_USDT=0.000001 KYC_MAX_USDT=999999999999.999999 STAKING_MAX_TRX_PER_OPERATION=999999999999.999999 STAKING_MAX_TRX_PER_DAY=9000000000000"

source scripts/stack.sh
cleanup() { stack_stop; rm -rf "$data"; }
trap cleanup EXIT
stack_start

LUCID_ST_ADMIN_TOKEN=$(stack_token admin schemathesis-admin)
export LUCID_ST_ADMIN_TOKEN LUCID_ST_SERVICE_ACCOUNT="$data/gateway/dev-service-account.json"
# Staking with a chance to succeed: the hot wallet stakes (TRON Power to vote with, stake to lend),
# an activated account receives delegations, and the hooks name the devnet's witness and that
# account where a request names a well-formed address (random ones only draw the chain's refusal).
LUCID_ST_RECEIVER=$(.venv/bin/python -c 'import os; from tronpy.keys import to_base58check_address; print(to_base58check_address(b"\x41" + os.urandom(20)))')
curl -sf -X POST "http://127.0.0.1:$devnet_admin/admin/fund" -d "{\"address\":\"$LUCID_ST_RECEIVER\",\"trx\":\"1\"}" >/dev/null
LUCID_ST_WITNESS=$(curl -sf -X POST "http://127.0.0.1:$devnet_port/wallet/listwitnesses" -d '{"visible":true}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["witnesses"][0]["address"])')
export LUCID_ST_RECEIVER LUCID_ST_WITNESS
stake=$(curl -sf -X POST "http://127.0.0.1:$gateway_port/api/v1/staking/stake" -H "Authorization: Bearer $LUCID_ST_ADMIN_TOKEN" \
  -H 'Content-Type: application/json' -H 'Idempotency-Key: st-stake' -d '{"amount_trx":"900000"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for _ in $(seq 1 300); do  # until the stake is confirmed (deadline: 30 s)
  curl -sf "http://127.0.0.1:$gateway_port/api/v1/staking/operations/$stake" -H "Authorization: Bearer $LUCID_ST_ADMIN_TOKEN" \
    | grep -q '"status":"confirmed"' && break
  sleep 0.1
done
SCHEMATHESIS_HOOKS=scripts/schemathesis/hooks.py .venv/bin/st --config-file scripts/schemathesis/schemathesis.toml \
  run openapi/payment-api.yaml \
  --url "http://127.0.0.1:$gateway_port" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-40}" \
  --workers 1 \
  --seed 20261121 \
  --no-color ${ST_EXTRA:-}
