"""Cross-checks lucidctl's keystores with eth-keyfile (PyPI), an independent Web3 Secret Storage
implementation: files made by each side must open on the other, and a wrong password must fail.

Usage: keystore_check.py LUCIDCTL WORKDIR
"""
import json
import os
import subprocess
import sys

import eth_keyfile
from eth_keys import keys

lucidctl, work = sys.argv[1], sys.argv[2]


def run(*args, ok=True):
    p = subprocess.run([lucidctl, *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        sys.exit(f"lucidctl {' '.join(args)} failed: {p.stderr}")
    if not ok and p.returncode == 0:
        sys.exit(f"lucidctl {' '.join(args)} succeeded but should have failed")
    return p


def write(name, data, mode="w"):
    path = os.path.join(work, name)
    with open(path, mode) as f:
        f.write(data)
    return path


def tron_hex(private_key: bytes) -> str:
    return "41" + keys.PrivateKey(private_key).public_key.to_canonical_address().hex()


password = write("password", "correct horse battery staple\n")
raw_password = b"correct horse battery staple"

# 1. eth-keyfile writes (scrypt and pbkdf2), lucidctl decrypts to the same address.
for kdf, iterations in (("scrypt", 1 << 14), ("pbkdf2", 20000)):
    key = os.urandom(32)
    made = eth_keyfile.create_keyfile_json(key, raw_password, kdf=kdf, iterations=iterations)
    path = write(f"eth-{kdf}.json", json.dumps(made))
    out = json.loads(run("keystore", "address", "--keystore", path, "--password-file", password).stdout)
    assert out["hex"] == tron_hex(key) and out["decrypted"], (kdf, out)
    print(f"eth-keyfile {kdf} keystore opened by lucidctl: {out['base58']}")

# 2. lucidctl imports a known key; eth-keyfile decrypts it back.
key = os.urandom(32)
key_file = write("key.hex", key.hex() + "\n")
imported = os.path.join(work, "imported.json")
out = json.loads(run("keystore", "import", "--keystore", imported, "--password-file", password,
                     "--private-key-file", key_file, "--scrypt-n", "16384").stdout)
assert eth_keyfile.extract_key_from_keyfile(imported, raw_password) == key
assert out["hex"] == tron_hex(key)
print("lucidctl keystore opened by eth-keyfile: same key")

# 3. lucidctl new + change-password; eth-keyfile opens it with the new password only.
created = os.path.join(work, "new.json")
out = json.loads(run("keystore", "new", "--keystore", created, "--password-file", password,
                     "--scrypt-n", "16384").stdout)
new_password = write("new-password", "another one")
run("keystore", "change-password", "--keystore", created, "--password-file", password,
    "--new-password-file", new_password, "--scrypt-n", "16384")
reopened = eth_keyfile.extract_key_from_keyfile(created, b"another one")
assert tron_hex(reopened) == out["hex"]
try:
    eth_keyfile.extract_key_from_keyfile(created, raw_password)
    sys.exit("the old password still opens the keystore")
except ValueError:
    pass
assert oct(os.stat(created).st_mode & 0o777) == "0o600"
print("change-password: eth-keyfile opens it with the new password only")

# 4. A wrong password is a clean error, never a key.
p = run("keystore", "address", "--keystore", created, "--password-file", password, ok=False)
assert "wrong password" in p.stderr and p.returncode == 1, p.stderr
print("wrong password refused:", p.stderr.strip())
