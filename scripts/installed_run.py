#!/usr/bin/env python3
"""A payout end to end from an installed tree, each process started the way its systemd unit says.

    installed_run.py PREFIX WORKDIR

systemd cannot start services on this machine, so this reads each installed unit and does what
systemd would: the Environment= lines, then the EnvironmentFile= (which wins), every LoadCredential=
copied into a private credentials directory (0700, files 0400) named by CREDENTIALS_DIRECTORY, the
WorkingDirectory= and ExecStart=, and for Type=notify a NOTIFY_SOCKET on which the process must say
READY=1. The operator's part is done as docs/operations.md describes: secrets into
PREFIX/etc/lucid/credentials, settings into PREFIX/etc/lucid/*.env (here: the devnet; the development
profile for the wallet, which production would hold to mainnet; the production profile for the
gateway, whose checks the unit's credentials and paths must pass). Then a service account gets a
token through the gateway, a payout is created, and it must be confirmed and on the devnet's chain
exactly once.
"""
import base64, json, os, shutil, socket, subprocess, sys, time, urllib.request, uuid

prefix, work = sys.argv[1], sys.argv[2]
ONION = "aaaqeayeaudaocajbifqydiob4ibceqtcqkrmfyydenbwha5dyp3kead.onion"  # stands in for tor's hostname file
bin_dir = f"{prefix}/opt/lucid/current/bin"
procs = []


def fail(message):
    print(f"installed-run: FAIL: {message}", file=sys.stderr)
    for log in sorted(os.listdir(work)):
        if log.endswith(".log"):
            print(f"--- {log}", file=sys.stderr)
            print(open(os.path.join(work, log), errors="replace").read()[-3000:], file=sys.stderr)
    stop()
    sys.exit(1)


def stop():
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tool(*args):
    r = subprocess.run([f"{bin_dir}/lucidctl", *args], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"lucidctl {' '.join(args)}: {r.stderr}")
    return r.stdout


def secret(path, text):
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, text.encode())
    os.close(fd)


