"""Schemathesis hooks for the payment API (loaded through SCHEMATHESIS_HOOKS by scripts/schemathesis.sh).

They supply what generation cannot invent, and leave malformed values alone (those are what the
negative cases test):
- `tron-address`: the spec's pattern cannot carry the base58check checksum, so valid addresses are
  made here, by tronpy (already in .venv for the compatibility check), from 20 random bytes.
- `Idempotency-Key`: a well-formed key is made unique, so that a generated body reaches payout
  creation instead of replaying (or conflicting with) an earlier request that drew the same key.
- `POST /auth/token`: well-formed form credentials are replaced by a real service account's (read
  from the file named by LUCID_ST_SERVICE_ACCOUNT), so that the token answer is checked too.
- `/admin/login`: a well-formed pasted token is replaced by the run's admin token, so that the
  sign-in answer (a redirect setting the session cookie) is checked too.
- staking: a well-formed witness address becomes the devnet's witness (LUCID_ST_WITNESS) and a
  well-formed receiver the account activated for the run (LUCID_ST_RECEIVER), so that votes and
  delegations can pass the chain's checks and their answers are checked too.
"""

import json
import os
import re
import uuid

import schemathesis
import yaml
from hypothesis import strategies as st
from tronpy.keys import to_base58check_address

schemathesis.openapi.format(
    "tron-address", st.binary(min_size=20, max_size=20).map(lambda b: to_base58check_address(b"\x41" + b))
)

# What counts as well-formed is read from the spec itself, so the hooks cannot drift from it.
with open(os.path.join(os.path.dirname(__file__), "../../openapi/payment-api.yaml")) as f:
    SPEC = yaml.safe_load(f)
IDEMPOTENCY_KEY = SPEC["components"]["parameters"]["IdempotencyKey"]["schema"]
PASTED_TOKEN = SPEC["components"]["schemas"]["PastedToken"]
TRON_ADDRESS = SPEC["components"]["schemas"]["TronAddress"]
TOKEN_FORM = SPEC["paths"]["/auth/token"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
CREDENTIALS = TOKEN_FORM["schema"]["properties"]
with open(os.environ["LUCID_ST_SERVICE_ACCOUNT"]) as f:
    ACCOUNT = json.load(f)


def conforms(schema, value):
    """Whether `value` is a string the spec's string `schema` allows (length and pattern)."""
    return (
        isinstance(value, str)
        and schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value))
        and re.search(schema.get("pattern", ""), value) is not None
    )


@schemathesis.hook
def before_call(context, case, kwargs):
    for name in list(case.headers or {}):
        if name.lower() == "idempotency-key" and conforms(IDEMPOTENCY_KEY, case.headers[name]):
            case.headers[name] = f"st-{uuid.uuid4().hex}"
    if case.operation.path == "/auth/token" and isinstance(case.body, dict):
        for field in ("client_id", "client_secret"):
            if conforms(CREDENTIALS[field], case.body.get(field)) and case.body[field]:
                case.body[field] = ACCOUNT[field]
    if case.operation.path == "/admin/login":
        for part in (case.query, case.body):
            if isinstance(part, dict) and conforms(PASTED_TOKEN, part.get("token")):
                part["token"] = os.environ["LUCID_ST_ADMIN_TOKEN"]
    if case.operation.path == "/api/v1/staking/vote" and isinstance(case.body, dict):
        for vote in case.body.get("votes") or []:
            if isinstance(vote, dict) and conforms(TRON_ADDRESS, vote.get("witness_address")):
                vote["witness_address"] = os.environ["LUCID_ST_WITNESS"]
    if case.operation.path in ("/api/v1/staking/delegate", "/api/v1/staking/undelegate") and isinstance(case.body, dict):
        if conforms(TRON_ADDRESS, case.body.get("receiver_address")):
            case.body["receiver_address"] = os.environ["LUCID_ST_RECEIVER"]
