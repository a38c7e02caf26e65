"""Load generator for lucid-wallet: accept latency (sequential single creates) and throughput from
acceptance to broadcast (batches, concurrent clients), measured against a running tron-devnet.

Signs each request's Lucid-Assertion itself (HS256, stdlib only), exactly as the gateway will.
Usage: payout_load.py WALLET_URL DEVNET_ADMIN_URL KID:HEXSECRET [--singles N] [--payouts N] [--clients K]
"""
import argparse
import base64
import hashlib
import hmac
import http.client
import json
import statistics
import threading
import time
import urllib.parse
import uuid

GOAL = 2000.0  # payouts/s, the TRON network's own ceiling (issue 3)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def assertion(kid: str, secret: bytes, method: str, path: str, body: bytes,
              perms=("payment:create", "payment:list", "payment:read"), role: str = "service") -> str:
    header = {"alg": "HS256", "kid": kid, "typ": "JWT"}
    now = int(time.time())
    claims = {
        "iss": "lucid-gateway", "aud": ["lucid-wallet"], "idp": "lucid-gateway", "sub": "bench", "role": role,
        "perms": list(perms), "scope": "all", "rid": str(uuid.uuid4()),
        "htm": method, "htu": path, "bh": b64(hashlib.sha256(body).digest()), "iat": now, "exp": now + 20,
    }
    signing = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    return signing + "." + b64(hmac.new(secret, signing.encode(), hashlib.sha256).digest())


def recipient() -> str:
    # A random valid TRON address: 0x41 + 20 random bytes, Base58Check.
    payload = b"\x41" + uuid.uuid4().bytes + uuid.uuid4().bytes[:4]
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(payload + check, "big")
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = alphabet[r] + out
    return out


class Client:
    def __init__(self, url: str, kid: str, secret: bytes):
        u = urllib.parse.urlparse(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        self.kid, self.secret = kid, secret

    def prepare(self, path: str, payload: dict, key: str) -> tuple[str, bytes, dict]:
        """A request ready to send: its body and headers, the assertion signed over the body."""
        body = json.dumps(payload).encode()
        headers = {
            "Content-Type": "application/json", "Idempotency-Key": key,
            "Lucid-Assertion": assertion(self.kid, self.secret, "POST", path, body),
        }
        return path, body, headers

    def send(self, request: tuple[str, bytes, dict]) -> tuple[int, dict]:
        path, body, headers = request
        self.conn.request("POST", path, body=body, headers=headers)
        r = self.conn.getresponse()
        return r.status, json.loads(r.read() or b"null")

    def post(self, path: str, payload: dict, key: str) -> tuple[int, dict]:
        return self.send(self.prepare(path, payload, key))


def ledger_count(admin: str) -> int:
    u = urllib.parse.urlparse(admin)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    c.request("GET", "/admin/status")
    return json.loads(c.getresponse().read())["transfers"]


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("wallet")
    ap.add_argument("admin")
    ap.add_argument("key")
    ap.add_argument("--singles", type=int, default=500)
    ap.add_argument("--payouts", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=4)
    a = ap.parse_args()
    kid, hexsecret = a.key.split(":", 1)
    secret = bytes.fromhex(hexsecret)

    # 1. Accept latency: one payout per request, one client, keep-alive.
    c = Client(a.wallet, kid, secret)
    lat = []
    for i in range(a.singles):
        t = time.perf_counter()
        status, _ = c.post("/api/v1/payouts", {"recipient_address": recipient(), "amount_usdt": "0.01"}, f"s-{uuid.uuid4()}")
        lat.append((time.perf_counter() - t) * 1000)
        assert status == 201, status
    base = ledger_count(a.admin)
    while ledger_count(a.admin) < a.singles:
        time.sleep(0.05)

    # 2. Throughput: batches of 100 from K clients; acceptance → on chain (broadcast + next block).
    # Bodies and assertions are prepared before the clock starts, so the generator's own work
    # (Base58 addresses, JSON, HMAC in Python) does not compete with the servers for the two cores.
    per_client = a.payouts // a.clients // 100
    accepted_at = []
    clients = [Client(a.wallet, kid, secret) for _ in range(a.clients)]
    prepared = [
        [
            cl.prepare(
                "/api/v1/payouts/batch",
                {"items": [{"recipient_address": recipient(), "amount_usdt": "0.01"} for _ in range(100)]},
                f"b-{uuid.uuid4()}",
            )
            for _ in range(per_client)
        ]
        for cl in clients
    ]

    prepared_at = time.time()

    def worker(cl: Client, requests: list) -> None:
        for request in requests:
            if time.time() - prepared_at > 15:  # assertions live 20 s: re-sign on a very long run
                path, body, headers = request
                request = cl.prepare(path, json.loads(body), headers["Idempotency-Key"])
            status, _ = cl.send(request)
            assert status == 201, status
        accepted_at.append(time.perf_counter())

    total = per_client * a.clients * 100
    base = ledger_count(a.admin)
    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(cl, reqs)) for cl, reqs in zip(clients, prepared)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    t_accept = max(accepted_at) - t0
    while ledger_count(a.admin) - base < total:
        time.sleep(0.05)
    t_chain = time.perf_counter() - t0

    accept_rate = total / t_accept
    chain_rate = total / t_chain
    print(f"accept latency (single create, n={a.singles}): p50 {statistics.median(lat):.2f} ms, p99 {pct(lat, 99):.2f} ms")
    print(f"accepted: {total} payouts in {t_accept:.2f} s = {accept_rate:.0f} payouts/s (batches of 100, {a.clients} clients)")
    print(f"acceptance -> broadcast and in a block: {total} payouts in {t_chain:.2f} s = {chain_rate:.0f} payouts/s")
    print(f"ratio to the {GOAL:.0f} payouts/s goal: {chain_rate / GOAL:.2f}x")


if __name__ == "__main__":
    main()