def unit(name):
    """The [Service] settings of an installed unit: each key to its list of values."""
    settings, section = {}, None
    for line in open(f"{prefix}/etc/systemd/system/{name}"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line
            continue
        if section == "[Service]":
            key, _, value = line.partition("=")
            settings.setdefault(key, []).append(value)
    return settings


def start(name):
    u = unit(name)
    env = {"PATH": os.environ["PATH"]}
    for e in u.get("Environment", []):
        k, _, v = e.partition("=")
        env[k] = v
    for f in u.get("EnvironmentFile", []):
        for line in open(f):
            line = line.strip()
            if line and not line.startswith("#"):
                k, _, v = line.partition("=")
                env[k] = v
    creds = os.path.join(work, f"credentials-{name}")
    os.makedirs(creds, mode=0o700)
    for c in u.get("LoadCredential", []):
        cid, _, path = c.partition(":")
        shutil.copyfile(path, os.path.join(creds, cid))
        os.chmod(os.path.join(creds, cid), 0o400)
    env["CREDENTIALS_DIRECTORY"] = creds
    notify = os.path.join(work, f"notify-{name}")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(notify)
    sock.settimeout(0.5)
    env["NOTIFY_SOCKET"] = notify
    log = open(os.path.join(work, f"{name}.log"), "w")
    p = subprocess.Popen(u["ExecStart"][0].split(), cwd=u["WorkingDirectory"][0], env=env, stdout=log, stderr=log)
    procs.append(p)
    deadline = time.time() + 120
    while time.time() < deadline:
        if p.poll() is not None:
            fail(f"{name} exited with {p.returncode}")
        try:
            if b"READY=1" in sock.recv(4096).split(b"\n"):
                print(f"installed-run: {name} started from {u['ExecStart'][0]} and sent READY=1")
                return
        except socket.timeout:
            pass
    fail(f"{name} did not send READY=1 within 120 s")


def http(method, url, body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


# The chain: the installed tron-devnet with one funded account.
devnet_port, devnet_admin = free_port(), free_port()
devnet_log = open(os.path.join(work, "devnet.log"), "w")
procs.append(subprocess.Popen(
    [f"{bin_dir}/tron-devnet", "--port", str(devnet_port), "--admin-port", str(devnet_admin), "--block-ms", "300",
     "--solid-lag", "2", "--dev-accounts", "1", "--dev-key-dir", work], stdout=devnet_log, stderr=devnet_log))
deadline = time.time() + 60
while '"event":"ready"' not in open(os.path.join(work, "devnet.log")).read():
    if time.time() > deadline:
        fail("tron-devnet did not start")
    time.sleep(0.1)

# The operator's part: secrets as credentials, settings in the env files.
creds = f"{prefix}/etc/lucid/credentials"
secret(f"{creds}/wallet/keystore-password", "installed keystore password\n")
tool("keystore", "import", "--keystore", f"{creds}/wallet/keystore.json", "--password-file",
     f"{creds}/wallet/keystore-password", "--private-key-file", os.path.join(work, "dev-account-0.key"),
     "--scrypt-n", "16384")
secret(f"{creds}/assertion-key", "k1:" + os.urandom(32).hex() + "\n")
tool("token", "keygen", "--out", f"{creds}/gateway/signing-key.pem")
secret(f"{prefix}/var/lib/tor/lucid-gateway/hostname", ONION + "\n")
account = json.loads(tool("service-account", "add", "--role", "service", "--file",
                          f"{prefix}/var/lib/lucid-gateway/service-accounts.json"))
wallet_port, gateway_port, metrics_port, proxy_port = free_port(), free_port(), free_port(), free_port()
with open(f"{prefix}/etc/lucid/wallet.env", "w") as f:
    f.write(f"LUCID_PROFILE=development\nTRON_NETWORK=devnet\nTRON_FULLNODE_URL=http://127.0.0.1:{devnet_port}\n"
            f"LUCID_WALLET_HOST=127.0.0.1\nLUCID_WALLET_PORT={wallet_port}\nCONFIRMATION_POLL_MS=300\n")
with open(f"{prefix}/etc/lucid/gateway.env", "w") as f:
    # The gateway in its production profile: the unit's credentials and paths must satisfy it.
    f.write(f"LUCID_PROFILE=production\nLUCID_GATEWAY_PORT={gateway_port}\nLUCID_GATEWAY_METRICS_PORT={metrics_port}\n"
            f"LUCID_GATEWAY_PROXY_PORT={proxy_port}\nLUCID_WALLET_URL=http://127.0.0.1:{wallet_port}\n"
            f"LUCID_ALLOWED_HOSTS={ONION},127.0.0.1\n")

start("lucid-wallet.service")
start("lucid-gateway.service")

# A payout through the gateway, as an integrator's service would make it.
gw = f"http://127.0.0.1:{gateway_port}"
basic = base64.b64encode(f"{account['client_id']}:{account['client_secret']}".encode()).decode()
status, token = http("POST", f"{gw}/auth/token", b"grant_type=client_credentials",
                     {"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"})
if status != 200:
    fail(f"token: {status} {token}")
auth = {"Authorization": f"Bearer {token['access_token']}"}
recipient = json.loads(subprocess.run([f"{bin_dir}/lucidctl", "tron", "address", "--private-key-file", "-"],
                                      input="%064x" % 7, capture_output=True, text=True).stdout)["base58"]
status, payout = http("POST", f"{gw}/api/v1/payouts",
                      json.dumps({"recipient_address": recipient, "amount_usdt": "12.5"}).encode(),
                      {**auth, "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
if status != 201:
    fail(f"create payout: {status} {payout}")
deadline = time.time() + 120
while True:
    status, p = http("GET", f"{gw}/api/v1/payouts/{payout['id']}", headers=auth)
    if status == 200 and p["status"] == "confirmed":
        break
    if status != 200 or p["status"] in ("failed", "rejected", "cancelled") or time.time() > deadline:
        fail(f"payout {payout['id']}: {status} {p}")
    time.sleep(0.3)
with urllib.request.urlopen(f"http://127.0.0.1:{devnet_admin}/admin/ledger", timeout=10) as r:
    paid = [t for t in json.loads(r.read())["transfers"] if t.get("memo") == payout["id"]]
if len(paid) != 1 or paid[0]["amount"] != "12500000" or paid[0]["result"] != "SUCCESS":
    fail(f"the chain shows {paid} for {payout['id']}")
print(f"installed-run: payout {payout['id']} confirmed; on chain once ({paid[0]['txid']})")
stop()
