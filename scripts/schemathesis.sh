#!/usr/bin/env bash
# Runs schemathesis (from PyPI, in .venv) against a running lucid-gateway and its own spec:
# generated requests for every operation, as an admin, and fails on any 5xx, undocumented status,
# wrong content type, or response that violates the schema. Used by `make test`. One worker:
# hypothesis describes strategies with ast.parse, which is not thread-safe on CPython 3.11
# ("AST constructor recursion depth mismatch" with several workers).
set -euo pipefail
cd "$(dirname "$0")/.."

data=$(mktemp -d)
bin=${BIN_DIR:-.build/debug}
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
devnet_port=$(port); devnet_admin=$(port); wallet_port=$(port); gateway_port=$(port); metrics_port=$(port)
block_ms=100
# Quotas scaled up: this run checks the schema, not the limiter (which has its own tests).
GATEWAY_ENV="LUCID_RATE_LIMIT_SCALE=100000 LUCID_ACCESS_LOG=off"
WALLET_ENV="ENGINE_TICK_MS=100"

source scripts/stack.sh
cleanup() { stack_stop; rm -rf "$data"; }
trap cleanup EXIT
stack_start

admin=$(stack_token admin schemathesis-admin)
.venv/bin/st run openapi/payment-api.yaml \
  --url "http://127.0.0.1:$gateway_port" \
  --header "Authorization: Bearer $admin" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-40}" \
  --workers 1 \
  --seed 20261121 \
  --no-color
