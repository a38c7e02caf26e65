#!/usr/bin/env bash
# Installs everything the build, `make dev` and `make test` need on a Debian 12 machine.
# Idempotent: packages already present are not reinstalled, and apt's lists are refreshed only
# when something is missing. Needs root (or sudo) only when it has something to install.
set -euo pipefail

apt_packages=(
  pkg-config
  libsecp256k1-dev   # secp256k1 signing/recovery (CSecp256k1)
  libsqlite3-dev     # SQLite store (GRDB)
  microsocks         # real SOCKS5 server for the proxy tests
  nginx-light        # real TLS front for the node client's https test
  openssl            # makes that test's CA and certificates
  python3-venv       # isolated venv for the Python compatibility checks
  tor                # the shipped torrc's check and the private Tor network (tor, tor-gencert)
  curl               # HTTP through SOCKS in the Tor end-to-end run and the browser check
  prometheus         # promtool: checks and unit-tests the alert rules under deploy/
  chromium           # headless browser check of /admin and /docs with JavaScript off
  fonts-dejavu-core  # a font for those screenshots
  systemd            # systemd-analyze: verify and security-score the units under deploy/systemd
  libstdc++-12-dev   # libstdc++.a: make release links it statically
)

# Extra packages (the benchmarks' peers) can be named as arguments.
apt_packages+=("$@")

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: the Swift 6.3 toolchain is required (swift not found on PATH)" >&2
  exit 1
fi
