"""TRX spent per payouts with and without staked energy, in one run: two lucid-wallets on one
tron-devnet pay the same kind of payouts (each recipient paid twice: a first-time holder, then a
holder). The staked wallet first stakes enough for the run's energy were every payout to a new
holder (the chain's figures from the wallet's own resource planner), through the staking API.

Usage: staking_cost.py PLAIN_WALLET STAKED_WALLET DEVNET_API DEVNET_ADMIN KID:HEXSECRET [--payouts N] [--out F]
"""
import argparse
import json
import time
import urllib.request
import uuid

from payout_load import Client, assertion, recipient

PERMS = ["payment:create", "payment:list", "payment:read", "payment:admin", "payment:stats", "staking:manage",
         "staking:read"]


def signed_assertion(kid: str, secret: bytes, method: str, path: str, body: bytes) -> str:
    return assertion(kid, secret, method, path, body, perms=PERMS, role="admin")


def call(base: str, kid: str, secret: bytes, method: str, path: str, payload=None, key=None):
    body = json.dumps(payload).encode() if payload is not None else b""
    req = urllib.request.Request(base + path, data=body if payload is not None else None, method=method)
    req.add_header("Lucid-Assertion", signed_assertion(kid, secret, method, path, body))
    if payload is not None:
        req.add_header("Content-Type", "application/json")
    if key:
        req.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def node(api: str, path: str, payload: dict) -> dict:
    req = urllib.request.Request(api + path, data=json.dumps(payload).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def trx_balance(api: str, address: str) -> int:
    return node(api, "/wallet/getaccount", {"address": address, "visible": True}).get("balance", 0)


def wait(what: str, check, timeout: float = 600.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value is not None:
            return value
        time.sleep(0.2)  # polling interval, bounded by the deadline
    raise SystemExit(f"timed out waiting for {what}")


def pay(base: str, kid: str, secret: bytes, recipients: list[str]) -> None:
    items = [{"recipient_address": r, "amount_usdt": "1"} for r in recipients]
    for i in range(0, len(items), 100):
        status, body = call(base, kid, secret, "POST", "/api/v1/payouts/batch", {"items": items[i:i + 100]},
                            key=str(uuid.uuid4()))
        assert status == 201, (status, body)


def confirmed(base: str, kid: str, secret: bytes) -> int:
    status, stats = call(base, kid, secret, "GET", "/api/v1/stats")
    return stats["by_status"].get("confirmed", {}).get("count", 0) if status == 200 else -1


def main() -> None:
    ap = argparse.ArgumentParser()
    for a in ["plain", "staked", "api", "admin", "key"]:
        ap.add_argument(a)
    ap.add_argument("--payouts", type=int, default=1000)
    ap.add_argument("--out", default="bench/results/staking.json")
    args = ap.parse_args()
    kid, hexsecret = args.key.split(":", 1)
    secret = bytes.fromhex(hexsecret)
    n = args.payouts - args.payouts % 2
    wallets = {}
    for name, base in [("plain", args.plain), ("staked", args.staked)]:
        status, w = call(base, kid, secret, "GET", "/api/v1/wallet")
        assert status == 200, w
        wallets[name] = {"base": base, "address": w["address"]}
    # The staked wallet gets the TRX its stake needs on top of the dev account's.
    staked = wallets["staked"]
    _, plan = call(staked["base"], kid, secret, "GET", "/api/v1/staking/plan")
    chain = plan["chain"]
    energy = n * chain["new_holder_energy"]  # an upper bound: as if every payout went to a new holder
    limit, weight = chain["total_energy_limit"], chain["total_energy_weight"]
    stake_trx = -(-energy * weight // (limit - energy))
    urllib.request.urlopen(urllib.request.Request(
        args.admin + "/admin/fund", data=json.dumps({"address": staked["address"], "trx": str(stake_trx)}).encode(),
        method="POST"), timeout=60).read()
    status, op = call(staked["base"], kid, secret, "POST", "/api/v1/staking/stake",
                      {"amount_trx": str(stake_trx), "resource": "ENERGY"}, key="bench-stake")
    assert status in (200, 201), op
    wait("the stake confirmed", lambda: True if call(staked["base"], kid, secret, "GET",
         f"/api/v1/staking/operations/{op['id']}")[1]["status"] == "confirmed" else None)

    for w in wallets.values():
        w["trx_before"] = trx_balance(args.api, w["address"])
    recipients = [recipient() for _ in range(n // 2)]
    started = time.monotonic()
    for w in wallets.values():  # first-time holders, then the same holders again
        pay(w["base"], kid, secret, recipients)
    for w in wallets.values():
        wait("first half confirmed", lambda w=w: True if confirmed(w["base"], kid, secret) >= n // 2 else None)
    for w in wallets.values():
        pay(w["base"], kid, secret, recipients)
    for w in wallets.values():
        wait("all confirmed", lambda w=w: True if confirmed(w["base"], kid, secret) >= n else None)
    elapsed = time.monotonic() - started
    for w in wallets.values():
        w["trx_spent_sun"] = w["trx_before"] - trx_balance(args.api, w["address"])
    _, after = call(staked["base"], kid, secret, "GET", "/api/v1/staking/plan")

    plain_trx = wallets["plain"]["trx_spent_sun"] / 1e6
    staked_trx = wallets["staked"]["trx_spent_sun"] / 1e6
    per1000 = lambda sun: sun / 1e6 * 1000 / n
    print(f"payouts per wallet: {n} (half to first-time holders), {elapsed:.1f} s")
    print(f"without stake: {plain_trx:,.3f} TRX spent ({per1000(wallets['plain']['trx_spent_sun']):,.3f} per 1,000)")
    print(f"with {stake_trx:,} TRX staked for energy: {staked_trx:,.3f} TRX spent "
          f"({per1000(wallets['staked']['trx_spent_sun']):,.3f} per 1,000; the stake itself stays the wallet's)")
    ratio = staked_trx / plain_trx if plain_trx else float("nan")
    print(f"ratio staked/plain: {ratio:.4f}  (TRX burned for energy by the staked wallet: "
          f"{after['history']['trx_burned_for_energy']})")
    result = {
        "payouts": n, "seconds": round(elapsed, 2), "stake_trx": stake_trx, "energy_needed": energy,
        "plain_trx_spent": plain_trx, "staked_trx_spent": staked_trx,
        "plain_trx_per_1000": per1000(wallets["plain"]["trx_spent_sun"]),
        "staked_trx_per_1000": per1000(wallets["staked"]["trx_spent_sun"]),
        "ratio_staked_to_plain": ratio, "staked_trx_burned_for_energy": after["history"]["trx_burned_for_energy"],
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
